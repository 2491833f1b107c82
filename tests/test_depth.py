"""depth.first_scores: a re-ranker's first stage gets exactly the articles, scores and order of run_plan."""

from __future__ import annotations

import itertools
import random
import sys

import pytest

from searchnews.engine.whoosh.depth import first_scores, top_of_parts
from searchnews.engine.whoosh.ranking import SHIPPED, plan_query, run_plan, weighting, with_changes
from searchnews.engine.whoosh.schema import build_schema
from searchnews.engine.whoosh.search import parse_query, search_fields

WORDS = [
    *("tariff", "steel", "quota", "export", "ban", "port", "grain", "yuan", "chip", "levy", "what", "the"),
    *("subsidy", "probe", "solar", "panel", "rare", "earth", "licence", "shipping"),
]


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """Two segments, past one 2,048-document score array, with exact copies (equal scores: docnum decides)
    and deleted articles."""
    from whoosh import index

    chance = random.Random(11)
    ix = index.create_in(str(tmp_path_factory.mktemp("depth")), build_schema(SHIPPED))
    number = 0
    for size in (2100, 150):  # the first segment needs two score arrays
        with ix.writer() as writer:
            writer.merge = False
            for _ in range(size):
                body = " ".join(chance.choice(WORDS) for _ in range(chance.randint(3, 30)))
                title = " ".join(chance.choice(WORDS) for _ in range(chance.randint(0, 5)))
                for _ in range(2 if number % 97 == 0 else 1):
                    writer.add_document(id=str(number), title=title, body=body)
                    number += 1
    with ix.writer() as writer:
        for gone in range(5, number, 301):
            writer.delete_by_term("id", str(gone))
        writer.merge = False
    with ix.searcher(weighting=weighting(SHIPPED)) as opened:
        assert not opened.reader().is_atomic()
        yield opened


def random_queries(count: int) -> list[str]:
    chance = random.Random(3)
    queries = []
    for _ in range(count):
        chosen = [chance.choice(WORDS) for _ in range(chance.randint(1, 9))]
        queries.append(" OR ".join(chosen) if chance.random() < 0.3 else " ".join(chosen))
    return queries


@pytest.mark.parametrize(
    "ranking",
    [SHIPPED, with_changes(SHIPPED, proximity_boost=0.0, proximity_candidates=0)],
    ids=["shipped", "no proximity"],
)
def test_first_scores_equal_run_plan_hits_for_random_queries(searcher, ranking):
    fields = search_fields(searcher.reader())
    long_questions = 0
    for text in random_queries(40):
        plan = plan_query(parse_query(text, searcher.schema, ranking, fields), text, ranking)
        long_questions += type(plan.primary).__name__ == "CoordinatedOr"
        for depth in (1, 10, 1000, 5000):
            hits, _ = run_plan(searcher, plan, limit=depth, ranking=ranking)
            assert first_scores(searcher, plan, depth, ranking) == [(hit.docnum, hit.score) for hit in hits], text
    assert long_questions >= 12  # the array path, not only the collector path, was compared


def test_without_numpy_the_order_is_the_same(monkeypatch):
    from array import array

    chance = random.Random(5)
    parts = [
        (start, array("d", [chance.choice([0.0, 1.0, 1.5, chance.random()]) for _ in range(700)]))
        for start in (0, 700, 1400)
    ]
    with_numpy = top_of_parts(parts, 300)
    monkeypatch.setitem(sys.modules, "numpy", None)  # import numpy now raises ImportError
    assert top_of_parts(parts, 300) == with_numpy
    scores = [score for _, score in with_numpy]
    assert scores == sorted(scores, reverse=True)
    assert all(a[0] < b[0] for a, b in itertools.pairwise(with_numpy) if a[1] == b[1])  # ties: lower docnum
