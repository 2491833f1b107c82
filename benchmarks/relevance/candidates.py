"""Candidate rankings tried on every collection together (python -m benchmarks.relevance.collections
--candidates); each row changes one thing from the ranking shipped before issue 14 unless it says so."""

from __future__ import annotations

from searchnews.ranking import Ranking

CANDIDATES: dict[str, Ranking] = {}
