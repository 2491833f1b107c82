"""`searchnews serve`: one warm process that answers `searchnews query` for one index.

Each request runs the same click command a fresh process would, with the client's arguments,
working folder, terminal flags (so Rich output and colours are the client's) and exit code; the
index is opened per query as always, so an ingest is seen by the next query. One request at a
time; the server stops after `idle_s` without requests, on Ctrl-C, or when its socket file goes.
The socket lives in the index folder and only its owner may connect (mode 0600).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from searchnews.config import MISSING_INDEX_HINT
from searchnews.errors import UserError
from searchnews.launch import CLIENT_ENV, SERVED_COMMANDS, SOCKET_NAME

MAX_REQUEST_BYTES = 1 << 20


class ClientStream(io.StringIO):
    """Collects a command's output; says it is a terminal when the client's stream is one."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def socket_path(index_dir: Path) -> Path:
    return Path(index_dir).resolve() / SOCKET_NAME


def serve(index_dir: Path, idle_s: float, on_ready: Callable[[Path], None] | None = None,
          on_answer: Callable[[list[str], int, float], None] | None = None) -> None:
    """Answer queries until idle, interrupted or the socket goes; `on_answer(args, exit code, seconds)`
    after each one."""
    from searchnews.store import index_exists

    if not hasattr(socket, "AF_UNIX"):
        raise UserError("searchnews serve needs Unix domain sockets, which this system lacks; queries run as usual")
    if not index_exists(index_dir):
        raise UserError(f"{index_dir}: no index here; run 'searchnews ingest' first, or {MISSING_INDEX_HINT}")
    path = socket_path(index_dir)
    if len(os.fsencode(path)) > 100:
        raise UserError(f"{path}: path too long for a socket; serve an index with a shorter path")
    if threading.current_thread() is threading.main_thread():  # `kill` stops it as cleanly as Ctrl-C
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with listening(path) as listener:
        if on_ready:
            on_ready(path)
        last = time.monotonic()
        while path.exists() and (not idle_s or time.monotonic() - last < idle_s):
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            with connection:
                answered = answer(connection)
            if answered and on_answer:
                on_answer(*answered)
            last = time.monotonic()


@contextlib.contextmanager
def listening(path: Path) -> Iterator[socket.socket]:
    if path.exists():
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            try:
                probe.connect(str(path))
            except OSError:
                path.unlink()  # a server that died left its socket behind
            else:
                raise UserError(f"a query server is already running for {path.parent}")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # the socket file is created 0600: only its owner may connect
    try:
        listener.bind(str(path))
    finally:
        os.umask(old_umask)
    listener.listen(8)
    listener.settimeout(1.0)  # wake up to check idleness and the socket file
    try:
        yield listener
    finally:
        listener.close()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def answer(connection: socket.socket) -> tuple[list[str], int, float] | None:
    """Read one request, run it, send the reply: (args, exit code, seconds), or None for a bad request."""
    started = time.perf_counter()
    connection.settimeout(10.0)
    chunks, size = [], 0
    try:
        while chunk := connection.recv(1 << 16):
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_REQUEST_BYTES:
                return None
        request = json.loads(b"".join(chunks).decode("utf-8"))
        reply = run_request(request)
        connection.settimeout(60.0)
        connection.sendall(json.dumps(reply).encode("utf-8"))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # a client that went away or sent nonsense runs its command itself
    return list(request["args"]), int(reply["code"]), time.perf_counter() - started


def run_request(request: dict) -> dict[str, object]:
    """Run one `searchnews query ...` as the client would have, capturing its output and exit code."""
    from searchnews.cli import cli

    args = [str(arg) for arg in request["args"]]
    if not args or args[0] not in SERVED_COMMANDS:
        raise ValueError("not a served command")
    stdout, stderr = ClientStream(bool(request.get("stdout_tty"))), ClientStream(bool(request.get("stderr_tty")))
    env = {name: str(value) for name, value in dict(request.get("env", {})).items() if name in CLIENT_ENV}
    saved_env = {name: os.environ.get(name) for name in CLIENT_ENV}
    saved_cwd, saved_streams = os.getcwd(), (sys.stdout, sys.stderr)
    code: object = 0
    try:
        os.chdir(str(request["cwd"]))
        for name in CLIENT_ENV:
            os.environ.pop(name, None)
        os.environ.update(env)
        sys.stdout, sys.stderr = stdout, stderr
        cli.main(args=args, prog_name="searchnews", standalone_mode=True)
    except SystemExit as done:
        code = done.code
    finally:
        sys.stdout, sys.stderr = saved_streams
        os.chdir(saved_cwd)
        for name, value in saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if not isinstance(code, int):
        code = 0 if code is None else 2
    return {"stdout": stdout.getvalue(), "stderr": stderr.getvalue(), "code": code}
