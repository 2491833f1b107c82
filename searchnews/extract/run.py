"""One raw document -> one Article: clean, then extract title, date, source, entities and authors."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from searchnews.article import Article, RawDocument
from searchnews.extract.byline import authors_from_candidates, text_byline
from searchnews.extract.clean import CleanText, boilerplate_patterns, clean_text, site_name_in_title, strip_site_name
from searchnews.extract.dates import (
    find_date_in_line,
    find_date_with_evidence,
    parse_date_line,
    path_date,
    stamp_segments,
)
from searchnews.extract.entities import extract_entities, load_gazetteer
from searchnews.extract.line_model import MODEL_PREFIX
from searchnews.extract.outlet_table import outlet_group
from searchnews.extract.outlets import find_source_with_evidence
from searchnews.extract.site_identity import title_suffix_site

__all__ = ["ExtractOptions", "content_hash", "explain_cleaning", "extract_article", "extract_with_lines", "strip_site_name"]


@dataclass(frozen=True)
class ExtractOptions:
    """User-supplied extensions of the shipped data files, and lines known to recur per outlet.

    `recurring_lines` applies to every document; `recurring_by_group` maps an outlet group (the
    top folder of a file's corpus path, see `outlet_table.outlet_group`) to the lines that recur in it.
    """

    boilerplate_file: str | None = None
    entities_file: str | None = None
    recurring_lines: frozenset[str] = field(default_factory=frozenset)
    recurring_by_group: Mapping[str, frozenset[str]] = field(default_factory=dict)
    index_version: str = ""  # hash of the index's own custom files (index_options.py); "" for none

    def recurring_for(self, path: str) -> frozenset[str]:
        group_lines = self.recurring_by_group.get(outlet_group(path)) if self.recurring_by_group else None
        if group_lines:
            return self.recurring_lines | group_lines if self.recurring_lines else group_lines
        return self.recurring_lines


def content_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def prepare(raw: RawDocument, options: ExtractOptions) -> tuple[dict[str, str], CleanText]:
    """Page text and metadata (HTML parsed, Markdown front matter read), then the cleaned lines."""
    meta = dict(raw.meta)
    text = raw.text
    if raw.fmt == "html":
        from searchnews.extract.html import parse_html

        page = parse_html(text)
        text = page.text
        meta = {**page.meta, **meta}  # a scraper's own fields beat what the page says
    cleaned = clean_text(text, boilerplate_patterns(options.boilerplate_file), options.recurring_for(raw.path),
                         meta.get("title"))
    for key, meta_key in (("title", "title"), ("date", "published"), ("published", "published"), ("source", "source")):
        value = cleaned.front_matter.get(key)
        if value and not meta.get(meta_key):
            meta[meta_key] = value
    if cleaned.front_matter.get("title") and not raw.meta.get("title"):
        cleaned = clean_text(text, boilerplate_patterns(options.boilerplate_file), options.recurring_for(raw.path),
                             meta["title"])
    if (meta.get("page_title") or meta.get("title")) and not meta.get("source"):
        site = site_name_in_title(meta.get("page_title") or meta["title"])
        if not site and raw.fmt == "html" and meta.get("page_title"):
            found = title_suffix_site(meta["page_title"], raw.text, raw.path)
            site = found[0] if found else None
        if site:
            meta["source"] = site
    return meta, cleaned


def extract_article(raw: RawDocument, options: ExtractOptions = ExtractOptions()) -> Article:
    return extract_with_lines(raw, options)[0]


def extract_with_lines(raw: RawDocument, options: ExtractOptions = ExtractOptions()) -> tuple[Article, CleanText]:
    """The article, and the cleaned lines it came from (ingest's workers count their lines for the
    recurring-line statistics, so no file is read twice)."""
    meta, cleaned = prepare(raw, options)
    paragraphs = cleaned.paragraphs
    removed_text = [line.text for line in cleaned.removed]
    body = "\n\n".join(paragraphs)
    # a page's date line under its <h1> that the main text left out counts after the text's own
    page_lines = [part for part in stamp_segments([line for line in meta.get("page_date_lines", "").split("\n") if line])
                  if parse_date_line(part)]
    dated_path = dated_location(raw.path, meta.get("url"))
    date, date_evidence = find_date_with_evidence(meta.get("published"), date_lines(cleaned, dated_path) + page_lines,
                                                  paragraphs, removed_text, dated_path)
    if dated_path != raw.path and date_evidence and date_evidence.startswith("file path"):
        date_evidence = f"the story's URL {meta.get('url')!r}"  # `clean` says where the date came from
    chrome = [line.text for line in cleaned.removed if line.reason not in NOT_CHROME]
    headlines = [line for line, reason in cleaned.lines if reason in ("headline", "duplicate headline")]
    source, source_evidence = find_source_with_evidence(meta, paragraphs, chrome, raw.path, masthead_line(cleaned),
                                                        [*headlines, cleaned.title] if cleaned.title else headlines,
                                                        [line for line, _reason in cleaned.lines])
    entities = extract_entities(f"{cleaned.title}\n\n{body}", load_gazetteer(options.entities_file))
    authors = (authors_from_candidates(meta.get("author", "").split("; ")) if meta.get("author") else []) \
        or text_byline(line for line, _reason in cleaned.lines)
    return Article(
        id=raw.doc_id,
        path=raw.path,
        title=cleaned.title,
        body=body,
        date=date,
        source=source,
        url=meta.get("url"),
        companies=entities.companies,
        persons=entities.persons,
        authors=authors,
        removed=removed_text,
        content_hash=content_hash(raw.text),
        title_is_headline=not is_lead_as_title(cleaned.title, paragraphs),
        date_evidence=date_evidence,
        source_evidence=source_evidence,
    ), cleaned


NEAR_HEADLINE = 6  # lines after the headline where a page prints the story's date ('By X | June 3, 2024 4:20am')


def date_lines(cleaned: CleanText, path: str | None = None) -> list[str]:
    """The cleaner's date lines, with the date lines printed right under the headline first: on a page
    copy the first date of the page is often the masthead's "today", the one under the headline the story's.
    A line under the headline counts only when it is a date and nothing else of substance. With neither,
    the page's first line that is a date and nothing else, in its upper part (below it, the dates of
    comments and of other stories): a page copy's story starts wherever its menus end."""
    lines = cleaned.lines
    at = next((index for index, (_, reason) in enumerate(lines) if reason == "headline"), None)
    near = [line for line, reason in lines[at + 1:at + 1 + NEAR_HEADLINE]
            if reason != "headline" and parse_date_line(line)] if at is not None else []
    if near:
        return near + [line for line in cleaned.date_lines if line not in near]
    if cleaned.date_lines:
        return cleaned.date_lines
    upper = lines[:max(1, int(len(lines) * UPPER_PART))]
    first = next((line for line, reason in upper if reason not in ("headline", "duplicate headline")
                  and parse_date_line(line)), None)
    if first:
        return [first]
    # a stamp printed once below the story ('Jun. 10, 2025 17:45 JST', 'Hong Kong, 21 August 2024'): the page's
    # only date line, and one day, dates the page; several are comments' or other stories' dates. It is weaker
    # evidence than a day in the file's path, which then stands
    if len(path_date(path) or "") == 10:
        return []
    below = [line for line, reason in lines if reason == "date line" or (reason is None and place_and_date(line))]
    return below if len({parse_date_line(line) or find_date_in_line(line) for line in below}) == 1 else []


UPPER_PART = 0.6
def dated_location(path: str, url: str | None) -> str:
    """The file's path, or the story's URL when only the URL carries a day ('.../articles/2025/11/12/slug' in a
    bookmark export saved as raindrop/export.jsonl): a URL's date is written from the publication date as a
    scraper's file path is."""
    if url and len(path_date(path) or "") < 10 and len(path_date(urlsplit(url).path) or "") == 10:
        return urlsplit(url).path
    return path


PLACE_COMMA = re.compile(r"(?P<place>[A-Z][A-Za-z .'’-]{1,30}),\s+(?P<date>[^,]{6,30}(?:,\s*\d{4})?)")


def place_and_date(line: str) -> bool:
    """'Hong Kong, 21 August 2024': the place and day a formal notice or letter is signed, a line of its own."""
    match = PLACE_COMMA.fullmatch(line.strip())
    return bool(match) and len(parse_date_line(match["date"]) or "") == 10


# Removed lines that are story text, not page chrome: an outlet they mention is the story's subject
NOT_CHROME = frozenset({"headline", "duplicate headline", "duplicate line", "joined to the next line"})


# The reasons a document's first line gets when it is the site's name above the headline
MASTHEAD_REASONS = frozenset({"label or byline above the story", "site name above the page navigation",
                              "page header or footer"})


def masthead_line(cleaned: CleanText) -> str | None:
    """The document's first line, when it was removed as a label or site name above the headline."""
    first = next(((line, reason) for line, reason in cleaned.lines if reason != "front matter"), None)
    return first[0] if first and (first[1] in MASTHEAD_REASONS or str(first[1]).startswith(MODEL_PREFIX)) else None


def is_lead_as_title(title: str, paragraphs: list[str]) -> bool:
    """True when no headline was found and the title is the first paragraph (or its first ~117
    characters): indexing it as a title would count the lead twice and skew field weighting."""
    if not title or not paragraphs:
        return False
    lead = paragraphs[0]
    return title == lead or (title.endswith("...") and lead.startswith(title[:-3]))


def explain_cleaning(raw: RawDocument, options: ExtractOptions = ExtractOptions()) -> list[tuple[str, str | None]]:
    """Every line of the document in order with the reason it was removed (None if kept)."""
    return prepare(raw, options)[1].lines
