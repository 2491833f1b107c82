"""Sync the index with the corpus: add new files, re-index changed ones, drop deleted ones.

Files are judged by content: a size/mtime match skips a file without reading it; otherwise its
hash decides. Reading, cleaning and extraction run in worker processes (a bounded window of small
chunks, results streamed back in order) and feed the single Whoosh writer in this process. Work is
committed in batches of whole files, and each commit is atomic (Whoosh renames a new TOC into
place, fsynced by index_writer), so a killed ingest leaves an index that answers queries and the
next run finishes the job with nothing lost or doubled: the index is its own manifest.
"""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from searchnews.pipeline import ExtractOptions
from searchnews.read import SUPPORTED_SUFFIXES, CorpusFile, ReadError, is_ignored_name
from searchnews.store import INDEX_NAME, SCHEMA_VERSION, FileState

MAX_FILE_BYTES = 20 * 1024 * 1024  # a bigger "article" is a dump or a mistake: report it, don't index it
# Each commit of a parallel ingest adds one segment per worker, and every query pays per segment
# (issue 7: 8 segments after a 20k ingest at 5,000 files / 60 s; 4 now). A killed ingest redoes at most this much.
COMMIT_EVERY_FILES = int(os.environ.get("SEARCHNEWS_COMMIT_EVERY_FILES", "10000"))
COMMIT_EVERY_S = 120.0  # also commit at least this often, so a long ingest that is killed keeps most of its work
DEFAULT_WAIT_S = 30.0  # how long to wait for another writer before saying so
RACY_MTIME_NS = 1_000_000_000  # a file modified this recently may change again within the same mtime tick
PARALLEL_MIN_FILES = 200  # fewer files than this: starting workers (~0.4 s) costs more than it saves
CHUNK_FILES = 16  # files per task sent to a worker
WINDOW_PER_WORKER = 4  # chunks in flight per worker: bounds memory whatever the corpus size
SHOWN_PROBLEMS = 5
DELAY_ENV = "SEARCHNEWS_TEST_DELAY_S"  # test hook: sleep after each file, so a test can query mid-ingest
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Candidate:
    """A file the index may be out of date about: new, or its size/mtime differ from what was indexed."""

    path: str
    rel_id: str
    previous: FileState | None
    sequence: int = 0  # the sync's ingest_seq, stamped on every article it writes (issue 18: alerts)


@dataclass
class FileResult:
    """What processing one file produced: its new state and documents, or why it was skipped."""

    rel_id: str
    state: FileState | None = None
    unchanged: bool = False  # touched, same content: nothing to write
    deferred: bool = False  # changed while being read: left for the next sync
    documents: list[dict[str, object]] = field(default_factory=list)  # Whoosh fields, ready to add
    doc_count: int = 0  # articles found (workers that index them themselves send no documents)
    problems: list[str] = field(default_factory=list)  # records skipped inside the file
    error: str | None = None  # the whole file skipped
    # issue 3: the lines the cleaner judged (key -> text) and the keys of those it kept, for the
    # recurring-line statistics (recurring.IngestLineStatistics); None when the file was not cleaned
    lines: dict[str, str] | None = None
    kept_lines: list[str] = field(default_factory=list)
    dropped_lines: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    files_seen: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    new_files: int = 0
    changed_files: int = 0
    removed_files: int = 0
    errors: list[str] = field(default_factory=list)
    removed_paths: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # repairs, a dead writer's lock, schema upgrades
    elapsed_s: float = 0.0
    wrote_index: bool = False
    sequence: int = 0  # the ingest_seq stamped on the articles this sync added or changed (issue 18)
    alerts: object = None  # alerts.AlertCheck: new matches of saved searches recorded after the commit

    @property
    def changed_nothing(self) -> bool:
        return not (self.new_files or self.changed_files or self.removed_files)


ProgressCallback = Callable[[int, int], None]


# --- finding files --------------------------------------------------------------------------------


def display_rel_id(relative: str) -> str:
    """A path usable as an index key: names that are not valid UTF-8 keep their bytes as \\xNN escapes."""
    try:
        relative.encode("utf-8")
        return relative
    except UnicodeEncodeError:
        return relative.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def walk_corpus(root: Path, errors: list[str], blind_spots: list[str]) -> Iterator[tuple[str, str, os.stat_result]]:
    """(path, relative id, stat) of the supported regular files under root, sorted, following
    symlinked folders but never in a loop. Plain strings: a 20,000-file corpus is walked often.

    Problems (a symlink loop, a dangling link, an unreadable folder, a FIFO) go to `errors`; paths
    that exist but could not be looked at go to `blind_spots` (a folder as "dir/", a file by its id),
    so a sync never mistakes "could not see it" for "deleted".
    """
    if not root.is_dir():
        try:
            yield str(root), display_rel_id(root.name), os.stat(root)
        except OSError as error:
            errors.append(f"{root}: {error.strerror or error}")
        return
    visited: set[tuple[int, int]] = set()

    def visit(folder: str, prefix: str) -> Iterator[tuple[str, str, os.stat_result]]:
        try:
            folder_stat = os.stat(folder)
            key = (folder_stat.st_dev, folder_stat.st_ino)
            if key in visited:
                errors.append(f"{display_rel_id(prefix)}: symlink loop (this folder is already indexed under another path)")
                return
            visited.add(key)
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            errors.append(f"{display_rel_id(prefix) or './'}: {error.strerror or error}")
            blind_spots.append(display_rel_id(prefix))
            return
        for entry in entries:
            name = entry.name
            if is_ignored_name(name):
                continue
            supported = os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES
            try:
                if not supported and not entry.is_symlink() and not entry.is_dir(follow_symlinks=False):
                    continue  # some other kind of file: no need to stat it
                entry_stat = entry.stat()  # follows symlinks: a loop or dangling link fails here
            except OSError as error:
                if supported or entry.is_symlink():
                    rel_id = display_rel_id(prefix + name)
                    errors.append(f"{rel_id}: {error.strerror or error}")
                    blind_spots.append(rel_id)
                continue
            if stat.S_ISDIR(entry_stat.st_mode):
                yield from visit(entry.path, f"{prefix}{name}/")
            elif not supported:
                continue
            elif not stat.S_ISREG(entry_stat.st_mode):
                errors.append(f"{display_rel_id(prefix + name)}: not a regular file")
            else:
                yield entry.path, display_rel_id(prefix + name), entry_stat

    yield from visit(str(root), "")


def same_content(path: str, previous: FileState) -> bool:
    """Whether a file whose size or mtime moved still has the bytes the index holds (a touch, a copy
    that kept content, a racy mtime): hashed here, so only real changes reach cleaning and the hooks."""
    from searchnews.store import file_digest

    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size != previous.size:
                return False
            return file_digest(handle.read()) == previous.digest
    except OSError:
        return False  # let processing report it


def in_blind_spot(rel_id: str, spot: str) -> bool:
    return rel_id == spot or ((spot == "" or spot.endswith("/")) and rel_id.startswith(spot))


# --- processing one file (runs in a worker process) -----------------------------------------------


def process_candidate(candidate: Candidate, options: ExtractOptions, max_bytes: int) -> FileResult:
    """Read, hash and (if the content changed) decode, split, clean and extract one file.

    One bad record never sinks the others; a file that cannot be read is reported, never raised.
    """
    from searchnews.read import decode_bytes, split_documents
    from searchnews.store import article_fields, file_digest

    result = FileResult(candidate.rel_id)
    try:
        # O_NONBLOCK: a FIFO swapped in since the scan must not hang the ingest (no effect on files)
        with os.fdopen(os.open(candidate.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                raise ReadError("not a regular file")
            if before.st_size > max_bytes:
                raise ReadError(f"too large ({before.st_size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB cap)")
            data = handle.read(max_bytes + 1)
            after = os.fstat(handle.fileno())
        if len(data) > max_bytes:
            raise ReadError(f"too large (> {max_bytes / 1e6:.0f} MB cap)")
    except (OSError, ReadError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        result.error = f"{candidate.rel_id}: {reason}"
        return result
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(data) != after.st_size:
        result.deferred = True
        result.error = f"{candidate.rel_id}: changed while being read; will be indexed by the next sync"
        return result
    # A file written within the last second could change again without its mtime moving: record
    # mtime 0 so the next sync compares its content instead of trusting size and mtime.
    racy = time.time_ns() - after.st_mtime_ns < RACY_MTIME_NS
    state = FileState(after.st_size, 0 if racy else after.st_mtime_ns, file_digest(data), SCHEMA_VERSION)
    result.state = state
    previous = candidate.previous
    if previous and previous.digest == state.digest and previous.schema == SCHEMA_VERSION:
        result.unchanged = True
        return result
    try:
        if not data.strip():
            raise ReadError("empty file")
        corpus_file = CorpusFile(Path(candidate.path), candidate.rel_id)
        documents, result.problems = split_documents(corpus_file, decode_bytes(data))
    except ReadError as error:
        result.error = f"{candidate.rel_id}: {error}"
        return result
    except Exception as error:  # noqa: BLE001 - a decoder bug must not stop the ingest
        result.error = f"{candidate.rel_id}: could not be read ({type(error).__name__}: {error})"
        return result
    encoded_state = state.encode()
    from searchnews.pipeline import extract_with_lines
    from searchnews.recurring import count_lines

    result.lines = {}
    for raw in documents:
        try:
            article, cleaned = extract_with_lines(raw, options)
            if raw.fmt == "text":  # an HTML page's chrome is removed by its structure, not counted
                count_lines(cleaned, result.lines, result.kept_lines, result.dropped_lines,
                            options.recurring_for(raw.path))
            if not article.body.strip() and not article.title.strip():
                result.problems.append(f"{raw.doc_id}: nothing left after cleaning")
                continue
            result.documents.append(article_fields(article, encoded_state))
            if candidate.sequence:
                result.documents[-1]["ingest_seq"] = candidate.sequence
        except Exception as error:  # noqa: BLE001 - report the article, index the rest
            result.problems.append(f"{raw.doc_id}: could not be cleaned ({type(error).__name__}: {error})")
    if not result.documents and not result.problems:
        result.problems.append(f"{candidate.rel_id}: no article text found")
    result.doc_count = len(result.documents)
    return result


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


def default_workers() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, 8))


def run_in_process(candidates: list[Candidate], current_options: Callable[[], ExtractOptions], max_bytes: int,
                   commit_due: Callable[[], bool], stop_requested: Callable[[], bool]) -> Iterator[FileResult | None]:
    """Results one by one in this process; None marks a safe commit point (see parallel.SegmentWorkers)."""
    for candidate in candidates:
        if stop_requested():
            yield None
            return
        if commit_due():
            yield None
        yield process_candidate(candidate, current_options(), max_bytes)


# --- the sync -------------------------------------------------------------------------------------


def indexed_state(ix) -> tuple[dict[str, FileState], dict[str, int]]:
    """path -> (state of the indexed file, number of its articles), read from columns only."""
    states: dict[str, FileState] = {}
    counts: dict[str, int] = {}
    with ix.reader() as reader:
        if reader.doc_count() == 0:
            return states, counts
        paths = reader.column_reader("path")
        file_states = reader.column_reader("file_state")
        for docnum in reader.all_doc_ids():
            path = paths[docnum]
            state = file_states[docnum]
            path = path.decode("utf-8") if isinstance(path, bytes) else path
            state = state.decode("utf-8") if isinstance(state, bytes) else state
            if path and state:
                states[path] = FileState.decode(state)
                counts[path] = counts.get(path, 0) + 1
    return states, counts


class _Writer:
    """The one committing Whoosh writer, opened on first need (a no-op sync writes nothing) and
    committed in batches of whole files, together with the segments of any worker processes."""

    def __init__(self, ix, lock, report: IngestReport) -> None:
        self.ix, self.lock, self.report = ix, lock, report
        self.writer = None
        self.workers = None  # parallel.SegmentWorkers while a parallel sync runs
        self.optimize = False  # merge everything into one segment at the end
        self.files_in_batch = 0
        self.batch_started = time.monotonic()

    def get(self):
        if self.writer is None:
            from searchnews.index_writer import add_missing_fields
            from searchnews.store import build_schema
            from searchnews.whoosh_speedups import patch_writing, segment_codec

            patch_writing()
            self.lock.record_owner()
            self.writer = self.ix.writer(_lk=False, limitmb=128, codec=segment_codec())  # we hold the lock ourselves
            added = add_missing_fields(self.writer, build_schema())
            if added:
                self.report.notes.append(f"index schema upgraded (new fields: {', '.join(added)})")
            self.report.wrote_index = True
        return self.writer

    def file_done(self) -> None:
        self.files_in_batch += 1

    def commit_due(self) -> bool:
        return self.files_in_batch > 0 and (
            self.files_in_batch >= COMMIT_EVERY_FILES or time.monotonic() - self.batch_started >= COMMIT_EVERY_S)

    def commit(self, final: bool) -> None:
        """Intermediate commits add segments without merging (fast, and enough for crash safety);
        the last one folds small segments together (or all of them, with --optimize)."""
        from searchnews.index_writer import commit_with_segments, merge_small_segments, optimize_all

        segments = self.workers.flush() if self.workers is not None else []
        pending = self.writer is not None and self.writer._added  # a segment of its own to come
        if final and self.optimize and len(self.ix._segments()) + len(segments) + pending > 1:
            self.get()  # more than one segment: merge them all
        elif segments:
            self.get()
        if self.writer is None:
            return
        writer, self.writer = self.writer, None
        mergetype = (optimize_all if self.optimize else merge_small_segments) if final else None
        commit_with_segments(writer, segments, mergetype)
        self.files_in_batch = 0
        self.batch_started = time.monotonic()

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None


def ingest(
    roots: list[Path],
    index_dir: Path,
    options: ExtractOptions = ExtractOptions(),
    keep_deleted: bool = False,
    max_file_bytes: int = MAX_FILE_BYTES,
    on_progress: ProgressCallback | None = None,
    wait_s: float = DEFAULT_WAIT_S,
    workers: int | None = None,
    on_wait: Callable[[str], None] | None = None,
    defer: frozenset[str] = frozenset(),
    optimize: bool = False,
) -> IngestReport:
    """Make the index hold exactly the articles of the files under `roots`.

    `defer` names files (relative ids) to leave as they are this time: `watch` passes files that
    are still being written. They are neither read nor treated as deleted. Ctrl-C (in the main
    thread) stops at the next file boundary and commits what was done; a second Ctrl-C stops at once.
    """
    from searchnews.index_writer import IndexLock
    from searchnews.parallel import WorkerCrashed

    started = time.perf_counter()
    with IndexLock(index_dir, INDEX_NAME).acquire(wait_s, on_wait) as lock, _sigint_as_request() as stop:
        notes = [f"the previous writer ({lock.stale_owner.describe()}) died mid-write; its unfinished work "
                 "is redone now"] if lock.stale_owner else []
        try:
            report = _sync(roots, index_dir, lock, options, keep_deleted, max_file_bytes, on_progress,
                           workers or default_workers(), defer, stop, notes, optimize)
        except WorkerCrashed as crash:
            notes.append(f"{crash}; its unfinished batch was redone in this process")
            report = _sync(roots, index_dir, lock, options, keep_deleted, max_file_bytes, on_progress, 1, defer,
                           stop, notes, optimize)
        from searchnews.alerts.check import check_after_ingest  # issue 18: still holding the write lock

        check_after_ingest(index_dir, report)
    report.elapsed_s = time.perf_counter() - started
    if stop.is_set():
        raise KeyboardInterrupt
    return report


class _sigint_as_request:
    """In the main thread, the first Ctrl-C asks the ingest to stop at the next file boundary (so it
    can commit whole files); a second one interrupts at once. Elsewhere (watch tests) a no-op."""

    def __enter__(self):
        import signal
        import threading

        self.event = threading.Event()
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            def request_stop(signum, frame):
                if self.event.is_set():
                    raise KeyboardInterrupt
                self.event.set()

            self.previous = signal.signal(signal.SIGINT, request_stop)
        return self.event

    def __exit__(self, *exc_info) -> None:
        import signal

        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)


def _sync(roots, index_dir, lock, options, keep_deleted, max_file_bytes, on_progress, workers, defer, stop,
          notes, optimize=False) -> IngestReport:
    from searchnews.index_writer import check_segments, crash_point, open_for_writing
    from searchnews.store import build_schema

    report = IngestReport(notes=list(notes))
    ix, opened_notes = open_for_writing(index_dir, INDEX_NAME, build_schema)
    report.notes.extend(opened_notes)
    writer = _Writer(ix, lock, report)
    writer.optimize = optimize
    health = check_segments(ix)
    if not health.ok:
        from searchnews.index_writer import drop_segments

        drop_segments(writer.get(), [segment for segment, _ in health.bad_segments])
        writer.commit(final=False)
        report.notes.append(
            f"dropped {len(health.bad_segments)} unreadable index segment(s) "
            f"({health.bad_segments[0][1]}); their files are re-indexed now")
    known, counts = indexed_state(writer.ix)
    from searchnews.store import latest_ingest_seq

    with writer.ix.reader() as reader:
        report.sequence = latest_ingest_seq(reader) + 1

    candidates: list[Candidate] = []
    seen: set[str] = set(defer)
    blind_spots: list[str] = []  # folders we could not list: their indexed files are not "deleted"
    for root in roots:
        for path, rel_id, file_stat in walk_corpus(root, report.errors, blind_spots):
            report.files_seen += 1
            seen.add(rel_id)
            if rel_id in defer:
                continue
            previous = known.get(rel_id)
            if previous and previous.schema == SCHEMA_VERSION and (
                    (previous.size, previous.mtime_ns) == (file_stat.st_size, file_stat.st_mtime_ns)
                    or same_content(path, previous)):
                continue  # unchanged, or touched with the same bytes: nothing to do
            candidates.append(Candidate(path, rel_id, previous, report.sequence))
    report.skipped += len(report.errors)

    deleted = [] if keep_deleted else sorted(
        path for path in set(known) - seen if not any(in_blind_spot(path, spot) for spot in blind_spots))
    line_statistics = None
    if candidates or deleted:  # issue 3: lines recurring across an outlet's files (line-counts.json)
        from searchnews.recurring import IngestLineStatistics

        line_statistics = IngestLineStatistics(index_dir, deleted, options)
        options = line_statistics.options

    def current_options() -> ExtractOptions:  # the statistics grow during the sync (recurring.py)
        return line_statistics.options if line_statistics else options

    if deleted:
        w = writer.get()
        for path in deleted:
            w.delete_by_term("path", path)
        report.removed_files = len(deleted)
        report.removed_paths = deleted
        report.removed += sum(counts.get(path, 0) for path in deleted)

    if workers > 1 and len(candidates) >= PARALLEL_MIN_FILES:
        from searchnews.parallel import SegmentWorkers

        writer.workers = SegmentWorkers(index_dir, options, max_file_bytes, min(workers, len(candidates)))
        results = writer.workers.run(candidates, writer.commit_due, stop.is_set, current_options)
    else:
        results = run_in_process(candidates, current_options, max_file_bytes, writer.commit_due, stop.is_set)
    delay_s = float(os.environ.get(DELAY_ENV, "0") or 0)
    done = 0
    try:
        for result in results:
            if result is None:  # a safe point: everything handed out so far has been recorded
                if line_statistics:
                    line_statistics.save()
                writer.commit(final=False)
                continue
            record_result(result, known, counts, writer, report)
            if line_statistics and not result.error:
                line_statistics.record(result.rel_id, result.lines, result.kept_lines, result.dropped_lines)
            done += 1
            crash_point("file")
            if delay_s:
                time.sleep(delay_s)
            if on_progress:
                on_progress(done, len(candidates))
        if line_statistics:
            line_statistics.save()
            if not stop.is_set():
                reclean_with_new_statistics(line_statistics, candidates, max_file_bytes, writer)
        writer.commit(final=not stop.is_set())
    except BaseException:
        writer.cancel()  # keep the last commit; whatever was half-done is redone next time
        raise
    finally:
        results.close()
        if writer.workers is not None:
            writer.workers.close()
    return report


def reclean_with_new_statistics(line_statistics, candidates: list[Candidate], max_file_bytes: int,
                                writer: _Writer) -> None:
    """Issue 3: files of this sync that kept a line which only became recurring during it (a first
    ingest learns an outlet's promo lines from its files) are cleaned again, in this process, before
    the last commit. Usually none or few; the counts of their lines do not change. Their first
    versions are committed first, so the deletes below find them (a kill in between leaves them
    indexed as cleaned with the older statistics, which is all a later sync would know either)."""
    stale, options = line_statistics.stale_files()
    if not stale:
        return
    writer.commit(final=False)
    paths = {candidate.rel_id: candidate.path for candidate in candidates}
    for rel_id in stale:
        result = process_candidate(Candidate(paths[rel_id], rel_id, None, writer.report.sequence), options,
                                   max_file_bytes)
        if result.error or not result.documents:
            continue
        w = writer.get()
        w.delete_by_term("path", rel_id)
        for document in result.documents:
            w.add_document(**document)


def record_result(result: FileResult, known: dict[str, FileState], counts: dict[str, int],
                  writer: _Writer, report: IngestReport) -> None:
    """Write one file's articles (replacing its old ones) and count what happened."""
    if result.unchanged:
        return
    if result.error:
        report.errors.append(result.error)
        report.skipped += 1
        return  # keep whatever the index already holds for this file
    report.errors.extend(result.problems)
    report.skipped += len(result.problems)
    previous = known.get(result.rel_id)
    found = result.doc_count
    if not found and not previous:
        return  # nothing to index and nothing to replace: reported above, looked at again next time
    old_count = counts.get(result.rel_id, 0)
    w = writer.get()
    if previous:
        report.changed_files += 1
        report.updated += min(old_count, found)
        report.added += max(0, found - old_count)
        report.removed += max(0, old_count - found)
        w.delete_by_term("path", result.rel_id)
    else:
        report.new_files += 1
        report.added += found
    for document in result.documents:
        w.add_document(**document)
    writer.file_done()


def summary_lines(report: IngestReport, verbose: bool = False) -> list[str]:
    """The end-of-ingest summary: counts first, then what was removed and skipped (first few)."""
    lines = [
        f"{report.new_files} new, {report.changed_files} changed, {report.removed_files} removed "
        f"({report.files_seen} files seen; articles: {report.added} added, {report.updated} updated, "
        f"{report.removed} removed, {report.skipped} skipped; {len(report.errors)} problems; "
        f"{report.elapsed_s:.1f}s)"
    ]
    lines += [f"  note: {printable(note)}" for note in report.notes]
    if report.removed_paths:
        shown_paths = report.removed_paths if verbose else report.removed_paths[:SHOWN_PROBLEMS]
        lines.append(f"  removed the articles of {len(report.removed_paths)} deleted file(s) "
                     "(--keep-deleted keeps them):")
        lines += [f"    {printable(path)}" for path in shown_paths]
        if len(report.removed_paths) > len(shown_paths):
            lines.append(f"    ... and {len(report.removed_paths) - len(shown_paths)} more (--verbose shows all)")
    shown = report.errors if verbose else report.errors[:SHOWN_PROBLEMS]
    lines += [f"  skipped {printable(problem)}" for problem in shown]
    if len(report.errors) > len(shown):
        lines.append(f"  ... and {len(report.errors) - len(shown)} more (--verbose shows all)")
    return lines


def printable(text: str) -> str:
    """A file name with a newline or escape code in it must not break the one-problem-per-line report."""
    return CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
