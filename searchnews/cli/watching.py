"""The `watch` command's run on any engine: batches synced (sync/watch.py), each batch's summary and,
with --alerts/--exec, its new alert matches printed the same way whichever engine holds the index."""

from __future__ import annotations

from pathlib import Path

import click


def run_watch(root: Path, index_dir: Path, options, keep_deleted: bool, quiet_s: float, verbose: bool,
              wait_s: float, jobs: int | None, quiet: bool, show_alerts: bool, exec_command: str | None,
              engine=None) -> None:
    """Watch `root` until Ctrl-C. `engine` None: the Whoosh index in `index_dir`; otherwise that engine,
    its alerts in the folder alerts_dir(index_dir, engine)."""
    import time as clock

    from searchnews.cli.alert_output import announce_alert_matches
    from searchnews.sync.ingest import summary_lines
    from searchnews.sync.watch import watch as watch_folder

    alert_argv = None
    if exec_command is not None:
        from searchnews.alerts.notify import parse_command

        alert_argv = parse_command(exec_command)  # refused before anything is synced
    alerts_folder, alert_engine = index_dir, None
    if engine is not None and engine.name != "whoosh":
        alerts_folder, alert_engine = engine.alerts_folder(), engine

    def show(report) -> None:
        if (show_alerts or alert_argv) and report.alerts is not None and report.alerts.new:
            announce_alert_matches(alerts_folder, report.alerts, show_alerts, alert_argv, alert_engine, root)
        if quiet:
            for problem in report.errors:
                click.echo(f"searchnews: skipped {problem}", err=True)
            return
        if report.changed_nothing and not report.notes and not verbose:
            return
        for line in summary_lines(report, verbose):
            click.echo(f"{clock.strftime('%H:%M:%S')} {line}" if not line.startswith(" ") else line, err=True)

    def ready() -> None:
        if not quiet:
            click.echo(f"searchnews: watching {root} (Ctrl-C stops)", err=True)

    def problem(message: str) -> None:
        click.echo(f"searchnews: {message}; trying again", err=True)

    try:
        watch_folder(root, index_dir, options, keep_deleted=keep_deleted, on_batch=show, on_ready=ready,
                     on_error=problem, quiet_s=quiet_s, wait_s=wait_s, workers=jobs, engine=engine)
    except KeyboardInterrupt:
        if not quiet:
            click.echo("searchnews: stopped watching; everything indexed so far stays indexed", err=True)
