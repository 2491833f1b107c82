"""One raw document -> one Article: clean, then extract title, date, source and entities."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from searchnews.article import Article, RawDocument
from searchnews.clean import boilerplate_patterns, clean_text, normalize_line
from searchnews.dates import find_date
from searchnews.entities import extract_entities, load_gazetteer
from searchnews.outlets import DATELINE_OUTLET, load_outlets

HEADLINE_MAX_WORDS = 25
TITLE_SEPARATORS = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


@dataclass(frozen=True)
class ExtractOptions:
    """User-supplied extensions of the shipped data files, and lines known to recur per outlet."""

    boilerplate_file: str | None = None
    entities_file: str | None = None
    recurring_lines: frozenset[str] = field(default_factory=frozenset)


def content_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def strip_site_name(title: str) -> str:
    """'Big tech pledges support | Reuters' -> 'Big tech pledges support'."""
    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1:
        outlets = load_outlets()
        kept = [part for part in parts if not outlets.canonical(part)]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    return title


def looks_like_headline(line: str) -> bool:
    words = line.split()
    return (
        1 < len(words) <= HEADLINE_MAX_WORDS
        and not line.endswith((".", ":", ";", ","))
        and not line.startswith(("(", "“", '"', "By "))
        and not DATELINE_OUTLET.match(line)
    )


def choose_title(meta_title: str | None, paragraphs: list[str]) -> tuple[str, list[str]]:
    """The headline, and the paragraphs with the headline line taken out of the body."""
    if meta_title:
        title = strip_site_name(normalize_line(meta_title))
        rest = [p for p in paragraphs if p.casefold() != title.casefold()]
        return title, rest
    for index, paragraph in enumerate(paragraphs[:4]):
        if looks_like_headline(paragraph):
            return paragraph, paragraphs[:index] + paragraphs[index + 1:]
    if paragraphs:
        first = paragraphs[0]
        return (first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."), paragraphs
    return "", paragraphs


def extract_article(raw: RawDocument, options: ExtractOptions = ExtractOptions()) -> Article:
    meta = dict(raw.meta)
    text = raw.text
    if raw.fmt == "html":
        from searchnews.html import parse_html

        page = parse_html(text)
        text = page.text
        meta = {**page.meta, **meta}  # a scraper's own fields beat what the page says
    cleaned = clean_text(text, boilerplate_patterns(options.boilerplate_file), options.recurring_lines)
    title, paragraphs = choose_title(meta.get("title"), cleaned.paragraphs)
    removed_text = [line.text for line in cleaned.removed]
    body = "\n\n".join(paragraphs)
    from searchnews.outlets import find_source

    entities = extract_entities(f"{title}\n\n{body}", load_gazetteer(options.entities_file))
    return Article(
        id=raw.doc_id,
        path=raw.path,
        title=title,
        body=body,
        date=find_date(meta.get("published"), cleaned.date_lines, paragraphs, removed_text),
        source=find_source(meta, paragraphs, removed_text),
        url=meta.get("url"),
        companies=entities.companies,
        persons=entities.persons,
        removed=removed_text,
        content_hash=content_hash(raw.text),
    )


def explain_cleaning(raw: RawDocument, options: ExtractOptions = ExtractOptions()) -> list[tuple[str, str | None]]:
    """Every line of the document in order with the reason it was removed (None if kept)."""
    text = raw.text
    if raw.fmt == "html":
        from searchnews.html import parse_html

        text = parse_html(text).text
    return clean_text(text, boilerplate_patterns(options.boilerplate_file), options.recurring_lines).lines
