"""A saved copy's file name often names its site ('harbourlight_ev_rules.txt', '2025-06-01-harbourlight-...'):
it names the outlet when the page's chrome prints a name that spells it, never on its own, and never a
place or a stamp. Platforms (YouTube, WeChat, X) are an outlet only where the page is the platform's own,
never because a share bar or a topic label names them. An unknown fragment ('© Herald Corporation') is
completed by the known outlet the chrome names ('The Korea Herald')."""

from __future__ import annotations

import pytest

from searchnews.article import RawDocument
from searchnews.extract.run import extract_article

STORY = (
    "The ministry said on Tuesday it would widen the review of component imports to cover batteries and "
    "solar modules, after a months-long consultation with manufacturers.\n\n"
    "Officials expect the first decisions before the end of the year, the ministry said in a statement.\n\n"
    "Industry groups welcomed the timetable but asked for clearer rules on what counts as local assembly.\n"
)
HEADLINE = "Ministry widens review of component imports to batteries"


def source_of(path: str, text: str) -> str | None:
    return extract_article(RawDocument(path, path, text, "text")).source


@pytest.mark.parametrize("name", ["harbourlight_component_review.txt", "2025-06-01-harbourlight-component-review.txt",
                                  "20250601_harbour_light_component_review.md"])
def test_a_file_named_after_its_site_is_that_site_when_the_chrome_prints_the_name(name):
    text = f"Harbour Light | Home | Business | Tech\n{HEADLINE}\n\n{STORY}\nSign up for Harbour Light alerts\n"
    assert source_of(name, text) == "Harbour Light"
    assert source_of(name, f"{HEADLINE}\n\n{STORY}") is None  # the file name alone is no evidence


def test_a_slug_starting_with_a_country_or_a_stamp_names_no_outlet():
    menu = "Home | India | World | Business\n"
    assert source_of("india-widens-component-review.txt", f"{menu}{HEADLINE}\n\n{STORY}") is None
    assert source_of("DRAFT component review.txt", f"DRAFT\n{HEADLINE}\n\n{STORY}") is None


def test_a_story_company_in_the_slug_is_not_the_outlet():
    # the company is printed in the story, not in the chrome
    story = STORY.replace("The ministry said", "Norvale Batteries said")
    assert source_of("norvale-batteries-review.txt", f"{HEADLINE}\n\n{story}") is None


def test_a_share_bar_or_topic_label_naming_a_platform_is_not_the_outlet():
    text = f"TikTok\n{HEADLINE}\n\n{STORY}\nShare on Facebook | Share on X | WeChat\n"
    assert source_of("a.txt", text) is None


def test_a_platform_folder_or_file_name_names_the_platform():
    assert source_of("youtube/a.txt", f"{HEADLINE}\n\n{STORY}") == "YouTube"
    assert source_of("reddit_thread_component_review.txt", f"Reddit\n{HEADLINE}\n\n{STORY}") == "Reddit"


def test_a_fragment_of_a_known_outlet_is_completed_by_the_chrome():
    text = (f"The Korea Herald\n{HEADLINE}\n\n{STORY}\nMore articles from The Korea Herald\n"
            "Copyright © Herald Corporation. All rights reserved.\n")
    assert source_of("a.txt", text) == "The Korea Herald"


def test_a_folder_or_file_named_in_pinyin_names_the_outlet_printed_in_chinese():
    story = "商务部周二表示，将扩大对电池和光伏组件进口的审查范围。\n\n官员预计年底前作出首批决定。\n"
    text = f"海港日报 | 首页 | 财经\n商务部扩大零部件进口审查\n\n{story}\n版权所有 海港日报\n"
    assert source_of("haigangribao/a.txt", text) == "海港日报"
    assert source_of("haigang_component_review.txt", text) == "海港日报"  # the name's first half
    assert source_of("shangwubu/a.txt", text) == "shangwubu"  # only the chrome counts, not the story
