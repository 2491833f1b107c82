"""One corpus file -> its articles' index fields: read, hash, decode, split, clean, extract.

Its own module because both the sync (ingest.py, in process) and the worker processes (workers.py)
run it, and neither should import the other for it. Nothing here writes to an index.
"""

from __future__ import annotations

import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from searchnews.corpus.read import CorpusFile, ReadError
from searchnews.engine.whoosh.schema import SCHEMA_VERSION, FileState
from searchnews.extract.run import ExtractOptions

RACY_MTIME_NS = 1_000_000_000  # a file modified this recently may change again within the same mtime tick


@dataclass(frozen=True)
class Candidate:
    """A file the index may be out of date about: new, or its size/mtime differ from what was indexed."""

    path: str
    rel_id: str
    previous: FileState | None
    sequence: int = 0  # the sync's ingest_seq, stamped on every article it writes (issue 18: alerts)


@dataclass
class FileResult:
    """What processing one file produced: its new state and documents, or why it was skipped."""

    rel_id: str
    state: FileState | None = None
    unchanged: bool = False  # touched, same content: nothing to write
    deferred: bool = False  # changed while being read: left for the next sync
    documents: list[dict[str, object]] = field(default_factory=list)  # Whoosh fields, ready to add
    doc_count: int = 0  # articles found (workers that index them themselves send no documents)
    problems: list[str] = field(default_factory=list)  # records skipped inside the file
    notes: list[str] = field(default_factory=list)  # e.g. a user pattern that timed out (guarded_regex.py)
    error: str | None = None  # the whole file skipped
    # issue 3: the lines the cleaner judged (key -> text) and the keys of those it kept, for the
    # recurring-line statistics (recurring.IngestLineStatistics); None when the file was not cleaned
    lines: dict[str, str] | None = None
    kept_lines: list[str] = field(default_factory=list)
    dropped_lines: list[str] = field(default_factory=list)


def extraction_version(options: ExtractOptions) -> str:
    """What an article's file state records as its extraction version: the schema, plus the hash of
    the index's custom entities/boilerplate files (a change there re-extracts every article)."""
    return f"{SCHEMA_VERSION}+{options.index_version}" if options.index_version else SCHEMA_VERSION


def process_candidate(candidate: Candidate, options: ExtractOptions, max_bytes: int) -> FileResult:
    """Read, hash and (if the content changed) decode, split, clean and extract one file.

    One bad record never sinks the others; a file that cannot be read is reported, never raised.
    """
    from searchnews.corpus.read import documents_from_bytes
    from searchnews.engine.whoosh.schema import article_fields, file_digest

    result = FileResult(candidate.rel_id)
    try:
        # O_NONBLOCK: a FIFO swapped in since the scan must not hang the ingest (no effect on files)
        with os.fdopen(os.open(candidate.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                raise ReadError("not a regular file")
            if before.st_size > max_bytes:
                raise ReadError(f"too large ({before.st_size / 1e6:.1f} MB > {max_bytes / 1e6:.0f} MB cap)")
            data = handle.read(max_bytes + 1)
            after = os.fstat(handle.fileno())
        if len(data) > max_bytes:
            raise ReadError(f"too large (> {max_bytes / 1e6:.0f} MB cap)")
    except (OSError, ReadError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        result.error = f"{candidate.rel_id}: {reason}"
        return result
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(data) != after.st_size:
        result.deferred = True
        result.error = f"{candidate.rel_id}: changed while being read; will be indexed by the next sync"
        return result
    # A file written within the last second could change again without its mtime moving: record
    # mtime 0 so the next sync compares its content instead of trusting size and mtime.
    racy = time.time_ns() - after.st_mtime_ns < RACY_MTIME_NS
    version = extraction_version(options)
    state = FileState(after.st_size, 0 if racy else after.st_mtime_ns, file_digest(data), version)
    result.state = state
    previous = candidate.previous
    if previous and previous.digest == state.digest and previous.schema == version:
        result.unchanged = True
        return result
    try:
        if not data.strip():
            raise ReadError("empty file")
        corpus_file = CorpusFile(Path(candidate.path), candidate.rel_id)
        documents, result.problems = documents_from_bytes(corpus_file, data)
    except ReadError as error:
        result.error = f"{candidate.rel_id}: {error}"
        return result
    except Exception as error:  # noqa: BLE001 - a decoder bug must not stop the ingest
        result.error = f"{candidate.rel_id}: could not be read ({type(error).__name__}: {error})"
        return result
    encoded_state = state.encode()
    from searchnews.extract.recurring import count_lines
    from searchnews.extract.run import extract_with_lines

    result.lines = {}
    failed = 0
    for raw in documents:
        try:
            article, cleaned = extract_with_lines(raw, options)
            if raw.fmt == "text":  # an HTML page's chrome is removed by its structure, not counted
                count_lines(cleaned, result.lines, result.kept_lines, result.dropped_lines,
                            options.recurring_for(raw.path))
            if not article.body.strip() and not article.title.strip():
                result.problems.append(f"{raw.doc_id}: nothing left after cleaning")
                continue
            result.documents.append(article_fields(article, encoded_state))
            if candidate.sequence:
                result.documents[-1]["ingest_seq"] = candidate.sequence
        except Exception as error:  # noqa: BLE001 - report the article, index the rest
            failed += 1
            result.problems.append(f"{raw.doc_id}: could not be cleaned ({type(error).__name__}: {error})")
    from searchnews.extract.guarded_regex import take_timeouts

    result.notes = take_timeouts()
    if failed and previous is not None:
        # never replace a file's articles by a version that lost some to a cleaning failure: keep the old ones
        result.error = (f"{candidate.rel_id}: {failed} of its articles could not be cleaned; kept its indexed "
                        f"articles ({result.problems[-1].split(': ', 1)[-1]})")
        result.documents, result.problems, result.lines = [], [], None
        return result
    if not result.documents and not result.problems:
        result.problems.append(f"{candidate.rel_id}: no article text found")
    result.doc_count = len(result.documents)
    return result
