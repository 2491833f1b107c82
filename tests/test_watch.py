"""`searchnews watch` keeps the index in sync while it runs: bursts in few batches, files only once fully
written, editors' temporary files ignored, renames/moves/deletes followed, Ctrl-C stops cleanly."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from searchnews.engine.whoosh.schema import open_index
from searchnews.errors import UserError

pytest.importorskip("watchdog", reason="watchdog is not installed")


def index_docs(index_dir: Path) -> dict[str, str]:
    try:
        ix = open_index(index_dir)
    except UserError:
        return {}
    with ix.searcher() as searcher:
        ids = Counter(str(fields["id"]) for fields in searcher.all_stored_fields())
        assert not ids or max(ids.values()) == 1, "an article is indexed twice"
        return {str(fields["id"]): str(fields.get("body", "")) for fields in searcher.all_stored_fields()}


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the watcher"
        time.sleep(0.05)


def story(number: int, extra: str = "") -> str:
    return f"Watched story number {number}\n\nSHANGHAI (Reuters) - Report w{number}w says item {number} moved.{extra}\n"


class Watcher:
    """`searchnews.sync.watch.watch` in a background thread, stopped at the end of the test."""

    def __init__(self, corpus: Path, index_dir: Path, quiet_s: float = 0.3, wait_s: float = 30.0) -> None:
        from searchnews.sync.watch import watch

        self.reports: list[object] = []
        self.errors: list[str] = []
        self.ready = threading.Event()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=(corpus, index_dir), kwargs={
            "on_batch": self.reports.append, "on_ready": self.ready.set, "on_error": self.errors.append,
            "stop": self.stop, "quiet_s": quiet_s, "max_delay_s": 30.0, "workers": 2, "wait_s": wait_s})
        self.thread.start()
        assert self.ready.wait(60), "the first sync did not finish"

    def close(self) -> None:
        self.stop.set()
        self.thread.join(30)


@pytest.fixture
def watcher_factory():
    watchers: list[Watcher] = []

    def start(*args, **kwargs) -> Watcher:
        watchers.append(Watcher(*args, **kwargs))
        return watchers[-1]

    yield start
    for watcher in watchers:
        watcher.close()


def test_watch_indexes_a_burst_in_few_batches_and_follows_renames_moves_and_deletes(tmp_path, watcher_factory):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    (corpus / "drop").mkdir(parents=True)
    watcher = watcher_factory(corpus, index_dir)

    for number in range(500):  # a scraper dropping 500 files at once
        (corpus / "drop" / f"s{number}.txt").write_text(story(number), encoding="utf-8")
    wait_for(lambda: sum(report.added for report in watcher.reports) == 500)  # type: ignore[attr-defined]
    burst_batches = [report for report in watcher.reports if report.added]  # type: ignore[attr-defined]
    assert 1 <= len(burst_batches) <= 5, len(burst_batches)
    assert len(index_docs(index_dir)) == 500

    (corpus / "drop" / "s1.txt").rename(corpus / "drop" / "renamed.txt")
    (corpus / "archive").mkdir()
    (corpus / "drop" / "s2.txt").rename(corpus / "archive" / "s2.txt")
    (corpus / "drop" / "s3.txt").unlink()
    # an editor saving s4.txt: write a temporary file, then rename it over the original
    (corpus / "drop" / ".s4.txt.swp").write_text("swap file noise", encoding="utf-8")
    (corpus / "drop" / "s4.txt~").write_text(story(4), encoding="utf-8")
    temporary = corpus / "drop" / "s4.txt.tmp"
    temporary.write_text(story(4, " Edited later."), encoding="utf-8")
    temporary.rename(corpus / "drop" / "s4.txt")

    def settled() -> bool:
        docs = index_docs(index_dir)
        return ("drop/renamed.txt" in docs and "archive/s2.txt" in docs and "drop/s3.txt" not in docs
                and "Edited later" in docs.get("drop/s4.txt", ""))

    wait_for(settled)
    docs = index_docs(index_dir)
    assert len(docs) == 499
    assert not {"drop/s1.txt", "drop/s2.txt", "drop/s3.txt"} & set(docs)
    assert not [doc_id for doc_id in docs if "swp" in doc_id or doc_id.endswith(("~", ".tmp"))]


def test_watch_indexes_a_file_only_once_it_is_completely_written(tmp_path, watcher_factory):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    watcher_factory(corpus, index_dir, quiet_s=0.5)
    path = corpus / "slow.txt"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("Slowly written story\n\n")
        for part in range(8):  # a download trickling in, faster than the quiet period
            handle.write(f"Paragraph {part} of the slow story arrives. ")
            handle.flush()
            assert "slow.txt" not in index_docs(index_dir), "a half-written file was indexed"
            time.sleep(0.15)
        handle.write("The final sentence marks the end.\n")
    wait_for(lambda: "final sentence" in index_docs(index_dir).get("slow.txt", ""))


def test_ctrl_c_stops_watch_cleanly_and_keeps_what_was_indexed(tmp_path):
    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "first.txt").write_text(story(1), encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "searchnews", "watch", str(corpus), "--index", str(index_dir), "--quiet-period", "0.2"],
        stderr=subprocess.PIPE, text=True)
    try:
        lines = iter(process.stderr.readline, "")  # type: ignore[union-attr]
        assert any("watching" in line for line in lines)  # the first sync is done (its summary came first)
        (corpus / "second.txt").write_text(story(2), encoding="utf-8")
        wait_for(lambda: set(index_docs(index_dir)) == {"first.txt", "second.txt"})
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "stopped watching" in stderr and "Traceback" not in stderr
    assert set(index_docs(index_dir)) == {"first.txt", "second.txt"}


def test_watch_waits_out_another_writer_and_then_catches_up(tmp_path, watcher_factory):
    from searchnews.engine.whoosh.schema import INDEX_NAME
    from searchnews.engine.whoosh.writing import IndexLock

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    watcher = watcher_factory(corpus, index_dir, quiet_s=0.2, wait_s=0.2)
    with IndexLock(index_dir, INDEX_NAME).acquire(wait_s=0):  # a long manual ingest, say
        (corpus / "during.txt").write_text(story(7), encoding="utf-8")
        wait_for(lambda: watcher.errors)
        assert "another searchnews ingest or watch is writing" in watcher.errors[0]
    wait_for(lambda: "during.txt" in index_docs(index_dir))


def test_watch_ignores_its_own_index_inside_the_watched_folder(tmp_path, watcher_factory):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    index_dir = corpus / "index"
    (corpus / "first.txt").write_text(story(1), encoding="utf-8")
    watcher = watcher_factory(corpus, index_dir, quiet_s=0.2)
    assert set(index_docs(index_dir)) == {"first.txt"}  # never line-counts.json or roots.json
    (corpus / "second.txt").write_text(story(2), encoding="utf-8")
    wait_for(lambda: set(index_docs(index_dir)) == {"first.txt", "second.txt"})
    time.sleep(1.5)  # its own commits must not start sync after sync
    batches = len(watcher.reports)
    time.sleep(1.5)
    assert len(watcher.reports) == batches, "watch keeps syncing its own index files"
    assert set(index_docs(index_dir)) == {"first.txt", "second.txt"}


def test_watch_keeps_indexing_after_the_folder_is_removed_and_recreated(tmp_path, watcher_factory):
    import shutil

    corpus, index_dir = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    (corpus / "first.txt").write_text(story(1), encoding="utf-8")
    watcher = watcher_factory(corpus, index_dir, quiet_s=0.2)
    shutil.rmtree(corpus)
    wait_for(lambda: any("disappeared" in error for error in watcher.errors))
    assert set(index_docs(index_dir)) == {"first.txt"}  # a vanished folder is not "everything deleted"
    corpus.mkdir()
    (corpus / "again.txt").write_text(story(2), encoding="utf-8")
    wait_for(lambda: set(index_docs(index_dir)) == {"again.txt"})
    (corpus / "later.txt").write_text(story(3), encoding="utf-8")
    wait_for(lambda: set(index_docs(index_dir)) == {"again.txt", "later.txt"})
