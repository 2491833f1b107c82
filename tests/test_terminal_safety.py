"""No byte of article text may act on the terminal (issue 11).

Every C0 and C1 control character and a set of real attack sequences (clear screen, window title,
OSC 52 clipboard write, OSC 8 hyperlink, single-character CSI/OSC, backspace, carriage return) are
put into an article's title, body, source, url and file name, then pushed through every command's
Rich output (forced terminal, colours on) and plain output. Rich's own colour codes are the only
escape sequences allowed in what comes out; JSON stays exact.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from searchnews.cli.commands import cli

CONTROLS = "".join(chr(code) for code in range(0x20) if code not in (0x09, 0x0A)) + "\x7f" + \
    "".join(chr(code) for code in range(0x80, 0xA0))
ATTACKS = ("\x1b[2J\x1b[H", "\x1b]0;PWNED\x07", "\x1b]52;c;ZXZpbA==\x07", "\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\",
           "\x9b2J", "\x9d0;title\x9c", "abc\x08\x08\x08", "hidden\rshown", "\x1bP+q\x1b\\", "\x1b[31mred")
# Invisible bidi/format controls reorder what a line shows ("Trojan Source"): made visible too.
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
HOSTILE = "".join(ATTACKS) + CONTROLS + "admin\u202e\u2066 // check later\u2069\u2066" + BIDI
RICH_STYLE = re.compile(r"\x1b\[[0-9;]*m")  # what Rich itself writes for colours and bold
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
FILE_NAME = "wire/tariff\x1b]0;FN\x07\x9bname.txt"


def leaked(output: str) -> list[str]:
    """Control characters left once Rich's own colour codes are removed."""
    return UNSAFE.findall(RICH_STYLE.sub("", output))


@pytest.fixture(scope="module")
def hostile_index(tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    (corpus / "wire").mkdir(parents=True)
    record = {"title": "Tariff title " + HOSTILE, "text": "Tariffs on steel rose. " + HOSTILE +
              " Alibaba and Tencent said the tariff plan would hurt trade. " * 3,
              "source": "Outlet " + HOSTILE, "url": "http://example.com/" + HOSTILE, "published": "2022-10-07"}
    (corpus / "wire" / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (corpus / FILE_NAME).write_text("Tariff plan note\n\nPublished: 8 October 2022\n\nThe tariff plan was discussed "
                                    "at length by officials on Monday.\n", encoding="utf-8")
    index = root / "index"
    result = CliRunner().invoke(cli, ["ingest", str(corpus), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return corpus, index


def commands(corpus: Path, index: Path) -> list[list[str]]:
    ix = ["--index", str(index)]
    return [
        ["query", "tariff", *ix], ["query", "tariff", "--all", *ix], ["query", "tariff", "--facets", *ix],
        ["query", "tariff", "--facet", "outlet", *ix], ["query", "tariff", "--csv", *ix],
        ["query", "tariff", "--facets", "--csv", *ix], ["query", "tariff", "--sort", "date", *ix],
        ["show", "wire/feed.jsonl#1", *ix], ["show", "wire/feed.jsonl#1", "--query", "tariff", *ix],
        ["show", FILE_NAME, *ix], ["stats", *ix], ["similar", "wire/feed.jsonl#1", *ix],
        ["similar", FILE_NAME, "--csv", *ix], ["entities", *ix], ["timeline", "tariff", *ix],
        ["timeline", "tariff", "--csv", *ix], ["clean", str(corpus / "wire" / "feed.jsonl")],
        ["clean", str(corpus / FILE_NAME)], ["query", "tariff" + HOSTILE[:40], *ix],
        ["show", "no-such\x1b]0;x\x07id", *ix],
    ]


@pytest.mark.parametrize("terminal", [False, True], ids=["plain", "rich-terminal"])
def test_no_control_character_from_an_article_reaches_the_terminal(hostile_index, monkeypatch, terminal):
    corpus, index = hostile_index
    if terminal:
        monkeypatch.setattr("searchnews.cli.render.use_rich", lambda stream=None: True)
        monkeypatch.setenv("FORCE_COLOR", "1")
        monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("LINES", "500")  # no pager in this test (t15 covers paging)
    runner = CliRunner()
    visible = 0
    for args in commands(corpus, index):
        result = runner.invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
        for name, output in (("stdout", result.stdout), ("stderr", result.stderr)):
            assert not leaked(output), (args, name, sorted(set(leaked(output))))
        visible += "\u241b" in result.stdout  # the ESC made visible: the hostile text was printed, safely
    if terminal:
        colours = runner.invoke(cli, ["query", "tariff", "--index", str(index)]).stdout
        assert RICH_STYLE.search(colours), "Rich still colours its own output"
    assert visible >= 5


def test_json_stays_exact_and_has_nothing_raw(hostile_index):
    _corpus, index = hostile_index
    result = CliRunner().invoke(cli, ["show", "wire/feed.jsonl#1", "--json", "--index", str(index)])
    assert not leaked(result.stdout)
    record = json.loads(result.stdout)
    assert "\x1b]0;PWNED\x07" in record["source"] and "\x9b2J" in record["url"]  # exactly as the article had it
    assert BIDI in record["source"] and BIDI in record["title"]  # bidi controls too: JSON is exact
    hits = CliRunner().invoke(cli, ["query", "tariff", "--json", "--all", "--index", str(index)]).stdout
    assert not leaked(hits) and FILE_NAME in {json.loads(line)["id"] for line in hits.splitlines()}


def test_ingest_summary_shows_file_names_safely(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "wire").mkdir(parents=True)
    path = corpus / FILE_NAME
    path.write_text("Tariff note\n\nThe tariff plan was discussed at length by officials.\n", encoding="utf-8")
    (corpus / "wire" / "bad\x1b[2J.txt").write_bytes(b"\x00\x01\x02binary\x00")
    runner = CliRunner()
    first = runner.invoke(cli, ["ingest", str(corpus), "--index", str(tmp_path / "index"), "-v"])
    assert first.exit_code == 0 and not leaked(first.stderr), first.stderr
    path.unlink()
    second = runner.invoke(cli, ["ingest", str(corpus), "--index", str(tmp_path / "index"), "-v"])
    assert second.exit_code == 0 and not leaked(second.stderr), second.stderr
    assert "name.txt" in second.stderr and "bad" in first.stderr  # named, in a visible form


def test_served_query_output_is_as_safe_as_a_local_one(hostile_index):
    from searchnews.cli.commands import cli
    from searchnews.serve.server import run_request

    corpus, index = hostile_index
    for tty in (False, True):
        reply = run_request({"args": ["query", "tariff", "--all", "--index", str(index)], "cwd": str(corpus),
                             "stdout_tty": tty, "stderr_tty": tty, "env": {"FORCE_COLOR": "1"} if tty else {}}, cli)
        assert reply["code"] == 0 and not leaked(reply["stdout"]) and not leaked(reply["stderr"])
        assert "\u241b" in reply["stdout"]


@pytest.mark.parametrize("args", [
    ["query", "tariff", "--sort", "x\x1b]0;PWNED\x07\u202ey"],
    ["query", "tariff", "-n", "1\x1b[2J\x9b2J"],
], ids=["choice", "int"])
def test_clicks_own_usage_errors_are_as_safe_as_the_projects(args, tmp_path):
    """A usage error is printed by click before any command runs: it echoes the bad value, made safe."""
    result = CliRunner().invoke(cli, [*args, "--index", str(tmp_path / "ix")])
    assert result.exit_code == 2, result.output
    assert "Error" in result.stderr and not leaked(result.stderr) and not leaked(result.stdout), repr(result.stderr)
    assert len([line for line in result.stderr.splitlines() if "Error" in line]) == 1
