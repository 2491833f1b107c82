"""The author field end to end: found in a page's metadata or a "By ..." line, stored, shown on hit
lines, in `show`, in --json/--csv, and filterable with --author and `author:` (issue 16)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import json_lines, write_corpus

from searchnews.article import RawDocument
from searchnews.cli.commands import cli
from searchnews.extract.byline import names_in, text_byline
from searchnews.extract.run import extract_article

STORY = ("Regulators in Brussels fined the chip maker for abusing its dominance in the market for "
         "graphics processors, after a two-year inquiry into discounts offered to computer makers.")

META_PAGE = f"""<html><head><title>EU fines chip maker | Example News</title>
<meta name="author" content="By Jane Doe">
<meta property="og:site_name" content="Example News"></head>
<body><article><h1>EU fines chip maker</h1><p>{STORY}</p><p>{STORY}</p></article></body></html>"""

LD_PAGE = f"""<html><head><title>Tariffs rise</title>
<meta property="article:author" content="https://www.facebook.com/examplenews">
<script type="application/ld+json">{json.dumps({"@type": "NewsArticle", "headline": "Tariffs rise",
    "author": [{"@type": "Person", "name": "Ana Silva"}, {"@type": "Organization", "name": "Example Wire"}]})}</script>
</head><body><article><h1>Tariffs rise</h1><p>Steel tariffs rise again as the trade dispute widens. {STORY}</p>
</article></body></html>"""

ELEMENT_PAGE = f"""<html><head><title>Ports reopen</title></head><body><article><h1>Ports reopen</h1>
<div class="article-byline">By PAUL MARTIN, Staff Writer</div>
<p>Container ports reopened on Monday. {STORY}</p></article>
<aside class="related-links-author">Someone Else</aside></body></html>"""

TEXT_BYLINE = """Antitrust probe widens

By Jane Doe and John Roe, Reuters

Regulators widened their antitrust probe of online retailers on Tuesday, asking three platforms to explain
the fees they charge merchants, according to people familiar with the matter, who said fines were possible.
"""

NOT_BYLINES = """By 2025 the rules take effect

By the numbers

The new numbers on factory output were published on Friday by the statistics office, and they showed a
third month of slowing growth in the industrial heartland, where exporters reported weaker orders.
"""


def html_article(markup: str):
    return extract_article(RawDocument("page.html", "page.html", markup, "html"))


def test_author_meta_json_ld_and_byline_elements_are_extracted():
    assert html_article(META_PAGE).authors == ["Jane Doe"]
    assert html_article(LD_PAGE).authors == ["Ana Silva"]  # a link names nobody; an Organization is no author
    assert html_article(ELEMENT_PAGE).authors == ["Paul Martin"]  # capitals shown in title case, role dropped


def test_text_byline_names_every_author_and_drops_the_outlet():
    article = extract_article(RawDocument("a.txt", "a.txt", TEXT_BYLINE, "text"))
    assert article.authors == ["Jane Doe", "John Roe"]
    assert extract_article(RawDocument("b.txt", "b.txt", NOT_BYLINES, "text")).authors == []


@pytest.mark.parametrize("line", ["By 2025", "By the numbers", "By The Numbers", "By contrast, Apple Inc said",
                                  "By Reuters Staff", "By June 2021, prices rose", "Reuters"])
def test_lines_that_only_look_like_bylines_name_nobody(line):
    assert names_in(line) == []
    assert text_byline([line]) == []


def test_a_wrapped_sentence_going_on_with_by_is_no_byline():
    lines = ["The offering will be managed", "by First Boston Securities.", "By Jane Doe"]
    assert text_byline(lines[:2]) == []
    assert text_byline(lines) == ["Jane Doe"]
    assert text_byline(["MAY DEPARTMENT STORES CO, 75,000 AT 49-1/4, CROSSED", "BY FIRST BOSTON"]) == []
    assert text_byline(["Stores shares crossed", "BY JANE DOE"]) == ["Jane Doe"]


@pytest.mark.parametrize(("line", "names"), [
    ("By TOM KRISHER, AP Auto Writer", ["Tom Krisher"]),
    ("by Jeff Foust Monday, November 18, 2019", ["Jeff Foust"]),
    ("Written by Mary O’Brien & Seán Mac Diarmada", ["Mary O’Brien", "Seán Mac Diarmada"]),
    ("By Al Root", ["Al Root"]),
    ("By Венера Ерофеева", ["Венера Ерофеева"]),
    ("By Pieter de Boer", ["Pieter de Boer"]),
    ("Analysis by Chris Cillizza , CNN Editor-at-large", ["Chris Cillizza"]),
])
def test_bylines_keep_names_and_drop_roles_outlets_and_dates(line, names):
    assert names_in(line) == names


@pytest.fixture
def author_index(tmp_path: Path, runner) -> Path:
    corpus = write_corpus(tmp_path / "corpus", {"pages/eu-fine.html": META_PAGE, "wire/probe.txt": TEXT_BYLINE,
                                                "wire/plain.txt": NOT_BYLINES})
    index_dir = tmp_path / "index"
    result = runner.invoke(cli, ["ingest", str(corpus), "--index", str(index_dir)])
    assert result.exit_code == 0, result.output
    return index_dir


def test_author_filter_finds_the_meta_byline_any_case(author_index: Path, runner):
    result = runner.invoke(cli, ["query", "regulators", "--author", "JANE doe", "--json", "--index", str(author_index)])
    assert result.exit_code == 0, result.output
    assert {hit["id"] for hit in json_lines(result.stdout)} == {"pages/eu-fine.html", "wire/probe.txt"}
    result = runner.invoke(cli, ["query", "regulators", "--author", "John Roe", "--author", "Nobody Here", "--json",
                                 "--index", str(author_index)])
    assert [hit["id"] for hit in json_lines(result.stdout)] == ["wire/probe.txt"]
    assert [hit["authors"] for hit in json_lines(result.stdout)] == [["Jane Doe", "John Roe"]]
    none = runner.invoke(cli, ["query", "regulators", "--author", "Nobody Here", "--index", str(author_index)])
    assert none.exit_code == 1


def test_author_in_the_query_syntax(author_index: Path, runner):
    result = runner.invoke(cli, ["query", 'author:"john roe" OR author:nobody', "--json", "--index", str(author_index)])
    assert result.exit_code == 0, result.output
    assert [hit["id"] for hit in json_lines(result.stdout)] == ["wire/probe.txt"]


def test_author_is_shown_on_hit_lines_in_show_and_in_csv(author_index: Path, runner):
    plain = runner.invoke(cli, ["query", "regulators", "--author", "Jane Doe", "--index", str(author_index)])
    assert "by Jane Doe, John Roe" in plain.stdout and "by Jane Doe ·" in plain.stdout
    shown = runner.invoke(cli, ["show", "pages/eu-fine.html", "--index", str(author_index)])
    assert "by Jane Doe" in shown.stdout.splitlines()[1]
    record = json_lines(runner.invoke(cli, ["show", "wire/probe.txt", "--json", "--index", str(author_index)]).stdout)[0]
    assert record["authors"] == ["Jane Doe", "John Roe"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(
        cli, ["query", "regulators", "--csv", "--author", "john roe", "--index", str(author_index)]).stdout)))
    assert [row["authors"] for row in rows] == ["Jane Doe; John Roe"]
    undated = runner.invoke(cli, ["query", "numbers", "--json", "--index", str(author_index)])
    assert [hit["authors"] for hit in json_lines(undated.stdout)] == [[]]


def test_author_completion_reads_the_index(author_index: Path):
    from searchnews.cli.commands import index_terms

    context = SimpleNamespace(params={"index_dir": str(author_index)})
    assert index_terms(context, "author", "jo") == ["john roe"]
