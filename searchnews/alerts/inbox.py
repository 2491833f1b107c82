"""The alert commands' library side: add/remove saved searches, and the new matches to show."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

from searchnews.alerts.check import AlertCheck, record_new_matches, start_alert
from searchnews.alerts.saved import SavedSearch, check_name, editing_alerts, now_text, read_alerts
from searchnews.errors import UserError


@dataclass
class AlertNews:
    """One alert's new matches, ranked and folded (search.Hit records)."""

    saved: SavedSearch
    hits: list = field(default_factory=list)


def add_alert(index_dir: Path, saved: SavedSearch, wait_s: float, engine=None) -> SavedSearch:
    """Save a search; it starts after everything indexed so far. Takes the index's write lock, so
    an ingest committing right now is either wholly before the alert or wholly checked for it."""
    from searchnews.alerts.check import open_alert_engine, write_lock
    from searchnews.engine.whoosh.alerts import validate

    check_name(saved.name)
    validate(saved)
    saved.created = now_text()
    with write_lock(index_dir, engine).acquire(wait_s), editing_alerts(index_dir, create=True) as alert_file:
        if saved.name in alert_file.alerts:
            raise UserError(f"an alert named '{saved.name}' exists already ('searchnews alert rm {saved.name}' first)")
        with open_alert_engine(index_dir, engine) as engine:
            if engine is not None:
                record_new_matches(alert_file.alerts, engine)  # the others catch up first
            start_alert(saved, engine)
        alert_file.alerts[saved.name] = saved
    return saved


def remove_alert(index_dir: Path, name: str) -> None:
    with editing_alerts(index_dir) as alert_file:
        alert_file.get(name)
        del alert_file.alerts[name]


def list_alerts(index_dir: Path) -> list[SavedSearch]:
    return [read_alerts(index_dir).alerts[name] for name in sorted(read_alerts(index_dir).alerts)]


def get_alert(index_dir: Path, name: str) -> SavedSearch:
    return read_alerts(index_dir).get(name)


def catch_up(index_dir: Path, engine=None) -> AlertCheck | None:
    """Record what a killed ingest committed but never checked, when no ingest is writing now (one
    that is will check at its end); None when the index is busy."""
    from searchnews.alerts.check import write_lock

    try:
        lock = write_lock(index_dir, engine).acquire(0)
    except UserError:
        return None
    with lock:
        from searchnews.alerts.check import check_index

        return check_index(index_dir, engine)


def new_matches(index_dir: Path, names: tuple[str, ...] = (), peek: bool = False,
                limit: int | None = None, engine=None) -> list[AlertNews]:
    """Every alert's new matches since the user last looked; marks them seen unless `peek`."""
    from searchnews.alerts.check import open_alert_engine

    if not index_dir.is_dir() or not read_alerts(index_dir).alerts:
        raise UserError(f"{index_dir}: no alerts saved; 'searchnews alert add NAME QUERY' saves one")
    catch_up(index_dir, engine)
    news = []
    with editing_alerts(index_dir) as alert_file, open_alert_engine(index_dir, engine) as engine:
        chosen = [alert_file.get(name) for name in names] if names else \
            [alert_file.alerts[name] for name in sorted(alert_file.alerts)]
        for saved in chosen:
            hits = engine.hits(saved, list(saved.pending), limit) if engine is not None and saved.pending else []
            news.append(AlertNews(saved, hits))
            if not peek:
                saved.pending = still_unseen(saved.pending, hits, limit)
                saved.last_seen = now_text()
    return news


def still_unseen(pending: dict[str, str], hits: list, limit: int | None) -> dict[str, str]:
    """What stays new after showing `hits`: nothing when every match was shown (a pending article not
    among them no longer matches, or is gone); when --limit cut the list, the matches not shown yet."""
    if limit is None or len(hits) < limit:
        return {}
    shown = {hit.id for hit in hits} | {copy for hit in hits for copy in hit.duplicates}
    return {article_id: story for article_id, story in pending.items()
            if article_id not in shown and story not in shown}


def hits_for(index_dir: Path, check: AlertCheck, engine=None) -> list[AlertNews]:
    """The hits of the matches one check just recorded (for `watch --alerts`), without marking them seen."""
    from searchnews.alerts.check import open_alert_engine

    if not check.new:
        return []
    alerts = read_alerts(index_dir).alerts
    news = []
    with open_alert_engine(index_dir, engine) as engine:
        for name, ids in check.new.items():
            saved = alerts.get(name)
            if saved is None or engine is None:
                continue
            shown = set(ids) | {other for other, story in saved.pending.items() if story in ids}
            with contextlib.suppress(UserError):
                news.append(AlertNews(saved, engine.hits(saved, shown)))
    return news
