"""Candidate rankings tried on every collection together (python -m benchmarks.relevance.collections
--candidates); each changes one thing from the ranking shipped before issue 14 ("r16", which is
kept here as the first row), unless its name says it builds on another row."""

from __future__ import annotations

from searchnews.engine.whoosh.ranking import SHIPPED, Ranking, with_changes

BEFORE = with_changes(SHIPPED, feedback_docs=0, question_stopwords="none", query_term_frequency=False)
CANDIDATES: dict[str, Ranking] = {
    "r16 (shipped before issue 14)": BEFORE,
    "query term frequency": with_changes(BEFORE, query_term_frequency=True),
    "feedback 10 docs, 10 words, 0.3": with_changes(BEFORE, feedback_docs=10, feedback_terms=10, feedback_weight=0.3),
    "question stop words": with_changes(BEFORE, question_stopwords="english"),
    "Whoosh's Porter port (shipped before t14s)": with_changes(SHIPPED, stemmer="whoosh-porter"),
}
# also tried, on TIME only before issue 14 (BENCHMARKS.md, relevance rounds 1-4): k1, b, Whoosh idf,
# summed fields, 170 stop words at index time, Snowball, no stemming; not re-run here for lack of time
