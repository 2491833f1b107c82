"""The benchmark harness's own arithmetic and corpus writer (the benchmark itself is not a test)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import speed  # noqa: E402


def test_p95_is_a_measured_value_never_an_interpolation() -> None:
    timings = [float(n) for n in range(1, 21)]  # 1..20 ms
    assert speed.percentile(timings, 0.95) == 19.0
    assert speed.percentile(timings, 0.5) == 10.0
    assert speed.percentile([7.0], 0.95) == 7.0
    with pytest.raises(ValueError):
        speed.percentile([], 0.5)


def test_json_story_becomes_a_text_repost_with_headline_date_and_dateline() -> None:
    record = {"id": 7, "title": "COCOA REVIEW", "date": "1987-02-26T15:01:01", "dateline": "SALVADOR, Feb 26 -",
              "body": "Showers continued throughout the week."}
    assert speed.story_text(record) == (
        "COCOA REVIEW\n\nFebruary 26, 1987\n\nSALVADOR, Feb 26 - Showers continued throughout the week.\n")


def test_corpus_holds_back_stories_for_the_add_test(tmp_path: Path) -> None:
    source = tmp_path / "stories.jsonl"
    source.write_text("".join(f'{{"id": {n}, "title": "T{n}", "body": "Body {n}."}}\n' for n in range(250)))
    corpus = speed.write_corpus(source, tmp_path / "work", limit=None)
    assert corpus.stories == 250 - speed.ADD_COUNT
    assert len(list(corpus.held.iterdir())) == speed.ADD_COUNT
    assert corpus.raw_bytes == sum(path.stat().st_size for path in corpus.folder.iterdir())
