"""Issue 11: damaged index files, full disks, hostile records and patterns give one clear line each,
lose nothing, and the next run repairs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write_corpus

from searchnews.cli.commands import cli
from searchnews.engine.whoosh.schema import open_index


def story(word: str) -> str:
    return f"Report on {word} policy\n\nBEIJING, May 3 (Reuters) - The {word} rule was announced today by officials.\n"


def count(index_dir: Path) -> int:
    with open_index(index_dir).searcher() as searcher:
        return searcher.doc_count()


def invoke(runner, *args: str, code: int = 0):
    result = runner.invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result


def two_segment_index(runner, tmp_path) -> tuple[Path, Path]:
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {f"a{i}.txt": story(f"alpha{i}") for i in range(3)})
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir), "-j", "1")
    write_corpus(corpus, {f"b{i}.txt": story(f"beta{i}") for i in range(2)})
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir), "-j", "1")
    assert len(list(index_dir.glob("*.seg"))) == 2
    return corpus, index_dir


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "searchnews", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


@pytest.mark.parametrize("damage", ["delete", "truncate"])
def test_a_damaged_segment_is_reported_in_one_line_and_queries_answer_from_the_rest(runner, tmp_path, damage):
    _, index_dir = two_segment_index(runner, tmp_path)
    oldest = min(index_dir.glob("*.seg"), key=lambda path: path.stat().st_mtime_ns)
    if damage == "delete":
        oldest.unlink()
    else:
        os.truncate(oldest, 200)
    result = run_cli("query", "rule", "--index", str(index_dir), "--json")
    assert result.returncode == 0, result.stderr
    warning = [line for line in result.stderr.splitlines() if line]
    assert len(warning) == 1 and "damaged index segment" in warning[0]
    assert len(result.stdout.splitlines()) == 2  # the two articles of the intact segment
    stats = run_cli("stats", "--index", str(index_dir))
    assert stats.returncode == 0 and "internal error" not in stats.stderr
    # the next ingest repairs: every article back, once
    out = invoke(runner, "ingest", "--index", str(index_dir), "-j", "1").output
    assert "dropped 1 unreadable index segment" in out and count(index_dir) == 5
    # every segment gone: one clear error, exit 2
    for segment in index_dir.glob("*.seg"):
        segment.unlink()
    result = run_cli("query", "rule", "--index", str(index_dir))
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1 and "damaged" in result.stderr


@pytest.mark.parametrize("content", ["[]", "null", "{garbage", '{"version": 2, "files": {"a.txt": [1]}}', "folder"])
def test_damaged_line_counts_is_one_note_and_repaired(runner, tmp_path, content):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {f"a{i}.txt": story(f"alpha{i}") for i in range(3)})
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))
    counts_file = index_dir / "line-counts.json"
    counts_file.unlink()
    if content == "folder":
        counts_file.mkdir()
    else:
        counts_file.write_text(content, encoding="utf-8")
    (corpus / "a0.txt").write_text(story("changed"), encoding="utf-8")
    out = invoke(runner, "ingest", "--index", str(index_dir)).output
    assert "1 changed" in out and "line-counts.json" in out and "internal error" not in out
    assert count(index_dir) == 3
    assert isinstance(json.loads(counts_file.read_text(encoding="utf-8")), dict)  # repaired
    (corpus / "a1.txt").write_text(story("changed again"), encoding="utf-8")
    assert "line-counts.json" not in invoke(runner, "ingest", "--index", str(index_dir)).output


def test_a_folder_where_the_lock_file_goes_is_one_line_or_repaired(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": story("alpha")})
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir))
    lock = index_dir / "searchnews_WRITELOCK"
    lock.unlink()
    lock.mkdir()
    (lock / "something").write_text("x", encoding="utf-8")
    result = invoke(runner, "ingest", "--index", str(index_dir), code=2)
    assert len(result.output.strip().splitlines()) == 1 and "lock file" in result.output
    assert count(index_dir) == 1
    (lock / "something").unlink()  # an empty folder: removed, and the ingest goes on
    (corpus / "b.txt").write_text(story("beta"), encoding="utf-8")
    invoke(runner, "ingest", "--index", str(index_dir))
    assert count(index_dir) == 2 and lock.is_file()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_disk_is_one_line_and_loses_nothing(tmp_path, jobs):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {f"a{i}.txt": story(f"alpha{i}") for i in range(5)})
    assert run_cli("ingest", str(corpus), "--index", str(index_dir)).returncode == 0
    write_corpus(corpus, {f"b{i}.txt": story(f"beta{i}") for i in range(250)})  # enough for workers
    (corpus / "a0.txt").write_text(story("changed"), encoding="utf-8")
    result = run_cli("ingest", "--index", str(index_dir), "-j", jobs, env={"SEARCHNEWS_TEST_ENOSPC_AT": "1"})
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "no space left" in lines[0], result.stderr
    assert count(index_dir) == 5
    assert_no_unfinished_segments(index_dir)
    assert run_cli("ingest", "--index", str(index_dir), "-j", jobs).returncode == 0
    assert count(index_dir) == 255


def assert_no_unfinished_segments(index_dir: Path) -> None:
    """A failed write leaves no partial segment files behind (on a full disk they would keep it full)."""
    live = {segment.segment_id() for segment in open_index(index_dir)._read_toc().segments}
    on_disk = {path.name.split(".")[0] for path in index_dir.glob("searchnews_*.*")} - {"searchnews_WRITELOCK"}
    assert on_disk == live and not (index_dir / "searchnews.tmp").exists()


def test_a_real_full_disk_is_one_line_and_the_next_run_has_room(tmp_path):
    """On a 600 KB tmpfs (root only; skipped elsewhere)."""
    mount_point = tmp_path / "small"
    mount_point.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(mount_point)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        corpus, index_dir = tmp_path / "corpus", mount_point / "index"
        write_corpus(corpus, {f"f{n}.txt": f"Headline {n}\n\n" + " ".join(f"w{n}x{k}" for k in range(300)) + ".\n"
                              for n in range(300)})
        assert run_cli("ingest", str(corpus / "f0.txt"), "--index", str(index_dir)).returncode == 0
        result = run_cli("ingest", str(corpus), "--index", str(index_dir), "-j", "2")
        assert result.returncode == 2
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1 and "no space left" in lines[0], result.stderr
        assert count(index_dir) == 1
        assert_no_unfinished_segments(index_dir)
        assert run_cli("ingest", str(corpus / "f1.txt"), "--index", str(index_dir)).returncode == 0
        assert count(index_dir) == 2
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


def test_one_hostile_json_record_is_skipped_and_the_rest_indexed(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    good = [json.dumps({"title": f"Good {n}", "text": f"Regulators fined goodword{n} firms today."}) for n in range(2)]
    big = '{"title": "x", "text": "y", "n": ' + "9" * 5000 + "}"
    deep = '{"title": "x", "text": "y", "n": ' + "[" * 100_000 + "]" * 100_000 + "}"
    (corpus / "feed.jsonl").write_text("\n".join([good[0], big, deep, good[1]]) + "\n", encoding="utf-8")
    json_ld = ('<script type="application/ld+json">{"a": ' + "[" * 100_000 + "]" * 100_000 + ', "n": '
               + "9" * 5000 + "}</script>")
    (corpus / "page.html").write_text(
        f"<html><head><title>Tariff page</title>{json_ld}</head><body><article><h1>Tariff page</h1>"
        "<p>The commerce ministry announced new tariffs on steel imports from several countries today.</p>"
        "<p>Officials said more details would follow next week.</p></article></body></html>", encoding="utf-8")
    out = invoke(runner, "ingest", str(corpus), "--index", str(index_dir), "-j", "1").output
    assert "feed.jsonl#2" in out and "feed.jsonl#3" in out
    assert count(index_dir) == 3
    assert '"feed.jsonl#4"' in invoke(runner, "query", "goodword1", "--json", "--index", str(index_dir)).output
    assert "page.html" in invoke(runner, "query", "tariffs", "--json", "--index", str(index_dir)).output


def test_a_catastrophic_user_pattern_neither_hangs_ingest_nor_clean(runner, tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    write_corpus(corpus, {"a.txt": "Headline here\n\n" + "a" * 60 + "b\n\nThe tariffword body stays indexed.\n",
                          "b.txt": story("beta")})
    patterns = tmp_path / "patterns.txt"
    patterns.write_text("(.*a){25}\n(a|aa)+$\n", encoding="utf-8")
    started = time.monotonic()
    out = invoke(runner, "ingest", str(corpus), "--index", str(index_dir), "--boilerplate", str(patterns),
                 "-j", "1").output
    assert "'(a|aa)+$'" in out and "took over" in out
    assert "a.txt" in invoke(runner, "query", "tariffword", "--json", "--index", str(index_dir)).output
    result = run_cli("clean", str(corpus / "a.txt"), "--boilerplate", str(patterns))
    assert result.returncode == 0 and "took over" in result.stderr and "tariffword" in result.stdout
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "directory"])
def test_clean_refuses_anything_but_a_regular_file_in_one_line(tmp_path, kind):
    path = {"fifo": tmp_path / "pipe.txt", "dev-zero": Path("/dev/zero"), "directory": tmp_path / "folder"}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    result = run_cli("clean", str(path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and not result.stdout


def test_a_file_mixing_utf8_and_cp1252_gets_each_line_decoded_right():
    from searchnews.corpus.read import decode_bytes

    data = ("Tencent’s café line in UTF-8 中国\n".encode() + "Windows line: Alibaba’s café\n".encode("cp1252")
            + b"plain ascii\n")
    text = decode_bytes(data)
    assert text == "Tencent’s café line in UTF-8 中国\nWindows line: Alibaba’s café\nplain ascii\n"
    assert decode_bytes("only cp1252: café ’\n".encode("cp1252")) == "only cp1252: café ’\n"


def test_a_huge_single_line_file_is_indexed_in_parts_with_every_word_searchable(runner, tmp_path):
    from searchnews.corpus.read import MAX_DOCUMENT_CHARS

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    words = " ".join(f"filler{n % 97}" for n in range(MAX_DOCUMENT_CHARS // 8 * 3))
    (corpus / "dump.txt").write_text(f"Dump headline\n\nstartword {words} endword.\n", encoding="utf-8")
    invoke(runner, "ingest", str(corpus), "--index", str(index_dir), "-j", "1")
    parts = count(index_dir)
    assert parts >= 2
    for word in ("startword", "endword"):
        assert "dump.txt" in invoke(runner, "query", word, "--json", "--index", str(index_dir)).output
    (corpus / "dump.txt").unlink()  # its parts go with it
    assert f"{parts} removed" in invoke(runner, "ingest", "--index", str(index_dir)).output
