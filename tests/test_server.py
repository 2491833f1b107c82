"""`searchnews serve`: a query answered by the warm server is the query a fresh process would answer."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import SHIPPED_CORPUS

from searchnews.cli.commands import cli

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="the query server needs Unix sockets")


def searchnews(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """The installed entry point, as a user runs it (stdout and stderr piped)."""
    return subprocess.run([sys.executable, "-m", "searchnews", *args], cwd=cwd, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    index = tmp_path_factory.mktemp("served") / "index"
    result = CliRunner().invoke(cli, ["ingest", str(SHIPPED_CORPUS), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return index


def start_server(index_dir: Path) -> subprocess.Popen:
    """`searchnews serve -v`, returned once it says it is listening. Its stderr lines are then read by a
    thread into `process.lines` (a queue), so a test waits on lines, never on timing."""
    process = subprocess.Popen([sys.executable, "-m", "searchnews", "serve", "-v", "--index", str(index_dir)],
                               stderr=subprocess.PIPE, text=True)
    ready = process.stderr.readline()
    assert "answering queries" in ready, ready + process.stderr.read()
    process.lines = queue.Queue()
    process.reader = threading.Thread(target=lambda: [process.lines.put(line) for line in process.stderr], daemon=True)
    process.reader.start()
    return process


def stop_server(process: subprocess.Popen, expected: int = 0) -> list[str]:
    """The queries it answered (its -v lines), once `expected` of them have come (the server writes
    each line before it sends the reply, so they are there when the clients are done); then SIGTERM."""
    answered: list[str] = []
    try:
        while len(answered) < expected:
            line = process.lines.get(timeout=60)
            if line.startswith("searchnews: answered"):
                answered.append(line)
    except queue.Empty:
        pass
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    process.reader.join(timeout=30)  # the pipe is at its end: every line is in the queue
    while not process.lines.empty():
        line = process.lines.get()
        if line.startswith("searchnews: answered"):
            answered.append(line)
    return answered




QUERIES = [
    ["query", "common prosperity"],
    ["query", "common prosperity", "--json"],
    ["query", "Alibaba", "--facets"],
    ["query", "tencent", "--since", "2021", "-n", "3"],
    ["query", "zzqqxx nothing"],  # exit 1
    ["query", "date:yesterday"],  # exit 2, one line on stderr
    ["query", "comon prosparity"],  # did-you-mean note on stderr
]


def test_served_queries_answer_exactly_as_a_fresh_process(index_dir, tmp_path):
    cwd = tmp_path
    fresh = [searchnews(*args, "--index", str(index_dir), cwd=cwd) for args in QUERIES]
    process = start_server(index_dir)
    try:
        served = [searchnews(*args, "--index", str(index_dir), cwd=cwd) for args in QUERIES]
    finally:
        answered = stop_server(process, len(QUERIES))
    assert len(answered) == len(QUERIES)  # the server, not a fallback, answered each one
    assert not (index_dir / ".query.sock").exists()  # SIGTERM: it cleans up after itself
    assert [run.returncode for run in fresh] == [0, 0, 0, 0, 1, 2, 0]
    for args, one, other in zip(QUERIES, fresh, served, strict=True):
        assert (other.returncode, other.stdout, other.stderr) == (one.returncode, one.stdout, one.stderr), args


def test_a_relative_index_and_the_default_index_resolve_as_the_client_sees_them(index_dir, tmp_path):
    process = start_server(index_dir)
    try:
        relative = searchnews("query", "common prosperity", "--index", "index", cwd=index_dir.parent)
        default = searchnews("query", "common prosperity", cwd=index_dir.parent)
        from_env = searchnews("query", "common prosperity", cwd=tmp_path, env={"SEARCHNEWS_INDEX": str(index_dir)})
    finally:
        answered = stop_server(process, 3)
    assert len(answered) == 3
    assert relative.returncode == default.returncode == from_env.returncode == 0, from_env.stderr
    assert relative.stdout == default.stdout == from_env.stdout and "prosperity" in relative.stdout.lower()


def test_the_server_renders_for_the_clients_terminal_and_respects_no_color(index_dir):
    from searchnews.cli.commands import cli
    from searchnews.serve.server import run_request

    before = (os.environ.get("NO_COLOR"), os.environ.get("COLUMNS"), os.getcwd(), sys.stdout)
    request = {"args": ["query", "common prosperity", "--index", str(index_dir)], "cwd": str(index_dir.parent),
               "stdout_tty": True, "stderr_tty": False, "env": {"COLUMNS": "100"}}
    coloured = run_request(request, cli)
    plain = run_request({**request, "env": {"COLUMNS": "100", "NO_COLOR": "1"}}, cli)
    piped = run_request({**request, "stdout_tty": False}, cli)
    assert coloured["code"] == plain["code"] == piped["code"] == 0
    assert "\x1b[" in coloured["stdout"]  # Rich, as on the client's terminal
    assert "\x1b[3" not in plain["stdout"] and "\x1b[4" not in plain["stdout"]  # NO_COLOR: no colours
    assert "\x1b[" not in piped["stdout"]
    assert (os.environ.get("NO_COLOR"), os.environ.get("COLUMNS"), os.getcwd(), sys.stdout) == before  # all restored


def test_a_dead_servers_socket_is_ignored_and_replaced(index_dir, tmp_path):
    sock = index_dir / ".query.sock"
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(sock))
    leftover.close()  # a socket file nobody listens on, as a killed server leaves
    try:
        run = searchnews("query", "common prosperity", "--index", str(index_dir), cwd=tmp_path)
        assert run.returncode == 0 and "prosperity" in run.stdout.lower()  # answered here instead
        process = start_server(index_dir)  # the new server takes the place of the dead one's socket
        second = subprocess.run([sys.executable, "-m", "searchnews", "serve", "--index", str(index_dir)],
                                capture_output=True, text=True, timeout=60)
        assert second.returncode == 2 and "already running" in second.stderr
        stop_server(process)
    finally:
        sock.unlink(missing_ok=True)


def test_the_client_loads_neither_click_nor_whoosh():
    code = "import sys, searchnews.serve.client; print(sorted(m for m in ('click', 'whoosh', 'rich') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


def test_serve_needs_an_index(tmp_path, runner):
    result = runner.invoke(cli, ["serve", "--index", str(tmp_path / "none")])
    assert result.exit_code == 2 and "no index here" in result.output
