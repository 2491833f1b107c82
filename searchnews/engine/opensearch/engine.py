"""The OpenSearch engine: the Engine interface on an OpenSearch index (one per URL; see connection)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from searchnews.engine.base import Engine, ProgressCallback
from searchnews.engine.opensearch import connection, searching
from searchnews.engine.opensearch.documents import to_document
from searchnews.engine.records import FileState
from searchnews.errors import UserError

if TYPE_CHECKING:
    from searchnews.engine.records import Bucket, IndexStats, IngestReport, SearchRequest, SearchResult
    from searchnews.extract.run import ExtractOptions

REPLICAS_ENV = "SEARCHNEWS_OPENSEARCH_REPLICAS"
SHARDS_ENV = "SEARCHNEWS_OPENSEARCH_SHARDS"


class OpenSearchEngine(Engine):
    name = "opensearch"
    sequence_floor = 0  # the next sync numbers itself above this (alerts.check.sync_and_check: the checkpoints)

    def __init__(self, url: str, index_dir: Path | None = None) -> None:
        self.index_dir = Path(index_dir or "index")  # holds the alerts folder of this index (alerts_folder)
        self.target = connection.parse_url(url)
        self.client = connection.make_client(self.target)
        self.index = self.target.index
        self._ids_by_path: dict[str, list[str]] = {}
        self._actions: list[dict[str, object]] = []

    def call(self, action, attempts: int = 1):
        return connection.call(self.target, action, attempts)

    # --- writing ------------------------------------------------------------------------------
    def ensure_index(self) -> None:
        """Create the index on first use: one shard per data node (up to 5), one replica when there
        is a second node to hold it (SEARCHNEWS_OPENSEARCH_SHARDS / _REPLICAS override)."""
        from searchnews.engine.opensearch.mapping import index_definition

        if self.call(lambda: self.client.indices.exists(index=self.index), attempts=3):
            from searchnews.engine.opensearch.mapping import added_fields_mapping

            self.call(lambda: self.client.indices.put_mapping(index=self.index, body=added_fields_mapping()),
                      attempts=3)
            return
        nodes = int(self.call(lambda: self.client.cluster.health())["number_of_data_nodes"])
        shards = int(os.environ.get(SHARDS_ENV) or min(max(nodes, 1), 5))
        replicas = int(os.environ.get(REPLICAS_ENV) or (1 if nodes > 1 else 0))
        from opensearchpy import exceptions as ex

        try:
            self.client.indices.create(index=self.index, body=index_definition(shards, replicas))
        except ex.RequestError as error:
            if "resource_already_exists" not in str(error):
                raise UserError(connection.describe(error, self.target)) from None
        # Replicas of a new, empty index are assigned within moments: wait for them (green), so a node lost
        # during the first ingest never holds the only copy of a shard; a cluster that cannot place them
        # (fewer nodes than copies) is used as it is, once every primary is there (yellow).
        try:
            self.call(lambda: self.client.cluster.health(index=self.index, wait_for_status="green", request_timeout=40))
        except UserError:
            self.call(lambda: self.client.cluster.health(index=self.index, wait_for_status="yellow", request_timeout=60))

    def sync(self, roots: list[Path], options: ExtractOptions | None = None, keep_deleted: bool = False,
             on_progress: ProgressCallback | None = None, defer: frozenset[str] = frozenset(),
             workers: int | None = None, wait_s: float | None = None, on_wait: Callable[[str], None] | None = None,
             optimize: bool = False, follow_symlinks: bool = False, default_roots: list[Path] | None = None,
             forget_options: tuple[str, ...] = ()) -> IngestReport:
        """The sync (opensearch/sync.py) and the alert check after it, both under the alerts folder's
        lock (so `alert add` is wholly before or after the sync, never between two of its bulk requests,
        which a 1 s refresh makes visible mid-sync), as ingest.ingest does on Whoosh. The sync numbers
        itself above every alert checkpoint (alerts.saved.highest_checkpoint says why)."""
        from searchnews.alerts.check import check_after_ingest, write_lock
        from searchnews.alerts.saved import highest_checkpoint
        from searchnews.engine.opensearch.sync import run_sync
        from searchnews.extract.run import ExtractOptions
        from searchnews.sync.custom_files import read_option_file
        from searchnews.sync.ingest import default_workers

        if follow_symlinks or forget_options:
            raise UserError("--follow-symlinks and --forget-custom work on the embedded index only (not yet on "
                            f"--engine {self.name})")
        options = options or ExtractOptions()
        for kind, option_file in (("entities", options.entities_file), ("boilerplate", options.boilerplate_file)):
            if option_file:
                read_option_file(option_file, kind)  # refused before anything is sent
        roots = list(roots) or list(default_roots or [])
        workers = workers or default_workers()
        folder = self.alerts_folder()
        try:  # taken whether or not alerts exist yet: the first `alert add` may start during this sync
            lock = write_lock(folder, self).acquire(wait_s or 0)
        except OSError as error:
            raise UserError(f"{folder}: cannot create the lock of this index's alerts ({error.strerror}); "
                            "--index names where it goes") from None
        with lock:
            self.sequence_floor = highest_checkpoint(folder)
            report = run_sync(self, roots, options, keep_deleted, on_progress, defer, workers)
            check_after_ingest(folder, report, self)
        return report

    def alerts_folder(self) -> Path:
        from searchnews.engine.opensearch.alerts import alerts_dir

        return alerts_dir(self.index_dir, self)

    def exists(self) -> bool:
        return bool(self.call(lambda: self.client.indices.exists(index=self.index), attempts=3))

    def file_states(self) -> dict[str, tuple[FileState, int]]:
        """path -> (state, articles) from every document's path/file_state/file_articles. A file whose
        documents disagree (several states, fewer articles than it had) gets an empty digest, so the
        sync reads it again and replaces all of its articles."""
        from opensearchpy import helpers

        if not self.call(lambda: self.client.indices.exists(index=self.index), attempts=3):
            return {}
        seen: dict[str, tuple[set[str], int, int]] = {}
        ids: dict[str, list[str]] = {}

        def scan() -> None:
            seen.clear()
            ids.clear()
            for hit in helpers.scan(self.client, index=self.index, size=5000, preserve_order=False,
                                    query={"query": {"match_all": {}},
                                           "_source": ["path", "file_state", "file_articles"]}):
                source = hit["_source"]
                path = source.get("path") or ""
                states, count, declared = seen.get(path, (set(), 0, 0))
                states.add(str(source.get("file_state") or ""))
                seen[path] = (states, count + 1, max(declared, int(source.get("file_articles") or 0)))
                ids.setdefault(path, []).append(hit["_id"])

        self.call(scan, attempts=3)
        self._ids_by_path = ids
        result: dict[str, tuple[FileState, int]] = {}
        for path, (states, count, declared) in seen.items():
            state = FileState.decode(next(iter(states))) if len(states) == 1 and "" not in states else None
            if state is None or count != declared:
                state = FileState(-1, -1, "", "")  # incomplete: re-read and replace
            result[path] = (state, count)
        return result

    def _queue(self, actions: Iterable[dict[str, object]]) -> None:
        from searchnews.engine.opensearch.sync import BULK_DOCS

        self._actions.extend(actions)
        if len(self._actions) >= BULK_DOCS:
            self.flush()

    def flush(self) -> None:
        from searchnews.engine.opensearch.bulk import send

        while self._actions:
            batch, self._actions = self._actions[:500], self._actions[500:]
            send(self.client, self.target, batch)

    def replace_file(self, path: str, documents: list[dict[str, object]]) -> None:
        if not self._ids_by_path and not hasattr(self, "_scanned"):
            self.file_states()
            self._scanned = True
        new_ids = {str(document["id"]) for document in documents}
        stale = [article_id for article_id in self._ids_by_path.get(path, []) if article_id not in new_ids]
        actions: list[dict[str, object]] = [{"_op_type": "delete", "_index": self.index, "_id": article_id}
                                            for article_id in stale]
        actions += [{"_op_type": "index", "_index": self.index, "_id": str(document["id"]),
                     "_source": to_document(document, len(documents))} for document in documents]
        self._ids_by_path[path] = sorted(new_ids)
        self._queue(actions)

    def delete_files(self, paths: Iterable[str]) -> None:
        paths = list(paths)
        if not self._ids_by_path:
            self.file_states()
        actions = [{"_op_type": "delete", "_index": self.index, "_id": article_id}
                   for path in paths for article_id in self._ids_by_path.pop(path, [])]
        self._queue(actions)

    def commit(self) -> None:
        """Acknowledged bulk writes are already durable (the translog is fsynced per request);
        the refresh makes them visible to searches."""
        self.flush()
        if self.call(lambda: self.client.indices.exists(index=self.index), attempts=3):
            self.call(lambda: self.client.indices.refresh(index=self.index), attempts=5)

    # --- reading ------------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        return searching.search(self, request)

    def count(self, request: SearchRequest) -> int:
        return searching.count(self, request)

    def timeline(self, request: SearchRequest, by: str = "month") -> list[Bucket]:
        from searchnews.engine.opensearch.aggregations import timeline

        return timeline(self, request, by)

    def suggest(self, text: str) -> str | None:
        from searchnews.engine.opensearch.suggestions import suggest

        return suggest(self, text)

    def similar(self, article_id: str, limit: int = 10, fold: bool = True) -> SearchResult:
        return searching.similar(self, article_id, limit, fold)

    def stats(self, top: int = 10) -> IndexStats:
        from searchnews.engine.opensearch.aggregations import stats

        return stats(self, top)

    def top_values(self, fieldname: str, limit: int) -> list[tuple[str, int]]:
        from searchnews.engine.opensearch.aggregations import read_terms, terms_with_spelling
        from searchnews.engine.opensearch.requests import empty_check, run

        empty_check(self)
        answer = run(self, {"size": 0, "query": {"match_all": {}},
                            "aggs": terms_with_spelling("top", fieldname, limit)})
        return read_terms(answer["aggregations"], "top")

    def field_terms(self, fieldname: str, prefix: str, limit: int) -> list[str]:
        from searchnews.engine.opensearch.requests import run

        if not self.exists():
            return []
        pattern = re.sub(r'([.?+*|{}\[\]()"\\#@&<>~])', r"\\\1", prefix) + ".*"  # a Lucene regexp: prefix, escaped
        answer = run(self, {"size": 0, "query": {"match_all": {}},
                            "aggs": {"terms": {"terms": {"field": fieldname, "include": pattern, "size": limit,
                                                         "order": {"_key": "asc"}}}}})
        return [str(bucket["key"]) for bucket in answer["aggregations"]["terms"]["buckets"]]

    def get_article(self, article_id: str) -> dict[str, object]:
        return searching.get_article(self, article_id)

    def highlight_article(self, article_id: str, query_text: str) -> tuple[dict[str, object], str, str]:
        return searching.highlight_article(self, article_id, query_text)

    def close(self) -> None:
        self.client.close()
