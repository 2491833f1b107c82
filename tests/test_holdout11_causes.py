"""Chrome of alert e-mails, licensed copies and Chinese portals that an eleventh blind holdout showed: each line
below is chrome, each story sentence next to it is kept, and a bar of fields is never joined to the line below."""

from __future__ import annotations

import pytest

from searchnews.extract.clean import boilerplate_patterns, clean_text

HEADLINE = "Regulator clears chip deal with supply conditions"
STORY = [
    "China's market regulator has conditionally cleared the acquisition, requiring the combined company to keep "
    "supplying Chinese customers on fair terms for five years, it said on Wednesday.",
    "The regulator also barred the merged group from enforcing exclusivity clauses in existing contracts, and "
    "required it to report to the authority every six months.",
    "The companies said in a statement they expected to close the deal within days and would comply fully.",
]
CHROME = [
    "You are receiving this alert because you follow: China antitrust; Semiconductors",
    "You are receiving this notification because you subscribed to deal updates.",
    "This intelligence is provided for the exclusive use of Meridian Asset Management and may not be redistributed.",
    "This report is intended solely for the internal use of the addressee.",
    "by Wen Liu in Hong Kong and Pieter de Graaf in Amsterdam",
    "By Jane Okafor in Lagos",
    "每经记者 蔡思远\u3000每经编辑 何小桃",
    "本报记者 王芳",
    "封面图片来源：每日经济新闻 资料图",
    "题图来源：视觉中国",
]
KEPT = [
    "The deal was provided for by a clause in the 2019 agreement, which the regulator said it would use "
    "in the review of the remedies, officials said.",
    "The report was intended for use by the ministry's planning staff, a person familiar with the matter said.",
    "记者从多位产业链人士处获悉，多家晶圆代工厂已陆续向部分客户发出调价通知。",
]


def page(line: str) -> str:
    return "\n\n".join([HEADLINE, STORY[0], line, *STORY[1:]]) + "\n"


@pytest.mark.parametrize("line", CHROME)
def test_alert_and_portal_chrome_is_removed(line):
    cleaned = clean_text(page(line), boilerplate_patterns())
    assert line not in cleaned.paragraphs
    assert all(paragraph in cleaned.paragraphs for paragraph in STORY)


@pytest.mark.parametrize("line", KEPT)
def test_story_sentences_like_them_are_kept(line):
    assert line in clean_text(page(line), boilerplate_patterns()).paragraphs


def test_a_bar_of_fields_is_not_joined_to_a_lower_case_line_below():
    fields = "Dominant geography: China | Other geographies: USA; Netherlands"
    byline = "by Wen Liu in Hong Kong and Pieter de Graaf in Amsterdam"
    text = "\n".join([HEADLINE, fields, byline, "", *(f"{paragraph}\n" for paragraph in STORY)])
    cleaned = clean_text(text, boilerplate_patterns())
    assert not any(byline in paragraph for paragraph in cleaned.paragraphs)
    assert all(paragraph in cleaned.paragraphs for paragraph in STORY)


@pytest.mark.parametrize(("other", "labelled"), [
    ("14 Jan 2026 07:31:12 UTC", "Published January 12 2026"),
    ("Wednesday, January 14, 2026 | Today's paper", "Published: 12 January 2026"),
    ("14.01.2026 07:31", "Veröffentlicht am 12.01.2026"),
    ("2026年1月14日 星期三", "发布时间：2026-01-12 09:30"),
])
def test_the_line_labelled_as_the_publication_date_beats_a_capture_or_masthead_date(other, labelled):
    from searchnews.extract.dates import find_date_with_evidence

    for lines in ([other, labelled], [labelled, other]):
        assert find_date_with_evidence(None, lines, STORY, lines)[0] == "2026-01-12"
