"""What the query client and server agree on: the socket's name, which commands are served, which
environment travels with a query, and the peer-user check both ends make (SO_PEERCRED).

Its own module so the server does not import the client (nor the client the server). Imports only os:
the client runs it on every command's start.
"""

from __future__ import annotations

import os

SOCKET_NAME = ".query.sock"
SERVED_COMMANDS = {"query"}
CLIENT_ENV = ("NO_COLOR", "FORCE_COLOR", "CLICOLOR_FORCE", "TERM", "COLUMNS", "LINES",  # what the output depends on
              "SEARCHNEWS_CONFIG", "XDG_CONFIG_HOME")  # which config file's defaults (limit, colour) apply


def peer_uid(connection) -> int | None:
    """The uid of the process at the other end of a Unix socket (SO_PEERCRED), None where unknown."""
    import socket
    import struct

    option = getattr(socket, "SO_PEERCRED", None)
    if option is None:
        return None
    pid_uid_gid = struct.calcsize("3i")
    _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, option, pid_uid_gid))
    return uid


def same_user(connection) -> bool:
    """True when the peer runs as this user (or the system cannot tell: the socket's owner and mode
    were checked before connecting)."""
    getuid = getattr(os, "getuid", None)
    uid = peer_uid(connection)
    return uid is None or getuid is None or uid == getuid()
