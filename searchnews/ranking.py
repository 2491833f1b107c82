"""How hits are ordered: analyzer, BM25F parameters, field boosts, word semantics, proximity, recency.

Everything that decides ranking is one `Ranking` record, so the relevance benchmark
(benchmarks/relevance, results in BENCHMARKS.md) can index and query with each variant through
the product's own ingest and search code, and `SHIPPED` holds only what the numbers supported.
Only this module, store.py and search.py import Whoosh.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from functools import lru_cache

# A query typed with operators, quotes, fields, wildcards or grouping is an expert query: it runs
# exactly as written. Plain words get the forgiving treatment below.
# Brackets alone do not count: "(renaissance)" groups nothing, and "nam's" is a word.
EXPERT_SYNTAX = re.compile(r'[":*?\[\]{}^~]|(?:^|\s)[\'+-]\S|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b')


@dataclass(frozen=True)
class Ranking:
    """Ranking settings. Analyzer settings apply when an index is created; the rest per query."""

    stemmer: str = "porter"  # "porter" (Whoosh's), "snowball" (English Snowball) or "none"
    stopwords: str = "whoosh"  # "whoosh" (Whoosh's 34 words), "english" (data/stopwords.txt) or "none"
    fold_accents: bool = True  # "Müller" finds "Muller" and back
    title_index_boost: float = 2.0  # Whoosh field_boost on title (multiplies title term frequencies)
    title_boost: float = 1.0  # query-time weight of title matches (body matches weigh 1)
    idf: str = "whoosh"  # "whoosh": log(N/(df+1))+1; "bm25": Robertson-Sparck Jones log(1+(N-df+.5)/(df+.5))
    k1: float = 1.2  # BM25 term-frequency saturation
    b: float = 0.75  # BM25 length normalisation of the body
    title_b: float | None = None  # length normalisation of titles (None: same as b)
    # How one word's title and body scores combine: "sum" (Whoosh's default) counts a word twice
    # when the title repeats the lead; "max" takes the better field plus field_tiebreak x the other.
    fields: str = "sum"
    field_tiebreak: float = 0.0
    # Unquoted words: "all" must match; "any" may match; "coord": any, with Whoosh's bonus per
    # matched word; "tiered": articles with all words first, then the best articles with some.
    words: str = "all"
    coord_scale: float = 0.9
    compound_words: str = "and"  # "indo-china": "and" (both parts), "or" (either part) or "phrase"
    min_any_words: int = 4  # "tiered" fills up with partial matches only from this many words (1-3: keyword search)
    proximity_boost: float = 0.0  # >0: adjacent query words found near each other in the body add this weight
    proximity_slop: int = 3
    recency_half_life_days: float | None = None  # None: no recency; else newer articles get up to 2x
    recency_candidates: int = 200


# What `searchnews query` uses; each choice is a row in BENCHMARKS.md (python -m benchmarks.relevance).
SHIPPED = Ranking(
    title_index_boost=1.0,  # title weight is set per query (title_boost) ...
    title_boost=1.0,
    fields="max",  # ... and a word counts once, in its better field: titles still beat bodies
    idf="bm25",
    k1=1.5,
    compound_words="or",
    words="tiered",  # all words first (as analysts expect), then partial matches for 4+ words
)


def with_changes(ranking: Ranking, **changes: object) -> Ranking:
    return replace(ranking, **changes)


@lru_cache(maxsize=4)
def load_stopwords(name: str) -> frozenset[str]:
    if name == "none":
        return frozenset()
    if name == "whoosh":
        from whoosh.analysis import STOP_WORDS

        return frozenset(STOP_WORDS)
    if name == "english":
        from importlib import resources  # here, not at the top: it costs every query ~5 ms of start-up

        text = resources.files("searchnews.data").joinpath("stopwords.txt").read_text(encoding="utf-8")
        return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    raise ValueError(f"unknown stop-word list {name!r}")


def text_analyzer(ranking: Ranking = SHIPPED):
    """Tokenize, lower-case, drop stop words, fold accents, stem: Whoosh parts only, so the index
    schema (which pickles its analyzer) never depends on searchnews code to be opened."""
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
    from whoosh.support.charset import accent_map

    analyzer = RegexTokenizer() | LowercaseFilter() | StopFilter(stoplist=load_stopwords(ranking.stopwords), minsize=2)
    if ranking.fold_accents:
        analyzer = analyzer | CharsetFilter(accent_map)
    if ranking.stemmer == "porter":
        analyzer = analyzer | StemFilter(cachesize=50000)
    elif ranking.stemmer == "snowball":
        analyzer = analyzer | StemFilter(lang="en", cachesize=50000)
    elif ranking.stemmer != "none":
        raise ValueError(f"unknown stemmer {ranking.stemmer!r}")
    return analyzer


def weighting(ranking: Ranking = SHIPPED):
    """Whoosh's BM25F: one K1, and B per field (title_B for the short title field)."""
    from whoosh import scoring

    per_field = {} if ranking.title_b is None else {"title_B": ranking.title_b}
    model = scoring.BM25F if ranking.idf == "whoosh" else bm25_idf_model()
    return model(B=ranking.b, K1=ranking.k1, **per_field)


@lru_cache(maxsize=1)
def bm25_idf_model():
    """BM25F with the classic BM25 idf. Whoosh's own idf adds 1 to every term, so a word found in
    most articles still weighs about as much as a rare one; in long queries that noise adds up."""
    from math import log

    from whoosh import scoring

    class BM25FClassicIdf(scoring.BM25F):
        def idf(self, searcher, fieldname, text):
            parent = searcher.get_parent()
            df = parent.doc_frequency(fieldname, text)
            return log(1.0 + (parent.doc_count_all() - df + 0.5) / (df + 0.5))

    return BM25FClassicIdf


def field_boosts(ranking: Ranking = SHIPPED) -> dict[str, float]:
    return {"title": ranking.title_boost, "body": 1.0}


def query_parser(schema, fieldnames: list[str], ranking: Ranking = SHIPPED):
    """Whoosh's MultifieldParser, with words AND-ed and each word's fields combined per `fields`."""
    from whoosh import qparser

    field_group = qparser.OrGroup if ranking.fields == "sum" else dismax_group(ranking.field_tiebreak)
    parser = qparser.QueryParser(None, schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.MultifieldPlugin(fieldnames, fieldboosts=field_boosts(ranking), group=field_group))
    return parser


@lru_cache(maxsize=8)
def dismax_group(tiebreak: float):
    """A parser group making BestField queries with this tiebreak."""
    from whoosh.qparser import syntax

    class BestFieldGroup(syntax.DisMaxGroup):
        qclass = best_field_query()

        def __init__(self, nodes=None, **kwargs):
            kwargs.pop("tiebreak", None)
            super().__init__(nodes=nodes, tiebreak=tiebreak, **kwargs)

    return BestFieldGroup


@lru_cache(maxsize=1)
def best_field_query():
    """Whoosh's DisjunctionMax, scored correctly. Whoosh 2.7's DisjunctionMaxMatcher takes the max
    of its two children's scores even when one child sits on another document, ignores its
    tiebreak, and loses it on replace(); this matcher scores only the children on the current
    document: the best field's score plus tiebreak x the other's."""
    from whoosh import matching
    from whoosh import query as wq

    class BestFieldMatcher(matching.DisjunctionMaxMatcher):
        def copy(self):
            return self.__class__(self.a.copy(), self.b.copy(), tiebreak=self.tiebreak)

        def replace(self, minquality=0):
            replaced = super().replace(minquality)  # builds self.__class__(a, b): tiebreak 0
            if isinstance(replaced, BestFieldMatcher):
                replaced.tiebreak = self.tiebreak
            return replaced

        def score(self):
            a, b = self.a, self.b
            if not a.is_active():
                return b.score()
            if not b.is_active():
                return a.score()
            a_id, b_id = a.id(), b.id()
            if a_id < b_id:
                return a.score()
            if b_id < a_id:
                return b.score()
            a_score, b_score = a.score(), b.score()
            return max(a_score, b_score) + self.tiebreak * min(a_score, b_score)

        def max_quality(self):
            a_quality, b_quality = self.a.max_quality(), self.b.max_quality()
            return max(a_quality, b_quality) + self.tiebreak * min(a_quality, b_quality)

        def block_quality(self):
            a_quality, b_quality = self.a.block_quality(), self.b.block_quality()
            return max(a_quality, b_quality) + self.tiebreak * min(a_quality, b_quality)

    class BestField(wq.DisjunctionMax):
        def _matcher(self, subs, searcher, context):
            # Built here: Whoosh's tree builder drops the tiebreak argument.
            matchers = [sub.matcher(searcher, context) for sub in subs]
            combined = matchers[0]
            for other in matchers[1:]:
                combined = BestFieldMatcher(combined, other, tiebreak=self.tiebreak)
            return combined if self.boost == 1.0 else matching.WrappingMatcher(combined, self.boost)

    return BestField


def is_plain_words(text: str) -> bool:
    return not EXPERT_SYNTAX.search(text)


def word_clauses(parsed) -> list:
    """The per-word clauses of a plain-words query (what the parser AND-ed together)."""
    from whoosh import query as wq

    if isinstance(parsed, wq.And):
        return list(parsed.subqueries)
    return [parsed]


def body_terms(clauses: list) -> list[str]:
    """The analyzed body terms in the order the words were typed (for proximity pairs)."""
    from whoosh import query as wq

    terms: list[str] = []
    for clause in clauses:
        for leaf in clause.leaves():
            if isinstance(leaf, wq.Term) and leaf.fieldname == "body":
                terms.append(leaf.text)
    return terms


def split_compounds(clause, how: str):
    """A word the analyzer splits ("indo-china", "u.s.-soviet") is parsed as an And of its parts;
    "or" relaxes that, "phrase" asks for the parts side by side."""
    from whoosh import query as wq

    if how == "and":
        return clause

    def rewrite(node):
        parts = node.subqueries if isinstance(node, wq.And) else None
        if parts and all(isinstance(part, wq.Term) and part.fieldname == parts[0].fieldname for part in parts):
            if how == "or":
                return wq.Or(list(parts), boost=node.boost)
            return wq.Phrase(parts[0].fieldname, [part.text for part in parts], slop=1, boost=node.boost)
        rewritten = node.apply(rewrite)
        if hasattr(node, "tiebreak"):  # apply() rebuilds compound queries without it
            rewritten.tiebreak = node.tiebreak
        return rewritten

    return rewrite(clause)


@dataclass
class QueryPlan:
    """What to run: the main query, and for "tiered" the query that fills up with partial matches."""

    primary: object
    fill: object | None = None


def plan_query(parsed, text: str, ranking: Ranking = SHIPPED) -> QueryPlan:
    from whoosh import query as wq

    if not is_plain_words(text):
        return QueryPlan(parsed)
    clauses = [split_compounds(clause, ranking.compound_words) for clause in word_clauses(parsed)]
    if ranking.compound_words != "and":
        parsed = wq.And(clauses) if len(clauses) > 1 else clauses[0]
    if len(clauses) < 2:
        return QueryPlan(parsed)
    any_words = wq.Or(clauses)
    if ranking.words == "any":
        plan = QueryPlan(any_words)
    elif ranking.words == "coord":
        plan = QueryPlan(wq.Or(clauses, scale=ranking.coord_scale))
    elif ranking.words == "tiered" and len(clauses) >= ranking.min_any_words:
        plan = QueryPlan(parsed, any_words)
    else:
        plan = QueryPlan(parsed)
    if ranking.proximity_boost > 0:
        terms = body_terms(clauses)
        pairs = [
            wq.Phrase("body", [first, second], slop=ranking.proximity_slop, boost=ranking.proximity_boost)
            for first, second in itertools.pairwise(terms)
            if first != second
        ]
        if pairs:
            near = wq.Or(pairs)
            plan.primary = wq.AndMaybe(plan.primary, near)
            if plan.fill is not None:
                plan.fill = wq.AndMaybe(plan.fill, near)
    return plan


def run_plan(searcher, plan: QueryPlan, limit: int, ranking: Ranking = SHIPPED, **kwargs) -> tuple[list, int]:
    """Whoosh hits for the plan, best first, and how many articles matched in all.

    "tiered": the articles that match every word come first; only when they are fewer than
    `limit` are the best partial matches appended below them (never above).
    terms=True (for highlighting) is honoured for the returned hits only: Whoosh's own way
    records the matched words of every matching article, which cost a third of the query time.
    """
    want_terms = bool(kwargs.pop("terms", False))
    recency = ranking.recency_half_life_days if "sortedby" not in kwargs else None
    depth = max(limit, ranking.recency_candidates) if recency else limit
    results = searcher.search(plan.primary, limit=depth, **kwargs)
    hits = [*iter(results)]  # not list(results): that asks len(), which counts every match
    total = results.estimated_length()
    if plan.fill is not None and len(hits) < depth:
        # Every article matching all words is already in `hits`: mask them out of the fill.
        more = searcher.search(plan.fill, limit=depth - len(hits), mask={hit.docnum for hit in hits}, **kwargs)
        hits.extend(iter(more))
        total += more.estimated_length()
    if recency:
        hits = reweight_by_recency(searcher, hits, recency)
    hits = hits[:limit]
    if want_terms:
        attach_matched_terms(searcher, hits)
    return hits, total


def attach_matched_terms(searcher, hits: list) -> None:
    """Give each hit's Results the (field, word) pairs each hit matched, as terms=True would."""
    reader = searcher.reader()
    by_results: dict[int, tuple[object, list[int]]] = {}
    for hit in hits:
        by_results.setdefault(id(hit.results), (hit.results, []))[1].append(hit.docnum)
    for results, docnums in by_results.values():
        docnums.sort()
        docterms: dict[int, list] = {docnum: [] for docnum in docnums}
        termdocs: dict[tuple, list[int]] = {}
        for term in query_terms(results.q, searcher.schema, reader):
            postings = reader.postings(*term)
            for docnum in docnums:
                if not postings.is_active():
                    break
                if postings.id() < docnum:
                    postings.skip_to(docnum)
                if postings.is_active() and postings.id() == docnum:
                    docterms[docnum].append(term)
                    termdocs.setdefault(term, []).append(docnum)
        results.docterms, results.termdocs = docterms, termdocs


def query_terms(query, schema, reader) -> set[tuple[str, bytes]]:
    """(field, word) pairs the query can match that the index holds, wildcards expanded.
    (Query.existing_terms would do, but it drops the words of all but one phrase in an Or.)"""
    from whoosh import query as wq

    terms: set[tuple[str, bytes]] = set()
    for leaf in query.leaves():
        if isinstance(leaf, wq.MultiTerm):
            terms.update(leaf.existing_terms(reader, expand=True))
            continue
        for fieldname, text in leaf.terms(phrases=True):
            if fieldname in schema:
                term = (fieldname, schema[fieldname].to_bytes(text) if isinstance(text, str) else text)
                if term in reader:
                    terms.add(term)
    return terms


def reweight_by_recency(searcher, hits: list, half_life_days: float) -> list:
    """score x (1 + 2^(-age / half-life)): the newest candidate counts up to twice as much; age is
    measured from the newest dated candidate, so an archive of old news is treated like a new one."""
    from datetime import datetime

    from whoosh.util.times import long_to_datetime

    column = searcher.reader().column_reader("date")  # sortable DATETIME: no stored fields loaded
    dates = {}
    for hit in hits:
        try:
            value = column[hit.docnum]
            if isinstance(value, int):
                value = long_to_datetime(value)
        except (OverflowError, ValueError):  # an undated article reads as an out-of-range default
            continue
        if isinstance(value, datetime) and value.year > 1:
            dates[hit.docnum] = value
    if not dates:
        return hits
    newest = max(dates.values())

    def weighted(hit) -> float:
        when = dates.get(hit.docnum)
        bonus = 0.0 if when is None else 2.0 ** (-((newest - when).total_seconds() / 86400.0) / half_life_days)
        return float(hit.score or 0.0) * (1.0 + bonus)

    rescored = sorted(hits, key=weighted, reverse=True)
    for hit in rescored:
        hit.score = weighted(hit)
    return rescored
