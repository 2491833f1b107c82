"""The engine-neutral records the commands send to an engine and get back, under one name.

Commands, rendering and every engine import these from here, never from an engine's folder. Most
are still defined where they were first written (SearchRequest/Hit/SearchResult beside the Whoosh
search, IndexStats beside its stats, FileState beside the schema), which is why this module loads
each on first use (PEP 562 `__getattr__`): importing it costs nothing, and a command pays only
for the records it touches. This table is the project's one lazy-loading mechanism for records;
moving a record's definition here later changes one line of it, and no import elsewhere.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and readers (the table below is what runs)
    from searchnews.engine.whoosh.facets import FACET_LABELS, FACETS, facet_name  # noqa: F401
    from searchnews.engine.whoosh.schema import FileState  # noqa: F401
    from searchnews.engine.whoosh.search import (  # noqa: F401  # noqa: F401
        HIGHLIGHT_END,
        HIGHLIGHT_START,
        Hit,
        SearchRequest,
        SearchResult,
        plain_snippet,
        split_names,
    )
    from searchnews.engine.whoosh.stats import IndexStats  # noqa: F401
    from searchnews.query.timeline import Bucket  # noqa: F401
    from searchnews.sync.ingest import IngestReport  # noqa: F401

DEFINED_IN = {
    "SearchRequest": "searchnews.engine.whoosh.search",  # query text, filters, page, sort, facets wanted
    "SearchResult": "searchnews.engine.whoosh.search",  # one ranked page, facets, did-you-mean
    "Hit": "searchnews.engine.whoosh.search",
    "HIGHLIGHT_START": "searchnews.engine.whoosh.search",  # marks around matched words in snippets
    "HIGHLIGHT_END": "searchnews.engine.whoosh.search",
    "plain_snippet": "searchnews.engine.whoosh.search",
    "split_names": "searchnews.engine.whoosh.search",  # "A,B" stored names -> ["A", "B"]
    "FACETS": "searchnews.engine.whoosh.facets",  # the facet fields: company, person, source
    "FACET_LABELS": "searchnews.engine.whoosh.facets",
    "facet_name": "searchnews.engine.whoosh.facets",  # "outlet" -> "source"; UserError for others
    "IndexStats": "searchnews.engine.whoosh.stats",
    "FileState": "searchnews.engine.whoosh.schema",  # what an engine keeps per indexed file
    "Bucket": "searchnews.query.timeline",
    "IngestReport": "searchnews.sync.ingest",
}

__all__ = sorted(DEFINED_IN)


def __getattr__(name: str) -> object:
    module = DEFINED_IN.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # the next lookup is an ordinary module attribute
    return value
