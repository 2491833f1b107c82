"""A block of table-shaped lines is judged within its document (extract/table_rows.py): a story's data table
stays whatever the line model thinks of its shape; an app's counters and a record's fields are judged, and
removed with a reason `clean` shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchnews.extract.clean import boilerplate_patterns, clean_text
from searchnews.extract.table_rows import block_verdict, is_field, story_table_rows, story_words, table_blocks

FIXTURES = Path(__file__).parent / "fixtures" / "tables"


def cleaned(name: str):
    return clean_text((FIXTURES / name).read_text(encoding="utf-8"), boilerplate_patterns(None))


def test_a_table_of_figures_in_columns_under_the_story_is_kept():
    result = cleaned("wheat_table.txt")
    for row in (
        "New South Wales 3.4 3.9 4.1",
        "Victoria 1.4 1.5 1.5",
        "Queensland 0.9 1.2 1.3",
        "Western Australia 4.6 4.6 4.8",
    ):
        assert row in result.paragraphs


def test_an_apps_counters_and_a_records_fields_under_the_story_are_removed_and_clean_says_why():
    result = cleaned("app_counters.txt")
    removed = {line.text: line.reason for line in result.removed}
    for chrome in ("WC 588 words", "Load-Date: October 22, 2024"):
        assert chrome not in result.paragraphs
        assert "not the story's table" in removed[chrome]
    assert (
        "The schedule raises berthing fees for the largest container ships by about a tenth, the ministry said."
        in result.paragraphs
    )


def entries_of(lines: list[str]) -> list[list]:
    return [[line, None, index > 0] for index, line in enumerate(lines)]


STORY = (
    "The company said quarterly revenue rose on strong demand for its pumps in Europe and Asia, and it expects "
    "more orders."
)


@pytest.mark.parametrize(
    "rows",
    [
        ["Shr loss five cts", "Net loss 753,000", "Revs 8,932,000", "Avg shrs 16.0 mln"],  # an earnings table, no 'vs'
        ["Qtly div 12 cts vs 12 cts prior"],  # a figure against a figure
        ["5 Carlos Moya (Spain)", "6 Tim Henman (Britain)", "7 Guillermo Coria (Argentina)"],  # a ranking
    ],
)
def test_rows_of_figures_after_the_story_are_its_table(rows):
    entries = entries_of([STORY, *rows])
    assert story_table_rows(entries, (0, 0)) == set(range(1, len(rows) + 1))


@pytest.mark.parametrize(
    "rows",
    [
        ["WC 588 words", "Load-Date: May 21, 2024"],
        ["Priya Raman 10/9/2025 8:14 AM", "Marcus Lee 10/9/2025 8:15 AM", "Priya Raman 10/9/2025 8:16 AM"],  # a chat
        ["00:00 Intro", "01:12 The Big Fund III", "04:30 Huawei and SMIC"],  # a video's chapters
        ["Registration Number: 130349", "License for publishing multimedia online 0108263"],
    ],
)
def test_counters_stamps_and_fields_after_the_story_are_not_its_table(rows):
    entries = entries_of([STORY, *rows])
    entries[1][2] = False  # a blank line under the story: the block does not run on from its last paragraph
    span = (0, 0)
    assert table_blocks(entries, span)
    assert all(
        block_verdict(entries, block, span, story_words(entries, span)) is None for block in table_blocks(entries, span)
    )


def test_a_field_is_a_short_key_a_colon_and_a_value():
    assert is_field("Length: 547 words") and is_field("责任编辑：张三 10") and is_field("5 replies · 38 reposts")
    assert not is_field("Net loss 753,000") and not is_field("Revs 8,932,000")
