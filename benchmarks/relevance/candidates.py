"""Candidate rankings tried on every collection together (python -m benchmarks.relevance.collections
--candidates); each changes one thing from the ranking shipped before issue 14 ("r16", which is
kept here as the first row), unless its name says it builds on another row."""

from __future__ import annotations

from searchnews.ranking import SHIPPED, Ranking, with_changes

BEFORE = with_changes(SHIPPED, feedback_docs=0, question_stopwords="none")
CANDIDATES: dict[str, Ranking] = {
    "r16 (shipped before issue 14)": BEFORE,
    "k1 1.2": with_changes(BEFORE, k1=1.2),
    "fields summed": with_changes(BEFORE, fields="sum"),
    "feedback 10 docs, 10 words, 0.3": with_changes(BEFORE, feedback_docs=10, feedback_terms=10, feedback_weight=0.3),
    "question stop words": with_changes(BEFORE, question_stopwords="english"),
    "question stop words + feedback 10/10/0.3": with_changes(BEFORE, question_stopwords="english", feedback_docs=10,
                                                               feedback_terms=10, feedback_weight=0.3),
}
