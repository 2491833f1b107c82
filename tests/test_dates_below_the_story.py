"""Dates a copy prints after its story: a broadcaster's lone time stamp under the text, a notice signed
'Hong Kong, 21 August 2024', an answer's 'Published on 2024-07-03 21:18 · IP location: Anhui', and an agency
dateline closed by its name without a dash ('Taipei, Dec. 5 (CNA) Taiwan's ...'). One such date dates the
article; several (comments, other stories) date nothing; a day in the file's path is stronger and stands."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from searchnews.article import RawDocument
from searchnews.extract.run import extract_article

HEADLINE = "Ministry widens review of component imports to batteries"
STORY = (
    "The ministry said it would widen the review of component imports to cover batteries and solar modules, "
    "after a months-long consultation with manufacturers.\n\n"
    "Officials expect the first decisions before the end of the year, the ministry said in a statement.\n\n"
    "Industry groups welcomed the timetable but asked for clearer rules on what counts as local assembly.\n\n"
    "Importers said the review would add weeks to customs clearance for modules already on their way.\n\n"
    "The ministry said it would publish a list of the products covered before the rules take effect.\n\n"
    "Analysts said the change mattered most for assemblers that buy cells abroad and finish them at home.\n"
)
MONTHS = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec."]
LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]


def date_of(text: str, path: str = "note.txt") -> str | None:
    return extract_article(RawDocument(path, path, text, "text")).date


def random_days(seed: int, count: int) -> list[date]:
    rng = random.Random(seed)
    return [date(2019, 1, 1) + timedelta(days=rng.randrange(2500)) for _ in range(count)]


@pytest.mark.parametrize("seed", range(4))
def test_a_lone_stamp_below_the_story_dates_it(seed):
    for day in random_days(seed, 5):
        stamp = f"{MONTHS[day.month - 1]} {day.day}, {day.year} 17:45 JST"
        assert date_of(f"{HEADLINE}\n\n{STORY}\n{stamp}\n") == day.isoformat(), stamp


@pytest.mark.parametrize("seed", range(4))
def test_a_notice_signed_with_place_and_day_is_dated_that_day(seed):
    for day in random_days(seed, 5):
        signed = f"Hong Kong, {day.day} {LONG_MONTHS[day.month - 1]} {day.year}"
        assert date_of(f"{HEADLINE}\n\n{STORY}\n{signed}\n\nBy order of the Board\n") == day.isoformat(), signed


def test_several_dates_below_the_story_date_nothing():
    first, second = random_days(7, 2)
    below = "\n".join(f"{MONTHS[d.month - 1]} {d.day}, {d.year} 09:00 JST" for d in (first, second))
    assert date_of(f"{HEADLINE}\n\n{STORY}\n{below}\n") is None


def test_a_day_in_the_path_stands_over_a_stamp_below_the_story():
    stamp_day, path_day = random_days(11, 2)
    stamp = f"{MONTHS[stamp_day.month - 1]} {stamp_day.day}, {stamp_day.year} 17:45 JST"
    assert date_of(f"{HEADLINE}\n\n{STORY}\n{stamp}\n", f"{path_day.isoformat()}-note.txt") == path_day.isoformat()


def test_a_labelled_publication_stamp_kept_below_an_answer_dates_it():
    text = (f"{HEADLINE}\n\n{STORY}\nPublished on 2024-07-03 21:18 · IP location: Anhui\n"
            "Edited on 2024-07-05\n")
    assert date_of(text) == "2024-07-03"


def test_an_agency_dateline_without_a_dash_gives_month_and_day():
    story = "Taipei, Dec. 5 (CNA) Taiwan's economy ministry said Thursday it would tighten the rules.\n\n" + STORY
    assert date_of(f"{HEADLINE}\n\n{story}\n© 2024 Focus Taiwan\n") == "2024-12-05"
    # a bracket inside a sentence after a date is no dateline
    prose = "Tokyo, June 4 (the day of the vote) Officials said little.\n\n" + STORY
    assert date_of(f"{HEADLINE}\n\n{prose}") is None
