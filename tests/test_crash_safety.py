"""An ingest killed with SIGKILL at any point leaves an index that opens and answers queries, and the next
ingest completes it with every article present exactly once; queries keep working while an ingest writes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from searchnews.cli.commands import cli
from searchnews.engine.whoosh.schema import open_index

TEXT_FILES = 240
FEEDS, RECORDS_PER_FEED = 2, 10
WORDS = ["tariff", "subsidy", "quota", "licence", "merger", "antitrust", "export", "levy", "audit", "bond"]


def article_text(number: int) -> str:
    """A short story whose every line is its own, so no line looks like boilerplate to the cleaner."""
    a, b = WORDS[number % 10], WORDS[(number // 10) % 10]
    return (f"Ministry weighs {a} plan number {number}\n\n"
            f"BEIJING (Reuters) - Officials discussed the {a} and {b} proposal marked uniq{number}x on day {number}.\n\n"
            f"The {b} review for case {number} is due in {number % 12 + 1} weeks, a spokesman for unit {number} said.\n")


def expected_ids() -> Counter[str]:
    ids = [f"desk{n % 4}/story-{n}.txt" for n in range(TEXT_FILES)]
    ids += [f"feeds/feed{f}.jsonl#{r}" for f in range(FEEDS) for r in range(1, RECORDS_PER_FEED + 1)]
    return Counter(ids)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("crash") / "corpus"
    for n in range(TEXT_FILES):
        path = root / f"desk{n % 4}" / f"story-{n}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article_text(n), encoding="utf-8")
    (root / "feeds").mkdir()
    for f in range(FEEDS):
        records = [{"title": f"Feed {f} item {r}", "text": article_text(1000 + f * 100 + r).split("\n\n", 1)[1]}
                   for r in range(RECORDS_PER_FEED)]
        (root / "feeds" / f"feed{f}.jsonl").write_text("".join(json.dumps(x) + "\n" for x in records), encoding="utf-8")
    return root


def ingest_command(corpus: Path, index_dir: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "searchnews", "ingest", str(corpus), "--index", str(index_dir), *extra]


def env_with(**settings: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SEARCHNEWS_")}
    env.update(settings)
    return env


def index_ids(index_dir: Path) -> Counter[str]:
    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        return Counter(str(fields["id"]) for fields in searcher.all_stored_fields())


@pytest.mark.parametrize("how", [
    "file:130",  # mid-batch, after two commits of 50 files
    "before-toc:2",  # mid-commit: the new segment is on disk, the table of contents not yet renamed
    "after-toc:1",  # just after a commit, before Whoosh removes the files it replaced
    "timer:1.2",  # wherever the ingest happens to be after 1.2 s, with worker processes running
])
def test_sigkilled_ingest_is_completed_by_the_next_with_every_article_once(corpus, tmp_path, runner, how):
    index_dir = tmp_path / "index"
    # a first, complete ingest of part of the corpus, so the killed run also has deletions and updates to do
    subprocess.run(ingest_command(corpus / "feeds", index_dir, "-j", "1"), env=env_with(), check=True,
                   capture_output=True)
    kind, _, value = how.partition(":")
    settings = {"SEARCHNEWS_COMMIT_EVERY_FILES": "50"}
    if kind == "timer":
        settings["SEARCHNEWS_TEST_DELAY_S"] = "0.01"  # about 3 s of work, so the kill lands mid-ingest
    else:
        settings["SEARCHNEWS_CRASH_AT"] = how
    process = subprocess.Popen(ingest_command(corpus, index_dir, "-j", "2"), env=env_with(**settings),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if kind == "timer":
        try:
            process.wait(timeout=float(value))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
    _, stderr = process.communicate(timeout=120)  # returns only once its worker processes have gone too
    assert process.returncode == -signal.SIGKILL, stderr.decode()

    # the killed index opens, answers a query, and holds no article twice
    survivors = index_ids(index_dir)
    assert survivors and max(survivors.values()) == 1
    query = runner.invoke(cli, ["query", "officials", "--index", str(index_dir)])
    assert query.exit_code == 0, query.output

    # the next ingest needs no waiting for a lock (--wait 0), and finishes the job exactly
    rerun = subprocess.run(ingest_command(corpus, index_dir, "--wait", "0"), env=env_with(), capture_output=True,
                           text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert index_ids(index_dir) == expected_ids()
    assert not list(index_dir.glob("*.toc.*"))  # no half-written table of contents left behind
    if kind in ("file", "before-toc"):
        assert "died mid-write" in rerun.stderr
    again = subprocess.run(ingest_command(corpus, index_dir), env=env_with(), capture_output=True, text=True)
    assert "0 new, 0 changed, 0 removed" in again.stderr


def test_query_during_a_running_ingest_succeeds(corpus, tmp_path, runner):
    index_dir = tmp_path / "index"
    first = runner.invoke(cli, ["ingest", str(corpus / "desk0"), "--index", str(index_dir)])
    assert first.exit_code == 0, first.output
    settings = {"SEARCHNEWS_COMMIT_EVERY_FILES": "10", "SEARCHNEWS_TEST_DELAY_S": "0.01"}
    process = subprocess.Popen(ingest_command(corpus, index_dir, "-j", "1"), env=env_with(**settings),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    answered_while_writing = 0
    try:
        while process.poll() is None:
            result = runner.invoke(cli, ["query", "uniq0x", "--index", str(index_dir), "--json"])
            assert result.exit_code == 0, result.output  # never an error, never a missing article
            if process.poll() is None:
                answered_while_writing += 1
            time.sleep(0.01)
    finally:
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr.decode()
    assert answered_while_writing >= 3  # the ingest really was running (and committing) meanwhile
    assert runner.invoke(cli, ["query", "uniq239x", "--index", str(index_dir)]).exit_code == 0
    assert index_ids(index_dir) == expected_ids()


def test_ctrl_c_stops_an_ingest_at_a_file_boundary_and_keeps_whole_files(corpus, tmp_path):
    index_dir = tmp_path / "index"
    settings = {"SEARCHNEWS_TEST_DELAY_S": "0.01"}
    process = subprocess.Popen(ingest_command(corpus, index_dir, "-j", "2"), env=env_with(**settings),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Ctrl-C once the ingest has recorded its first file (it names itself in the lock file then), not
    # after a fixed sleep: on a loaded machine starting the workers alone can take longer than 1.5 s
    lock = index_dir / "searchnews_WRITELOCK"
    deadline = time.monotonic() + 60
    while not (lock.is_file() and lock.stat().st_size) and process.poll() is None:
        assert time.monotonic() < deadline, "the ingest never started writing"
        time.sleep(0.02)
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted" in stderr and "Traceback" not in stderr
    kept = index_ids(index_dir)
    assert kept and max(kept.values()) == 1 and len(kept) < sum(expected_ids().values())
    for feed in range(FEEDS):  # a multi-article file is in the index whole or not at all
        records = [doc_id for doc_id in kept if doc_id.startswith(f"feeds/feed{feed}.jsonl#")]
        assert len(records) in (0, RECORDS_PER_FEED)
    rerun = subprocess.run(ingest_command(corpus, index_dir), env=env_with(), capture_output=True, text=True)
    assert rerun.returncode == 0 and index_ids(index_dir) == expected_ids()
    files_kept = {doc_id.split("#")[0] for doc_id in kept}
    assert rerun.stderr.startswith(f"{TEXT_FILES + FEEDS - len(files_kept)} new, 0 changed, 0 removed")


def test_a_crashing_worker_process_does_not_stop_the_ingest(corpus, tmp_path):
    index_dir = tmp_path / "index"
    run = subprocess.run(ingest_command(corpus, index_dir, "-j", "2"), env=env_with(SEARCHNEWS_CRASH_AT="worker-file:30"),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "worker process died" in run.stderr
    assert index_ids(index_dir) == expected_ids()
