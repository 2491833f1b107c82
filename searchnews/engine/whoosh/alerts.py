"""What alert checking asks of a Whoosh index (check.py's `AlertEngine`, answered here).

Every question is restricted to the articles the caller names or to those committed after a
checkpoint (an `ingest_seq` range), so checking 50 alerts after a batch costs per batch, not per
index. An OpenSearch engine answers the same questions with an ids/range filter on the same fields.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from searchnews.alerts.saved import SavedSearch
from searchnews.errors import UserError


def saved_request(saved: SavedSearch, limit: int = 10):
    from searchnews.engine.whoosh.search import SearchRequest

    filters = {"company": tuple(saved.company), "person": tuple(saved.person), "source": tuple(saved.source)}
    return SearchRequest(saved.query, {name: values for name, values in filters.items() if values},
                         saved.since, saved.until, limit=limit)


def validate(saved: SavedSearch) -> None:
    """Raise UserError when the query or a filter does not parse (checked with the shipped schema,
    so an alert can be saved before the first ingest)."""
    from searchnews.engine.whoosh.schema import build_schema
    from searchnews.engine.whoosh.search import filter_query, parse_query

    check_syntax(saved.query)
    parsed = parse_query(saved.query, build_schema())
    if type(parsed).__name__ == "_NullQuery":
        raise UserError(f"bad query syntax: '{saved.query}' matches nothing as written")
    filter_query(saved_request(saved))


TRAILING_OPERATOR = re.compile(r"(?:^|\s)(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\s*$")


def check_syntax(text: str) -> None:
    """`query` forgives an unclosed '(' or '"' (it searches what it can); an alert runs unattended
    for months, so it is saved only when it reads as written."""
    if text.count('"') % 2:
        raise UserError('bad query syntax: a \'"\' is not closed')
    depth = 0
    for character in re.sub(r'"[^"]*"', " ", text):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            raise UserError("bad query syntax: a ')' has no '('")
    if depth:
        raise UserError("bad query syntax: a '(' is not closed")
    if TRAILING_OPERATOR.search(text):
        raise UserError("bad query syntax: the query ends with an operator")


_PARSED: dict[tuple, tuple[object, object]] = {}


class WhooshAlertEngine:
    """One searcher over the index, opened for one check (a consistent snapshot)."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher
        self.reader = searcher.reader()
        self._docnums: dict[str, int] = {}
        self._signatures = None
        self._copies: dict[str, set[str]] = {}

    # -- what was committed --------------------------------------------------------------------------

    def latest_sequence(self) -> int:
        from searchnews.engine.whoosh.schema import latest_ingest_seq

        return latest_ingest_seq(self.reader)

    def committed_after(self, checkpoint: int) -> dict[str, tuple[int, str]]:
        """id -> (ingest_seq, content hash) of every article committed after `checkpoint`."""
        from whoosh import query as wq

        if "ingest_seq" not in self.searcher.schema:
            return {}
        column = self.reader.column_reader("ingest_seq")
        found: dict[str, tuple[int, str]] = {}
        for docnum in self.searcher.docs_for_query(wq.NumericRange("ingest_seq", checkpoint + 1, None)):
            stored = self.searcher.stored_fields(docnum)
            article_id = str(stored["id"])
            self._docnums[article_id] = docnum
            found[article_id] = (int(column[docnum] or 0), str(stored.get("content_hash") or ""))
        return found

    def docnum(self, article_id: str) -> int | None:
        if article_id not in self._docnums:
            found = self.searcher.document_number(id=article_id)
            if found is None:
                return None
            self._docnums[article_id] = found
        return self._docnums[article_id]

    # -- matching ------------------------------------------------------------------------------------

    def _query(self, saved: SavedSearch):
        from searchnews.engine.whoosh.search import filter_query, parse_query, search_fields

        key = (saved.query, search_fields(self.reader), tuple(saved.company), tuple(saved.person),
               tuple(saved.source), saved.since, saved.until)
        if key not in _PARSED:  # kept for the process: a watch parses each alert once, not per batch
            if len(_PARSED) > 1000:
                _PARSED.clear()
            parsed = parse_query(saved.query, self.searcher.schema, fields=key[1])
            _PARSED[key] = (parsed, filter_query(saved_request(saved)))
        return _PARSED[key]

    def matching_ids(self, saved: SavedSearch, ids: Collection[str]) -> set[str]:
        """Which of `ids` match the saved search (query and filters): the one question alert checking
        needs answered per batch."""
        from searchnews.engine.whoosh.search import filter_docnums

        among = {docnum for article_id in ids if (docnum := self.docnum(article_id)) is not None}
        if not among:
            return set()
        parsed, filtering = self._query(saved)
        allowed = filter_docnums(self.searcher, filtering)
        if allowed is not None:
            among &= allowed
        if not among:
            return set()
        return {str(self.searcher.stored_fields(docnum)["id"]) for docnum in self._matching_among(parsed, among)}

    def _matching_among(self, parsed, among: set[int]) -> Iterator[int]:
        """Docnums of `among` that match `parsed`: the query intersected, segment by segment, with the
        list of candidates, so each posting list is skipped through, not read whole (a 10-article
        batch costs 10 skips per term, whatever the index size)."""
        from whoosh import query as wq

        wanted = sorted(among)
        segments = self.searcher.subsearchers or [(self.searcher, 0)]
        for subsearcher, offset in segments:
            end = offset + subsearcher.reader().doc_count_all()
            local = [docnum - offset for docnum in wanted if offset <= docnum < end]
            if local:
                for docnum in wq.And([parsed, docnum_list_query(local)]).docs(subsearcher):
                    yield docnum + offset

    def all_matching(self, saved: SavedSearch) -> dict[str, str]:
        """id -> content hash of every article matching now (an alert's starting point: not new)."""
        from searchnews.engine.whoosh.search import matching_docnums

        parsed, filtering = self._query(saved)
        found = {}
        for docnum in matching_docnums(self.searcher, parsed, filtering):
            stored = self.searcher.stored_fields(docnum)
            found[str(stored["id"])] = str(stored.get("content_hash") or "")
        return found

    def copies(self, ids: Collection[str]) -> dict[str, set[str]]:
        """id -> ids of its near-duplicates (reposts of the same story), whatever they match."""
        from searchnews.engine.whoosh.dedupe import copies_of, has_fingerprints

        if not has_fingerprints(self.reader):
            return {article_id: set() for article_id in ids}
        if self._signatures is None:  # once per check, not per alert
            self._signatures = self.reader.column_reader("fingerprint")
        found: dict[str, set[str]] = {}
        for article_id in ids:
            if article_id not in self._copies:
                docnum = self.docnum(article_id)
                others = copies_of(self.reader, docnum, self._signatures) if docnum is not None else []
                self._copies[article_id] = {str(self.searcher.stored_fields(other)["id"]) for other in others}
            found[article_id] = self._copies[article_id]
        return found

    # -- showing -------------------------------------------------------------------------------------

    def hits(self, saved: SavedSearch, ids: Collection[str], limit: int | None = None) -> list:
        """The saved search's ranked, highlighted hits among `ids`, reposts folded ("also in")."""
        from searchnews.engine.whoosh.dedupe import gather_stories
        from searchnews.engine.whoosh.search import make_highlighter, make_hit

        among = {docnum for article_id in ids if (docnum := self.docnum(article_id)) is not None}
        if not among:
            return []
        parsed, _ = self._query(saved)  # the filters held when the articles were recorded
        wanted = limit or len(among)

        def fetch(size: int) -> list[object]:
            return list(self.searcher.search(parsed, limit=size, filter=among, terms=True))

        stories = gather_stories(fetch, self.reader, wanted, len(among), lambda docnums: docnums & among)
        highlighter = make_highlighter()
        return [make_hit(rank, story, self.searcher, highlighter, True) for rank, story in enumerate(stories, start=1)]


_DOCNUM_LIST = None


def docnum_list_query(docnums: list[int]):
    """A Whoosh query matching exactly these (sorted, segment-local) document numbers."""
    global _DOCNUM_LIST
    if _DOCNUM_LIST is None:
        from whoosh import query as wq
        from whoosh.matching import ListMatcher

        class DocnumList(wq.Query):
            def __init__(self, docnums: list[int]) -> None:
                self.docnums = docnums

            def __eq__(self, other) -> bool:
                return type(other) is type(self) and other.docnums == self.docnums

            def __hash__(self) -> int:
                return hash(tuple(self.docnums))

            def __unicode__(self) -> str:
                return f"<{len(self.docnums)} docnums>"

            __str__ = __unicode__

            def estimate_size(self, ixreader) -> int:
                return len(self.docnums)

            def matcher(self, searcher, context=None):
                return ListMatcher(list(self.docnums))

        _DOCNUM_LIST = DocnumList
    return _DOCNUM_LIST(docnums)


@contextmanager
def open_engine(index_dir: Path) -> Iterator[WhooshAlertEngine | None]:
    """The engine over the index's current snapshot; None when there is no index yet."""
    from searchnews.engine.whoosh.ranking import SHIPPED, weighting
    from searchnews.engine.whoosh.schema import index_exists, open_index

    if not index_exists(index_dir):
        yield None
        return
    try:
        ix = open_index(index_dir)
    except UserError:
        raise
    with ix.searcher(weighting=weighting(SHIPPED)) as searcher:
        yield WhooshAlertEngine(searcher)
