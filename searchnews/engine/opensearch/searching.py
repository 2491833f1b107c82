"""Ranked pages, repost folding, similar articles and single articles on OpenSearch.

Folding uses the fingerprints stored at ingest (fingerprint.py), as the Whoosh engine does: a hit's
copies are the articles sharing one of its LSH band keys whose MinHash signatures agree closely
enough and that also match the query and filters; they are fetched with one request per window of
hits, so a copy ranked far below is still folded under the best-ranked one.
"""

from __future__ import annotations

from searchnews.engine.opensearch.documents import SHOWN_FIELDS, fingerprint_of, stored_fields
from searchnews.engine.opensearch.query import filter_clauses, request_query, translate_text
from searchnews.engine.opensearch.requests import empty_check, run
from searchnews.engine.whoosh.search import (
    HIGHLIGHT_END,
    HIGHLIGHT_START,
    Hit,
    SearchRequest,
    SearchResult,
    split_names,
)
from searchnews.errors import UserError
from searchnews.extract.fingerprint import NEAR_DUPLICATE, similarity
from searchnews.fields import HIT_KEYWORDS

SNIPPET_CHARS = 220
MAX_COPIES = 1000


def highlight_spec(whole: bool = False) -> dict[str, object]:
    fields = {"body": {"number_of_fragments": 0} if whole else
              {"fragment_size": SNIPPET_CHARS, "number_of_fragments": 2, "no_match_size": 0}}
    if whole:
        fields["title"] = {"number_of_fragments": 0}
    return {"pre_tags": [HIGHLIGHT_START], "post_tags": [HIGHLIGHT_END], "type": "fvh" if not whole else "unified",
            "require_field_match": False, "fields": fields, "order": "score"}


def recency_query(engine, query: dict[str, object], half_life_days: float) -> dict[str, object]:
    """Newer articles weigh up to 2x, halving every N days before the newest match (as --recency on Whoosh)."""
    newest = run(engine, {"size": 0, "query": query, "aggs": {"newest": {"max": {"field": "date",
                                                                                 "format": "yyyy-MM-dd"}}}})
    origin = newest["aggregations"]["newest"].get("value_as_string")
    if not origin:
        return query
    return {"function_score": {"query": query, "score_mode": "sum", "boost_mode": "multiply", "functions": [
        {"exp": {"date": {"origin": origin, "scale": f"{max(1, round(half_life_days * 24))}h", "decay": 0.5}},
         "weight": 1},
        {"filter": {"match_all": {}}, "weight": 1}]}}


def search(engine, request: SearchRequest) -> SearchResult:
    empty_check(engine)
    result = search_text(engine, request, request.text)
    if result.total == 0 and request.suggest:
        if engine.call(lambda: engine.client.count(index=engine.index), attempts=3)["count"] == 0:
            raise UserError(f"{engine.target.shown}: the index is empty; run 'searchnews ingest --engine opensearch' first")
        suggestion = engine.suggest(request.text)
        if suggestion:
            corrected = search_text(engine, request, suggestion)
            if corrected.total and request.replace_with_suggestion:
                corrected.suggestion, corrected.corrected_from = suggestion, request.text
                corrected.suggestion_total = corrected.total
                return corrected
            if corrected.total:  # --json/--csv: the suggestion is a hint, the (empty) answer stays
                result.suggestion, result.suggestion_total = suggestion, corrected.total
    return result


def search_text(engine, request: SearchRequest, text: str) -> SearchResult:
    from searchnews.engine.opensearch.aggregations import facet_aggregations, read_facets

    query = request_query(request, text)
    if request.recency_days:
        query = recency_query(engine, query, request.recency_days)
    limit, page = max(1, request.limit), max(1, request.page)
    wanted = page * limit
    window = wanted + max(10, wanted // 2) if request.fold else wanted
    body: dict[str, object] = {"query": query, "track_total_hits": True, "_source": SHOWN_FIELDS,
                               "highlight": highlight_spec()}
    if request.sort == "date":
        body["sort"] = [{"date": {"order": "desc", "missing": "_last"}}, "_score", {"id": "asc"}]
    else:
        body["sort"] = ["_score", {"id": "asc"}]  # ties in a stable order, as on one Whoosh index
    facet_names = request.facets
    if facet_names:
        body["aggs"] = facet_aggregations(facet_names, request.facet_limit)
    while True:
        answer = run(engine, {**body, "size": window})
        hits = answer["hits"]["hits"]
        total = int(answer["hits"]["total"]["value"])
        stories = fold_hits(engine, hits, wanted, query) if request.fold else [(hit, []) for hit in hits[:wanted]]
        if len(stories) >= wanted or len(hits) < window or not request.fold:
            break
        window *= 4
    shown = stories[(page - 1) * limit:wanted]
    result = SearchResult(hits=[make_hit(rank, hit, copies) for rank, (hit, copies) in
                                enumerate(shown, start=(page - 1) * limit + 1)],
                          total=total, page=page, folded=sum(len(copies) for _, copies in shown))
    if facet_names:
        result.facets = read_facets(answer.get("aggregations", {}), facet_names)
    return result


def fold_hits(engine, hits: list[dict], wanted: int, query: dict[str, object],
              excluded: set[str] | None = None) -> list[tuple[dict, list[dict]]]:
    """Ranked hits grouped into stories (leader, copies), best first, as dedupe.fold does."""
    keys = sorted({key for hit in hits for key in hit["_source"].get("dupkeys") or []})
    pool: dict[str, dict] = {hit["_id"]: hit for hit in hits}
    if keys:
        extra = run(engine, {"size": MAX_COPIES, "_source": SHOWN_FIELDS, "query": {"bool": {
            "must": [query], "filter": [{"terms": {"dupkeys": keys}}]}}})
        for hit in extra["hits"]["hits"]:
            pool.setdefault(hit["_id"], hit)
    rank_of = {hit["_id"]: position for position, hit in enumerate(hits)}
    by_key: dict[str, list[str]] = {}
    for article_id, hit in pool.items():
        for key in hit["_source"].get("dupkeys") or []:
            by_key.setdefault(key, []).append(article_id)
    claimed: set[str] = set(excluded or ())
    stories: list[tuple[dict, list[dict]]] = []
    for hit in hits:
        if len(stories) >= wanted:
            break
        if hit["_id"] in claimed:
            continue
        packed = fingerprint_of(hit["_source"])
        candidates = {other for key in hit["_source"].get("dupkeys") or [] for other in by_key.get(key, [])}
        candidates.discard(hit["_id"])
        copies = [other for other in candidates if other not in claimed
                  and similarity(packed, fingerprint_of(pool[other]["_source"])) >= NEAR_DUPLICATE]
        copies.sort(key=lambda other: (rank_of.get(other, len(hits)), other))
        claimed.add(hit["_id"])
        claimed.update(copies)
        stories.append((hit, [pool[other] for other in copies]))
    return stories


def make_hit(rank: int, hit: dict, copies: list[dict]) -> Hit:
    source = hit["_source"]
    fragments = (hit.get("highlight") or {}).get("body") or []
    snippet = " … ".join(fragments)
    if not snippet:
        body = str(source.get("body") or "")
        snippet = body[:200].rsplit(" ", 1)[0] + ("…" if len(body) > 200 else "")
    return Hit(
        rank=rank,
        id=str(source.get("id")),
        path=str(source.get("path") or ""),
        title=str(source.get("shown_title") or source.get("title") or ""),
        date=source.get("date_text"),
        keywords={entry.name: list(source.get(entry.name) or []) if entry.multi else source.get(entry.name)
                  for entry in HIT_KEYWORDS},
        score=float(hit.get("_score") or 0.0),
        snippet=" ".join(snippet.split()),
        also_in=[str(copy["_source"].get("source") or copy["_source"].get("id")) for copy in copies],
        duplicates=[str(copy["_source"].get("id")) for copy in copies],
    )


def count(engine, request: SearchRequest) -> int:
    empty_check(engine)
    query = request_query(request)
    return int(engine.call(lambda: engine.client.count(index=engine.index, body={"query": query}), attempts=3)["count"])


def fetch_article(engine, article_id: str) -> dict:
    empty_check(engine)
    answer = run(engine, {"size": 1, "query": {"term": {"id": article_id}}})
    found = answer["hits"]["hits"]
    if not found:
        raise UserError(f"no article with id '{article_id}' in {engine.target.shown}")
    return found[0]


def get_article(engine, article_id: str) -> dict[str, object]:
    return stored_fields(fetch_article(engine, article_id)["_source"])


def highlight_article(engine, article_id: str, query_text: str) -> tuple[dict[str, object], str, str]:
    hit = fetch_article(engine, article_id)
    stored = stored_fields(hit["_source"])
    query = translate_text(query_text)
    answer = run(engine, {"size": 1, "query": {"bool": {"must": [query], "filter": [{"ids": {"values": [hit["_id"]]}}]}},
                          "_source": False, "highlight": {**highlight_spec(whole=True),
                                                          "highlight_query": query}})
    marked = answer["hits"]["hits"][0].get("highlight", {}) if answer["hits"]["hits"] else {}
    title = (marked.get("title") or [str(stored.get("title") or "")])[0]
    if not hit["_source"].get("title"):  # the lead shown as a title is not indexed: mark nothing
        title = str(stored.get("title") or "")
    body = (marked.get("body") or [str(stored.get("body") or "")])[0]
    return stored, title, body


def copies_of(engine, hit: dict) -> list[str]:
    """Ids of the near-duplicates of one article (any query)."""
    keys = hit["_source"].get("dupkeys") or []
    if not keys:
        return []
    packed = fingerprint_of(hit["_source"])
    answer = run(engine, {"size": MAX_COPIES, "_source": ["fingerprint"], "query": {"terms": {"dupkeys": keys}}})
    return [other["_id"] for other in answer["hits"]["hits"] if other["_id"] != hit["_id"]
            and similarity(packed, fingerprint_of(other["_source"])) >= NEAR_DUPLICATE]


def similar(engine, article_id: str, limit: int = 10, fold: bool = True) -> SearchResult:
    """more_like_this over the body (12 key terms, as the Whoosh engine), never the article or its copies."""
    from searchnews.engine.whoosh.similar import KEY_TERMS

    hit = fetch_article(engine, article_id)
    if not str(hit["_source"].get("body") or "").strip():
        return SearchResult()
    excluded = [hit["_id"], *copies_of(engine, hit)]
    query = {"bool": {"must": [{"more_like_this": {"fields": ["body"], "like": [{"_index": engine.index, "_id": hit["_id"]}],
                                                    "max_query_terms": KEY_TERMS, "min_term_freq": 1, "min_doc_freq": 1}}],
                      "must_not": [{"ids": {"values": excluded}}]}}
    window = limit * 2 + 10
    while True:
        answer = run(engine, {"query": query, "size": window, "_source": SHOWN_FIELDS, "track_total_hits": True,
                              "highlight": highlight_spec(), "sort": ["_score", {"id": "asc"}]})
        hits = answer["hits"]["hits"]
        stories = fold_hits(engine, hits, limit, query) if fold else [(one, []) for one in hits[:limit]]
        if len(stories) >= limit or len(hits) < window:
            break
        window *= 4
    return SearchResult(hits=[make_hit(rank, leader, copies) for rank, (leader, copies) in enumerate(stories, start=1)],
                        total=int(answer["hits"]["total"]["value"]), folded=sum(len(copies) for _, copies in stories))


__all__ = ["count", "filter_clauses", "get_article", "highlight_article", "search", "similar", "split_names"]
