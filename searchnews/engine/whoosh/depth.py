"""The first N articles' BM25 scores for a query, as `run_plan(limit=N)` ranks them, without its Hit objects.

A re-ranking first stage (issue 14: BM25 to depth 1000, then a dense cosine) needs only (docnum, score) pairs.
`run_plan` visits every match in Whoosh's collector (a Python call per match, so that totals are exact), keeps a
heap of N and builds N Hit objects; asking it for 1000 hits instead of 10 cost 1.13x Whoosh default on Cranfield.
Here a question (the coordinated any-word query) is scored by its own matcher into score arrays, part by part, and
the top N are read from those arrays at once; any other plan takes Whoosh's collector but reads its heap, not Hits.
The order is Whoosh's: score descending, docnum ascending among equal scores; then the same proximity rerank of the
best `proximity_candidates`. Plans this does not cover (a fill query, feedback, recency, filters) go to `run_plan`.
"""

from __future__ import annotations

import heapq
from array import array
from dataclasses import dataclass

from searchnews.engine.whoosh.ranking import (
    KEPT_BLOCKS,
    SHIPPED,
    QueryPlan,
    Ranking,
    coordinated_query,
    keeping_blocks,
    keeping_postings,
    rerank_by_proximity,
    run_plan,
    search_recording,
    without_common_words,
)


@dataclass
class Scored:
    """What the proximity rerank reads and writes of a hit."""

    docnum: int
    score: float


def first_scores(searcher, plan: QueryPlan, depth: int, ranking: Ranking = SHIPPED) -> list[tuple[int, float]]:
    """(docnum, score) of the first `depth` articles, exactly as `run_plan(searcher, plan, depth, ranking)` ranks
    and scores its hits."""
    if plan.question:
        plan = without_common_words(searcher, plan, ranking)
    if plan.fill is not None or plan.expandable or ranking.recency_half_life_days:
        hits, _ = run_plan(searcher, plan, limit=depth, ranking=ranking)
        return [(hit.docnum, float(hit.score)) for hit in hits]
    rerank = bool(plan.near_pairs) and ranking.proximity_candidates > 0
    kept: dict | None = {} if rerank else None
    wanted = max(depth, ranking.proximity_candidates) if rerank else depth
    with keeping_postings(searcher, plan.near_pairs if rerank else None, kept):
        if isinstance(plan.primary, coordinated_query()):
            ranked = coordinated_top(searcher, plan.primary, wanted)
        else:
            results = search_recording(searcher, plan.primary, None, limit=wanted, optimize=False)
            ranked = [(docnum, score) for score, docnum in results.top_n]
    if rerank and len(ranked) > 1:
        hits = [Scored(docnum, score) for docnum, score in ranked[: ranking.proximity_candidates]]
        with keeping_blocks(kept.get(KEPT_BLOCKS) if kept else None):  # the first pass's blocks
            hits = rerank_by_proximity(searcher, hits, plan.near_pairs, ranking, kept)
        ranked[: len(hits)] = [(hit.docnum, hit.score) for hit in hits]
    return ranked[:depth]


def coordinated_top(searcher, query, depth: int) -> list[tuple[int, float]]:
    """The best `depth` (docnum, score) of a coordinated any-word query: its matcher fills one score array per
    part of 2,048 documents (the same arrays Whoosh's collector reads one match at a time); every document with
    a score above 0 is a match (the matcher's own test when it steps to the next match)."""
    context = searcher.context()
    parts: list[tuple[int, array]] = []  # (global docnum of the part's first slot, its scores)
    for subsearcher, offset in searcher.leaf_searchers():
        matcher = query.matcher(subsearcher, context)
        if not matcher.is_active():
            continue
        count = matcher._doccount
        while True:
            parts.append((offset + matcher._offset, matcher._a[: matcher._limit - matcher._offset]))
            matcher._docnum = matcher._min_id()
            if matcher._docnum >= count:
                break
            matcher._read_part()
    return top_of_parts(parts, depth)


def top_of_parts(parts: list[tuple[int, array]], depth: int) -> list[tuple[int, float]]:
    """Highest score first, lower docnum first among equal scores (Whoosh's TopCollector order)."""
    try:
        import numpy as np
    except ImportError:  # numpy is in the bench and dense extras, not the core install
        scored = ((start + slot, score) for start, scores in parts for slot, score in enumerate(scores) if score > 0)
        return heapq.nsmallest(depth, scored, key=lambda pair: (-pair[1], pair[0]))
    if not parts:
        return []
    docnums = np.concatenate([np.arange(start, start + len(scores), dtype=np.int64) for start, scores in parts])
    scores = np.concatenate([np.frombuffer(scores, dtype=np.float64) for _, scores in parts])
    matched = scores > 0
    docnums, scores = docnums[matched], scores[matched]
    if len(scores) > depth:  # keep the depth best, with every score tied with the last of them
        threshold = np.partition(scores, len(scores) - depth)[len(scores) - depth]
        keep = scores >= threshold
        docnums, scores = docnums[keep], scores[keep]
    order = np.lexsort((docnums, -scores))[:depth]
    return list(zip(docnums[order].tolist(), scores[order].tolist(), strict=True))
