"""The OpenSearch engine: the Engine interface on an OpenSearch index (one per URL; see connection)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from searchnews.engine.base import Engine, ProgressCallback
from searchnews.engine.opensearch import connection, searching
from searchnews.engine.opensearch.documents import to_document
from searchnews.engine.whoosh.schema import FileState
from searchnews.engine.whoosh.search import SearchRequest, SearchResult
from searchnews.engine.whoosh.stats import IndexStats
from searchnews.errors import UserError
from searchnews.extract.run import ExtractOptions
from searchnews.query.timeline import Bucket
from searchnews.sync.ingest import IngestReport

REPLICAS_ENV = "SEARCHNEWS_OPENSEARCH_REPLICAS"
SHARDS_ENV = "SEARCHNEWS_OPENSEARCH_SHARDS"


class OpenSearchEngine(Engine):
    name = "opensearch"

    def __init__(self, url: str) -> None:
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

    def sync(self, roots: list[Path], options: ExtractOptions = ExtractOptions(), keep_deleted: bool = False,
             on_progress: ProgressCallback | None = None, defer: frozenset[str] = frozenset(),
             workers: int | None = None) -> IngestReport:
        from searchnews.engine.opensearch.sync import run_sync
        from searchnews.sync.ingest import default_workers

        return run_sync(self, roots, options, keep_deleted, on_progress, defer, workers or default_workers())

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

    def get_article(self, article_id: str) -> dict[str, object]:
        return searching.get_article(self, article_id)

    def highlight_article(self, article_id: str, query_text: str) -> tuple[dict[str, object], str, str]:
        return searching.highlight_article(self, article_id, query_text)

    def close(self) -> None:
        self.client.close()
