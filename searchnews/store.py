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
from searchnews.errors import UserError

INDEX_NAME = "searchnews"
OPEN_RETRIES = 20  # opening races a committing writer at most this often before giving up
SCHEMA_VERSION = "3"  # 2: spell_body, fingerprint, dupkeys, facet_values (issue 5); 3: lead-as-title not indexed (issue 6)


def build_schema(ranking=None):  # -> whoosh.fields.Schema (imported lazily: start-up pays only for what it uses)
    """The index schema; the text analyzer and title boost come from searchnews.ranking (issue 6)."""
    from whoosh import fields

    from searchnews.ranking import SHIPPED
    from searchnews.ranking import text_analyzer as make_text_analyzer

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
        company=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        person=fields.KEYWORD(stored=True, commas=True, lowercase=True, scorable=True),
        source=fields.KEYWORD(stored=True, commas=True, lowercase=True),
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


def index_exists(index_dir: Path) -> bool:
    """A table of contents is there (what whoosh.index.exists_in checks, without opening the index)."""
    return index_dir.is_dir() and any(index_dir.glob(f"_{INDEX_NAME}_*.toc"))


def open_index(index_dir: Path, create: bool = False):
    """Open the index; create it when asked. A missing index is the user's problem to hear about."""
    from searchnews.whoosh_import import prepare_whoosh

    prepare_whoosh()  # before any other Whoosh import: start-up is most of a query's time
    from whoosh.filedb.filestore import FileStorage

    if index_exists(index_dir):
        for attempt in range(OPEN_RETRIES):
            try:
                # No mmap: Whoosh's mmap path copies a segment's whole terms and postings files into a
                # BytesIO every time a reader opens (~60 ms per query at 20k articles); plain file reads
                # fetch only what a query touches (benchmarks/speed.py, BENCHMARKS.md).
                return FileStorage(str(index_dir), supports_mmap=False).open_index(INDEX_NAME)
            except FileNotFoundError:
                # A writer committed between listing the TOCs and opening the newest: read the new one.
                if attempt + 1 == OPEN_RETRIES:
                    raise UserError(f"{index_dir}: index keeps changing under us; try again") from None
                time.sleep(0.02 * (attempt + 1))
            except Exception as error:  # noqa: BLE001 - a damaged TOC fails in many ways (EOF, pickle, struct)
                raise UserError(f"{index_dir}: index is unreadable ({error}); run 'searchnews ingest' to rebuild") from None
    if not create:
        raise UserError(f"{index_dir}: no index here; run 'searchnews ingest' first")
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        return FileStorage(str(index_dir), supports_mmap=False).create_index(build_schema(), indexname=INDEX_NAME)
    except OSError as error:
        raise UserError(f"{index_dir}: cannot create index ({error.strerror})") from None


def date_value(partial: str | None) -> datetime | None:
    if not partial:
        return None
    parts = [int(part) for part in partial.split("-")] + [1, 1]
    return datetime(parts[0], parts[1], parts[2])


def article_fields(article: Article, file_state: str) -> dict[str, object]:
    fields: dict[str, object] = {
        "id": article.id,
        "path": article.path,
        "file_state": file_state,
        "title": article.title if article.title_is_headline else "",
        "body": article.body,
        "company": ",".join(name.replace(",", " ") for name in article.companies),
        "person": ",".join(name.replace(",", " ") for name in article.persons),
        "content_hash": article.content_hash,
    }
    if not article.title_is_headline:
        fields["_stored_title"] = article.title  # shown, not indexed: it is the lead (issue 6)
    if article.source:
        fields["source"] = article.source.replace(",", " ")
    if article.date:
        fields["date"] = date_value(article.date)
        fields["date_text"] = article.date
    if article.url:
        fields["url"] = article.url
    fields.update(duplicate_fields(article, fields))
    return fields


def duplicate_fields(article: Article, fields: dict[str, object]) -> dict[str, object]:
    """Per-article values for near-duplicate folding and facets (no other article is consulted)."""
    from searchnews.fingerprint import band_keys, signature

    packed = signature(article.body or article.title)
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
