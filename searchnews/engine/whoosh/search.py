"""Query text + filters -> Whoosh query -> plain Hit records with highlighted snippets."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from searchnews.errors import UserError
from searchnews.fields import (
    FILTER_FIELDS,
    HIT_KEYWORDS,
    KEYWORD_FIELDS,
    QUERY_FIELD_NAMES,
    shown_keywords,
    split_keywords,
)
from searchnews.partial_date import PartialDate, period_bounds

SEARCH_FIELDS = ("title", "body")
KEYWORD_NAMES = frozenset(entry.name for entry in KEYWORD_FIELDS)
QUERY_FIELDS = {*QUERY_FIELD_NAMES, "path", "id"}
FIELD_REFERENCE = re.compile(r"(?<![\w.\"'])([A-Za-z_][\w-]*):(?=[^\s/]|$)")
EMPTY_FIELD = re.compile(r"(?<![\w.\"'])([A-Za-z_][\w-]*):(?=\s|\)|$)")
QUOTED = re.compile(r'"[^"]*"|\'[^\']*\'')
HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"  # never in cleaned text (control characters are removed)


@dataclass(frozen=True)
class SearchRequest:
    text: str
    # the filter options (fields.FILTER_FIELDS): field name -> its values, an article matching any of them
    # ({"company": ("Alibaba",), "author": ("Jane Doe",)}); filters on different fields must all hold
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    since: str | None = None
    until: str | None = None
    limit: int = 10
    sort: str = "relevance"
    page: int = 1  # pages are `limit` results long
    fold: bool = True  # False (--all): every copy of a reposted story is its own result
    facets: tuple[str, ...] = ()  # "company", "person", "source": counted over all matches
    facet_limit: int | None = 10  # None: every value
    suggest: bool = True  # on no hits, try the spelling-corrected query
    replace_with_suggestion: bool = True  # False (--json/--csv): only report the suggestion, keep the (empty) hits
    recency_days: float | None = None  # --recency: newer articles weigh up to 2x, halving every N days

    def __post_init__(self) -> None:
        unknown = set(self.filters) - {entry.name for entry in FILTER_FIELDS}
        if unknown:
            raise ValueError(f"not a filter field: {', '.join(sorted(unknown))}")

    def filter_values(self) -> list[tuple[str, tuple[str, ...]]]:
        """(field name, values) of every filter given, in registry order."""
        return [(entry.name, tuple(self.filters[entry.name])) for entry in FILTER_FIELDS
                if self.filters.get(entry.name)]


@dataclass
class Hit:
    rank: int
    id: str
    path: str
    title: str
    date: str | None
    score: float
    snippet: str  # with HIGHLIGHT_START/END around matched terms; see plain_snippet()
    # the registry's keyword fields shown in hits (fields.HIT_KEYWORDS): name -> names (several-valued) or value
    keywords: dict[str, object] = field(default_factory=dict)
    also_in: list[str] = field(default_factory=list)  # outlets of the folded copies of this story
    duplicates: list[str] = field(default_factory=list)  # their ids

    def names(self, fieldname: str) -> list[str]:
        value = self.keywords.get(fieldname)
        return list(value) if isinstance(value, list) else [str(value)] if value else []

    @property
    def source(self) -> str | None:
        value = self.keywords.get("source")
        return str(value) if value else None

    @property
    def companies(self) -> list[str]:
        return self.names("company")

    @property
    def persons(self) -> list[str]:
        return self.names("person")

    def to_json(self) -> dict[str, object]:
        record: dict[str, object] = {"id": self.id, "path": self.path, "title": self.title, "date": self.date}
        for keyword in HIT_KEYWORDS:
            record[str(keyword.json_key)] = self.names(keyword.name) if keyword.multi else self.keywords.get(keyword.name)
        record.update({"score": round(self.score, 4), "snippet": plain_snippet(self.snippet),
                       "also_in": self.also_in, "duplicates": self.duplicates})
        return record


@dataclass
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # matching articles, copies included
    page: int = 1
    folded: int = 0  # copies folded into the hits shown
    stories: int | None = None  # results after folding reposts, when known exactly (every match was gathered)
    suggestion: str | None = None  # the spelling-corrected query, when one was run (or only suggested)
    suggestion_total: int = 0  # how many articles the suggestion matches
    corrected_from: str | None = None  # the query as typed, when these are the corrected query's hits
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def plain_snippet(snippet: str) -> str:
    return snippet.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_END, "")


split_names = split_keywords  # Whoosh's comma-joined keyword text -> names (fields.py)


def parse_partial_date(text: str, option: str) -> tuple[datetime, datetime]:
    """'2021', '2021-09' or '2021-09-26' -> the first and last instant of that period."""
    partial = PartialDate.parse_option(text, option)
    return partial.start(), partial.end()


def check_fields(text: str) -> None:
    """Whoosh would silently search 'compnay:alibaba' as text; a typo deserves an error instead."""
    unquoted = QUOTED.sub(lambda quoted: "_" * len(quoted.group(0)), text)  # same length: positions hold
    for match in FIELD_REFERENCE.finditer(unquoted):
        name = match.group(1)
        if name.lower() not in QUERY_FIELDS and name not in {"http", "https"}:
            fields = ", ".join(sorted(QUERY_FIELDS - {"id", "path"}))
            raise UserError(f"unknown field '{name}' in query (fields: {fields})")
    empty = EMPTY_FIELD.search(unquoted)
    if empty and empty.group(1).lower() in QUERY_FIELDS:
        # Whoosh reads 'company:' with nothing after it as "match everything": never what was meant.
        raise UserError(f"'{empty.group(1)}:' needs a value, e.g. {empty.group(1)}:alibaba")


def make_parser(schema, ranking=None, fields: tuple[str, ...] = SEARCH_FIELDS):
    from whoosh import qparser

    from searchnews.engine.whoosh.ranking import SHIPPED, query_parser

    parser = query_parser(schema, list(fields), ranking or SHIPPED)
    parser.add_plugin(qparser.GtLtPlugin())
    return parser


def search_fields(reader) -> tuple[str, ...]:
    """The fields plain words search: the body alone when no article has a headline (body-only
    sources: a title field with no words would double the work of every query for nothing)."""
    return SEARCH_FIELDS if reader.field_length("title") else ("body",)


def parse_query(text: str, schema, ranking=None, fields: tuple[str, ...] = SEARCH_FIELDS):
    from whoosh import query as wq

    from searchnews.engine.whoosh.querytext import check_syntax, clean_query_text

    text = clean_query_text(text)
    check_syntax(text)
    check_fields(text)
    check_dates(text)
    stripped = text.strip()
    if not stripped:
        return wq.Every()
    parser = make_parser(schema, ranking, fields)
    try:
        parsed = parser.parse(stripped)
    except Exception as error:  # noqa: BLE001 - Whoosh raises many types for bad syntax
        raise UserError(f"bad query syntax: {error}") from None
    return canonical_field_terms(parsed)


def canonical_field_terms(parsed):
    """'company:阿里巴巴' in the query finds what '--company 阿里巴巴' does: the gazetteer's
    canonical name (issue 14); person: and source: likewise."""
    from whoosh import query as wq

    def rewrite(node):
        if isinstance(node, wq.Term) and node.fieldname in KEYWORD_NAMES and isinstance(node.text, str):
            value = canonical_filter_value(node.fieldname, node.text)
            return node if value == node.text else wq.Term(node.fieldname, value, boost=node.boost)
        return node.apply(rewrite) if node.children() else node

    return rewrite(parsed)


QUOTED_DATE = re.compile(r"\bdate:\s*(?P<quote>[\"'])(?P<value>.*?)(?P=quote)", re.I)
DATE_CLAUSE = re.compile(r"\bdate:\s*(?:[\[{](?P<range>[^\]}]*)[\]}]|(?:[<>]=?)?(?P<value>[^\s()]*))", re.I)


def check_dates(text: str) -> None:
    """Whoosh turns 'date:yesterday' into a query matching nothing; say what is wrong instead."""
    for quoted in QUOTED_DATE.finditer(text):  # date:"2021-09" is fine; date:"x y" is not a date
        try:
            parse_partial_date(quoted["value"].strip(), "date")
        except UserError:
            raise UserError(f"bad date in query: 'date:{quoted['quote']}{quoted['value']}{quoted['quote']}' "
                            "(use YYYY, YYYY-MM or YYYY-MM-DD)") from None
    for match in DATE_CLAUSE.finditer(QUOTED.sub(" ", text)):
        values = re.split(r"\s+to\s+", match["range"], flags=re.I) if match["range"] is not None else [match["value"]]
        for value in values:
            if value.strip():
                try:
                    parse_partial_date(value.strip(), "date")
                except UserError:
                    raise UserError(f"bad date in query: 'date:{match.group(0)[5:]}' (use YYYY, YYYY-MM or YYYY-MM-DD)") from None


def filter_query(request: SearchRequest):
    """The filter options (--company, --author, ... and --since/--until) as one Whoosh filter (or None)."""
    from whoosh import query as wq

    clauses = []
    for fieldname, values in request.filter_values():
        clauses.append(wq.Or([wq.Term(fieldname, canonical_filter_value(fieldname, v)) for v in values]))
    if request.since or request.until:
        start, end = period_bounds(request.since, request.until)
        from searchnews.engine.whoosh.datefilter import date_filter

        clauses.append(date_filter(start, end))  # from the date column: 5-15x faster than wq.DateRange
    return wq.And(clauses) if clauses else None


def filter_docnums(searcher, filtering) -> set[int] | None:
    """The filters as one set of docnums, built once per query. Given the query, Whoosh builds a BitSet
    one docnum at a time (a wide date range: ~10k Python calls); the date clause reads its column."""
    if filtering is None:
        return None
    from searchnews.engine.whoosh.datefilter import matching_docnums as dated

    allowed: set[int] | None = None
    for clause in getattr(filtering, "subqueries", [filtering]):
        if type(clause).__name__ == "DateColumnRange":
            docnums = set(dated(searcher.reader(), clause.start, clause.end))
        else:
            docnums = set(searcher.docs_for_query(clause))
        allowed = docnums if allowed is None else allowed & docnums
    return allowed or {-1}  # Whoosh reads an empty filter set as "no filter": allow no real docnum instead


def canonical_filter_value(fieldname: str, value: str) -> str:
    """'Alibaba Group Holding Ltd.' finds the articles indexed under Alibaba; case never matters."""
    if fieldname in {"company", "person"}:
        from searchnews.engine.whoosh.schema import index_entities_file
        from searchnews.extract.entities import load_gazetteer

        gazetteer = load_gazetteer(index_entities_file())  # the index's custom aliases too
        table = gazetteer.companies if fieldname == "company" else gazetteer.persons
        value = table.get(value.strip().casefold(), value)
    elif fieldname == "source":
        from searchnews.extract.outlets import load_outlets

        value = load_outlets().canonical(value) or value
    return " ".join(value.split()).casefold()


def make_highlighter():
    from whoosh import highlight

    class MarkerFormatter(highlight.Formatter):
        between = " … "

        def format_token(self, text, token, replace=False):
            return f"{HIGHLIGHT_START}{highlight.get_text(text, token, replace)}{HIGHLIGHT_END}"

    return highlight.Highlighter(
        # Pinpoint reads match offsets from the postings (body is indexed with chars=True) instead
        # of re-analysing each shown body: half the highlighting time, same snippets (issue 7).
        fragmenter=highlight.PinpointFragmenter(maxchars=220, surround=60, autotrim=True),
        formatter=MarkerFormatter(),
        order=highlight.SCORE,
    )


def search(index_dir: Path, request: SearchRequest, ranking=None, snippets: bool = True) -> SearchResult:
    """`ranking` (searchnews.engine.whoosh.ranking.Ranking) defaults to the shipped settings; the relevance
    benchmark passes its variants, and turns snippets off to rank deep without highlighting.
    When nothing matches and the query has a word the index does not know, the spelling-corrected
    query is run instead (result.corrected_from says so)."""
    from searchnews.engine.whoosh.ranking import SHIPPED, weighting
    from searchnews.engine.whoosh.schema import open_index

    ranking = ranking or SHIPPED
    if request.recency_days:
        from searchnews.engine.whoosh.ranking import with_changes

        ranking = with_changes(ranking, recency_half_life_days=request.recency_days)
    ix = open_index(index_dir)
    with ix.searcher(weighting=weighting(ranking)) as searcher:
        if searcher.doc_count() == 0:
            raise UserError(f"{index_dir}: the index is empty; run 'searchnews ingest' first")
        result = search_with(searcher, request, request.text, ranking, snippets, index_dir)
        if result.total == 0 and request.suggest:
            from searchnews.engine.whoosh.querytext import clean_query_text
            from searchnews.engine.whoosh.suggest import suggest_query

            suggestion = suggest_query(searcher, clean_query_text(request.text))
            if suggestion:
                corrected = search_with(searcher, request, suggestion, ranking, snippets, index_dir)
                if corrected.total and request.replace_with_suggestion:
                    corrected.suggestion, corrected.corrected_from = suggestion, request.text
                    corrected.suggestion_total = corrected.total
                    result = corrected
                elif corrected.total:
                    result.suggestion, result.suggestion_total = suggestion, corrected.total
        return result


def search_with(searcher, request: SearchRequest, text: str, ranking, snippets: bool,
                index_dir: Path | None = None) -> SearchResult:
    """One page of stories for `text` with the request's filters, sort, folding and facets. With the
    dense extra and its vectors beside the index (searchnews/dense), relevance order is re-ranked."""
    from searchnews.engine.whoosh.dedupe import gather_stories
    from searchnews.engine.whoosh.querytext import check_expansions
    from searchnews.engine.whoosh.ranking import plan_query, run_plan

    parsed = parse_query(text, searcher.schema, ranking, search_fields(searcher.reader()))
    check_expansions(parsed, searcher.reader())
    filtering = filter_query(request)
    plan = plan_query(parsed, text, ranking)
    allowed = filter_docnums(searcher, filtering)
    kwargs: dict[str, object] = {"filter": allowed, "terms": snippets}  # matched words: for highlighting
    by_date = request.sort == "date"
    limit, page = max(1, request.limit), max(1, request.page)
    wanted = page * limit
    window = wanted + max(10, wanted // 2) if request.fold else wanted  # folded copies free places: fetch a few more
    matching: set[int] | None = set() if request.facets else None  # filled while ranking: facets count it
    total = 0
    dense = None
    if index_dir is not None and not by_date:
        from searchnews.dense.query import reranker

        dense = reranker(index_dir, searcher, text)

    def fetch(size: int) -> list[object]:
        nonlocal total
        if matching is not None:
            matching.clear()
        if by_date:  # every match, ranked (so each keeps its relevance score), then newest first, undated last
            size = max(size, searcher.doc_count_all())
        if dense is not None:
            from searchnews.dense import DEPTH
            from searchnews.engine.whoosh.ranking import attach_matched_terms

            ranked, total = run_plan(searcher, plan, limit=max(size, DEPTH), ranking=ranking, matches=matching,
                                     **{**kwargs, "terms": False})
            ranked = (dense(ranked[:DEPTH]) + ranked[DEPTH:])[:size]  # below DEPTH: BM25 order
            if kwargs["terms"]:
                attach_matched_terms(searcher, ranked)
            return ranked
        ranked, total = run_plan(searcher, plan, limit=size, ranking=ranking, matches=matching, **kwargs)
        if by_date:
            from searchnews.engine.whoosh.datefilter import date_numbers

            dates = date_numbers(searcher.reader(), [hit.docnum for hit in ranked])
            ranked.sort(key=lambda hit: (dates.get(hit.docnum) is None, -(dates.get(hit.docnum) or 0),
                                         -(hit.score or 0.0), hit.docnum))
        return ranked

    copies_matching = (lambda docnums: matching_docnums(searcher, plan.primary, filtering, docnums)) if request.fold else None
    stories = gather_stories(fetch, searcher.reader(), wanted, window, copies_matching)
    highlighter = make_highlighter()
    shown = stories[(page - 1) * limit:wanted]
    hits = [make_hit(rank, story, searcher, highlighter, snippets)
            for rank, story in enumerate(shown, start=(page - 1) * limit + 1)]
    result = SearchResult(hits=hits, total=total, page=page, folded=sum(len(story.copies) for story in shown))
    if len(stories) < wanted:  # every match was gathered and folded: the number of stories is known exactly
        result.stories = len(stories)
    if request.facets:
        from searchnews.engine.whoosh.facets import FACETS, count_facets

        names = FACETS if request.facets is True else request.facets  # True: all three
        result.facets = count_facets(searcher.reader(), sorted(matching or ()), names, request.facet_limit)
    return result


def make_hit(rank: int, story, searcher, highlighter, snippets: bool) -> Hit:
    hit = story.leader
    stored = hit.fields()
    snippet = (highlighter.highlight_hit(hit, "body", top=2, minscore=1) or "") if snippets else ""
    if not snippet:
        body = str(stored.get("body", ""))
        snippet = body[:200].rsplit(" ", 1)[0] + ("…" if len(body) > 200 else "")
    copies = [searcher.stored_fields(docnum) for docnum in story.copies]
    return Hit(
        rank=rank,
        id=str(stored["id"]),
        path=str(stored.get("path", "")),
        title=str(stored.get("title", "")),
        date=stored.get("date_text"),
        keywords=shown_keywords(stored),
        score=float(hit.score or 0.0),
        snippet=" ".join(snippet.split()),
        also_in=[str(copy.get("source") or copy.get("id")) for copy in copies],
        duplicates=[str(copy.get("id")) for copy in copies],
    )


def matching_docnums(searcher, query, filtering, among: set[int] | None = None) -> set[int]:
    """Every document matching the query and the filters (optionally: which of `among` do)."""
    from whoosh import query as wq

    combined = query if filtering is None else wq.And([query, filtering])
    if among is not None:
        if not among:
            return set()
        ids = [str(searcher.stored_fields(docnum)["id"]) for docnum in among]
        combined = wq.And([combined, wq.Or([wq.Term("id", article_id) for article_id in ids])])
    return set(searcher.docs_for_query(combined))


def resolve_article_id(searcher, given: str) -> str | None:
    """The id of the article `given` names: its id, or the path a shell completes to its file
    (`corpus/reuters/x.txt`, `./x.txt`, an absolute path): the longest trailing part of the path
    that is an id, or the path of a file holding one article. None when nothing matches."""
    if searcher.document_number(id=given) is not None:
        return given
    parts = [part for part in given.replace("\\", "/").split("/") if part not in ("", ".")]
    for start in range(len(parts)):
        candidate = "/".join(parts[start:])
        if searcher.document_number(id=candidate) is not None:
            return candidate
        in_file = [str(stored.get("id")) for stored in searcher.documents(path=candidate)]
        if len(in_file) == 1:
            return in_file[0]
        if in_file:
            listed = ", ".join(sorted(in_file)[:3]) + (", ..." if len(in_file) > 3 else "")
            raise UserError(f"{given} holds {len(in_file)} articles ({listed}); name one of them")
    return None


def article_id_or_error(searcher, given: str, index_dir: Path) -> str:
    found = resolve_article_id(searcher, given)
    if found is None:
        raise UserError(f"no article with id '{given}' in {index_dir} (ids are listed by 'searchnews query')")
    return found


def get_article(index_dir: Path, article_id: str) -> dict[str, object]:
    from searchnews.engine.whoosh.schema import open_index

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        stored = searcher.document(id=article_id_or_error(searcher, article_id, index_dir))
    if stored is None:
        raise UserError(f"no article with id '{article_id}' in {index_dir}")
    return stored


def highlight_article(index_dir: Path, article_id: str, query_text: str) -> tuple[dict[str, object], str, str]:
    """An article's stored fields, and its title and whole body with the query's words marked
    (HIGHLIGHT_START/END), for `searchnews show ID --query Q`."""
    from searchnews.engine.whoosh.querytext import check_expansions
    from searchnews.engine.whoosh.schema import open_index

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        stored = searcher.document(id=article_id_or_error(searcher, article_id, index_dir))
        if stored is None:
            raise UserError(f"no article with id '{article_id}' in {index_dir}")
        parsed = parse_query(query_text, ix.schema)
        reader = searcher.reader()
        check_expansions(parsed, reader)
        words: set[str] = set()
        for leaf in parsed.leaves():
            for fieldname, text in leaf.expanded_terms(reader, phrases=True):
                if fieldname in SEARCH_FIELDS:
                    words.add(text.decode("utf-8") if isinstance(text, bytes) else str(text))
        analyzer = ix.schema["body"].analyzer
        title = mark_words(str(stored.get("title") or ""), words, analyzer)
        body = mark_words(str(stored.get("body") or ""), words, analyzer)
    return stored, title, body


def mark_words(text: str, words: set[str], analyzer) -> str:
    """`text` whole, with every token whose analyzed form is one of `words` between markers."""
    from whoosh import highlight

    if not text or not words:
        return text
    marked = highlight.highlight(text, words, analyzer, highlight.WholeFragmenter(charlimit=None),
                                 make_highlighter().formatter, top=1, minscore=1)
    return marked or text


@contextmanager
def matching_articles(index_dir: Path, request: SearchRequest) -> Iterator[tuple[object, set[int]]]:
    """(reader, docnums) of every article matching the request's query and filters, for counting."""
    from searchnews.engine.whoosh.schema import open_index

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        if searcher.doc_count() == 0:
            raise UserError(f"{index_dir}: the index is empty; run 'searchnews ingest' first")
        yield searcher.reader(), matching_docnums(searcher, planned_query(searcher, request.text), filter_query(request))


def planned_query(searcher, text: str):
    """The query `searchnews query TEXT` matches with (four plain words: any of them), so the
    timeline and every other count agree with the query's total."""
    from whoosh import query as wq

    from searchnews.engine.whoosh.querytext import check_expansions
    from searchnews.engine.whoosh.ranking import plan_query

    parsed = parse_query(text, searcher.schema, None, search_fields(searcher.reader()))
    check_expansions(parsed, searcher.reader())
    plan = plan_query(parsed, text)
    return plan.primary if plan.fill is None else wq.Or([plan.primary, plan.fill])


def similar_articles(index_dir: Path, article_id: str, limit: int = 10, fold: bool = True) -> SearchResult:
    """Articles like `article_id`, best first: never the article itself or any copy of it."""
    from searchnews.engine.whoosh.dedupe import gather_stories
    from searchnews.engine.whoosh.schema import open_index
    from searchnews.engine.whoosh.similar import article_docnum, excluded, similar_query

    ix = open_index(index_dir)
    with ix.searcher() as searcher:
        docnum = article_docnum(searcher, resolve_article_id(searcher, article_id) or article_id)
        query = similar_query(searcher, docnum)
        if query is None:
            return SearchResult()
        mask = excluded(searcher, docnum)
        results = None

        def fetch(size: int) -> list[object]:
            nonlocal results
            results = searcher.search(query, limit=size, mask=mask, terms=True)
            return list(results)

        copies_matching = (lambda docnums: matching_docnums(searcher, query, None, docnums) - mask) if fold else None
        stories = gather_stories(fetch, searcher.reader(), limit, limit * 2 + 10, copies_matching)
        highlighter = make_highlighter()
        hits = [make_hit(rank, story, searcher, highlighter, True) for rank, story in enumerate(stories, start=1)]
        return SearchResult(hits=hits, total=len(results), folded=sum(len(story.copies) for story in stories))
