"""Which committed articles are new matches of each saved search (engine-neutral).

An ingest stamps every article it adds or changes with its sync's `ingest_seq`. Each alert keeps a
checkpoint: the highest sequence already checked. A check takes the articles committed after the
lowest checkpoint (this batch, plus anything a killed run committed but never checked), asks the
engine which of those ids match each alert, and records the matches that are new:

- an article that never matched this alert before (the alert's `known` set, seeded at creation);
- unless it is a repost of a story the alert already matched (it then joins that story if the
  story is still unseen, as an "also in" copy, and is not counted again);
- with --include-updates, also an article that matched before and whose text changed since.

Recording is idempotent (a checked article is known), so checking the same articles twice, or
after a crash between the commit and the check, never records anything twice.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from searchnews.alerts.saved import SavedSearch, editing_alerts, has_alerts, now_text

CRASH_POINT = "before-alerts"  # index_writer.crash_point: tests kill an ingest between commit and check


class AlertEngine(Protocol):
    """The questions alert checking asks of an index (whoosh_engine.WhooshAlertEngine answers them)."""

    def latest_sequence(self) -> int: ...

    def committed_after(self, checkpoint: int) -> dict[str, tuple[int, str]]: ...

    def matching_ids(self, saved: SavedSearch, ids: Collection[str]) -> set[str]: ...

    def all_matching(self, saved: SavedSearch) -> dict[str, str]: ...

    def copies(self, ids: Collection[str]) -> dict[str, set[str]]: ...


@dataclass
class AlertCheck:
    """What one check recorded: alert name -> the new article ids, in the order recorded."""

    new: dict[str, list[str]] = field(default_factory=dict)
    candidates: int = 0  # articles looked at (committed after the lowest checkpoint)
    elapsed_s: float = 0.0  # the whole check: reading and writing alerts.json, opening the index, matching
    cpu_s: float = 0.0
    error: str | None = None

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.new.values())


def record_new_matches(alerts: dict[str, SavedSearch], engine: AlertEngine, synced: int = 0) -> AlertCheck:
    """Check every alert against what was committed after its checkpoint; update their state. `synced`:
    the sequence of the sync just committed (the index's latest may be lower: it may only have deleted)."""
    check = AlertCheck()
    if not alerts:
        return check
    latest = max(engine.latest_sequence(), synced)
    for saved in alerts.values():
        if saved.checkpoint > latest:  # the index was rebuilt from scratch: its sequence restarted
            saved.checkpoint = 0
    lowest = min(saved.checkpoint for saved in alerts.values())
    committed = engine.committed_after(lowest) if latest > lowest else {}
    check.candidates = len(committed)
    stamp = now_text()
    for saved in alerts.values():
        if latest > saved.checkpoint:
            ids = [article_id for article_id, (seq, _) in committed.items() if seq > saved.checkpoint]
            new = record_alert(saved, engine, ids, committed)
            if new:
                check.new[saved.name] = new
            saved.last_run_new = len(new)
            saved.checkpoint = latest
            saved.last_run = stamp
        # else: nothing committed since its last run (a `searchnews alerts` catching up on nothing): not a run,
        # so `alert show` keeps saying when the alert last looked at a sync and what that found
    return check


def record_alert(saved: SavedSearch, engine: AlertEngine, ids: list[str],
                 committed: dict[str, tuple[int, str]]) -> list[str]:
    matched = engine.matching_ids(saved, ids) if ids else set()
    first_time = [article_id for article_id in ids if article_id in matched and article_id not in saved.known]
    updated = [article_id for article_id in ids if article_id in matched and article_id in saved.known
               and saved.include_updates and saved.known[article_id] != committed[article_id][1]]
    copies = engine.copies(first_time) if first_time else {}
    new: list[str] = []

    def remember(article_id: str) -> None:  # the hash only matters (and only costs file size) for updates
        saved.known[article_id] = committed[article_id][1] if saved.include_updates else ""

    for article_id in first_time:
        story = next((saved.pending[other] for other in sorted(copies.get(article_id, ())) if other in saved.pending),
                     None)
        if story is None and any(other in saved.known for other in copies.get(article_id, ())):
            remember(article_id)  # a repost of a story already seen
            continue
        saved.pending[article_id] = story or article_id
        remember(article_id)
        if story is None:
            new.append(article_id)
    for article_id in updated:
        if article_id not in saved.pending:
            saved.pending[article_id] = article_id
            new.append(article_id)
    for article_id in matched:  # keep the hash current: "changed since it matched" compares with this
        remember(article_id)
    return new


def start_alert(saved: SavedSearch, engine: AlertEngine | None) -> None:
    """A new alert starts after everything already committed; what matches now is not new."""
    if engine is None:
        return
    saved.checkpoint = engine.latest_sequence()
    saved.known = {article_id: content_hash if saved.include_updates else ""
                   for article_id, content_hash in engine.all_matching(saved).items()}


@contextmanager
def open_alert_engine(index_dir: Path, engine=None):
    """The alert questions on the engine in use: the Whoosh index in `index_dir` (engine None or the
    Whoosh engine), or an OpenSearch engine (then `index_dir` is its alerts folder, Engine.alerts_folder)."""
    if engine is None or engine.name == "whoosh":
        from searchnews.engine.whoosh.alerts import open_engine

        with open_engine(index_dir) as found:
            yield found
    else:
        from searchnews.engine.opensearch.alerts import OpenSearchAlertEngine

        yield OpenSearchAlertEngine(engine)


def write_lock(index_dir: Path, engine=None):
    """The lock a check runs under: the Whoosh index's write lock, or the OpenSearch alerts folder's."""
    from searchnews.engine.whoosh.writing import IndexLock

    if engine is None or engine.name == "whoosh":
        from searchnews.engine.whoosh.schema import INDEX_NAME

        return IndexLock(index_dir, INDEX_NAME)
    from searchnews.engine.opensearch.alerts import LOCK_NAME

    return IndexLock(index_dir, LOCK_NAME)


def check_index(index_dir: Path, engine=None, synced: int = 0) -> AlertCheck:
    """Record new matches of every saved search of the index (the caller holds the index write
    lock, so every sequence up to the latest is completely committed)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    with editing_alerts(index_dir) as alert_file, open_alert_engine(index_dir, engine) as engine:
        check = record_new_matches(alert_file.alerts, engine, synced) if engine is not None else AlertCheck()
    check.elapsed_s, check.cpu_s = time.perf_counter() - started, time.process_time() - cpu_started
    return check


def check_after_ingest(index_dir: Path, report, engine=None) -> None:
    """The ingest hook: after the last commit, before the write lock is released. A failure here
    never fails the ingest (the articles are committed; the next check records their matches)."""
    if not has_alerts(index_dir):
        return
    from searchnews.engine.whoosh.writing import crash_point
    from searchnews.errors import UserError

    crash_point(CRASH_POINT)
    try:
        report.alerts = check_index(index_dir, engine, getattr(report, "sequence", 0))
    except (UserError, OSError, ValueError) as error:
        report.alerts = AlertCheck(error=str(error))
        report.notes.append(f"alerts not checked ({error}); the next ingest or 'searchnews alerts' checks them")
        return
    if report.alerts.new:
        counts = ", ".join(f"{name} {len(ids)}" for name, ids in report.alerts.new.items())
        report.notes.append(f"alerts: new matches for {counts} ('searchnews alerts' shows them)")


def sync_and_check(engine, index_dir: Path, roots: list[Path], options, wait_s: float, **sync_args):
    """One sync and the alert check after it. Every engine's `sync` checks the saved alerts itself under
    the lock that serialises it with `alert add` (ingest.ingest on Whoosh, OpenSearchEngine.sync), so
    this is the engine's sync; kept as the one name callers outside an engine use."""
    return engine.sync(list(roots), options, wait_s=wait_s, **sync_args)
