"""Lines that recur verbatim across many documents of one outlet: boilerplate no pattern knows.

Counts live in a small derived file in the index folder (`line-counts.json`), updated at each ingest,
so incremental ingest keeps working: a changed file's old lines are forgotten and its new lines
counted; a deleted file's lines are forgotten. Each file keeps a list of short line hashes (4 bytes,
hex) so it can be forgotten exactly; line texts are kept only for lines seen in at least two files.
The file is derived data: deleting it only costs the statistics until the next full ingest.

An "outlet" is the top folder of a file's path inside the corpus (corpus/reuters/..., corpus/scmp/...),
which is how people file scraped news; files at the top level form one group.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from searchnews.pipeline import ExtractOptions

COUNTS_FILE = "line-counts.json"
MIN_FILES = 3  # a line must appear in at least this many files of an outlet
SHORT_LINE_SHARE = 0.005  # ... and in this share of them (a label, a promo, a credit)
PROSE_LINE_SHARE = 0.2  # a sentence must be in a fifth of them (an outlet blurb), so "X declined to comment." stays
PROSE_MIN_FILES = 5
MAX_WORDS = 60


def outlet_group(rel_path: str) -> str:
    """'reuters/2021/a.txt' -> 'reuters'; 'a.txt' -> '' (the corpus root is one group)."""
    head, sep, _ = rel_path.partition("/")
    return head if sep else ""


def line_key(line: str) -> str:
    return hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


def candidate_lines(text: str) -> set[str]:
    """The distinct normalised lines of one document that could be boilerplate (not long paragraphs)."""
    from searchnews.clean import normalize_line

    lines = set()
    for raw in text.splitlines():
        if raw.strip():
            line = normalize_line(raw)
            if line and len(line) <= 600 and len(line.split()) <= MAX_WORDS:
                lines.add(line)
    return lines


@dataclass
class LineCounts:
    """Per outlet group: in how many files each line occurs; per file: which lines it had."""

    files: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # rel path -> (group, line keys)
    texts: dict[str, str] = field(default_factory=dict)  # line key -> line text (lines seen twice or more)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # group -> line key -> files

    @classmethod
    def load(cls, index_dir: Path) -> LineCounts:
        path = Path(index_dir) / COUNTS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        counts = cls(texts=dict(data.get("texts", {})))
        for rel_path, (group, keys) in data.get("files", {}).items():
            counts.files[rel_path] = (group, list(keys))
            group_counts = counts.counts.setdefault(group, {})
            for key in keys:
                group_counts[key] = group_counts.get(key, 0) + 1
        return counts

    def save(self, index_dir: Path) -> None:
        """Write atomically (temp file + rename), keeping texts only for lines still seen twice."""
        live = {key for group_counts in self.counts.values() for key, n in group_counts.items() if n >= 2}
        data = {"version": 1, "files": self.files, "texts": {k: v for k, v in self.texts.items() if k in live}}
        path = Path(index_dir) / COUNTS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)

    def forget(self, rel_path: str) -> None:
        entry = self.files.pop(rel_path, None)
        if entry is None:
            return
        group, keys = entry
        group_counts = self.counts.get(group, {})
        for key in keys:
            remaining = group_counts.get(key, 0) - 1
            if remaining > 0:
                group_counts[key] = remaining
            else:
                group_counts.pop(key, None)

    def observe(self, rel_path: str, texts: Iterable[str]) -> None:
        """Count the lines of one file (all its documents); replaces what was counted for it before."""
        self.forget(rel_path)
        group = outlet_group(rel_path)
        lines: set[str] = set()
        for text in texts:
            lines |= candidate_lines(text)
        group_counts = self.counts.setdefault(group, {})
        keys = []
        for line in lines:
            key = line_key(line)
            keys.append(key)
            seen = group_counts.get(key, 0) + 1
            group_counts[key] = seen
            if seen >= 2:
                self.texts.setdefault(key, line)
        self.files[rel_path] = (group, keys)

    def group_sizes(self) -> dict[str, int]:
        sizes: dict[str, int] = {}
        for group, _ in self.files.values():
            sizes[group] = sizes.get(group, 0) + 1
        return sizes

    def recurring_by_group(self) -> dict[str, frozenset[str]]:
        """For each outlet group, the lines frequent enough to be boilerplate there."""
        from searchnews.clean import is_prose

        result: dict[str, frozenset[str]] = {}
        for group, size in self.group_sizes().items():
            short_floor = max(MIN_FILES, SHORT_LINE_SHARE * size)
            prose_floor = max(PROSE_MIN_FILES, PROSE_LINE_SHARE * size)
            lines = set()
            for key, seen in self.counts.get(group, {}).items():
                if seen < short_floor or key not in self.texts:
                    continue
                text = self.texts[key]
                if seen >= prose_floor or not is_prose(text):
                    lines.add(text)
            if lines:
                result[group] = frozenset(lines)
        return result


def update_line_counts(index_dir: Path, changed_paths: Iterable[tuple[str, str]], deleted: Iterable[str],
                       options: ExtractOptions) -> ExtractOptions:
    """Ingest's hook, called before extraction: count the lines of new and changed files (given as
    (relative id, file path) pairs), forget deleted files, save, and return options that carry
    the recurring lines per outlet. Only plain-text and JSON-lines documents are counted: an HTML
    page's chrome is removed by its structure. A file that cannot be read is simply not counted."""
    from dataclasses import replace

    from searchnews.read import CorpusFile, ReadError, decode_bytes, split_documents

    counts = LineCounts.load(index_dir)
    before = {path: (group, frozenset(keys)) for path, (group, keys) in counts.files.items()}
    for rel_path in deleted:
        counts.forget(rel_path)
    for rel_path, file_path in changed_paths:
        try:
            data = Path(file_path).read_bytes()
            documents, _ = split_documents(CorpusFile(Path(file_path), rel_path), decode_bytes(data))
        except (OSError, ReadError, ValueError):
            counts.forget(rel_path)
            continue
        counts.observe(rel_path, [doc.text for doc in documents if doc.fmt == "text"])
    unchanged = before == {path: (group, frozenset(keys)) for path, (group, keys) in counts.files.items()}
    with contextlib.suppress(OSError):  # derived data: without it ingest still works, with older statistics
        if not unchanged:  # issue 4: a sync that changes nothing writes nothing in the index folder
            counts.save(index_dir)
    return replace(options, recurring_by_group=counts.recurring_by_group())
