"""The "N matches" total of a filtered or faceted query counts every matching article exactly,
though it is now counted while the hits are ranked instead of by a second run of the query."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from searchnews.cli.commands import cli
from searchnews.engine.whoosh.search import SearchRequest, search


def all_matches(index, text: str, **options) -> int:
    """Every match listed one by one, copies included: what the total must equal."""
    return len(search(index, SearchRequest(text, limit=100000, fold=False, **options), snippets=False).hits)


def test_filtered_total_counts_every_matching_article_the_filters_let_through(shipped_index):
    for text, options in (("china OR market OR company", {"since": "2021-06"}), ("market", {"until": "2022-12"}),
                          ('"last year"', {"since": "2020"})):
        expected = all_matches(shipped_index, text, **options)
        assert expected > 1, text
        assert search(shipped_index, SearchRequest(text, limit=1, **options), snippets=False).total == expected, text


def test_faceted_total_equals_the_articles_the_facets_count(shipped_index):
    for text in ("china OR market", "market", "china"):
        expected = all_matches(shipped_index, text)
        result = search(shipped_index, SearchRequest(text, limit=1, facets=("company",), facet_limit=None),
                        snippets=False)
        assert result.total == expected, text


# --- issue 11: exact totals, segments without dates, --sort date, suggestions for scripts ------------



def test_footer_total_is_the_exact_number_of_matches_not_whooshs_estimate(runner, shipped_index):
    listed = all_matches(shipped_index, "common prosperity")
    result = runner.invoke(cli, ["query", "common prosperity", "--index", str(shipped_index)])
    assert result.exit_code == 0
    footer = result.stdout.strip().splitlines()[-1]
    assert f"of {listed} matching articles" in footer, footer  # was "9 of 13" (an estimate) with 9 matches


def test_deleted_articles_are_never_counted(tmp_path, runner):
    corpus = tmp_path / "corpus"
    (corpus / "a").mkdir(parents=True)
    for name in ("one", "two"):
        (corpus / "a" / f"{name}.txt").write_text(f"Tariff note {name}\n\nOfficials discussed the tariff plan {name} "
                                                  "at length in the meeting.\n", encoding="utf-8")
    index = tmp_path / "index"
    assert runner.invoke(cli, ["ingest", str(corpus), "--index", str(index)]).exit_code == 0
    (corpus / "a" / "two.txt").write_text("Weather\n\nRain is expected over the weekend in the north.\n", encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(corpus), "--index", str(index)]).exit_code == 0
    one = runner.invoke(cli, ["query", "tariff", "--index", str(index)])
    assert one.exit_code == 0 and one.stdout.strip().endswith("1 of 1 matching articles"), one.stdout
    (corpus / "a" / "one.txt").unlink()
    assert runner.invoke(cli, ["ingest", str(corpus), "--index", str(index)]).exit_code == 0
    none = runner.invoke(cli, ["query", "tariff", "--index", str(index), "--no-suggest"])
    assert none.exit_code == 1 and "past the last result" not in none.stderr, none.stderr


def undated_then_dated(tmp_path: Path, runner) -> Path:
    """3 undated files, ingest, 1 dated file, ingest: one segment holds no dated article."""
    corpus = tmp_path / "corpus"
    (corpus / "a").mkdir(parents=True)
    for number in range(3):
        (corpus / "a" / f"u{number}.txt").write_text(f"Undated note {number}\n\nThe tariff plan was discussed by "
                                                     f"officials at length, item {number}.\n", encoding="utf-8")
    index = tmp_path / "index"
    assert runner.invoke(cli, ["ingest", str(corpus), "--index", str(index)]).exit_code == 0
    (corpus / "a" / "d.txt").write_text("Tariff news\n\nPublished: 7 October 2022\n\nThe tariff plan was discussed "
                                        "by officials.\n", encoding="utf-8")
    assert runner.invoke(cli, ["ingest", str(corpus), "--index", str(index)]).exit_code == 0
    return index


def test_stats_and_timeline_work_when_a_segment_has_no_dated_article(tmp_path, runner):
    index = undated_then_dated(tmp_path, runner)
    stats = runner.invoke(cli, ["stats", "--json", "--index", str(index)])
    assert stats.exit_code == 0, stats.output
    record = json.loads(stats.stdout)
    assert (record["articles"], record["undated"], record["earliest"]) == (4, 3, "2022-10-07")
    timeline = runner.invoke(cli, ["timeline", "tariff", "--by", "year", "--json", "--index", str(index)])
    assert timeline.exit_code == 0, timeline.output
    counts = {row["period"]: row["count"] for row in map(json.loads, timeline.stdout.splitlines())}
    assert counts == {"2022": 1, "undated": 3}


def test_sort_by_date_is_newest_first_undated_last_with_relevance_scores(tmp_path, runner, shipped_index):
    rows = [json.loads(line) for line in runner.invoke(
        cli, ["query", "china", "--sort", "date", "--json", "-n", "1000", "--all", "--index", str(shipped_index)]
    ).stdout.splitlines()]
    dates = [row["date"] for row in rows]
    dated = [date for date in dates if date]
    assert dated and dates[:len(dated)] == dated, "undated articles come last"
    assert [date[:4] for date in dated] == sorted((date[:4] for date in dated), reverse=True)
    by_relevance = {row["id"]: row["score"] for row in map(json.loads, runner.invoke(
        cli, ["query", "china", "--json", "-n", "1000", "--all", "--index", str(shipped_index)]).stdout.splitlines())}
    assert {row["id"]: row["score"] for row in rows} == by_relevance  # the score is relevance, not the sort key
    assert max(by_relevance.values()) < 1000
    index = undated_then_dated(tmp_path, runner)
    small = runner.invoke(cli, ["query", "tariff", "--sort", "date", "--json", "--all", "--index", str(index)])
    assert [json.loads(line)["date"] for line in small.stdout.splitlines()] == ["2022-10-07", None, None, None]


def test_scripts_get_no_silent_replacement_from_did_you_mean(shipped_index):
    runner = CliRunner()
    for option in ("--json", "--csv"):
        result = runner.invoke(cli, ["query", "comon prosparity", option, "--index", str(shipped_index)])
        assert result.exit_code == 1, result.output
        assert len(result.stdout.splitlines()) == (1 if option == "--csv" else 0)  # a CSV header, no rows
        assert "did you mean 'common prosperity'" in result.stderr
    typed = runner.invoke(cli, ["query", "comon prosparity", "--no-suggest", "--index", str(shipped_index)])
    assert typed.exit_code == 1 and "common prosperity" not in typed.stderr and not typed.stdout


def test_a_long_query_lists_the_same_articles_past_the_first_score_block():
    """Four plain words (any may match) are scored in blocks of 2,048 articles; the list of matching
    articles used by timeline and every count read a stale block past the first one."""
    import random

    from whoosh import query as wq
    from whoosh.filedb.filestore import RamStorage

    from searchnews.engine.whoosh.ranking import SHIPPED, plan_query, weighting
    from searchnews.engine.whoosh.schema import build_schema
    from searchnews.engine.whoosh.search import make_parser

    rng = random.Random(5)
    words = ("tariff", "quota", "levy", "duty", "steel", "grain")
    ix = RamStorage().create_index(build_schema())
    with ix.writer() as writer:
        for number in range(6000):
            body = " ".join(rng.sample(words, rng.randint(0, 3))) + f" filler{number % 7}"
            writer.add_document(id=str(number), title="", body=body)
    text = "tariff quota levy duty"
    with ix.searcher(weighting=weighting(SHIPPED)) as searcher:
        parsed = make_parser(ix.schema).parse(text)
        plan = plan_query(parsed, text)
        stems = [term.decode() if isinstance(term, bytes) else term
                 for word in text.split() for term in ix.schema["body"].process_text(word)]
        union = set(searcher.docs_for_query(wq.Or([wq.Term("body", stem) for stem in stems])))
        assert len(union) > 2048 + 50  # the matches run past the first block
        assert set(searcher.docs_for_query(plan.primary)) == union
        ranked = searcher.search(plan.primary, limit=None, optimize=False)
        assert {hit.docnum for hit in ranked} == union
