"""Run a system over the queries, write a TREC run, score it with ir-measures, time the queries."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.relevance.collection import Collection

MEASURES = ("AP", "nDCG@10", "P@10", "R@100")
RUN_DEPTH = 1000  # deeper than the collection (423), so MAP sees every retrieved article


@dataclass
class Scores:
    """Mean of each measure over all judged queries (a query with no hits counts 0), and per query."""

    mean: dict[str, float]
    per_query: dict[str, dict[str, float]] = field(default_factory=dict)


def write_run(path: Path, tag: str, ranked: dict[str, list[str]]) -> None:
    """TREC format. The evaluator re-sorts by score, so the score column is derived from the rank:
    each system is judged on its own order (its tie-breaking and tiers included)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        for query_id, doc_ids in ranked.items():
            for rank, doc_id in enumerate(doc_ids, start=1):
                out.write(f"{query_id} Q0 {doc_id} {rank} {len(doc_ids) - rank + 1} {tag}\n")


def score_run(run_path: Path, collection: Collection) -> Scores:
    import ir_measures

    measures = [ir_measures.parse_measure(name) for name in MEASURES]
    run = list(ir_measures.read_trec_run(str(run_path)))
    qrels = [ir_measures.Qrel(q, d, r) for q, docs in collection.qrels.items() for d, r in docs.items()]
    per_query: dict[str, dict[str, float]] = {q: dict.fromkeys(MEASURES, 0.0) for q in collection.qrels}
    for metric in ir_measures.iter_calc(measures, qrels, run):
        per_query[metric.query_id][str(metric.measure)] = float(metric.value)
    mean = {name: statistics.fmean(values[name] for values in per_query.values()) for name in MEASURES}
    return Scores(mean, per_query)


def rank_all(rank: Callable[[str, int], list[str]], collection: Collection) -> dict[str, list[str]]:
    return {query_id: rank(text, RUN_DEPTH) for query_id, text in collection.queries.items()}


def median_latencies(systems: dict[str, Callable[[str], object]], queries: Iterable[str], repeats: int = 3) -> dict[str, float]:
    """Median seconds per query for each system, interleaved query by query so that load from
    other processes on a shared machine falls on every system alike."""
    queries = list(queries)
    timings: dict[str, list[float]] = {name: [] for name in systems}
    for top in systems.values():  # warm caches (idf, stemmer) once, untimed
        for text in queries:
            top(text)
    for _ in range(repeats):
        for text in queries:
            for name, top in systems.items():
                started = time.perf_counter()
                top(text)
                timings[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in timings.items()}
