"""Articles inside JSON as scrapers, news APIs and media monitors write it.

Every tool names the same field its own way (`publishedAt`, `published_at`, `PublishDate`, `pub_date`),
wraps its records in an envelope (`{"status": "ok", "articles": [...]}`, `{"data": {"article": {...}}}`,
an Elasticsearch export's `hits.hits[]._source`) and may give the body as a list of paragraphs or of
blocks (`[{"type": "paragraph", "text": "..."}]`). Keys are therefore compared by their letters alone,
records are looked for inside envelopes, and a body is read from whichever shape it has.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# the first key present wins; keys compare by letters and digits only ('published_at' = 'publishedAt')
TEXT_KEYS = ("text", "content", "body", "article", "articlebody", "fulltext", "maintext", "bodytext", "story",
             "articletext", "contenttext", "textcontent", "storytext", "html", "bodyhtml", "contenthtml")
TITLE_KEYS = ("title", "headline", "name", "heading", "articletitle", "storytitle")
DATE_KEYS = ("published", "date", "publishedat", "datepublished", "pubdate", "publishdate", "datepublish",
             "publisheddate", "publicationdate", "publishedtime", "publishtime", "publishedon", "firstpublished",
             "releasedate", "time", "timestamp")
URL_KEYS = ("url", "link", "href", "sourceurl", "canonicalurl", "permalink", "articleurl", "weburl", "canonical",
            "alternate")
# a feed reader's 'origin' ({"title": "Financial Post", "htmlUrl": ...}) is the feed the story came from
SOURCE_KEYS = ("source", "outlet", "sitename", "site", "publisher", "sourcedomain", "sourcename", "publication",
               "medianame", "mediaoutlet", "outletname", "newspaper", "origin", "feedtitle", "sourcetitle")
# keys that hold the text one level down in feed readers and bookmark exports: an Atom 'summary' {"content"},
# a read-later app's 'cache' {"text"}; the record is the object around them, with its title and date
CONTAINER_KEYS = ("summary", "cache", "content", "body", "article", "fulltext", "readable", "parsed")
AUTHOR_KEYS = ("author", "authors", "byline", "creator", "writer", "writers")
MAX_DEPTH = 6  # envelopes are two or three levels deep; a deeper search only costs time on odd files


def key_letters(key: str) -> str:
    return re.sub(r"[\W_]", "", key.casefold())


def lookup(record: dict[str, object], keys: tuple[str, ...]) -> list[object]:
    """The record's values for the keys, in the keys' order of preference."""
    by_letters: dict[str, object] = {}
    for key, value in record.items():
        by_letters.setdefault(key_letters(str(key)), value)
    return [by_letters[key] for key in keys if key in by_letters]


def text_value(value: object, depth: int = 0) -> str | None:
    """A body as a string, a list of paragraphs, or a list of blocks carrying text: paragraphs joined by a
    blank line. None when it holds no text."""
    if isinstance(value, str):
        return value.strip() or None
    if depth > MAX_DEPTH:
        return None
    if isinstance(value, list):
        parts = [part for item in value if (part := text_value(item, depth + 1))]
        return "\n\n".join(parts) or None
    if isinstance(value, dict):
        return next((text for inner in lookup(value, TEXT_KEYS) if (text := text_value(inner, depth + 1))), None)
    return None


def has_text(record: dict[str, object]) -> bool:
    """The record carries an article's text itself: under a text key, a string, a list of paragraphs or a
    body container (`{"body": {"html": ..., "text": ...}}`); not an article of its own with a title or a
    date (`{"article": {"title": ..., "body": ...}}`: that one is the record)."""
    return any(text_value(value) for value in lookup(record, TEXT_KEYS) if not is_own_record(value))


def is_own_record(value: object) -> bool:
    return isinstance(value, dict) and bool(lookup(value, TITLE_KEYS[:2]) or lookup(value, DATE_KEYS))


def article_records(value: object, depth: int = 0) -> Iterator[dict[str, object]]:
    """The objects in a JSON value that carry an article's text: the value itself, or those an envelope
    wraps (`articles`, `data.article`, `hits.hits[]._source`), in document order."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        if has_text(value) or text_container(value):
            yield value
            return
        for inner in value.values():
            if isinstance(inner, (dict, list)):
                yield from article_records(inner, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from article_records(item, depth + 1)


def text_container(record: dict[str, object]) -> dict[str, object] | None:
    """The object one level inside that holds the record's text (`"summary": {"content": ...}`), when the
    record names its article (a title or a date) and the object does not: then the text is the record's."""
    if not is_own_record(record):
        return None
    for value in lookup(record, CONTAINER_KEYS):
        if isinstance(value, dict) and not is_own_record(value) and has_text(value):
            return value
    return None


def scalar(value: object, numbers: bool = False) -> str | None:
    """A string; a number when numbers count (an epoch date); a {"name": ...} object as news APIs send it."""
    if isinstance(value, str):
        return value.strip() or None
    if numbers and isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        inner = next(iter(lookup(value, ("name", "title", "displayname", "href"))), None)
        return inner.strip() or None if isinstance(inner, str) else None
    if isinstance(value, list) and value and not isinstance(value[0], list):
        return scalar(value[0], numbers)  # 'canonical': [{"href": ...}]
    return None


def field(record: dict[str, object], keys: tuple[str, ...], numbers: bool = False) -> str | None:
    """The first usable value for the keys: in the record, else in an object one level inside it
    (`{"meta": {"published": ...}}`)."""
    found = next((text for value in lookup(record, keys) if (text := scalar(value, numbers))), None)
    if found:
        return found
    inside = tuple(key for key in keys if key != "name")  # {"author": {"name": ...}} names no title
    for inner in record.values():
        if isinstance(inner, dict) and not has_text(inner):
            found = next((text for value in lookup(inner, inside) if (text := scalar(value, numbers))), None)
            if found:
                return found
    return None


def body_of(record: dict[str, object]) -> str | None:
    values = [value for value in lookup(record, TEXT_KEYS) if not is_own_record(value)]
    found = next((text for value in values if (text := text_value(value))), None)
    if found is None and (container := text_container(record)):
        return text_value(container)
    return found


def author_names(record: dict[str, object]) -> str | None:
    """A record's author(s), '; '-joined: a string, {"name": ...}, or a list of either."""
    for value in lookup(record, AUTHOR_KEYS):
        names = [name for item in (value if isinstance(value, list) else [value]) if (name := scalar(item))]
        if names:
            return "; ".join(names)
    return None


def record_metadata(record: dict[str, object]) -> dict[str, str]:
    """Title, publication date, URL, source and authors, each when the record gives it."""
    found = {
        "title": field(record, TITLE_KEYS),
        "published": field(record, DATE_KEYS, numbers=True),
        "url": field(record, URL_KEYS),
        "source": field(record, SOURCE_KEYS),
        "author": author_names(record),
    }
    return {key: value for key, value in found.items() if value}
