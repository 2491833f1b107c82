"""Bulk writes with retries and back-pressure.

Items the cluster answers 429 to (its queues are full: back-pressure) are sent again after a
growing wait (0.5 s doubling to 8 s); so is a batch whose request failed outright (a node went away, a
primary is being promoted, a timeout) is sent again, to any node that answers, for up to
RETRY_FOR_S. Ids are the article ids, so re-sending never doubles an article, and a delete of
something already gone counts as done.
"""

from __future__ import annotations

import time

from searchnews.errors import UserError

RETRY_FOR_S = float(120)
RETRYABLE_STATUS = {429, 502, 503, 504}


def send(client, target, actions: list[dict[str, object]]) -> None:
    """Send `actions` until every one is applied (or give up with a UserError after RETRY_FOR_S)."""
    from opensearchpy import exceptions as ex
    from opensearchpy import helpers

    from searchnews.engine.opensearch.connection import describe

    pending = actions
    deadline = time.monotonic() + RETRY_FOR_S
    wait_s = 0.5
    while pending:
        failed: list[dict[str, object]] = []
        problem = ""
        try:
            for (ok, item), action in zip(helpers.streaming_bulk(
                    client, pending, chunk_size=len(pending), max_chunk_bytes=8 * 1024 * 1024, raise_on_error=False,
                    raise_on_exception=True, max_retries=0,
                    yield_ok=True), pending, strict=True):  # one chunk, no inner retries: in order
                if ok:
                    continue
                (operation, info), = item.items()
                status = info.get("status") if isinstance(info.get("status"), int) else 0
                if operation == "delete" and status == 404:
                    continue
                if status in RETRYABLE_STATUS or status == 0 or "unavailable_shards" in str(info.get("error")):
                    failed.append(action)
                    problem = str(info.get("error"))[:200]
                else:
                    raise UserError(f"{target.shown}: OpenSearch refused article {info.get('_id')}: "
                                    f"{str(info.get('error'))[:300]}")
        except (ex.ConnectionError, ex.ConnectionTimeout) as error:  # a node went away: any other one will do
            failed, problem = pending, describe(error, target)
        except ex.TransportError as error:
            if error.status_code not in RETRYABLE_STATUS:
                raise UserError(describe(error, target)) from None
            failed, problem = pending, describe(error, target)
        if failed:
            if time.monotonic() > deadline:
                raise UserError(f"{target.shown}: gave up sending {len(failed)} articles after "
                                f"{RETRY_FOR_S:.0f}s ({problem}); run ingest again to finish (nothing is doubled)")
            time.sleep(wait_s)
            wait_s = min(wait_s * 2, 8.0)
        pending = failed
