"""What alert checking asks of an OpenSearch index (alerts.check's `AlertEngine`, answered here).

Every article carries the `ingest_seq` of the sync that wrote it (as on Whoosh), so "committed after
the checkpoint" is a range query and "which of these ids match this alert" is one search: the ids as
a filter plus the translated query and filters. The saved searches themselves stay a local file
(alerts.json, saved.py), in a folder of the --index folder named after the OpenSearch index
(`alerts_dir`), so the same code records and shows them; a local lock in that folder serialises
every sync with its check (alerts.check.sync_and_check), `alert add` and `searchnews alerts` on this
machine.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from searchnews.alerts.saved import SavedSearch
from searchnews.engine.opensearch.documents import SHOWN_FIELDS, fingerprint_of
from searchnews.engine.opensearch.query import request_query
from searchnews.engine.opensearch.searching import fold_hits, highlight_spec, make_hit, run
from searchnews.extract.fingerprint import NEAR_DUPLICATE, similarity

LOCK_NAME = "opensearch_alerts"
IDS_PER_REQUEST = 1000
KEYS_PER_REQUEST = 4096  # band keys per terms query (OpenSearch allows 65,536)


def alerts_dir(index_dir: Path, engine) -> Path:
    """Where the alerts of this OpenSearch index live: INDEX/opensearch-<index name>/."""
    return Path(index_dir) / f"opensearch-{re.sub(r'[^A-Za-z0-9._-]', '_', engine.index)}"


def latest_sequence(engine) -> int:
    """The highest ingest_seq in the index (0: empty, or no article written since alerts existed)."""
    if not engine.call(lambda: engine.client.indices.exists(index=engine.index), attempts=3):
        return 0
    answer = run(engine, {"size": 0, "aggs": {"latest": {"max": {"field": "ingest_seq"}}}})
    value = answer["aggregations"]["latest"].get("value")
    return int(value or 0)


class OpenSearchAlertEngine:
    def __init__(self, engine) -> None:
        self.engine = engine
        self._sources: dict[str, dict] = {}
        self._copies: dict[str, set[str]] = {}

    def latest_sequence(self) -> int:
        return latest_sequence(self.engine)

    def _scan(self, query: dict, fields: list[str]) -> Iterator[dict]:
        from opensearchpy import helpers

        engine = self.engine
        yield from helpers.scan(engine.client, index=engine.index, size=5000, preserve_order=False,
                                query={"query": query, "_source": fields})

    def committed_after(self, checkpoint: int) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        for hit in self._scan({"range": {"ingest_seq": {"gt": checkpoint}}}, ["id", "ingest_seq", "content_hash"]):
            source = hit["_source"]
            found[str(source["id"])] = (int(source.get("ingest_seq") or 0), str(source.get("content_hash") or ""))
        return found

    def _request(self, saved: SavedSearch):
        from searchnews.engine.whoosh.alerts import saved_request

        return saved_request(saved)

    def matching_ids(self, saved: SavedSearch, ids: Collection[str]) -> set[str]:
        """Which of `ids` match the saved search: the ids as a filter, the translated query and filters."""
        ids = sorted(ids)
        query = request_query(self._request(saved))
        matched: set[str] = set()
        for start in range(0, len(ids), IDS_PER_REQUEST):
            chunk = ids[start:start + IDS_PER_REQUEST]
            answer = run(self.engine, {"size": len(chunk), "_source": ["id"], "query": {"bool": {
                "must": [query], "filter": [{"terms": {"id": chunk}}]}}})
            matched.update(str(hit["_source"]["id"]) for hit in answer["hits"]["hits"])
        return matched

    def all_matching(self, saved: SavedSearch) -> dict[str, str]:
        if not self.engine.call(lambda: self.engine.client.indices.exists(index=self.engine.index), attempts=3):
            return {}
        return {str(hit["_source"]["id"]): str(hit["_source"].get("content_hash") or "")
                for hit in self._scan(request_query(self._request(saved)), ["id", "content_hash"])}

    def _source(self, ids: Collection[str]) -> None:
        wanted = sorted(set(ids) - set(self._sources))
        for start in range(0, len(wanted), IDS_PER_REQUEST):
            chunk = wanted[start:start + IDS_PER_REQUEST]
            answer = run(self.engine, {"size": len(chunk), "_source": ["id", "dupkeys", "fingerprint"],
                                       "query": {"terms": {"id": chunk}}})
            for hit in answer["hits"]["hits"]:
                self._sources[str(hit["_source"]["id"])] = hit["_source"]

    def copies(self, ids: Collection[str]) -> dict[str, set[str]]:
        """id -> ids of its near-duplicates (shared LSH band key, MinHash similarity as on Whoosh). One
        scan per few thousand band keys for all of `ids` (not a request per article: a check of 50 alerts
        after 1,000 articles asks this for hundreds), and kept for the check: alerts share articles."""
        wanted = [article_id for article_id in ids if article_id not in self._copies]
        self._source(wanted)
        by_key: dict[str, list[str]] = {}
        for article_id in wanted:
            self._copies[article_id] = set()
            for key in (self._sources.get(article_id) or {}).get("dupkeys") or []:
                by_key.setdefault(key, []).append(article_id)
        keys = sorted(by_key)
        for start in range(0, len(keys), KEYS_PER_REQUEST):
            chunk = keys[start:start + KEYS_PER_REQUEST]
            for hit in self._scan({"terms": {"dupkeys": chunk}}, ["id", "fingerprint", "dupkeys"]):
                other, packed = str(hit["_source"]["id"]), fingerprint_of(hit["_source"])
                sharing = {article_id for key in hit["_source"].get("dupkeys") or [] for article_id in by_key.get(key, ())}
                for article_id in sharing - {other}:
                    if other not in self._copies[article_id] and similarity(
                            fingerprint_of(self._sources[article_id]), packed) >= NEAR_DUPLICATE:
                        self._copies[article_id].add(other)
        return {article_id: self._copies[article_id] for article_id in ids}

    def hits(self, saved: SavedSearch, ids: Collection[str], limit: int | None = None) -> list:
        """The saved search's ranked, highlighted hits among `ids`, reposts folded ("also in")."""
        ids = sorted(ids)
        if not ids:
            return []
        query = {"bool": {"must": [request_query(self._request(saved))], "filter": [{"terms": {"id": ids}}]}}
        answer = run(self.engine, {"size": len(ids), "query": query, "_source": SHOWN_FIELDS,
                                   "highlight": highlight_spec(), "sort": ["_score", {"id": "asc"}]})
        stories = fold_hits(self.engine, answer["hits"]["hits"], limit or len(ids), query)
        return [make_hit(rank, hit, copies) for rank, (hit, copies) in enumerate(stories, start=1)]


@contextmanager
def open_engine(engine) -> Iterator[OpenSearchAlertEngine]:
    yield OpenSearchAlertEngine(engine)
