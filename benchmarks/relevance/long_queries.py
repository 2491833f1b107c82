"""python -m benchmarks.relevance.long_queries: search() time for analysts' questions at 20k articles.

The TIME collection is small (423 articles); this times the same code on Reuters-21578 (19,779
stories through the normal ingest), with 15 questions of 4+ words (the any-word path) and 5 short
keyword queries, end to end as `searchnews query` calls search() in process (open index, rank,
fold, 10 snippets), for the shipped ranking, shipped without its proximity rerank, and round 1's
tiered semantics, interleaved.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.relevance.collection import PROJECT_ROOT

DEFAULT_CORPUS = PROJECT_ROOT.parent / "shared" / "data" / "reuters21578" / "articles.jsonl.gz"
QUESTIONS = [
    "oil prices opec output cut", "central bank raises interest rates to defend the currency",
    "us trade deficit with japan widened", "wheat exports to the soviet union",
    "coffee quota talks collapse in london", "merger talks between two oil companies",
    "dollar falls against yen and mark", "gold price rises on inflation fears",
    "company reports first quarter net loss", "strike at brazilian ports delays shipments",
    "federal reserve policy and money supply growth", "sugar crop estimates in india and brazil",
    "takeover bid for the company rejected by board", "crude oil stocks fell last week",
    "grain prices and weather in the midwest",
]
KEYWORDS = ["opec", "oil prices", "japan trade surplus", "bank of england", "cocoa"]


def build(corpus_file: Path, work: Path) -> Path:
    from searchnews.sync.ingest import ingest

    corpus, index = work / "corpus", work / "index"
    if not index.exists():
        corpus.mkdir(parents=True, exist_ok=True)
        with gzip.open(corpus_file, "rt", encoding="utf-8") as source, \
                open(corpus / "reuters.jsonl", "w", encoding="utf-8") as out:
            for line in source:
                record = json.loads(line)
                out.write(json.dumps({"id": str(record["id"]), "title": record.get("title") or "",
                                      "text": record.get("body") or ""}) + "\n")
        started = time.perf_counter()
        ingest([corpus], index)
        print(f"ingest: {time.perf_counter() - started:.0f} s", flush=True)
    return index


def main(argv: list[str] | None = None) -> int:
    from searchnews.engine.whoosh.ranking import SHIPPED, with_changes
    from searchnews.engine.whoosh.search import SearchRequest, search

    parser = argparse.ArgumentParser(prog="python -m benchmarks.relevance.long_queries")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="Reuters-21578 articles.jsonl.gz")
    parser.add_argument("--keep", type=Path, help="build the index here and reuse it next time")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="searchnews-long-queries-"))
    index = build(args.corpus, work)
    systems = {"shipped": SHIPPED, "shipped, no proximity rerank": with_changes(SHIPPED, proximity_candidates=0,
                                                                                proximity_boost=0.0),
               "round 1 (tiered)": with_changes(SHIPPED, words="tiered")}
    for queries, label in ((QUESTIONS, "questions (4+ words)"), (KEYWORDS, "keywords (1-3 words)")):
        timings: dict[str, list[float]] = {name: [] for name in systems}
        for ranking in systems.values():  # warm-up
            for text in queries:
                search(index, SearchRequest(text, limit=10), ranking=ranking)
        for _ in range(args.repeats):
            for text in queries:
                for name, ranking in systems.items():
                    started = time.perf_counter()
                    search(index, SearchRequest(text, limit=10), ranking=ranking)
                    timings[name].append(time.perf_counter() - started)
        for name, values in timings.items():
            values.sort()
            p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
            print(f"{label}, {name}: median {statistics.median(values) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
