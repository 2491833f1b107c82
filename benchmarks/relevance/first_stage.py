"""python -m benchmarks.relevance.first_stage: the cost of BM25 to depth 1000 without Hit objects (issue 14).

A re-ranker's first stage wants the first 1000 (docnum, BM25 score) pairs. `run_plan(limit=1000)` gives them as
Whoosh Hit objects, after a collector call per match and a heap of 1000; `searchnews.engine.whoosh.depth.
first_scores` reads a question's score arrays and sorts them once. For every judged collection in ../shared/data
(each with and without title lines, indexed by the normal ingest) and both query forms (plain words, words joined
with OR), this checks that both give the same docnums and the same scores in the same order at depths 10, 100 and
1000, then times, interleaved query by query after a warm-up, CPU ms per query: Whoosh default's top 10 (the
latency reference), the shipped top 10, `run_plan` to 1000 and `first_scores` to 1000 and 100 (each also turning
its pairs into the two numpy arrays a re-ranker uses).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks.relevance import collection as tc
from benchmarks.relevance.collections import FORMS, configs, interleaved_cpu_ms, typed, words

DEPTHS = (10, 100, 1000)


def measure(config, repeats: int, work: Path) -> tuple[dict[str, tuple[float, float]], int, int]:
    """((median, mean) CPU ms per timer, queries compared, mismatches)."""
    from benchmarks.relevance.baselines import WhooshFields
    from benchmarks.relevance.systems import Searchnews, build_index
    from searchnews.engine.whoosh.depth import first_scores
    from searchnews.engine.whoosh.ranking import SHIPPED, plan_query, run_plan
    from searchnews.engine.whoosh.search import parse_query, search_fields

    collection = config.collection
    whoosh = WhooshFields(collection.docs, work / "whoosh", config.titles)
    id_map = tc.write_corpus(collection, work / "corpus", titles=config.titles)
    build_index(SHIPPED, work / "corpus", work / "index")
    shipped = Searchnews(SHIPPED, work / "index", id_map)
    searcher = shipped.searcher
    fields = search_fields(searcher.reader())

    def plan(text: str):
        return plan_query(parse_query(text, searcher.schema, SHIPPED, fields), text, SHIPPED)

    def by_hits(text: str, depth: int) -> tuple[np.ndarray, np.ndarray]:
        hits, _ = run_plan(searcher, plan(text), limit=depth, ranking=SHIPPED)
        return (
            np.fromiter((hit.docnum for hit in hits), dtype=np.int64, count=len(hits)),
            np.fromiter((hit.score for hit in hits), dtype=np.float64, count=len(hits)),
        )

    def by_scores(text: str, depth: int) -> tuple[np.ndarray, np.ndarray]:
        pairs = first_scores(searcher, plan(text), depth, SHIPPED)
        return np.array([d for d, _ in pairs], dtype=np.int64), np.array([s for _, s in pairs], dtype=np.float64)

    compared = mismatches = 0
    texts = [typed(text, form) for text in collection.queries.values() for form in FORMS]
    for text in texts:
        for depth in DEPTHS:
            (d1, s1), (d2, s2) = by_hits(text, depth), by_scores(text, depth)
            compared += 1
            if not (np.array_equal(d1, d2) and np.array_equal(s1, s2)):
                mismatches += 1
                print(f"MISMATCH {config.name} depth {depth}: {text[:60]!r}", file=sys.stderr)
    timers: dict[str, Callable[[str], object]] = {
        "Whoosh default top 10": lambda text: whoosh.top10(" ".join(words(text))),
        "searchnews top 10": lambda text: shipped.top10(text),
        "run_plan to 1000 (Hits)": lambda text: by_hits(text, 1000),
        "first_scores to 1000": lambda text: by_scores(text, 1000),
        "first_scores to 100": lambda text: by_scores(text, 100),
    }
    results = {}
    for form in FORMS:
        queries = [typed(text, form) for text in collection.queries.values()]
        for name, figures in interleaved_cpu_ms(timers, queries, repeats).items():
            results[(form, name)] = figures
    shipped.close()
    whoosh.close()
    return results, compared, mismatches


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.relevance.first_stage", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--data", type=Path, default=tc.DATA_ROOT)
    parser.add_argument("--collections", default="time,cisi,cran")
    parser.add_argument("--queries", type=int, default=None, help="the first N judged questions only")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    table: dict[str, dict] = {}
    total_compared = total_mismatches = 0
    for config in configs(args.data, tuple(args.collections.split(",")), args.queries):
        with tempfile.TemporaryDirectory(prefix="searchnews-first-stage-") as tmp:
            results, compared, mismatches = measure(config, args.repeats, Path(tmp))
        total_compared += compared
        total_mismatches += mismatches
        for (form, name), value in results.items():
            table.setdefault(name, {})[f"{config.name}, {form}"] = value
        print(
            f"{config.name}: {compared} compared, {mismatches} differ ({time.perf_counter() - started:.0f} s)",
            file=sys.stderr,
            flush=True,
        )
    columns = list(next(iter(table.values())))
    reference = table["Whoosh default top 10"]
    print(f"identical to run_plan at depths {DEPTHS}: {total_compared - total_mismatches} of {total_compared}\n")
    print("CPU ms per query, median / mean (multiple of Whoosh default's median / mean):\n")
    print("| system | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for name, row in table.items():
        cells = []
        for column in columns:
            (median, mean), (ref_median, ref_mean) = row[column], reference[column]
            cells.append(f"{median:.2f} / {mean:.2f} ({median / ref_median:.2f}x / {mean / ref_mean:.2f}x)")
        print(f"| {name} | " + " | ".join(cells) + " |")
    print(f"\n({time.perf_counter() - started:.0f} s, {args.repeats} repeats)")
    return 1 if total_mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
