"""Who wrote an article: person names from the page's author metadata and from "By ..." lines.

A byline names people, often with their outlet or role after a comma ("By Jane Doe and John Roe,
Reuters", "By TOM KRISHER, AP Auto Writer"). Only what reads as a person's name is kept: two to five
capitalised words, no digits, none of the words that make a heading or a desk ("By the numbers",
"By 2025", "Reuters Staff", "News Nation Bureau"), and not an outlet's name. Names in capitals are
shown in title case. Plain text in, names out: html.py and run.py hand it their candidates.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_LINE = 100  # a byline is a short line of its own
LEADING_LINES = 12  # bylines sit at the top of the text, above or just below the headline

BYLINE = re.compile(r"^\s*(?:(?:written|story|words|reporting|text|analysis|commentary)\s+)?(?:by|BY|By)[:\s]+(?P<names>\S.*?)\s*$",
                    re.I)
NAME_SPLIT = re.compile(r"\s*(?:,|;|(?<=\w{3})\.\s+|\||\s+and\s+|\s+&\s+|\s+/\s+|\s+[-–—]\s+)\s*", re.I)
NAME_MARKS = frozenset("'’.-")
PARTICLES = frozenset({"de", "da", "di", "du", "del", "della", "der", "den", "van", "von", "la", "le", "bin", "ibn",
                       "al", "el", "y", "dos", "das", "ter", "st."})
HONORIFICS = frozenset({"dr", "dr.", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "prof", "prof.", "sir", "dame"})
# Words that make a phrase a heading, a desk, a role or an organisation, never a person's name
NOT_NAME_WORDS = frozenset({
    "the", "a", "an", "this", "that", "these", "those", "our", "my", "your", "his", "her", "their", "its", "of",
    "for", "in", "on", "at", "to", "with", "from", "into", "about", "numbers", "way", "contrast", "comparison",
    "view", "more", "articles", "posts", "follow", "print", "share", "email", "sport", "opinion", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "published",
    "updated", "posted", "news", "staff", "reporter", "reporters", "writer", "writers", "editor", "editors",
    "editorial", "correspondent", "correspondents", "bureau", "desk", "team", "agency", "agencies", "press",
    "wire", "wires", "service", "services", "contributor", "contributors", "columnist", "guest", "admin",
    "administrator", "media", "times", "post", "daily", "weekly", "journal", "herald", "tribune", "network",
    "online", "digital", "group", "limited", "ltd", "inc", "corp", "company", "associated", "reuters", "bloomberg",
    "afp", "ap", "upi", "cnn", "bbc", "cnbc", "nbc", "abc", "cbs", "fox", "npr", "pbs", "department", "ministry",
    "ministries", "government", "office", "council", "committee", "university", "institute", "auto", "sports",
    "business", "politics", "tech", "technology", "science", "health", "world", "national", "international",
    "local",
})


def title_case(name: str) -> str:
    """'TOM KRISHER' -> 'Tom Krisher'; 'Jane McDonald' is left as written."""
    if name.upper() != name:
        return name
    return " ".join(word[:1] + word[1:].lower() if len(word) > 2 or not word.endswith(".") else word
                    for word in name.split())


def person_name(text: str) -> str | None:
    """`text` as a person's name, or None when it does not read as one."""
    text = re.sub(r"\s*(?:@\w+|\S+@\S+\.\w+|https?://\S+)\s*", " ", text)  # handles, e-mails, links
    text = " ".join(text.strip(" .,:;-–—'\"()[]").split())
    if not text or len(text) > 60 or any(char.isdigit() for char in text):
        return None
    if text.upper() != text and any(len(word) > 2 and word.isupper() for word in text.split()):
        return None  # 'Kevin McCoy USA TODAY': an outlet in capitals after the name
    text = title_case(text)
    words = text.split()
    while words and words[0].casefold() in HONORIFICS:
        words = words[1:]
    if not 2 <= len(words) <= 5 or words[0] in PARTICLES:  # 'de Boer' is not a whole name; 'Al Root' is
        return None
    for word in words:
        folded = word.casefold().strip(".")
        if folded in NOT_NAME_WORDS:
            return None
        if word not in PARTICLES and not is_name_word(word):
            return None
    if not any(len(word.strip(".")) > 1 for word in words):  # 'J. K.' alone is initials, not a name
        return None
    if is_outlet(" ".join(words)):
        return None
    return " ".join(words)


def is_name_word(word: str) -> bool:
    """'Doe', 'O’Brien', 'McCoy', 'E.', 'Ерофеева': a capital, then letters (in any script) and name marks."""
    return word[:1].isupper() and all(char.isalpha() or char in NAME_MARKS for char in word)


def is_outlet(name: str) -> bool:
    from searchnews.extract.outlet_table import load_outlets

    return load_outlets().canonical(name) is not None


# where the names of a byline end: its date or time stamp ('by Jeff Foust Monday, November 18, 2019')
BYLINE_END = re.compile(r"\s*(?:\b(?:published|updated|posted|last\s+modified)\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b"
                        r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\d).*$", re.I)


def names_in(text: str) -> list[str]:
    """Every person's name in an author string ('By Jane Doe and John Roe, Reuters' -> both names)."""
    text = " ".join(text.split())
    if len(text) > MAX_LINE * 2:
        return []
    match = BYLINE.match(text)
    value = BYLINE_END.sub("", match["names"] if match else text)
    return unique(name for part in NAME_SPLIT.split(value) if (name := person_name(part)))


def authors_from_candidates(candidates: Iterable[str | None]) -> list[str]:
    """The names of the first candidate (page metadata, best first) that names anyone."""
    for candidate in candidates:
        if candidate:
            names = names_in(candidate)
            if names:
                return names
    return []


def text_byline(lines: Iterable[str]) -> list[str]:
    """The names on a 'By ...' line among the first lines of an article's text."""
    previous = ""
    for number, line in enumerate(lines):
        if number >= LEADING_LINES:
            break
        # A byline starts its own line with a capital ('By', 'BY', 'Written by'): in hard-wrapped text
        # (Reuters) 'by First Boston ...' is a sentence going on, and 'BY FIRST BOSTON' under a line in
        # capitals is a headline in capitals going on ('... CROSSED' / 'BY FIRST BOSTON').
        continues_capitals = is_capitals(line) and is_capitals(previous) and not previous.rstrip().endswith((".", ":"))
        if len(line) <= MAX_LINE and line.lstrip()[:1].isupper() and not continues_capitals and BYLINE.match(line):
            names = names_in(line)
            if names:
                return names
        previous = line
    return []


def is_capitals(line: str) -> bool:
    return any(char.isalpha() for char in line) and line.upper() == line


def unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(name.casefold(), name)
    return list(seen.values())
