"""Helpers the commands share: the engine a command runs on (--engine/--url), corpus paths checked,
the ingest progress bar, the query answer.

Kept apart from commands.py so the command bodies stay thin and the serve/ package can reuse them.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from searchnews.errors import UserError


def engine_options(function):
    """--engine/--url (or SEARCHNEWS_ENGINE/SEARCHNEWS_URL; default Whoosh on --index): the command body
    gets `engine`, opened for it and closed after, and runs the same on every engine."""
    from searchnews.engine import ENGINE_ENV, ENGINES, URL_ENV

    @click.option("--engine", "engine_choice", type=click.Choice(ENGINES, case_sensitive=False), default=None,
                  envvar=ENGINE_ENV, help=f"Search engine (or set {ENGINE_ENV}, or 'engine' in the config file; default: whoosh, "
                       "the index folder).")
    @click.option("--url", default=None, envvar=URL_ENV, metavar="URL",
                  help=f"OpenSearch node URL(s), comma-separated, optional /INDEX path (or set {URL_ENV}, or 'url' "
                       "in the config file).")
    @functools.wraps(function)
    def with_engine(*args, engine_choice: str | None = None, url: str | None = None, **kwargs):
        from searchnews.engine import open_engine

        engine = open_engine(engine_choice, url, kwargs.get("index_dir") or Path("index"))
        try:
            return function(*args, engine=engine, **kwargs)
        finally:
            engine.close()

    return with_engine


def check_roots(paths: tuple[Path, ...]) -> list[Path]:
    from searchnews.cli.config import default_corpus

    roots = list(paths) or default_corpus()
    for root in roots:
        if not root.exists():
            hint = "" if paths else (" (the default corpus: name folders as PATHS, or set SEARCHNEWS_CORPUS or "
                                     "'corpus' in the config file; 'searchnews config' shows where)")
            raise UserError(f"{root}: no such file or directory{hint}")
        if not os.access(root, os.R_OK):
            raise UserError(f"{root}: permission denied")
    return roots


def progress_printer(label: str, quiet: bool = False):
    """A Rich progress bar on a terminal (stderr), nothing when output is captured or with -q."""
    if quiet or not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from searchnews.cli.render import console

    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        transient=True, console=console(stderr=True))
    task = progress.add_task(label, total=None)
    context = click.get_current_context(silent=True)

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)
        if context is not None:
            context.meta["searchnews.ingest_progress"] = (done, total)

    def stage(message: str) -> None:
        """A step after the last file (re-cleaning, the final commit, --optimize): say what it is."""
        progress.columns = (TextColumn(message), BarColumn(), TimeRemainingColumn())
        progress.update(task, completed=0, total=None)  # a pulsing bar: this step has no count
        progress.refresh()  # on screen now, however short the step

    update.stage = stage  # type: ignore[attr-defined]

    return progress, update


def collect_filters(options: dict[str, object]) -> dict[str, tuple[str, ...]]:
    """Take the registry's filter options (--company, --author, ...: fields.FILTER_FIELDS) out of a
    command's keyword arguments, as {field name: values} for SearchRequest.filters."""
    from searchnews.fields import FILTER_FIELDS, filter_param

    given = {entry.name: tuple(options.pop(filter_param(entry), None) or ()) for entry in FILTER_FIELDS}
    return {name: values for name, values in given.items() if values}


OUTPUT_FLAGS = {  # format -> (flag, help): the machine formats a command can offer besides text
    "json": ("--json", "One JSON object per line, for scripts."),
    "csv": ("--csv", "CSV with the same columns as --json."),
}


def output_format(as_json: bool, as_csv: bool = False) -> str | None:
    if as_json and as_csv:
        raise UserError("--json and --csv cannot be combined; pick one")
    return "json" if as_json else "csv" if as_csv else None


def output_option(*formats: str):
    """--json (and --csv when named) on a command: its body gets one `output` value, "json", "csv" or
    None (text: Rich on a terminal, plain in a pipe), which render.emit dispatches on."""

    def decorate(function):
        @functools.wraps(function)
        def with_output(*args, output_json: bool = False, output_csv: bool = False, **kwargs):
            return function(*args, output=output_format(output_json, output_csv), **kwargs)

        for name in reversed(formats):
            flag, text = OUTPUT_FLAGS[name]
            with_output = click.option(flag, f"output_{name}", is_flag=True, help=text)(with_output)
        return with_output

    return decorate


def answer_query(result, query_text: str, output: str | None, facet_names, wanted_facets, page: int,
                 quiet: bool) -> None:
    """Print one query's answer and exit as grep does (0 hits found, 1 none): the same on every engine."""
    from searchnews.cli.render import render_facets, render_hits, result_summary

    if quiet:  # grep -q: the exit code is the answer
        raise click.exceptions.Exit(0 if result.total else 1)
    if result.corrected_from is not None:
        click.echo(f"searchnews: no results for '{result.corrected_from}'; showing results for '{result.suggestion}'",
                   err=True)
    elif result.suggestion is not None:  # scripts get what they asked for: the suggestion is only a hint
        click.echo(f"searchnews: no results for '{query_text}'; did you mean '{result.suggestion}'? "
                   f"({result.suggestion_total} matching articles)", err=True)
    if facet_names or (wanted_facets and output):
        render_facets(result.facets, output, full=bool(facet_names))
    else:
        render_hits(result.hits, result.total, output, footer=result_summary(result))
        if result.facets and result.total:
            click.echo()
            render_facets(result.facets)
    if not result.total:
        if output is None:
            click.echo("no matching articles", err=True)
        raise click.exceptions.Exit(1)
    if not result.hits and not facet_names and output is None:
        click.echo(f"searchnews: page {page} is past the last result ({result.total} matching articles)", err=True)
