"""How often searchnews' Porter stemmer and Whoosh's port agree with reference Porter stemmers.

Vocabulary: every word (letters only, 3+) of ../shared/data's Reuters stories, TIME, CISI and
Cranfield documents and questions, and BBC texts. References: SQLite FTS5's porter tokenizer
(Porter's C code, always) and, with --opensearch URL, OpenSearch's porter_stem filter (Lucene's
PorterStemmer, what the OpenSearch engine's mapping uses). Issue 14 (t14s).

    python benchmarks/stemmer_agreement.py [--opensearch http://127.0.0.1:9200]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sqlite3
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
WORD = re.compile(r"[a-z]{3,}")


def vocabulary(data: Path) -> Counter[str]:
    counts: Counter[str] = Counter()

    def add(record: dict) -> None:
        counts.update(WORD.findall(" ".join(v for v in record.values() if isinstance(v, str)).lower()))

    with gzip.open(data / "reuters21578" / "articles.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            add(json.loads(line))
    for name in ("time", "cisi", "cran"):
        for part in ("docs.jsonl", "queries.jsonl"):
            for line in (data / name / part).read_text(encoding="utf-8").splitlines():
                add(json.loads(line))
    for path in sorted((data / "bbc").rglob("*.txt")):
        counts.update(WORD.findall(path.read_text(encoding="utf-8", errors="ignore").lower()))
    return counts


def fts5_stems(words: list[str]) -> dict[str, str]:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter ascii')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    db.execute("INSERT INTO t VALUES (?)", (" ".join(words),))
    stems = dict(db.execute("SELECT offset, term FROM v").fetchall())
    return {word: stems[position] for position, word in enumerate(words)}


def opensearch_stems(url: str, words: list[str], batch: int = 3000) -> dict[str, str]:
    stems: dict[str, str] = {}
    for start in range(0, len(words), batch):
        chunk = words[start:start + batch]
        body = json.dumps({"tokenizer": "whitespace", "filter": ["porter_stem"], "text": " ".join(chunk)}).encode()
        request = urllib.request.Request(f"{url.rstrip('/')}/_analyze", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request) as response:
            tokens = json.load(response)["tokens"]
        stems.update(zip(chunk, (token["token"] for token in tokens), strict=True))
    return stems


def main() -> None:
    from whoosh.lang.porter import stem as whoosh_stem

    from searchnews.engine.whoosh.porter import stem

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--opensearch", help="a node's URL: also compare with its porter_stem")
    options = parser.parse_args()
    counts = vocabulary(options.data)
    words, tokens = sorted(counts), sum(counts.values())
    references = {"SQLite FTS5 porter": fts5_stems(words)}
    if options.opensearch:
        references["OpenSearch porter_stem"] = opensearch_stems(options.opensearch, words)
    ours: dict[str, Callable[[str], str]] = {"searchnews porter": stem, "Whoosh's porter": whoosh_stem}
    print(f"{len(words)} words, {tokens} tokens")
    print("| stemmer | reference | words stemmed otherwise | share of tokens | most frequent |")
    print("|---|---|---:|---:|---|")
    for name, function in ours.items():
        for reference, stems in references.items():
            differ = sorted((w for w in words if function(w) != stems[w]), key=lambda w: -counts[w])
            share = sum(counts[w] for w in differ) / tokens
            shown = ", ".join(f"{w} {function(w)}/{stems[w]}" for w in differ[:5])
            print(f"| {name} | {reference} | {len(differ)} | {share:.2%} | {shown} |")


if __name__ == "__main__":
    main()
