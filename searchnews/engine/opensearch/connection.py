"""The client: one or more node URLs (comma-separated), an optional index name as the URL's path.

`http://127.0.0.1:9200` -> index "searchnews"; `http://a:9200,http://b:9200/news` -> index "news" on
either node (the client moves on to the next node when one stops answering). Every engine error a
user can cause or meet (no cluster there, no index yet, a node down) becomes one UserError line.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from searchnews.errors import UserError

DEFAULT_INDEX = "searchnews"
TIMEOUT_S = 30
RETRIES = 3
T = TypeVar("T")


@dataclass(frozen=True)
class Target:
    hosts: tuple[str, ...]
    index: str

    @property
    def shown(self) -> str:
        return f"{','.join(self.hosts)}/{self.index}"


def parse_url(url: str) -> Target:
    hosts: list[str] = []
    index = DEFAULT_INDEX
    for part in (piece.strip() for piece in url.split(",")):
        if not part:
            continue
        if "://" not in part:
            part = "http://" + part
        split = urlsplit(part)
        if split.scheme not in {"http", "https"} or not split.hostname:
            raise UserError(f"--url: '{part}' is not an http(s) URL (e.g. http://127.0.0.1:9200)")
        try:
            port = split.port or (443 if split.scheme == "https" else 9200)
        except ValueError:
            raise UserError(f"--url: '{part}' has a bad port") from None
        auth = f"{split.username}:{split.password}@" if split.username else ""
        hosts.append(f"{split.scheme}://{auth}{split.hostname}:{port}")
        name = split.path.strip("/")
        if name:
            if "/" in name or name.startswith(("_", "-", "+")) or name != name.lower():
                raise UserError(f"--url: '{name}' is not an index name (lower case, no '/', not starting with _ - +)")
            index = name
    if not hosts:
        raise UserError("--url: no host given (e.g. http://127.0.0.1:9200)")
    return Target(tuple(hosts), index)


def make_client(target: Target):
    try:
        from opensearchpy import OpenSearch
    except ImportError:
        raise UserError("the OpenSearch engine needs its client: pip install 'searchnews[opensearch]'") from None
    return OpenSearch(hosts=list(target.hosts), timeout=TIMEOUT_S, max_retries=RETRIES, retry_on_timeout=True,
                      retry_on_status=(502, 503, 504), http_compress=False)


def describe(error: Exception, target: Target) -> str:
    """One readable line for an engine error."""
    from opensearchpy import exceptions as ex

    if isinstance(error, ex.ConnectionError | ex.ConnectionTimeout):
        return f"cannot reach OpenSearch at {','.join(target.hosts)} ({type(error).__name__}); is the cluster up?"
    if isinstance(error, ex.NotFoundError):
        return f"{target.shown}: no index here; run 'searchnews ingest --engine opensearch' first"
    if isinstance(error, ex.TransportError):
        info = error.info if isinstance(error.info, dict) else {}
        reason = info.get("error", {}).get("root_cause", [{}])[0].get("reason") if isinstance(info.get("error"), dict) else None
        status = error.status_code
        if status == 503 or "no_shard_available" in str(error) or "all shards failed" in str(error):
            return f"{target.shown}: no copy of some of the index is reachable right now (HTTP {status}); try again shortly"
        return f"{target.shown}: OpenSearch refused the request (HTTP {status}: {reason or error.error})"
    return f"{target.shown}: {type(error).__name__}: {error}"


def call(target: Target, action: Callable[[], T], attempts: int = 1, wait_s: float = 1.0) -> T:
    """Run one request; engine errors become a UserError (after `attempts` tries for transient ones)."""
    from opensearchpy import exceptions as ex

    for attempt in range(attempts):
        try:
            return action()
        except ex.NotFoundError as error:
            raise UserError(describe(error, target)) from None
        except (ex.ConnectionError, ex.ConnectionTimeout, ex.TransportError) as error:
            transient = isinstance(error, ex.ConnectionError | ex.ConnectionTimeout) or error.status_code in (429, 502, 503, 504)
            if not transient or attempt + 1 == attempts:
                raise UserError(describe(error, target)) from None
            time.sleep(wait_s * (attempt + 1))
    raise AssertionError("unreachable")
