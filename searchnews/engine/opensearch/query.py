"""The query language -> OpenSearch query DSL.

The user's text is parsed by the very parser the Whoosh engine uses (search.parse_query), so the
syntax, the field checks and every error message are identical; the resulting query tree is then
translated node by node. Words are sent as the user typed them (from the parser's character
offsets) and analysed by OpenSearch's matching english analyzer; words with CJK characters go to
the `.cjk` bigram sub-fields. Filters (--company, --author, ... and --since/--until) become
non-scoring `filter` clauses. Field names come from the registry (searchnews/fields.py).
"""

from __future__ import annotations

import re
from datetime import datetime

from searchnews.engine.whoosh.search import SearchRequest, canonical_filter_value
from searchnews.errors import UserError
from searchnews.fields import KEYWORD_FIELDS as REGISTRY_KEYWORDS
from searchnews.partial_date import period_bounds

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
TEXT_FIELDS = {"title", "body"}
KEYWORD_FIELDS = {*(entry.name for entry in REGISTRY_KEYWORDS), "path", "id"}
MATCH_ALL: dict[str, object] = {"match_all": {}}
MATCH_NONE: dict[str, object] = {"match_none": {}}


def parse(text: str):
    """The Whoosh query tree for `text` (raising the Whoosh engine's UserErrors)."""
    from searchnews.engine.whoosh.schema import build_schema
    from searchnews.engine.whoosh.search import parse_query

    return parse_query(text, build_schema())


def translate_text(text: str) -> dict[str, object]:
    from searchnews.engine.whoosh.querytext import clean_query_text

    return translate(parse(text), clean_query_text(text).strip())  # the parser's offsets are into this


def translate(node, text: str, offset: int = 0) -> dict[str, object]:
    """One Whoosh query node -> one DSL clause. `text` is the query as parsed (for surface words)."""
    from whoosh import query as wq

    kind = type(node).__name__
    boost = float(getattr(node, "boost", 1.0) or 1.0)
    if isinstance(node, wq.Every):
        return MATCH_ALL
    if kind == "_NullQuery" or isinstance(node, wq.NullQuery.__class__):
        return MATCH_NONE
    if isinstance(node, wq.AndNot):
        return {"bool": {"must": [translate(node.a, text, offset)], "must_not": [translate(node.b, text, offset)]}}
    if isinstance(node, wq.AndMaybe):
        return {"bool": {"must": [translate(node.a, text, offset)], "should": [translate(node.b, text, offset)]}}
    if isinstance(node, wq.Not):
        return {"bool": {"must": [MATCH_ALL], "must_not": [translate(node.query, text, offset)]}}
    if isinstance(node, wq.DisjunctionMax) or kind == "BestField":
        clauses = [translate(sub, text, offset) for sub in node.subqueries]
        return with_boost({"dis_max": {"queries": clauses, "tie_breaker": float(getattr(node, "tiebreak", 0.0))}}, boost)
    if isinstance(node, wq.And | wq.Require):
        parts = node.subqueries if hasattr(node, "subqueries") else [node.a, node.b]
        must = [translate(sub, text, offset) for sub in parts]
        must_not = [clause["bool"]["must_not"][0] for clause in must if is_plain_not(clause)]
        must = [clause for clause in must if not is_plain_not(clause)]
        return with_boost({"bool": {"must": must or [MATCH_ALL], "must_not": must_not}}, boost)
    if isinstance(node, wq.Or):
        return with_boost({"bool": {"should": [translate(sub, text, offset) for sub in node.subqueries],
                                    "minimum_should_match": 1}}, boost)
    if isinstance(node, wq.Phrase):
        return phrase(node, text, offset)
    if isinstance(node, wq.NumericRange | wq.DateRange) and node.fieldname == "date":
        return date_range(node)
    if isinstance(node, wq.Wildcard):
        return pattern_clause("wildcard", node, text, offset)
    if isinstance(node, wq.Prefix):
        return pattern_clause("prefix", node, text, offset)
    if isinstance(node, wq.TermRange):
        return term_range(node)
    if isinstance(node, wq.Term):
        return term(node, text, offset, boost)
    if isinstance(node, wq.compound.CompoundQuery):  # any other grouping: all of its parts
        return {"bool": {"must": [translate(sub, text, offset) for sub in node.subqueries]}}
    raise UserError(f"this query form is not supported on OpenSearch yet: {node}")


def is_plain_not(clause: dict[str, object]) -> bool:
    inner = clause.get("bool")
    return isinstance(inner, dict) and inner.get("must") == [MATCH_ALL] and len(inner.get("must_not", [])) == 1 \
        and set(inner) == {"must", "must_not"}


def with_boost(clause: dict[str, object], boost: float) -> dict[str, object]:
    if boost != 1.0:
        (kind, body), = clause.items()
        return {kind: {**body, "boost": boost}}
    return clause


def surface(node, text: str, offset: int) -> str | None:
    start, end = getattr(node, "startchar", None), getattr(node, "endchar", None)
    if start is None or end is None:
        return None
    return text[start:end] or None


def text_field(fieldname: str, words: str) -> str:
    return f"{fieldname}.cjk" if CJK.search(words) else fieldname


def term(node, text: str, offset: int, boost: float) -> dict[str, object]:
    fieldname = node.fieldname
    value = str(node.text)
    if fieldname in TEXT_FIELDS:
        words = surface(node, text, offset) or value
        words = words.split(":", 1)[1] if re.match(r"(?i)(title|body):", words) else words
        return {"match": {text_field(fieldname, words): {"query": words.strip("\"'"), "operator": "and", "boost": boost}}}
    if fieldname in KEYWORD_FIELDS:
        return {"term": {fieldname: {"value": value, "boost": boost}}}
    raise UserError(f"field '{fieldname}' cannot be searched on OpenSearch")


def phrase(node, text: str, offset: int) -> dict[str, object]:
    ranges = getattr(node, "char_ranges", None)
    words = " ".join(text[start:end] for start, end in ranges) if ranges else " ".join(map(str, node.words))
    fieldname = node.fieldname
    if fieldname in KEYWORD_FIELDS:
        return {"term": {fieldname: " ".join(str(word) for word in node.words)}}
    slop = max(0, int(node.slop) - 1)  # Whoosh's slop 1 means "adjacent"
    return {"match_phrase": {text_field(fieldname, words): {"query": words, "slop": slop,
                                                              "boost": float(node.boost or 1.0)}}}


def pattern_clause(kind: str, node, text: str, offset: int) -> dict[str, object]:
    pattern = str(node.text)
    if kind == "wildcard" and pattern[:1] in "*?":
        raise UserError(f"'{pattern}': a wildcard cannot start a word (it would scan every word in the "
                        "index); put at least one letter first, e.g. 'reg*'")
    fieldname = node.fieldname
    if fieldname in TEXT_FIELDS:
        # over the words as written: 'regulat*' finds "regulated", whose stem is "regul" (on Whoosh, a
        # prefix expands over stems, so it finds a subset of these; tests/test_engine_conformance.py)
        fieldname = f"{fieldname}.words"
    return {kind: {fieldname: {"value": pattern.lower() if fieldname not in KEYWORD_FIELDS else pattern}}}


def long_to_date(value: int | None) -> str | None:
    if value is None:
        return None
    from whoosh.util.times import long_to_datetime

    return long_to_datetime(value).strftime("%Y-%m-%d")


def date_range(node) -> dict[str, object]:
    from whoosh import query as wq

    if isinstance(node, wq.DateRange):
        start = node.startdate.strftime("%Y-%m-%d") if node.startdate else None
        end = node.enddate.strftime("%Y-%m-%d") if node.enddate else None
    else:
        start, end = long_to_date(node.start), long_to_date(node.end)
    bounds: dict[str, object] = {}
    if start:
        bounds["gt" if node.startexcl else "gte"] = start
    if end:
        bounds["lt" if node.endexcl else "lte"] = end
    return {"range": {"date": bounds}} if bounds else {"exists": {"field": "date"}}


def term_range(node) -> dict[str, object]:
    bounds: dict[str, object] = {}
    if node.start is not None:
        bounds["gt" if node.startexcl else "gte"] = node.start
    if node.end is not None:
        bounds["lt" if node.endexcl else "lte"] = node.end
    fieldname = "body.words" if node.fieldname == "body" else node.fieldname
    return {"range": {fieldname: bounds}}


def filter_clauses(request: SearchRequest) -> list[dict[str, object]]:
    """The filter options (--company, --author, ...: any of several values) and --since/--until, as filters."""
    clauses: list[dict[str, object]] = []
    for fieldname, values in request.filter_values():
        clauses.append({"terms": {fieldname: [canonical_filter_value(fieldname, value) for value in values]}})
    if request.since or request.until:
        start, end = period_bounds(request.since, request.until)
        bounds: dict[str, str] = {}
        if start:
            bounds["gte"] = day(start)
        if end:
            bounds["lte"] = day(end)
        clauses.append({"range": {"date": bounds}})
    return clauses


def day(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d")


def request_query(request: SearchRequest, text: str | None = None) -> dict[str, object]:
    """The whole query of a request: its text (scoring) and its filters (not scoring)."""
    clause = translate_text(request.text if text is None else text)
    filters = filter_clauses(request)
    if not filters:
        return clause
    return {"bool": {"must": [clause], "filter": filters}}
