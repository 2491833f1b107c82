"""`ingest`, `show`, `stats` and `clean` through the CLI, including their error paths."""

from __future__ import annotations

import json

from conftest import SEEDS, json_lines

from searchnews.cli.commands import cli

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"
CLEAN_KEYS = ["file", "id", "title", "date", "source", "companies", "persons", "authors", "body", "removed",
              "removed_reasons"]


def test_ingest_reports_a_summary(runner, tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("A headline here\n\nSome body text about Tencent.\n", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(tmp_path / "c"), "--index", str(tmp_path / "i")])
    assert result.exit_code == 0
    assert "1 new, 0 changed, 0 removed" in result.stderr


def test_ingest_of_a_missing_path_is_an_error(runner, tmp_path):
    result = runner.invoke(cli, ["ingest", str(tmp_path / "nope"), "--index", str(tmp_path / "i")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "no such file" in result.stderr


def test_show_prints_the_cleaned_article_with_metadata(runner, small_index):
    result = runner.invoke(cli, ["show", "wire/alibaba-fine.txt", "--index", str(small_index)])
    assert result.exit_code == 0
    assert result.stdout.startswith("Alibaba fined in antitrust probe\n")
    assert "2021-04-10" in result.stdout and "Reuters" in result.stdout
    assert "© 2021 Reuters" not in result.stdout


def test_show_json_and_unknown_id(runner, small_index):
    record = json_lines(runner.invoke(cli, ["show", "blog/chips.md", "--json", "--index", str(small_index)]).stdout)[0]
    assert record["date"] == "2022-10-07" and "Nvidia" in record["companies"]
    result = runner.invoke(cli, ["show", "nope.txt", "--index", str(small_index)])
    assert result.exit_code == 2 and "no article" in result.stderr


def test_stats_counts_articles_and_top_entities(runner, small_index):
    stats = json_lines(runner.invoke(cli, ["stats", "--json", "--index", str(small_index)]).stdout)[0]
    assert stats["articles"] == 3
    assert stats["earliest"] == "2021-04-10" and stats["latest"] == "2022-10-07"
    outlets = {entry["name"]: entry["count"] for entry in stats["top"]["outlets"]}  # type: ignore[index]
    assert outlets == {"Reuters": 2}
    assert stats["index_bytes"] > 0


def test_clean_json_contract(runner):
    result = runner.invoke(cli, ["clean", str(FIXTURES / "wire_repost.txt"), "--json"])
    assert result.exit_code == 0, result.output
    (record,) = json_lines(result.stdout)
    assert list(record) == CLEAN_KEYS
    assert record["title"] == "Payments giants told to open their walled gardens"
    assert record["date"] == "2021-07-14" and record["source"] == "Reuters"
    assert {"Tencent", "Ant Group"} <= set(record["companies"])  # type: ignore[arg-type]
    assert "Pony Ma" in record["persons"] and "Pan Gongsheng" in record["persons"]  # type: ignore[operator]
    for noise in ("Most read from Bloomberg", "Advertisement", "Our Standards: The Thomson Reuters Trust Principles.",
                  "Reporting by Jane Doe; Editing by John Roe", "© 2021 Reuters"):
        assert noise in record["removed"] and noise not in str(record["body"])
    assert str(record["body"]).count("walled gardens") == 0  # the headline is the title, not twice in the body
    assert "We welcome the guidance" in str(record["body"])


def test_clean_without_json_marks_removed_lines(runner):
    result = runner.invoke(cli, ["clean", str(FIXTURES / "wire_repost.txt")])
    assert result.exit_code == 0
    assert "- Advertisement    [removed: boilerplate pattern]" in result.stdout
    assert "title: Payments giants told to open their walled gardens" in result.stdout


def test_clean_of_a_missing_or_binary_file_is_an_error(runner, tmp_path):
    assert runner.invoke(cli, ["clean", str(tmp_path / "none.txt")]).exit_code == 2
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02binary\x00" * 50)
    result = runner.invoke(cli, ["clean", str(binary)])
    assert result.exit_code == 2 and "binary" in result.stderr


def test_clean_jsonl_gives_one_object_per_record(runner, tmp_path):
    feed = tmp_path / "feed.jsonl"
    records = [
        {"url": "https://www.reuters.com/a", "title": "One", "published": "2023-07-13", "text": "First story text."},
        {"link": "https://example.com/b", "headline": "Two", "date": "2023-07", "content": "Second story text."},
        {"url": "https://example.com/c", "title": "No text"},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in records) + "\n{broken\n", encoding="utf-8")
    result = runner.invoke(cli, ["clean", str(feed), "--json"])
    out = json_lines(result.stdout)
    assert [(r["title"], r["date"]) for r in out] == [("One", "2023-07-13"), ("Two", "2023-07")]
    assert out[0]["source"] == "Reuters"
    assert "no text" in result.stderr and "invalid JSON" in result.stderr


def seed_or_skip(name: str):
    import pytest

    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed article not available ({path}): ../shared is absent")
    return path


def test_bloomberg_seed_is_cleaned_and_extracted(runner):
    path = seed_or_skip("000_4607d5f0048f1707.txt")
    (record,) = json_lines(runner.invoke(cli, ["clean", str(path), "--json"]).stdout)
    for noise in ("Most read by Bloomberg", "Leave A Reply", "© 2021 Bloomberg LP"):
        assert noise in record["removed"] and noise not in str(record["body"])
    raw_paragraphs = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if len(line) > 80]
    assert all(" ".join(p.split()) in str(record["body"]) for p in raw_paragraphs if not p.startswith("(Updates"))
    assert {"Alibaba", "Tencent", "Xiaomi", "Ant Group"} <= set(record["companies"])  # type: ignore[arg-type]
    assert {"Xi Jinping", "Jack Ma", "Lei Jun"} <= set(record["persons"])  # type: ignore[arg-type]
    assert record["source"] == "Bloomberg"


def test_blog_seed_loses_tag_line_and_duplicate_headline(runner):
    path = seed_or_skip("004_357fe01ae29055e7.txt")
    (record,) = json_lines(runner.invoke(cli, ["clean", str(path), "--json"]).stdout)
    assert record["title"] == "Big tech firms pledge support for China’s SMEs"
    assert "Accountants, accounting" not in str(record["body"])
    assert "Big tech firms pledge support" not in str(record["body"])
    assert any("Accountants, accounting" in line for line in record["removed"])  # type: ignore[union-attr]


def test_blog_byline_lines_are_removed_but_dated_ones_feed_the_date(runner, tmp_path):
    article = tmp_path / "post.txt"
    article.write_text(
        "Regulators widen data probe\n\nPosted by admin | Markets Daily Wire\n\n"
        "Posted on March 3, 2022\n\nRegulators widened a review of data exports on Thursday, officials said.\n",
        encoding="utf-8",
    )
    (record,) = json_lines(runner.invoke(cli, ["clean", str(article), "--json"]).stdout)
    assert "Posted by admin | Markets Daily Wire" in record["removed"]
    assert record["date"] == "2022-03-03"
    assert "Regulators widened a review" in str(record["body"])


def test_clean_knows_a_file_by_its_path_under_the_corpus_root_as_ingest_does(runner, tmp_path, monkeypatch):
    story = "Shanghai widens chip vouchers\n\nShanghai will widen its vouchers, the commission said on Friday.\n"
    article = tmp_path / "corpus" / "bbc" / "2025" / "03" / "14" / "vouchers.txt"
    article.parent.mkdir(parents=True)
    article.write_text(story, encoding="utf-8")
    outside = tmp_path / "elsewhere" / "2025" / "03" / "14" / "vouchers.txt"
    outside.parent.mkdir(parents=True)
    outside.write_text(story, encoding="utf-8")
    monkeypatch.setenv("SEARCHNEWS_CORPUS", str(tmp_path / "corpus"))
    monkeypatch.setenv("SEARCHNEWS_INDEX", str(tmp_path / "index"))
    (record,) = json_lines(runner.invoke(cli, ["clean", str(article), "--json"]).stdout)
    assert record["id"] == "bbc/2025/03/14/vouchers.txt"
    assert record["date"] == "2025-03-14" and record["source"] == "BBC"  # the folders' evidence, as ingest uses it
    (record,) = json_lines(runner.invoke(cli, ["clean", str(outside), "--json"]).stdout)
    assert record["id"] == "vouchers.txt" and record["date"] is None  # outside every root: the name alone
    runner.invoke(cli, ["ingest", str(tmp_path / "elsewhere"), "--index", str(tmp_path / "index")])
    (record,) = json_lines(runner.invoke(cli, ["clean", str(outside), "--json"]).stdout)
    assert record["date"] == "2025-03-14"  # now a root of the index
