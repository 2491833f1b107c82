"""Article records <-> OpenSearch documents.

Ingest produces the same per-article records for both engines (store.article_fields); this turns
one into a document and back into the stored-fields dict that rendering reads.
"""

from __future__ import annotations

import base64
from datetime import datetime

from searchnews.fields import KEYWORD_FIELDS, join_keywords, split_keywords
from searchnews.partial_date import precision_of

SHOWN_FIELDS = ["id", "path", "title", "shown_title", "date_text", *(entry.name for entry in KEYWORD_FIELDS), "url",
                "content_hash", "fingerprint", "dupkeys"]


def to_document(fields: dict[str, object], file_articles: int) -> dict[str, object]:
    date = fields.get("date")
    date_text = fields.get("date_text")
    precision = precision_of(str(date_text)) if date_text else None
    fingerprint = fields.get("fingerprint") or b""
    return {
        "id": fields["id"],
        "path": fields["path"],
        "file_state": fields["file_state"],
        "file_articles": file_articles,
        "title": fields.get("title") or "",
        "shown_title": fields.get("_stored_title") or fields.get("title") or "",
        "body": fields.get("body") or "",
        **{entry.name: split_keywords(fields.get(entry.name)) if entry.multi else (fields.get(entry.name) or None)
           for entry in KEYWORD_FIELDS},  # a list per several-valued field (comma-joined for Whoosh)
        "date": date.strftime("%Y-%m-%d") if isinstance(date, datetime) else None,
        "date_text": date_text or None,
        "date_precision": precision,
        "url": fields.get("url") or None,
        "content_hash": fields.get("content_hash") or None,
        "fingerprint": base64.b64encode(bytes(fingerprint)).decode("ascii") if fingerprint else None,
        "dupkeys": str(fields.get("dupkeys") or "").split(),
        "ingest_seq": int(fields.get("ingest_seq") or 0) or None,
    }


def stored_fields(source: dict[str, object]) -> dict[str, object]:
    """What Whoosh's searcher.document() returns for the same article (render.render_article reads it)."""
    stored = {
        "id": source.get("id"),
        "path": source.get("path"),
        "title": source.get("shown_title") or source.get("title") or "",
        "body": source.get("body"),
    }
    for entry in KEYWORD_FIELDS:
        if entry.multi:
            stored[entry.name] = join_keywords(source.get(entry.name) or [])
    for name in (*(entry.name for entry in KEYWORD_FIELDS if not entry.multi), "date_text", "url", "content_hash"):
        if source.get(name):
            stored[name] = source[name]
    return stored


def fingerprint_of(source: dict[str, object]) -> bytes:
    value = source.get("fingerprint")
    return base64.b64decode(value) if isinstance(value, str) and value else b""
