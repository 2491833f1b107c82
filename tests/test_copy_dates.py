"""Issue 12 (unseen outlet styles): a date that stamps the copy or a span of time is not the publication
date: when a note was written or clipped ('Date of writing:', 'created:'), a capture range ('12 Feb 2025 -
30 Sep 2025'), an 'Edited on' stamp; a 'Release date:' line is a date line."""

from __future__ import annotations

import pytest

from searchnews.extract.dates import find_date_with_evidence, is_date_span, parse_date_line

LEAD = ["The regulator said on Monday that platforms would have to publish their fee schedules."]


@pytest.mark.parametrize("stamp", ["Date of writing: March 08, 2024", "created: 2024-03-08", "Clipped on March 8, 2024",
                                   "Written on March 8, 2024"])
def test_the_day_a_note_was_written_or_clipped_is_not_the_publication_date(stamp):
    assert find_date_with_evidence(None, [stamp, "Release date: March 12, 2024"], LEAD, [])[0] == "2024-03-12"
    assert find_date_with_evidence(None, [stamp], LEAD, [])[0] is None


def test_a_release_line_is_a_date_line():
    assert parse_date_line("Release date: March 12, 2024") == "2024-03-12"
    assert parse_date_line("Released: 12 March 2024") == "2024-03-12"


@pytest.mark.parametrize("line", ["12 Feb 2025 - 30 Sep 2025", "March 1, 2024 to March 3, 2024", "2024-05-01 – 2024-06-01"])
def test_a_span_of_two_dates_dates_no_publication(line):
    assert is_date_span(line)
    assert find_date_with_evidence(None, [line, "11 Feb 2025"], LEAD, [])[0] == "2025-02-11"


def test_one_date_with_a_clock_time_is_no_span():
    assert not is_date_span("12 Feb 2025 - 10:30 GMT") and not is_date_span("Published 12 Feb 2025")


def test_an_edit_stamp_gives_way_to_the_publication_date():
    assert find_date_with_evidence(None, ["Edited on 2024-07-05", "2024-07-03"], LEAD, [])[0] == "2024-07-03"
