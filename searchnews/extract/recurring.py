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

from searchnews.extract.outlet_table import outlet_group

if TYPE_CHECKING:
    from searchnews.extract.clean import CleanText
    from searchnews.extract.run import ExtractOptions

COUNTS_FILE = "line-counts.json"
FORMAT_VERSION = 2  # 2: lines as the cleaner judges them; identical documents count once
MIN_FILES = 3  # a line must appear in at least this many files of an outlet
SHORT_LINE_SHARE = 0.005  # ... and in this share of them (a label, a promo, a credit)
PROSE_LINE_SHARE = 0.2  # a sentence must be in a fifth of them (an outlet blurb), so "X declined to comment." stays
PROSE_MIN_FILES = 5
MAX_WORDS = 60


def line_key(line: str) -> str:
    return hashlib.blake2b(line.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()


def line_texts(lines: Iterable[str]) -> dict[str, str]:
    """Key -> text for the lines that statistics may count (short enough to be chrome)."""
    found = {}
    for line in lines:
        if line and len(line) <= 600 and len(line.split()) <= MAX_WORDS:
            found[line_key(line)] = line
    return found


def content_fingerprint(keys: Iterable[str]) -> str:
    """Same set of lines, same fingerprint: a story saved five times is one document, not five votes."""
    return hashlib.blake2b(",".join(sorted(keys)).encode("ascii"), digest_size=6).hexdigest()


@dataclass
class LineCounts:
    """Per outlet group: in how many *distinct* documents each line occurs; per file: which lines it had.

    Files with the same set of lines (copies of one story) count once: duplicates are not evidence
    that a line is boilerplate, so five saved copies of one article never turn its paragraphs into chrome.
    """

    files: dict[str, tuple[str, str, list[str]]] = field(default_factory=dict)  # rel path -> (group, fingerprint, keys)
    texts: dict[str, str] = field(default_factory=dict)  # line key -> line text (lines seen twice or more)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # group -> line key -> distinct documents
    copies: dict[str, dict[str, int]] = field(default_factory=dict)  # group -> fingerprint -> files with it

    @classmethod
    def load(cls, index_dir: Path, problems: list[str] | None = None) -> LineCounts:
        """The saved counts; a damaged file (garbage, `[]`, `null`, a folder) counts as none, with one
        line in `problems`: it is derived data, rebuilt as files are (re)indexed, and rewritten whole."""
        path = Path(index_dir) / COUNTS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError, RecursionError) as error:
            if problems is not None:
                problems.append(f"{path} was unreadable ({getattr(error, 'strerror', None) or error}); "
                                "recurring-line statistics start again from the files indexed now")
            return cls()
        try:
            if not isinstance(data, dict):
                raise TypeError(f"expected an object, found {type(data).__name__}")
            if data.get("version") != FORMAT_VERSION:
                return cls()  # older lines were counted differently: rebuilt as files are (re)indexed
            counts = cls(texts={str(k): str(v) for k, v in dict(data.get("texts", {})).items()})
            for rel_path, (group, fingerprint, keys) in dict(data.get("files", {})).items():
                counts._add(str(rel_path), str(group), str(fingerprint), [str(key) for key in keys])
            return counts
        except (TypeError, ValueError, AttributeError) as error:
            if problems is not None:
                problems.append(f"{path} was damaged ({error}); recurring-line statistics start again "
                                "from the files indexed now")
            return cls()

    def save(self, index_dir: Path) -> None:
        """Write atomically (temp file + rename), keeping texts only for lines still seen twice."""
        live = {key for group_counts in self.counts.values() for key, n in group_counts.items() if n >= 2}
        data = {"version": FORMAT_VERSION, "files": self.files,
                "texts": {k: v for k, v in self.texts.items() if k in live}}
        path = Path(index_dir) / COUNTS_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir() and not path.is_symlink():
            with contextlib.suppress(OSError):
                path.rmdir()  # an empty folder in its place: repaired; a full one stays (save fails quietly)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        os.replace(temporary, path)

    def _add(self, rel_path: str, group: str, fingerprint: str, keys: list[str]) -> None:
        self.files[rel_path] = (group, fingerprint, keys)
        copies = self.copies.setdefault(group, {})
        copies[fingerprint] = copies.get(fingerprint, 0) + 1
        if copies[fingerprint] == 1:  # the first copy of this content votes; later copies do not
            group_counts = self.counts.setdefault(group, {})
            for key in keys:
                group_counts[key] = group_counts.get(key, 0) + 1

    def forget(self, rel_path: str) -> None:
        entry = self.files.pop(rel_path, None)
        if entry is None:
            return
        group, fingerprint, keys = entry
        copies = self.copies.get(group, {})
        left = copies.get(fingerprint, 0) - 1
        if left > 0:
            copies[fingerprint] = left
            return
        copies.pop(fingerprint, None)
        group_counts = self.counts.get(group, {})
        for key in keys:
            remaining = group_counts.get(key, 0) - 1
            if remaining > 0:
                group_counts[key] = remaining
            else:
                group_counts.pop(key, None)

    def observe_lines(self, rel_path: str, lines: dict[str, str]) -> None:
        """Count one file's lines (key -> text, all its documents); replaces what was counted before."""
        self.forget(rel_path)
        group = outlet_group(rel_path)
        keys = sorted(lines)
        self._add(rel_path, group, content_fingerprint(keys), keys)
        group_counts = self.counts.get(group, {})
        for key in keys:
            if group_counts.get(key, 0) >= 2:
                self.texts.setdefault(key, lines[key])

    def observe(self, rel_path: str, texts: Iterable[str]) -> None:
        """Count the lines of one file's document texts, as the cleaner splits them."""
        from searchnews.extract.clean import boilerplate_patterns, clean_text

        lines: dict[str, str] = {}
        for text in texts:
            lines.update(line_texts(clean_text(text, boilerplate_patterns()).judged))
        self.observe_lines(rel_path, lines)

    def group_sizes(self) -> dict[str, int]:
        """Distinct documents per outlet group (copies of one file count once)."""
        return {group: len(copies) for group, copies in self.copies.items() if copies}

    def recurring_by_group(self) -> dict[str, frozenset[str]]:
        """For each outlet group, the lines frequent enough to be boilerplate there."""
        from searchnews.extract.clean import is_prose

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


class IngestLineStatistics:
    """Ingest's side of the statistics, with no second read of any file: the workers that clean a file
    send back the lines the cleaner judged (`FileResult.lines`), and this object counts them.

    Files are cleaned with the lines known to recur so far: the statistics are recomputed after 100,
    200, 400, ... files of the sync (`options` changes; ingest hands the new options to its workers),
    so a first ingest learns an outlet's sign-off early instead of cleaning every file without it.
    `stale_files()` then names the files whose cleaning disagrees with the final statistics (a kept
    line that recurs now, or a line removed as recurring that no longer does), so ingest cleans them
    again. The counts are saved before each commit, so a crash never leaves committed files
    uncounted (counting a file again replaces its old lines: saving twice is harmless).
    """

    REFRESH_FIRST = 100  # files of this sync before the first recomputation; the gap then doubles

    def __init__(self, index_dir: Path, deleted: Iterable[str], options: ExtractOptions) -> None:
        from dataclasses import replace

        self.index_dir = Path(index_dir)
        self.problems: list[str] = []
        self.counts = LineCounts.load(index_dir, self.problems)
        self.dirty = False
        for rel_path in deleted:
            self.dirty |= rel_path in self.counts.files
            self.counts.forget(rel_path)
        self.options = replace(options, recurring_by_group=self.counts.recurring_by_group())
        # this sync's files -> keys of the lines they kept without knowing them as recurring, and of
        # the lines they dropped as recurring: what the final statistics are checked against
        self.kept: dict[str, frozenset[str]] = {}
        self.dropped: dict[str, frozenset[str]] = {}
        self.next_refresh = self.REFRESH_FIRST

    def record(self, rel_path: str, lines: dict[str, str] | None, kept: Iterable[str] = (),
               dropped: Iterable[str] = ()) -> None:
        if lines is None:  # not read (an error, unchanged bytes): its old counts stand
            return
        self.counts.observe_lines(rel_path, lines)
        self.kept[rel_path] = frozenset(kept)
        self.dropped[rel_path] = frozenset(dropped)
        self.dirty = True
        if len(self.kept) >= self.next_refresh:
            self.next_refresh *= 2
            self.refresh()

    def refresh(self) -> None:
        """Clean the files still to come with what the sync has counted so far."""
        from dataclasses import replace

        now = self.counts.recurring_by_group()
        if now != self.options.recurring_by_group:
            self.options = replace(self.options, recurring_by_group=now)

    def save(self) -> None:
        with contextlib.suppress(OSError):  # derived data: without it ingest still works, with older statistics
            if self.dirty:  # issue 4: a sync that changes nothing writes nothing in the index folder
                self.counts.save(self.index_dir)
                self.dirty = False

    def stale_files(self) -> tuple[list[str], ExtractOptions]:
        """Files of this sync that kept a line which recurs now but was not known to when they were
        cleaned, or dropped a line that no longer recurs; and the options to clean them again with."""
        from dataclasses import replace

        now = self.counts.recurring_by_group()
        keys = {group: {line_key(line) for line in lines} for group, lines in now.items()}
        stale = [rel_path for rel_path, kept in self.kept.items()
                 if kept & keys.get(outlet_group(rel_path), set())
                 or self.dropped[rel_path] - keys.get(outlet_group(rel_path), set())]
        return stale, replace(self.options, recurring_by_group=now)


def count_lines(cleaned: CleanText, lines: dict[str, str], kept: list[str], dropped: list[str],
                recurring: frozenset[str] = frozenset()) -> None:
    """Add one cleaned document's countable lines to a file's `lines` (key -> text), the keys of the
    lines it kept though they were not in `recurring` (the lines it was cleaned with) to `kept`, and
    of those it dropped as recurring to `dropped`: what a worker sends back for the statistics."""
    from searchnews.extract.clean import RECURRING

    judged = line_texts(cleaned.judged)
    lines.update(judged)
    # a kept line matters only if statistics could remove it (not a story sentence, not a table label)
    kept_lines = {line for line, reason in cleaned.lines
                  if reason is None and line in cleaned.removable and line not in recurring}
    dropped_lines = {line for line, reason in cleaned.lines if reason == RECURRING}
    kept.extend(key for key, text in judged.items() if text in kept_lines)
    dropped.extend(key for key, text in judged.items() if text in dropped_lines)
