"""--engine/--url (and SEARCHNEWS_ENGINE/SEARCHNEWS_URL) without a cluster: bad choices are one-line errors
(exit 2), the default engine is untouched, and the query language translates to the DSL the same way
the Whoosh engine parses it (no node needed for any of these)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from searchnews.cli.commands import cli
from searchnews.engine.whoosh.querytext import MAX_QUERY_CHARS
from searchnews.errors import UserError

pytest.importorskip("opensearchpy")


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


@pytest.mark.parametrize("args", [
    ["query", "tencent", "--engine", "opensearch"],  # no URL
    ["query", "tencent", "--engine", "opensearch", "--url", "ftp://x"],
    ["query", "tencent", "--engine", "opensearch", "--url", "http://127.0.0.1:1"],  # nothing listens there
    ["ingest", "corpus", "--engine", "opensearch", "--url", "http://127.0.0.1:1"],
    ["stats", "--engine", "opensearch", "--url", "http://127.0.0.1:1/Bad/Name"],
])
def test_engine_problems_are_one_line_errors(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1
    assert result.output.startswith("searchnews: ")


def test_unknown_engine_from_the_environment() -> None:
    result = run("stats", env={"SEARCHNEWS_ENGINE": "solr"})
    assert result.exit_code == 2 and "solr" in result.output


def test_default_engine_runs_the_whoosh_command(tmp_path) -> None:
    result = run("stats", "--index", str(tmp_path / "none"))
    assert result.exit_code == 2 and "no index here" in result.output and "ingest" in result.output


def test_url_lists_nodes_and_names_the_index() -> None:
    from searchnews.engine.opensearch.connection import parse_url

    target = parse_url("http://a:9201, b/news")
    assert target.hosts == ("http://a:9201", "http://b:9200") and target.index == "news"
    assert parse_url("https://u:p@h").hosts == ("https://u:p@h:443",)
    with pytest.raises(UserError):
        parse_url("http://h/_system")


@pytest.mark.parametrize(("text", "expected"), [
    ("date:[2021 TO 2022-03]", {"range": {"date": {"gte": "2021-01-01", "lte": "2022-03-31"}}}),
    ("company:\"Ant Group\"", {"term": {"company": {"value": "ant group", "boost": 1.0}}}),
    ("body:\"chip export\"~3", {"match_phrase": {"body": {"query": "chip export", "slop": 2, "boost": 1.0}}}),
    # a Chinese word is the phrase of its character bigrams, as on the Whoosh side (cjk.py)
    ("title:中国经济", {"match_phrase": {"title.cjk": {"query": "中国 国经 经济", "slop": 0, "boost": 1.0}}}),
])
def test_query_tree_translation(text: str, expected: dict) -> None:
    from searchnews.engine.opensearch.query import translate_text

    assert translate_text(text) == expected


@pytest.mark.parametrize("text", ["compnay:alibaba", "date:yesterday", "company:", "x" * (MAX_QUERY_CHARS + 1)])
def test_the_same_errors_as_the_whoosh_engine(text: str) -> None:
    from searchnews.engine.opensearch.query import translate_text
    from searchnews.engine.whoosh.schema import build_schema
    from searchnews.engine.whoosh.search import parse_query

    with pytest.raises(UserError) as from_whoosh:
        parse_query(text, build_schema())
    with pytest.raises(UserError) as from_opensearch:
        translate_text(text)
    assert str(from_opensearch.value) == str(from_whoosh.value)


def test_leading_wildcard_is_refused_as_on_whoosh(tmp_path) -> None:
    from searchnews.engine.opensearch.query import translate_text

    with pytest.raises(UserError, match="a wildcard cannot start a word"):
        translate_text("*ulation")


@pytest.mark.parametrize("args", [["start", "--nodes", "x"], ["start", "--name", "a/b"], ["frobnicate"], []])
def test_node_script_refuses_bad_arguments(args: list[str]) -> None:
    import subprocess
    from pathlib import Path

    script = Path(__file__).resolve().parent.parent / "scripts" / "opensearch.sh"
    done = subprocess.run([str(script), *args], capture_output=True, text=True, timeout=30)
    assert done.returncode == 2 and done.stderr.startswith("opensearch.sh: ") and not done.stdout
