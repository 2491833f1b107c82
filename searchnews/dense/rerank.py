"""Query time: the first DEPTH BM25 candidates re-ranked by BM25 and the question's cosine to each
candidate's best window, both z-scored over the candidates (benchmarks/relevance/dense.py)."""

from __future__ import annotations

import re

import numpy as np

from searchnews.dense import ALPHA
from searchnews.dense.sidecar import Vectors

OPERATORS = re.compile(r"\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b|\b[A-Za-z_][\w-]*:(?=\S)|[()\"*?~^]")


def question_text(text: str) -> str:
    """The words a user asked for, without the query language's operators and field names."""
    return " ".join(OPERATORS.sub(" ", text).split())


def zscores(values: np.ndarray) -> np.ndarray:
    deviation = values.std()
    return (values - values.mean()) / deviation if deviation > 0 else np.zeros_like(values)


def candidate_cosines(searcher, hits: list, vectors: Vectors, question: np.ndarray) -> np.ndarray:
    """Each hit's best window cosine; NaN for an article the sidecar does not hold yet."""
    if vectors.generation == searcher.reader().generation():  # docnums ascend (sidecar.sync_vectors)
        wanted = np.array([hit.docnum for hit in hits], dtype=np.int64)
        found = np.minimum(np.searchsorted(vectors.docnums, wanted), len(vectors.docnums) - 1)
        positions = [int(p) if vectors.docnums[p] == d else None for p, d in zip(found, wanted, strict=True)]
    else:  # the index was committed after the sidecar: find the articles by id
        by_id = vectors.by_id()
        positions = [by_id.get(searcher.stored_fields(hit.docnum).get("id")) for hit in hits]
    cosines = np.full(len(hits), np.nan)
    held = [(i, position) for i, position in enumerate(positions) if position is not None]
    if not held:
        return cosines
    # every window of every held candidate in one product, then each article's best window
    starts, ends = vectors.starts[[p for _, p in held]], vectors.starts[[p + 1 for _, p in held]]
    rows = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends, strict=True)])
    products = vectors.vectors[rows] @ question
    offsets = np.concatenate([[0], np.cumsum(ends - starts)[:-1]])
    cosines[[i for i, _ in held]] = np.maximum.reduceat(products, offsets)
    return cosines


def rerank(searcher, hits: list, vectors: Vectors, question: np.ndarray) -> list:
    """The hits in fused order. An article without a vector counts as the candidates' mean cosine."""
    if len(hits) < 2:
        return hits
    cosines = candidate_cosines(searcher, hits, vectors, question)
    if np.isnan(cosines).all():
        return hits
    cosines = np.where(np.isnan(cosines), np.nanmean(cosines), cosines)
    bm25 = np.array([hit.score or 0.0 for hit in hits], dtype=np.float64)
    fused = (1 - ALPHA) * zscores(bm25) + ALPHA * zscores(cosines)
    order = sorted(range(len(hits)), key=lambda i: (-fused[i], i))
    return [hits[i] for i in order]
