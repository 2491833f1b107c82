"""The saved searches of one index, and what each has matched: `INDEX/alerts.json`.

Kept in the index folder so they travel with the index. Every change is a read-modify-write under
an flock on `INDEX/alerts.lock` (an ingest recording matches and `searchnews alerts` marking them
seen never overwrite each other), and the file is replaced atomically (temp file, fsync, rename,
fsync of the folder), so a crash leaves either the old or the new file, never half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from searchnews.errors import UserError

ALERTS_FILE = "alerts.json"
LOCK_FILE = "alerts.lock"
FORMAT_VERSION = 1
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


@dataclass
class SavedSearch:
    """One alert: the search (query + filters), and its state.

    checkpoint: the highest ingest_seq already checked (articles committed later are candidates).
    known: article id -> content hash of every article that ever matched (seeded at creation with the
    index's current matches), so a changed article that already matched is not new again, and a
    repost of a story already matched is not a new story.
    pending: new, unseen matches, article id -> the id of the story (first copy) it belongs to.
    """

    name: str
    query: str
    company: list[str] = field(default_factory=list)
    person: list[str] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    include_updates: bool = False  # a changed article that matched before is new again when its text changed
    created: str = ""
    checkpoint: int = 0
    last_run: str | None = None  # when matches were last checked for
    last_run_new: int = 0  # new matches that check recorded
    last_seen: str | None = None  # when `searchnews alerts` last marked them seen
    known: dict[str, str] = field(default_factory=dict)
    pending: dict[str, str] = field(default_factory=dict)

    @property
    def new_stories(self) -> int:
        return len(set(self.pending.values()))

    def filters_text(self) -> str:
        parts = [f"--{name} {value}" for name in ("company", "person", "source")
                 for value in getattr(self, name)]
        parts += [f"--{name} {getattr(self, name)}" for name in ("since", "until") if getattr(self, name)]
        return " ".join(parts)

    def to_summary(self) -> dict[str, object]:
        """What `alert list/show --json` prints: no per-article state."""
        record = {key: value for key, value in asdict(self).items() if key not in ("known", "pending")}
        record["new"] = self.new_stories
        record["new_articles"] = len(self.pending)
        record["matched"] = len(self.known)
        return record


def now_text() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise UserError(f"alert name '{name}' must be 1-64 letters, digits, '.', '_' or '-' (starting with a letter or digit)")
    return name


@dataclass
class AlertFile:
    path: Path
    alerts: dict[str, SavedSearch] = field(default_factory=dict)

    def get(self, name: str) -> SavedSearch:
        if name not in self.alerts:
            known = ", ".join(sorted(self.alerts)) or "none yet; 'searchnews alert add NAME QUERY'"
            raise UserError(f"no alert named '{name}' (alerts: {known})")
        return self.alerts[name]


def alerts_path(index_dir: Path) -> Path:
    return index_dir / ALERTS_FILE


def has_alerts(index_dir: Path) -> bool:
    return alerts_path(index_dir).is_file()


def read_alerts(index_dir: Path) -> AlertFile:
    """The saved searches as they are on disk (no lock: a reader sees the old or the new file)."""
    path = alerts_path(index_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return AlertFile(path)
    except (OSError, ValueError) as error:
        raise UserError(f"{path}: cannot read the saved alerts ({error})") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
        raise UserError(f"{path}: not a searchnews alerts file of version {FORMAT_VERSION}")
    alerts = {}
    for name, record in data.get("alerts", {}).items():
        try:
            alerts[name] = SavedSearch(**record)
        except TypeError as error:
            raise UserError(f"{path}: alert '{name}' is damaged ({error})") from None
    return AlertFile(path, alerts)


def highest_checkpoint(index_dir: Path) -> int:
    """The highest sequence any alert has checked up to (0: no alerts, or none readable).

    A sync numbers itself above it: the index's own "latest sequence" can go down (a sync that removed
    every article of the latest one; Whoosh forgets the term on a merge, OpenSearch at once), and a
    number at or below a checkpoint would never be checked, if that sync's own check never ran."""
    if not has_alerts(index_dir):
        return 0
    try:
        return max((saved.checkpoint for saved in read_alerts(index_dir).alerts.values()), default=0)
    except UserError:
        return 0  # the check reports the damaged file; numbering goes on from the index


def write_alerts(alert_file: AlertFile) -> None:
    """Replace the file atomically and durably."""
    path = alert_file.path
    # vars(), not asdict(): asdict deep-copies every alert's id sets first (half the cost of a check)
    data = {"version": FORMAT_VERSION, "alerts": {name: vars(saved) for name, saved in alert_file.alerts.items()}}
    descriptor, temporary = tempfile.mkstemp(prefix=".alerts-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(json.dumps(data, ensure_ascii=False, separators=(",", ":")))  # dumps: C encoder, one write
            handle.flush()
            os.fsync(handle.fileno())
        from searchnews.engine.whoosh.writing import crash_point

        crash_point("alerts-write")  # test hook: killed with the new file written but not yet in place
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)


def remove_unfinished_writes(index_dir: Path) -> None:
    """Temp files of a writer killed before its rename (only writers holding the alerts lock make them,
    and the caller holds it now)."""
    for leftover in index_dir.glob(".alerts-*.tmp"):
        with contextlib.suppress(OSError):
            leftover.unlink()


@contextlib.contextmanager
def editing_alerts(index_dir: Path, create: bool = False) -> Iterator[AlertFile]:
    """Read, let the caller change, and write back the saved searches, holding the alerts lock.
    Nothing is written when the caller raises."""
    if create:
        try:
            index_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise UserError(f"{index_dir}: cannot create the index folder ({error.strerror})") from None
    elif not index_dir.is_dir():
        raise UserError(f"{index_dir}: no index here; run 'searchnews ingest' first")
    try:
        lock = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as error:
        raise UserError(f"{index_dir}: cannot lock the saved alerts ({error.strerror})") from None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        remove_unfinished_writes(index_dir)
        alert_file = read_alerts(index_dir)
        yield alert_file
        write_alerts(alert_file)
    finally:
        os.close(lock)  # releases the flock
