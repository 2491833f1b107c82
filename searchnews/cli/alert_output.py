"""How alert matches reach the user: the `alerts` listing, and `watch --alerts` / `--exec` per batch
(the same hit lines on every engine; --exec runs the user's own command per match, alerts/notify.py)."""

from __future__ import annotations

from pathlib import Path

import click


def render_alert_news(all_news, output: str | None) -> None:
    """Per alert, its new matches with the usual hit lines (JSON/CSV: one row per match, with its alert)."""
    from searchnews.cli.render import HIT_COLUMNS, emit, render_hits

    if output:
        rows = [{"alert": news.saved.name, **hit.to_json()} for news in all_news for hit in news.hits]
        emit(output, rows, ["alert", *HIT_COLUMNS])
        return
    for news in all_news:
        if not news.hits:
            continue
        filters = news.saved.filters_text()
        click.echo(f"== {news.saved.name}: {len(news.hits)} new ({news.saved.query}{' ' + filters if filters else ''})")
        render_hits(news.hits, len(news.hits), None, footer=f"{len(news.hits)} new for {news.saved.name}")
        click.echo()


def announce_alert_matches(index_dir: Path, check, show: bool, argv: list[str] | None, engine=None,
                           root: Path | None = None) -> None:
    """watch --alerts / --exec: the matches one batch recorded (left unseen for `searchnews alerts`).
    `index_dir` is where the alerts live: the Whoosh index, or the OpenSearch engine's alerts folder;
    `root` the watched folder (OpenSearch ids are paths under it)."""
    import dataclasses

    from searchnews.alerts.inbox import hits_for
    from searchnews.alerts.notify import run_for_match

    for news in hits_for(index_dir, check, engine):
        if show:
            render_alert_news([news], None)
        for hit in news.hits if argv else ():
            located = dataclasses.replace(hit, path=article_file(index_dir, hit.path, engine, root))
            problem = run_for_match(argv, news.saved.name, located)
            if problem:
                click.echo(f"searchnews: {problem}", err=True)


def article_file(index_dir: Path, path: str, engine=None, root: Path | None = None) -> str:
    """The absolute path of an indexed file, for --exec's SEARCHNEWS_PATH (a hook runs from anywhere):
    Whoosh through the index's corpus roots, OpenSearch under the watched folder."""
    import os

    if engine is not None and engine.name != "whoosh":
        return os.path.join(os.path.abspath(root), path) if root else path
    from searchnews.corpus.roots import Roots
    from searchnews.errors import UserError

    try:
        roots = Roots.load(index_dir).roots
    except UserError:
        return path
    for candidate in roots:
        if candidate.owns(path):
            return os.path.join(candidate.path, path[len(candidate.id_prefix):])
    return path
