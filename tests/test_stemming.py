"""Word forms find each other as Porter's reference stemmer groups them (issue 14, t14s)."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from conftest import stamped_as_schema
from test_chinese import found, ingest_snippets

from searchnews.cli.commands import cli
from searchnews.engine.whoosh.porter import stem

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def fts5_porter(words: list[str]) -> list[str]:
    """SQLite FTS5's porter tokenizer (Porter's own C code) on each word, read back by position."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter ascii')")
        db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    except sqlite3.OperationalError as error:
        pytest.skip(f"this SQLite has no FTS5: {error}")
    db.execute("INSERT INTO t VALUES (?)", (" ".join(words),))
    stems = dict(db.execute("SELECT offset, term FROM v").fetchall())
    return [stems[position] for position in range(len(words))]


def test_stems_are_porters_own_on_every_word_of_two_real_collections():
    """Whoosh's port stemmed 1,684 of ../shared/data's 55,882 words otherwise ('shipping' -> 'shipp')."""
    if not (DATA / "time" / "docs.jsonl").exists():
        pytest.skip("../shared/data is not here")
    vocabulary: set[str] = set()
    for name in ("time", "cran"):
        for line in (DATA / name / "docs.jsonl").read_text(encoding="utf-8").splitlines():
            vocabulary.update(re.findall(r"[a-z]+", json.loads(line)["text"].lower()))
    words = sorted(vocabulary)
    assert len(words) > 10000
    differ = [(word, ours, theirs) for word, ours, theirs in zip(words, map(stem, words), fts5_porter(words), strict=True)
              if ours != theirs]
    assert differ == []


def test_inflected_forms_find_each_other(runner, tmp_path):
    index_dir = ingest_snippets(runner, tmp_path, {
        "shipping": "Shipping rates rose in the strait.",
        "operating": "The firm kept operating at a loss.",
        "planned": "Officials planned new tariffs.",
        "payable": "Dividends payable in June.",
    })
    assert found(runner, index_dir, "ship") == found(runner, index_dir, "ships") == {"shipping"}
    assert found(runner, index_dir, "operate") == found(runner, index_dir, "operations") == {"operating"}
    assert found(runner, index_dir, "plans") == {"planned"}
    assert found(runner, index_dir, "pay") == set()  # 'payable' -> 'payabl', as Porter: not over-merged
    assert found(runner, index_dir, "payables") == {"payable"}


def test_an_index_stemmed_by_whooshs_port_is_reindexed_by_the_next_ingest(runner, tmp_path, monkeypatch):
    from whoosh import index

    from searchnews.engine.whoosh.ranking import SHIPPED, with_changes
    from searchnews.engine.whoosh.schema import INDEX_NAME, build_schema

    old = tmp_path / "index"
    old.mkdir()
    index.create_in(str(old), build_schema(with_changes(SHIPPED, stemmer="whoosh-porter")), indexname=INDEX_NAME)
    snippets = {"a": "Shipping rates rose in the strait.", "b": "Chip exports slowed."}
    with stamped_as_schema(monkeypatch, "4"):  # what the searchnews before this stemmer wrote
        ingest_snippets(runner, tmp_path, snippets)
    assert found(runner, old, "ship") == set()  # Whoosh's port indexed 'shipp'
    result = runner.invoke(cli, ["ingest", str(tmp_path / "corpus"), "--index", str(old)])
    assert result.exit_code == 0, result.output
    assert found(runner, old, "ship") == {"a"}
    assert found(runner, old, "chip exports") == {"b"}  # nothing lost

