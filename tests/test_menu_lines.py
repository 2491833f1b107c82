"""Menu bars copied as text ('Home  World  Business') are chrome, never the title; a headline over
its source's bare host ('wired.com') stays the headline, not 'headline wired.com'."""

from __future__ import annotations

import pytest

from searchnews.article import RawDocument
from searchnews.extract.clean import is_spaced_menu
from searchnews.extract.run import extract_article

STORY = (
    "The ministry said on Tuesday it would widen the review of component imports to cover batteries and "
    "solar modules, after a months-long consultation with manufacturers.\n\n"
    "Officials expect the first decisions before the end of the year, the ministry said in a statement.\n\n"
    "Industry groups welcomed the timetable but asked for clearer rules on what counts as local assembly.\n"
)


def article(text: str):
    return extract_article(RawDocument("a.txt", "a.txt", text, "text"))


@pytest.mark.parametrize("line", [
    "Home  World  Business  Tech  Opinion",
    "首页  下载头条  发布作品  登录",
    "Thời sự  Thế giới  Pháp luật  Kinh doanh",
    "My List\tArchive\tFavorites",
])
def test_a_menu_bar_with_wide_gaps_is_a_menu(line):
    assert is_spaced_menu(line)


@pytest.mark.parametrize("line", [
    "Home World Business Tech",  # single spaces: could be a headline
    "Net profit  1,545,160  vs  2,188,933",  # figures in the cells: a table row
    "Home  World",  # two items
    "WHEAT  HRW  HRS  SRW  DURUM",  # the column heads of a wire table
    "volume  open  change",
    "Exports  Nil  Nil  Nil",  # a table row with empty cells
    "The ministry said.  It would act.  Soon.",  # sentences
])
def test_prose_tables_and_short_pairs_are_no_menu(line):
    assert not is_spaced_menu(line)


@pytest.mark.parametrize("menu", ["Home  World  Business  Tech  Opinion", "首页  下载头条  发布作品  登录"])
def test_a_menu_above_the_headline_is_removed_and_never_the_title(menu):
    headline = "Ministry widens review of component imports to batteries"
    result = article(f"{menu}\n{headline}\n\n{STORY}")
    assert result.title == headline
    assert menu.split()[-1] not in result.body


def test_a_headline_over_its_source_host_is_not_joined_with_it():
    headline = "Inside the gray market that keeps the chips flowing"
    result = article(f"My List   Archive   Favorites\n{headline}\nexample-news.com\nJane Roe\n\n{STORY}")
    assert result.title == headline
