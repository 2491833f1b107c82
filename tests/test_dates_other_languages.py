"""Date lines as Asian and European sites print them: month and weekday names in other languages (CLDR),
'2025.09.30', Vietnamese 'ngày 7 tháng 10 năm 2025', era years (令和7年, 民國114年), and a line carrying both an
update and a publication stamp. An everyday word that only looks like a foreign month makes no date."""

from __future__ import annotations

import pytest

from searchnews.article import RawDocument
from searchnews.extract.run import extract_article

STORY = ("The ministry said on Tuesday it would widen the review of component imports to cover batteries and "
         "solar modules, after a months-long consultation with manufacturers.\n\n"
         "Officials expect the first decisions before the end of the year, the ministry said in a statement.\n")
HEADLINE = "Ministry widens review of component imports"


def date_of(date_line: str) -> str | None:
    text = f"{HEADLINE}\n{date_line}\n\n{STORY}"
    return extract_article(RawDocument("a.txt", "a.txt", text, "text")).date


@pytest.mark.parametrize(("line", "expected"), [
    ("Selasa, 7 Oktober 2025 | 14:05 WIB", "2025-10-07"),
    ("Diterbitkan 07 Okt 2025 10:12", "2025-10-07"),
    ("Dienstag, 7. Oktober 2025", "2025-10-07"),
    ("12 de marzo de 2025", "2025-03-12"),
    ("publié le 3 août 2025", "2025-08-03"),
    ("입력 2025.09.30 15:42", "2025-09-30"),
    ("ngày 7 tháng 10 năm 2025", "2025-10-07"),
    ("令和7年9月12日 東京朝刊", "2025-09-12"),
    ("平成31年4月1日", "2019-04-01"),
    ("民國114年10月15日", "2025-10-15"),
    ("Updated 09 Oct 2025 | Published 08 Oct 2025", "2025-10-08"),
    ("Diperbarui 09 Okt 2025 · Diterbitkan 08 Okt 2025", "2025-10-08"),
])
def test_a_date_line_in_another_language_or_calendar_dates_the_article(line, expected):
    assert date_of(line) == expected


def test_an_english_word_that_abbreviates_a_foreign_month_makes_no_date():
    # 'out.', 'set.', 'mag' abbreviate October, September and May in Portuguese and Italian: left out of the table
    assert date_of("Out 3, 2025") is None
    assert date_of("Set 12, 2025 | Mag 7, 2025") is None


def test_a_wire_dateline_still_needs_an_english_month():
    text = f"{HEADLINE}\n\nJAKARTA, Okt 7 (Harbour Wire) - {STORY}"
    assert extract_article(RawDocument("a.txt", "a.txt", text, "text")).date is None


def test_a_month_first_date_in_another_language_dates_the_article():
    assert date_of("Maret 30, 2015") == "2015-03-30"
    assert date_of("Posted on Oktober 7, 2025 by admin") == "2025-10-07"
