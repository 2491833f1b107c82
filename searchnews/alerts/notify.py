"""`watch --exec CMD`: run the user's own command once per new match, the match in its environment.

The command line is the user's (split with shlex, run without a shell); article text only ever
reaches it as environment values, which no shell interprets unless the user's command asks for it.
"""

from __future__ import annotations

import os
import shlex
import subprocess

from searchnews.errors import UserError

EXEC_TIMEOUT_S = 60.0


def parse_command(command: str) -> list[str]:
    try:
        argv = shlex.split(command)
    except ValueError as error:
        raise UserError(f"--exec: cannot split '{command}' ({error})") from None
    if not argv:
        raise UserError("--exec needs a command")
    return argv


def match_environment(alert_name: str, hit) -> dict[str, str]:
    """SEARCHNEWS_* variables describing one new match (NUL bytes dropped: not allowed in the environment)."""
    values = {
        "SEARCHNEWS_ALERT": alert_name,
        "SEARCHNEWS_ID": hit.id,
        "SEARCHNEWS_TITLE": hit.title,
        "SEARCHNEWS_DATE": hit.date or "",
        "SEARCHNEWS_SOURCE": hit.source or "",
        "SEARCHNEWS_PATH": hit.path,
        "SEARCHNEWS_COMPANIES": "; ".join(hit.companies),
        "SEARCHNEWS_PERSONS": "; ".join(hit.persons),
        "SEARCHNEWS_SNIPPET": plain(hit.snippet),
        "SEARCHNEWS_ALSO_IN": "; ".join(hit.also_in),
    }
    return {key: str(value).replace("\x00", "") for key, value in values.items()}


def plain(snippet: str) -> str:
    from searchnews.engine.whoosh.search import plain_snippet

    return plain_snippet(snippet)


def run_for_match(argv: list[str], alert_name: str, hit) -> str | None:
    """Run the command; returns a one-line problem, or None when it exited 0."""
    env = {**os.environ, **match_environment(alert_name, hit)}
    try:
        completed = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, timeout=EXEC_TIMEOUT_S, check=False)
    except FileNotFoundError:
        return f"--exec: command not found: {argv[0]}"
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"--exec: {argv[0]}: {error}"
    if completed.returncode:
        return f"--exec: {argv[0]} exited with {completed.returncode} for {hit.id}"
    return None
