"""The Whoosh index: schema, opening, and the per-document fields that make it its own manifest.

Every document stores the file it came from and that file's size/mtime/content hash, so an ingest
(ingest.py) compares the corpus with what the index already holds. Whoosh is imported only by the
index and query layer (this module, index_writer, parallel, search, ranking and their helpers).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from searchnews.article import Article
from searchnews.cli.config import MISSING_INDEX_HINT
from searchnews.errors import UserError
from searchnews.fields import KEYWORD_FIELDS, join_keywords, keyword_values
from searchnews.partial_date import PartialDate

INDEX_NAME = "searchnews"
OPEN_RETRIES = 20  # opening races a committing writer at most this often before giving up
# 2: spell_body, fingerprint, dupkeys, facet_values (issue 5); 3: lead-as-title not indexed (issue 6);
# 4: Chinese/Japanese/Korean text indexed as character bigrams (searchnews.engine.whoosh.cjk, issue 14);
# 5: the author field (bylines, issue 16) and Porter's reference stemmer instead of Whoosh's port
#    ('shipping' -> 'ship', searchnews.engine.whoosh.porter, issue 14)
SCHEMA_VERSION = "5"
TEXT_FIELDS = ("title", "body")  # their analyzer comes from searchnews.engine.whoosh.ranking


def build_schema(ranking=None):  # -> whoosh.fields.Schema (imported lazily: start-up pays only for what it uses)
    """The index schema; the text analyzer and title boost come from searchnews.engine.whoosh.ranking (issue 6)."""
    from whoosh import fields

    from searchnews.engine.whoosh.ranking import SHIPPED
    from searchnews.engine.whoosh.ranking import text_analyzer as make_text_analyzer

    ranking = ranking or SHIPPED
    text_analyzer = make_text_analyzer(ranking)
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(stored=True, sortable=True),
        file_state=fields.ID(sortable=True),  # "size:mtime_ns:hash" of the file the article came from
        title=fields.TEXT(stored=True, analyzer=text_analyzer, field_boost=ranking.title_index_boost),
        # chars=True: stored offsets give pinpoint snippets and did-you-mean's surface words (suggest.py);
        # no spelling=True: its separate word list cost ~1/3 of indexing CPU and 1/4 of the index (issue 7)
        body=fields.TEXT(stored=True, analyzer=text_analyzer, chars=True),
        **keyword_fields(),
        date=fields.DATETIME(sortable=True),
        date_text=fields.ID(stored=True, sortable=True),  # the date at its precision: "2021", "2021-09" or "2021-09-26"
        url=fields.STORED(),
        content_hash=fields.STORED(),
        fingerprint=fields.COLUMN(),  # MinHash signature of the body (fingerprint.py), read per hit to fold reposts
        dupkeys=fields.KEYWORD(),  # its LSH band keys: articles sharing one are candidate copies of one story
        facet_values=fields.COLUMN(),  # "source\tcompanies\tpersons" for counting facets without loading bodies
        # issue 18: which sync wrote the article (1, 2, ...): alerts check what was committed after their
        # checkpoint, so a sync killed before its alert check loses nothing. Older indexes gain it on
        # their next write (add_missing_fields); their old articles have none and count as before any alert.
        ingest_seq=fields.NUMERIC(numtype=int, bits=64, signed=False, sortable=True),
    )


# Keyword fields whose term frequencies are kept for scoring (`similar` and field queries weigh them)
SCORABLE_KEYWORDS = frozenset({"company", "person"})


def keyword_fields() -> dict[str, object]:
    """Every keyword field of the registry (searchnews/fields.py): comma-separated names, stored to
    be shown, matched case-insensitively."""
    from whoosh import fields

    return {field.name: fields.KEYWORD(stored=True, commas=True, lowercase=True,
                                       scorable=field.name in SCORABLE_KEYWORDS)
            for field in KEYWORD_FIELDS}


def refresh_text_analyzers(schema) -> list[str]:
    """An index made by an older searchnews keeps the analyzer pickled in its schema; an ingest
    gives its writer today's, so re-indexed articles (a new SCHEMA_VERSION re-indexes every
    file) are analyzed as queries now are. Returns the fields changed."""
    fresh = build_schema()
    changed = []
    for name in TEXT_FIELDS:
        if name in schema and schema[name].analyzer != fresh[name].analyzer:
            schema[name].analyzer = fresh[name].analyzer
            changed.append(name)
    return changed


def index_exists(index_dir: Path) -> bool:
    """A table of contents is there (what whoosh.index.exists_in checks, without opening the index)."""
    return index_dir.is_dir() and any(index_dir.glob(f"_{INDEX_NAME}_*.toc"))


_opened_entities: list[str | None] = [None]  # the custom entities file of the index last opened (index_options.py)
_opened_version: list[tuple[str, int] | None] = [None]  # ... and its mtime, so a changed copy is read again


def index_entities_file() -> str | None:
    """The custom gazetteer of the index this process opened last: `query --company` knows its aliases."""
    return _opened_entities[0]


def open_index(index_dir: Path, create: bool = False):
    """Open the index; create it when asked. A missing index is the user's problem to hear about."""
    custom = Path(index_dir) / "options" / "entities.tsv"
    try:
        version = (str(custom), custom.stat().st_mtime_ns)
    except OSError:
        version = None
    if version != _opened_version[0]:  # a long-running `serve` sees an ingest's new custom file
        if _opened_version[0] is not None:
            from searchnews.extract.entities import load_gazetteer

            load_gazetteer.cache_clear()
        _opened_version[0] = version
    _opened_entities[0] = version[0] if version else None
    from searchnews.engine.whoosh.startup import prepare_whoosh

    prepare_whoosh()  # before any other Whoosh import: start-up is most of a query's time
    from whoosh.filedb.filestore import FileStorage

    if index_exists(index_dir):
        for attempt in range(OPEN_RETRIES):
            try:
                # No mmap: Whoosh's mmap path copies a segment's whole terms and postings files into a
                # BytesIO every time a reader opens (~60 ms per query at 20k articles); plain file reads
                # fetch only what a query touches (benchmarks/speed.py, BENCHMARKS.md).
                return tolerate_damaged_segments(
                    FileStorage(str(index_dir), supports_mmap=False).open_index(INDEX_NAME), index_dir)
            except FileNotFoundError:
                # A writer committed between listing the TOCs and opening the newest: read the new one.
                if attempt + 1 == OPEN_RETRIES:
                    raise UserError(f"{index_dir}: index keeps changing under us; try again") from None
                time.sleep(0.02 * (attempt + 1))
            except Exception as error:  # noqa: BLE001 - a damaged TOC fails in many ways (EOF, pickle, struct)
                raise UserError(f"{index_dir}: index is unreadable ({error}); run 'searchnews ingest' to rebuild") from None
    if not create:
        raise UserError(f"{index_dir}: no index here; run 'searchnews ingest' first, or {MISSING_INDEX_HINT}")
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        return FileStorage(str(index_dir), supports_mmap=False).create_index(build_schema(), indexname=INDEX_NAME)
    except OSError as error:
        raise UserError(f"{index_dir}: cannot create index ({error.strerror})") from None


def tolerate_damaged_segments(ix, index_dir: Path):
    """Queries on an index with a deleted or truncated segment file answer from the other segments,
    with one line on stderr naming the damage (the next ingest repairs it: index_writer.check_segments)."""
    original = ix.reader

    def reader(reuse=None):
        try:
            return original(reuse)
        except Exception as error:  # noqa: BLE001 - a damaged segment fails in many ways (EOF, pickle, struct)
            from whoosh.reading import SegmentReader

            toc = ix._read_toc()
            good, bad = [], []
            for segment in toc.segments:
                try:
                    SegmentReader(ix.storage, toc.schema, segment, generation=toc.generation).close()
                    good.append(segment)
                except Exception:  # noqa: BLE001
                    bad.append(segment)
            if not bad:
                raise
            lost = sum(segment.doc_count() for segment in bad)
            if not good:
                raise UserError(f"{index_dir}: every index segment is damaged ({type(error).__name__}: {error}); "
                                "run 'searchnews ingest' to rebuild it") from None
            if not _warned:
                _warned.append(True)
                import sys

                sys.stderr.write(f"searchnews: warning: {len(bad)} damaged index segment(s) in {index_dir} skipped "
                                 f"(segment {bad[0].segment_id()}, {lost} articles: {type(error).__name__}); "
                                 "answers come from the rest; 'searchnews ingest' repairs the index\n")
            return type(ix)._reader(ix.storage, toc.schema, good, toc.generation)

    ix.reader = reader
    return ix


_warned: list[bool] = []


def date_value(text: str | None) -> datetime | None:
    """The indexed date: the first day of the period the article's date names."""
    partial = PartialDate.from_text(text)
    return partial.start() if partial else None


def article_fields(article: Article, file_state: str) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": article.id,
        "path": article.path,
        "file_state": file_state,
        "title": article.title if article.title_is_headline else "",
        "body": article.body,
        "content_hash": article.content_hash,
    }
    for field in KEYWORD_FIELDS:  # an empty one-valued field (source) is left out, as Whoosh stores nothing for it
        values = keyword_values(article, field)
        if values or field.multi:
            fields[field.name] = join_keywords(values)
    if not article.title_is_headline:
        fields["_stored_title"] = article.title  # shown, not indexed: it is the lead (issue 6)
    if article.date:
        fields["date"] = date_value(article.date)
        fields["date_text"] = article.date
    if article.url:
        fields["url"] = article.url
    fields.update(duplicate_fields(article, fields))
    return fields


FINGERPRINT_CHARS = 200_000


def duplicate_fields(article: Article, fields: dict[str, object]) -> dict[str, object]:
    """Per-article values for near-duplicate folding and facets (no other article is consulted)."""
    from searchnews.extract.fingerprint import band_keys, signature

    # the first FINGERPRINT_CHARS characters are plenty to recognise a repost; a 15 MB one-line "article"
    # would otherwise build a set of millions of shingles (~300 MB, issue 11)
    packed = signature((article.body or article.title)[:FINGERPRINT_CHARS])
    facets = "\t".join(str(fields.get(name, "")) for name in ("source", "company", "person"))
    return {"fingerprint": packed, "dupkeys": " ".join(band_keys(packed)), "facet_values": facets.encode("utf-8")}


@dataclass(frozen=True)
class FileState:
    """What the index remembers of a file: size and mtime (a cheap "unchanged" test), content hash
    (the real one), and the schema version its articles were indexed with (a new schema re-indexes)."""

    size: int
    mtime_ns: int
    digest: str
    schema: str = SCHEMA_VERSION

    def encode(self) -> str:
        return f"{self.size}:{self.mtime_ns}:{self.digest}:{self.schema}"

    @classmethod
    def decode(cls, text: str) -> FileState:
        size, mtime_ns, digest, *schema = text.split(":", 3)
        return cls(int(size), int(mtime_ns), digest, schema[0] if schema else "")


def file_digest(data: bytes) -> str:
    import hashlib

    return hashlib.blake2b(data, digest_size=16).hexdigest()


def latest_ingest_seq(reader) -> int:
    """The highest ingest sequence number in the index (0 before any sync stamped one).

    Read from the field's full-precision terms (one per sync, sorted), not per article. A term can
    outlive its deleted articles until a merge, which only makes the answer larger: the next sync
    still numbers above everything committed, and a checkpoint there skips nothing live."""
    if "ingest_seq" not in reader.schema or reader.doc_count() == 0:
        return 0
    field = reader.schema["ingest_seq"]
    terms = list(field.sortable_terms(reader, "ingest_seq"))
    return int(field.from_bytes(terms[-1])) if terms else 0


def iter_stored(ix, limit: int | None = None) -> Iterator[dict[str, object]]:
    with ix.searcher() as searcher:
        for count, fields in enumerate(searcher.all_stored_fields()):
            if limit is not None and count >= limit:
                return
            yield fields
