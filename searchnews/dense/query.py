"""What search() asks of the dense extra: a re-ranker for one query, or None (no extra, no sidecar)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

_cache: dict[str, tuple[int, object]] = {}  # sidecar path -> (mtime_ns, Vectors): `serve` loads it once


def reranker(index_dir: Path, searcher, text: str) -> Callable[[list], list] | None:
    from searchnews.dense import SIDECAR, enabled

    if not enabled():  # before any import of numpy: a query without the extra pays nothing
        return None
    path = Path(index_dir) / SIDECAR
    if not path.is_file():
        return None
    from searchnews.dense.model import load_embedder
    from searchnews.dense.rerank import question_text, rerank
    from searchnews.dense.sidecar import load

    mtime = path.stat().st_mtime_ns
    cached = _cache.get(str(path))
    if cached is None or cached[0] != mtime:
        cached = _cache[str(path)] = (mtime, load(index_dir))
    vectors = cached[1]
    words = question_text(text)
    if vectors is None or not len(vectors.ids) or not words:
        return None
    embedder = load_embedder()
    if vectors.name != embedder.name:
        return None  # made by another model: the next sync redoes it
    question: list = []

    def fuse(hits: list) -> list:
        if not question:
            question.append(embedder.embed([words])[0])
        return rerank(searcher, hits, vectors, question[0])

    return fuse


def sync_after_ingest(index_dir: Path, notes: list[str]) -> None:
    """Bring the sidecar up to date with the index just committed (the write lock still held)."""
    from searchnews.dense import enabled

    if not enabled():
        return
    from searchnews.dense.model import load_embedder, model_name
    from searchnews.dense.sidecar import stamp, sync_vectors
    from searchnews.engine.whoosh.schema import index_exists, open_index

    if not index_exists(index_dir) or stamp(index_dir) == (model_name(), open_index(index_dir).latest_generation()):
        return  # nothing committed since the vectors were written: the model is not even loaded
    embedded = sync_vectors(index_dir, load_embedder())
    if embedded:
        notes.append(f"dense vectors: {embedded} article(s) embedded")
