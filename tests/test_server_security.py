"""The query socket talks only to its own user (issue 11), and no client can stop or stall the server.

Hostile cases: a socket planted by a fake server (another owner, a loose mode, another peer uid),
a symlink at the socket path, an idle and a 1-byte-at-a-time client, deeply nested JSON, malformed
replies, and a dangling symlink where `serve` wants its socket. Every test waits on lines or
events, never on timing.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import SHIPPED_CORPUS
from test_server import start_server, stop_server

from searchnews.cli.commands import cli
from searchnews.serve import client as launch
from searchnews.serve import protocol

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="the query server needs Unix sockets")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    from click.testing import CliRunner

    index = tmp_path_factory.mktemp("guarded") / "index"
    result = CliRunner().invoke(cli, ["ingest", str(SHIPPED_CORPUS), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return index


class FakeServer:
    """An attacker's (or a broken) server on `path`: records what it was sent, replies `reply`."""

    def __init__(self, path: Path, reply: bytes, mode: int = 0o600) -> None:
        self.path, self.reply = path, reply
        self.received: list[bytes] = []
        self.connected = threading.Event()
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.listener.bind(str(path))
        os.chmod(path, mode)
        self.listener.listen(4)
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            self.connected.set()
            with connection:
                connection.settimeout(10)
                data = b""
                try:
                    while chunk := connection.recv(1 << 16):
                        data += chunk
                    self.received.append(data)
                    connection.sendall(self.reply)
                except OSError:
                    pass

    def close(self) -> None:
        self.listener.close()
        self.path.unlink(missing_ok=True)


ATTACKER_REPLY = json.dumps({"stdout": "ATTACKER ANSWER\n", "stderr": "", "code": 0}).encode()


def ask(index_dir: Path) -> int | None:
    return launch.ask_server(["query", "common prosperity", "--index", str(index_dir)])


def test_a_socket_owned_by_another_user_gets_nothing(index_dir, monkeypatch):
    fake = FakeServer(index_dir / ".query.sock", ATTACKER_REPLY)
    try:
        assert ask(index_dir) == 0  # our own socket: the (fake) server is asked ...
        assert fake.received and b"common prosperity" in fake.received[0]
        fake.received.clear()
        monkeypatch.setattr(os, "getuid", lambda: os.stat(index_dir).st_uid + 4242)  # ... as another user: not
        assert ask(index_dir) is None and not any(fake.received)
    finally:
        fake.close()


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs root to act as another user")
def test_a_planted_socket_of_a_real_other_user_gets_nothing(index_dir):
    path = index_dir / ".query.sock"
    fake = FakeServer(path, ATTACKER_REPLY)
    try:
        os.chown(path, 65534, 65534)  # owned by nobody, as if nobody had planted it
        assert ask(index_dir) is None and not any(fake.received) and not fake.connected.is_set()
    finally:
        fake.close()


def test_a_socket_others_may_open_gets_nothing(index_dir):
    fake = FakeServer(index_dir / ".query.sock", ATTACKER_REPLY, mode=0o666)
    try:
        assert ask(index_dir) is None and not fake.connected.is_set()
    finally:
        fake.close()


def test_a_peer_running_as_another_user_gets_nothing(index_dir, monkeypatch):
    fake = FakeServer(index_dir / ".query.sock", ATTACKER_REPLY)
    try:
        monkeypatch.setattr(protocol, "peer_uid", lambda connection: os.getuid() + 4242)  # the socket was swapped
        assert ask(index_dir) is None and not any(fake.received)  # connected, checked, said nothing
    finally:
        fake.close()


def test_a_symlink_at_the_socket_path_is_never_followed(index_dir, tmp_path):
    elsewhere = tmp_path / "their.sock"
    fake = FakeServer(elsewhere, ATTACKER_REPLY)
    link = index_dir / ".query.sock"
    link.symlink_to(elsewhere)
    try:
        assert ask(index_dir) is None and not fake.connected.is_set()
    finally:
        link.unlink()
        fake.close()


@pytest.mark.parametrize("reply", [b"", b"not json", b"[" * 100_000 + b"]" * 100_000, b'{"stdout": 5}',
                                   b'{"stdout": "x", "stderr": "", "code": "0"}', b'["stdout"]',
                                   b'{"stdout": "x", "stderr": "", "code": 999}'],
                         ids=["empty", "text", "deep", "wrong-type", "string-code", "list", "code-range"])
def test_a_malformed_reply_makes_the_client_run_the_query_itself(index_dir, tmp_path, reply):
    fake = FakeServer(index_dir / ".query.sock", reply)
    try:
        assert ask(index_dir) is None  # in-process: no traceback, no partial output
        run = subprocess.run([sys.executable, "-m", "searchnews", "query", "common prosperity", "--index",
                              str(index_dir)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
        assert fake.received  # it did ask the (broken) server first
        assert run.returncode == 0 and "prosperity" in run.stdout.lower() and "Traceback" not in run.stderr
    finally:
        fake.close()


def closed_without_reply(connection: socket.socket) -> bool:
    try:
        return connection.recv(10) == b""
    except ConnectionResetError:  # closed with our request unread: also no reply
        return True


def query_subprocess(index_dir: Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "searchnews", "query", "common prosperity", "--index",
                           str(index_dir)], capture_output=True, text=True, cwd=cwd, timeout=120)


def test_idle_slow_and_deeply_nested_clients_neither_block_nor_kill_the_server(index_dir, tmp_path):
    process = start_server(index_dir)
    path = str(index_dir / ".query.sock")
    hostile = []
    done = threading.Event()
    try:
        idle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        idle.connect(path)  # connects and sends nothing
        slow = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        slow.connect(path)
        slow.sendall(b'{"ar')  # the start of a request, the rest never comes
        trickle = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        trickle.connect(path)

        def one_byte_at_a_time() -> None:  # a request that never ends, one byte per half second
            with contextlib.suppress(OSError):
                while not done.wait(0.5):
                    trickle.sendall(b" ")

        threading.Thread(target=one_byte_at_a_time, daemon=True).start()
        hostile += [idle, slow, trickle]
        for payload in (b"[" * 200_000, b'{"args": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"):
            deep = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            deep.connect(path)
            deep.sendall(payload)
            deep.shutdown(socket.SHUT_WR)
            assert closed_without_reply(deep)  # refused (closed without a reply), not crashed
            deep.close()
        first = query_subprocess(index_dir, tmp_path)  # while idle and slow are still connected
        second = query_subprocess(index_dir, tmp_path)
        assert process.poll() is None, "the server survived"
    finally:
        done.set()
        for connection in hostile:
            connection.close()
        answered = stop_server(process, 2)
    assert first.returncode == second.returncode == 0 and "prosperity" in first.stdout.lower()
    assert len(answered) == 2  # both answered by the server, not by a fallback, past the idle/slow ones


def test_a_client_of_another_user_is_refused_by_the_server(index_dir, monkeypatch):
    from searchnews.serve import server

    left, right = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    with left, right:
        left.sendall(json.dumps({"args": ["query", "china", "--index", str(index_dir)], "cwd": "/"}).encode())
        left.shutdown(socket.SHUT_WR)
        monkeypatch.setattr(protocol, "peer_uid", lambda connection: os.getuid() + 4242)
        assert server.answer(right, server.ServerState(None, command=None)) is None
        right.close()
        assert closed_without_reply(left)  # nothing was run, nothing sent back


def test_a_dangling_symlink_at_the_socket_path_does_not_stop_serve(index_dir, tmp_path):
    link = index_dir / ".query.sock"
    link.symlink_to(tmp_path / "gone.sock")
    process = start_server(index_dir)
    try:
        assert (index_dir / ".query.sock").is_socket() and not (tmp_path / "gone.sock").exists()
        run = query_subprocess(index_dir, tmp_path)
    finally:
        answered = stop_server(process, 1)
    assert run.returncode == 0 and len(answered) == 1


def test_serve_refuses_a_file_that_is_not_a_socket_in_one_line(index_dir, runner):
    path = index_dir / ".query.sock"
    path.write_text("not a socket")
    try:
        result = runner.invoke(cli, ["serve", "--index", str(index_dir)])
        assert result.exit_code == 2 and "not a socket" in result.output and "internal error" not in result.output
        assert path.read_text() == "not a socket"  # left alone
    finally:
        path.unlink()
