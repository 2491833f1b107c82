"""The words of an article's own URL ('.../China-s-polysilicon-giants-set-up-fund-to-buy-and-shut-rival-plants'):
sites build the slug from the headline, so a headline-shaped line that says the slug's words is the headline,
however much note, page or chat text a copy puts above it."""

from __future__ import annotations

import re

URL = re.compile(r"https?://[^\s<>\"')\]]+")
TOKEN = re.compile(r"[^\W_]+")
MIN_SLUG_WORDS = 4


def slug_words(url: str) -> list[tuple[str, ...]]:
    """The slugs of a URL's path: segments of four words or more joined by '-' or '_' (ids and extensions out)."""
    path = url.split("://", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    slugs = []
    for segment in path.split("/")[1:]:
        segment = re.sub(r"\.(?:html?|php|aspx?|shtml)$", "", segment, flags=re.I)
        if "-" not in segment and "_" not in segment:
            continue
        words = tuple(word.casefold() for word in re.split(r"[-_]+", segment)
                      if word and not any(ch.isdigit() for ch in word))
        if len(words) >= MIN_SLUG_WORDS:
            slugs.append(words)
    return slugs


def document_slugs(lines: list[str]) -> list[tuple[str, ...]]:
    """Every slug of every URL printed in the copy (removed lines too: a 'Source: ... — URL' label, a link)."""
    return [slug for line in lines if "://" in line for url in URL.findall(line) for slug in slug_words(url)]


def says_slug(line: str, slugs: list[tuple[str, ...]]) -> bool:
    """The line's words are a slug's words: nearly all of the slug in the line, and nearly all the line in it."""
    words = [word.casefold() for word in TOKEN.findall(line)]
    if len(words) < MIN_SLUG_WORDS:
        return False
    mine = set(words)
    for slug in slugs:
        theirs = set(slug)
        if len(mine & theirs) >= 0.8 * len(theirs) and sum(word in theirs for word in words) >= 0.7 * len(words):
            return True
    return False
