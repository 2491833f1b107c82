"""Sync the index with the corpus: add new files, re-index changed ones, drop deleted ones.

Files are judged by content: a size/mtime match skips a file without reading it; otherwise its
hash decides. Reading, cleaning and extraction run in worker processes (a bounded window of small
chunks, results streamed back in order) and feed the single Whoosh writer in this process. Work is
committed in batches of whole files, and each commit is atomic (Whoosh renames a new TOC into
place, fsynced by index_writer), so a killed ingest leaves an index that answers queries and the
next run finishes the job with nothing lost or doubled: the index is its own manifest.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from searchnews.corpus.read import SUPPORTED_SUFFIXES, is_ignored_name
from searchnews.engine.whoosh.schema import INDEX_NAME, SCHEMA_VERSION, FileState
from searchnews.errors import UserError
from searchnews.extract.run import ExtractOptions
from searchnews.sync.per_file import Candidate, FileResult, extraction_version, process_candidate

MAX_FILE_BYTES = 20 * 1024 * 1024  # a bigger "article" is a dump or a mistake: report it, don't index it
# Each commit of a parallel ingest adds one segment per worker, and every query pays per segment
# (issue 7: 8 segments after a 20k ingest at 5,000 files / 60 s; 4 now). A killed ingest redoes at most this much.
COMMIT_EVERY_FILES = int(os.environ.get("SEARCHNEWS_COMMIT_EVERY_FILES", "10000"))
COMMIT_EVERY_S = 120.0  # also commit at least this often, so a long ingest that is killed keeps most of its work
DEFAULT_WAIT_S = 30.0  # how long to wait for another writer before saying so
PARALLEL_MIN_FILES = 200  # fewer files than this: starting workers (~0.4 s) costs more than it saves
SHOWN_PROBLEMS = 5
DELAY_ENV = "SEARCHNEWS_TEST_DELAY_S"  # test hook: sleep after each file, so a test can query mid-ingest
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


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
    """A path usable as an index key. Ordinary names stay as they are; a name that is not valid UTF-8
    keeps its bytes as \\xNN escapes, and then (and in names holding a backslash) every backslash is
    doubled, so `caf\\xe9.txt` (bytes) and a file literally named `caf\\xe9.txt` get different ids."""
    try:
        relative.encode("utf-8")
        if "\\" not in relative:
            return relative
    except UnicodeEncodeError:
        pass
    raw = relative.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")
    return "".join("\\\\" if ch == "\\" else f"\\x{ord(ch) - 0xDC00:02x}" if 0xDC80 <= ord(ch) <= 0xDCFF else ch
                   for ch in raw)


@dataclass
class ScanTarget:
    """One part of one corpus root to compare with the index: the whole root, a folder or one file
    in it. Only indexed files inside `scope` (relative to the root) can be found deleted."""

    root: object  # roots.Root
    start: str  # absolute path walked
    scope: str  # "" (whole root), "sub/" (a folder) or "sub/a.txt" (one file)
    walk: bool = True  # False: a root absorbed by a wider one; all its old ids are gone

    def covers(self, rel_id: str) -> bool:
        prefix = self.root.id_prefix
        if not self.root.owns(rel_id):
            return False
        relative = rel_id[len(prefix):]
        return self.scope == "" or relative == self.scope or (self.scope.endswith("/") and relative.startswith(self.scope))


@dataclass
class WalkSettings:
    """What every walk of one sync shares: folders never entered (the index itself), the roots that
    symlinks may point into, and the narrowest permissions seen among the sources."""

    exclude: frozenset[str] = frozenset()
    roots: tuple[str, ...] = ()
    follow_symlinks: bool = False
    source_mode: int = 0o777
    reported_links: set[str] = field(default_factory=set)


def walk_corpus(root: Path, errors: list[str], blind_spots: list[str], id_prefix: str = "", rel_start: str = "",
                settings: WalkSettings | None = None) -> Iterator[tuple[str, str, os.stat_result]]:
    """(path, relative id, stat) of the supported regular files under root, sorted, following
    symlinked folders that stay inside the corpus roots but never in a loop. Plain strings: a
    20,000-file corpus is walked often.

    Problems (a symlink loop, a dangling link, an unreadable folder, a FIFO) go to `errors`; paths
    that exist but could not be looked at go to `blind_spots` (a folder as "dir/", a file by its id),
    so a sync never mistakes "could not see it" for "deleted".
    """
    settings = settings or WalkSettings()
    if not root.is_dir():
        try:
            file_stat = os.stat(root)
        except OSError as error:
            errors.append(f"{root}: {error.strerror or error}")
            blind_spots.append(id_prefix + display_rel_id(rel_start or root.name))
            return
        if not stat.S_ISREG(file_stat.st_mode):
            errors.append(f"{root}: not a regular file")
            return
        settings.source_mode &= file_stat.st_mode
        yield str(root), id_prefix + display_rel_id(rel_start or root.name), file_stat
        return
    visited: set[tuple[int, int]] = set()

    def leaves_roots(path: str) -> str | None:
        if settings.follow_symlinks or not settings.roots:
            return None
        target = os.path.realpath(path)
        from searchnews.corpus.roots import is_within

        return None if any(is_within(target, allowed) for allowed in settings.roots) else target

    def visit(folder: str, prefix: str) -> Iterator[tuple[str, str, os.stat_result]]:
        try:
            folder_stat = os.stat(folder)
            key = (folder_stat.st_dev, folder_stat.st_ino)
            if key in visited:
                errors.append(f"{id_prefix}{display_rel_id(prefix)}: symlink loop (this folder is already indexed under another path)")
                return
            visited.add(key)
            settings.source_mode &= folder_stat.st_mode | 0o111  # a folder's x bits say nothing of readers
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            errors.append(f"{id_prefix}{display_rel_id(prefix) or './'}: {error.strerror or error}")
            blind_spots.append(id_prefix + display_rel_id(prefix))
            return
        for entry in entries:
            name = entry.name
            if is_ignored_name(name):
                continue
            supported = os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES
            try:
                if not supported and not entry.is_symlink() and not entry.is_dir(follow_symlinks=False):
                    continue  # some other kind of file: no need to stat it
                if entry.is_symlink():
                    outside = leaves_roots(entry.path)
                    if outside is not None:
                        rel_id = id_prefix + display_rel_id(prefix + name)
                        if rel_id not in settings.reported_links:
                            settings.reported_links.add(rel_id)
                            errors.append(f"{rel_id}: symlink to {outside}, outside the corpus roots; not followed "
                                          "(--follow-symlinks follows it)")
                        continue
                entry_stat = entry.stat()  # follows symlinks: a loop or dangling link fails here
            except OSError as error:
                if supported or entry.is_symlink():
                    rel_id = id_prefix + display_rel_id(prefix + name)
                    errors.append(f"{rel_id}: {error.strerror or error}")
                    blind_spots.append(rel_id)
                continue
            if stat.S_ISDIR(entry_stat.st_mode):
                if os.path.realpath(entry.path) in settings.exclude:
                    continue  # the index folder inside the corpus: never its own article
                yield from visit(entry.path, f"{prefix}{name}/")
            elif not supported:
                continue
            elif not stat.S_ISREG(entry_stat.st_mode):
                errors.append(f"{id_prefix}{display_rel_id(prefix + name)}: not a regular file")
            else:
                settings.source_mode &= entry_stat.st_mode
                yield entry.path, id_prefix + display_rel_id(prefix + name), entry_stat

    if os.path.realpath(root) in settings.exclude:
        return
    yield from visit(str(root), rel_start)


def same_content(path: str, previous: FileState) -> bool:
    """Whether a file whose size or mtime moved still has the bytes the index holds (a touch, a copy
    that kept content, a racy mtime): hashed here, so only real changes reach cleaning and the hooks."""
    from searchnews.engine.whoosh.schema import file_digest

    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size != previous.size:
                return False
            return file_digest(handle.read()) == previous.digest
    except OSError:
        return False  # let processing report it


def in_blind_spot(rel_id: str, spot: str) -> bool:
    return rel_id == spot or ((spot == "" or spot.endswith("/")) and rel_id.startswith(spot))


def default_workers() -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cpus, 8))


def run_in_process(candidates: list[Candidate], current_options: Callable[[], ExtractOptions], max_bytes: int,
                   commit_due: Callable[[], bool], stop_requested: Callable[[], bool]) -> Iterator[FileResult | None]:
    """Results one by one in this process; None marks a safe commit point (see workers.SegmentWorkers)."""
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
        self.workers = None  # workers.SegmentWorkers while a parallel sync runs
        self.optimize = False  # merge everything into one segment at the end
        self.files_in_batch = 0
        self.batch_started = time.monotonic()
        self.old_schema = False  # articles indexed by an older SCHEMA_VERSION are in the index

    def get(self):
        if self.writer is None:
            from searchnews.engine.whoosh.schema import build_schema
            from searchnews.engine.whoosh.speedups import patch_writing, segment_codec
            from searchnews.engine.whoosh.writing import add_missing_fields

            patch_writing()
            self.lock.record_owner()
            self.writer = self.ix.writer(_lk=False, limitmb=128, codec=segment_codec())  # we hold the lock ourselves
            added = add_missing_fields(self.writer, build_schema())
            if added:
                self.report.notes.append(f"index schema upgraded (new fields: {', '.join(added)})")
            self.upgrade_analyzers()
            self.report.wrote_index = True
        return self.writer

    def upgrade_analyzers(self) -> None:
        """An index of an older schema version re-indexes every file: with today's analyzers."""
        from searchnews.engine.whoosh.schema import refresh_text_analyzers

        if self.old_schema and self.writer is not None and refresh_text_analyzers(self.writer.schema):
            self.report.notes.append("text analysis upgraded (Chinese text by word); every article is re-indexed")

    def file_done(self) -> None:
        self.files_in_batch += 1

    def commit_due(self) -> bool:
        return self.files_in_batch > 0 and (
            self.files_in_batch >= COMMIT_EVERY_FILES or time.monotonic() - self.batch_started >= COMMIT_EVERY_S)

    def commit(self, final: bool) -> None:
        """Intermediate commits add segments without merging (fast, and enough for crash safety);
        the last one folds small segments together (or all of them, with --optimize)."""
        from searchnews.engine.whoosh.writing import commit_with_segments, merge_small_segments, optimize_all

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
    follow_symlinks: bool = False,
    default_roots: list[Path] | None = None,
    forget_options: tuple[str, ...] = (),
) -> IngestReport:
    """Bring the index up to date with `roots` (paths; none: the roots the index remembers, or
    `default_roots` for a new index). A path inside a known root re-scans that part of it; any other
    path becomes a new root (roots.py). Only files that disappeared from the part scanned are removed.

    `options.entities_file`/`boilerplate_file`, when given, are checked before anything is touched and
    become the index's own (index_options.py). `defer` names files (ids) to leave as they are this
    time: `watch` passes files that are still being written. Ctrl-C (in the main thread) stops at the
    next file boundary and commits what was done; a second Ctrl-C stops at once.
    """
    from searchnews.engine.whoosh.writing import IndexLock
    from searchnews.sync.custom_files import read_option_file
    from searchnews.sync.workers import WorkerCrashed

    started = time.perf_counter()
    for kind, path in (("entities", options.entities_file), ("boilerplate", options.boilerplate_file)):
        if path:
            read_option_file(path, kind)  # a bad option file is refused before the index is touched
    given = [Path(root) for root in roots]
    create_index_folder(index_dir, given or list(default_roots or []))
    with IndexLock(index_dir, INDEX_NAME).acquire(wait_s, on_wait) as lock, _sigint_as_request() as stop:
        notes = [f"the previous writer ({lock.stale_owner.describe()}) died mid-write; its unfinished work "
                 "is redone now"] if lock.stale_owner else []
        options = index_options_in_force(index_dir, options, forget_options, notes)
        targets, legacy = plan_targets(index_dir, given, default_roots or [], notes)
        settings = WalkSettings(exclude=frozenset({os.path.realpath(index_dir)}), follow_symlinks=follow_symlinks,
                                roots=tuple(target.root.path for target in all_roots(index_dir)))
        args = (targets, index_dir, lock, options, keep_deleted or legacy, max_file_bytes, on_progress)
        try:
            try:
                report = _sync(*args, workers or default_workers(), defer, stop, notes, optimize, settings)
            except WorkerCrashed as crash:
                notes.append(f"{crash}; its unfinished batch was redone in this process")
                report = _sync(*args, 1, defer, stop, notes, optimize, settings)
        except OSError as error:
            remove_unfinished_segments(index_dir)  # so a full disk has room again for the next run
            raise UserError(write_failure(index_dir, error)) from None
        restrict_index_folder(index_dir, settings.source_mode, report)
        from searchnews.dense.query import sync_after_ingest  # the dense extra's vectors (a no-op without it)

        sync_after_ingest(index_dir, report.notes)
        from searchnews.alerts.check import check_after_ingest  # issue 18: still holding the write lock

        check_after_ingest(index_dir, report)
    report.elapsed_s = time.perf_counter() - started
    if stop.is_set():
        raise KeyboardInterrupt("committed")  # the CLI tells this graceful stop from a second, immediate Ctrl-C
    return report


def remove_unfinished_segments(index_dir: Path) -> None:
    """After a failed write (the lock still held, the workers gone): delete segment files the current
    table of contents does not list, and Whoosh's temporary folder. Whoosh would only do so at the next
    successful commit, which a full disk may never allow."""
    import shutil

    from searchnews.engine.whoosh.schema import open_index

    try:
        ix = open_index(index_dir)
        live = {segment.segment_id() for segment in ix._read_toc().segments}
    except Exception:  # noqa: BLE001 - an unreadable TOC is rebuilt by the next ingest anyway
        return
    segment_file = re.compile(rf"^({re.escape(INDEX_NAME)}_[a-z0-9]+)\.")
    for path in index_dir.iterdir():
        match = segment_file.match(path.name)
        if match and match.group(1) not in live and path.is_file():
            with contextlib.suppress(OSError):
                path.unlink()
    with contextlib.suppress(OSError):
        shutil.rmtree(index_dir / f"{INDEX_NAME}.tmp")


def write_failure(index_dir: Path, error: OSError) -> str:
    import errno

    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "no space left on the device" if error.errno == errno.ENOSPC else "disk quota exceeded"
    where = f" ({error.filename})" if error.filename else ""
    return (f"{index_dir}: cannot write the index: {reason}{where}; the index keeps what its last commit "
            "held (nothing indexed is lost) and the next ingest finishes the job")


def index_options_in_force(index_dir: Path, options: ExtractOptions, forget: tuple[str, ...],
                           notes: list[str]) -> ExtractOptions:
    """The index's own custom files (installing the ones given), as the options every file is cleaned with."""
    from dataclasses import replace

    from searchnews.sync.custom_files import install

    held, changed = install(index_dir, options.entities_file, options.boilerplate_file, forget)
    notes.extend(changed)
    return replace(options, entities_file=held.entities_file, boilerplate_file=held.boilerplate_file,
                   index_version=held.version)


def all_roots(index_dir: Path) -> list[ScanTarget]:
    from searchnews.corpus.roots import Roots

    return [ScanTarget(root, root.path, "") for root in Roots.load(index_dir).roots]


def plan_targets(index_dir: Path, given: list[Path], default_roots: list[Path],
                 notes: list[str]) -> tuple[list[ScanTarget], bool]:
    """What to scan: each given path as (part of) a root, recording new roots; with no path, every
    remembered root (a missing one is reported and kept, never emptied). Returns the targets and
    whether the index predates remembered roots (then this run removes nothing: it cannot know
    which folder its files came from)."""
    from searchnews.corpus.roots import Roots, absolute
    from searchnews.engine.whoosh.schema import index_exists

    registry = Roots.load(index_dir)
    legacy = not registry.recorded and index_exists(index_dir) and not index_is_empty(index_dir)
    paths = given or ([] if registry.roots else default_roots)
    targets: list[ScanTarget] = []
    before = list(registry.roots)
    for path in paths:
        full = absolute(path)
        root = registry.find(full)
        if root is None:
            root, absorbed = registry.add(full, plain_ids_came_from(index_dir, full))
            for old in absorbed:
                notes.append(f"{full} contains the corpus root {old.path}: its files are indexed again as part of it")
                targets.append(ScanTarget(old, old.path, "", walk=False))
            if before and not absorbed:
                notes.append(f"added {full} as a corpus root (its articles' ids start with '{root.id_prefix}'; "
                             "'searchnews roots' lists the roots)")
        relative = os.path.relpath(full, root.path) if full != root.path else ""
        if relative == "." or not relative:
            relative = ""
        elif os.path.isdir(full):
            relative += "/"
        scope = display_rel_id(relative) if relative else (
            display_rel_id(os.path.basename(root.path)) if not os.path.isdir(root.path) else "")
        if not os.path.exists(full):
            notes.append(f"{full} is missing; its indexed articles are kept "
                         "('searchnews roots remove PATH' drops a root's articles)")
            continue
        targets.append(ScanTarget(root, full, scope))
    if not given:
        for root in registry.roots:
            if not os.path.exists(root.path):
                notes.append(f"corpus root {root.path} is missing; its indexed articles are kept "
                             f"('searchnews roots remove {root.path}' drops them)")
            elif not any(target.root == root and target.walk for target in targets):
                targets.append(ScanTarget(root, root.path, ""))
    if registry.roots != before or not registry.recorded:
        registry.save(index_dir)
    if legacy:
        notes.append("this index did not record its corpus roots yet; recorded "
                     f"{', '.join(root.path for root in registry.roots)}; nothing is removed this time")
    return targets, legacy


def plain_ids_came_from(index_dir: Path, path: str, sample: int = 200) -> bool:
    """Whether the index's plain (first-root) ids, if it has any, look like files under `path`: only then
    may a new root take the plain ids (an index from before roots were remembered, or whose first root
    was removed). Otherwise its articles would be taken for files deleted from `path`."""
    from searchnews.corpus.roots import ROOT_SEPARATOR
    from searchnews.engine.whoosh.schema import index_exists, open_index

    if not index_exists(index_dir):
        return True
    try:
        _, counts = indexed_state(open_index(index_dir))
    except Exception:  # noqa: BLE001 - an unreadable index is rebuilt by the sync
        return True
    plain = [rel_id for rel_id in counts if ROOT_SEPARATOR not in rel_id][:sample]
    if not plain:
        return True
    if not os.path.isdir(path):
        return os.path.basename(path) in plain
    found = sum(os.path.exists(os.path.join(path, rel_id)) for rel_id in plain)
    return found >= len(plain) / 2


def index_is_empty(index_dir: Path) -> bool:
    from searchnews.engine.whoosh.schema import open_index

    try:
        ix = open_index(index_dir)
        return ix.doc_count_all() == 0
    except Exception:  # noqa: BLE001 - an unreadable index is repaired by the sync
        return True


def create_index_folder(index_dir: Path, sources: list[Path]) -> None:
    """A new index folder gets no more access than its sources give: owner rwx, and group/other read
    only where every source root allows it (mkdir applies the umask on top)."""
    if index_dir.exists():
        return
    mode = 0o700
    modes = []
    for source in sources:
        try:
            modes.append(os.stat(source).st_mode)
        except OSError:
            continue
    if modes:
        for read_bit, bits in ((0o040, 0o050), (0o004, 0o005)):
            if all(m & read_bit for m in modes):
                mode |= bits
    else:
        mode = 0o755
    try:
        index_dir.parent.mkdir(parents=True, exist_ok=True)
        os.mkdir(index_dir, mode)
    except FileExistsError:
        pass
    except OSError as error:
        raise UserError(f"{index_dir}: cannot create the index folder ({error.strerror})") from None


def restrict_index_folder(index_dir: Path, source_mode: int, report: IngestReport) -> None:
    """Never wider than the sources: a file others may not read makes the index folder private to
    the same degree (the files inside are then out of their reach)."""
    try:
        current = stat.S_IMODE(os.stat(index_dir).st_mode)
    except OSError:
        return
    narrowed = current
    if not source_mode & 0o040:
        narrowed &= ~0o070
    if not source_mode & 0o004:
        narrowed &= ~0o007
    if narrowed != current:
        try:
            os.chmod(index_dir, narrowed)
            report.notes.append(f"index folder made mode {narrowed:o}: some indexed files are not readable "
                                "by everyone, so neither is their index")
        except OSError:
            pass


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


def _sync(targets, index_dir, lock, options, keep_deleted, max_file_bytes, on_progress, workers, defer, stop,
          notes, optimize=False, settings: WalkSettings | None = None) -> IngestReport:
    from searchnews.engine.whoosh.schema import build_schema
    from searchnews.engine.whoosh.writing import check_segments, crash_point, open_for_writing

    report = IngestReport(notes=list(notes))
    ix, opened_notes = open_for_writing(index_dir, INDEX_NAME, build_schema)
    report.notes.extend(opened_notes)
    writer = _Writer(ix, lock, report)
    writer.optimize = optimize
    health = check_segments(ix)
    if not health.ok:
        from searchnews.engine.whoosh.writing import drop_segments

        drop_segments(writer.get(), [segment for segment, _ in health.bad_segments])
        writer.commit(final=False)
        report.notes.append(
            f"dropped {len(health.bad_segments)} unreadable index segment(s) "
            f"({health.bad_segments[0][1]}); their files are re-indexed now")
    known, counts = indexed_state(writer.ix)
    writer.old_schema = any(state.schema != SCHEMA_VERSION for state in known.values())
    writer.upgrade_analyzers()
    from searchnews.alerts.saved import highest_checkpoint
    from searchnews.engine.whoosh.schema import latest_ingest_seq

    with writer.ix.reader() as reader:
        report.sequence = latest_ingest_seq(reader) + 1
    floor = highest_checkpoint(index_dir)  # above every alert checkpoint too (highest_checkpoint says why)
    if floor and floor >= report.sequence:
        report.sequence = floor + 1

    if targets and not isinstance(targets[0], ScanTarget):  # plain paths (tests, benchmarks): roots of their own
        from searchnews.corpus.roots import Root, absolute

        targets = [ScanTarget(Root(absolute(path), ""), absolute(path), "") for path in targets]
    settings = settings or WalkSettings()
    version = extraction_version(options)
    candidates: list[Candidate] = []
    seen: set[str] = set(defer)
    deleted: list[str] = []
    spots_of: list[tuple[ScanTarget, list[str]]] = []
    for target in targets:
        blind_spots: list[str] = []  # folders we could not list: their indexed files are not "deleted"
        seen_here: set[str] = set()
        relative = target.scope if target.scope and os.path.isdir(target.root.path) else ""
        raw_relative = os.path.relpath(target.start, target.root.path) if relative else ""
        if raw_relative and os.path.isdir(target.start):
            raw_relative += "/"
        walked = walk_corpus(Path(target.start), report.errors, blind_spots, target.root.id_prefix, raw_relative,
                             settings) if target.walk else iter(())
        for path, rel_id, file_stat in walked:
            if rel_id in seen_here:
                continue
            report.files_seen += 1
            seen.add(rel_id)
            seen_here.add(rel_id)
            if rel_id in defer:
                continue
            previous = known.get(rel_id)
            if previous and previous.schema == version and (
                    (previous.size, previous.mtime_ns) == (file_stat.st_size, file_stat.st_mtime_ns)
                    or same_content(path, previous)):
                continue  # unchanged, or touched with the same bytes: nothing to do
            candidates.append(Candidate(path, rel_id, previous, report.sequence))
        spots_of.append((target, blind_spots))
    for target, blind_spots in [] if keep_deleted else spots_of:  # after every walk: a file may move between roots
        deleted.extend(path for path in known if path not in seen and target.covers(path)
                       and not any(in_blind_spot(path, spot) for spot in blind_spots))
    report.skipped += len(report.errors)
    deleted = sorted(set(deleted))
    line_statistics = None
    if candidates or deleted:  # issue 3: lines recurring across an outlet's files (line-counts.json)
        from searchnews.extract.recurring import IngestLineStatistics

        line_statistics = IngestLineStatistics(index_dir, deleted, options)
        report.notes.extend(line_statistics.problems)
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
        from searchnews.sync.workers import SegmentWorkers

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
        stage = getattr(on_progress, "stage", None)  # the CLI's bar says what the steps after the files are
        if line_statistics:
            line_statistics.save()
            if not stop.is_set():
                if stage:
                    stage("Re-cleaning articles whose recurring lines changed")
                reclean_with_new_statistics(line_statistics, candidates, max_file_bytes, writer)
        if stage:
            stage("Stopped: committing the files done so far" if stop.is_set() else
                  "Committing and merging into one segment (--optimize)" if optimize else
                  "Committing (writing and merging segments)")
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
    report.notes.extend(result.notes)
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


# --- corpus roots (roots.py) ----------------------------------------------------------------------


def list_roots(index_dir: Path) -> list[tuple[str, str, int]]:
    """(path, label, articles indexed from it) for each remembered root."""
    from searchnews.corpus.roots import Roots
    from searchnews.engine.whoosh.schema import index_exists, open_index

    registry = Roots.load(index_dir)
    counts: dict[str, int] = {}
    if index_exists(index_dir):
        _, per_file = indexed_state(open_index(index_dir))
        for path, number in per_file.items():
            from searchnews.corpus.roots import root_label

            counts[root_label(path)] = counts.get(root_label(path), 0) + number
    return [(root.path, root.label, counts.get(root.label, 0)) for root in registry.roots]


def remove_root(index_dir: Path, path: str, wait_s: float = DEFAULT_WAIT_S) -> tuple[str, int]:
    """Forget a corpus root and delete its articles, in one commit (the explicit way to drop a root)."""
    from searchnews.corpus.roots import Roots
    from searchnews.engine.whoosh.schema import build_schema, index_exists
    from searchnews.engine.whoosh.writing import IndexLock, open_for_writing
    from searchnews.extract.recurring import LineCounts

    if not index_exists(index_dir):
        raise UserError(f"{index_dir}: no index here")
    with IndexLock(index_dir, INDEX_NAME).acquire(wait_s) as lock:
        registry = Roots.load(index_dir)
        root = registry.remove(path)
        ix, _ = open_for_writing(index_dir, INDEX_NAME, build_schema)
        _, counts = indexed_state(ix)
        doomed = [rel_id for rel_id in counts if root.owns(rel_id)]
        if doomed:
            report = IngestReport()
            writer = _Writer(ix, lock, report)
            w = writer.get()
            for rel_id in doomed:
                w.delete_by_term("path", rel_id)
            writer.commit(final=True)
            line_counts = LineCounts.load(index_dir)
            for rel_id in doomed:
                line_counts.forget(rel_id)
            with contextlib.suppress(OSError):
                line_counts.save(index_dir)
        registry.save(index_dir)
    return root.path, sum(counts[rel_id] for rel_id in doomed)
