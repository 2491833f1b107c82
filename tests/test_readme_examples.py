"""Every `searchnews ...` example in README.md runs (exit 0 or 1, never an error), on a copy of the
shipped corpus, from a folder laid out as the README assumes (corpus/ and index/ in the current folder).

Examples come from the README's code blocks and inline code; placeholders (FILE, DIR, N, [optional
parts]) are filled in. Commands that run until stopped (`serve`, `watch`) are only parsed (--help).
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import PROJECT_ROOT, SHIPPED_CORPUS

from searchnews.cli.commands import cli

README = PROJECT_ROOT / "README.md"
LONG_RUNNING = {"serve", "watch"}


def readme_examples(text: str) -> list[str]:
    """Each example as written: lines of ```bash blocks and `inline code` that run searchnews."""
    found: list[str] = []
    fence: str | None = None  # the language of the fenced block we are in, or None outside one
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("```"):
            fence = None if fence is not None else stripped[3:].strip()
            continue
        if fence is not None:
            if fence in ("", "bash", "sh", "console"):
                command = stripped.split("  #", 1)[0].split(" # ", 1)[0].strip()
                if "searchnews " in command:
                    found.append(command[command.index("searchnews "):].split(" && ")[0])
            continue
        found.extend(re.findall(r"`(searchnews [^`]+)`", line))  # per line: a stray backtick pairs nothing
    return list(dict.fromkeys(found))


def example_args(example: str, sample_file: str) -> list[str] | None:
    """argv for one example, placeholders filled; None when it is not a runnable example."""
    example = re.sub(r"\s*\[[^\]]*\]", "", example)  # [--json], [--index DIR]: optional parts
    example = re.split(r"\s*(?:>|\||&&|\|\||;)\s+", example)[0].rstrip(" &")  # the searchnews part of a pipeline
    if "..." in example:
        return None  # `searchnews query ...`: prose, not an example
    args = shlex.split(example)[1:]
    if any(arg.startswith("~") for arg in args):
        return None  # a folder of the reader's own (~/scraped/): nothing to run it on here
    filled = {"FILE": sample_file, "DIR": "index", "N": "5", "MINUTES": "1", "DAYS": "30", "COMMAND": "query",
              "SHELL": "bash", "NAME": "china", "ID": sample_file}
    return [filled.get(arg, arg) for arg in args]


def test_the_readme_has_examples_to_run():
    examples = readme_examples(README.read_text(encoding="utf-8"))
    assert len(examples) >= 20 and any(example.startswith("searchnews show") for example in examples)


def test_every_readme_example_runs(tmp_path, monkeypatch):
    shutil.copytree(SHIPPED_CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("searchnews.cli.commands.DEFAULT_INDEX", Path("index"))
    monkeypatch.setattr("searchnews.cli.commands.DEFAULT_CORPUS", Path("corpus"))
    sample = "corpus/reuters/2021-10-08-meituan-fined-antitrust.txt"
    runner = CliRunner()
    ran = 0
    for example in readme_examples(README.read_text(encoding="utf-8")):
        args = example_args(example, sample)
        if not args:
            continue
        if args[0] in LONG_RUNNING or (len(args) == 1 and args[0] in {"query", "timeline", "show", "similar",
                                                                      "clean"}):
            args = [args[0], "--help"]  # runs until stopped, or a command named in prose: it must exist
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1), f"README example failed: {example}\n{result.output}"
        assert result.exception is None or isinstance(result.exception, SystemExit), (example, result.exception)
        ran += 1
    assert ran >= 20


@pytest.mark.parametrize("given", ["corpus/reuters/2021-10-08-meituan-fined-antitrust.txt",
                                   "./corpus/reuters/2021-10-08-meituan-fined-antitrust.txt",
                                   "reuters/2021-10-08-meituan-fined-antitrust.txt"])
def test_show_and_similar_accept_the_path_the_shell_completes(shipped_index, runner, given):
    for command in (["show", given], ["show", given, "--query", "fine"], ["similar", given]):
        result = runner.invoke(cli, [*command, "--index", str(shipped_index)])
        assert result.exit_code in (0, 1) and "no article" not in result.stderr, (command, result.output)
    shown = runner.invoke(cli, ["show", given, "--json", "--index", str(shipped_index)])
    assert '"id": "reuters/2021-10-08-meituan-fined-antitrust.txt"' in shown.stdout


def test_show_of_a_file_holding_several_articles_names_them(shipped_index, runner):
    result = runner.invoke(cli, ["show", "corpus/scrapers/feed-2023.jsonl", "--index", str(shipped_index)])
    assert result.exit_code == 2 and "feed-2023.jsonl#1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    missing = runner.invoke(cli, ["show", "corpus/reuters/no-such-file.txt", "--index", str(shipped_index)])
    assert missing.exit_code == 2 and "no article" in missing.stderr
