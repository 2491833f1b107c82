"""The click commands: thin wrappers that parse options, call the library, and render.

Exit codes follow grep: 0 when something matched, 1 when nothing did, 2 on any error.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from searchnews.cli.common import (
    answer_query,
    check_roots,
    collect_filters,
    engine_options,
    output_option,
    progress_printer,
)
from searchnews.errors import UserError
from searchnews.fields import FILTER_FIELDS, QUERY_FIELD_NAMES, filter_param

DEFAULT_INDEX = Path(os.environ.get("SEARCHNEWS_INDEX", "index"))
DEFAULT_CORPUS = Path(os.environ.get("SEARCHNEWS_CORPUS", "corpus"))
EXIT_NO_HITS, EXIT_ERROR = 1, 2


def fail(message: str) -> None:
    click.echo(f"searchnews: {message}", err=True)
    raise click.exceptions.Exit(EXIT_ERROR)


class SearchnewsGroup(click.Group):
    """Turns expected problems into one line on stderr and exit 2: users never see a traceback."""

    def main(self, *args, **kwargs):
        # click's own usage errors (a bad option value echoing a file name) are printed here, before
        # invoke: they go through the same safety layer.
        from searchnews.cli.terminal_safety import SafeStream

        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = (stream if stream is None or isinstance(stream, SafeStream) else SafeStream(stream)
                                  for stream in saved)
        try:
            return super().main(*args, **kwargs)
        finally:
            sys.stdout, sys.stderr = saved

    def invoke(self, ctx: click.Context):
        from searchnews.cli.terminal_safety import SafeStream

        saved = sys.stdout, sys.stderr
        # Article text never acts on the terminal: every text write of the command is made safe here.
        sys.stdout, sys.stderr = (stream if stream is None or isinstance(stream, SafeStream) else SafeStream(stream)
                                  for stream in saved)
        try:
            return self.invoke_safely(ctx)
        finally:
            sys.stdout, sys.stderr = saved

    def invoke_safely(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as error:
            fail(str(error))
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt as interrupt:
            click.echo(f"searchnews: interrupted{interrupted_detail(ctx, bool(interrupt.args))}", err=True)
            raise click.exceptions.Exit(130) from None
        except BrokenPipeError:
            sys.stderr.close()
            raise click.exceptions.Exit(0) from None
        except Exception as error:  # noqa: BLE001 - a bug still deserves one readable line
            fail(f"internal error: {type(error).__name__}: {error}")


index_option = click.option(
    "--index", "index_dir", type=click.Path(path_type=Path, file_okay=False),
    default=lambda: Path(os.environ.get("SEARCHNEWS_INDEX") or "index"),  # read per command (query server)
    help="Index folder (default: SEARCHNEWS_INDEX, else 'index' in the config file, else index/).",
    shell_complete=lambda ctx, param, incomplete: [click.shell_completion.CompletionItem(incomplete, type="dir")],
)
wait_option = click.option("--wait", "wait_s", type=click.FloatRange(0), default=30.0, show_default=True,
                           help="Seconds to wait for another ingest/watch writing the same index.")
jobs_option = click.option("-j", "--jobs", type=click.IntRange(1, 64), default=None,
                           help="Worker processes that clean and index (default: one per CPU core).")


# --- shell completion (issue 15): read the index's term lists, never its stored articles -----------

QUERY_FIELDS = QUERY_FIELD_NAMES
PARAM_FIELDS = {filter_param(entry): entry.name for entry in FILTER_FIELDS}  # option -> the index field it filters
MAX_COMPLETIONS = 200


def completion_index(ctx: click.Context) -> Path:
    named = ctx.params.get("index_dir")
    if named:
        return Path(named)
    from searchnews.cli.config import default_index

    return default_index()


def index_terms(ctx: click.Context, field: str, prefix: str) -> list[str]:
    """Terms of one field starting with prefix (case-insensitively for the lowercased fields), from the
    engine the command line names; [] on any problem."""
    try:
        from searchnews.engine import open_engine

        engine = open_engine(ctx.params.get("engine_choice"), ctx.params.get("url"), completion_index(ctx))
        try:
            return engine.field_terms(field, prefix if field == "id" else prefix.lower(), MAX_COMPLETIONS)
        finally:
            engine.close()
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []


def canonical_names() -> dict[str, str]:
    """lowercased name -> the gazetteer's spelling, so completions read 'Jack Ma', not 'jack ma'."""
    from importlib import resources

    names = {}
    try:
        for line in resources.files("searchnews").joinpath("data/entities.tsv").read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and parts[0] in ("company", "person"):
                names[parts[1].lower()] = parts[1]
    except OSError:
        pass
    return names


def complete_entity(ctx: click.Context, param: click.Parameter, incomplete: str):
    from click.shell_completion import CompletionItem

    terms = index_terms(ctx, PARAM_FIELDS.get(str(param.name), "company"), incomplete)
    spelled = canonical_names() if param.name in ("company", "person") else {}  # the gazetteer's spelling
    return [CompletionItem(spelled.get(term, term)) for term in terms]


def complete_article_id(ctx: click.Context, param: click.Parameter, incomplete: str):
    from click.shell_completion import CompletionItem

    return [CompletionItem(term) for term in index_terms(ctx, "id", incomplete)]


def complete_query(ctx: click.Context, param: click.Parameter, incomplete: str):
    """`comp` -> `company:`; `company:ali` -> `company:alibaba` (names from the index)."""
    from click.shell_completion import CompletionItem

    field, colon, value = incomplete.partition(":")
    if not colon:
        return [CompletionItem(f"{name}:") for name in QUERY_FIELDS if name.startswith(incomplete.lower()) and incomplete]
    if field.lower() in PARAM_FIELDS:
        return [CompletionItem(f'{field}:"{term}"' if " " in term else f"{field}:{term}")
                for term in index_terms(ctx, field.lower(), value.lstrip('"'))]
    return []


def set_pager(enabled: bool) -> None:
    from searchnews.cli.render import set_paging

    set_paging(enabled)


def interrupted_detail(ctx: click.Context, committed: bool) -> str:
    """What an interrupted ingest kept: after one Ctrl-C it committed every file it had processed;
    after a second it stopped at once, keeping its last intermediate commit."""
    progress = ctx.meta.get("searchnews.ingest_progress")
    if not progress:
        return ""
    done, total = progress
    if committed:
        return (f"; the {done} of {total} files processed before Ctrl-C were committed and stay indexed"
                " (run the same ingest again to do the rest)")
    return (f"; stopped at once after {done} of {total} files: what the last intermediate commit held stays"
            " indexed, the rest is redone by the next ingest")


def set_color(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """--color: the flag (here or on the group), then NO_COLOR / FORCE_COLOR / CLICOLOR_FORCE, then
    the config file, then auto (colour on a terminal)."""
    from click.core import ParameterSource

    from searchnews.cli.render import set_color_mode

    if value is not None and ctx.get_parameter_source(param.name) is ParameterSource.COMMANDLINE:
        ctx.meta["searchnews.color"] = value
    if ctx.resilient_parsing:
        return
    mode = ctx.meta.get("searchnews.color")
    if mode is None:
        from searchnews.cli.config import effective

        try:
            mode = effective()["color"].value
        except UserError as error:  # a broken config file: one line, even while options are parsed
            fail(str(error))
    set_color_mode(str(mode))


def color_option(command):
    return click.option("--color", "--colour", type=click.Choice(["auto", "always", "never"]), default=None,
                        expose_value=False, is_eager=True, callback=set_color, metavar="WHEN",
                        help="Colour: auto (on a terminal; NO_COLOR, FORCE_COLOR, CLICOLOR_FORCE and the config "
                             "file's 'color' are honoured), always (also into a pipe, e.g. less -R) or never. "
                             "[default: auto]")(command)


def load_config_defaults(ctx: click.Context) -> None:
    """The config file supplies defaults for flags (a flag or the environment still wins)."""
    from searchnews.cli.config import config_path, file_defaults

    defaults = file_defaults()
    if "engine" in defaults:  # a name click would refuse with a usage screen: one line instead
        from searchnews.engine import engine_name

        try:
            engine_name(str(defaults["engine"]))
        except UserError as error:
            fail(f"{config_path()}: engine: {error}")
    commands: dict[str, dict[str, object]] = {}
    for name, command in cli.commands.items():
        names = {param.name for param in command.params}
        values = {}
        if "index" in defaults and "index_dir" in names:
            values["index_dir"] = defaults["index"]
        for key in ("entities", "boilerplate", "limit"):
            if key in defaults and key in names and not (name == "entities" and key == "limit"):
                values[key] = defaults[key]
        for key, param in (("engine", "engine_choice"), ("url", "url")):
            if key in defaults and param in names:
                values[param] = defaults[key]
        commands[name] = values
    ctx.default_map = commands


@click.group(cls=SearchnewsGroup, context_settings={"help_option_names": ["-h", "--help"]},
             epilog="Run 'searchnews COMMAND --help' for a command's options and examples, 'searchnews help query' "
                    "for the query syntax. Shell completion: 'searchnews completion --help'. Settings: "
                    "'searchnews config'.")
@click.version_option(None, "-V", "--version", package_name="searchnews")
@color_option
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Search policy news: ingest raw articles, then ask ranked, filtered queries.

    \b
    Examples:
      $ searchnews query "common prosperity"
      $ searchnews query alibaba --company Alibaba --since 2021 -n 5
      $ searchnews show bloomberg/2021-04-12-alibaba-record-antitrust-fine.txt
    """
    load_config_defaults(ctx)


def run_ingest(engine, paths: tuple[Path, ...], keep_deleted: bool, boilerplate: str | None,
               entities: str | None, verbose: bool, quiet: bool = False, wait_s: float | None = None,
               workers: int | None = None, optimize: bool = False, follow_symlinks: bool = False,
               forget_options: tuple[str, ...] = ()):
    from searchnews.cli.config import default_corpus
    from searchnews.extract.run import ExtractOptions
    from searchnews.sync.ingest import summary_lines

    roots = check_roots(paths) if paths else []  # none: the roots the engine remembers
    if not paths and not engine.remembered_roots():
        check_roots(())  # a new index starts from the default corpus: say how to name another one
    options = ExtractOptions(boilerplate_file=boilerplate, entities_file=entities)
    settings = {"keep_deleted": keep_deleted, "wait_s": wait_s,
                "workers": workers, "on_wait": None if quiet else say_waiting, "optimize": optimize,
                "follow_symlinks": follow_symlinks, "default_roots": default_corpus(),
                "forget_options": forget_options}
    progress, update = progress_printer("Indexing", quiet)
    if update is None:
        context = click.get_current_context(silent=True)

        def update(done: int, total: int) -> None:  # no bar, but Ctrl-C still says how much was kept
            if context is not None:
                context.meta["searchnews.ingest_progress"] = (done, total)
    if progress:
        with progress:
            report = engine.sync(roots, options, on_progress=update, **settings)
    else:
        report = engine.sync(roots, options, on_progress=update, **settings)
    if not quiet:
        for line in summary_lines(report, verbose):
            click.echo(line, err=True)
    return report



def say_waiting(holder: str) -> None:
    click.echo(f"searchnews: another ingest or watch is writing the index{holder}; waiting for it", err=True)


@cli.command(epilog="""\b
Examples:
  $ searchnews ingest
  $ searchnews ingest corpus --index news-index -q
  $ searchnews ingest corpus/reuters corpus/bloomberg --index two-outlets -j 2 --optimize
""")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@index_option
@click.option("--keep-deleted", is_flag=True, help="Keep articles whose files were deleted from the corpus.")
@click.option("--boilerplate", help="Extra boilerplate patterns (one regex per line); kept by the index.")
@click.option("--entities", help="Extra gazetteer (type<TAB>name<TAB>aliases); kept by the index.")
@click.option("--forget-custom", "forget_custom", type=click.Choice(["entities", "boilerplate"]), multiple=True,
              help="Stop using the index's custom entities or boilerplate file (re-extracts every article).")
@click.option("--follow-symlinks", is_flag=True, help="Also follow symlinks that lead out of the corpus roots.")
@click.option("-v", "--verbose", is_flag=True, help="List every skipped file and record.")
@wait_option
@jobs_option
@click.option("--optimize", is_flag=True, help="Merge the index into one segment at the end (slower ingest, faster queries).")
@click.option("-q", "--quiet", is_flag=True, help="Print only errors: no progress bar, no summary.")
@engine_options
def ingest(paths: tuple[Path, ...], index_dir: Path, keep_deleted: bool, boilerplate: str | None,
           entities: str | None, forget_custom: tuple[str, ...], follow_symlinks: bool, verbose: bool,
           wait_s: float, jobs: int | None, optimize: bool, quiet: bool, engine) -> None:
    """Update the index from PATHS (default: the index's corpus roots; corpus/ for a new index).

    A path inside a known root re-scans that part; another path is added as a new root. Only files
    that disappeared from what was scanned are removed ('searchnews roots' lists and drops roots).
    Without PATHS: the index's roots, else the config file's 'corpus', else corpus/. Ctrl-C stops at
    the next file and keeps everything done so far.
    """
    run_ingest(engine, paths, keep_deleted, boilerplate, entities, verbose, quiet=quiet, wait_s=wait_s, workers=jobs,
               optimize=optimize, follow_symlinks=follow_symlinks, forget_options=forget_custom)


@cli.command(epilog="""\b
Examples:
  $ searchnews roots
  $ searchnews roots remove ~/old-feeds
  $ searchnews roots --index ~/news-index
""")
@click.argument("action", required=False, type=click.Choice(["list", "remove"]), default="list")
@click.argument("path", required=False)
@index_option
@wait_option
def roots(action: str, path: str | None, index_dir: Path, wait_s: float) -> None:
    """List the index's corpus roots, or `roots remove PATH`: forget a root and drop its articles."""
    from searchnews.sync.ingest import list_roots, remove_root

    if action == "list":
        rows = list_roots(index_dir)
        for root_path, label, articles in rows:
            click.echo(f"{root_path}\t{articles} articles\tids: {label + '//...' if label else 'plain relative paths'}")
        if not rows:
            raise click.exceptions.Exit(EXIT_NO_HITS)
        return
    if not path:
        raise UserError("roots remove: which root? (searchnews roots lists them)")
    removed_root, articles = remove_root(index_dir, path, wait_s)
    click.echo(f"searchnews: removed corpus root {removed_root} and its {articles} articles", err=True)


@cli.command(epilog="""\b
Examples:
  $ searchnews watch
  $ searchnews watch corpus --quiet-period 5 -q &
  $ searchnews watch ~/news --index ~/news-index -v
""")
@click.argument("path", required=False, type=click.Path(path_type=Path, file_okay=False))
@index_option
@click.option("--keep-deleted", is_flag=True, help="Keep articles whose files were deleted from the corpus.")
@click.option("--quiet-period", "quiet_s", type=click.FloatRange(0.05), default=1.0, show_default=True,
              help="Seconds without changes before a burst of new files is indexed.")
@click.option("--boilerplate", help="Extra boilerplate patterns (one regex per line); kept by the index.")
@click.option("--entities", help="Extra gazetteer (type<TAB>name<TAB>aliases); kept by the index.")
@click.option("-v", "--verbose", is_flag=True, help="List every skipped file and record.")
@wait_option
@jobs_option
@click.option("-q", "--quiet", is_flag=True, help="Print only errors (and, with --alerts, new matches).")
@click.option("--alerts", "show_alerts", is_flag=True, help="Print new matches of saved alerts as they arrive.")
@click.option("--exec", "exec_command", metavar="CMD",
              help="Run CMD (your own command, split like a shell would, never through one) once per new alert "
                   "match, with SEARCHNEWS_ALERT, SEARCHNEWS_ID, SEARCHNEWS_TITLE, ... in its environment.")
@engine_options
def watch(path: Path | None, index_dir: Path, keep_deleted: bool, quiet_s: float, boilerplate: str | None,
          entities: str | None, verbose: bool, wait_s: float, jobs: int | None, quiet: bool, show_alerts: bool,
          exec_command: str | None, engine) -> None:
    """Keep the index in sync with PATH (default: corpus/) while running; Ctrl-C stops (what is indexed stays)."""
    from searchnews.cli.watching import run_watch
    from searchnews.extract.run import ExtractOptions
    from searchnews.sync.custom_files import read_option_file

    roots = check_roots((path,) if path else ())
    if len(roots) > 1:
        raise UserError(f"watch follows one folder and the config file's 'corpus' names {len(roots)}; "
                        "name the one to watch: searchnews watch PATH")
    (root,) = roots
    for kind, option_file in (("entities", entities), ("boilerplate", boilerplate)):
        if option_file:
            read_option_file(option_file, kind)  # refused before anything is touched
    options = ExtractOptions(boilerplate_file=boilerplate, entities_file=entities)
    run_watch(root, index_dir, options, keep_deleted, quiet_s, verbose, wait_s, jobs, quiet, show_alerts, exec_command,
              engine)


def filter_options(command):
    """The registry's filter options (--source/--company/--person/--author: fields.FILTER_FIELDS) and
    --since/--until: the same filters on every command that searches. The command receives the field
    filters as one `filters` argument ({field name: values}), ready for SearchRequest."""

    @functools.wraps(command)
    def with_filters(*args, **kwargs):
        return command(*args, filters=collect_filters(kwargs), **kwargs)

    options = [click.option(str(entry.filter_option), multiple=True, shell_complete=complete_entity,
                            help=entry.filter_help) for entry in FILTER_FIELDS]
    options += [click.option("--since", help="Published on or after YYYY, YYYY-MM or YYYY-MM-DD."),
                click.option("--until", help="Published on or before YYYY, YYYY-MM or YYYY-MM-DD.")]
    for option in reversed(options):
        with_filters = option(with_filters)
    return with_filters




@cli.group(epilog="""\b
Examples:
  $ searchnews alert add tencent-games 'tencent AND (game OR gaming)'
  $ searchnews alert list
  $ searchnews alerts
""")
def alert() -> None:
    """Saved searches: 'searchnews alerts' then shows what is new for them after each ingest or watch batch."""


@alert.command("add", epilog="""\b
Examples:
  $ searchnews alert add tencent-games 'tencent AND (game OR gaming)'
  $ searchnews alert add chips '"export controls"' --company Nvidia --include-updates
  $ searchnews alert add fines 'fine OR penalty' --source Reuters --since 2021
""")
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
@engine_options
def alert_add(name: str, query_text: str, company: tuple[str, ...], person: tuple[str, ...], source: tuple[str, ...],
              since: str | None, until: str | None, include_updates: bool, wait_s: float, index_dir: Path,
              engine) -> None:
    """Save QUERY as alert NAME: articles indexed from now on that match it are new matches."""
    from searchnews.alerts.inbox import add_alert
    from searchnews.alerts.saved import SavedSearch

    saved = add_alert(engine.alerts_folder(), SavedSearch(name, query_text, list(company), list(person), list(source), since, until,
                                             include_updates), wait_s, engine=engine)
    count = len(saved.known)
    click.echo(f"searchnews: saved alert '{saved.name}' ({count} article{'' if count == 1 else 's'} already "
               f"match{'es' if count == 1 else ''}; only articles indexed from now on are new)", err=True)


@alert.command("list", epilog="""\b
Examples:
  $ searchnews alert list
  $ searchnews alert list --json
""")
@output_option("json")
@index_option
@engine_options
def alert_list(output: str | None, index_dir: Path, engine) -> None:
    """Saved alerts, with how many new matches each has."""
    from searchnews.alerts.inbox import list_alerts
    from searchnews.cli.render import emit

    saved_alerts = list_alerts(engine.alerts_folder())
    if output:
        emit(output, (saved.to_summary() for saved in saved_alerts))
    else:
        for saved in saved_alerts:
            filters = saved.filters_text()
            click.echo(f"{saved.name}\t{saved.new_stories} new\t{saved.query}{' ' + filters if filters else ''}")
    if not saved_alerts:
        raise click.exceptions.Exit(EXIT_NO_HITS)


@alert.command("show", epilog="""\b
Examples:
  $ searchnews alert show chips
  $ searchnews alert show chips --json
""")
@click.argument("name")
@output_option("json")
@index_option
@engine_options
def alert_show(name: str, output: str | None, index_dir: Path, engine) -> None:
    """One alert: its query and filters, when it last ran, how many new matches it holds."""
    from searchnews.alerts.inbox import get_alert
    from searchnews.cli.render import emit

    summary = get_alert(engine.alerts_folder(), name).to_summary()
    if output:
        emit(output, [summary])
        return
    for key in ("name", "query", "company", "person", "source", "since", "until", "include_updates", "created",
                "last_run", "last_run_new", "last_seen", "new", "new_articles", "matched"):
        value = summary[key]
        if value in ([], None) and key not in ("last_run", "last_seen"):
            continue
        click.echo(f"{key}: {', '.join(value) if isinstance(value, list) else '-' if value is None else value}")


@alert.command("rm", epilog="""\b
Examples:
  $ searchnews alert rm chips
  $ searchnews alert rm chips --index ~/news-index
""")
@click.argument("name")
@index_option
@engine_options
def alert_rm(name: str, index_dir: Path, engine) -> None:
    """Delete alert NAME (its unseen matches too)."""
    from searchnews.alerts.inbox import remove_alert

    remove_alert(engine.alerts_folder(), name)


@cli.command(epilog="""\b
Examples:
  $ searchnews alerts
  $ searchnews alerts tencent-games --peek
  $ searchnews alerts -q && notify-send "searchnews: new matches"
  $ searchnews alerts --json
""")
@click.argument("names", nargs=-1)
@click.option("--peek", is_flag=True, help="Show the new matches without marking them seen.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing; only the exit code says whether there is news.")
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=None,
              help="At most this many per alert (the rest stay new for next time).")
@output_option("json", "csv")
@index_option
@engine_options
def alerts(names: tuple[str, ...], peek: bool, quiet: bool, limit: int | None, output: str | None,
           index_dir: Path, engine) -> None:
    """New matches of the saved alerts (or of NAMES) since you last looked; marks them seen.

    Exit 0 when there is something new, 1 when not, 2 on error: 'searchnews alerts -q && notify-send ...'.
    With -q nothing is marked seen.
    """
    from searchnews.alerts.inbox import new_matches
    from searchnews.cli.alert_output import render_alert_news

    all_news = new_matches(engine.alerts_folder(), names, peek=peek or quiet, limit=limit, engine=engine)
    if not quiet:
        render_alert_news(all_news, output)
    if not any(news.hits for news in all_news):
        if not quiet and output is None:
            click.echo("no new matches", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)


def build_index_on_first_use(engine, index_dir: Path, quiet: bool = False) -> None:
    """A first query on the default index folder builds it from the default corpus (an embedded engine)."""
    from searchnews.cli.config import effective

    if not engine.builds_on_first_use or engine.exists():
        return
    settings = effective()
    corpus = settings["corpus"].value
    if index_dir == settings["index"].value and all(root.is_dir() for root in corpus):  # type: ignore[union-attr]
        if not quiet:
            click.echo(f"searchnews: no index yet; building {index_dir}/ from "
                       f"{', '.join(f'{root}/' for root in corpus)}", err=True)  # type: ignore[union-attr]
        run_ingest(engine, (), False, settings["boilerplate"].value, settings["entities"].value,  # type: ignore[arg-type]
                   False, quiet=quiet)


QUERY_SYNTAX = """\b
Query syntax (Whoosh):
  words          1-3 words must all match; from 4 words on any may match (best first)
  "a phrase"     the words next to each other, in this order
  AND  OR  NOT   combine parts, group with ( ): china NOT huawei, (alibaba OR tencent) AND fine
  field:value    title:, body:, company:, person:, source:, author:, date:
                 company:alibaba  person:"jack ma"  source:reuters  author:"jane doe"
  date forms     date:2021  date:2021-09  date:2021-09-26  date:>2022
                 date:[2021-08-01 TO 2021-09-30]  (ranges; a month includes its last day)
  wildcards      chip* (not at the start of a word: *ing is refused)
  --since/--until take YYYY, YYYY-MM or YYYY-MM-DD; --company/--person/--source any alias;
  --author a byline's name, any case.
"""


@cli.command(epilog=QUERY_SYNTAX + """
\b
Examples:
  $ searchnews query "common prosperity"
  $ searchnews query 'alibaba AND fine' --company Alibaba --since 2021-01-01 -n 5
  $ searchnews query '"export controls" NOT huawei' --sort date --json
  $ searchnews query 'date:[2021-08-01 TO 2021-09-30] tencent' -q && echo found
""")
@click.argument("query_text", metavar="QUERY", shell_complete=complete_query)
@filter_options
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=10, show_default=True,
              help="Results per page (config file: 'limit').")
@click.option("--page", type=click.IntRange(1, 100_000), default=1, show_default=True,
              help="Which page of --limit results to show (2: results 11-20 with the default limit).")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True,
              help="Order: best match first, or newest first.")
@click.option("--recency", type=click.FloatRange(min=0, min_open=True), metavar="DAYS",
              help="Favour newer articles: up to 2x weight, halving every DAYS days before the newest match.")
@click.option("--all", "show_all", is_flag=True, help="Show every copy of a reposted story, not one result per story.")
@click.option("--facets", is_flag=True, help="Top companies, persons and outlets among ALL matches, with counts.")
@click.option("--facet", "facet_names", multiple=True, metavar="NAME",
              help="List one facet in full (company, person or outlet) instead of the hits.")
@click.option("--no-suggest", "no_suggest", is_flag=True,
              help="On no hits, do not run the spelling-corrected query (exit 1 as typed).")
@output_option("json", "csv")
@index_option
@click.option("-q", "--quiet", is_flag=True,
              help="Print nothing; the exit code says whether anything matched (0) or not (1), as grep -q.")
@engine_options
def query(query_text: str, filters: dict[str, tuple[str, ...]],
          since: str | None, until: str | None, limit: int, page: int, sort: str, recency: float | None, show_all: bool, facets: bool,
          facet_names: tuple[str, ...], no_suggest: bool, output: str | None, index_dir: Path, quiet: bool,
          engine) -> None:
    """Ranked search: Whoosh query language (AND/OR/NOT, "phrases", field:value, date:[2021 TO 2022]).

    Reposts of one story are one result ("also in: ..."); a misspelled query with no hits is
    answered for its correction, with a note on stderr.
    """
    from searchnews.engine.records import FACETS, SearchRequest, facet_name

    wanted_facets = tuple(dict.fromkeys(facet_name(name) for name in facet_names)) or (FACETS if facets else ())
    build_index_on_first_use(engine, index_dir, quiet)
    request = SearchRequest(query_text, filters, since, until, limit, sort, page=page,
                            fold=not show_all, facets=wanted_facets, facet_limit=None if facet_names else 10,
                            recency_days=recency, suggest=not no_suggest, replace_with_suggestion=output is None)
    result = engine.search(request)
    answer_query(result, query_text, output, facet_names, wanted_facets, page, quiet)


@cli.command(epilog="""\b
Examples:
  $ searchnews timeline "common prosperity"
  $ searchnews timeline antitrust --by year --company Alibaba
  $ searchnews timeline chips --by week --since 2022 --csv
""")
@click.argument("query_text", metavar="QUERY", shell_complete=complete_query)
@filter_options
@click.option("--by", type=click.Choice(["year", "month", "week"]), default="month", show_default=True,
              help="Size of each bucket (bar).")
@output_option("json", "csv")
@index_option
@engine_options
def timeline(query_text: str, filters: dict[str, tuple[str, ...]],
             since: str | None, until: str | None, by: str, output: str | None, index_dir: Path,
             engine) -> None:
    """Matching articles per year, month or week, as a bar chart: when did a topic surge?

    Dates known only to the year (or month) get their own "(month unknown)" ("(day unknown)")
    bucket instead of being counted in January; undated articles are counted as "undated".
    QUERY takes the syntax of 'searchnews query' (see 'searchnews help query').
    """
    from searchnews.cli.render import render_timeline
    from searchnews.engine.records import SearchRequest

    build_index_on_first_use(engine, index_dir)
    buckets = engine.timeline(SearchRequest(query_text, filters, since, until), by)
    if not any(bucket.count for bucket in buckets):
        if output is None:
            click.echo("no matching articles", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)
    render_timeline(buckets, output, unit=by)


@cli.command(epilog="""\b
Examples:
  $ searchnews similar bloomberg/2021-04-12-alibaba-record-antitrust-fine.txt
  $ searchnews similar reuters/2021-10-08-meituan-fined-antitrust.txt -n 3 --json
""")
@click.argument("article_id", metavar="ID", shell_complete=complete_article_id)
@click.option("-n", "--limit", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many similar articles (config file: 'limit').")
@click.option("--all", "show_all", is_flag=True, help="Show every copy of a reposted story, not one result per story.")
@output_option("json", "csv")
@index_option
@engine_options
def similar(article_id: str, limit: int, show_all: bool, output: str | None, index_dir: Path,
            engine) -> None:
    """Articles most like ID (by the distinctive words of its body); never ID itself or its reposts."""
    from searchnews.cli.render import render_hits, result_summary

    result = engine.similar(article_id, limit, fold=not show_all)
    render_hits(result.hits, result.total, output, footer=result_summary(result))
    if not result.hits:
        if output is None:
            click.echo("no similar articles", err=True)
        raise click.exceptions.Exit(EXIT_NO_HITS)


@cli.command(epilog="""\b
Paging: like git, a long article goes through $PAGER (default less, with LESS=FRX unless you set
LESS, so colours show and a short text just prints); --no-pager or PAGER=cat prints it.

\b
Examples:
  $ searchnews show reuters/2021-10-08-meituan-fined-antitrust.txt
  $ searchnews show bloomberg/2023-03-28-alibaba-split-six-units.txt -Q "jack ma"
  $ searchnews show caixin/2022-07-21-didi-fined-8-billion-yuan.txt --json
""")
@click.argument("article_id", metavar="ID", shell_complete=complete_article_id)
@click.option("-Q", "--query", "query_text", help="Highlight this query's words in the article.")
@click.option("--no-pager", is_flag=True, expose_value=False, callback=lambda ctx, param, value: set_pager(not value),
              help="Print the article even when it is taller than the terminal.")
@output_option("json")
@index_option
@engine_options
def show(article_id: str, query_text: str | None, output: str | None, index_dir: Path, engine) -> None:
    """One article, cleaned, with its metadata (paged on a terminal when long).

    ID is the file's path under the corpus folder (the ids 'query' prints; Tab completes them).
    """
    from searchnews.cli.render import render_article

    if query_text is not None and not output:
        fields, title, body = engine.highlight_article(article_id, query_text)
        render_article(fields, output, title, body)
    else:
        render_article(engine.get_article(article_id), output)


@cli.command(epilog="""\b
Examples:
  $ searchnews stats
  $ searchnews stats --top 3 --json
""")
@output_option("json")
@click.option("--top", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="How many outlets, companies and persons to list.")
@index_option
@engine_options
def stats(output: str | None, top: int, index_dir: Path, engine) -> None:
    """Articles, date range, top outlets / companies / persons, index size."""
    from searchnews.cli.render import render_stats

    render_stats(engine.stats(top), output)


def corpus_relative_id(file: Path) -> str:
    """The name ingest knows a file by: its path under the corpus root holding it (a root of the index, else
    the default corpus folder), so `clean` sees the dates and outlets its folders carry; else its name."""
    from searchnews.cli.config import default_corpus, default_index
    from searchnews.corpus.roots import Roots, absolute, is_within

    full = absolute(file)
    try:
        roots = [root.path for root in Roots.load(default_index()).roots]
    except UserError:
        roots = []
    for folder in [*roots, *(absolute(path) for path in default_corpus())]:
        if is_within(full, folder) and full != folder:
            return Path(os.path.relpath(full, folder)).as_posix()
    return file.name


@cli.command(epilog="""\b
Examples:
  $ searchnews clean corpus/reuters/2021-10-08-meituan-fined-antitrust.txt
  $ searchnews clean corpus/html/*.html --json
  $ searchnews clean corpus/scrapers/feed-2023.jsonl corpus/ft/*.txt --json
""")
@click.argument("files", metavar="FILE...", nargs=-1, required=True, type=click.Path(path_type=Path))
@output_option("json")
@click.option("--boilerplate", type=click.Path(dir_okay=False), help="Extra boilerplate patterns (one regex per line).")
@click.option("--entities", type=click.Path(dir_okay=False), help="Extra gazetteer (type<TAB>name<TAB>aliases).")
def clean(files: tuple[Path, ...], output: str | None, boilerplate: str | None, entities: str | None) -> None:
    """What ingest would index from each FILE, and what it removed.

    With --json: one object per article (a JSON-lines or HTML file may hold several), each naming
    its "file". A file that cannot be read is reported and skipped; the exit code is then 2.
    """
    from searchnews.cli.render import emit, render_cleaning
    from searchnews.corpus.read import CorpusFile, ReadError, read_file
    from searchnews.extract.guarded_regex import take_timeouts
    from searchnews.extract.run import ExtractOptions, extract_with_lines
    from searchnews.sync.custom_files import read_option_file

    for kind, option_file in (("entities", entities), ("boilerplate", boilerplate)):
        if option_file:
            read_option_file(option_file, kind)  # a bad option file is refused before any article is read
    options = ExtractOptions(boilerplate_file=boilerplate, entities_file=entities)
    failed = []
    for file in files:
        if not file.exists():
            failed.append(f"{file}: no such file")
            continue
        try:
            documents, problems = read_file(CorpusFile(file, corpus_relative_id(file)))
        except ReadError as error:
            failed.append(f"{file}: {error}")
            continue
        extracted = [extract_with_lines(raw, options) for raw in documents]
        articles = [article for article, _ in extracted]
        if output:
            # 'removed_reasons': why each line of 'removed' went, in the same order ('boilerplate pattern',
            # 'line model p=0.99: short, above the story, ...')
            emit(output, ({"file": str(file), **article.to_clean_json(),
                           "removed_reasons": [line.reason for line in cleaned.removed]}
                          for article, cleaned in extracted))
        else:
            if len(files) > 1:
                click.echo(f"==> {file} <==")
            for article, cleaned in extracted:
                render_cleaning(article, cleaned.lines)
        for problem in problems:
            click.echo(f"searchnews: skipped {problem}", err=True)
        for note in take_timeouts():
            click.echo(f"searchnews: {note}", err=True)
        if not articles:
            failed.append(f"{file}: no article text found")
    if len(failed) == 1 and len(files) == 1:
        raise UserError(failed[0])
    for problem in failed:
        click.echo(f"searchnews: {problem}", err=True)
    if failed:
        raise click.exceptions.Exit(EXIT_ERROR)


@cli.command(epilog="""\b
Examples:
  $ searchnews entities
  $ searchnews entities --type person -n 5
  $ searchnews entities --type company --json
""")
@click.option("--type", "kind", type=click.Choice(["company", "person"]), help="Only companies or only persons.")
@click.option("-n", "--limit", type=click.IntRange(1, 10_000), default=20, show_default=True,
              help="How many entities to list.")
@click.option("--entities", type=click.Path(dir_okay=False), help="Extra gazetteer, for its aliases.")
@output_option("json")
@index_option
@engine_options
def entities(kind: str | None, limit: int, entities: str | None, output: str | None, index_dir: Path, engine) -> None:
    """The index's top companies and persons, with article counts and known aliases."""
    from searchnews.query.entity_list import render_entities, top_entities

    rows = top_entities(engine, kind, limit, entities)
    render_entities(rows, output)
    if not rows:
        raise click.exceptions.Exit(EXIT_NO_HITS)


@cli.command(epilog="""\b
Examples:
  $ searchnews serve &
  $ searchnews serve --idle 0 -v
  $ searchnews serve --index ~/news-index --idle 120 &
""")
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
    from searchnews.serve.server import serve as run_server

    def ready(path: Path) -> None:
        click.echo(f"searchnews: answering queries on {index_dir} (socket {path}); Ctrl-C stops", err=True)

    def answered(args: list[str], code: int, seconds: float) -> None:
        click.echo(f"searchnews: answered {' '.join(args)!r} (exit {code}, {seconds * 1000:.0f} ms)", err=True)

    try:
        run_server(index_dir, idle_min * 60, ready, answered if verbose else None, command=cli)
    except KeyboardInterrupt:
        click.echo("searchnews: query server stopped", err=True)


# --- help, completion, config (issue 15) ------------------------------------------------------------


@cli.command("help", epilog="""\b
Examples:
  $ searchnews help
  $ searchnews help query
  $ searchnews help show
""")
@click.argument("command_name", metavar="[COMMAND]", required=False,
                shell_complete=lambda ctx, param, incomplete: [name for name in cli.commands if name.startswith(incomplete)])
@click.pass_context
def help_command(ctx: click.Context, command_name: str | None) -> None:
    """A command's help (options, examples); 'searchnews help query' includes the query syntax."""
    parent = ctx.parent or ctx
    if command_name is None:
        click.echo(cli.get_help(parent))
        return
    command = cli.get_command(parent, command_name)
    if command is None:
        raise UserError(f"no command {command_name!r}; commands: {', '.join(sorted(cli.commands))}")
    with click.Context(command, info_name=command_name, parent=parent) as sub_ctx:
        click.echo(command.get_help(sub_ctx))


COMPLETION_HELP = """\b
Install (then open a new shell):
  bash  echo 'eval "$(searchnews completion bash)"' >> ~/.bashrc
  zsh   echo 'eval "$(searchnews completion zsh)"' >> ~/.zshrc
  fish  searchnews completion fish > ~/.config/fish/completions/searchnews.fish

\b
Tab then completes commands and options, article ids after show and similar, company, person
and outlet names after --company, --person and --source, and fields in a query
(comp<Tab> -> company:, company:ali<Tab> -> company:alibaba), reading the index named by
--index, SEARCHNEWS_INDEX or the config file.

\b
Examples:
  $ searchnews completion bash
  $ searchnews completion zsh > ~/.zfunc/_searchnews
  $ searchnews completion fish
"""


@cli.command(epilog=COMPLETION_HELP)
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for SHELL (bash, zsh or fish)."""
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)
    if completer is None:  # pragma: no cover - click ships all three
        raise UserError(f"{shell}: no completion for this shell")
    click.echo(completer(cli, {}, "searchnews", "_SEARCHNEWS_COMPLETE").source())


@cli.command("config", epilog="""\b
Where: config.toml in the user config folder (platformdirs: ~/.config/searchnews/ on Linux,
~/Library/Application Support/searchnews/ on macOS); 'searchnews config --path' prints it.
The file (TOML) may set:
  index = "~/news/index"               default --index
  corpus = ["~/news/wire", "~/news/html"]   default PATHS of ingest and watch
  entities = "~/news/entities.tsv"     default --entities (ingest, clean)
  boilerplate = "~/news/chrome.txt"    default --boilerplate (ingest, clean)
  limit = 20                           default --limit (query, similar)
  color = "never"                      default --color
  engine = "opensearch"                default --engine (commands that search or sync)
  url = "http://127.0.0.1:9200/news"   default --url
Relative paths are taken from the file's folder. A flag beats the environment
(SEARCHNEWS_INDEX, SEARCHNEWS_CORPUS, SEARCHNEWS_ENGINE, SEARCHNEWS_URL, NO_COLOR, FORCE_COLOR,
CLICOLOR_FORCE), which beats the
file, which beats the built-in default (index/ and corpus/ in the current folder).
SEARCHNEWS_CONFIG names another file.

\b
Examples:
  $ searchnews config
  $ searchnews config --path
  $ searchnews config --json
""")
@click.option("--path", "path_only", is_flag=True, help="Print only the config file's path (it need not exist).")
@output_option("json")
def config_command(path_only: bool, output: str | None) -> None:
    """The effective settings, and where each came from: flag, environment, config file or default."""
    from searchnews.cli.config import KEYS, config_path, effective

    path = config_path()
    if path_only:
        click.echo(str(path))
        return
    settings = effective()
    color_flag = click.get_current_context().meta.get("searchnews.color")
    if color_flag is not None:
        settings["color"].value, settings["color"].source = color_flag, "flag"

    def shown(value: object) -> object:
        if isinstance(value, list):
            return [str(item) for item in value]
        return str(value) if isinstance(value, Path) else value

    if output:
        from searchnews.cli.render import emit

        emit(output, [{"config_file": str(path), "config_file_exists": path.is_file(),
                           "settings": {key: {"value": shown(setting.value), "source": setting.source}
                                        for key, setting in settings.items()}}])
        return
    click.echo(f"config file: {path}" + ("" if path.is_file() else " (not there; built-in defaults apply)"))
    width = max(len(key) for key in KEYS)
    for key, setting in settings.items():
        value = shown(setting.value)
        text = ", ".join(value) if isinstance(value, list) else "-" if value is None else str(value)
        click.echo(f"{key:<{width}}  {text}  ({setting.source}; {KEYS[key][1]})")


for _command in [cli, *cli.commands.values()]:  # --color on every command (the group has it already)
    if not any(param.name == "color" for param in _command.params):
        color_option(_command)


def main() -> None:
    cli(prog_name="searchnews")

