"""Facets (terms aggregations), the timeline (date histograms per date precision) and index stats.

Keyword values are counted case-insensitively (the normalized field) and shown in the spelling
most of those articles use (a terms sub-aggregation on `.raw`), as facets.count_facets does.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from searchnews.engine.opensearch.query import request_query
from searchnews.engine.whoosh.search import SearchRequest
from searchnews.engine.whoosh.stats import IndexStats
from searchnews.partial_date import PRECISIONS
from searchnews.query.timeline import Bucket, build_timeline

ALL_VALUES = 10_000


def terms_with_spelling(label: str, fieldname: str, size: int | None) -> dict[str, object]:
    """Two aggregations: counts per case-folded value, and the spellings (to show the most used one)."""
    size = size or ALL_VALUES
    return {label: {"terms": {"field": fieldname, "size": size, "shard_size": max(size * 5, 500),
                              "order": [{"_count": "desc"}, {"_key": "asc"}]}},
            f"{label}_spelling": {"terms": {"field": f"{fieldname}.raw", "size": min(size * 20, ALL_VALUES)}}}


def facet_aggregations(names: Iterable[str], limit: int | None) -> dict[str, object]:
    aggs: dict[str, object] = {}
    for name in names:
        aggs.update(terms_with_spelling(f"facet_{name}", name, limit))
    return aggs


def read_terms(aggregations: dict, label: str) -> list[tuple[str, int]]:
    shown: dict[str, str] = {}
    for bucket in aggregations.get(f"{label}_spelling", {}).get("buckets", []):  # most used first
        shown.setdefault(str(bucket["key"]).lower(), str(bucket["key"]))
    return [(shown.get(str(bucket["key"]), str(bucket["key"])), int(bucket["doc_count"]))
            for bucket in aggregations.get(label, {}).get("buckets", [])]


def read_facets(aggregations: dict, names: Iterable[str]) -> dict[str, list[tuple[str, int]]]:
    from searchnews.engine.whoosh.facets import FACETS

    wanted = [name for name in FACETS if name in set(names)]
    return {name: read_terms(aggregations, f"facet_{name}") for name in wanted}


# the histogram interval and the date precision its keys are printed at, per unit: per article
# precision, the coarser of the unit and the precision (a year-only date is never put in a month)
INTERVALS = {"year": ("year", "year"), "month": ("month", "month"), "week": ("week", "day")}
PRECISION_RANK = {precision: rank for rank, precision in enumerate(PRECISIONS)}
KEY_FORMATS = {"year": "yyyy", "month": "yyyy-MM", "day": "yyyy-MM-dd"}  # PartialDate's three text forms
UNIT_RANK = {"year": 0, "month": 1, "week": 2}


def timeline(engine, request: SearchRequest, by: str = "month") -> list[Bucket]:
    from searchnews.engine.opensearch.requests import empty_check, run

    if by not in INTERVALS:
        return build_timeline([], by)  # raises the Whoosh engine's error
    empty_check(engine)
    aggs: dict[str, object] = {"undated": {"missing": {"field": "date_text"}}}
    for precision, rank in PRECISION_RANK.items():
        unit = by if UNIT_RANK[by] <= rank else ("year", "month")[rank]
        interval, key_precision = INTERVALS[unit]
        fmt = KEY_FORMATS[key_precision]
        aggs[precision] = {"filter": {"term": {"date_precision": precision}},
                           "aggs": {"periods": {"date_histogram": {"field": "date", "calendar_interval": interval,
                                                                   "format": fmt, "min_doc_count": 1}}}}
    answer = run(engine, {"size": 0, "query": request_query(request), "aggs": aggs})["aggregations"]
    texts: list[Iterable[str]] = [itertools.repeat("", int(answer["undated"]["doc_count"]))]
    for precision in PRECISION_RANK:
        for bucket in answer[precision]["periods"]["buckets"]:
            texts.append(itertools.repeat(str(bucket["key_as_string"]), int(bucket["doc_count"])))
    return build_timeline(itertools.chain.from_iterable(texts), by)


def stats(engine, top: int = 10) -> IndexStats:
    from searchnews.engine.opensearch.requests import empty_check, run

    empty_check(engine)
    aggs = {"undated": {"missing": {"field": "date_text"}},
            "earliest": {"terms": {"field": "date_text", "size": 1, "order": {"_key": "asc"}}},
            "latest": {"terms": {"field": "date_text", "size": 1, "order": {"_key": "desc"}}}}
    for label, fieldname in (("outlets", "source"), ("companies", "company"), ("persons", "person")):
        aggs.update(terms_with_spelling(label, fieldname, top))
    answer = run(engine, {"size": 0, "track_total_hits": True, "query": {"match_all": {}}, "aggs": aggs})
    found = answer["aggregations"]
    sizes = engine.call(lambda: engine.client.indices.stats(index=engine.index, metric="store"), attempts=3)
    earliest = found["earliest"]["buckets"]
    latest = found["latest"]["buckets"]
    result = IndexStats(
        articles=int(answer["hits"]["total"]["value"]),
        earliest=earliest[0]["key"] if earliest else None,
        latest=latest[0]["key"] if latest else None,
        undated=int(found["undated"]["doc_count"]),
        size_bytes=int(sizes["_all"]["primaries"]["store"]["size_in_bytes"]),
    )
    for label in ("outlets", "companies", "persons"):
        result.top[label] = read_terms(found, label)
    return result
