"""The relevance benchmark's pipeline (benchmarks/relevance) on a few TIME queries: the articles go
through `searchnews ingest`, the queries through search(), and ir-measures scores the run file.
Needs the TIME collection (shared/data/time) and ir-measures; skips, saying why, without them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))  # benchmarks/ is not an installed package

from benchmarks.relevance import collection as time_collection  # noqa: E402

QUERY_IDS = ["1", "4", "15", "37", "65"]
OTHER_ARTICLES = 40  # unjudged articles indexed beside the judged ones, so ranking has work to do

pytestmark = pytest.mark.skipif(
    not (time_collection.DEFAULT_DATA / "docs.jsonl").is_file(),
    reason=f"TIME collection not found at {time_collection.DEFAULT_DATA} (shared data is optional)",
)


@pytest.fixture(scope="module")
def small_time(tmp_path_factory: pytest.TempPathFactory):
    full = time_collection.load().subset(QUERY_IDS)
    judged = {doc for docs in full.qrels.values() for doc in docs}
    docs = [doc for doc in full.docs if doc["id"] in judged] + [doc for doc in full.docs if doc["id"] not in judged][:OTHER_ARTICLES]
    return time_collection.Collection(docs, full.queries, full.qrels), tmp_path_factory.mktemp("time")


def test_benchmark_run_file_is_trec_format_and_scores_are_in_range(small_time):
    pytest.importorskip("ir_measures", reason="ir-measures not installed (pip install '.[bench]')")
    from benchmarks.relevance.evaluate import MEASURES, rank_all, score_run, write_run
    from benchmarks.relevance.systems import Searchnews, build_index
    from searchnews.engine.whoosh.ranking import SHIPPED

    collection, work = small_time
    id_map = time_collection.write_corpus(collection, work / "corpus")
    build_index(SHIPPED, work / "corpus", work / "index")
    system = Searchnews(SHIPPED, work / "index", id_map)
    run_path = work / "shipped.run"
    write_run(run_path, "shipped", rank_all(system.rank, collection))
    system.close()

    known_docs = {doc["id"] for doc in collection.docs}
    by_query: dict[str, list[tuple[int, float, str]]] = {}
    for line in run_path.read_text(encoding="utf-8").splitlines():
        query_id, q0, doc_id, rank, score, tag = line.split()
        assert q0 == "Q0" and tag == "shipped"
        assert query_id in collection.queries and doc_id in known_docs
        by_query.setdefault(query_id, []).append((int(rank), float(score), doc_id))
    assert set(by_query) == set(QUERY_IDS)  # every query found something
    for rows in by_query.values():
        assert [rank for rank, _, _ in rows] == list(range(1, len(rows) + 1))
        scores = [score for _, score, _ in rows]
        assert scores == sorted(scores, reverse=True) and len(set(scores)) == len(scores)
        assert len({doc for _, _, doc in rows}) == len(rows)

    scores = score_run(run_path, collection)
    assert set(scores.mean) == set(MEASURES)
    assert all(0.0 <= value <= 1.0 for value in scores.mean.values())
    assert scores.mean["AP"] > 0.0 and scores.mean["R@100"] > 0.0  # a run that finds nothing relevant is broken



def test_query_forms_are_the_question_and_its_words_joined_with_or():
    from benchmarks.relevance.collections import typed, words

    question = "what problems are there in (medlars)? how does it operate?"
    assert typed(question, "plain") == question
    assert typed(question, "OR") == "what OR problems OR are OR there OR in OR medlars OR how OR does OR it OR operate"
    assert words(question)[-1] == "operate"


@pytest.mark.skipif(not (time_collection.DATA_ROOT / "cisi" / "qrels.tsv").is_file(), reason="CISI not in shared data")
def test_every_system_and_form_is_scored_on_a_titled_collection(tmp_path):
    pytest.importorskip("bm25s", reason="bm25s not installed (pip install '.[bench]')")
    from benchmarks.relevance.collections import BASELINES, FORMS, SHIPPED_NAME, Config, run_config
    from searchnews.engine.whoosh.ranking import SHIPPED

    full = time_collection.judged_only(time_collection.load(time_collection.DATA_ROOT / "cisi"))
    small = full.subset(sorted(full.queries, key=int)[:3])
    judged = {doc for docs in small.qrels.values() for doc in docs}
    docs = [doc for doc in small.docs if doc["id"] in judged] + [doc for doc in small.docs if doc["id"] not in judged][:30]
    config = Config("cisi, titles", time_collection.Collection(docs, small.queries, small.qrels), True)
    run_config(config, {SHIPPED_NAME: SHIPPED}, tmp_path, repeats=1)
    assert set(config.scores) == {(name, "same words") for name in BASELINES} | {(SHIPPED_NAME, f) for f in FORMS}
    assert all(scores.mean["AP"] > 0 for scores in config.scores.values())
    assert config.errors[(SHIPPED_NAME, "plain")] == 0  # CISI's '?'s are punctuation, its long questions allowed
    assert set(config.latency) == {("Whoosh default", "same words"), (SHIPPED_NAME, "plain"), (SHIPPED_NAME, "OR")}


def test_grid_judges_a_ranking_by_its_worst_collection_and_by_held_out_questions():
    from benchmarks.relevance.collection import Collection
    from benchmarks.relevance.collections import BASELINES, Config
    from benchmarks.relevance.evaluate import Scores
    from benchmarks.relevance.grid import worst

    def per_query(first: float, second: float) -> dict[str, dict[str, float]]:
        return {"1": {"AP": first, "nDCG@10": first}, "2": {"AP": second, "nDCG@10": second}}

    configs = [Config(name, Collection([], {"1": "a", "2": "b"}, {"1": {"x": 1}, "2": {"y": 1}}), False)
               for name in ("one", "two")]
    for config in configs:
        for name in BASELINES:
            config.scores[(name, "same words")] = Scores({}, per_query(0.5, 0.5))
    configs[0].scores[("steady", "plain")] = Scores({}, per_query(0.5, 0.5))
    configs[1].scores[("steady", "plain")] = Scores({}, per_query(0.5, 0.5))
    configs[0].scores[("uneven", "plain")] = Scores({}, per_query(1.0, 1.0))
    configs[1].scores[("uneven", "plain")] = Scores({}, per_query(0.25, 0.5))
    assert worst(configs, "steady", "plain") == 1.0
    assert worst(configs, "uneven", "plain") == 0.75  # 2x on collection one, 0.75x on collection two
    assert worst(configs, "uneven", "plain", parity=0) == 1.0  # question 2 only
    assert worst(configs, "uneven", "plain", parity=1) == 0.5  # question 1 only
