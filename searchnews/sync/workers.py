"""Worker processes that clean files *and* write Whoosh segments, for ingests too big for one core.

Why not a plain process pool feeding one writer: in this pipeline the writer's own work (analysing,
stemming, writing postings) costs as much as cleaning, so a single writer caps an ingest at about
one core. Each worker here keeps its own lock-free Whoosh segment writer (the way Whoosh's own
MpWriter works). The ingest process keeps the lock and the only writer that commits: it deletes
the old versions of changed and deleted files and, at each commit, asks every worker to finish
its segment and puts those segments into the same new table of contents. A commit is therefore
still one atomic rename; the segments of a killed run are orphans Whoosh removes at the next commit.

Workers get chunks of files through their own queue (a bounded number in flight, so memory stays
flat) and send back per-file results without the article texts.
"""

from __future__ import annotations

import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

from searchnews.extract.run import ExtractOptions
from searchnews.sync.per_file import Candidate, FileResult, process_candidate

CHUNK_FILES = 16  # files per task sent to a worker
WINDOW_PER_WORKER = 4  # chunks in flight per worker: bounds memory whatever the corpus size
WORKER_LIMIT_MB = 96  # each worker's posting buffer before it spills to disk
RESULT_POLL_S = 1.0


class WorkerCrashed(RuntimeError):
    """A worker process died (a crash inside a parser, the OOM killer): its segment is lost."""


def _worker_main(worker_id: int, index_dir: str, options: ExtractOptions, max_bytes: int,
                 tasks, results, ingest_pid: int) -> None:
    from searchnews.engine.whoosh.schema import build_schema
    from searchnews.engine.whoosh.speedups import patch_writing
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the ingest's to handle

    def exit_with_ingest() -> None:  # a worker of a killed ingest must not wait for work forever
        while process_is_running(ingest_pid):
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=exit_with_ingest, daemon=True).start()
    patch_writing()
    schema = build_schema()
    try:
        _worker_loop(worker_id, index_dir, options, max_bytes, tasks, results, schema)
    except BaseException as error:  # noqa: BLE001 - one line to the ingest, not a traceback on the terminal
        code = error.errno if isinstance(error, OSError) else None
        results.put(("failed", worker_id, code, getattr(error, "strerror", None) or f"{type(error).__name__}: {error}",
                     getattr(error, "filename", None)))
        results.close()
        results.join_thread()  # the message must reach the ingest before this process goes
        os._exit(1)


def _worker_loop(worker_id, index_dir, options, max_bytes, tasks, results, schema) -> None:
    from searchnews.engine.whoosh.schema import INDEX_NAME
    from searchnews.engine.whoosh.speedups import segment_codec
    from searchnews.engine.whoosh.writing import add_missing_fields, crash_point, durable_storage

    ix = durable_storage(Path(index_dir)).open_index(INDEX_NAME)
    writer = None
    while True:
        message = tasks.get()
        if message[0] == "options":  # the ingest learnt more recurring lines (recurring.py)
            options = message[1]
        elif message[0] == "chunk":
            _, sequence, chunk = message
            out = []
            for candidate in chunk:
                crash_point("worker-file")
                result = process_candidate(candidate, options, max_bytes)
                if result.documents:
                    if writer is None:
                        from whoosh.writing import SegmentWriter

                        writer = SegmentWriter(ix, _lk=False, limitmb=WORKER_LIMIT_MB, codec=segment_codec())
                        add_missing_fields(writer, schema)
                    for document in result.documents:
                        writer.add_document(**document)
                out.append(replace(result, doc_count=len(result.documents), documents=[]))
            results.put(("files", worker_id, sequence, out))
        elif message[0] == "flush":
            segment = None
            if writer is not None:
                if writer._added:
                    segment = writer._finalize_segment()
                else:
                    writer._close_segment()
                writer = None
            results.put(("segment", worker_id, segment))
        else:  # "stop"
            if writer is not None:
                writer._close_segment()
            return


class SegmentWorkers:
    """The ingest's side: hand out chunks, yield file results in corpus order, collect segments."""

    def __init__(self, index_dir: Path, options: ExtractOptions, max_bytes: int, workers: int) -> None:
        import multiprocessing

        # forkserver, not fork: a forked worker would inherit the index lock's file descriptor and keep
        # the index locked if the ingest were killed while the worker lived on.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["searchnews.sync.workers", "searchnews.extract.run", "searchnews.engine.whoosh.schema"])
        self.results = context.Queue()
        self.tasks = [context.Queue() for _ in range(workers)]
        self.outstanding = [0] * workers
        self.sent_options = [options] * workers  # what each worker cleans with
        self.processes = [
            context.Process(target=_worker_main, daemon=True, name=f"searchnews-worker-{number}",
                            args=(number, str(index_dir), options, max_bytes, self.tasks[number], self.results,
                                  os.getpid()))
            for number in range(workers)
        ]
        for process in self.processes:
            process.start()

    def run(self, candidates: list[Candidate], commit_due, stop_requested,
            current_options: Callable[[], ExtractOptions] | None = None) -> Iterator[FileResult | None]:
        """Process every candidate; results come back in the order of `candidates`.

        A chunk is cleaned with `current_options()` as it is when the chunk goes out.

        None marks a safe commit point: when `commit_due()` says so, no new chunks go out until every
        chunk in flight has been yielded, so the segments flushed at that commit hold exactly the
        files the ingest has recorded. When `stop_requested()`, the same drain happens, then it ends.
        """
        chunks = [candidates[start:start + CHUNK_FILES] for start in range(0, len(candidates), CHUNK_FILES)]
        next_chunk = next_to_yield = 0
        arrived: dict[int, list[FileResult]] = {}
        while next_to_yield < len(chunks):
            holding = commit_due() or stop_requested()
            if holding and next_to_yield == next_chunk:  # everything sent has been yielded
                yield None
                if stop_requested():
                    return
                continue
            # a worker gets a chunk while it has few queued and the ingest has recorded all but a few
            # windows' worth of what was sent: results never pile up ahead of what the ingest records
            while (not holding and next_chunk < len(chunks) and min(self.outstanding) < WINDOW_PER_WORKER
                   and next_chunk - next_to_yield < WINDOW_PER_WORKER * len(self.tasks)):
                worker = self.outstanding.index(min(self.outstanding))
                options = current_options() if current_options else self.sent_options[worker]
                if options is not self.sent_options[worker]:
                    self.tasks[worker].put(("options", options))
                    self.sent_options[worker] = options
                self.tasks[worker].put(("chunk", next_chunk, chunks[next_chunk]))
                self.outstanding[worker] += 1
                next_chunk += 1
            while next_to_yield not in arrived:
                _, worker, sequence, results = self._receive()
                self.outstanding[worker] -= 1
                arrived[sequence] = results
            yield from arrived.pop(next_to_yield)
            next_to_yield += 1

    def flush(self) -> list[object]:
        """Every worker finishes its segment; returns those that hold documents (for the next commit)."""
        assert not any(self.outstanding), "flush with chunks in flight"
        for task_queue in self.tasks:
            task_queue.put(("flush",))
        segments = [self._receive()[2] for _ in self.tasks]
        return [segment for segment in segments if segment is not None]

    def _receive(self):
        while True:
            try:
                message = self.results.get(timeout=RESULT_POLL_S)
            except queue.Empty:
                message = None
            if message is not None and message[0] == "failed":
                _, _, code, reason, filename = message
                if code is not None:  # a full disk, a quota, a read-only index: the ingest says so in one line
                    raise OSError(code, reason, filename)
                raise WorkerCrashed(f"a cleaning worker process failed ({reason})")
            if message is not None:
                return message
            for process in self.processes:
                    if not process.is_alive():
                        raise WorkerCrashed(f"a cleaning worker process died (exit code {process.exitcode})") from None

    def close(self) -> None:
        for task_queue, process in zip(self.tasks, self.processes, strict=True):
            if process.is_alive():
                task_queue.put(("stop",))
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.kill()


def process_is_running(pid: int) -> bool:
    """True while `pid` runs; a killed process nobody has reaped yet (a zombie) counts as gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat_file:
            return stat_file.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):
        pass  # no /proc (macOS): ask the kernel instead
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
