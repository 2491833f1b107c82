"""Cookie banners and previous/next-article links in the languages of the pages users save are chrome; story
sentences that mention cookies or a previous article are kept."""

from __future__ import annotations

import pytest

from searchnews.extract.clean import boilerplate_patterns, clean_text

HEADLINE = "Volkswagen lässt China-Modelle künftig von Xpeng entwickeln"
STORY = [
    "Volkswagen will die Elektronik seiner China-Modelle künftig gemeinsam mit Xpeng entwickeln, teilte der "
    "Konzern am Freitag in Wolfsburg mit, ohne finanzielle Details zu nennen.",
    "Die ersten Fahrzeuge auf der neuen Architektur sollen 2027 in Hefei vom Band laufen, sagte ein Sprecher. "
    "Analysten erwarten deutlich niedrigere Kosten pro Fahrzeug.",
    "Der Konzern hatte im vergangenen Jahr bereits 700 Millionen Dollar in Xpeng investiert und hält seither "
    "knapp fünf Prozent an dem Unternehmen aus Guangzhou.",
]
BANNERS = [
    "Wir verwenden Cookies und ähnliche Technologien. Mit „Zustimmen“ erlauben Sie die Verarbeitung Ihrer Daten.",
    "Nous utilisons des cookies pour améliorer votre expérience et mesurer l'audience de notre site.",
    "Utilizamos cookies propias y de terceros para mejorar nuestros servicios y mostrarle publicidad.",
    "本网站使用cookie来改善您的浏览体验。了解更多",
]
LINKS = ["上一篇：港交所上半年純利創新高", "下一篇：比亞迪七月海外銷量增逾一倍", "前の記事：トヨタ、中国での新型EV販売が好調",
         "Next article: Xiaomi raises EV delivery target", "この記事を読んだ人はこんな記事も読んでいます"]
KEPT = [
    "Die Datenschützer kritisierten, dass Händler Cookies ohne Zustimmung setzen, und kündigten Prüfungen an, "
    "sagte die Behörde am Donnerstag.",
    "In a previous article on the subject, the ministry said it would publish the rules by the end of the year, "
    "officials told reporters.",
]


def page(top: list[str], bottom: list[str]) -> str:
    return "\n\n".join([*top, HEADLINE, *STORY, *bottom]) + "\n"


@pytest.mark.parametrize("banner", BANNERS)
def test_a_cookie_banner_in_another_language_is_removed_and_not_the_title(banner):
    cleaned = clean_text(page([banner], []), boilerplate_patterns())
    assert banner not in cleaned.paragraphs
    assert cleaned.title == HEADLINE


@pytest.mark.parametrize("link", LINKS)
def test_previous_and_next_article_links_are_removed(link):
    assert link not in clean_text(page([], [link]), boilerplate_patterns()).paragraphs


@pytest.mark.parametrize("line", KEPT)
def test_story_sentences_about_cookies_or_earlier_articles_are_kept(line):
    text = "\n\n".join([HEADLINE, STORY[0], line, *STORY[1:]]) + "\n"
    assert line in clean_text(text, boilerplate_patterns()).paragraphs
