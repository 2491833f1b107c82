"""`searchnews query`: ranking, filters, output formats and grep-like exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import SHIPPED_CORPUS, SMALL_CORPUS, json_lines, write_corpus

from searchnews.cli.commands import cli

JSON_KEYS = {"id", "path", "title", "date", "source", "companies", "persons", "score", "snippet"}


def test_common_prosperity_hits_show_the_phrase_best_first(runner, shipped_index):
    result = runner.invoke(cli, ["query", '"common prosperity"', "--json", "--index", str(shipped_index)])
    assert result.exit_code == 0, result.output
    hits = json_lines(result.stdout)
    assert len(hits) >= 3
    assert all(set(hit) >= JSON_KEYS for hit in hits)  # issue 5 added also_in, duplicates
    assert all("common prosperity" in str(hit["snippet"]).lower() for hit in hits)
    scores = [float(hit["score"]) for hit in hits]  # type: ignore[arg-type]
    assert scores == sorted(scores, reverse=True)


def test_unquoted_words_must_all_match(runner, small_index):
    result = runner.invoke(cli, ["query", "alibaba penalty", "--json", "--index", str(small_index)])
    assert [hit["id"] for hit in json_lines(result.stdout)] == ["wire/alibaba-fine.txt"]


def test_query_builds_the_index_on_first_use(runner, tmp_path, monkeypatch):
    write_corpus(tmp_path / "corpus", SMALL_CORPUS)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["query", "tencent"])
    assert result.exit_code == 0, result.output
    assert "Tencent limits gaming hours for minors" in result.stdout
    assert (tmp_path / "index").is_dir()


def test_company_filter_accepts_any_alias_of_the_company(runner, small_index):
    for alias in ("Alibaba", "alibaba group holding ltd.", "ALIBABA"):
        result = runner.invoke(cli, ["query", "yuan OR games OR chips", "--company", alias, "--json",
                                     "--index", str(small_index)])
        assert [hit["id"] for hit in json_lines(result.stdout)] == ["wire/alibaba-fine.txt"], alias


def test_person_filter(runner, small_index):
    result = runner.invoke(cli, ["query", "company", "--person", "Ma Huateng", "--json", "--index", str(small_index)])
    hits = json_lines(result.stdout)
    assert [hit["id"] for hit in hits] == ["wire/tencent-games.txt"]
    assert "Pony Ma" in hits[0]["persons"]  # type: ignore[operator]


def test_source_filter(runner, small_index):
    result = runner.invoke(cli, ["query", "said", "--source", "reuters", "--json", "--index", str(small_index)])
    assert sorted(hit["id"] for hit in json_lines(result.stdout)) == ["wire/alibaba-fine.txt", "wire/tencent-games.txt"]


def test_since_and_until_filter_at_the_dates_precision(runner, small_index):
    def ids(*options: str) -> list[str]:
        result = runner.invoke(cli, ["query", "said", "--json", "--index", str(small_index), *options])
        return sorted(str(hit["id"]) for hit in json_lines(result.stdout))

    assert ids("--since", "2022") == ["blog/chips.md"]
    assert ids("--until", "2021-04") == ["wire/alibaba-fine.txt"]
    assert ids("--since", "2021-04-10", "--until", "2021-08-30") == ["wire/alibaba-fine.txt", "wire/tencent-games.txt"]
    assert ids("--since", "2021-04-11", "--until", "2021-12") == ["wire/tencent-games.txt"]


def test_filters_that_match_no_article_give_no_hits(runner, small_index):
    for options in (["--company", "no such company"], ["--since", "2100"], ["--source", "reuters", "--until", "1990"]):
        result = runner.invoke(cli, ["query", "said", "--json", "--index", str(small_index), *options])
        assert result.exit_code == 1 and json_lines(result.stdout) == [], options


def test_date_field_in_query_language(runner, small_index):
    result = runner.invoke(cli, ["query", "date:2022", "--json", "--index", str(small_index)])
    assert [hit["id"] for hit in json_lines(result.stdout)] == ["blog/chips.md"]
    result = runner.invoke(cli, ["query", "date:[2021-04-01 TO 2021-05-01]", "--json", "--index", str(small_index)])
    assert [hit["id"] for hit in json_lines(result.stdout)] == ["wire/alibaba-fine.txt"]


def test_sort_by_date_puts_newest_first(runner, small_index):
    result = runner.invoke(cli, ["query", "said", "--sort", "date", "--json", "--index", str(small_index)])
    dates = [hit["date"] for hit in json_lines(result.stdout)]
    assert dates == sorted(dates, reverse=True)


def test_limit_caps_the_hits(runner, small_index):
    result = runner.invoke(cli, ["query", "said", "--limit", "1", "--json", "--index", str(small_index)])
    assert len(json_lines(result.stdout)) == 1


def test_title_match_outranks_body_match(runner, tmp_path):
    corpus = write_corpus(tmp_path / "c", {
        "a.txt": "Chip makers report results\n\nThe quarter was mixed. Export controls were mentioned once.\n",
        "b.txt": "Export controls tighten\n\nThe quarter was mixed for everyone in the industry this year.\n",
    })
    runner.invoke(cli, ["ingest", str(corpus), "--index", str(tmp_path / "i")])
    result = runner.invoke(cli, ["query", "export controls", "--json", "--index", str(tmp_path / "i")])
    assert next(hit["id"] for hit in json_lines(result.stdout)) == "b.txt"


def test_plain_output_when_piped_lists_rank_title_and_snippet(runner, small_index):
    result = runner.invoke(cli, ["query", "gaming", "--index", str(small_index)])
    assert result.exit_code == 0
    assert result.stdout.startswith("1. Tencent limits gaming hours for minors\n")
    assert "\x1b[" not in result.stdout  # no colour codes in a pipe
    assert "Reuters" in result.stdout and "Pony Ma" in result.stdout


def test_no_hits_exits_1_like_grep(runner, small_index):
    result = runner.invoke(cli, ["query", "zeppelin", "--index", str(small_index)])
    assert result.exit_code == 1
    assert result.stdout == ""


def test_errors_are_one_line_and_exit_2(runner, small_index, tmp_path):
    cases = [
        ["query", "x", "--index", str(tmp_path / "missing")],
        ["query", "compnay:alibaba", "--index", str(small_index)],
        ["query", "x", "--since", "last week", "--index", str(small_index)],
        ["query", "x", "--until", "2021-13", "--index", str(small_index)],
        ["query", "x", "--since", "2022", "--until", "2021", "--index", str(small_index)],
        ["query", "date:yesterday", "--index", str(small_index)],
    ]
    for args in cases:
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        assert result.stderr.startswith("searchnews: "), (args, result.stderr)
        assert "Traceback" not in result.output


def test_empty_index_is_an_error(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "note.txt").write_text("   \n", encoding="utf-8")
    runner.invoke(cli, ["ingest", str(tmp_path / "empty"), "--index", str(tmp_path / "i")])
    result = runner.invoke(cli, ["query", "anything", "--index", str(tmp_path / "i")])
    assert result.exit_code == 2
    assert "empty" in result.stderr


def test_article_markup_is_printed_literally_on_a_terminal(runner, tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "c", {"m.txt": "Markup [red]danger[/red] in a headline\n\nThe text says [bold]hello[/bold] to readers.\n"})
    runner.invoke(cli, ["ingest", str(corpus), "--index", str(tmp_path / "i")])
    monkeypatch.setattr("searchnews.cli.render.use_rich", lambda stream=None: True)
    result = runner.invoke(cli, ["query", "hello", "--index", str(tmp_path / "i")])
    assert "[red]danger[/red]" in result.stdout
    assert "[bold]hello[/bold]" in result.stdout or "[bold]" in result.stdout


def test_shipped_corpus_is_large_enough_and_varied():
    files = [p for p in SHIPPED_CORPUS.rglob("*") if p.is_file()]
    suffixes = {p.suffix for p in files}
    assert len(files) >= 25
    assert {".txt", ".jsonl"} <= suffixes and (suffixes & {".html", ".htm"})


def test_copying_the_corpus_keeps_ids_relative(runner, tmp_path):
    shutil.copytree(SHIPPED_CORPUS, tmp_path / "copy")
    runner.invoke(cli, ["ingest", str(tmp_path / "copy"), "--index", str(tmp_path / "i")])
    result = runner.invoke(cli, ["query", "tencent", "--json", "--limit", "50", "--index", str(tmp_path / "i")])
    assert all(not Path(str(hit["id"])).is_absolute() for hit in json_lines(result.stdout))


def test_a_field_without_a_value_is_an_error_not_every_article(runner, small_index):
    for text in ("company:", "tencent AND person:", "(source: )"):
        result = runner.invoke(cli, ["query", text, "--index", str(small_index)])
        assert result.exit_code == 2, (text, result.output)
        assert "needs a value" in result.stderr
    result = runner.invoke(cli, ["query", 'company:"Alibaba"', "--json", "--index", str(small_index)])
    assert [hit["id"] for hit in json_lines(result.stdout)] == ["wire/alibaba-fine.txt"]
