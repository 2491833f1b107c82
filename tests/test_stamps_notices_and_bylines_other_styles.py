"""Stamps, notices and bylines in the forms outlets abroad print them: an update stamp after a reading time
('3 min read Last Updated : Jul 02 2025') is not the publication date when a 'First Published' line is
there; a Japanese publisher's notice before its word ('日刊工業新聞社 Copyright 2025') names the paper the masthead
prints; a Chinese-language byline ('經濟日報 記者陳冠廷／台北即時報導') and a print-edition note in other languages
('Een versie van dit artikel verscheen ook in de krant van ...') are chrome."""

from __future__ import annotations

from searchnews.article import RawDocument
from searchnews.extract.run import extract_article

HEADLINE = "Ministry widens review of component imports to batteries"
STORY = (
    "The ministry said it would widen the review of component imports to cover batteries and solar modules, "
    "after a months-long consultation with manufacturers.\n\n"
    "Officials expect the first decisions before the end of the year, the ministry said in a statement.\n\n"
    "Industry groups welcomed the timetable but asked for clearer rules on what counts as local assembly.\n"
)


def article(text: str):
    return extract_article(RawDocument("a.txt", "a.txt", text, "text"))


def test_an_update_stamp_after_a_reading_time_is_not_the_publication_date():
    header = "3 min read Last Updated : Jul 02 2025 | 11:47 AM IST\nFirst Published : Jun 30 2025 | 7:05 PM IST\n"
    assert article(f"{HEADLINE}\n{header}\n{STORY}").date == "2025-06-30"
    # alone, the update is the only date there is
    assert article(f"{HEADLINE}\n3 min read Last Updated : Jul 02 2025 | 11:47 AM IST\n\n{STORY}").date == "2025-07-02"


def test_a_japanese_publisher_notice_names_the_paper_its_masthead_prints():
    text = f"湾岸経済新聞 電子版\n{HEADLINE}\n\n{STORY}\n湾岸経済新聞社 Copyright 2025\n"
    assert article(text).source == "湾岸経済新聞"


def test_chinese_bylines_and_print_notes_in_other_languages_are_removed():
    chrome = ["經濟日報 記者陳冠廷／台北即時報導", "本报记者 王芳 北京报道",
              "Een versie van dit artikel verscheen ook in de krant van 14 oktober 2025",
              "A version of this article appears in print on Oct. 3, 2025, Section B, Page 1"]
    found = article(f"{HEADLINE}\n{chrome[0]}\n{chrome[1]}\n\n{STORY}\n{chrome[2]}\n{chrome[3]}\n")
    assert not any(line in found.body for line in chrome)
    # a story sentence about reporters is kept
    story = STORY + "\n记者表示，这一政策将在明年实施并影响出口企业的报道。\n"
    assert "记者表示" in article(f"{HEADLINE}\n\n{story}").body
