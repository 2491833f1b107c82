"""An 'Updated ...' stamp comes after publication: stronger evidence of the publication day wins over it."""

from __future__ import annotations

import pytest

from searchnews.extract.dates import find_date_with_evidence

STORY = ["Indonesia and Vietnam are competing to lure battery makers with tax holidays, officials said on Monday."]


@pytest.mark.parametrize("stamp", ["UPDATED Jun 04, 2025, 09:12 AM", "Last updated: June 4, 2025", "Modified June 4, 2025"])
def test_an_update_stamp_loses_to_the_day_in_the_path(stamp: str) -> None:
    found, evidence = find_date_with_evidence(None, [stamp], STORY, [stamp], "2025/06/03/battery-makers.txt")
    assert found == "2025-06-03"
    assert "path" in evidence


def test_an_update_stamp_is_the_date_when_nothing_else_dates_the_story() -> None:
    stamp = "UPDATED Jun 04, 2025, 09:12 AM"
    assert find_date_with_evidence(None, [stamp], STORY, [stamp], "battery-makers.txt")[0] == "2025-06-04"


def test_a_published_line_still_beats_the_path() -> None:
    lines = ["Published June 2, 2025", "Updated June 4, 2025"]
    assert find_date_with_evidence(None, lines, STORY, lines, "2025/06/03/battery-makers.txt")[0] == "2025-06-02"
