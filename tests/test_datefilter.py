"""--since/--until read the date column; they must select exactly what Whoosh's DateRange selects."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from conftest import write_corpus

from searchnews.engine.whoosh.datefilter import date_filter
from searchnews.engine.whoosh.schema import open_index

DATED = {
    f"wire/story-{day:02d}.txt": f"Grain exports story {day}\n\nMarch {day}, 2021\n\nWheat exports rose on day {day}, traders said.\n"
    for day in (1, 9, 10, 11, 31)
}
UNDATED = {"blog/undated.md": "Grain notes\n\nWheat exports rose, traders said, with no date anywhere.\n"}

RANGES = [
    (datetime(2021, 3, 10), datetime(2021, 3, 10, 23, 59, 59, 999999)),  # one day, inclusive
    (datetime(2021, 3, 10), None),  # since only
    (None, datetime(2021, 3, 9, 23, 59, 59, 999999)),  # until only
    (None, None),
    (datetime(2022, 1, 1), None),  # nothing that late
]


@pytest.fixture
def dated_index(tmp_path: Path, runner) -> Path:
    from searchnews.cli.commands import cli

    corpus = write_corpus(tmp_path / "corpus", {**DATED, **UNDATED})
    index_dir = tmp_path / "index"
    result = runner.invoke(cli, ["ingest", str(corpus), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return index_dir


@pytest.mark.parametrize(("start", "end"), RANGES)
def test_date_column_filter_selects_exactly_what_daterange_selects(dated_index: Path, start, end) -> None:
    from whoosh import query as wq

    with open_index(dated_index).searcher() as searcher:
        expected = set(searcher.docs_for_query(wq.DateRange("date", start, end)))
        assert set(searcher.docs_for_query(date_filter(start, end))) == expected


def test_date_filter_keeps_boundary_days_and_never_matches_undated_articles(dated_index: Path) -> None:
    with open_index(dated_index).searcher() as searcher:
        found = {searcher.stored_fields(docnum)["path"]
                 for docnum in searcher.docs_for_query(date_filter(datetime(2021, 3, 9), datetime(2021, 3, 11)))}
        everything = {searcher.stored_fields(docnum)["path"] for docnum in searcher.docs_for_query(date_filter(None, None))}
    assert found == {"wire/story-09.txt", "wire/story-10.txt", "wire/story-11.txt"}
    assert "blog/undated.md" not in everything and len(everything) == len(DATED)
