"""Search engines behind one interface (base.Engine): Whoosh (embedded, the default) and OpenSearch.

`open_engine(name, url, index_dir)` is how commands get one; engine specifics stay in their sub-package,
and the records commands exchange with an engine are in `records` (loaded on first use). Nothing heavy
is imported here: the CLI imports this package on every start.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from searchnews.engine.base import Engine

ENGINES = ("whoosh", "opensearch")
ENGINE_ENV, URL_ENV = "SEARCHNEWS_ENGINE", "SEARCHNEWS_URL"


def engine_name(name: str | None) -> str:
    from searchnews.errors import UserError

    chosen = (name or os.environ.get(ENGINE_ENV) or "whoosh").strip().lower()
    if chosen not in ENGINES:
        raise UserError(f"unknown engine '{chosen}' (use {' or '.join(ENGINES)})")
    return chosen


def open_engine(name: str | None, url: str | None, index_dir: Path) -> Engine:
    """The engine a command runs on: --engine/--url, else SEARCHNEWS_ENGINE/SEARCHNEWS_URL, else Whoosh."""
    from searchnews.errors import UserError

    chosen = engine_name(name)
    if chosen == "whoosh":
        from searchnews.engine.whoosh.adapter import WhooshEngine

        return WhooshEngine(index_dir)
    url = url or os.environ.get(URL_ENV)
    if not url:
        raise UserError("--engine opensearch needs --url URL (or SEARCHNEWS_URL), e.g. http://127.0.0.1:9200")
    from searchnews.engine.opensearch import OpenSearchEngine

    return OpenSearchEngine(url, index_dir)


__all__ = ["ENGINES", "engine_name", "open_engine"]
