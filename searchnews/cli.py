"""The click commands: thin wrappers that parse options, call the library, and render.

Exit codes follow grep: 0 when something matched, 1 when nothing did, 2 on any error.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from searchnews.errors import UserError

DEFAULT_INDEX = Path(os.environ.get("SEARCHNEWS_INDEX", "index"))
DEFAULT_CORPUS = Path(os.environ.get("SEARCHNEWS_CORPUS", "corpus"))
EXIT_NO_HITS, EXIT_ERROR = 1, 2


def fail(message: str) -> None:
    click.echo(f"searchnews: {message}", err=True)
    raise click.exceptions.Exit(EXIT_ERROR)


class SearchnewsGroup(click.Group):
    """Turns expected problems into one line on stderr and exit 2: users never see a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as error:
            fail(str(error))
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            click.echo("searchnews: interrupted", err=True)
            raise click.exceptions.Exit(130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except Exception as error:  # noqa: BLE001 - a bug still deserves one readable line
            fail(f"internal error: {type(error).__name__}: {error}")


index_option = click.option(
    "--index", "index_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_INDEX,
    show_default=True, help="Index folder (or set SEARCHNEWS_INDEX).",
)
wait_option = click.option("--wait", "wait_s", type=click.FloatRange(0), default=30.0, show_default=True,
                           help="Seconds to wait for another ingest/watch writing the same index.")
jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
                           help="Worker processes that clean and index (default: one per CPU core).")
json_option = click.option("--json", "as_json", is_flag=True, help="One JSON object per line, for scripts.")


@click.group(cls=SearchnewsGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="searchnews")
def cli() -> None:
    """Search policy news: ingest raw articles, then ask ranked, filtered queries."""


def progress_printer(label: str):
    """A Rich progress bar on a terminal (stderr), nothing when output is captured."""
    if not sys.stderr.isatty():
        return None, None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from searchnews.render import console

    progress = Progress(TextColumn(label), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                        transient=True, console=console(stderr=True))
    task = progress.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return progress, update


def run_ingest(paths: tuple[Path, ...], index_dir: Path, keep_deleted: bool, boilerplate: str | None,
               entities: str | None, verbose: bool, quiet: bool = False, wait_s: float | None = None,
               workers: int | None = None, optimize: bool = False):
    from searchnews.ingest import DEFAULT_WAIT_S, ingest, summary_lines
    from searchnews.pipeline import ExtractOptions

    roots = check_roots(paths)
    options = ExtractOptions(boilerplate_file=boilerplate, entities_file=entities)
    settings = {"keep_deleted": keep_deleted, "wait_s": DEFAULT_WAIT_S if wait_s is None else wait_s,
                "workers": workers, "on_wait": None if quiet else say_waiting, "optimize": optimize}
    progress, update = progress_printer("Indexing")
    if progress:
        with progress:
            report = ingest(roots, index_dir, options, on_progress=update, **settings)
    else:
        report = ingest(roots, index_dir, options, **settings)
    if not quiet:
        for line in summary_lines(report, verbose):
            click.echo(line, err=True)
    return report


def check_roots(paths: tuple[Path, ...]) -> list[Path]:
    roots = list(paths) or [DEFAULT_CORPUS]
    for root in roots:
        if not root.exists():
            raise UserError(f"{root}: no such file or directory")
        if not os.access(root, os.R_OK):
            raise UserError(f"{root}: permission denied")
    return roots


def say_waiting(holder: str) -> None:
    click.echo(f"searchnews: another ingest or watch is writing the index{holder}; waiting for it", err=True)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--keep-deleted", is_flag=True, help="Keep articles whose files were deleted from the corpus.")
@click.option("--boilerplate", type=click.Path(dir_okay=False), help="Extra boilerplate patterns (one regex per line).")
@click.option("--entities", type=click.Path(dir_okay=False), help="Extra gazetteer (type<TAB>name<TAB>aliases).")
@click.option("-v", "--verbose", is_flag=True, help="List every skipped file and record.")
@wait_option
@jobs_option
@click.option("--optimize", is_flag=True, help="Merge the index into one segment at the end (slower ingest, faster queries).")
def ingest(paths: tuple[Path, ...], index_dir: Path, keep_deleted: bool, boilerplate: str | None,
           entities: str | None, verbose: bool, wait_s: float, jobs: int | None, optimize: bool) -> None:
    """Sync the index with PATHS (default: corpus/): add new, re-index changed, drop deleted articles."""
    run_ingest(paths, index_dir, keep_deleted, boilerplate, entities, verbose, wait_s=wait_s, workers=jobs,
               optimize=optimize)


@cli.command()
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@index_option
@click.option("--keep-deleted", is_flag=True, help="Keep articles whose files were deleted from the corpus.")
@click.option("--quiet-period", "quiet_s", type=click.FloatRange(0.05), default=1.0, show_default=True,
              help="Seconds without changes before a burst of new files is indexed.")
@click.option("-v", "--verbose", is_flag=True, help="List every skipped file and record.")
@wait_option
@jobs_option
@click.option("--alerts", "show_alerts", is_flag=True, help="Print new matches of saved alerts as they arrive.")
@click.option("--exec", "exec_command", metavar="CMD",
              help="Run CMD (your own command, split like a shell would, never through one) once per new alert "
                   "match, with SEARCHNEWS_ALERT, SEARCHNEWS_ID, SEARCHNEWS_TITLE, ... in its environment.")
def watch(path: Path | None, index_dir: Path, keep_deleted: bool, quiet_s: float, verbose: bool, wait_s: float,
          jobs: int | None, show_alerts: bool, exec_command: str | None) -> None:
    """Keep the index in sync with PATH (default: corpus/) while running; Ctrl-C stops (what is indexed stays)."""
    import time as clock

    from searchnews.ingest import summary_lines
    from searchnews.watch import watch as watch_folder

    (root,) = check_roots((path,) if path else ())
    alert_argv = None
    if exec_command is not None:
        from searchnews.alerts.notify import parse_command

        alert_argv = parse_command(exec_command)

    def show(report) -> None:
        if (show_alerts or alert_argv) and report.alerts is not None and report.alerts.new:
            announce_alert_matches(index_dir, report.alerts, show_alerts, alert_argv)
        if report.changed_nothing and not report.notes and not verbose:
            return
        for line in summary_lines(report, verbose):
            click.echo(f"{clock.strftime('%H:%M:%S')} {line}" if not line.startswith(" ") else line, err=True)

    def ready() -> None:
        click.echo(f"searchnews: watching {root} (Ctrl-C stops)", err=True)

    def problem(message: str) -> None:
        click.echo(f"searchnews: {message}; trying again", err=True)

    try:
        watch_folder(root, index_dir, keep_deleted=keep_deleted, on_batch=show, on_ready=ready, on_error=problem,
                     quiet_s=quiet_s, wait_s=wait_s, workers=jobs)
    except KeyboardInterrupt:
        click.echo("searchnews: stopped watching; everything indexed so far stays indexed", err=True)


def filter_options(command):
    """--company/--person/--source/--since/--until: the same filters on every command that searches."""
    options = [
        click.option("--company", multiple=True, help="Only articles naming this company (repeat for any of several)."),
        click.option("--person", multiple=True, help="Only articles naming this person."),
        click.option("--source", multiple=True, help="Only articles from this outlet."),
        click.option("--since", help="Published on or after YYYY, YYYY-MM or YYYY-MM-DD."),
        click.option("--until", help="Published on or before YYYY, YYYY-MM or YYYY-MM-DD."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


csv_option = click.option("--csv", "as_csv", is_flag=True, help="CSV with the same columns as --json.")


def output_format(as_json: bool, as_csv: bool) -> str | None:
    if as_json and as_csv:
        raise UserError("--json and --csv cannot be combined; pick one")
    return "json" if as_json else "csv" if as_csv else None


def announce_alert_matches(index_dir: Path, check, show: bool, argv: list[str] | None) -> None:
    """watch --alerts / --exec: the matches one batch recorded (left unseen for `searchnews alerts`)."""
    from searchnews.alerts.inbox import hits_for
    from searchnews.alerts.notify import run_for_match

    for news in hits_for(index_dir, check):
        if show:
            render_alert_news([news], None)
        for hit in news.hits if argv else ():
            problem = run_for_match(argv, news.saved.name, hit)
            if problem:
                click.echo(f"searchnews: {problem}", err=True)


def render_alert_news(all_news, output: str | None) -> None:
    """Per alert, its new matches with the usual hit lines (JSON/CSV: one row per match, with its alert)."""
    from searchnews.render import HIT_COLUMNS, print_csv, print_json_lines, render_hits

    if output:
        rows = [{"alert": news.saved.name, **hit.to_json()} for news in all_news for hit in news.hits]
        print_json_lines(rows) if output == "json" else print_csv(rows, ["alert", *HIT_COLUMNS])
        return
    for news in all_news:
        if not news.hits:
            continue
        filters = news.saved.filters_text()
        click.echo(f"== {news.saved.name}: {len(news.hits)} new ({news.saved.query}{' ' + filters if filters else ''})")
        render_hits(news.hits, len(news.hits), False, None, footer=f"{len(news.hits)} new for {news.saved.name}")
        click.echo()


@cli.group()
def alert() -> None:
    """Saved searches: 'searchnews alerts' then shows what is new for them after each ingest or watch batch."""


@alert.command("add")
@click.argument("name")
@click.argument("query_text", metavar="QUERY")
@click.option("--company", multiple=True, help="Only articles naming this company (repeat for any of several).")
@click.option("--person", multiple=True, help="Only articles naming this person.")
@click.option("--source", multiple=True, help="Only articles from this outlet.")
@click.option("--since", help="Published on or after YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--until", help="Published on or before YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--include-updates", is_flag=True,
              help="An article that matched before is new again when its text changes (default: new once).")
@wait_option
@index_option
def alert_add(name: str, query_text: str, company: tuple[str, ...], person: tuple[str, ...], source: tuple[str, ...],
              since: str | None, until: str | None, include_updates: bool, wait_s: float, index_dir: Path) -> None:
    """Save QUERY as alert NAME: articles indexed from now on that match it are new matches."""
    from searchnews.alerts.inbox import add_alert
    from searchnews.alerts.saved import SavedSearch

    saved = add_alert(index_dir, SavedSearch(name, query_text, list(company), list(person), list(source), since, until,
                                             include_updates), wait_s)
    count = len(saved.known)
    click.echo(f"searchnews: saved alert '{saved.name}' ({count} article{'' if count == 1 else 's'} already "
               f"match{'es' if count == 1 else ''}; only articles indexed from now on are new)", err=True)


@alert.command("list")
@json_option
@index_option
def alert_list(as_json: bool, index_dir: Path) -> None:
    """Saved alerts, with how many new matches each has."""
    from searchnews.alerts.inbox import list_alerts
    from searchnews.render import print_json_lines

    saved_alerts = list_alerts(index_dir)
    if as_json:
        print_json_lines(saved.to_summary() for saved in saved_alerts)
    else:
        for saved in saved_alerts:
            filters = saved.filters_text()
            click.echo(f"{saved.name}\t{saved.new_stories} new\t{saved.query}{' ' + filters if filters else ''}")
    if not saved_alerts:
        raise click.exceptions.Exit(EXIT_NO_HITS)


@alert.command("show")
@click.argument("name")
@json_option
@index_option
def alert_show(name: str, as_json: bool, index_dir: Path) -> None:
    """One alert: its query and filters, when it last ran, how many new matches it holds."""
    from searchnews.alerts.inbox import get_alert
    from searchnews.render import print_json_lines

    summary = get_alert(index_dir, name).to_summary()
    if as_json:
        print_json_lines([summary])
        return
    for key in ("name", "query", "company", "person", "source", "since", "until", "include_updates", "created",
                "last_run", "last_run_new", "last_seen", "new", "new_articles", "matched"):
        value = summary[key]
        if value in ([], None) and key not in ("last_run", "last_seen"):
            continue
        click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else '-' if value is None else value}")


@alert.command("rm")
@click.argument("name")
@index_option
def alert_rm(name: str, index_dir: Path) -> None:
    """Delete alert NAME (its unseen matches too)."""
    from searchnews.alerts.inbox import remove_alert

    remove_alert(index_dir, name)


@cli.command()
@click.argument("names", nargs=-1)
@click.option("--peek", is_flag=True, help="Show the new matches without marking them seen.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; only the exit code says whether there is news.")
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=None, help="At most this many per alert.")
@json_option
@csv_option
@index_option
def alerts(names: tuple[str, ...], peek: bool, quiet: bool, limit: int | None, as_json: bool, as_csv: bool,
           index_dir: Path) -> None:
    """New matches of the saved alerts (or of NAMES) since you last looked; marks them seen.

    Exit 0 when there is something new, 1 when not, 2 on error: 'searchnews alerts -q && notify-send ...'.
    With -q nothing is marked seen.
    """
    from searchnews.alerts.inbox import new_matches

    output = output_format(as_json, as_csv)
    all_news = new_matches(index_dir, names, peek=peek or quiet, limit=limit)
    if not quiet:
        render_alert_news(all_news, output)
    if not any(news.hits for news in all_news):
        if not quiet and output is None:
            click.echo("no new matches", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)


def build_index_on_first_use(index_dir: Path) -> None:
    from searchnews.store import index_exists

    if not index_exists(index_dir) and index_dir == DEFAULT_INDEX and DEFAULT_CORPUS.is_dir():
        click.echo(f"searchnews: no index yet; building {index_dir}/ from {DEFAULT_CORPUS}/", err=True)
        run_ingest((), index_dir, False, None, None, False)


@cli.command()
@click.argument("query_text", metavar="QUERY")
@filter_options
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=10, show_default=True, help="Results per page.")
@click.option("--page", type=click.IntRange(1, 100_000), default=1, show_default=True)
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@click.option("--recency", type=click.FloatRange(min=0, min_open=True), metavar="DAYS",
              help="Favour newer articles: up to 2x weight, halving every DAYS days before the newest match.")
@click.option("--all", "show_all", is_flag=True, help="Show every copy of a reposted story, not one result per story.")
@click.option("--facets", is_flag=True, help="Top companies, persons and outlets among ALL matches, with counts.")
@click.option("--facet", "facet_names", multiple=True, metavar="NAME",
              help="List one facet in full (company, person or outlet) instead of the hits.")
@json_option
@csv_option
@index_option
def query(query_text: str, company: tuple[str, ...], person: tuple[str, ...], source: tuple[str, ...],
          since: str | None, until: str | None, limit: int, page: int, sort: str, recency: float | None, show_all: bool, facets: bool,
          facet_names: tuple[str, ...], as_json: bool, as_csv: bool, index_dir: Path) -> None:
    """Ranked search: Whoosh query language (AND/OR/NOT, "phrases", field:value, date:[2021 TO 2022]).

    Reposts of one story are one result ("also in: ..."); a misspelled query with no hits is
    answered for its correction, with a note on stderr.
    """
    from searchnews.facets import FACETS, facet_name
    from searchnews.render import render_facets, render_hits, result_summary
    from searchnews.search import SearchRequest, search

    output = output_format(as_json, as_csv)
    wanted_facets = tuple(dict.fromkeys(facet_name(name) for name in facet_names)) or (FACETS if facets else ())
    build_index_on_first_use(index_dir)
    request = SearchRequest(query_text, company, person, source, since, until, limit, sort, page=page,
                            fold=not show_all, facets=wanted_facets, facet_limit=None if facet_names else 10,
                            recency_days=recency)
    result = search(index_dir, request)
    if result.corrected_from is not None:
        click.echo(f"searchnews: no results for '{result.corrected_from}'; showing results for '{result.suggestion}'",
                   err=True)
    if facet_names or (wanted_facets and output):  # for scripts, and for --facet, the counts replace the hits
        render_facets(result.facets, output, full=bool(facet_names))
    else:
        render_hits(result.hits, result.total, False, output, footer=result_summary(result))
        if result.facets and result.total:
            click.echo()
            render_facets(result.facets)
    if not result.total:
        if output is None:
            click.echo("no matching articles", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)
    if not result.hits and not facet_names and output is None:
        click.echo(f"searchnews: page {page} is past the last result ({result.total} matching articles)", err=True)


@cli.command()
@click.argument("query_text", metavar="QUERY")
@filter_options
@click.option("--by", type=click.Choice(["year", "month", "week"]), default="month", show_default=True)
@json_option
@csv_option
@index_option
def timeline(query_text: str, company: tuple[str, ...], person: tuple[str, ...], source: tuple[str, ...],
             since: str | None, until: str | None, by: str, as_json: bool, as_csv: bool, index_dir: Path) -> None:
    """Matching articles per year, month or week, as a bar chart: when did a topic surge?

    Dates known only to the year (or month) get their own "(month unknown)" ("(day unknown)")
    bucket instead of being counted in January; undated articles are counted as "undated".
    """
    from searchnews.render import render_timeline
    from searchnews.search import SearchRequest
    from searchnews.timeline import query_timeline

    output = output_format(as_json, as_csv)
    build_index_on_first_use(index_dir)
    request = SearchRequest(query_text, company, person, source, since, until)
    buckets = query_timeline(index_dir, request, by)
    if not any(bucket.count for bucket in buckets):
        if output is None:
            click.echo("no matching articles", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)
    render_timeline(buckets, output, unit=by)


@cli.command()
@click.argument("article_id", metavar="ID")
@click.option("-n", "--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@click.option("--all", "show_all", is_flag=True, help="Show every copy of a reposted story, not one result per story.")
@json_option
@csv_option
@index_option
def similar(article_id: str, limit: int, show_all: bool, as_json: bool, as_csv: bool, index_dir: Path) -> None:
    """Articles most like ID (by the distinctive words of its body); never ID itself or its reposts."""
    from searchnews.render import render_hits, result_summary
    from searchnews.search import similar_articles

    output = output_format(as_json, as_csv)
    result = similar_articles(index_dir, article_id, limit, fold=not show_all)
    render_hits(result.hits, result.total, False, output, footer=result_summary(result))
    if not result.hits:
        if output is None:
            click.echo("no similar articles", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)


@cli.command()
@click.argument("article_id", metavar="ID")
@click.option("-q", "--query", "query_text", help="Highlight this query's words in the article.")
@json_option
@index_option
def show(article_id: str, query_text: str | None, as_json: bool, index_dir: Path) -> None:
    """One article, cleaned, with its metadata (paged on a terminal when long)."""
    from searchnews.render import render_article
    from searchnews.search import get_article, highlight_article

    if query_text is not None and not as_json:
        fields, title, body = highlight_article(index_dir, article_id, query_text)
        render_article(fields, as_json, title, body)
    else:
        render_article(get_article(index_dir, article_id), as_json)


@cli.command()
@json_option
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True)
@index_option
def stats(as_json: bool, top: int, index_dir: Path) -> None:
    """Articles, date range, top outlets / companies / persons, index size."""
    from searchnews.render import render_stats
    from searchnews.stats import index_stats

    render_stats(index_stats(index_dir, top), as_json)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@json_option
@click.option("--boilerplate", type=click.Path(dir_okay=False), help="Extra boilerplate patterns (one regex per line).")
@click.option("--entities", type=click.Path(dir_okay=False), help="Extra gazetteer (type<TAB>name<TAB>aliases).")
def clean(file: Path, as_json: bool, boilerplate: str | None, entities: str | None) -> None:
    """What ingest would index from FILE, and what it removed."""
    from searchnews.pipeline import ExtractOptions, explain_cleaning, extract_article
    from searchnews.read import CorpusFile, ReadError, read_file
    from searchnews.render import print_json_lines, render_cleaning

    if not file.exists():
        raise UserError(f"{file}: no such file")
    try:
        documents, problems = read_file(CorpusFile(file, file.name))
    except ReadError as error:
        raise UserError(f"{file}: {error}") from None
    options = ExtractOptions(boilerplate_file=boilerplate, entities_file=entities)
    articles = [extract_article(raw, options) for raw in documents]
    if as_json:
        print_json_lines(article.to_clean_json() for article in articles)
    else:
        for raw, article in zip(documents, articles, strict=True):
            render_cleaning(article, explain_cleaning(raw, options))
    for problem in problems:
        click.echo(f"searchnews: skipped {problem}", err=True)
    if not articles:
        raise UserError(f"{file}: no article text found")


@cli.command()
@click.option("--type", "kind", type=click.Choice(["company", "person"]), help="Only companies or only persons.")
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=20, show_default=True)
@click.option("--entities", type=click.Path(dir_okay=False), help="Extra gazetteer, for its aliases.")
@json_option
@index_option
def entities(kind: str | None, limit: int, entities: str | None, as_json: bool, index_dir: Path) -> None:
    """The index's top companies and persons, with article counts and known aliases."""
    from searchnews.entity_list import render_entities, top_entities

    rows = top_entities(index_dir, kind, limit, entities)
    render_entities(rows, as_json)
    if not rows:
        raise click.exceptions.Exit(EXIT_NO_HITS)


@cli.command()
@click.option("--idle", "idle_min", type=click.FloatRange(0), default=30.0, show_default=True,
              help="Stop after this many minutes without a query (0: never).")
@click.option("-v", "--verbose", is_flag=True, help="One line on stderr per query answered.")
@index_option
def serve(idle_min: float, verbose: bool, index_dir: Path) -> None:
    """Keep a warm process that answers `searchnews query` on this index (fast repeated queries).

    Start it in another terminal or in the background (`searchnews serve &`); queries then skip
    Python's start-up work. It stops after --idle minutes without queries, on Ctrl-C, or when its
    socket (INDEX/.query.sock) is removed. Without it, queries run as usual.
    """
    from searchnews.server import serve as run_server

    def ready(path: Path) -> None:
        click.echo(f"searchnews: answering queries on {index_dir} (socket {path}); Ctrl-C stops", err=True)

    def answered(args: list[str], code: int, seconds: float) -> None:
        click.echo(f"searchnews: answered {' '.join(args)!r} (exit {code}, {seconds * 1000:.0f} ms)", err=True)

    try:
        run_server(index_dir, idle_min * 60, ready, answered if verbose else None)
    except KeyboardInterrupt:
        click.echo("searchnews: query server stopped", err=True)


def main() -> None:
    cli(prog_name="searchnews")
