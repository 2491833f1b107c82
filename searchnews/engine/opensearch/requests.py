"""One search request and the missing-index check, shared by searching, aggregations and suggestions
(their own module, so those three import it rather than each other)."""

from __future__ import annotations

from searchnews.errors import UserError


def empty_check(engine) -> None:
    """A missing index is the user's to hear about (asked once per engine object: one round trip less per query)."""
    if getattr(engine, "index_seen", False):
        return
    if not engine.call(lambda: engine.client.indices.exists(index=engine.index), attempts=3):
        raise UserError(f"{engine.target.shown}: no index here; run 'searchnews ingest --engine opensearch' first")
    engine.index_seen = True


def run(engine, body: dict[str, object]) -> dict[str, object]:
    """One search. A partial answer (a shard with no reachable copy) is an error, never a silent undercount."""
    answer = engine.call(lambda: engine.client.search(index=engine.index, body=body), attempts=3)
    shards = answer.get("_shards") or {}
    if shards.get("failed"):
        raise UserError(f"{engine.target.shown}: {shards['failed']} of {shards.get('total')} parts of the index have "
                        "no reachable copy right now; try again shortly")
    return answer
