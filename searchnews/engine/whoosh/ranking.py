"""How hits are ordered: analyzer, BM25F parameters, field boosts, word semantics, proximity, recency.

Everything that decides ranking is one `Ranking` record, so the relevance benchmark
(benchmarks/relevance, results in BENCHMARKS.md) can index and query with each variant through
the product's own ingest and search code, and `SHIPPED` holds only what the numbers supported.
Only this module, store.py and search.py import Whoosh.
"""

from __future__ import annotations

import itertools
import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from functools import lru_cache

# A query typed with operators, fields, wildcards, boosts or ranges is an expert query: it runs
# exactly as written. Plain words get the forgiving treatment below. Not syntax, because the parser
# reads them as words (issue 14: 9 of CISI's 76 questions ran as an AND of 100 words and found
# nothing): brackets alone ("(renaissance)"), a quoted word ('their "distances"'), a leading '-',
# '+' or "'" ("-dash", "'a'"), a colon ending a word ("fuzzy requests: an approach"). A quoted
# phrase is one clause among the words, scored as the phrase.
EXPERT_SYNTAX = re.compile(r'[*?\[\]{}^~]|\w:(?=\S)|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b')
WORD_CHARACTER = re.compile(r"\w")


@dataclass(frozen=True)
class Ranking:
    """Ranking settings. Analyzer settings apply when an index is created; the rest per query."""

    # "porter" (Porter's reference code, searchnews.engine.whoosh.porter: what FTS5 and OpenSearch stem),
    # "whoosh-porter" (Whoosh's port, which keeps 'shipp' for 'shipping'), "snowball" (English Snowball) or "none"
    stemmer: str = "porter"
    # "whoosh" (Whoosh's 34 words), "whoosh-keep-us" (without "us"), "english" (data/stopwords.txt) or "none"
    stopwords: str = "whoosh"
    fold_accents: bool = True  # "Müller" finds "Muller" and back
    cjk: str = "bigram"  # Chinese/Japanese/Korean runs: "bigram" (searchnews.engine.whoosh.cjk, issue 14) or "none" (one word per run)
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
    # Unquoted words: "all" must match; "any" may match; "whoosh-coord": any, with Whoosh's bonus per
    # matched word; "tiered": articles with all words first, then the best articles with some;
    # "coord": from min_any_words words on, any, score x (share of the words matched) ^ coord_power.
    words: str = "all"
    coord_scale: float = 0.9
    coord_power: float = 1.0
    compound_words: str = "and"  # "indo-china": "and" (both parts), "or" (either part) or "phrase"
    min_any_words: int = 4  # "tiered" fills up with partial matches only from this many words (1-3: keyword search)
    proximity_boost: float = 0.0  # >0: adjacent query words found near each other in the body add this weight
    proximity_slop: int = 3
    # >0: proximity reranks only the first pass's best `proximity_candidates` articles, from their
    # positions (same bonus as the all-matches Phrase query, a fraction of its cost); 0: Phrase query
    proximity_candidates: int = 0
    # rerank only: a pair near each other in the title counts too (each pair once, in its better
    # field), so a title that holds the words side by side is not passed by a body that does
    proximity_title: bool = False
    # Pseudo-relevance feedback for "any"/"coord" queries of min_any_words+ words: the key words
    # (Bo1) of the first pass's top feedback_docs articles are added with feedback_weight.
    feedback_docs: int = 0
    feedback_terms: int = 10
    feedback_weight: float = 0.3
    # Questions (any-word queries): words of this stop list ("english": data/stopwords.txt, 170
    # function words such as 'what', 'are', 'there') are not searched; "none" searches every word
    question_stopwords: str = "none"
    # Questions: words found in more than this share of the articles are not searched (a stop list
    # the index itself gives: "what", "papers", "information" in a library-science archive); 1: none
    question_max_df: float = 1.0
    query_term_frequency: bool = False  # any-word queries: a word typed n times weighs n times (else once)
    recency_half_life_days: float | None = None  # None: no recency; else newer articles get up to 2x
    recency_candidates: int = 200


# What `searchnews query` uses; each choice is a row in BENCHMARKS.md (python -m benchmarks.relevance).
SHIPPED = Ranking(
    stopwords="whoosh-keep-us",  # "US sanctions" searches both words
    title_index_boost=1.0,  # title weight is set per query (title_boost) ...
    title_boost=1.0,
    fields="max",  # ... and a word counts once, in its better field: titles still beat bodies
    idf="bm25",
    k1=2.0,  # issue 14 (was 1.5)
    compound_words="or",
    words="any",  # 1-3 words: all must match; 4+ words (a question): any, in one pass, best first
    # r16: the best 10 are reranked by adjacent query words found near each other (+1 MAP point),
    # from the postings the first pass already read (0.82x Whoosh OrGroup, was 0.76x without; round 4)
    proximity_boost=0.1,
    proximity_slop=8,
    proximity_candidates=10,
    # Issue 14, chosen on TIME, CISI and Cranfield together by the worst ratio to the best plain
    # BM25 (python -m benchmarks.relevance.grid; BENCHMARKS.md): CISI 0.75x -> 1.06x MAP
    query_term_frequency=True,  # a word asked 3 times weighs 3x (the long questions' main gain)
    question_stopwords="english",  # questions: 'what', 'there', 'which' ... are not searched
    field_tiebreak=0.3,  # a word in title and body: the better field + 0.3 x the other
)
# Bo1 feedback (5-10 articles) and a stop list from document frequency measured worse (grid rounds 2-3);
# proximity 0.2 scored best by the worst ratio (1.020 vs 1.011) but ranks a body match above a title match
# (tests/test_query.py::test_title_match_outranks_body_match), so k1 2.0 (best geometric mean) ships.
# Round 5 (t14d): proximity_title (title pairs count too) keeps title matches first at 0.2, but with the
# corrected Porter baseline the best such row beats this one by 0.001 in the worst cell only (BENCHMARKS.md).


def with_changes(ranking: Ranking, **changes: object) -> Ranking:
    return replace(ranking, **changes)


@lru_cache(maxsize=4)
def load_stopwords(name: str) -> frozenset[str]:
    if name == "none":
        return frozenset()
    if name in ("whoosh", "whoosh-keep-us"):
        from whoosh.analysis import STOP_WORDS

        # "US sanctions" must not search only "sanctions"
        return frozenset(STOP_WORDS) - ({"us"} if name == "whoosh-keep-us" else set())
    if name == "english":
        from importlib import resources  # here, not at the top: it costs every query ~5 ms of start-up

        text = resources.files("searchnews.data").joinpath("stopwords.txt").read_text(encoding="utf-8")
        return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))
    raise ValueError(f"unknown stop-word list {name!r}")


def text_analyzer(ranking: Ranking = SHIPPED):
    """Tokenize, lower-case, drop stop words, fold accents, stem. The index schema pickles this
    chain: Whoosh's filters plus two plain searchnews parts it names (cjk.CJKBigramFilter and
    porter.stem), so opening an index needs searchnews importable, nothing else."""
    from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
    from whoosh.support.charset import accent_map

    analyzer = RegexTokenizer() | LowercaseFilter() | StopFilter(stoplist=load_stopwords(ranking.stopwords), minsize=2)
    if ranking.cjk == "bigram":
        from searchnews.engine.whoosh.cjk import CJKBigramFilter

        analyzer = analyzer | CJKBigramFilter()
    elif ranking.cjk != "none":
        raise ValueError(f"unknown CJK analysis {ranking.cjk!r}")
    if ranking.fold_accents:
        analyzer = analyzer | CharsetFilter(accent_map)
    if ranking.stemmer == "porter":
        from searchnews.engine.whoosh.porter import stem

        analyzer = analyzer | StemFilter(stemfn=stem, cachesize=50000)
    elif ranking.stemmer == "whoosh-porter":
        analyzer = analyzer | StemFilter(cachesize=50000)
    elif ranking.stemmer == "snowball":
        analyzer = analyzer | StemFilter(lang="en", cachesize=50000)
    elif ranking.stemmer != "none":
        raise ValueError(f"unknown stemmer {ranking.stemmer!r}")
    return analyzer


def weighting(ranking: Ranking = SHIPPED):
    """Whoosh's BM25F: one K1, and B per field (title_B for the short title field)."""
    per_field = {} if ranking.title_b is None else {"title_B": ranking.title_b}
    model = fast_bm25_model() if ranking.idf == "whoosh" else bm25_idf_model()
    return model(B=ranking.b, K1=ranking.k1, **per_field)


@lru_cache(maxsize=1)
def fast_bm25_model():
    """Whoosh's BM25F, scoring from the segment's whole field-length column read at once.
    Whoosh reads one document's length from the file per posting scored (with the index opened
    without mmap, as store.open_index does, that was a fifth of a long query's time); lengths are
    stored as one byte each, so the BM25 length term is a 256-entry table per field."""
    from whoosh import scoring

    class FastBM25F(scoring.BM25F):
        def scorer(self, searcher, fieldname, text, qf=1):
            if not searcher.schema[fieldname].scorable:
                return scoring.WeightScorer.for_(searcher, fieldname, text)
            b = self._field_B.get(fieldname, self.B)
            tables = length_tables(searcher, fieldname, b, self.K1)
            if tables is None:
                return scoring.BM25FScorer(searcher, fieldname, text, b, self.K1, qf=qf)
            return TableScorer(searcher, fieldname, text, b, self.K1, *tables)

    class TableScorer(scoring.BM25FScorer):
        def __init__(self, searcher, fieldname, text, b, k1, lengths, norms):
            self.lengths, self.norms, self.k1_plus_1 = lengths, norms, k1 + 1.0
            super().__init__(searcher, fieldname, text, b, k1)
            self.scale = self.idf * self.k1_plus_1

        def score(self, matcher):
            weight = matcher.weight()
            return self.scale * weight / (weight + self.norms[self.lengths[matcher.id()]])

    return FastBM25F


def length_tables(searcher, fieldname: str, b: float, k1: float):
    """(length byte per document, k1 x length normalisation per byte value) for one segment's
    field, cached on the segment reader; None where the codec is not the one we know."""
    reader = searcher.reader()
    cache = reader.__dict__.setdefault("_searchnews_lengths", {})
    key = (fieldname, b, k1)
    if key not in cache:
        try:
            from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
            from whoosh.util.numeric import byte_to_length

            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            doccount = reader.doc_count_all()
            if column is None:
                lengths = bytes(doccount + 1)
            else:
                lengths = column._dbfile.get(column._basepos, column._count * column._fixedlen)
                lengths += bytes(doccount + 1 - len(lengths))
            average = searcher.get_parent().avg_field_length(fieldname) or 1
            # byte 0 = no length stored: Whoosh then uses length 1
            norms = [k1 * ((1 - b) + b * (byte_to_length(value) if value else 1) / average) for value in range(256)]
            cache[key] = (lengths, norms)
        except (AttributeError, ImportError, TypeError):
            cache[key] = None
    return cache[key]


@lru_cache(maxsize=1)
def bm25_idf_model():
    """BM25F with the classic BM25 idf. Whoosh's own idf adds 1 to every term, so a word found in
    most articles still weighs about as much as a rare one; in long queries that noise adds up."""
    from math import log

    class BM25FClassicIdf(fast_bm25_model()):
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
    parser = cjk_query_parser()(None, schema, group=qparser.AndGroup)
    parser.add_plugin(qparser.MultifieldPlugin(fieldnames, fieldboosts=field_boosts(ranking), group=field_group))
    return parser


@lru_cache(maxsize=1)
def cjk_query_parser():
    """Whoosh's QueryParser, reading a Chinese word (several bigrams, searchnews.engine.whoosh.cjk) as a phrase
    of its bigrams, as Lucene does: '未成年人' is 未成 成年 年人 side by side, never any of them."""
    from whoosh import qparser

    from searchnews.engine.whoosh.cjk import is_cjk

    class CJKQueryParser(qparser.QueryParser):
        def multitoken_query(self, spec, texts, fieldname, termclass, boost):
            if any(is_cjk(text) for text in texts):
                return self.phraseclass(fieldname, texts, boost=boost)
            return super().multitoken_query(spec, texts, fieldname, termclass, boost)

    return CJKQueryParser


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
        def apply(self, fn):
            # Whoosh rebuilds a compound query without its tiebreak (canonical_field_terms applies
            # a rewrite to every parsed query: field_tiebreak was always 0 until issue 14)
            applied = super().apply(fn)
            applied.tiebreak = self.tiebreak
            return applied

        def _matcher(self, subs, searcher, context):
            # Built here: Whoosh's tree builder drops the tiebreak argument.
            # A field the word never occurs in (a title field with no headlines) is left out.
            matchers = [matcher for matcher in (sub.matcher(searcher, context) for sub in subs)
                        if matcher.is_active()] or [matching.NullMatcher()]
            combined = matchers[0]
            for other in matchers[1:]:
                combined = BestFieldMatcher(combined, other, tiebreak=self.tiebreak)
            return combined if self.boost == 1.0 else matching.WrappingMatcher(combined, self.boost)

    return BestField


@lru_cache(maxsize=1)
def coordinated_query():
    """Any of the words, each article's score scaled by (words it matches / words asked) ^ power:
    one pass, and an article with every word still tends to come first (Lucene's classic "coord").
    Scores are summed into an array per block of documents, as Whoosh's own Or does on small
    indexes, with a count of matched words beside them."""
    from array import array

    from whoosh import matching
    from whoosh import query as wq

    class CoordinatedMatcher(matching.ArrayUnionMatcher):
        part_size = 2048  # documents scored per array fill

        def __init__(self, submatchers, doccount, wanted, power, boost=1.0):
            self._wanted, self._power = wanted, power
            super().__init__(submatchers, doccount, boost=boost, partsize=min(doccount, self.part_size) or 1)

        def _read_part(self):
            size = self._partsize
            offset, limit = self._docnum, min(self._docnum + size, self._doccount)
            scores = array("d", bytes(8 * size))
            counting = self._power != 0
            counts = array("H", bytes(2 * size)) if counting else None
            for sub in self._submatchers:  # the hot loop of a long query: methods bound once
                is_active, current, score, advance = sub.is_active, sub.id, sub.score, sub.next
                while is_active():
                    docnum = current()
                    if docnum >= limit:
                        break
                    scores[docnum - offset] += score()
                    if counting:
                        counts[docnum - offset] += 1
                    advance()
            if self._boost != 1.0:
                for slot in range(size):
                    scores[slot] *= self._boost
            if counting:
                wanted, power = self._wanted, self._power
                factors = [(matched / wanted) ** power for matched in range(wanted + 1)]
                for slot, matched in enumerate(counts):
                    if matched:
                        scores[slot] *= factors[matched]
            self._a, self._offset, self._limit = scores, offset, limit

        def all_ids(self):
            # Whoosh's ArrayUnionMatcher.all_ids keeps its own reference to the first score array,
            # but _read_part above makes a new array per part: past the first 2,048 documents it read
            # stale scores and listed wrong articles (every count of a long query was off; issue 11).
            while self.is_active():
                yield self.id()
                self.next()

        def max_quality(self):  # a sum's bound is the sum of the bounds (Whoosh's Or says the max)
            return sum(sub.max_quality() for sub in self._submatchers) * self._boost

        # Each document is its own "block" with its exact score as quality, so Whoosh's top-N
        # collector skips, inside the score array, every article that cannot enter the top N
        # instead of stepping through all matches (a long question at 20k articles matches most).
        def supports_block_quality(self):
            return True

        def block_quality(self):
            return self._a[self._docnum - self._offset] if self._docnum < self._limit else 0.0

        def next(self):
            self._docnum += 1
            self._find_next()
            return True

        def skip_to_quality(self, minquality):
            skipped = 0
            while self._docnum < self._doccount:
                scores, offset, docnum, limit = self._a, self._offset, self._docnum, self._limit
                while docnum < limit and scores[docnum - offset] <= minquality:
                    docnum += 1
                skipped += docnum - self._docnum
                if docnum < limit:
                    self._docnum = docnum
                    break
                self._docnum = self._min_id()  # past this part: read the next one with any match
                if self._docnum >= self._doccount:
                    break
                self._read_part()
            return skipped

    class CoordinatedOr(wq.Or):
        def __init__(self, subqueries, boost=1.0, power=1.0, **kwargs):
            super().__init__(subqueries, boost=boost)
            self.power = power

        def _matcher(self, subs, searcher, context):
            matchers = [matcher for matcher in (sub.matcher(searcher, context) for sub in subs) if matcher.is_active()]
            if not matchers:
                return matching.NullMatcher()
            return CoordinatedMatcher(matchers, searcher.doc_count_all(), len(subs), self.power, self.boost)

    CoordinatedOr.matcher_class = CoordinatedMatcher
    return CoordinatedOr


def typed_words(text: str) -> int:
    return sum(1 for token in text.split() if WORD_CHARACTER.search(token))


def is_plain_words(text: str) -> bool:
    return not EXPERT_SYNTAX.search(text)


def is_or_of_words(text: str) -> bool:
    """'a OR b OR c' with plain words between the ORs: any of the words, as 'a b c d' asks (issue 14)."""
    tokens = text.split()
    return (len(tokens) >= 3 and len(tokens) % 2 == 1 and all(token == "OR" for token in tokens[1::2])
            and is_plain_words(" ".join(tokens[0::2])))


def word_clauses(parsed, joined=None) -> list:
    """The per-word clauses of a plain-words query (what the parser AND-ed together, or OR-ed
    when the words were typed with OR between them)."""
    from whoosh import query as wq

    if isinstance(parsed, joined or wq.And):
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


def compound_parts(clause) -> list:
    """A split compound ("non-communist" read as either part) as one clause per part, each part
    keeping the clause's fields; any other clause as it is."""
    from whoosh import query as wq

    if isinstance(clause, wq.Or) and all(isinstance(part, wq.Term) for part in clause.subqueries):
        return [part.with_boost(part.boost * clause.boost) if clause.boost != 1 else part for part in clause.subqueries]
    if isinstance(clause, wq.DisjunctionMax):
        per_field = clause.subqueries
        if per_field and all(isinstance(sub, wq.Or) and all(isinstance(t, wq.Term) for t in sub.subqueries)
                             and len(sub.subqueries) == len(per_field[0].subqueries) for sub in per_field):
            return [type(clause)([sub.subqueries[index] for sub in per_field], boost=clause.boost,
                                 tiebreak=clause.tiebreak)
                    for index in range(len(per_field[0].subqueries))]
    return [clause]


@lru_cache(maxsize=4)
def cached_analyzer(ranking: Ranking):
    """One analyzer per ranking for query text: its stemming cache then lasts across queries."""
    return text_analyzer(ranking)


def weighted_by_repeats(clauses: list, text: str, ranking: Ranking) -> list:
    """Each clause boosted by how often its word was typed (the parser merges repeats)."""
    from collections import Counter

    from whoosh import query as wq

    counts = Counter(token.text for token in cached_analyzer(ranking)(text))
    weighted = []
    for clause in clauses:
        times = max((counts[leaf.text] for leaf in clause.leaves() if isinstance(leaf, wq.Term)), default=1)
        weighted.append(clause.with_boost(clause.boost * times) if times > 1 else clause)
    return weighted


def is_question_word(clause, ranking: Ranking) -> bool:
    """Every term of the clause is an analyzed word of the question stop list ('what', 'are')."""
    from whoosh import query as wq

    stops = question_stop_terms(ranking.question_stopwords, ranking.stemmer, ranking.fold_accents)
    leaves = list(clause.leaves())
    return bool(leaves) and all(isinstance(leaf, wq.Term) and leaf.text in stops for leaf in leaves)


@lru_cache(maxsize=4)
def question_stop_terms(name: str, stemmer: str, fold_accents: bool) -> frozenset[str]:
    """The stop list as the index's analyzer writes its words (stemmed: 'does' -> 'doe')."""
    analyzer = text_analyzer(Ranking(stopwords="none", stemmer=stemmer, fold_accents=fold_accents, cjk="none"))
    return frozenset(token.text for word in load_stopwords(name) for token in analyzer(word))


@dataclass
class QueryPlan:
    """What to run: the main query, and for "tiered" the query that fills up with partial matches."""

    primary: object
    fill: object | None = None
    expandable: list | None = None  # the word clauses, when feedback may add words to them
    near_pairs: list | None = None  # adjacent body words (typed order) whose nearness reranks the top candidates
    question: list | None = None  # a question's word clauses, when common words may be dropped (question_max_df)


def plan_query(parsed, text: str, ranking: Ranking = SHIPPED) -> QueryPlan:
    from whoosh import query as wq

    from searchnews.engine.whoosh.querytext import question_punctuation

    text = question_punctuation(text)
    or_words = is_or_of_words(text)  # 'a OR b OR c' is planned as the any-word query 'a b c' is
    if not or_words and not is_plain_words(text):
        return QueryPlan(parsed)
    clauses = [split_compounds(clause, ranking.compound_words)
               for clause in word_clauses(parsed, wq.Or if or_words else wq.And)]
    if ranking.words in ("any", "coord"):
        # Any word may match: the parts of a split compound are words of their own, and a word
        # typed twice counts once, whichever fields are searched (Whoosh merges the repeats of a
        # one-field term, but not of a title-or-body clause).
        parts = [part for clause in clauses for part in compound_parts(clause)]
        clauses = list(dict.fromkeys(parts))
        if ranking.query_term_frequency:  # BM25's query-term frequency: a word asked 3 times weighs 3x
            clauses = weighted_by_repeats(clauses, text, ranking)
    if ranking.compound_words != "and" or or_words:
        parsed = (wq.Or if or_words else wq.And)(clauses) if len(clauses) > 1 else clauses[0]
    if len(clauses) < 2:
        return QueryPlan(parsed)
    any_words = wq.Or(clauses)
    # "four or more plain words" counts the words as typed: "successor to premier khrushchev" is a
    # question, though only three of its words are left after stop words. Words joined by OR
    # ask for any of them however few they are.
    long_query = or_words or typed_words(text) >= ranking.min_any_words
    if long_query and ranking.question_stopwords != "none" and ranking.words in ("any", "coord"):
        asked = [clause for clause in clauses if not is_question_word(clause, ranking)]
        clauses = asked if len(asked) >= 1 else clauses
        if len(clauses) < 2:
            return QueryPlan(clauses[0])
        any_words = wq.Or(clauses)
    if ranking.words == "any" and long_query:
        plan = QueryPlan(coordinated_query()(clauses, power=0.0))
        if ranking.question_max_df < 1.0:
            plan.question = clauses
    elif ranking.words == "whoosh-coord":
        plan = QueryPlan(wq.Or(clauses, scale=ranking.coord_scale))
    elif ranking.words == "coord" and long_query:
        plan = QueryPlan(coordinated_query()(clauses, power=ranking.coord_power))
    elif ranking.words == "tiered" and len(clauses) >= ranking.min_any_words:
        plan = QueryPlan(parsed, any_words)
    else:
        plan = QueryPlan(parsed)
    if ranking.feedback_docs and ranking.words in ("any", "coord") and long_query:
        plan.expandable = clauses
    if ranking.proximity_boost > 0:
        add_proximity(plan, clauses, ranking)
    return plan


def add_proximity(plan: QueryPlan, clauses: list, ranking: Ranking) -> None:
    """Adjacent query words near each other in the body: a rerank of the best candidates, or a Phrase(slop) query."""
    from whoosh import query as wq

    terms = body_terms(clauses)
    pairs = [
        wq.Phrase("body", [first, second], slop=ranking.proximity_slop, boost=ranking.proximity_boost)
        for first, second in itertools.pairwise(terms)
        if first != second
    ]
    if pairs and ranking.proximity_candidates > 0:
        plan.near_pairs = [(pair.words[0], pair.words[1]) for pair in pairs]
    elif pairs:
        near = wq.Or(pairs)
        plan.primary = wq.AndMaybe(plan.primary, near)
        if plan.fill is not None:
            plan.fill = wq.AndMaybe(plan.fill, near)


def without_common_words(searcher, plan: QueryPlan, ranking: Ranking) -> QueryPlan:
    """The question without its words found in more than question_max_df of the articles (body
    document frequency), when at least two words are left."""
    from whoosh import query as wq

    total = searcher.doc_count_all() or 1
    limit = ranking.question_max_df * total

    def common(clause) -> bool:
        terms = [leaf for leaf in clause.leaves() if isinstance(leaf, wq.Term) and leaf.fieldname == "body"]
        return bool(terms) and all(searcher.doc_frequency("body", leaf.text) > limit for leaf in terms)

    kept = [clause for clause in plan.question if not common(clause)]
    if len(kept) == len(plan.question) or len(kept) < 2:
        return plan
    narrowed = QueryPlan(coordinated_query()(kept, power=0.0), expandable=kept if plan.expandable else None)
    if ranking.proximity_boost > 0:
        add_proximity(narrowed, kept, ranking)
    return narrowed


def run_plan(searcher, plan: QueryPlan, limit: int, ranking: Ranking = SHIPPED, matches: set[int] | None = None,
             **kwargs) -> tuple[list, int]:
    """Whoosh hits for the plan, best first, and how many articles matched in all.

    "tiered": the articles that match every word come first; only when they are fewer than
    `limit` are the best partial matches appended below them (never above).
    terms=True (for highlighting) is honoured for the returned hits only: Whoosh's own way
    records the matched words of every matching article, which cost a third of the query time.
    `matches`, when given, is filled with every article the primary query matches (filters
    applied) while it is ranked, and the total is then exact: facets need that set, and building
    it with a second run of the query cost a fifth of a faceted query.
    """
    want_terms = bool(kwargs.pop("terms", False))
    if plan.question:
        plan = without_common_words(searcher, plan, ranking)
    # Every match is visited (no skipping of low-scoring blocks), so the collector counts them exactly
    # as it goes: the total a user sees is never Whoosh's estimate (which counts deleted articles and
    # guesses for AND; issue 11). Counting this way costs ~2 ms CPU per query at 6,000 Reuters stories,
    # a second run to count ~7 ms (benchmarks/exact_totals.py).
    kwargs["optimize"] = False
    recency = ranking.recency_half_life_days if "sortedby" not in kwargs else None
    depth = max(limit, ranking.recency_candidates) if recency else limit
    rerank = bool(plan.near_pairs) and "sortedby" not in kwargs
    if rerank:
        depth = max(depth, ranking.proximity_candidates)
    kept: dict | None = {} if rerank else None
    with keeping_postings(searcher, plan.near_pairs if rerank else None, kept):
        results = search_recording(searcher, plan.primary, matches, limit=depth, **kwargs)
        hits = [*iter(results)]  # not list(results): that asks len(), which counts every match
    total = len(results)  # exact: Whoosh's estimated_length() counts deleted articles and guesses for AND
    if plan.expandable and hits and "sortedby" not in kwargs:
        expanded = feedback_query(searcher, plan, hits, ranking)
        if expanded is not None:
            hits = [*iter(searcher.search(expanded, limit=depth, **kwargs))]
    if plan.fill is not None and len(hits) < depth:
        # Every article matching all words is already in `hits`: mask them out of the fill.
        more = search_recording(searcher, plan.fill, None, limit=depth - len(hits), mask={hit.docnum for hit in hits},
                                **kwargs)
        hits.extend(iter(more))
        total += len(more)
    if rerank:
        with keeping_blocks(kept.get(KEPT_BLOCKS) if kept else None):  # the first pass's blocks
            hits = rerank_by_proximity(searcher, hits, plan.near_pairs, ranking, kept)
    if recency:
        hits = reweight_by_recency(searcher, hits, recency)
    hits = hits[:limit]
    if want_terms:
        attach_matched_terms(searcher, hits)
    return hits, total


def search_recording(searcher, query, matches: set[int] | None, **kwargs):
    """searcher.search(query, **kwargs), adding every collected docnum to `matches` (when not None).
    Only Whoosh's top-N collector with optimize=False is recorded; any other collector (a sort by
    date) leaves the set to a second run of the query."""
    from whoosh.collectors import TopCollector

    collector = searcher.collector(**kwargs)
    inner = collector
    while hasattr(inner, "child"):  # a filter or mask wraps the collector that ranks
        inner = inner.child
    exhaustive = type(inner) is TopCollector and not inner.usequality
    if exhaustive:
        # Whoosh still replaces the matcher every 10 matches with one for the current minimum
        # score, which drops the words that cannot reach it, and their matches (the count of
        # 'oil' in March was 5 short): no replacing, so every match is visited and counted.
        inner.replace = 0
    recorded = matches is not None and exhaustive
    if recorded:
        collect, add = inner.collect, matches.add

        def collect_recorded(sub_docnum):
            add(inner.offset + sub_docnum)
            return collect(sub_docnum)

        inner.collect = collect_recorded  # Whoosh's collect_matches looks it up on the instance
    searcher.search_with_collector(query, collector)
    results = collector.results()
    if matches is not None and not recorded:
        matches.update(results.docs())
    return results


def rerank_by_proximity(searcher, hits: list, pairs: list, ranking: Ranking, kept: dict | None = None) -> list:
    """The best `proximity_candidates` hits re-sorted after adding, for each pair of adjacent query
    words whose second word follows the first within `proximity_slop` positions in the body,
    proximity_boost x both words' BM25 scores: what the Phrase(slop) query scores, read from the
    positions of the candidates only (skipping in each word's postings) instead of every match.
    With proximity_title, a pair also counts when near in the title (once, in its better field).
    Bonuses are never negative, so the candidates stay above the hits below them."""
    from bisect import bisect_right

    from whoosh.reading import TermNotFound

    count = ranking.proximity_candidates
    head, tail = hits[:count], hits[count:]
    if len(head) < 2:
        return hits
    words = list(dict.fromkeys(word for pair in pairs for word in pair))
    slop, boost = ranking.proximity_slop, ranking.proximity_boost
    bonus: dict[int, float] = {}
    wanted = sorted(hit.docnum for hit in head)
    fields = ("body", "title") if ranking.proximity_title else ("body",)
    for subsearcher, offset in searcher.leaf_searchers():
        reader = subsearcher.reader()
        end = offset + reader.doc_count_all()
        local = [docnum - offset for docnum in wanted if offset <= docnum < end]
        if not local:
            continue
        # per candidate: pair (by its place in `pairs`) -> its bonus in the better field
        best: dict[int, dict[int, float]] = {docnum: {} for docnum in local}
        for fieldname in fields:
            if fieldname not in subsearcher.schema:
                continue
            field = subsearcher.schema[fieldname]
            decode = field.format.decode_as
            # per candidate: word -> (encoded positions, BM25 score); positions are decoded only for pairs
            found: dict[int, dict[str, list]] = {docnum: {} for docnum in local}
            for word in words:
                term = field.to_bytes(word) if isinstance(word, str) else word
                postings = (kept or {}).get((id(subsearcher), term)) if fieldname == "body" else None
                if postings is not None:
                    postings.reset()  # the first pass's matcher, with its scorer
                else:
                    try:
                        postings = reader.postings(fieldname, term,
                                                   scorer=searcher.weighting.scorer(subsearcher, fieldname, term))
                    except TermNotFound:
                        continue
                for docnum in postings_at(postings, local):
                    found[docnum][word] = [postings.value(), postings.score()]
            for docnum, seen in found.items():
                for place, (first, second) in enumerate(pairs):
                    if first in seen and second in seen:
                        a, b = seen[first], seen[second]
                        if isinstance(a[0], bytes):
                            a[0] = decode("positions", a[0])
                        if isinstance(b[0], bytes):
                            b[0] = decode("positions", b[0])
                        after = b[0]
                        # some occurrence of `second` 1..slop positions after one of `first`
                        if any((index := bisect_right(after, start)) < len(after) and after[index] - start <= slop
                               for start in a[0]):
                            pair_bonus = best[docnum]
                            pair_bonus[place] = max(pair_bonus.get(place, 0.0), a[1] + b[1])
        for docnum, pair_bonus in best.items():
            if pair_bonus:
                bonus[docnum + offset] = boost * sum(pair_bonus.values())
    if not bonus:
        return hits
    for hit in head:
        if hit.docnum in bonus:
            hit.score = float(hit.score or 0.0) + bonus[hit.docnum]
    head.sort(key=lambda hit: hit.score, reverse=True)  # stable: ties keep the first pass's order
    return head + tail


@contextmanager
def keeping_postings(searcher, pairs: list | None, kept: dict | None):
    """While the first pass runs, keep in `kept` ((id of leaf searcher, word) -> matcher) the body
    postings it opens for the words of `pairs`, and the posting blocks those read (see
    keeping_blocks). The proximity rerank then reuses both: no second term look-up, scorer, or
    decompressing and unpickling of the same blocks (those were most of the rerank's cost)."""
    if not pairs or kept is None:
        yield
        return
    words = {word for pair in pairs for word in pair}
    patched = []
    for subsearcher, _ in searcher.leaf_searchers():
        if "body" not in subsearcher.schema:
            continue
        field = subsearcher.schema["body"]
        wanted = {field.to_bytes(word) if isinstance(word, str) else word for word in words}
        original = subsearcher.postings

        def postings(fieldname, text, weighting=None, qf=1, original=original, wanted=wanted, key=id(subsearcher)):
            matcher = original(fieldname, text, weighting=weighting, qf=qf)
            if fieldname == "body" and text in wanted and (key, text) not in kept:
                kept[(key, text)] = matcher
            return matcher

        subsearcher.postings = postings  # Term.matcher asks the leaf searcher for its postings
        patched.append(subsearcher)
    terms = {("body", field.to_bytes(word) if isinstance(word, str) else word) for word in words}
    try:
        with keeping_blocks(kept.setdefault(KEPT_BLOCKS, ({}, terms))):
            yield
    finally:
        for subsearcher in patched:
            del subsearcher.postings


KEPT_BLOCKS = "blocks"  # key in `kept`: (blocks read by file offset, the terms whose blocks are kept)


@contextmanager
def keeping_blocks(store: tuple[dict, set] | None):
    """Within this block, Whoosh's block matchers for the `store`'s terms keep each block's header,
    data and document numbers in the store, by file and offset, and read them from it again.
    Whoosh's W3LeafMatcher is patched once, on the class: a subclass (or swapping an instance's
    class) made Python's attribute caches miss on every posting, and the first pass 20% slower."""
    if store is None or not install_block_keeping():
        yield
        return
    token = BLOCK_STORE.set(store)
    try:
        yield
    finally:
        BLOCK_STORE.reset(token)


BLOCK_STORE: ContextVar[tuple[dict, set] | None] = ContextVar("searchnews_block_store", default=None)


@lru_cache(maxsize=1)
def install_block_keeping() -> bool:
    try:
        from whoosh.codec.whoosh3 import W3LeafMatcher
    except ImportError:
        return False
    goto, read_data, read_ids = W3LeafMatcher._goto, W3LeafMatcher._read_data, W3LeafMatcher._read_ids
    header_fields = ("_nextoffset", "_dataoffset", "_blocklength", "_maxid", "_maxweight", "_compression",
                     "_minlength", "_maxlength")

    def kept_goto(self, position):
        store = BLOCK_STORE.get()
        if store is None or self._term not in store[1]:
            return goto(self, position)
        key = ("header", id(self._postfile), position)
        header = store[0].get(key)
        if header is None:
            goto(self, position)
            store[0][key] = (self._lastblock, *(getattr(self, name) for name in header_fields))
            return None
        self._data = self._ids = self._weights = self._values = None
        self._i = 0
        (lastblock, self._nextoffset, self._dataoffset, self._blocklength, self._maxid, self._maxweight,
         self._compression, self._minlength, self._maxlength) = header
        self._lastblock = self._lastblock or lastblock  # as Whoosh's _goto: set here, cleared by reset()
        return None

    def keeping(kind: str, read, attribute: str):
        """A block reader that keeps what `read` sets on `attribute` (data or doc ids) in the store."""

        def kept_read(self):
            store = BLOCK_STORE.get()
            if store is None or self._term not in store[1]:
                return read(self)
            key = (kind, id(self._postfile), self._dataoffset)
            kept = store[0].get(key)
            if kept is None:
                read(self)
                store[0][key] = getattr(self, attribute)
            else:
                if attribute == "_ids" and self._data is None:
                    self._read_data()  # Whoosh reads ids from the block's data: have it loaded, as read_ids would
                setattr(self, attribute, kept)
            return None

        return kept_read

    kept_read_data = keeping("data", read_data, "_data")
    kept_read_ids = keeping("ids", read_ids, "_ids")

    from searchnews.engine.whoosh import (
        patches as whoosh_patches,  # the guard: Whoosh's own readers where the patch does not fit
    )

    return whoosh_patches.apply("block-keeping", {"_goto": kept_goto, "_read_data": kept_read_data,
                                                  "_read_ids": kept_read_ids})


def postings_at(postings, docnums: list[int]):
    """Yield each of the sorted `docnums` the postings hold, with the matcher on it.
    Whoosh's skip_to steps through a block posting by posting; for Whoosh's own block format this
    skips whole blocks and bisects each block's document numbers (same postings, fewer calls)."""
    from bisect import bisect_left, bisect_right

    try:
        from whoosh.codec.whoosh3 import W3LeafMatcher
    except ImportError:
        W3LeafMatcher = None
    if W3LeafMatcher is None or not isinstance(postings, W3LeafMatcher):
        for docnum in docnums:
            if postings.is_active() and postings.id() < docnum:
                postings.skip_to(docnum)
            if not postings.is_active():
                return
            if postings.id() == docnum:
                yield docnum
        return
    start, count = 0, len(docnums)
    while start < count and postings.is_active():
        wanted = docnums[start]
        if wanted > postings.block_max_id():
            postings._skip_to_block(lambda target=wanted: target > postings.block_max_id())
            continue
        postings.id()  # loads the block's document numbers
        ids, last = postings._ids, postings.block_max_id()
        stop = bisect_right(docnums, last, start)
        for docnum in docnums[start:stop]:
            index = bisect_left(ids, docnum)
            if ids[index] == docnum:
                postings._i = index
                yield docnum
        start = stop


def feedback_query(searcher, plan: QueryPlan, hits: list, ranking: Ranking):
    """The query's words plus the key words of its best articles (RM3-style feedback), scoring
    only the articles the query's own words match."""
    from whoosh import query as wq

    asked = {leaf.text for clause in plan.expandable for leaf in clause.leaves() if isinstance(leaf, wq.Term)}
    key_terms = searcher.key_terms([hit.docnum for hit in hits[:ranking.feedback_docs]], "body",
                                   numterms=ranking.feedback_terms + len(asked))
    extra = [wq.Term("body", word, boost=weight * ranking.feedback_weight)
             for word, weight in key_terms if word not in asked][:ranking.feedback_terms]
    if not extra:
        return None
    # AndMaybe: the feedback words reorder the articles the question matches, never add others
    # (an article holding none of the words typed is not a hit; totals and facets stay exact)
    return wq.AndMaybe(coordinated_query()(list(plan.expandable), power=0.0), coordinated_query()(extra, power=0.0))


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
