"""`searchnews watch`: keep the index in sync with a folder while it runs.

Filesystem events only say *that* something changed; each batch is an ordinary `ingest` of the
whole folder (cheap when little changed: unchanged files cost one stat each), so renames, moves,
deletions and editors' save-by-rename all come out right without special cases. Events are
batched: a sync starts once the folder has been quiet for `quiet_s` (or at the latest `max_delay_s`
after the first event of a burst), and files that changed within the quiet period, or whose size or
mtime is still moving, are deferred to a later batch, so a file is indexed only once written.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from searchnews.corpus.read import SUPPORTED_SUFFIXES, is_ignored_name
from searchnews.errors import UserError
from searchnews.extract.run import ExtractOptions
from searchnews.sync.ingest import DEFAULT_WAIT_S, IngestReport, display_rel_id

if TYPE_CHECKING:
    from searchnews.engine.base import Engine

QUIET_S = 1.0  # no events for this long: the burst is over
MAX_DELAY_S = 10.0  # a never-ending trickle of events still gets synced this often
POLL_S = 0.1


@dataclass
class PendingChanges:
    """Paths touched by events since the last sync: when their latest event came, and their size and
    mtime just after it (thread-safe: the observer thread notes, the main thread takes)."""

    root: Path
    changed: dict[str, tuple[float, tuple[int, int] | None]] = field(default_factory=dict)
    first_event: float | None = None
    last_event: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def note(self, rel_id: str) -> None:
        now = time.monotonic()
        snapshot = file_snapshot(self.root / rel_id)
        with self.lock:
            self.changed[rel_id] = (now, snapshot)
            self.last_event = now
            if self.first_event is None:
                self.first_event = now

    def due(self, quiet_s: float, max_delay_s: float) -> bool:
        with self.lock:
            if self.first_event is None:
                return False
            now = time.monotonic()
            return now - self.last_event >= quiet_s or now - self.first_event >= max_delay_s

    def take(self, quiet_s: float) -> frozenset[str]:
        """Start a batch. Returns the paths not yet safe to read (deferred, kept for a later batch):
        an event within the quiet period, or a size/mtime that moved since the last event."""
        now = time.monotonic()
        with self.lock:
            changed = dict(self.changed)
        deferred = {}
        for rel_id, (at, snapshot) in changed.items():
            if now - at < quiet_s:
                deferred[rel_id] = (at, snapshot)
            elif file_snapshot(self.root / rel_id) != snapshot:
                deferred[rel_id] = (now, file_snapshot(self.root / rel_id))  # still being written
        with self.lock:
            for rel_id, entry in changed.items():
                if self.changed.get(rel_id) == entry:  # an event that arrived meanwhile stays pending
                    del self.changed[rel_id]
            for rel_id, entry in deferred.items():
                current = self.changed.get(rel_id)
                if current is None or current[0] <= entry[0]:
                    self.changed[rel_id] = entry
            times = [at for at, _ in self.changed.values()]
            self.first_event = min(times, default=None)
            self.last_event = max(times, default=self.last_event)
            return frozenset(deferred)


def file_snapshot(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def is_relevant(path: str, is_directory: bool) -> bool:
    """Folder events always count (a moved folder moves its files); file events only for article files."""
    name = os.path.basename(path)
    if is_ignored_name(name):
        return False
    return is_directory or os.path.splitext(name)[1].lower() in SUPPORTED_SUFFIXES


def watch(
    root: Path,
    index_dir: Path,
    options: ExtractOptions = ExtractOptions(),
    keep_deleted: bool = False,
    on_batch: Callable[[IngestReport], None] | None = None,
    on_ready: Callable[[], None] | None = None,
    on_error: Callable[[str], None] | None = None,
    stop: threading.Event | None = None,
    quiet_s: float = QUIET_S,
    max_delay_s: float = MAX_DELAY_S,
    wait_s: float = DEFAULT_WAIT_S,
    workers: int | None = None,
    engine: Engine | None = None,
) -> int:
    """Sync once, then after every burst of changes, until `stop` is set or Ctrl-C. Returns batches run.

    Each batch is `engine.sync` (default: the Whoosh index in `index_dir`), which checks the saved
    alerts after it on every engine. The write lock is taken per batch, so a manual `searchnews
    ingest` can run in between.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    if engine is None:
        from searchnews.engine.whoosh.adapter import WhooshEngine

        engine = WhooshEngine(index_dir)
    root = root.resolve()
    stop = stop or threading.Event()
    pending = PendingChanges(root)
    own_index = os.path.realpath(index_dir)
    id_prefix = [""]  # how ids of files under the watched folder start (set after the first sync)

    class Collector(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            for path in (event.src_path, getattr(event, "dest_path", "")):
                if not path:
                    continue
                text = os.fsdecode(path)
                if text == own_index or text.startswith(own_index + os.sep):
                    continue  # the index's own files (an index inside the watched folder)
                if is_relevant(text, event.is_directory):
                    try:
                        relative = Path(text).relative_to(root).as_posix()
                    except ValueError:
                        continue  # moved out of the watched folder: the sync sees it gone
                    pending.note(display_rel_id(relative))

    def sync(defer: frozenset[str] = frozenset()) -> None:
        report = engine.sync([root], options, keep_deleted=keep_deleted, wait_s=wait_s, workers=workers,
                             defer=frozenset(id_prefix[0] + rel_id for rel_id in defer))
        if not id_prefix[0]:
            id_prefix[0] = ids_start(index_dir, root)
        if on_batch:
            on_batch(report)

    def start_observer():
        observer = Observer()
        observer.schedule(Collector(), str(root), recursive=True)
        observer.start()  # before the sync, so nothing written during it is missed
        return observer

    observer = start_observer()
    identity = folder_identity(root)
    batches = 0
    try:
        sync()
        batches += 1
        if on_ready:
            on_ready()
        while not stop.wait(POLL_S):
            now = folder_identity(root)
            if now != identity:  # the watched folder was removed (and maybe recreated): events stopped
                observer.stop()
                observer.join(timeout=5)
                if now is None:
                    if on_error:
                        on_error(f"{root} disappeared; its indexed articles are kept while waiting for it to come back")
                    while folder_identity(root) is None:
                        if stop.wait(POLL_S * 5):
                            return batches
                    now = folder_identity(root)
                identity = now
                observer = start_observer()
                pending.note("")  # everything is due again
                continue
            if not pending.due(quiet_s, max_delay_s):
                continue
            try:
                sync(pending.take(quiet_s))
            except UserError as error:  # another writer held the index too long: try again later
                if on_error:
                    on_error(str(error))
                pending.note("")  # the whole folder is due again after a quiet period
            batches += 1
    finally:
        observer.stop()
        observer.join(timeout=5)
    return batches



def folder_identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino) if stat_is_dir(info) else None


def stat_is_dir(info: os.stat_result) -> bool:
    import stat

    return stat.S_ISDIR(info.st_mode)


def ids_start(index_dir: Path, folder: Path) -> str:
    """The id prefix of files under `folder` in this index: its root's label, and the folder's path
    inside that root when the watched folder is part of a bigger root."""
    from searchnews.corpus.roots import Roots, absolute

    full = absolute(folder)
    root = Roots.load(index_dir).find(full)
    if root is None or full == root.path:
        return root.id_prefix if root else ""
    return root.id_prefix + display_rel_id(os.path.relpath(full, root.path)) + "/"
