"""The `searchnews` entry point: hand a query to a running query server, else run the CLI here.

A command is a fresh Python process, and ~75 ms of each query is start-up (click, Whoosh, our
modules: BENCHMARKS.md). `searchnews serve` keeps one process with all of that loaded; this
module, which imports nothing heavy, sends it `searchnews query ...` over a Unix socket in the
index folder and prints what comes back. With no server (the default), or one that does not
answer, the command runs in this process as usual.
"""

from __future__ import annotations

import os
import sys

from searchnews.serve.protocol import CLIENT_ENV, SERVED_COMMANDS, SOCKET_NAME, same_user  # noqa: F401


def named_index(args: list[str]) -> str | None:
    """The --index a command names, if it names one."""
    folder = None
    for position, arg in enumerate(args):
        if arg == "--index" and position + 1 < len(args):
            folder = args[position + 1]
        elif arg.startswith("--index="):
            folder = arg.split("=", 1)[1]
    return folder


def configured_index() -> str:
    """The config file's index, else index/ (a broken config file is the CLI's to report)."""
    try:
        from searchnews.cli.config import default_index

        return str(default_index())
    except Exception:  # noqa: BLE001 - the command, run here, will say what is wrong
        return "index"


def ask_server(args: list[str]) -> int | None:
    """Run `searchnews ARGS` in the index's query server: its exit code, or None when none answers."""
    if not args or args[0] not in SERVED_COMMANDS or "-h" in args or "--help" in args:
        return None
    named = named_index(args)
    folder = os.path.abspath(named or os.environ.get("SEARCHNEWS_INDEX") or configured_index())  # as the CLI does
    path = os.path.join(folder, SOCKET_NAME)
    if not trusted_socket(path):
        return None
    if named is None:
        args = [args[0], "--index", folder, *args[1:]]  # the server's default index is not the client's
    import json
    import socket

    request = {"args": args, "cwd": os.getcwd(), "stdout_tty": sys.stdout.isatty(),
               "stderr_tty": sys.stderr.isatty(), "env": {name: os.environ[name] for name in CLIENT_ENV
                                                          if name in os.environ}}
    if request["stdout_tty"] and "COLUMNS" not in request["env"]:
        import shutil

        request["env"]["COLUMNS"] = str(shutil.get_terminal_size().columns)
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(1.0)
            connection.connect(path)
            if not same_user(connection):  # a socket swapped in since the check: tell it nothing
                return None
            connection.settimeout(300.0)  # a long query is still an answer
            connection.sendall(json.dumps(request).encode("utf-8") + b"\n")
            connection.shutdown(socket.SHUT_WR)
            reply = read_reply(connection)
    except (OSError, ValueError, AttributeError, RecursionError):  # no server, a dead one's socket, no AF_UNIX
        return None
    if reply is None:  # not an answer we understand: run the command here, as if there were no server
        return None
    try:
        sys.stdout.write(reply["stdout"])
        sys.stdout.flush()
    except BrokenPipeError:  # `searchnews query x | head -1`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    sys.stderr.write(reply["stderr"])
    return int(reply["code"])


MAX_REPLY_BYTES = 256 << 20


def trusted_socket(path: str) -> bool:
    """Only a socket of our own, not a symlink (lstat: never followed), that no one else may open.
    A socket planted in a shared or world-writable index folder, or a link to another user's
    socket, would otherwise receive the query (args, cwd, environment) and print its own answer."""
    import stat

    try:
        info = os.lstat(path)
    except (OSError, ValueError):
        return False
    if not stat.S_ISSOCK(info.st_mode):
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return False
    return not info.st_mode & 0o077  # the server creates it 0600


def read_reply(connection) -> dict | None:
    """The server's reply, or None when it is not one: too large, not JSON, or missing its fields."""
    import json

    chunks, size = [], 0
    while chunk := connection.recv(1 << 16):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            return None
    try:
        reply = json.loads(b"".join(chunks).decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not (isinstance(reply, dict) and isinstance(reply.get("stdout"), str) and isinstance(reply.get("stderr"), str)
            and type(reply.get("code")) is int and 0 <= reply["code"] < 256):
        return None
    return reply


def main() -> None:
    code = ask_server(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from searchnews.cli.commands import main as run_here

    run_here()
