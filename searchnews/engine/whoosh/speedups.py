"""Faster ways for Whoosh's segment writer to do what it already does, byte for byte.

Profiled on Reuters stories (benchmarks/speed.py), writing an index cost ~1.5 ms per article against
~1.3 ms for all the cleaning and extraction; these places dominated and are replaced here, each
producing exactly what Whoosh's own code produces (tests/test_whoosh_speedups.py compares indexes
written both ways, posting by posting); together ~1.4 -> ~0.8 ms per article:

- analysing a TEXT field: Whoosh runs each word through a chain of generators that set attributes
  on a Token object; here the same regex, lower-casing, stop list, accent folding and stemmer run in
  one loop, with one cache from the word as written to the term it becomes (or to "stop word");
- field lengths while a segment is written: Whoosh reads one length byte from the file per posting
  (and, for a field without lengths, asks the file system whether the column exists each time); here
  each length column is read once, and the posting loop calls the block writer's body inline;
- one posting block per rare word: `segment_codec()` keeps those postings inline in the term table.

Only the shipped analyzer's shape (RegexTokenizer | LowercaseFilter | StopFilter [| CharsetFilter]
[| StemFilter]) takes the fast path; any other analyzer, a list value or extra arguments go to
Whoosh's own code. The patches are applied by the processes that write (ingest, its workers),
through searchnews/engine/whoosh/patches.py (the table of every patch, and the version guard: on a Whoosh
the patches were not written for, Whoosh's own code stays).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from searchnews.engine.whoosh import patches as whoosh_patches

STOP = object()  # cache value: the word is a stop word
CACHE_LIMIT = 200_000  # distinct written words remembered per analyzer before the cache starts again


class TextIndexer:
    """One TEXT field analyzer's chain as a single function of the word as written."""

    def __init__(self, expression, stops: frozenset[str], minsize: int, maxsize: int | None, renumber: bool,
                 charmap: dict | None, stem: Callable[[str], str] | None, ignore: frozenset[str]) -> None:
        self.finditer = expression.finditer
        self.stops, self.minsize, self.maxsize, self.renumber = stops, minsize, maxsize, renumber
        self.charmap, self.stem, self.ignore = charmap, stem, ignore
        self.cache: dict[str, Any] = {}

    @classmethod
    def for_analyzer(cls, analyzer) -> TextIndexer | None:
        """The fast equivalent of `analyzer`, or None when its shape is not the one handled here."""
        from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
        from whoosh.analysis.analyzers import CompositeAnalyzer

        if type(analyzer) is not CompositeAnalyzer:
            return None
        items = list(analyzer.items)
        kinds = [type(item) for item in items]
        if kinds[:3] != [RegexTokenizer, LowercaseFilter, StopFilter] or items[0].gaps:
            return None
        rest = kinds[3:]
        charset = items[3] if rest[:1] == [CharsetFilter] else None
        stemmer = items[-1] if rest[-1:] == [StemFilter] else None
        if len(rest) != (charset is not None) + (stemmer is not None):
            return None
        stem = None
        if stemmer is not None:
            if stemmer.lang:
                from whoosh.lang import stemmer_for_language

                stem = stemmer_for_language(stemmer.lang)
            else:
                stem = stemmer.stemfn
        stop = items[2]
        return cls(items[0].expression, stop.stops, stop.min, stop.max, stop.renumber,
                   charset.charmap if charset is not None else None, stem,
                   stemmer.ignore if stemmer is not None else frozenset())

    def term(self, word: str) -> Any:
        """What the chain makes of one word as written: its term, or STOP."""
        text = word.lower()
        if len(text) < self.minsize or (self.maxsize is not None and len(text) > self.maxsize) or text in self.stops:
            return STOP
        if self.charmap is not None:
            text = text.translate(self.charmap)
        if self.stem is not None and text not in self.ignore:
            text = self.stem(text)
        return text

    def occurrences(self, value: str) -> dict[str, list[tuple[int, int, int]]]:
        """term -> [(position, start char, end char)] in order, positions as StopFilter numbers them."""
        cache = self.cache
        if len(cache) > CACHE_LIMIT:
            cache.clear()
        found: dict[str, list[tuple[int, int, int]]] = {}
        position = None
        renumber = self.renumber
        for index, match in enumerate(self.finditer(value)):
            word = match.group()
            term = cache.get(word)
            if term is None:
                term = cache[word] = self.term(word)
            if term is STOP:
                continue
            position = index if not renumber or position is None else position + 1
            entry = found.get(term)
            if entry is None:
                found[term] = [(position, match.start(), match.end())]
            else:
                entry.append((position, match.start(), match.end()))
        return found


_indexers: dict[int, tuple[object, TextIndexer | None]] = {}  # id(field) -> (field, indexer): fields are unhashable


def indexer_for(field) -> TextIndexer | None:
    entry = _indexers.get(id(field))
    if entry is None or entry[0] is not field:
        from whoosh import formats

        indexer = None
        if type(field.format) in (formats.Positions, formats.Characters):
            indexer = TextIndexer.for_analyzer(field.analyzer)
        entry = _indexers[id(field)] = (field, indexer)
    return entry[1]


def patch_text_indexing() -> None:
    """TEXT.index through TextIndexer when it applies; Whoosh's own index() otherwise."""
    from whoosh import fields, formats

    if whoosh_patches.APPLIED.get("text-index"):
        return
    original = fields.TEXT.index

    def index(self, value, **kwargs):
        indexer = indexer_for(self) if not kwargs and isinstance(value, str) else None
        if indexer is None:
            return original(self, value, **kwargs)
        fmt = self.format
        chars = type(fmt) is formats.Characters  # else Positions: the positions alone
        return [(term.encode("utf-8"), len(places), float(len(places)) * fmt.field_boost,
                 fmt.encode(places if chars else [place[0] for place in places]))
                for term, places in indexer.occurrences(value).items()]

    whoosh_patches.apply("text-index", {"index": index})


class WholeColumnLengths:
    """A segment's field lengths for Whoosh's posting writer, each length column read once
    (Whoosh seeks, reads and unpacks one byte per posting). Same answers: None where no length
    byte was stored, as Whoosh gives."""

    def __init__(self, reader) -> None:
        self.reader = reader
        self.columns: dict[str, list[int | None] | None] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int | None:
        column = self.column(fieldname)
        return default if column is None else column[docnum]

    def column(self, fieldname: str) -> list[int | None] | None:
        try:
            return self.columns[fieldname]
        except KeyError:
            column = self.columns[fieldname] = self._read(fieldname)
            return column

    def _read(self, fieldname: str) -> list[int | None] | None:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        column = self.reader._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        table = [byte_to_length(value) if value else None for value in range(256)]
        stored = column._dbfile.get(column._basepos, column._count * column._fixedlen)
        return [table[value] for value in stored] + [None] * (self.reader._doccount + 1 - len(stored))

    def close(self) -> None:
        self.reader.close()


def add_postings(self, schema, lengths, items) -> None:
    """W3FieldWriter.add_postings (whoosh.codec.base.FieldWriter's loop) with the posting writer's
    add_posting inlined and field lengths taken from whole columns: the same calls at field and term
    boundaries, the same block contents, ~40 % less work per posting."""
    from whoosh.codec.base import OutOfOrderError

    whole_columns = isinstance(lengths, WholeColumnLengths)
    field_length = lengths.doc_field_length if lengths else None
    column: list[int | None] | None = None
    lastfn = lasttext = None
    postwriter = ids = weights = values = None
    blocklimit = 0
    for fieldname, btext, docnum, weight, value in items:
        if fieldname != lastfn:
            if lastfn is not None and fieldname < lastfn:
                raise OutOfOrderError(f"Field {lastfn!r} .. {fieldname!r}")
            if lasttext is not None:
                self.finish_term()
            if lastfn is not None:
                self.finish_field()
            self.start_field(fieldname, schema[fieldname])
            lastfn, lasttext = fieldname, None
            postwriter = self._postwriter
            blocklimit = postwriter._blocklimit
            if whole_columns:
                column = lengths.column(fieldname)
        elif lasttext and btext < lasttext:
            raise OutOfOrderError(f"Term {lastfn}:{lasttext!r} .. {fieldname}:{btext!r}")
        if docnum == -1:  # Whoosh's marker for spelling-only words: not a posting
            continue
        if btext != lasttext:
            if lasttext is not None:
                self.finish_term()
            self.start_term(btext)
            lasttext = btext
            ids, weights, values = postwriter._ids, postwriter._weights, postwriter._values
        if whole_columns:
            length = 0 if column is None else column[docnum]
        else:
            length = field_length(docnum, fieldname) if field_length else 0
        if len(ids) >= blocklimit:
            postwriter._write_block()
            ids, weights, values = postwriter._ids, postwriter._weights, postwriter._values
        ids.append(docnum)
        weights.append(weight)
        if weight > postwriter._maxweight:
            postwriter._maxweight = weight
        if value:
            values.append(value)
        if length:
            if postwriter._minlength is None or length < postwriter._minlength:
                postwriter._minlength = length
            if length > postwriter._maxlength:
                postwriter._maxlength = length
    if lasttext is not None:
        self.finish_term()
    if lastfn is not None:
        self.finish_field()


def patch_segment_flush() -> None:
    """SegmentWriter._flush_segment with WholeColumnLengths (every writer and merge goes through it)."""
    from whoosh.codec import whoosh3

    whoosh_patches.apply("add-postings", {"add_postings": add_postings})
    if whoosh_patches.APPLIED.get("segment-flush"):
        return

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = None
        if self.codec.length_stats:
            reader = self.per_document_reader()
            lengths = WholeColumnLengths(reader) if isinstance(reader, whoosh3.W3PerDocReader) else reader
        self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if lengths:
            lengths.close()

    whoosh_patches.apply("segment-flush", {"_flush_segment": _flush_segment})


INLINE_POSTINGS = 8  # a term with fewer postings than this in a segment keeps them in its term entry


def segment_codec():
    """Whoosh's codec, with the postings of terms found in fewer than INLINE_POSTINGS articles of a
    segment kept inline in the term table, as Whoosh's codec can do (its default limit of 1 inlines
    nothing). Most words of a news segment are rare: each had a posting block of its own, pickled
    and zlib-compressed separately (~25 % of writing a segment); inline, the index is ~8 % smaller.
    Readers need no change: Whoosh reads inlined postings with a ListMatcher."""
    from whoosh.codec.whoosh3 import W3Codec, W3TermInfo
    from whoosh.matching import ListMatcher

    # Two Python 3 slips on Whoosh 2.7's untested inline path: the writer calls set_inline, the method
    # is named set_inlined; and an inlined posting without a value reads back as "" instead of b"",
    # which a merge (re-adding postings to a writer) rejects. Without both fixes: Whoosh's codec as is.
    set_inline = whoosh_patches.apply("inline-set-inline", {"set_inline": W3TermInfo.set_inlined})
    if not whoosh_patches.APPLIED.get("inline-empty-value"):
        text_value = ListMatcher.value

        def value(self):
            found = text_value(self)
            return b"" if isinstance(found, str) and not found else found

        whoosh_patches.apply("inline-empty-value", {"value": value})
    if not (set_inline and whoosh_patches.APPLIED.get("inline-empty-value")):
        return W3Codec()
    return W3Codec(inlinelimit=INLINE_POSTINGS)


def patch_writing() -> None:
    """All of the above; idempotent. Called by every process before it writes a segment."""
    patch_segment_flush()
    patch_text_indexing()
