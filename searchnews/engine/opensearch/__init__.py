"""The OpenSearch engine (needs the `searchnews[opensearch]` extra: opensearch-py).

Modules: connection (URL, client, one-line errors), mapping (analyzers and fields), documents
(records <-> documents), sync + bulk (the incremental sync, retried bulk writes), query (the query
language -> DSL), searching (ranked pages, folding, similar, show), aggregations (facets, timeline,
stats), suggestions (did-you-mean).
"""

from searchnews.engine.opensearch.engine import OpenSearchEngine

__all__ = ["OpenSearchEngine"]
