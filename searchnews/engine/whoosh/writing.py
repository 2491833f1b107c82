"""The index's single writer: durable commits, a lock that names its owner, and repair on open.

Why this exists: a Whoosh commit writes the new segment files, then renames a fresh TOC into place,
so a commit is atomic; but Whoosh never fsyncs, so after a power cut the TOC could point at a
segment whose bytes never reached the disk. `DurableFileStorage` fsyncs each finished segment and
the TOC before the rename, and the directory after it. Whoosh's write lock is an `flock` on
`<index>_WRITELOCK`, which the kernel releases when its holder dies, so a killed ingest never
leaves a lock behind; we write the holder's pid into that file so a second writer can say who is
writing, and so the next writer can tell that the previous one died mid-ingest.
Only this module, store.py, search.py and stats.py import Whoosh.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path

from searchnews.errors import UserError

CRASH_ENV = "SEARCHNEWS_CRASH_AT"  # test hook: "file:N", "before-toc:N", "after-toc:N", "worker-file:N" (SIGKILL there)
_crash_counts: dict[str, int] = {}


def crash_point(name: str) -> None:
    """Kill this process with SIGKILL at the Nth time `name` is reached, when the test hook asks for it.

    Tests use it to stop an ingest at exact points (mid-batch, mid-commit) the way a power cut would.
    """
    wanted = os.environ.get(CRASH_ENV)
    if not wanted or not wanted.startswith(name + ":"):
        return
    _crash_counts[name] = _crash_counts.get(name, 0) + 1
    if _crash_counts[name] >= int(wanted.split(":", 1)[1]):
        os.kill(os.getpid(), signal.SIGKILL)


FULL_DISK_ENV = "SEARCHNEWS_TEST_ENOSPC_AT"  # test hook: the Nth index file created fails with ENOSPC


def disk_full_point() -> None:
    """Act as a full disk at the Nth index file this process creates, when the test hook asks for it."""
    wanted = os.environ.get(FULL_DISK_ENV)
    if not wanted:
        return
    _crash_counts["enospc"] = _crash_counts.get("enospc", 0) + 1
    if _crash_counts["enospc"] >= int(wanted):
        import errno

        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def durable_storage(index_dir: Path):
    """A Whoosh FileStorage that fsyncs segments and TOCs (built lazily: whoosh is a heavy import)."""
    from whoosh.filedb.filestore import FileStorage

    class DurableFileStorage(FileStorage):
        def create_file(self, name, excl=False, mode="wb", **kwargs):
            disk_full_point()
            structfile = super().create_file(name, excl=excl, mode=mode, **kwargs)
            if name.endswith(".seg") or ".toc." in name:  # final segment files and TOC temporaries
                structfile.onclose = _fsync_on_close
            return structfile

        def rename_file(self, oldname, newname, safe=False):
            is_toc = newname.endswith(".toc")
            if is_toc:
                crash_point("before-toc")
            super().rename_file(oldname, newname, safe=safe)
            if is_toc:
                _fsync_dir(self.folder)
                crash_point("after-toc")

    return DurableFileStorage(str(index_dir), supports_mmap=False)  # see store.open_index on mmap


def _fsync_on_close(structfile) -> None:
    structfile.file.flush()
    os.fsync(structfile.file.fileno())


def _fsync_dir(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the rename itself is still atomic
    finally:
        os.close(fd)


# --- the write lock -------------------------------------------------------------------------------


@dataclass
class LockOwner:
    pid: int
    host: str
    since: str

    @classmethod
    def parse(cls, text: str) -> LockOwner | None:
        parts = text.strip().split(" ", 2)
        if len(parts) != 3 or not parts[0].isdigit():
            return None
        return cls(int(parts[0]), parts[1], parts[2])

    def is_alive(self) -> bool:
        if self.host != socket.gethostname():
            return True  # cannot tell from here; assume it is
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def describe(self) -> str:
        return f"pid {self.pid}, since {self.since}"


class IndexLock:
    """The index's write lock (the very file Whoosh's own writers lock), held for a whole sync.

    It is taken before the corpus is compared with the index, so two ingests can never both decide
    to add the same file. Nothing is written into the lock file until the holder starts writing the
    index, so a no-op ingest leaves every file in the index folder untouched.
    """

    def __init__(self, index_dir: Path, indexname: str) -> None:
        self.index_dir = index_dir
        self.path = index_dir / f"{indexname}_WRITELOCK"
        self._lock = None
        self.stale_owner: LockOwner | None = None  # a writer that died while holding this lock
        self.waited_s = 0.0
        self._owner_written = False

    def acquire(self, wait_s: float, on_wait=None) -> IndexLock:
        from whoosh.util.filelock import FileLock

        self.index_dir.mkdir(parents=True, exist_ok=True)
        self._check_lock_file()
        started = time.monotonic()
        told = False
        while True:
            lock = FileLock(str(self.path))
            if lock.acquire(blocking=False):
                self._lock = lock
                break
            waited = time.monotonic() - started
            if waited >= wait_s:
                raise UserError(
                    f"{self.index_dir}: another searchnews ingest or watch is writing this index"
                    f"{self._holder_text()}; gave up after {waited:.0f}s (--wait SECONDS waits longer)"
                )
            if on_wait and not told:
                on_wait(self._holder_text())
                told = True
            time.sleep(min(0.1, max(0.01, wait_s - waited)))
        self.waited_s = time.monotonic() - started
        owner = self._read_owner()
        if owner and owner.pid != os.getpid() and not owner.is_alive():
            self.stale_owner = owner
        return self

    def _check_lock_file(self) -> None:
        """Something other than a file where the lock file goes: an empty folder is removed (repaired),
        anything else is one clear line, never an internal error."""
        if self.path.is_symlink() or not self.path.exists() or self.path.is_file():
            return
        if self.path.is_dir():
            try:
                self.path.rmdir()
                return
            except OSError:
                raise UserError(f"{self.path}: a folder is where the index's lock file goes; move it away "
                                "(the index itself is intact)") from None
        raise UserError(f"{self.path}: not a regular file (the index's lock file goes here); remove it "
                        "(the index itself is intact)")

    def _read_owner(self) -> LockOwner | None:
        try:
            return LockOwner.parse(self.path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            return None

    def _holder_text(self) -> str:
        pid = flock_holder_pid(self.path)
        owner = self._read_owner()
        if owner and (pid is None or pid == owner.pid):
            return f" ({owner.describe()})"
        return f" (pid {pid})" if pid else ""

    def record_owner(self) -> None:
        """Say who writes, just before the first index write: a waiter can name us, and if we die
        mid-write, the next writer learns that its predecessor did not finish."""
        if self._lock is None or self._owner_written:
            return
        text = f"{os.getpid()} {socket.gethostname()} {time.strftime('%Y-%m-%dT%H:%M:%S')}\n".encode()
        os.ftruncate(self._lock.fd, 0)
        os.pwrite(self._lock.fd, text, 0)
        self._owner_written = True

    def release(self, clean: bool = True) -> None:
        if self._lock is None:
            return
        if clean and self._owner_written:
            os.ftruncate(self._lock.fd, 0)
        self._lock.release()
        self._lock = None

    def __enter__(self) -> IndexLock:
        return self

    def __exit__(self, *exc_info) -> None:
        self.release()


def flock_holder_pid(path: Path) -> int | None:
    """The pid holding an flock on `path`, from /proc/locks (Linux); None when unknown."""
    try:
        inode = os.stat(path).st_ino
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            for line in locks:
                parts = line.split()
                # "1: FLOCK  ADVISORY  WRITE 11724 fe:00:2229469 0 EOF"
                if len(parts) >= 6 and parts[1] == "FLOCK" and parts[5].rsplit(":", 1)[-1] == str(inode):
                    return int(parts[4])
    except (OSError, ValueError):
        return None
    return None


# --- checking and repairing an index on open ------------------------------------------------------


@dataclass
class IndexHealth:
    bad_segments: list[tuple[object, str]] = field(default_factory=list)  # (segment, reason)

    @property
    def ok(self) -> bool:
        return not self.bad_segments


def check_segments(ix) -> IndexHealth:
    """Open every segment the TOC lists; any that cannot be read (missing or truncated file) is bad."""
    from whoosh.reading import SegmentReader

    health = IndexHealth()
    toc = ix._read_toc()
    for segment in toc.segments:
        try:
            reader = SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation)
            reader.doc_count_all()
            reader.close()
        except Exception as error:  # noqa: BLE001 - any failure to open means the segment is unusable
            health.bad_segments.append((segment, f"{type(error).__name__}: {error}"))
    return health


def drop_segments(writer, bad_segments: list[object]) -> None:
    """Commit a TOC without the unreadable segments; their files are then re-indexed as new."""
    bad_ids = {segment.segment_id() for segment in bad_segments}
    writer.segments = [segment for segment in writer.segments if segment.segment_id() not in bad_ids]
    writer._setup_doc_offsets()


def open_for_writing(index_dir: Path, indexname: str, schema_factory) -> tuple[object, list[str]]:
    """Open (or create) the index for a writer that already holds the lock.

    A TOC that cannot be read at all is replaced by an empty index: the corpus is the source of
    truth, and the ingest that follows re-indexes every file. The caller reports it.
    """
    storage = durable_storage(index_dir)
    notes: list[str] = []
    for leftover in index_dir.glob(f"_{indexname}_*.toc.*"):  # a TOC being written when a writer was killed
        with contextlib.suppress(OSError):
            leftover.unlink()
    if not any(index_dir.glob(f"_{indexname}_*.toc")):
        storage.create()
        return storage.create_index(schema_factory(), indexname=indexname), notes
    try:
        return storage.open_index(indexname), notes
    except Exception as error:  # noqa: BLE001 - a damaged TOC fails in many ways (EOF, pickle, struct)
        notes.append(f"index was unreadable ({type(error).__name__}: {error}); rebuilding it from the corpus")
        return storage.create_index(schema_factory(), indexname=indexname), notes


def add_missing_fields(writer, schema) -> list[str]:
    """Fields a newer searchnews added to the schema, added to an older index (files re-index lazily)."""
    added = []
    for name in schema.names():
        if name not in writer.schema and not name.startswith("spell_"):
            writer.add_field(name, schema[name])
            added.append(name)
    return added


def commit_with_segments(writer, segments: list[object], mergetype=None) -> None:
    """Commit the writer's own changes plus segments written by worker processes, in one new TOC.

    This is what Whoosh's MpWriter does for its sub-writers. A merge policy (the final commit's)
    sees the workers' segments too, so small ones are folded together.
    """
    if mergetype is not None:
        writer.segments = [*writer.segments, *segments]
        final_segments = writer._merge_segments(mergetype, False, True)
    else:
        final_segments = [*writer._merge_segments(None, False, False), *segments]
    if writer._added:
        final_segments.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final_segments)
    writer._finish()


SMALL_SEGMENT_DOCS = 1000  # a segment below this (or 1/16 of the index) counts as small
SMALL_SEGMENTS_TO_MERGE = 4  # merge the small segments once there are this many


def merge_small_segments(writer, segments: list[object]) -> list[object]:
    """Whoosh merge policy for the end of an ingest: fold small segments together, never big ones.

    Whoosh's own MERGE_SMALL sometimes rewrites most of the index (74 s to add 100 articles to a
    20,000-article index on this machine); here the cost of a merge is bounded by the small
    segments' size, and there are at most ~16 big ones, so queries never fan out over many.
    """
    from whoosh.reading import SegmentReader

    total = sum(segment.doc_count_all() for segment in segments)
    limit = max(SMALL_SEGMENT_DOCS, total // 16)
    small = [segment for segment in segments if segment.doc_count_all() < limit]
    if len(small) < SMALL_SEGMENTS_TO_MERGE:
        return segments
    for segment in small:
        writer.add_reader(SegmentReader(writer.storage, writer.schema, segment))
    return [segment for segment in segments if segment not in small]


def optimize_all(writer, segments: list[object]) -> list[object]:
    """Merge policy for `ingest --optimize`: everything into one segment (slow once, fastest queries)."""
    from whoosh.writing import OPTIMIZE

    return OPTIMIZE(writer, segments)
