"""The commands on an engine other than the embedded default: --engine/--url (or SEARCHNEWS_ENGINE /
SEARCHNEWS_URL) on ingest, query, show, stats, timeline, similar and watch.

`add_engine_options(command)` gives a click command the option pair; with the default engine the
command runs exactly as before, otherwise its options go to the runner here, which does what the
command does (same output formats, same exit codes, rendering through render.py) on the Engine
interface. When the Whoosh commands move behind the interface too (issue 16), they become these.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click

EXIT_NO_HITS = 1


def add_engine_options(command: click.Command) -> None:
    from searchnews.engine import ENGINE_ENV, ENGINES, URL_ENV

    command.params.append(click.Option(
        ["--engine"], type=click.Choice(ENGINES, case_sensitive=False), default=None, envvar=ENGINE_ENV,
        help=f"Search engine (or set {ENGINE_ENV}; default: whoosh, the index folder)."))
    command.params.append(click.Option(
        ["--url"], default=None, envvar=URL_ENV, metavar="URL",
        help=f"OpenSearch node URL(s), comma-separated, optional /INDEX path (or set {URL_ENV})."))
    original = command.callback
    runner = RUNNERS[command.name]

    def callback(*args, engine: str | None = None, url: str | None = None, **kwargs):
        from searchnews.engine import engine_name, open_engine

        if engine_name(engine) == "whoosh":
            return original(*args, **kwargs)
        chosen = open_engine(engine, url, kwargs.get("index_dir") or Path("index"))
        try:
            return runner(chosen, **kwargs)
        finally:
            chosen.close()

    command.callback = callback


@contextmanager
def alerts_checked(engine, index_dir: Path, wait_s: float):
    """The alert check after a sync on OpenSearch (issue 18), as ingest.ingest does on Whoosh: when the
    engine's alerts folder holds saved alerts, the sync and the check run under its lock (so `alert
    add` is wholly before or after this sync), and the check records the new matches."""
    from searchnews.alerts.check import check_after_ingest, write_lock
    from searchnews.alerts.saved import has_alerts

    if getattr(engine, "name", "") != "opensearch":
        yield lambda report: None
        return
    from searchnews.engine.opensearch.alerts import alerts_dir

    folder = alerts_dir(index_dir, engine)
    if not has_alerts(folder):
        yield lambda report: None
        return
    with write_lock(folder, engine).acquire(wait_s):
        yield lambda report: check_after_ingest(folder, report, engine)


def run_ingest(engine, paths: tuple[Path, ...], index_dir: Path, keep_deleted: bool, boilerplate: str | None,
               entities: str | None, verbose: bool, wait_s: float, jobs: int | None, optimize: bool,
               quiet: bool = False, follow_symlinks: bool = False, forget_custom: tuple[str, ...] = ()) -> None:
    from searchnews.cli.common import check_roots, progress_printer
    from searchnews.errors import UserError
    from searchnews.extract.run import ExtractOptions
    from searchnews.sync.custom_files import read_option_file
    from searchnews.sync.ingest import summary_lines

    if follow_symlinks or forget_custom:
        raise UserError("--follow-symlinks and --forget-custom work on the embedded index only (not yet on "
                        f"--engine {engine.name})")
    for kind, option_file in (("entities", entities), ("boilerplate", boilerplate)):
        if option_file:
            read_option_file(option_file, kind)  # refused before anything is sent
    roots = check_roots(paths)
    options = ExtractOptions(boilerplate_file=boilerplate, entities_file=entities)
    progress, update = progress_printer("Indexing", quiet)
    with alerts_checked(engine, index_dir, wait_s) as check:
        if progress:
            with progress:
                report = engine.sync(roots, options, keep_deleted=keep_deleted, on_progress=update, workers=jobs)
        else:
            report = engine.sync(roots, options, keep_deleted=keep_deleted, workers=jobs)
        check(report)
    if quiet:
        for problem in report.errors:
            click.echo(f"searchnews: skipped {problem}", err=True)
        return
    for line in summary_lines(report, verbose):
        click.echo(line, err=True)


def run_query(engine, query_text: str, since, until, limit: int, page: int, sort: str,
              recency, show_all: bool, facets: bool, facet_names, as_json: bool, as_csv: bool, index_dir: Path,
              no_suggest: bool = False, quiet: bool = False, **filter_values) -> None:
    from searchnews.cli.common import answer_query, collect_filters, output_format
    from searchnews.engine.whoosh.facets import FACETS, facet_name
    from searchnews.engine.whoosh.search import SearchRequest

    output = output_format(as_json, as_csv)
    wanted_facets = tuple(dict.fromkeys(facet_name(name) for name in facet_names)) or (FACETS if facets else ())
    request = SearchRequest(query_text, collect_filters(filter_values), since, until, limit, sort, page=page,
                            fold=not show_all, facets=wanted_facets, facet_limit=None if facet_names else 10,
                            recency_days=recency, suggest=not no_suggest, replace_with_suggestion=output is None)
    result = engine.search(request)
    answer_query(result, query_text, output, facet_names, wanted_facets, page, quiet)


def run_timeline(engine, query_text: str, since, until, by: str, as_json: bool,
                 as_csv: bool, index_dir: Path, **filter_values) -> None:
    from searchnews.cli.common import collect_filters, output_format
    from searchnews.cli.render import render_timeline
    from searchnews.engine.whoosh.search import SearchRequest

    output = output_format(as_json, as_csv)
    buckets = engine.timeline(SearchRequest(query_text, collect_filters(filter_values), since, until), by)
    if not any(bucket.count for bucket in buckets):
        if output is None:
            click.echo("no matching articles", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)
    render_timeline(buckets, output, unit=by)


def run_similar(engine, article_id: str, limit: int, show_all: bool, as_json: bool, as_csv: bool,
                index_dir: Path) -> None:
    from searchnews.cli.common import output_format
    from searchnews.cli.render import render_hits, result_summary

    output = output_format(as_json, as_csv)
    result = engine.similar(article_id, limit, fold=not show_all)
    render_hits(result.hits, result.total, False, output, footer=result_summary(result))
    if not result.hits:
        if output is None:
            click.echo("no similar articles", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)


def run_show(engine, article_id: str, query_text: str | None, as_json: bool, index_dir: Path) -> None:
    from searchnews.cli.render import render_article

    if query_text is not None and not as_json:
        fields, title, body = engine.highlight_article(article_id, query_text)
        render_article(fields, as_json, title, body)
    else:
        render_article(engine.get_article(article_id), as_json)


def run_stats(engine, as_json: bool, top: int, index_dir: Path) -> None:
    from searchnews.cli.render import render_stats

    render_stats(engine.stats(top), as_json)


def run_watch(engine, path: Path | None, index_dir: Path, keep_deleted: bool, quiet_s: float, verbose: bool,
              wait_s: float, jobs: int | None, boilerplate: str | None = None, entities: str | None = None,
              quiet: bool = False, show_alerts: bool = False, exec_command: str | None = None) -> None:
    """watch.watch syncs through ingest.ingest; until it takes an engine (issue 16), its sync is pointed
    at this engine for the duration of the command."""
    import time as clock

    import searchnews.sync.watch as watching
    from searchnews.cli.common import check_roots
    from searchnews.errors import UserError
    from searchnews.extract.run import ExtractOptions
    from searchnews.sync.custom_files import read_option_file
    from searchnews.sync.ingest import summary_lines

    if show_alerts or exec_command:
        raise UserError(f"watch --alerts/--exec work on the embedded index only (not yet on --engine {engine.name})")
    (root,) = check_roots((path,) if path else ())
    for kind, option_file in (("entities", entities), ("boilerplate", boilerplate)):
        if option_file:
            read_option_file(option_file, kind)  # refused before anything is sent
    options = ExtractOptions(boilerplate_file=boilerplate, entities_file=entities)

    def engine_sync(roots, _index_dir, options, keep_deleted=False, wait_s=None, workers=None, defer=frozenset()):
        with alerts_checked(engine, index_dir, wait_s or 0) as check:
            report = engine.sync(list(roots), options, keep_deleted=keep_deleted, defer=defer, workers=workers)
            check(report)
        return report

    def show(report) -> None:
        if quiet:
            for problem in report.errors:
                click.echo(f"searchnews: skipped {problem}", err=True)
            return
        if report.changed_nothing and not report.notes and not verbose:
            return
        for line in summary_lines(report, verbose):
            click.echo(f"{clock.strftime('%H:%M:%S')} {line}" if not line.startswith(" ") else line, err=True)

    original = watching.ingest
    watching.ingest = engine_sync
    try:
        watching.watch(root, index_dir, options, keep_deleted=keep_deleted, on_batch=show,
                       on_ready=lambda: click.echo(f"searchnews: watching {root} (Ctrl-C stops)", err=True),
                       on_error=lambda message: click.echo(f"searchnews: {message}; trying again", err=True),
                       quiet_s=quiet_s, wait_s=wait_s, workers=jobs)
    except KeyboardInterrupt:
        if not quiet:
            click.echo("searchnews: stopped watching; everything indexed so far stays indexed", err=True)
    finally:
        watching.ingest = original


RUNNERS = {"ingest": run_ingest, "query": run_query, "timeline": run_timeline, "similar": run_similar,
           "show": run_show, "stats": run_stats, "watch": run_watch}
