"""An HTML page -> its main article text (one paragraph per line) and its metadata.

The body comes from trafilatura: on the Zyte article-extraction benchmark (181 real pages) it scores
body-token F1 0.948 against 0.787 for our own bs4 extractor, and is faster (benchmarks/html_extraction.py).
Metadata (title, dates, site name, author, url) comes from bs4 over the few tags that carry it. The
bs4 extractor stays as the fallback for pages trafilatura finds nothing in.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, Tag

NOISE_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
              "button", "template", "figure", "figcaption", "select", "input"]
NOISE_ATTR = re.compile(
    r"(^|[\s_-])(share|sharing|social|comment|comments|related|recommend|cookie|consent|newsletter|subscribe|"
    r"promo|advert|ad-|ads|sidebar|breadcrumb|byline|author-bio|tags|paywall|popup|modal|footer|nav|menu)"
    r"([\s_-]|$)",
    re.I,
)
BLOCK_TAGS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"]


@dataclass
class HtmlPage:
    text: str
    meta: dict[str, str] = field(default_factory=dict)


METADATA_TAGS = ["title", "meta", "script", "h1", "link", "time"]


def make_soup(markup: str, only: list[str] | None = None) -> BeautifulSoup:
    from bs4 import SoupStrainer

    strainer = SoupStrainer(only) if only else None
    try:
        return BeautifulSoup(markup, "lxml", parse_only=strainer)
    except Exception:  # lxml missing or choking on the page: the stdlib parser is slower but forgiving
        return BeautifulSoup(markup, "html.parser", parse_only=strainer)


def trafilatura_text(markup: str) -> str | None:
    """The main text by trafilatura (paragraphs on their own lines), or None if it finds none."""
    try:
        import trafilatura
    except ImportError:  # pragma: no cover - a runtime dependency; the bs4 extractor still works without it
        return None
    try:
        text = trafilatura.extract(markup, include_comments=False, include_tables=True, deduplicate=False)
    except Exception:  # noqa: BLE001 - a page trafilatura chokes on falls back to bs4
        return None
    return text if text and text.strip() else None


# the block elements a page prints its date line in, under the headline ('<div>PUBLISHED : 18 Aug 2025</div>')
BLOCK_TAG = re.compile(r"<(?:/?(?:div|p|span|li|time|h[1-6]|header|section|td|dd|dt)\b[^>]*|br\s*/?)>", re.I)
ANY_TAG = re.compile(r"<[^>]*>")
YEAR_TEXT = re.compile(r"(?:19|20)\d\d")
UNDER_HEADLINE = 4000  # characters of markup after the <h1> where a page prints the story's date line


def headline_date_lines(markup: str) -> list[str]:
    """The short block texts printed right under the <h1> that hold a year: the date line a page shows
    but its main text (trafilatura's) leaves out; the date rules judge which is a date and nothing else."""
    start = re.search(r"</h1\s*>", markup[:500_000], re.I)
    if not start:
        return []
    texts = (" ".join(ANY_TAG.sub(" ", part).split()) for part in BLOCK_TAG.split(markup[start.end():start.end() + UNDER_HEADLINE]))
    return [text for text in texts if 6 <= len(text) <= 100 and YEAR_TEXT.search(text)][:6]


def parse_html(markup: str) -> HtmlPage:
    meta = page_metadata(make_soup(markup, METADATA_TAGS))
    if "published" not in meta and (lines := headline_date_lines(markup)):
        meta["page_date_lines"] = "\n".join(lines)
    if "author" not in meta:
        names = byline_element_names(markup)
        if names:
            meta["author"] = "; ".join(names)
    text = trafilatura_text(markup)
    if text is None:
        text = main_text(make_soup(markup))
    return HtmlPage(text=text, meta=meta)


def meta_tags(soup: BeautifulSoup) -> dict[tuple[str, str], Tag]:
    """(attribute, value) -> the first <meta> with property=value / name=value: one pass over the
    page's meta tags instead of two searches per name looked up."""
    found: dict[tuple[str, str], Tag] = {}
    for tag in soup.find_all("meta"):
        for attribute in ("property", "name"):
            value = tag.get(attribute)
            if isinstance(value, str):
                found.setdefault((attribute, value), tag)
    return found


def meta_content(soup: BeautifulSoup | dict[tuple[str, str], Tag], *names: str) -> str | None:
    tags = soup if isinstance(soup, dict) else meta_tags(soup)
    for name in names:
        tag = tags.get(("property", name)) or tags.get(("name", name))
        if isinstance(tag, Tag):
            content = tag.get("content")
            if isinstance(content, str) and content.strip():
                return content.strip()
    return None


def json_ld_objects(soup: BeautifulSoup) -> list[dict[str, object]]:
    return json_ld_from_scripts(script.string for script in soup.find_all("script", attrs={"type": "application/ld+json"}))


def json_ld_from_scripts(scripts: Iterable[str | None]) -> list[dict[str, object]]:
    """Every object in the page's JSON-LD scripts, items of lists and of `@graph` included."""
    objects: list[dict[str, object]] = []
    for script in scripts:
        try:
            data = json.loads(script or "")
        except (ValueError, TypeError, RecursionError):  # bad, huge-number or absurdly nested JSON-LD: skip it
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                objects.append(item)
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
    return objects


def page_metadata(soup: BeautifulSoup) -> dict[str, str]:
    ld = json_ld_objects(soup)
    metas = meta_tags(soup)

    def ld_value(key: str) -> str | None:
        for item in ld:
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
            if isinstance(value, dict) and isinstance(value.get("name"), str):
                return str(value["name"]).strip()
            if isinstance(value, list) and value and isinstance(value[0], dict) and isinstance(value[0].get("name"), str):
                return str(value[0]["name"]).strip()
        return None

    title_tag = soup.find("title")
    h1 = soup.find("h1")
    candidates = {
        "title": meta_content(metas, "og:title", "twitter:title") or ld_value("headline")
        or (h1.get_text(" ", strip=True) if isinstance(h1, Tag) else None)
        or (title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else None),
        "published": meta_content(metas, "article:published_time", "datePublished", "pubdate", "date",
                                  "dc.date", "DC.date.issued", "sailthru.date", "parsely-pub-date")
        or ld_value("datePublished"),
        "source": meta_content(metas, "og:site_name", "application-name") or ld_value("publisher"),
        "author": page_author(metas, ld),
        "url": meta_content(metas, "og:url"),
        "page_title": title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else None,
    }
    canonical = soup.find("link", attrs={"rel": "canonical"})
    if not candidates["url"] and isinstance(canonical, Tag) and isinstance(canonical.get("href"), str):
        candidates["url"] = str(canonical["href"])
    if not candidates["published"]:
        time_tag = soup.find("time", attrs={"datetime": True})
        if isinstance(time_tag, Tag):
            candidates["published"] = str(time_tag["datetime"])
    return {key: " ".join(value.split()) for key, value in candidates.items() if value}


AUTHOR_META = ("author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator", "DC.creator")


def ld_authors(ld: list[dict[str, object]]) -> str | None:
    """The JSON-LD article's author names ('; '-joined), people only: an Organization is the publisher."""
    for item in ld:
        value = item.get("author")
        entries = value if isinstance(value, list) else [value]
        names = []
        for entry in entries:
            if isinstance(entry, str):
                names.append(entry)
            elif isinstance(entry, dict) and isinstance(entry.get("name"), str) \
                    and str(entry.get("@type", "Person")).casefold() != "organization":
                names.append(str(entry["name"]))
        if names:
            return "; ".join(names)
    return None


def page_author(metas: dict[tuple[str, str], Tag], ld: list[dict[str, object]]) -> str | None:
    """The author names the page declares ('; '-joined): JSON-LD, then the author meta tags (a link,
    as article:author often is, names nobody). The byline text is read by run.py (byline.py)."""
    from searchnews.extract.byline import authors_from_candidates

    names = authors_from_candidates([ld_authors(ld), *(meta_content(metas, name) for name in AUTHOR_META)])
    return "; ".join(names) or None


# an author name in a list of other stories or in the comments is not this article's author
NOT_BYLINE_CLASS = re.compile(r"related|comment|reply|teaser|card|list|widget|recommend|promo|more", re.I)
BYLINE_CLASS = re.compile(r"(^|[\s_-])(byline|by-line|author|authors|author-name|article-author|writer)([\s_-]|$)", re.I)


BYLINE_CLASS_IN_MARKUP = re.compile(r"class\s*=\s*[\"']?[^\"'>]*(?:byline|by-line|author|writer)", re.I)
BYLINE_XPATH = ("//*[@class][" + " or ".join(
    f'contains(translate(@class, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"), "{word}")'
    for word in ("byline", "by-line", "author", "writer")) + "]")


def byline_element_names(markup: str) -> list[str]:
    """Names in the page's byline elements (class "byline", "author", ...), for pages whose metadata
    names no author. lxml's own parse and XPath (~1 ms a page), not a second bs4 tree: only pages
    without author metadata pay for it."""
    from lxml import etree
    from lxml import html as lxml_html

    from searchnews.extract.byline import MAX_LINE, names_in

    if not BYLINE_CLASS_IN_MARKUP.search(markup):  # a third of such pages: no parse at all
        return []
    try:
        tree = lxml_html.document_fromstring(markup.encode("utf-8", "replace"),
                                             parser=lxml_html.HTMLParser(encoding="utf-8"))
        elements = tree.xpath(BYLINE_XPATH)
    except (etree.LxmlError, ValueError):  # an empty or unparsable page has no byline for us
        return []
    checked = 0
    for element in elements:
        classes = str(element.get("class") or "")
        if not BYLINE_CLASS.search(classes) or NOT_BYLINE_CLASS.search(classes):
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if not text or len(text) > MAX_LINE:
            continue
        names = names_in(text)
        if names:
            return names
        checked += 1
        if checked >= 10:
            break
    return []


def main_text(soup: BeautifulSoup) -> str:
    """The article's paragraphs, one per line: chrome removed, the densest container kept."""
    for tag in soup.find_all(NOISE_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None or tag.name in {"html", "body", "article", "main"}:
            continue
        marker = " ".join([tag.get("id") or "", *(tag.get("class") or [])]) if tag.attrs else ""
        if marker and NOISE_ATTR.search(marker):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.find(attrs={"itemprop": "articleBody"}) or soup.body or soup
    lines = []
    for block in root.find_all(BLOCK_TAGS):
        if block.find_parent(BLOCK_TAGS) is not None:
            continue  # a <p> inside an <li> or <blockquote> is read with its parent
        text = block.get_text(" ", strip=True)
        if text:
            lines.append(text)
    if not lines:
        lines = [line for line in root.get_text("\n", strip=True).splitlines() if line.strip()]
    return "\n".join(lines)
