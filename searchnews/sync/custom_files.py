"""Custom extraction files (`--entities`, `--boilerplate`) belong to the index, not to one run.

Why: with the files given per run, a plain `ingest` after editing one article re-extracted it without
the user's companies, and `query --company` never knew the custom aliases, so the index was half old,
half new. Now an ingest copies a given file into `INDEX/options/` (after checking it completely, before
anything is touched); every later ingest, watch and query uses the copy. The files' content
hash is part of each article's recorded extraction version, so a changed file re-extracts every
article (ingest says so) and the index never mixes two versions of the options.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from searchnews.errors import UserError

OPTIONS_FOLDER = "options"
KINDS = {"entities": "entities.tsv", "boilerplate": "boilerplate.txt"}
MAX_OPTION_BYTES = 4 * 1024 * 1024  # a gazetteer or pattern list is small text; anything bigger is a mistake


def read_option_file(path: str, kind: str) -> str:
    """The text of a user's entities or boilerplate file, checked completely: a regular file, small,
    UTF-8 text without NUL bytes, and every line valid. Raises UserError naming the problem."""
    label = "entities" if kind == "entities" else "boilerplate"
    try:
        # O_NONBLOCK: opening a FIFO must not hang; then only regular files are read
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise UserError(f"{path}: cannot read {label} file ({error.strerror})") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise UserError(f"{path}: is a directory, not a {label} file")
        if not stat.S_ISREG(info.st_mode):
            raise UserError(f"{path}: not a regular file (a {label} file must be a plain text file)")
        data = handle.read(MAX_OPTION_BYTES + 1)
    if len(data) > MAX_OPTION_BYTES:
        raise UserError(f"{path}: {label} file is larger than {MAX_OPTION_BYTES // (1024 * 1024)} MB")
    if b"\x00" in data:
        raise UserError(f"{path}: {label} file is binary (contains NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise UserError(f"{path}:{line}: {label} file is not UTF-8 text") from None
    check_option_text(text, kind, path)
    return text


def check_option_text(text: str, kind: str, origin: str) -> None:
    if kind == "entities":
        from searchnews.extract.entities import Gazetteer, load_gazetteer_text

        load_gazetteer_text(Gazetteer(), text, origin)  # raises UserError on the first bad line
    else:
        from searchnews.extract.clean import load_patterns

        load_patterns(text, origin)


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class IndexOptions:
    """The custom extraction files an index holds (paths of its own copies) and their version tag."""

    entities_file: str | None = None
    boilerplate_file: str | None = None
    version: str = ""  # "" with no custom files; else a hash of their contents

    @classmethod
    def load(cls, index_dir: Path) -> IndexOptions:
        folder = Path(index_dir) / OPTIONS_FOLDER
        found: dict[str, str | None] = {}
        texts = []
        for kind, name in KINDS.items():
            path = folder / name
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                found[kind] = None
                continue
            except (OSError, UnicodeDecodeError) as error:
                raise UserError(f"{path}: the index's {kind} file is unreadable ({error}); "
                                f"give it again with --{kind} FILE") from None
            found[kind] = str(path)
            texts.append(f"{kind}\n{text}")
        return cls(found["entities"], found["boilerplate"], digest("\0".join(texts)) if texts else "")


def install(index_dir: Path, entities: str | None, boilerplate: str | None,
            forget: tuple[str, ...] = ()) -> tuple[IndexOptions, list[str]]:
    """Check and copy the given files into the index (nothing is written if any is bad). Returns the
    options now in force and notes for the user (a change re-extracts every article)."""
    given = {kind: read_option_file(path, kind) for kind, path in (("entities", entities),
                                                                   ("boilerplate", boilerplate)) if path}
    before = IndexOptions.load(index_dir)
    folder = Path(index_dir) / OPTIONS_FOLDER
    changed = []
    for kind, text in given.items():
        path = folder / KINDS[kind]
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except (OSError, UnicodeDecodeError):
            pass
        folder.mkdir(parents=True, exist_ok=True)
        from searchnews.corpus.roots import write_atomically

        write_atomically(path, text)
        changed.append(kind)
    for kind in forget:
        path = folder / KINDS[kind]
        if path.exists():
            path.unlink()
            changed.append(kind)
    after = IndexOptions.load(index_dir)
    notes = []
    if after.version != before.version:
        from searchnews.extract.clean import boilerplate_patterns
        from searchnews.extract.entities import load_gazetteer

        boilerplate_patterns.cache_clear()  # same path, new content
        load_gazetteer.cache_clear()
        notes.append(f"custom {' and '.join(changed)} file changed: every article is extracted again "
                     "with it (this and every later ingest, watch and query use the index's copy)")
    return after, notes
