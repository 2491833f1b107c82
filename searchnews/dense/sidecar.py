"""The vectors beside the index: one file, keyed by article id, replaced atomically after each sync.

Why a sidecar and not a Whoosh field: Whoosh has no vector field, and its stored fields are pickled per
article (reading 1,000 candidates' fields costs ~30 ms a query). The file records the index generation
it was built against and each article's docnum there, so a query maps its candidates to vectors without
reading them; after any other commit (a crash between the index commit and this file's rename, or a
write through the engine adapter) the mapping falls back to the articles' stored ids, and the next sync
rebuilds the file. Rows are keyed by (article id, digest of the embedded text): an unchanged article is
never embedded twice, a changed one always is, a deleted one is dropped.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from searchnews.dense import SIDECAR
from searchnews.dense.model import Embedder, article_text, digest


@dataclass
class Vectors:
    name: str  # the embedder's name
    generation: int  # the index generation the docnums belong to
    ids: np.ndarray  # (A,) article ids
    digests: np.ndarray  # (A,) digest of each article's embedded text
    docnums: np.ndarray  # (A,) docnum of each article in `generation`
    starts: np.ndarray  # (A+1,) article i's windows are vectors[starts[i]:starts[i + 1]]
    vectors: np.ndarray  # (R, D) unit rows

    def rows(self, article: int) -> np.ndarray:
        return self.vectors[self.starts[article]:self.starts[article + 1]]

    def by_id(self) -> dict[str, int]:
        return {str(article_id): position for position, article_id in enumerate(self.ids)}


def sidecar_path(index_dir: Path) -> Path:
    return Path(index_dir) / SIDECAR


# what a damaged or foreign file raises when read: the sidecar is then absent, and the next sync rebuilds it
UNREADABLE = (OSError, KeyError, ValueError, IndexError, EOFError, zipfile.BadZipFile)


def load(index_dir: Path) -> Vectors | None:
    """The sidecar, or None when there is none (or it cannot be read, or its arrays do not fit together:
    it is rebuilt from the index, and a query never indexes past an array's end)."""
    try:
        with np.load(sidecar_path(index_dir), allow_pickle=False) as data:
            vectors = Vectors(str(data["name"][0]), int(data["generation"][0]), data["ids"], data["digests"],
                              data["docnums"], data["starts"], data["vectors"])
    except UNREADABLE:
        return None
    return vectors if consistent(vectors) else None


def consistent(vectors: Vectors) -> bool:
    """One digest, docnum and window range per id; ranges ascending from 0 to the last row; docnums ascending
    (a query looks its candidates up by binary search)."""
    count = len(vectors.ids)
    starts, docnums = vectors.starts, vectors.docnums
    return (vectors.vectors.ndim == 2 and len(vectors.digests) == count and len(docnums) == count
            and starts.ndim == 1 and len(starts) == count + 1 and int(starts[0]) == 0
            and int(starts[-1]) == len(vectors.vectors) and bool(np.all(np.diff(starts) >= 0))
            and bool(np.all(np.diff(docnums) > 0)))


def stamp(index_dir: Path) -> tuple[str, int] | None:
    """(embedder name, index generation) of the sidecar, reading nothing else (npz members load lazily)."""
    try:
        with np.load(sidecar_path(index_dir), allow_pickle=False) as data:
            return str(data["name"][0]), int(data["generation"][0])
    except UNREADABLE:
        return None


def save(index_dir: Path, vectors: Vectors) -> None:
    """Write to a temporary file, fsync, rename over the old one, fsync the folder: a reader sees the
    old file or the new one, never a part (the index's own commits work the same way)."""
    from searchnews.engine.whoosh.writing import _fsync_dir, crash_point

    path = sidecar_path(index_dir)
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as out:
        np.savez(out, name=np.array([vectors.name]), generation=np.array([vectors.generation], dtype=np.int64),
                 ids=vectors.ids, digests=vectors.digests, docnums=vectors.docnums, starts=vectors.starts,
                 vectors=vectors.vectors)
        out.flush()
        os.fsync(out.fileno())
    crash_point("before-dense")
    os.replace(temporary, path)
    _fsync_dir(str(path.parent))


def sync_vectors(index_dir: Path, embedder: Embedder) -> int:
    """Make the sidecar hold exactly one entry per live article of the index, embedding only new or
    changed articles. Called with the index's write lock held. Returns how many articles were embedded."""
    from searchnews.engine.whoosh.schema import open_index

    old = load(index_dir)
    if old is not None and old.name != embedder.name:
        old = None  # another model: every vector is redone
    with open_index(index_dir).reader() as reader:
        generation = reader.generation()
        if old is not None and old.generation == generation:
            return 0
        known = old.by_id() if old is not None else {}
        ids, digests, docnums, blocks, todo = [], [], [], [], []
        for docnum, fields in reader.iter_docs():
            text = article_text(fields.get("title") or "", fields.get("body") or "")
            key = digest(embedder.name, text)
            ids.append(fields["id"])
            digests.append(key)
            docnums.append(docnum)
            position = known.get(fields["id"])
            if old is not None and position is not None and old.digests[position] == key:
                blocks.append(old.rows(position))
            else:
                blocks.append(None)
                todo.append((len(blocks) - 1, text))
    pieces = [(slot, embedder.windows(text)) for slot, text in todo]
    fresh = embedder.embed([window for _, windows in pieces for window in windows])
    start = 0
    for slot, windows in pieces:  # each article's windows are consecutive rows of `fresh`
        blocks[slot] = fresh[start:start + len(windows)]
        start += len(windows)
    dimension = fresh.shape[1] if len(fresh) else (old.vectors.shape[1] if old is not None else 0)
    counts = [len(block) for block in blocks]
    save(index_dir, Vectors(
        embedder.name, generation, np.array(ids, dtype=str), np.array(digests, dtype=str),
        np.array(docnums, dtype=np.int64), np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64),
        np.concatenate(blocks).astype(np.float32) if blocks else np.zeros((0, dimension), dtype=np.float32)))
    return len(todo)
