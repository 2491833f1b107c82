"""Sync the index with the corpus: add new files, re-index changed ones, drop deleted ones.

Files are judged by content: a size/mtime match skips a file without reading it; otherwise its
hash decides. Work is committed in batches, each holding whole files, so a killed ingest leaves
an index that answers queries and the next run finishes the job with nothing lost or doubled.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from searchnews.article import Article
from searchnews.pipeline import ExtractOptions, extract_article
from searchnews.read import CorpusFile, ReadError, decode_bytes, find_files, split_documents
from searchnews.store import FileState, file_digest, indexed_files, open_index, stat_state, write_batch

COMMIT_EVERY_FILES = 2000
WRITER_LOCK_TIMEOUT_S = 30.0


@dataclass
class FileResult:
    """What processing one file produced: its state, its articles, and any problems."""

    rel_path: str
    state: FileState | None
    articles: list[Article] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None


@dataclass
class IngestReport:
    files_seen: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0
    new_files: int = 0
    changed_files: int = 0
    removed_files: int = 0
    errors: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0

    @property
    def changed_nothing(self) -> bool:
        return not (self.new_files or self.changed_files or self.removed_files)


ProgressCallback = Callable[[int, int], None]


def process_file(corpus_file: CorpusFile, data: bytes, state: FileState, options: ExtractOptions) -> FileResult:
    """Decode, split, clean and extract one file; one bad record never sinks the others."""
    result = FileResult(corpus_file.rel_id, state)
    try:
        if not data.strip():
            raise ReadError("empty file")
        documents, result.problems = split_documents(corpus_file, decode_bytes(data))
    except ReadError as error:
        result.error = f"{corpus_file.rel_id}: {error}"
        return result
    for raw in documents:
        try:
            article = extract_article(raw, options)
        except Exception as error:  # noqa: BLE001 - report the article, index the rest
            result.problems.append(f"{raw.doc_id}: could not be cleaned ({type(error).__name__}: {error})")
            continue
        if not article.body.strip() and not article.title.strip():
            result.problems.append(f"{raw.doc_id}: nothing left after cleaning")
            continue
        result.articles.append(article)
    if not result.articles and not result.problems:
        result.problems.append(f"{corpus_file.rel_id}: no article text found")
    return result


def ingest(
    roots: list[Path],
    index_dir: Path,
    options: ExtractOptions = ExtractOptions(),
    keep_deleted: bool = False,
    max_file_bytes: int = 20 * 1024 * 1024,
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    ix = open_index(index_dir, create=True)
    known = indexed_files(ix)

    pending: list[tuple[CorpusFile, bytes, FileState]] = []
    seen: set[str] = set()
    for root in roots:
        try:
            files = list(find_files(root))
        except ReadError as error:
            report.errors.append(str(error))
            continue
        for corpus_file in files:
            report.files_seen += 1
            seen.add(corpus_file.rel_id)
            try:
                size, mtime_ns = stat_state(corpus_file.path)
                previous = known.get(corpus_file.rel_id)
                if previous and (previous.size, previous.mtime_ns) == (size, mtime_ns):
                    continue
                if size > max_file_bytes:
                    raise ReadError(f"too large ({size / 1e6:.1f} MB > {max_file_bytes / 1e6:.0f} MB cap)")
                data = corpus_file.path.read_bytes()
            except (OSError, ReadError) as error:
                reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
                report.errors.append(f"{corpus_file.rel_id}: {reason}")
                continue
            state = FileState(size, mtime_ns, file_digest(data))
            if previous and previous.digest == state.digest:
                continue  # touched, not changed
            pending.append((corpus_file, data, state))

    deleted = [] if keep_deleted else sorted(set(known) - seen)
    report.removed_files = len(deleted)
    if not pending and not deleted:
        report.elapsed_s = time.perf_counter() - started
        return report

    from whoosh.writing import LockError

    try:
        writer = ix.writer(limitmb=256, timeout=WRITER_LOCK_TIMEOUT_S)
    except LockError:
        from searchnews.errors import UserError

        raise UserError(f"{index_dir}: another ingest is writing this index; try again when it ends") from None
    with ix.searcher() as searcher:
        removed_docs = sum(searcher.doc_frequency("path", path) for path in deleted)
    report.removed = removed_docs
    write_batch(writer, deleted, [])
    done_in_batch = 0
    for number, (corpus_file, data, state) in enumerate(pending, start=1):
        result = process_file(corpus_file, data, state, options)
        previous = known.get(corpus_file.rel_id)
        report.errors.extend([result.error] if result.error else [])
        report.errors.extend(result.problems)
        report.skipped += len(result.problems) + (1 if result.error else 0)
        if result.error:
            continue  # keep whatever the index already holds for this file
        if previous:
            report.changed_files += 1
            with ix.searcher() as searcher:
                old_count = searcher.doc_frequency("path", corpus_file.rel_id)
            report.updated += min(old_count, len(result.articles))
            report.added += max(0, len(result.articles) - old_count)
            report.removed += max(0, old_count - len(result.articles))
        else:
            report.new_files += 1
            report.added += len(result.articles)
        write_batch(writer, [corpus_file.rel_id] if previous else [], [(a, state.encode()) for a in result.articles])
        done_in_batch += 1
        if done_in_batch >= COMMIT_EVERY_FILES:
            writer.commit()
            writer = ix.writer(limitmb=256, timeout=WRITER_LOCK_TIMEOUT_S)
            done_in_batch = 0
        if on_progress:
            on_progress(number, len(pending))
    writer.commit()
    report.elapsed_s = time.perf_counter() - started
    return report
