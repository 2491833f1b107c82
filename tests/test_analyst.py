"""The analyst's search (issue 5): facets, timeline, did-you-mean, similar, repost folding,
paging, CSV export, highlighted articles, and queries that must never crash the tool."""

from __future__ import annotations

import csv
import io
import random
import shutil

from conftest import SHIPPED_CORPUS, json_lines, write_corpus
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from searchnews.cli.commands import cli

ORIGINAL = "bloomberg/2023-03-28-alibaba-split-six-units.txt"
REPOST = "blogs/2023-03-29-alibaba-to-split-into-six-units.txt"


def run_json(runner, index, *args: str) -> list[dict]:
    result = runner.invoke(cli, [*args, "--json", "--index", str(index)])
    assert result.exit_code in (0, 1), result.output
    return json_lines(result.stdout)


def every_match(runner, index, query: str) -> list[dict]:
    """All matching articles, every copy included."""
    return run_json(runner, index, "query", query, "--all", "--limit", "10000")


# --- facets -----------------------------------------------------------------------------------

def test_facet_counts_equal_the_number_of_matching_articles_per_value(runner, shipped_index):
    hits = every_match(runner, shipped_index, "alibaba OR tencent")
    assert len(hits) > 10
    for facet, key in (("company", "companies"), ("person", "persons"), ("outlet", "source")):
        rows = run_json(runner, shipped_index, "query", "alibaba OR tencent", "--facet", facet)
        assert rows, facet
        for row in rows:
            expected = sum(
                1 for hit in hits
                if str(row["value"]).casefold() in {str(v).casefold() for v in (hit[key] if isinstance(hit[key], list) else [hit[key]])}
            )
            assert row["count"] == expected, (facet, row)
        counted = {str(row["value"]).casefold() for row in rows}
        named = {str(v).casefold() for hit in hits for v in (hit[key] if isinstance(hit[key], list) else [hit[key]]) if v}
        assert counted == named, facet  # --facet lists every value, not just the top ten


def test_facets_count_all_matches_not_just_the_page_shown(runner, shipped_index):
    result = runner.invoke(cli, ["query", "alibaba", "--limit", "1", "--facets", "--index", str(shipped_index)])
    assert result.exit_code == 0
    companies = next(line for line in result.stdout.splitlines() if line.startswith("companies: "))
    alibaba_articles = len([hit for hit in every_match(runner, shipped_index, "alibaba") if "Alibaba" in hit["companies"]])
    assert alibaba_articles > 1
    assert f"Alibaba ({alibaba_articles})" in companies


def test_facets_count_only_the_articles_the_filters_let_through(runner, shipped_index):
    options = ["--since", "2021-06", "--company", "tencent"]
    hits = run_json(runner, shipped_index, "query", "china", "--all", "--limit", "10000", *options)
    everything = every_match(runner, shipped_index, "china")
    assert 0 < len(hits) < len(everything)
    rows = run_json(runner, shipped_index, "query", "china", "--facet", "outlet", *options)
    assert sum(int(row["count"]) for row in rows) == len([hit for hit in hits if hit["source"]])


def test_a_full_facet_in_a_pipe_is_one_value_per_line(runner, shipped_index):
    rows = run_json(runner, shipped_index, "query", "alibaba OR tencent", "--facet", "company")
    piped = runner.invoke(cli, ["query", "alibaba OR tencent", "--facet", "company", "--index", str(shipped_index)])
    assert piped.exit_code == 0
    lines = [line.split("\t") for line in piped.stdout.splitlines()]
    assert lines == [["company", str(row["count"]), row["value"]] for row in rows]


def test_unknown_facet_is_a_clear_error(runner, shipped_index):
    result = runner.invoke(cli, ["query", "alibaba", "--facet", "colour", "--index", str(shipped_index)])
    assert result.exit_code == 2 and "unknown facet 'colour'" in result.stderr


# --- timeline ---------------------------------------------------------------------------------

def test_timeline_buckets_sum_to_the_hit_count(runner, shipped_index):
    for query in ("common prosperity", "alibaba OR tencent OR chips", "antitrust"):
        hits = every_match(runner, shipped_index, query)
        for by in ("year", "month", "week"):
            buckets = run_json(runner, shipped_index, "timeline", query, "--by", by)
            assert sum(int(bucket["count"]) for bucket in buckets) == len(hits), (query, by)


def test_year_only_dates_get_their_own_bucket_not_january(runner, shipped_index):
    hits = every_match(runner, shipped_index, "common prosperity")
    year_only = [hit for hit in hits if hit["date"] == "2021"]
    assert year_only, "the shipped corpus has 2021 articles dated only to the year"
    buckets = {bucket["period"]: bucket for bucket in run_json(runner, shipped_index, "timeline", "common prosperity")}
    assert buckets["2021 (month unknown)"]["count"] == len(year_only)
    assert buckets.get("2021-01", {"count": 0})["count"] == len([h for h in hits if str(h["date"]).startswith("2021-01")])
    undated = len([hit for hit in hits if not hit["date"]])
    assert buckets.get("undated", {"count": 0})["count"] == undated


def test_timeline_by_week_keeps_month_only_dates_apart_and_fills_gaps():
    from searchnews.query.timeline import build_timeline

    buckets = build_timeline(["2021-09-26", "2021-09-28", "2021-09", "2021-10-04", "2021", ""], by="week")
    counts = {bucket.period: bucket.count for bucket in buckets}
    assert counts["2021-W38"] == 1 and counts["2021-W39"] == 1 and counts["2021-W40"] == 1
    assert counts["2021-09 (day unknown)"] == 1 and counts["2021 (month unknown)"] == 1 and counts["undated"] == 1
    assert sum(counts.values()) == 6
    periods = [bucket.period for bucket in buckets]
    assert periods.index("2021-W39") < periods.index("2021-09 (day unknown)") < periods.index("2021-W40")


def test_a_timeline_chart_shows_a_run_of_empty_weeks_as_one_line(capsys):
    from searchnews.cli.render import render_timeline
    from searchnews.query.timeline import build_timeline

    buckets = build_timeline(["2021-01-04", "2021-01-05", "2021-03-01", "2021-03-09", "2021-03-16"], by="week")
    assert len(buckets) == 11  # W01 ... W11, every week in between kept (JSON and CSV show them all)
    render_timeline(buckets, width=60, unit="week")
    lines = capsys.readouterr().out.splitlines()
    assert any("7 weeks with no matching articles" in line for line in lines)  # W02 ... W08
    assert [line.split()[0] for line in lines[:1]] == ["2021-W01"] and "2021-W09" in lines[2]
    assert len(lines) == 6  # W01, the gap, W09, W10, W11, the total
    assert lines[-1] == "5 matching articles"


def test_timeline_chart_and_csv(runner, shipped_index):
    chart = runner.invoke(cli, ["timeline", "alibaba", "--by", "year", "--index", str(shipped_index)])
    assert chart.exit_code == 0 and "█" in chart.stdout and "2021" in chart.stdout
    table = runner.invoke(cli, ["timeline", "alibaba", "--by", "year", "--csv", "--index", str(shipped_index)])
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert list(rows[0]) == ["period", "start", "end", "count", "precise"]
    missing = runner.invoke(cli, ["timeline", "zeppelin", "--index", str(shipped_index)])
    assert missing.exit_code == 1


# --- repost folding ----------------------------------------------------------------------------

def test_a_reposted_story_is_one_hit_and_all_shows_both(runner, shipped_index):
    folded = run_json(runner, shipped_index, "query", "alibaba six units", "--limit", "50")
    ids = [hit["id"] for hit in folded]
    assert (ORIGINAL in ids) != (REPOST in ids), ids
    story = next(hit for hit in folded if hit["id"] in (ORIGINAL, REPOST))
    assert story["duplicates"] == [REPOST if story["id"] == ORIGINAL else ORIGINAL]
    assert len(story["also_in"]) == 1
    every = [hit["id"] for hit in run_json(runner, shipped_index, "query", "alibaba six units", "--all", "--limit", "50")]
    assert ORIGINAL in every and REPOST in every
    assert len(every) == len(ids) + 1


def test_plain_output_says_where_else_the_story_ran(runner, shipped_index):
    result = runner.invoke(cli, ["query", "alibaba six units", "--index", str(shipped_index)])
    assert "also in: " in result.stdout and (REPOST in result.stdout or ORIGINAL in result.stdout)
    assert "1 copy of shown stories folded in" in result.stdout


def test_folding_follows_incremental_ingest(runner, tmp_path):
    corpus = tmp_path / "corpus"
    for relative in (ORIGINAL, REPOST, "reuters/2021-10-08-meituan-fined-antitrust.txt"):
        (corpus / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(SHIPPED_CORPUS / relative, corpus / relative)
    index = tmp_path / "index"

    def ingest_and_query() -> list[dict]:
        assert runner.invoke(cli, ["ingest", str(corpus), "--index", str(index)]).exit_code == 0
        return run_json(runner, index, "query", "alibaba six units")

    def story_copies(hits: list[dict]) -> set[str]:
        assert len(hits) == 1, [hit["id"] for hit in hits]
        return {hits[0]["id"], *hits[0]["duplicates"]}

    assert story_copies(ingest_and_query()) == {ORIGINAL, REPOST}
    (corpus / REPOST).unlink()
    assert story_copies(ingest_and_query()) == {ORIGINAL}
    shutil.copy(SHIPPED_CORPUS / REPOST, corpus / REPOST)
    assert story_copies(ingest_and_query()) == {ORIGINAL, REPOST}


def test_similarity_estimate_tracks_true_jaccard():
    from searchnews.extract.fingerprint import shingles, signature, similarity

    rng = random.Random(5)
    vocabulary = [f"word{number}" for number in range(400)]
    base = [rng.choice(vocabulary) for _ in range(400)]
    for changed in (0, 20, 60, 150, 400):
        other = list(base)
        for position in rng.sample(range(len(base)), changed):
            other[position] = rng.choice(vocabulary) + "x"
        first, second = " ".join(base), " ".join(other)
        a, b = shingles(first), shingles(second)
        true = len(a & b) / len(a | b)
        assert abs(similarity(signature(first), signature(second)) - true) < 0.2, (changed, true)
    assert similarity(signature(""), signature("")) == 0.0


# --- did you mean -------------------------------------------------------------------------------

def test_misspelled_query_is_corrected_to_the_right_words(runner, shipped_index):
    from searchnews.engine.whoosh.search import SearchRequest, search

    result = runner.invoke(cli, ["query", "comon prosparity", "--index", str(shipped_index)])
    assert result.exit_code == 0
    assert "showing results for 'common prosperity'" in result.stderr
    corrected = [hit.id for hit in search(shipped_index, SearchRequest("comon prosparity")).hits]
    assert corrected == [hit["id"] for hit in run_json(runner, shipped_index, "query", "common prosperity")]


def test_misspelled_company_name_is_corrected(runner, shipped_index):
    from searchnews.engine.whoosh.search import SearchRequest, search

    result = search(shipped_index, SearchRequest("Tencnet"))
    assert result.suggestion == "Tencent" and result.corrected_from == "Tencnet" and result.total > 0
    field = search(shipped_index, SearchRequest("company:alibba"))
    assert field.suggestion == "company:alibaba" and field.total > 0


def test_known_words_and_hopeless_typos_get_no_suggestion(shipped_index):
    from searchnews.engine.whoosh.search import SearchRequest, search

    assert search(shipped_index, SearchRequest("tencent")).suggestion is None
    nothing = search(shipped_index, SearchRequest("qwxzvbn"))
    assert nothing.total == 0 and nothing.suggestion is None


# --- similar ------------------------------------------------------------------------------------

def test_similar_never_returns_the_article_itself_or_its_reposts(shipped_index):
    from searchnews.engine.whoosh.schema import iter_stored, open_index
    from searchnews.engine.whoosh.search import similar_articles

    ids = [str(fields["id"]) for fields in iter_stored(open_index(shipped_index))]
    assert len(ids) > 30
    for article_id in ids:
        found = [hit.id for hit in similar_articles(shipped_index, article_id, limit=10).hits]
        assert article_id not in found
        if article_id in (ORIGINAL, REPOST):
            assert ORIGINAL not in found and REPOST not in found


def test_similar_finds_articles_on_the_same_topic(runner, shipped_index):
    hits = run_json(runner, shipped_index, "similar", "bloomberg/2021-04-12-alibaba-record-antitrust-fine.txt", "--limit", "3")
    assert hits and all(hit["id"] != "bloomberg/2021-04-12-alibaba-record-antitrust-fine.txt" for hit in hits)
    assert any("Alibaba" in hit["companies"] for hit in hits)
    missing = runner.invoke(cli, ["similar", "nope.txt", "--index", str(shipped_index)])
    assert missing.exit_code == 2 and "no article" in missing.stderr


# --- paging, sorting, export --------------------------------------------------------------------

def test_pages_continue_where_the_previous_page_ended(runner, shipped_index):
    first_six = [hit["id"] for hit in run_json(runner, shipped_index, "query", "china", "--limit", "6")]
    page_one = [hit["id"] for hit in run_json(runner, shipped_index, "query", "china", "--limit", "3")]
    page_two = run_json(runner, shipped_index, "query", "china", "--limit", "3", "--page", "2")
    assert page_one + [hit["id"] for hit in page_two] == first_six
    plain = runner.invoke(cli, ["query", "china", "--limit", "3", "--page", "2", "--index", str(shipped_index)])
    assert plain.stdout.startswith("4. ") and "4-6 of " in plain.stdout


def test_sort_by_date_pages_newest_first(runner, shipped_index):
    dated = [hit["date"] for page in (1, 2)
             for hit in run_json(runner, shipped_index, "query", "china", "--sort", "date", "--limit", "4", "--page", str(page))]
    known = [date for date in dated if date]
    assert known == sorted(known, reverse=True)


def test_csv_has_the_json_columns(runner, shipped_index):
    hits = run_json(runner, shipped_index, "query", "alibaba")
    result = runner.invoke(cli, ["query", "alibaba", "--csv", "--index", str(shipped_index)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(hits[0])
    assert [row["id"] for row in rows] == [hit["id"] for hit in hits]
    assert rows[0]["companies"] == "; ".join(hits[0]["companies"])
    both = runner.invoke(cli, ["query", "alibaba", "--csv", "--json", "--index", str(shipped_index)])
    assert both.exit_code == 2


# --- show --query -------------------------------------------------------------------------------

def test_show_with_query_highlights_the_words_in_the_whole_article(runner, shipped_index, monkeypatch):
    from searchnews.engine.whoosh.search import HIGHLIGHT_END, HIGHLIGHT_START, highlight_article

    fields, _title, body = highlight_article(shipped_index, ORIGINAL, "jack ma OR hangzh*")
    assert body.count(f"{HIGHLIGHT_START}Jack{HIGHLIGHT_END}") == 2
    assert f"{HIGHLIGHT_START}Hangzhou{HIGHLIGHT_END}" in body
    assert body.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "") == fields["body"]
    monkeypatch.setattr("searchnews.cli.render.use_rich", lambda stream=None: True)
    result = runner.invoke(cli, ["show", ORIGINAL, "--query", "jack ma", "--index", str(shipped_index)])
    assert result.exit_code == 0 and "Jack Ma" in result.stdout and "\x02" not in result.stdout


# --- whatever the user types --------------------------------------------------------------------

def test_hard_queries_give_results_or_one_clear_error(runner, shipped_index):
    cases = {
        # Not well formed (issue 11): exit 2 with one line saying where, never a silent rewrite.
        '"common prosperity': (2,), "(alibaba OR tencent": (2,), "alibaba)": (2,), "AND": (2,), "NOT": (2,),
        "OR OR": (2,), "title:(": (2,), "((( tariffs": (2,), "tariffs AND": (2,), 'date:"x y"': (2,),
        "ali\x00ba\x1bba": (0, 1), "tencent\x07": (0,),
        "*ing": (2,), "?": (2,), "[a TO z]": (2,), "x" * 10_000: (2,),
    }
    for query, codes in cases.items():
        result = runner.invoke(cli, ["query", query, "--index", str(shipped_index)])
        assert result.exit_code in codes, (query[:40], result.exit_code, result.stderr)
        assert "internal error" not in result.stderr and "Traceback" not in result.output
        if result.exit_code == 2:
            assert len(result.stderr.strip().splitlines()) == 1


QUERY_PIECES = st.sampled_from(
    [*'abcz *?"()[]{}:^~-+\\/\'!&|.,<>=@#%\x00\x01\x1b\n\t',
     "AND", "OR", "NOT", "TO", "title:", "date:", "company:", "date:[", "common", "prosperity", "é", "共同", "2021"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=40), st.lists(QUERY_PIECES, max_size=16).map("".join)),
       command=st.sampled_from(["query", "timeline", "show"]))
def test_any_typed_query_gives_results_or_a_clear_error(runner, shipped_index, text, command):
    args = ["show", ORIGINAL, "--query", text] if command == "show" else [command, text]
    result = runner.invoke(cli, [*args, "--index", str(shipped_index)])
    assert result.exit_code in (0, 1, 2), (text, result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), (text, result.exception)
    assert "internal error" not in result.stderr and "Traceback" not in result.output, (text, result.stderr)


def test_small_corpus_folding_needs_no_shipped_data(runner, tmp_path):
    story = "Regulators fined the platform a record sum on Friday, citing abuse of its dominant position. " * 3
    corpus = write_corpus(tmp_path / "c", {
        "wire/a.txt": f"Platform fined\n\n{story}The company said it accepted the ruling.\n",
        "blog/b.txt": f"Platform fined!\n\n{story}The company said it accepted the ruling. Subscribe now.\n",
        "other/c.txt": "Chip rules tighten\n\nWashington restricted sales of advanced chips on Friday.\n",
    })
    runner.invoke(cli, ["ingest", str(corpus), "--index", str(tmp_path / "i")])
    hits = run_json(runner, tmp_path / "i", "query", "fined")
    assert len(hits) == 1 and len(hits[0]["duplicates"]) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_shingles_are_the_runs_of_five_words_joined_by_spaces(text):
    from searchnews.extract.fingerprint import SHINGLE_WORDS, WORD, shingles

    words = WORD.findall(text.casefold())
    expected = ({" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)}
                if len(words) > SHINGLE_WORDS else ({" ".join(words)} if words else set()))
    assert shingles(text) == expected
