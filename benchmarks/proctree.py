"""Resident memory and CPU time of a process and all its descendants, read from /proc.

Ingest workers are grandchildren of the benchmark (forkserver), so getrusage of children misses them.
"""

from __future__ import annotations

import os
from pathlib import Path


def process_tree(root: int) -> dict[int, tuple[int, float]]:
    """pid -> (resident bytes, CPU seconds so far) for `root` and every descendant still alive."""
    children: dict[int, list[int]] = {}
    usage: dict[int, tuple[int, float]] = {}
    page, ticks = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text(encoding="ascii", errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        usage[pid] = (int(fields[21]) * page, (int(fields[11]) + int(fields[12])) / ticks)
    tree: dict[int, tuple[int, float]] = {}
    stack = [root]
    while stack:
        pid = stack.pop()
        if pid in tree:
            continue
        tree[pid] = usage.get(pid, (0, 0.0))
        stack.extend(children.get(pid, []))
    return tree
