"""The incremental sync on OpenSearch: the same file walk, change test and pipeline as the Whoosh
ingest (ingest.walk_corpus / same_content, per_file.process_candidate), then only the changes are sent.

Every document carries its file's path, FileState and article count, so the index is its own
manifest: a file whose articles are not all there with one state (an ingest killed mid-file, a
node lost mid-bulk) is sent again whole. Bulk requests use deterministic ids (the article id), so
a retried request never doubles an article; 429 answers (the cluster's back-pressure) and lost
connections are retried with growing waits.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from searchnews.engine.whoosh.schema import SCHEMA_VERSION, FileState
from searchnews.extract.run import ExtractOptions
from searchnews.sync.ingest import (
    MAX_FILE_BYTES,
    PARALLEL_MIN_FILES,
    IngestReport,
    in_blind_spot,
    same_content,
    walk_corpus,
)
from searchnews.sync.per_file import Candidate, FileResult, process_candidate

BULK_DOCS = 500  # documents per bulk request
BULK_BYTES = 8 * 1024 * 1024
DELAY_ENV = "SEARCHNEWS_TEST_DELAY_S"  # test hook (as ingest.py): sleep after each file


def process_all(candidates: list[Candidate], options: ExtractOptions, workers: int) -> Iterator[FileResult]:
    """Results in order; worker processes clean and extract when there are many files."""
    if workers > 1 and len(candidates) >= PARALLEL_MIN_FILES:
        from concurrent.futures import ProcessPoolExecutor
        from functools import partial

        with ProcessPoolExecutor(max_workers=workers) as pool:
            yield from pool.map(partial(process_candidate, options=options, max_bytes=MAX_FILE_BYTES), candidates,
                                chunksize=16)
        return
    for candidate in candidates:
        yield process_candidate(candidate, options, MAX_FILE_BYTES)


def run_sync(engine, roots: list[Path], options: ExtractOptions, keep_deleted: bool,
             on_progress: Callable[[int, int], None] | None, defer: frozenset[str], workers: int) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    engine.ensure_index()
    from searchnews.engine.opensearch.alerts import latest_sequence

    # above every alert checkpoint too (alerts.saved.highest_checkpoint says why; sync_and_check sets the floor)
    report.sequence = max(latest_sequence(engine), engine.sequence_floor) + 1
    known = engine.file_states()
    candidates: list[Candidate] = []
    seen: set[str] = set(defer)
    blind_spots: list[str] = []
    for root in roots:
        for path, rel_id, file_stat in walk_corpus(root, report.errors, blind_spots):
            report.files_seen += 1
            seen.add(rel_id)
            if rel_id in defer:
                continue
            previous, _count = known.get(rel_id, (None, 0))
            if previous and previous.schema == SCHEMA_VERSION and (
                    (previous.size, previous.mtime_ns) == (file_stat.st_size, file_stat.st_mtime_ns)
                    or same_content(path, previous)):
                continue
            candidates.append(Candidate(path, rel_id, previous, report.sequence))
    report.skipped += len(report.errors)
    deleted = [] if keep_deleted else sorted(
        path for path in set(known) - seen if not any(in_blind_spot(path, spot) for spot in blind_spots))
    if deleted:
        engine.delete_files(deleted)
        report.removed_files = len(deleted)
        report.removed_paths = deleted
        report.removed += sum(known[path][1] for path in deleted)
    from searchnews.engine.whoosh.writing import crash_point

    delay_s = float(os.environ.get(DELAY_ENV, "0") or 0)
    for done, result in enumerate(process_all(candidates, options, workers), start=1):
        record(engine, result, known, report)
        if delay_s:
            engine.flush()
            time.sleep(delay_s)
        crash_point("file")  # test hook, as ingest.py: a sync killed mid-way (with the delay: files already sent)
        if on_progress:
            on_progress(done, len(candidates))
    engine.commit()
    report.wrote_index = bool(candidates or deleted)
    report.elapsed_s = time.perf_counter() - started
    return report


def record(engine, result: FileResult, known: dict[str, tuple[FileState, int]], report: IngestReport) -> None:
    """Queue one file's articles (replacing its old ones) and count what happened, as ingest.record_result."""
    if result.unchanged:
        return
    if result.error:
        report.errors.append(result.error)
        report.skipped += 1
        return
    report.errors.extend(result.problems)
    report.skipped += len(result.problems)
    previous, old_count = known.get(result.rel_id, (None, 0))
    found = len(result.documents)
    if not found and not previous:
        return
    if previous:
        report.changed_files += 1
        report.updated += min(old_count, found)
        report.added += max(0, found - old_count)
        report.removed += max(0, old_count - found)
    else:
        report.new_files += 1
        report.added += found
    engine.replace_file(result.rel_id, result.documents)


def chunks(actions: Iterable[dict[str, object]], size: int = BULK_DOCS) -> Iterator[list[dict[str, object]]]:
    batch: list[dict[str, object]] = []
    for action in actions:
        batch.append(action)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
