"""`searchnews serve`: one warm process that answers `searchnews query` for one index.

Each request runs the same click command a fresh process would, with the client's arguments,
working folder, terminal flags (so Rich output and colours are the client's) and exit code; the
index is opened per query as always, so an ingest is seen by the next query. Commands run one at a
time; the server stops after `idle_s` without requests, on Ctrl-C, or when its socket file goes.
The socket lives in the index folder and only its owner may connect (mode 0600, and each client's
uid is checked with SO_PEERCRED; the client checks the server's the same way, see launch.py).
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

from searchnews.cli.config import MISSING_INDEX_HINT
from searchnews.errors import UserError
from searchnews.serve.protocol import CLIENT_ENV, SERVED_COMMANDS, SOCKET_NAME, same_user

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
          on_answer: Callable[[list[str], int, float], None] | None = None, *, command) -> None:
    """Answer queries until idle, interrupted or the socket goes; `on_answer(args, exit code, seconds)`
    after each one (before the reply is sent, so a client that has its answer can count on the line).

    Each connection is read in its own thread, with a time and size limit, so an idle or slow client
    never holds up the others; the commands themselves run one at a time (they share the process's
    working folder, environment and standard streams). `command` is the click command that answers
    (the CLI passes itself in, so this module never imports the CLI)."""
    from searchnews.engine.whoosh.schema import index_exists

    if not hasattr(socket, "AF_UNIX"):
        raise UserError("searchnews serve needs Unix domain sockets, which this system lacks; queries run as usual")
    if not index_exists(index_dir):
        raise UserError(f"{index_dir}: no index here; run 'searchnews ingest' first, or {MISSING_INDEX_HINT}")
    path = socket_path(index_dir)
    if len(os.fsencode(path)) > 100:
        raise UserError(f"{path}: path too long for a socket; serve an index with a shorter path")
    if threading.current_thread() is threading.main_thread():  # `kill` stops it as cleanly as Ctrl-C
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    state = ServerState(on_answer, command)
    with listening(path) as (listener, identity):
        if on_ready:
            on_ready(path)
        while still_ours(path, identity) and (not idle_s or time.monotonic() - state.last < idle_s):
            try:
                connection, _ = listener.accept()
            except TimeoutError:
                continue
            if not state.slots.acquire(blocking=False):  # too many open connections: that client runs locally
                connection.close()
                continue
            threading.Thread(target=state.handle, args=(connection,), daemon=True).start()


MAX_CONNECTIONS = 16
READ_TIMEOUT_S = 10.0  # a whole request must arrive within this; any client sends it at once


class ServerState:
    """What the connection threads share: the lock that runs one command at a time, the time of the
    last answer (for --idle), and the bounded number of connections open at once."""

    def __init__(self, on_answer: Callable[[list[str], int, float], None] | None, command) -> None:
        self.on_answer = on_answer
        self.command = command
        self.running = threading.Lock()
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.last = time.monotonic()

    def handle(self, connection: socket.socket) -> None:
        try:
            with connection:
                answer(connection, self)
        except Exception:  # noqa: BLE001 - one bad connection never stops the server
            pass
        finally:
            self.slots.release()


def still_ours(path: Path, identity: tuple[int, int]) -> bool:
    """The socket file is still the one this server created (deleted or replaced: stop)."""
    try:
        info = os.lstat(path)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == identity


@contextlib.contextmanager
def listening(path: Path) -> Iterator[tuple[socket.socket, tuple[int, int]]]:
    clear_socket_path(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old_umask = os.umask(0o177)  # the socket file is created 0600: only its owner may connect
    try:
        listener.bind(str(path))
    except OSError as error:
        listener.close()
        raise UserError(f"{path}: cannot listen there ({error.strerror or error})") from None
    finally:
        os.umask(old_umask)
    info = os.lstat(path)
    identity = (info.st_dev, info.st_ino)
    listener.listen(8)
    listener.settimeout(1.0)  # wake up to check idleness and the socket file
    try:
        yield listener, identity
    finally:
        listener.close()
        if still_ours(path, identity):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()


def clear_socket_path(path: Path) -> None:
    """Make room for the socket: a dead server's socket or a symlink (dangling or not) left there is
    removed (unlinking a link never touches its target); a live server or any other file is an error."""
    import stat

    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        path.unlink()
        return
    if not stat.S_ISSOCK(info.st_mode):
        raise UserError(f"{path} exists and is not a socket; remove it to serve this index")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        try:
            probe.connect(str(path))
        except OSError:
            path.unlink()  # a server that died left its socket behind
        else:
            raise UserError(f"a query server is already running for {path.parent}")


def answer(connection: socket.socket, state: ServerState) -> tuple[list[str], int, float] | None:
    """Read one request, run it, send the reply: (args, exit code, seconds), or None for a bad request
    (another user, too slow, too large, not JSON, nested too deep, not a served command)."""
    started = time.perf_counter()
    if not same_user(connection):
        return None  # only our own user's queries: another user's would run with our rights
    deadline = time.monotonic() + READ_TIMEOUT_S
    chunks, size = [], 0
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None  # a slow or idle client: its thread gives up, no one else waited
            connection.settimeout(remaining)
            chunk = connection.recv(1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_REQUEST_BYTES:
                return None
        request = json.loads(b"".join(chunks).decode("utf-8"))
        if not isinstance(request, dict) or not isinstance(request.get("args"), list):
            return None
        with state.running:
            reply = run_request(request, state.command)
            answered = (list(request["args"]), int(reply["code"]), time.perf_counter() - started)
            state.last = time.monotonic()
            if state.on_answer:
                state.on_answer(*answered)
        connection.settimeout(60.0)
        connection.sendall(json.dumps(reply).encode("utf-8"))
    except (OSError, ValueError, KeyError, TypeError, RecursionError):
        return None  # a client that went away or sent nonsense runs its command itself
    return answered


def run_request(request: dict, cli) -> dict[str, object]:
    """Run one `searchnews query ...` with the click command `cli` as the client would have, capturing
    its output and exit code."""
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
