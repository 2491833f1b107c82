"""Ranking behaviour analysts rely on (settings in searchnews/engine/whoosh/ranking.py, measured in BENCHMARKS.md)."""

from __future__ import annotations

import pytest
from conftest import json_lines, write_corpus

from searchnews.cli.commands import cli

# Four articles about one story, each holding a different share of the words of a long query.
STORY = {
    "all.txt": "Regulator fines platform\n\nThe market regulator fined the delivery platform over worker pay rules.\n",
    "three.txt": "Platform pay under review\n\nThe regulator is reviewing pay rules for couriers at a delivery platform.\n",
    "one.txt": "Weather delays harvest\n\nA cold spring delayed the harvest; the regulator said nothing.\n",
    "none.txt": "Chip exports slow\n\nSemiconductor exports slowed in the second quarter.\n",
}


def query_ids(runner, index_dir, *args: str) -> list[str]:
    result = runner.invoke(cli, ["query", *args, "--json", "--index", str(index_dir)])
    assert result.exit_code in (0, 1), result.output
    return [str(hit["id"]) for hit in json_lines(result.stdout)]


def test_long_query_lists_articles_with_every_word_first_then_partial_matches(runner, tmp_path):
    write_corpus(tmp_path / "c", STORY)
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    ids = query_ids(runner, tmp_path / "i", "regulator fined delivery platform worker pay")  # 6 words
    assert ids[0] == "all.txt"  # the only article with every word
    assert ids[1:] == ["three.txt", "one.txt"]  # then by how well the rest match; no match at all: not listed


def test_hyphenated_word_in_a_long_query_matches_either_part(runner, tmp_path):
    write_corpus(tmp_path / "c", {
        "a.txt": "Talks on trade\n\nSino and Soviet negotiators met about trade quotas and border posts.\n",
        "b.txt": "Border posts\n\nNegotiators met about border posts; trade was not discussed.\n",
    })
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    assert query_ids(runner, tmp_path / "i", "sino-soviet trade quotas talks")[0] == "a.txt"


def test_article_with_the_query_words_side_by_side_ranks_above_one_with_them_far_apart(runner, tmp_path):
    talks = "Ministers met again on Monday; after many hours of talks in the capital the two delegations finally agreed a"
    write_corpus(tmp_path / "c", {  # same words, same length: BM25 ties them, and a tie keeps ingest order
        "far.txt": f"Monday meeting\n\nTrade {talks.lower()} deal.\n",
        "near.txt": f"Monday meeting\n\n{talks} trade deal.\n",
    })
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    assert query_ids(runner, tmp_path / "i", "trade deal", "--all") == ["near.txt", "far.txt"]


def test_recency_option_lifts_the_newer_of_two_equally_relevant_articles(runner, tmp_path):
    body = "The export licence rules for advanced chips were tightened again this week, officials said."
    write_corpus(tmp_path / "c", {
        "old.txt": f"Export rules tightened\n\nPublished: 3 March 2020\n\n{body}\n",
        "new.txt": f"Export rules tightened\n\nPublished: 3 March 2023\n\n{body} More follows.\n",
        "undated.txt": ("Licence backlog\n\nSmall exporters across the region said they waited many months for a "
                        "licence under the old rules, and some gave up on the paperwork before the deadline.\n"),  # no date
    })
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    plain = query_ids(runner, tmp_path / "i", "export licence rules", "--all")  # --all: no folding of the near-copies
    assert plain.index("old.txt") < plain.index("new.txt")  # shorter: BM25 prefers it
    recent = query_ids(runner, tmp_path / "i", "export licence rules", "--all", "--recency", "365")
    assert recent.index("new.txt") < recent.index("old.txt")
    assert "undated.txt" in recent  # an undated article gets no bonus, and no error


def test_recency_must_be_a_positive_number_of_days(runner, small_index):
    result = runner.invoke(cli, ["query", "alibaba", "--recency", "0", "--index", str(small_index)])
    assert result.exit_code == 2


def test_an_article_without_headline_shows_its_lead_as_title_but_is_not_searched_as_one(runner, tmp_path):
    write_corpus(tmp_path / "c", {
        "lead.txt": "The regulator fined the delivery platform over pay rules for its couriers, officials said on Monday.\n",
        "headed.txt": "Regulator fines platform\n\nThe market regulator fined a platform over worker pay rules.\n",
    })
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    result = runner.invoke(cli, ["query", "regulator", "--json", "--index", str(tmp_path / "i")])
    titles = {hit["id"]: hit["title"] for hit in json_lines(result.stdout)}
    assert titles["lead.txt"].startswith("The regulator fined the delivery platform")  # shown
    assert titles["headed.txt"] == "Regulator fines platform"
    assert query_ids(runner, tmp_path / "i", "title:regulator") == ["headed.txt"]  # the lead is no headline


def test_us_is_a_word_not_a_stop_word(runner, tmp_path):
    write_corpus(tmp_path / "c", {
        "us.txt": "New sanctions\n\nThe US announced sanctions on three shipping firms this week.\n",
        "eu.txt": "More sanctions\n\nThe EU announced sanctions on three shipping firms this week.\n",
    })
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    assert query_ids(runner, tmp_path / "i", "US sanctions") == ["us.txt"]


def test_fast_length_table_scores_like_whoosh_bm25f(tmp_path):
    from whoosh import fields, index, scoring
    from whoosh import query as wq

    from searchnews.engine.whoosh.ranking import fast_bm25_model, length_tables

    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT()))
    with ix.writer() as writer:
        for count in range(1, 40):
            writer.add_document(body=" ".join(["pay"] * (count % 4 + 1) + ["filler"] * count * 7))

    def scores(model) -> list[tuple[int, float]]:
        with ix.searcher(weighting=model) as searcher:
            assert length_tables(searcher, "body", 0.75, 1.5) is not None  # the fast path is the one tested
            return [(hit.docnum, round(hit.score, 9)) for hit in searcher.search(wq.Term("body", "pay"), limit=None)]

    expected = scores(scoring.BM25F(B=0.75, K1=1.5))
    assert scores(fast_bm25_model()(B=0.75, K1=1.5)) == expected and len(expected) == 39


def test_any_word_top_hits_are_the_best_of_all_matches(tmp_path, monkeypatch):
    """The any-word matcher lets Whoosh skip articles that cannot make the top N; the top N must
    still be exactly the best of all matching articles, across several score arrays."""
    import random

    from whoosh import fields, index
    from whoosh import query as wq

    from searchnews.engine.whoosh.ranking import coordinated_query, weighting

    monkeypatch.setattr(coordinated_query().matcher_class, "part_size", 16)
    words = ["tariff", "steel", "quota", "export", "ban", "port", "grain", "yuan", "chip", "levy"]
    chance = random.Random(6)
    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT()))
    with ix.writer() as writer:
        for _ in range(150):
            writer.add_document(body=" ".join(chance.choice(words) for _ in range(chance.randint(3, 30))))
    for power in (0.0, 1.0):
        query = coordinated_query()([wq.Term("body", word) for word in words[:6]], power=power)
        with ix.searcher(weighting=weighting()) as searcher:
            every = [(round(hit.score, 9), hit.docnum) for hit in searcher.search(query, limit=None)]
            top = [(round(hit.score, 9), hit.docnum) for hit in searcher.search(query, limit=7)]
        best = sorted(every, key=lambda pair: (-pair[0], pair[1]))[:7]
        assert len(every) > 100 and [score for score, _ in top] == [score for score, _ in best]


@pytest.mark.parametrize("reuse", [False, True], ids=["fresh postings", "first pass postings"])
def test_proximity_rerank_adds_what_the_phrase_query_scores(tmp_path, reuse):
    """The proximity rerank reads positions of the top candidates only; each candidate's new score
    must equal its score under the Phrase(slop) query over all matches (round 2's proximity), across
    posting blocks and segments, also when it rereads the postings (and kept blocks) that the first
    pass opened, which skipped blocks and left them half read."""
    import itertools
    import random

    from whoosh import fields, index
    from whoosh import query as wq

    from searchnews.engine.whoosh.ranking import (
        SHIPPED,
        QueryPlan,
        rerank_by_proximity,
        run_plan,
        weighting,
        with_changes,
    )

    words = ["tariff", "steel", "quota", "export", "ban", "port", "grain", "yuan", "chip", "levy"]
    chance = random.Random(7)
    ix = index.create_in(str(tmp_path), fields.Schema(body=fields.TEXT()))
    for _ in range(2):  # two segments, each with several posting blocks per word
        with ix.writer() as writer:
            writer.merge = False
            for _ in range(300):
                writer.add_document(body=" ".join(chance.choice(words) for _ in range(chance.randint(3, 40))))
    ranking = with_changes(SHIPPED, proximity_boost=0.1, proximity_slop=4, proximity_candidates=120)
    typed = ["steel", "export", "ban", "levy"]
    first = wq.Or([wq.Term("body", word) for word in typed])
    pairs = list(itertools.pairwise(typed))
    near = wq.Or([wq.Phrase("body", list(pair), slop=4, boost=0.1) for pair in pairs])
    with ix.searcher(weighting=weighting(ranking)) as searcher:
        assert not searcher.reader().is_atomic()
        expected = {hit.docnum: hit.score for hit in searcher.search(wq.AndMaybe(first, near), limit=None)}
        plan = QueryPlan(first, near_pairs=pairs)
        if reuse:
            reranked, _ = run_plan(searcher, plan, limit=400, ranking=ranking)
        else:
            hits = [*iter(searcher.search(first, limit=400))]
            reranked = rerank_by_proximity(searcher, hits, plan.near_pairs, ranking)
        head = reranked[:120]
        assert sum(1 for hit in head if abs(hit.score - expected[hit.docnum]) < 1e-9) == 120
        assert [hit.score for hit in head] == sorted((hit.score for hit in head), reverse=True)
        assert min(hit.score for hit in head) >= max(hit.score for hit in reranked[120:])



def test_title_pairs_let_a_title_with_the_words_side_by_side_keep_its_lead(tmp_path):
    """proximity_title: a pair near each other in the title earns the bonus too (once, in the better
    field); without it only the body's pair counts, which lifts a body match over a title match."""
    from whoosh import fields, index
    from whoosh import query as wq

    from searchnews.engine.whoosh.ranking import SHIPPED, rerank_by_proximity, weighting, with_changes

    ix = index.create_in(str(tmp_path), fields.Schema(title=fields.TEXT(), body=fields.TEXT()))
    with ix.writer() as writer:
        writer.add_document(title="chip makers report", body="export controls were mentioned once by the makers")
        writer.add_document(title="export controls tighten", body="the quarter was mixed for makers")
    query = wq.Or([wq.Term(field, word) for word in ("export", "controls") for field in ("title", "body")])
    for title_pairs in (False, True):
        ranking = with_changes(SHIPPED, proximity_boost=5.0, proximity_candidates=10, proximity_title=title_pairs)
        with ix.searcher(weighting=weighting(ranking)) as searcher:
            hits = [*iter(searcher.search(query, limit=10))]
            before = {hit.docnum: hit.score for hit in hits}
            after = {hit.docnum: hit.score for hit in rerank_by_proximity(searcher, hits, [("export", "controls")],
                                                                           ranking)}
        assert after[0] > before[0]  # the body pair counts either way
        assert (after[1] > before[1]) is title_pairs


def scored_ids(runner, index_dir, text: str) -> list[tuple[str, float]]:
    result = runner.invoke(cli, ["query", text, "--json", "--all", "--index", str(index_dir)])
    assert result.exit_code in (0, 1), result.output
    return [(str(hit["id"]), hit["score"]) for hit in json_lines(result.stdout)]


@pytest.mark.parametrize("words", [
    "regulator fined delivery platform worker pay",
    "pay rules for couriers",
    "the regulator said nothing about chip exports",
    "semiconductor exports regulator harvest",
])
def test_words_joined_with_or_rank_the_same_articles_the_same_way_as_the_plain_words(runner, tmp_path, words):
    write_corpus(tmp_path / "c", STORY)
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    plain = scored_ids(runner, tmp_path / "i", words)
    assert plain  # the plain words (4+: any of them) find something
    assert scored_ids(runner, tmp_path / "i", " OR ".join(words.split())) == plain


def test_a_question_mark_ending_a_word_is_punctuation_not_a_wildcard(runner, tmp_path):
    write_corpus(tmp_path / "c", STORY)
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    question = "which regulator fined the delivery platform over pay?"
    assert scored_ids(runner, tmp_path / "i", question) == scored_ids(runner, tmp_path / "i", question.rstrip("?"))
    assert scored_ids(runner, tmp_path / "i", "pay? couriers?")[0][0] == "three.txt"
    assert {hit for hit, _ in scored_ids(runner, tmp_path / "i", "platf?rm")} == {"all.txt", "three.txt"}  # inside a word: a wildcard


def test_a_question_mark_starting_a_word_is_a_quote_mark(runner, tmp_path):
    write_corpus(tmp_path / "c", STORY)
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    assert scored_ids(runner, tmp_path / "i", "the ?pay? rules") == scored_ids(runner, tmp_path / "i", "the pay rules")


@pytest.mark.parametrize("question", [
    'the regulator said "nothing" about chip exports',  # a quoted word (CISI: their "distances")
    "delivery platforms: pay rules for couriers",  # a colon ending a word (CISI: "fuzzy requests: an approach")
    "chip exports -dash semiconductor harvest",  # a leading dash (Cranfield: "methods -dash exact")
    "the couriers 'pay' at a delivery platform",  # a word in single quotes (CISI: concepts 'a' and 'b')
    "+regulator fined the delivery platform",
])
def test_punctuation_in_a_typed_question_ranks_as_its_words_joined_with_or(runner, tmp_path, question):
    write_corpus(tmp_path / "c", STORY)
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    plain = scored_ids(runner, tmp_path / "i", question)
    words = [word.strip("\"':+-") for word in question.split()]
    assert len(plain) >= 2  # any of the words, not an AND of all of them (which matched none or one)
    assert plain == scored_ids(runner, tmp_path / "i", " OR ".join(word for word in words if word))


def test_a_quoted_phrase_in_a_question_is_one_clause_not_a_demand_for_every_word(runner, tmp_path):
    write_corpus(tmp_path / "c", STORY)
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    ids = [hit for hit, _ in scored_ids(runner, tmp_path / "i", 'which regulator fined the "delivery platform" over harvest')]
    assert ids[0] == "all.txt"  # the phrase and most words
    assert "one.txt" in ids  # 'regulator' and 'harvest' alone still find it
    assert "three.txt" in ids


def test_a_word_repeated_in_a_question_weighs_more(runner, tmp_path):
    write_corpus(tmp_path / "c", {
        "couriers.txt": "Couriers strike\n\nCouriers walked out over pay in the north.\n",
        "harvest.txt": "Harvest news\n\nThe harvest was late this year in the north.\n",
    })
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    assert query_ids(runner, tmp_path / "i", "couriers couriers couriers harvest north")[0] == "couriers.txt"
    assert query_ids(runner, tmp_path / "i", "harvest harvest harvest couriers north")[0] == "harvest.txt"


def test_function_words_of_a_question_do_not_find_articles_on_their_own(runner, tmp_path):
    write_corpus(tmp_path / "c", {
        "couriers.txt": "Couriers strike\n\nCouriers walked out over pay in the north.\n",
        "filler.txt": "Notes\n\nWhat there was, and what there were, is what they said there.\n",
    })
    runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    assert query_ids(runner, tmp_path / "i", "what were there couriers doing") == ["couriers.txt"]
