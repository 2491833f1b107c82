"""Helpers every command module shares: corpus paths checked, the ingest progress bar, --json/--csv.

Their own module so the Whoosh commands (commands.py) and the other engines' commands
(engine_commands.py) both import them, and neither imports the other's internals.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from searchnews.errors import UserError


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


def output_format(as_json: bool, as_csv: bool) -> str | None:
    if as_json and as_csv:
        raise UserError("--json and --csv cannot be combined; pick one")
    return "json" if as_json else "csv" if as_csv else None


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
        render_hits(result.hits, result.total, False, output, footer=result_summary(result))
        if result.facets and result.total:
            click.echo()
            render_facets(result.facets)
    if not result.total:
        if output is None:
            click.echo("no matching articles", err=True)
        raise click.exceptions.Exit(1)
    if not result.hits and not facet_names and output is None:
        click.echo(f"searchnews: page {page} is past the last result ({result.total} matching articles)", err=True)
