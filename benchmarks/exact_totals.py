"""What exact totals cost: CPU time per query as searchnews counts now (every match visited and
counted while ranking) against the way before issue 11 (low-scoring blocks skipped, Whoosh's
estimated total shown), interleaved rounds on one index, and how far the estimate was off.

    python benchmarks/exact_totals.py INDEX [--rounds 7] [QUERY ...]
"""

from __future__ import annotations

import argparse
import builtins
import statistics
import time
from pathlib import Path

import searchnews.engine.whoosh.ranking as ranking
from searchnews.engine.whoosh.search import SearchRequest, search

QUERIES = ["oil", "oil prices", "trade deficit japan", "bank", "stock market", "company said it would",
           "wheat OR corn", '"interest rates"']


def estimate(results) -> int:
    """Whoosh's estimated_length(), in place of len() inside ranking.run_plan."""
    return results.estimated_length() if hasattr(results, "estimated_length") else builtins.len(results)


EXACT_RECORDING = ranking.search_recording


def skipping_recording(searcher, query, matches, **kwargs):
    """The search as before issue 11: low-scoring blocks skipped when nothing filters or facets."""
    if matches is None and kwargs.get("filter") is None and kwargs.get("mask") is None:
        kwargs["optimize"] = True
    return EXACT_RECORDING(searcher, query, matches, **kwargs)


def use(mode: str) -> None:
    if mode == "estimate":
        ranking.len = estimate  # shadows the builtin in that module only
        ranking.search_recording = skipping_recording
    else:
        ranking.__dict__.pop("len", None)
        ranking.search_recording = EXACT_RECORDING


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("index", type=Path)
    parser.add_argument("queries", nargs="*", default=QUERIES)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    for text in args.queries:  # warm caches
        search(args.index, SearchRequest(text, suggest=False))
    times: dict[str, list[float]] = {"exact": [], "estimate": []}
    for round_number in range(args.rounds):
        for mode in ("exact", "estimate") if round_number % 2 else ("estimate", "exact"):
            use(mode)
            started = time.process_time()
            for text in args.queries:
                search(args.index, SearchRequest(text, suggest=False))
            times[mode].append((time.process_time() - started) / len(args.queries) * 1000)
    for mode, values in times.items():
        print(f"{mode}: median {statistics.median(values):.1f} ms CPU per query "
              f"(min {min(values):.1f}, max {max(values):.1f}; {args.rounds} rounds)")
    for text in args.queries:
        use("exact")
        exact = search(args.index, SearchRequest(text, suggest=False, limit=1)).total
        use("estimate")
        guessed = search(args.index, SearchRequest(text, suggest=False, limit=1)).total
        print(f"{text!r}: {exact} matching, estimate {guessed}")
    use("exact")


if __name__ == "__main__":
    main()
