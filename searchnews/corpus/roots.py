"""The corpus roots an index was built from, remembered in the index folder (`roots.json`).

Why: an ingest used to be a sync against whatever path it was given, so `ingest ONE_FILE` or
`ingest --index X` from another folder removed every other article. Now the index knows its roots:
a path inside a root re-scans that part of it, a new path is added as a root, and only files that
disappeared from the part being scanned are removed. Dropping a root is `searchnews roots remove`.

Article ids: the first root's files keep their plain relative path (`reuters/a.txt`, as before);
every later root's files are qualified by the root's label, `LABEL//relative/path`. A relative
path never contains `//`, so ids of different roots can never collide, and adding a root later
never renames the articles already indexed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from searchnews.errors import UserError

ROOTS_FILE = "roots.json"
FORMAT_VERSION = 1
ROOT_SEPARATOR = "//"


@dataclass(frozen=True)
class Root:
    path: str  # absolute, symlinks resolved
    label: str  # "" for the first root (plain ids), else the prefix of its ids

    @property
    def id_prefix(self) -> str:
        return f"{self.label}{ROOT_SEPARATOR}" if self.label else ""

    def owns(self, rel_id: str) -> bool:
        """Whether an indexed path belongs to this root (by its label)."""
        return root_label(rel_id) == self.label


def root_label(rel_id: str) -> str:
    head, sep, _ = rel_id.partition(ROOT_SEPARATOR)
    return head if sep else ""


def absolute(path: Path) -> str:
    return os.path.realpath(os.path.abspath(path))


def is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


@dataclass
class Roots:
    roots: list[Root]
    recorded: bool  # the index folder held a roots file (False: a new or pre-roots index)

    @classmethod
    def load(cls, index_dir: Path) -> Roots:
        path = Path(index_dir) / ROOTS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls([], False)
        except (OSError, ValueError) as error:
            raise UserError(f"{path}: unreadable list of corpus roots ({error}); fix or delete it "
                            "(then 'searchnews ingest PATH' records PATH again)") from None
        entries = data.get("roots") if isinstance(data, dict) else None
        if not isinstance(entries, list) or not all(
                isinstance(entry, dict) and isinstance(entry.get("path"), str) and isinstance(entry.get("label"), str)
                for entry in entries):
            raise UserError(f"{path}: malformed list of corpus roots; fix or delete it "
                            "(then 'searchnews ingest PATH' records PATH again)")
        return cls([Root(entry["path"], entry["label"]) for entry in entries], True)

    def save(self, index_dir: Path) -> None:
        write_atomically(Path(index_dir) / ROOTS_FILE, json.dumps(
            {"version": FORMAT_VERSION, "roots": [{"path": root.path, "label": root.label} for root in self.roots]},
            ensure_ascii=False, indent=1) + "\n")

    def find(self, path: str) -> Root | None:
        """The root holding `path` (absolute), if any."""
        for root in self.roots:
            if is_within(path, root.path):
                return root
        return None

    def add(self, path: str, plain_ok: bool = True) -> tuple[Root, list[Root]]:
        """A new root for `path`; roots inside it are absorbed (returned: their files come back with
        ids of the new root, and their old ids are dropped). The plain-id label passes on to it."""
        absorbed = [root for root in self.roots if is_within(root.path, path)]
        self.roots = [root for root in self.roots if root not in absorbed]
        labels = {root.label for root in self.roots}
        if "" not in labels and (plain_ok or (absorbed and any(root.label == "" for root in absorbed))):
            label = ""
        else:
            base = os.path.basename(path if os.path.isdir(path) else os.path.dirname(path)) or "root"
            base = base.replace("/", "_")
            label, number = base, 2
            while label in labels:
                label, number = f"{base}-{number}", number + 1
        root = Root(path, label)
        self.roots.append(root)
        return root, absorbed

    def remove(self, path: str) -> Root:
        wanted = absolute(Path(path))
        for root in self.roots:
            if root.path in (wanted, path) or root.label == path:
                self.roots.remove(root)
                return root
        known = ", ".join(root.path for root in self.roots) or "none"
        raise UserError(f"{path}: not a corpus root of this index (roots: {known})")


def write_atomically(path: Path, text: str) -> None:
    """Temp file, fsync, rename, fsync the folder: a crash leaves the old file or the new one."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
