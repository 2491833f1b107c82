"""Issue 15: the conventions terminal users rely on: help with examples, --color, the pager, -q/-V,
completion, a config file, clean on several files, generated docs. Terminal behaviour is tested
on a real pseudo-terminal (pexpect), the rest through click's CliRunner."""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import shutil
import sys
from pathlib import Path

import click
import pytest
from conftest import PROJECT_ROOT, SHIPPED_CORPUS, json_lines

from searchnews.cli.commands import cli

BIN = Path(sys.executable).parent
ESC = "\x1b["
FIXTURES = Path(__file__).parent / "fixtures"
LONG_ARTICLE = "bloomberg/2023-03-28-alibaba-split-six-units.txt"


def all_commands():
    return sorted(cli.commands.items())


def help_of(runner, *args: str) -> str:
    result = runner.invoke(cli, [*args, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


def examples_of(help_text: str) -> list[str]:
    _, found, rest = help_text.partition("Examples:\n")
    assert found, "no Examples section"
    return [line.strip()[2:] for line in rest.splitlines() if line.strip().startswith("$ ")]


# --- help texts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_option_has_help_and_every_command_ends_with_examples(runner, name):
    command = cli.commands[name]
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help and len(param.help) > 10, f"{name} {param.opts}: no help"
    text = help_of(runner, name)
    examples = examples_of(text)
    assert 2 <= len(examples) <= 4, examples
    assert all(example.startswith("searchnews ") for example in examples)
    assert text.rstrip().splitlines()[-1].strip().startswith("$ searchnews")  # the examples end the help


def test_help_query_includes_the_query_syntax(runner):
    for text in (runner.invoke(cli, ["help", "query"]).output, help_of(runner, "query")):
        for part in ("title:", "company:", "person:", "source:", "date:", "AND", "OR", "NOT", '"a phrase"',
                     "date:2021-09", "date:[2021-08-01 TO 2021-09-30]", "date:>2022", "YYYY-MM-DD"):
            assert part in text, part
    assert runner.invoke(cli, ["help", "nosuch"]).exit_code == 2


def test_the_documented_query_syntax_works(shipped_index, runner):
    """Each form the syntax section names is accepted and finds something in the shipped corpus."""
    for text in ('"common prosperity"', "china NOT huawei", "(alibaba OR tencent) AND fine", "company:alibaba",
                 'person:"jack ma"', "source:reuters", "date:2021", "date:2021-09", "date:>2022", "chip*",
                 "date:[2021-08-01 TO 2021-09-30]", "title:alibaba"):
        result = runner.invoke(cli, ["query", text, "--index", str(shipped_index), "-q"])
        assert result.exit_code == 0, (text, result.output)
    everything = len(json_lines(runner.invoke(cli, ["query", "china", "--all", "-n", "1000", "--json",
                                                     "--index", str(shipped_index)]).stdout))
    without = json_lines(runner.invoke(cli, ["query", "china NOT huawei", "--all", "-n", "1000", "--json",
                                             "--index", str(shipped_index)]).stdout)
    assert 0 < len(without) < everything


def runnable(example: str, tmp: Path) -> list[str] | None:
    """The example's argv (up to a shell operator; globs expanded), or None for long-running commands."""
    words = shlex.split(example)
    for stop in ("&&", "&", ">", "|"):
        if stop in words:
            words = words[: words.index(stop)]
    if words[1] in ("watch", "serve") or any("~" in word for word in words):
        return None
    expanded = []
    for word in words[1:]:
        matches = sorted(glob.glob(word, root_dir=tmp)) if "*" in word else []
        expanded.extend(matches or [word])
    return expanded


def test_every_example_runs_on_the_shipped_corpus(runner, tmp_path, monkeypatch):
    """The examples are real: each (but the long-running watch and serve) exits 0 beside a copy of the
    shipped corpus, as a user who copied it from --help would run it."""
    shutil.copytree(SHIPPED_CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["ingest", "-q"]).exit_code == 0
    ran = 0
    for name in [None, *sorted(cli.commands)]:
        text = runner.invoke(cli, [name, "--help"] if name else ["--help"]).output
        for example in examples_of(text):
            argv = runnable(example, tmp_path)
            if argv is None:
                continue
            result = runner.invoke(cli, argv)
            nothing_new = argv[0] == "alerts" and result.exit_code == 1  # grep-like: 1 = no news since the alert
            assert result.exit_code == 0 or nothing_new, (example, result.output)
            ran += 1
    assert ran >= 25


# --- -V, -q -----------------------------------------------------------------------------------


def test_version_short_and_long(runner):
    for flag in ("-V", "--version"):
        result = runner.invoke(cli, [flag])
        assert result.exit_code == 0 and "0.1.0" in result.output


def test_query_quiet_is_exit_code_only(shipped_index, runner):
    hit = runner.invoke(cli, ["query", "alibaba", "-q", "--index", str(shipped_index)])
    assert (hit.exit_code, hit.stdout, hit.stderr) == (0, "", "")
    miss = runner.invoke(cli, ["query", "zzzqqxx", "-q", "--index", str(shipped_index)])
    assert (miss.exit_code, miss.stdout, miss.stderr) == (1, "", "")
    broken = runner.invoke(cli, ["query", "alibaba", "--quiet", "--index", str(shipped_index.parent / "none")])
    assert broken.exit_code == 2 and "no index here" in broken.stderr  # errors still speak, as grep -q


def test_ingest_quiet_prints_nothing_but_errors(runner, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SHIPPED_CORPUS, corpus)
    (corpus / "broken.txt").write_bytes(b"\x00\x01binary\x00" * 40)
    loud = runner.invoke(cli, ["ingest", str(corpus), "--index", str(tmp_path / "a")])
    quiet = runner.invoke(cli, ["ingest", str(corpus), "--index", str(tmp_path / "b"), "-q"])
    assert loud.exit_code == quiet.exit_code == 0
    assert "new," in loud.stderr and quiet.stderr == "" and quiet.stdout == ""
    missing = runner.invoke(cli, ["ingest", str(tmp_path / "nope"), "--index", str(tmp_path / "c"), "-q"])
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_show_query_has_a_short_name_that_is_not_quiet(shipped_index, runner):
    result = runner.invoke(cli, ["show", LONG_ARTICLE, "-Q", "jack ma", "--index", str(shipped_index)])
    assert result.exit_code == 0 and "Jack Ma" in result.stdout
    option = next(p for p in cli.commands["show"].params if p.name == "query_text")
    assert option.opts == ["-Q", "--query"]


# --- clean FILE... ------------------------------------------------------------------------------


def test_clean_takes_several_files(runner, tmp_path):
    first, second = FIXTURES / "wire_repost.txt", SHIPPED_CORPUS / "scrapers" / "feed-2023.jsonl"
    one = json_lines(runner.invoke(cli, ["clean", str(first), "--json"]).stdout)
    other = json_lines(runner.invoke(cli, ["clean", str(second), "--json"]).stdout)
    result = runner.invoke(cli, ["clean", str(first), str(second), "--json"])
    assert result.exit_code == 0
    both = json_lines(result.stdout)
    assert both == one + other and len(other) > 1  # the JSON-lines file holds several articles
    assert [record["file"] for record in both] == [str(first)] * len(one) + [str(second)] * len(other)
    missing = runner.invoke(cli, ["clean", str(first), str(tmp_path / "none.txt"), str(second), "--json"])
    assert missing.exit_code == 2 and "none.txt: no such file" in missing.stderr
    assert json_lines(missing.stdout) == both  # the others are still cleaned
    plain = runner.invoke(cli, ["clean", str(first), str(second)])
    assert f"==> {first} <==" in plain.stdout and f"==> {second} <==" in plain.stdout


# --- config -------------------------------------------------------------------------------------


def settings_of(runner, env=None, args=()):
    result = runner.invoke(cli, [*args, "config", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["settings"]


def test_config_file_chooses_the_engine_and_the_environment_or_a_flag_wins(runner, tmp_path, shipped_index,
                                                                          monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text(f'index = "{shipped_index}"\nengine = "opensearch"\n', encoding="utf-8")
    monkeypatch.setenv("SEARCHNEWS_CONFIG", str(config))
    for name in ("SEARCHNEWS_ENGINE", "SEARCHNEWS_URL", "SEARCHNEWS_INDEX"):
        monkeypatch.delenv(name, raising=False)
    assert settings_of(runner)["engine"] == {"value": "opensearch", "source": "config file"}
    from_file = runner.invoke(cli, ["query", "china"])
    assert from_file.exit_code == 2 and "needs --url" in from_file.stderr  # the file's engine was used
    assert runner.invoke(cli, ["query", "china", "--engine", "whoosh"]).exit_code == 0  # a flag wins
    assert runner.invoke(cli, ["query", "china"], env={"SEARCHNEWS_ENGINE": "whoosh"}).exit_code == 0
    config.write_text('engine = "solr"\n', encoding="utf-8")
    bad = runner.invoke(cli, ["query", "china"])
    assert bad.exit_code == 2 and "unknown engine 'solr' (use whoosh or opensearch)" in bad.stderr


def test_config_precedence_flag_environment_file_default(runner, tmp_path, shipped_index, monkeypatch):
    config = tmp_path / "conf" / "config.toml"
    config.parent.mkdir()
    monkeypatch.delenv("SEARCHNEWS_INDEX", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("CLICOLOR_FORCE", raising=False)
    defaults = settings_of(runner)
    assert {key: value["source"] for key, value in defaults.items()} == dict.fromkeys(defaults, "default")
    assert defaults["index"]["value"] == "index" and defaults["limit"]["value"] == 10

    config.write_text(f'index = "{shipped_index}"\ncorpus = ["wire", "html"]\nlimit = 3\ncolor = "never"\n'
                      'entities = "my.tsv"\n', encoding="utf-8")
    monkeypatch.setenv("SEARCHNEWS_CONFIG", str(config))
    from_file = settings_of(runner)
    assert from_file["index"] == {"value": str(shipped_index), "source": "config file"}
    assert from_file["corpus"]["value"] == [str(config.parent / "wire"), str(config.parent / "html")]
    assert from_file["entities"]["value"] == str(config.parent / "my.tsv")  # relative to the file
    assert from_file["color"] == {"value": "never", "source": "config file"}
    # the file's index and limit are the defaults of query (no --index needed, 3 hits)
    assert len(json_lines(runner.invoke(cli, ["query", "china", "--json"]).stdout)) == 3
    assert len(json_lines(runner.invoke(cli, ["query", "china", "--json", "-n", "5"]).stdout)) == 5  # flag wins

    env = {"SEARCHNEWS_INDEX": str(tmp_path / "elsewhere"), "FORCE_COLOR": "1"}
    from_env = settings_of(runner, env)
    assert from_env["index"]["source"] == "environment (SEARCHNEWS_INDEX)"
    assert from_env["color"] == {"value": "always", "source": "environment (FORCE_COLOR)"}
    no_index = runner.invoke(cli, ["query", "china"], env=env)
    assert no_index.exit_code == 2 and "elsewhere" in no_index.stderr
    assert "--index" in no_index.stderr and "SEARCHNEWS_INDEX" in no_index.stderr  # says how to point at one
    flagged = settings_of(runner, env, args=("--color", "never"))
    assert flagged["color"] == {"value": "never", "source": "flag"}


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-config", "relative/ignored"])
def test_config_folder_is_platformdirs_user_config_dir(monkeypatch, xdg):
    import platformdirs

    from searchnews.cli.config import user_config_folder

    if xdg is None:
        monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
    assert user_config_folder() == Path(platformdirs.user_config_dir("searchnews", appauthor=False))


def test_config_corpus_roots_are_the_default_paths_of_ingest(runner, tmp_path, monkeypatch):
    for outlet in ("reuters", "caixin"):
        shutil.copytree(SHIPPED_CORPUS / outlet, tmp_path / "news" / outlet)
    config = tmp_path / "config.toml"
    config.write_text('corpus = ["news/reuters", "news/caixin"]\nindex = "idx"\n', encoding="utf-8")
    monkeypatch.setenv("SEARCHNEWS_CONFIG", str(config))
    monkeypatch.delenv("SEARCHNEWS_INDEX", raising=False)
    monkeypatch.delenv("SEARCHNEWS_CORPUS", raising=False)
    monkeypatch.chdir(tmp_path / "news")  # anywhere: the file's paths are relative to the file
    result = runner.invoke(cli, ["ingest"])
    files = len(list((tmp_path / "news").rglob("*.txt")))
    assert result.exit_code == 0 and result.stderr.startswith(f"{files} new,"), result.output
    assert (tmp_path / "idx").is_dir()
    watch = runner.invoke(cli, ["watch"])  # one folder only: says so rather than guessing
    assert watch.exit_code == 2 and "name the one to watch" in watch.stderr


def test_a_bad_config_file_is_one_clear_line(runner, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    for text, message in (("limit = 0", "limit"), ("colour = 'x'", "unknown setting"), ("index = [", "cannot read")):
        config.write_text(text, encoding="utf-8")
        monkeypatch.setenv("SEARCHNEWS_CONFIG", str(config))
        result = runner.invoke(cli, ["stats"])
        assert result.exit_code == 2 and message in result.stderr and "Traceback" not in result.output


def test_the_shipped_layout_works_with_no_config(runner, tmp_path, monkeypatch):
    """corpus/ beside the current folder and no config: the first query builds index/ and answers."""
    shutil.copytree(SHIPPED_CORPUS, tmp_path / "corpus")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEARCHNEWS_INDEX", raising=False)
    monkeypatch.delenv("SEARCHNEWS_CORPUS", raising=False)
    result = runner.invoke(cli, ["query", "common prosperity"])
    assert result.exit_code == 0 and "no index yet; building index/" in result.stderr
    assert (tmp_path / "index").is_dir()


def test_outside_the_project_the_errors_say_where_to_point(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SEARCHNEWS_INDEX", raising=False)
    monkeypatch.delenv("SEARCHNEWS_CORPUS", raising=False)
    query = runner.invoke(cli, ["query", "china"])
    assert query.exit_code == 2 and "--index" in query.stderr and "config" in query.stderr
    ingest = runner.invoke(cli, ["ingest"])
    assert ingest.exit_code == 2 and "SEARCHNEWS_CORPUS" in ingest.stderr and "config" in ingest.stderr


# --- progress stages ---------------------------------------------------------------------------------


def test_ingest_names_the_steps_after_the_last_file(tmp_path):
    """The bar must not sit at N/N silently: the final commit (and --optimize) are announced."""
    from searchnews.sync.ingest import ingest

    events: list[object] = []

    def progress(done: int, total: int) -> None:
        events.append((done, total))

    progress.stage = events.append  # type: ignore[attr-defined]
    ingest([SHIPPED_CORPUS], tmp_path / "index", on_progress=progress, workers=1, optimize=True)
    stages = [event for event in events if isinstance(event, str)]
    assert stages and "--optimize" in stages[-1]
    assert events.index(stages[-1]) > max(i for i, event in enumerate(events) if isinstance(event, tuple))


# --- a real terminal --------------------------------------------------------------------------------

pexpect = pytest.importorskip("pexpect")


def spawn(args: list[str], env: dict[str, str] | None = None, rows: int = 40, cols: int = 100, cwd=None):
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "PAGER", "LESS")}
    environment.update({"PATH": f"{BIN}{os.pathsep}{environment.get('PATH', '')}", "TERM": "xterm-256color",
                        "SEARCHNEWS_CONFIG": os.devnull, **(env or {})})
    return pexpect.spawn(str(BIN / "searchnews"), args, env=environment, dimensions=(rows, cols),
                         encoding="utf-8", timeout=60, cwd=cwd)


def output_of(child) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return child.before


def test_colour_is_auto_detected_on_a_terminal_and_controlled_by_flags_and_environment(shipped_index):
    query = ["query", "alibaba", "-n", "2", "--index", str(shipped_index)]
    assert ESC in output_of(spawn(query))  # a terminal: colour
    assert ESC not in output_of(spawn(query, {"NO_COLOR": "1"}))
    assert ESC not in output_of(spawn([*query, "--color", "never"]))
    assert ESC not in output_of(spawn(["--color", "never", *query]))  # group-level too
    assert ESC in output_of(spawn([*query, "--color", "always"], {"NO_COLOR": "1"}))  # the flag beats NO_COLOR


def test_colour_into_a_pipe_only_when_asked(shipped_index):
    import subprocess

    def piped(*extra: str, env=None) -> str:
        environment = {key: value for key, value in os.environ.items() if key not in ("FORCE_COLOR", "NO_COLOR")}
        environment.update({"SEARCHNEWS_CONFIG": os.devnull, **(env or {})})
        return subprocess.run([str(BIN / "searchnews"), "query", "alibaba", "-n", "2", "--index", str(shipped_index),
                               *extra], capture_output=True, text=True, env=environment, check=True).stdout

    assert ESC not in piped()
    assert ESC in piped("--color", "always")
    assert ESC in piped(env={"FORCE_COLOR": "1"}) and ESC in piped(env={"CLICOLOR_FORCE": "1"})
    assert ESC not in piped(env={"FORCE_COLOR": "1", "NO_COLOR": "1"})


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_show_pages_through_less_with_colours_like_git(shipped_index):
    """A short terminal: the article goes through less, which gets LESS=FRX, so its colours render
    (no literal 'ESC[' on screen); q quits."""
    child = spawn(["show", LONG_ARTICLE, "--index", str(shipped_index)], rows=10)
    child.expect(r"\x1b\[[0-9;]*m")  # colour codes reach the terminal as codes (less -R)
    child.expect(":|END|\\(END\\)")
    assert "ESC[" not in child.before
    child.send("q")
    output_of(child)
    assert child.exitstatus == 0


def test_pager_honours_pager_less_and_no_pager(shipped_index, tmp_path):
    record = tmp_path / "seen"
    pager = f"sh -c 'echo LESS=$LESS > {record}; cat > {record}.text'"
    args = ["show", LONG_ARTICLE, "--index", str(shipped_index)]
    output_of(spawn(args, {"PAGER": pager}, rows=10))
    assert record.read_text().strip() == "LESS=FRX" and "six" in Path(f"{record}.text").read_text()
    output_of(spawn(args, {"PAGER": pager, "LESS": "-M"}, rows=10))
    assert record.read_text().strip() == "LESS=-M"  # the user's LESS is kept
    record.unlink()
    shown = output_of(spawn([*args, "--no-pager"], {"PAGER": pager}, rows=10))
    assert not record.exists() and "six" in shown


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_in_a_real_shell(shipped_index):
    """The documented set-up (eval the script), then Tab: commands, options, ids, entity names."""
    env = {key: value for key, value in os.environ.items() if key not in ("PROMPT_COMMAND",)}
    env.update({"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}", "PS1": "$ ", "SEARCHNEWS_CONFIG": os.devnull,
                "SEARCHNEWS_INDEX": str(shipped_index), "TERM": "dumb", "INPUTRC": "/dev/null"})
    shell = pexpect.spawn("bash", ["--norc", "--noprofile"], env=env, encoding="utf-8", timeout=30,
                          dimensions=(40, 200))
    shell.expect_exact("$ ")
    shell.sendline('eval "$(searchnews completion bash)"')
    shell.expect_exact("$ ")

    def complete(line: str) -> str:
        """What the terminal shows after typing line and Tab Tab (the echo, the inserted text, the list)."""
        shell.send(line + "\t\t")
        seen = ""
        while True:
            try:
                seen += shell.read_nonblocking(65536, timeout=3)
            except pexpect.TIMEOUT:
                break
        shell.sendcontrol("c")
        shell.expect_exact("$ ")
        return seen.replace("\x07", "")

    assert "searchnews show " in complete("searchnews sh")
    assert "--company" in complete("searchnews query x --comp")
    assert "2021-10-08-meituan-fined-antitrust.txt" in complete("searchnews show reuters/2021-1")
    assert "Jack Ma" in complete("searchnews query x --person 'Jack")
    assert "company:" in complete("searchnews query comp")
    shell.sendline("exit")
    shell.expect(pexpect.EOF)


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(runner, shell):
    result = runner.invoke(cli, ["completion", shell])
    assert result.exit_code == 0 and "_SEARCHNEWS_COMPLETE" in result.stdout


def test_completion_callbacks_read_the_index(shipped_index, monkeypatch):
    from click.shell_completion import ShellComplete

    monkeypatch.setenv("SEARCHNEWS_INDEX", str(shipped_index))

    def values(*words: str) -> list[str]:
        *args, incomplete = words
        return [item.value for item in ShellComplete(cli, {}, "searchnews", "_X").get_completions(args, incomplete)]

    assert values("show", "caixin/") == sorted(str(p.relative_to(SHIPPED_CORPUS)) for p in (SHIPPED_CORPUS / "caixin").iterdir())
    assert "Alibaba" in values("query", "x", "--company", "ali")
    assert values("query", "company:alib") == ["company:alibaba", 'company:"alibaba cloud"']
    assert values("query", "per") == ["person:"]
    assert values("ingest", "--opt") == ["--optimize"]
    assert values("show", "--index", str(shipped_index.parent / "none"), "reuters/") == []  # no index: nothing, no error


def test_the_progress_bar_names_the_final_commit_on_a_terminal(tmp_path):
    child = spawn(["ingest", str(SHIPPED_CORPUS), "--index", str(tmp_path / "index"), "--optimize", "-j", "1"])
    child.expect(r"Indexing")
    child.expect(r"Committing and merging into one segment \(--optimize\)")
    assert "new," in output_of(child) and child.exitstatus == 0


# --- Ctrl-C ----------------------------------------------------------------------------------------


def test_ctrl_c_during_ingest_says_how_much_was_kept(tmp_path):
    import signal

    child = spawn(["ingest", str(SHIPPED_CORPUS), "--index", str(tmp_path / "index"), "-j", "1"],
                  {"SEARCHNEWS_TEST_DELAY_S": "0.3"})
    child.expect(r"Indexing.*[1-9][0-9]*/31")
    child.kill(signal.SIGINT)
    text = output_of(child)
    match = re.search(r"the (\d+) of (\d+) files processed before Ctrl-C were committed and stay indexed", text)
    assert match, text
    assert child.exitstatus == 130
    done, total = int(match[1]), int(match[2])
    rerun = output_of(spawn(["ingest", str(SHIPPED_CORPUS), "--index", str(tmp_path / "index")]))
    assert f"{total - done} new, 0 changed" in rerun  # exactly the reported files were kept


# --- generated docs ----------------------------------------------------------------------------------


def test_generated_docs_are_up_to_date():
    pytest.importorskip("click_man")
    import runpy

    files = runpy.run_path(str(PROJECT_ROOT / "docs" / "generate.py"))["generated"]()
    stale = [path for path, content in files.items()
             if not (PROJECT_ROOT / "docs" / path).is_file()
             or (PROJECT_ROOT / "docs" / path).read_text(encoding="utf-8") != content]
    assert not stale, f"run 'python docs/generate.py': stale {stale}"
    assert "Examples:" in files["commands.md"] and "Query syntax" in files["commands.md"]
    assert '$ searchnews query "common prosperity"' in files["man/searchnews-query.1"]  # examples in man too
