"""What a user would write instead of searchnews: the naive Whoosh program and SQLite FTS5.

Each function is the twenty-odd lines a user would type after reading the quick-start of that
engine: read every file raw (no cleaning, no extraction), one writer, one commit. They are run
in fresh processes by speed.py, so their timings and peak memory include nothing of ours.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

NAIVE_WHOOSH_QUERY_SCRIPT = """\
import sys
from whoosh.index import open_dir
from whoosh.qparser import QueryParser
ix = open_dir(sys.argv[1])
with ix.searcher() as searcher:
    query = QueryParser("content", ix.schema).parse(sys.argv[2])
    for hit in searcher.search(query, limit=10):
        print(hit["title"], hit["path"])
"""

SQLITE_QUERY_SCRIPT = """\
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT title, path, snippet(docs, 2, '[', ']', '...', 12) FROM docs "
                  "WHERE docs MATCH ? ORDER BY rank LIMIT 10", (sys.argv[2],))
for title, path, snippet in rows:
    print(title, path, snippet)
"""


def corpus_files(folder: Path) -> list[Path]:
    return sorted(Path(dirpath) / name for dirpath, _, names in os.walk(folder) for name in names)


def read_raw(path: Path) -> tuple[str, str]:
    """(first line as title, whole text): all the 'cleaning' a naive program does."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return text.split("\n", 1)[0].strip(), text


def naive_whoosh_ingest(folder: Path, index_dir: Path) -> int:
    """The Whoosh quick-start schema and default writer, one commit at the end."""
    from whoosh.fields import ID, TEXT, Schema
    from whoosh.index import create_in

    index_dir.mkdir(parents=True, exist_ok=True)
    schema = Schema(title=TEXT(stored=True), path=ID(stored=True), content=TEXT)
    ix = create_in(str(index_dir), schema)
    writer = ix.writer()
    count = 0
    for path in corpus_files(folder):
        title, text = read_raw(path)
        writer.add_document(title=title, path=str(path), content=text)
        count += 1
    writer.commit()
    return count


def sqlite_ingest(folder: Path, db_path: Path) -> int:
    """SQLite FTS5 from the standard library, default tokenizer, one transaction."""
    db = sqlite3.connect(db_path)
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, title, body)")
    rows = ((str(path), *read_raw(path)) for path in corpus_files(folder))
    with db:
        db.executemany("INSERT INTO docs (path, title, body) VALUES (?, ?, ?)", rows)
    count = db.execute("SELECT count(*) FROM docs").fetchone()[0]
    db.close()
    return count


def naive_whoosh_searcher(index_dir: Path):
    """A query function over an index opened once, as a long-running user program would."""
    from whoosh.index import open_dir
    from whoosh.qparser import QueryParser

    ix = open_dir(str(index_dir))
    parser = QueryParser("content", ix.schema)

    def run(text: str) -> int:
        with ix.searcher() as searcher:
            results = searcher.search(parser.parse(text), limit=10)
            return len([hit["title"] for hit in results])

    return run


def sqlite_searcher(db_path: Path):
    db = sqlite3.connect(db_path)

    def run(text: str) -> int:
        rows = db.execute(
            "SELECT title, path, snippet(docs, 2, '[', ']', '...', 12) FROM docs "
            "WHERE docs MATCH ? ORDER BY rank LIMIT 10", (text,)).fetchall()
        return len(rows)

    return run


if __name__ == "__main__":  # python alternatives.py whoosh|sqlite FOLDER TARGET
    engine, folder, target = sys.argv[1:4]
    ingest = naive_whoosh_ingest if engine == "whoosh" else sqlite_ingest
    print(ingest(Path(folder), Path(target)))
