"""Candidate rankings tried on every collection together (python -m benchmarks.relevance.collections
--candidates); each changes one thing from the ranking shipped before issue 14 ("r16", which is
kept here as the first row), unless its name says it builds on another row."""

from __future__ import annotations

from searchnews.engine.whoosh.ranking import SHIPPED, Ranking, with_changes

BEFORE = with_changes(SHIPPED, k1=1.5, feedback_docs=0, question_stopwords="none", query_term_frequency=False,
                      field_tiebreak=0.0, proximity_boost=0.1)
CANDIDATES: dict[str, Ranking] = {
    "r16 (shipped before issue 14)": BEFORE,
    "query term frequency": with_changes(BEFORE, query_term_frequency=True),
    "feedback 10 docs, 10 words, 0.3": with_changes(BEFORE, feedback_docs=10, feedback_terms=10, feedback_weight=0.3),
    "question stop words": with_changes(BEFORE, question_stopwords="english"),
    "Whoosh's Porter port (shipped before t14s)": with_changes(SHIPPED, stemmer="whoosh-porter"),
}
# also tried, on TIME only before issue 14 (BENCHMARKS.md, relevance rounds 1-4): k1, b, Whoosh idf,
# summed fields, 170 stop words at index time, Snowball, no stemming; not re-run here for lack of time

# The issue-14 grid (python -m benchmarks.relevance.grid), chosen by the worst ratio over every
# configuration (figures in BENCHMARKS.md). Round 1 (first 4 questions, search() path): query-term
# frequency was the one large gain (CISI 0.75x -> 0.99x). Round 2 (every question), each row one
# change from it: 170 question stop words and k1 2.0 helped; words found in >20% or >35% of the
# articles dropped, b 0.6, k1 1.2, title weight 2 and feedback did not. Round 3 builds on
# qtf + 170 question stop words (Q2). ("title and body summed" ranked as qtf in round 2: the
# parser lost field_tiebreak, fixed since.) Round 3 chose Q2 + tiebreak 0.3 (worst 1.010); round 4
# (ROUND4) combines it with round 3's next best single changes.
QTF = with_changes(BEFORE, query_term_frequency=True)
Q2 = with_changes(QTF, question_stopwords="english")
GRID: dict[str, Ranking] = {
    "r16 (shipped before issue 14)": BEFORE,
    "qtf": QTF,
    "Q2 (qtf, 170 question stop words)": Q2,
    "Q2, k1 2.0": with_changes(Q2, k1=2.0),
    "Q2, k1 2.5": with_changes(Q2, k1=2.5),
    "Q2, b 0.9": with_changes(Q2, b=0.9),
    "Q2, k1 2.0, b 0.85": with_changes(Q2, k1=2.0, b=0.85),
    "Q2, title and body summed": with_changes(Q2, field_tiebreak=1.0),
    "Q2, tiebreak 0.3": with_changes(Q2, field_tiebreak=0.3),
    "Q2, title b 0.3": with_changes(Q2, title_b=0.3),
    "Q2, no proximity": with_changes(Q2, proximity_boost=0.0),
    "Q2, proximity 0.2": with_changes(Q2, proximity_boost=0.2),
    "Q2, feedback 5 docs, 10 words, 0.1": with_changes(Q2, feedback_docs=5, feedback_terms=10, feedback_weight=0.1),
}

Q3 = with_changes(Q2, field_tiebreak=0.3)
ROUND4: dict[str, Ranking] = {
    "Q3 (Q2, tiebreak 0.3)": Q3,
    "Q3, k1 2.0": with_changes(Q3, k1=2.0),
    "Q3, proximity 0.2": with_changes(Q3, proximity_boost=0.2),
    "Q3, k1 2.0, proximity 0.2": with_changes(Q3, k1=2.0, proximity_boost=0.2),
    "Q3, tiebreak 0.5": with_changes(Q3, field_tiebreak=0.5),
}
GRID.update(ROUND4)
assert ROUND4["Q3, k1 2.0"] == SHIPPED  # what ships (proximity 0.2 ranks body matches above title matches)

# Round 5 (t14d): the proximity rerank also counts pairs near each other in the title (each pair
# once, in its better field), so that a larger proximity weight no longer lifts a body match over
# a title match (what ruled "Q3, proximity 0.2" out in round 4).
SHIPPED_TITLE_PAIRS = with_changes(SHIPPED, proximity_title=True)
ROUND5: dict[str, Ranking] = {
    "Q3, k1 2.0": SHIPPED,
    "Q3, proximity 0.2": ROUND4["Q3, proximity 0.2"],
    "Q3, k1 2.0, title pairs": SHIPPED_TITLE_PAIRS,
    "Q3, proximity 0.2, title pairs": with_changes(Q3, proximity_boost=0.2, proximity_title=True),
    "Q3, k1 2.0, proximity 0.2, title pairs": with_changes(SHIPPED_TITLE_PAIRS, proximity_boost=0.2),
    "Q3, proximity 0.3, title pairs": with_changes(Q3, proximity_boost=0.3, proximity_title=True),
}
GRID.update(ROUND5)
