"""Name the outlet that published an article: from metadata, datelines, copyright lines and URLs."""

from __future__ import annotations

import re

from searchnews.extract.outlet_table import CJK_TEXT, LEGAL_TAIL, NOT_OUTLETS, OutletTable, load_outlets  # noqa: F401 - re-exported: the outlet finder's vocabulary

# Every dateline form wire services print: "(Bloomberg) –", "BEIJING, March 3 (Reuters) -",
# "IRVINE, Calif., Feb 26 (Reuters) -", "NEW YORK, FEB 26 (Reuters) -", "Oct 8 (Reuters) -",
# "WASHINGTON (AP) —", "SHENZHEN, China, Nov 12, 2024 (AFP) -", "BEIJING, May 3 (Xinhua) --",
# "GUANGZHOU, China--(BUSINESS WIRE)--Sept. 1, 2024--": a place and/or date, the outlet in brackets, a dash
DATELINE_OUTLET = re.compile(
    r"^(?:[A-Z][A-Za-z .,'’-]{0,60}?(?:\d{1,2}(?:,\s*\d{4})?)?\s*)?(?:--)?"
    r"\((?P<outlet>[A-Z][\w .&'-]{1,40})\)\s*(?:--?|[–—:])"
)
COPYRIGHT_OWNER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*[-–]?\s*)*(?:\d{4})?\s*(?P<owner>[A-Z][\w .&'-]{1,60}?)"
    r"(?:\s+(?:19|20)\d\d)?(?:[.,]|\s+all rights|\s*$)",
    re.I,
)
# 'SHANGHAI, March 1, 2024 /PRNewswire/ --': press-release wires name themselves between slashes
SLASH_DATELINE = re.compile(r"^[A-Z][\w .,'-]{1,60}?\d{4}\s*/(?P<outlet>[A-Za-z][\w -]{1,30})/")
SOURCE_LINE = re.compile(r"(?:^|\s)(?:来源|source)\s*[:：]\s*(?P<outlet>[^|｜:：\s][^|｜:：]{0,30}?)\s*(?:[|｜]|$)", re.I)
EMAIL_DOMAIN = re.compile(r"@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
# Wire-copy words that sit where a dateline names its outlet ('(Continued) -', '(CORRECTION) -'): never outlets
WEB_DOMAIN = re.compile(r"\b(?P<domain>(?:[\w-]+\.)+(?:com|cn|org|net|co\.uk|co\.jp|asia|news))\b", re.I)


def find_source(meta: dict[str, str], paragraphs: list[str], removed_lines: list[str], path: str = "") -> str | None:
    return find_source_with_evidence(meta, paragraphs, removed_lines, path)[0]


def find_source_with_evidence(
    meta: dict[str, str], paragraphs: list[str], removed_lines: list[str], path: str = "",
) -> tuple[str | None, str | None]:
    """The outlet and the evidence it came from, best evidence first: site-name metadata, dateline,
    sign-off, source line, copyright line, URL, the web domains and outlet names that the page chrome
    mentions ('Why you can trust SCMP'), then the outlet folder the file sits in under the corpus."""
    table = load_outlets()
    site = meta.get("source")
    if site:
        return table.canonical(site) or site, "metadata"
    for paragraph in paragraphs[:8]:
        match = DATELINE_OUTLET.match(paragraph) or SLASH_DATELINE.match(paragraph)
        if match:
            outlet = table.canonical(match["outlet"]) or unknown_outlet(match["outlet"])
            if outlet:
                return outlet, f"dateline {paragraph[:match.end()].strip()!r}"
    signed = sign_off(table, paragraphs, removed_lines)
    if signed:
        return signed
    for line in removed_lines:  # a newsletter names itself in its chrome: 'From: Policy Wire Daily <...>'
        match = NEWSLETTER_NAME.search(line) if len(line) < 240 else None
        name = (match["outlet"] or match["outlet2"] or "").strip() if match else ""
        if name and not unknown_outlet_rejected(name) and name[:1].isupper():
            return table.canonical(name) or name, f"newsletter chrome {line[:80]!r}"
    for line in removed_lines:
        match = SOURCE_LINE.search(line) if len(line) < 120 else None
        if match and (outlet := table.canonical(match["outlet"])):
            return outlet, f"source line {line!r}"
    for line in removed_lines:
        for match in COPYRIGHT_OWNER.finditer(line):
            owner = table.canonical(match["owner"])
            if owner:
                return owner, f"copyright line {line[:80]!r}"
    if meta.get("url"):
        outlet = table.from_url(meta["url"])
        if outlet:
            return outlet, f"url {meta['url']}"
    mentioned = mentioned_outlet(table, removed_lines)
    if mentioned:
        return mentioned, "named in the removed page chrome"
    folder = folder_outlet(path) if path else None
    if folder:
        return folder, f"corpus folder {path.partition('/')[0]!r}"
    return None, None


SIGN_OFFS = {"reuter": "Reuters"}
# Folder names that sort files by kind, not by outlet: never an outlet
GENERIC_FOLDERS = frozenset({
    "blog", "blogs", "html", "htm", "text", "texts", "txt", "json", "jsonl", "md", "markdown", "pdf", "scraper",
    "scrapers", "scraped", "articles", "article", "news", "stories", "posts", "pages", "web", "misc", "other",
    "others", "corpus", "data", "docs", "raw", "input", "inbox", "incoming", "feed", "feeds", "downloads",
    "archive", "archives", "newsletters", "newsletter", "wire", "wires", "press", "releases", "reports", "notes",
    "new", "old", "tmp", "temp", "test", "tests", "sample", "samples", "unsorted",
})
NEWSLETTER_NAME = re.compile(
    r"^from\s*:\s*\"?(?P<outlet>[A-Z][\w&'’ .-]{2,50}?)\"?\s*<[^<>@\s]+@[^<>\s]+>"
    r"|\b(?:you(?:'re| are)? (?:are )?(?:receiving|received) this (?:e-?mail|newsletter|message) because you"
    r"(?: are)? (?:subscribed|signed up) (?:to|for)|thanks? (?:you )?for reading)\s+(?P<outlet2>[A-Z][\w&'’ .-]{2,50}?)\s*[!.,]",
    re.I,
)


def unknown_outlet_rejected(name: str | None) -> bool:
    return not name or len(name.split()) > 6 or name.casefold() in NOT_OUTLETS


def sign_off(table: OutletTable, paragraphs: list[str], removed_lines: list[str]) -> tuple[str, str] | None:
    """Wire copy signs off with its outlet's name on a line of its own (' Reuter', 'Xinhua'): the last line."""
    for line in (paragraphs[-1:] + removed_lines[-2:]):
        words = line.split()
        if 1 <= len(words) <= 2 and line[:1].isupper():
            outlet = SIGN_OFFS.get(line.strip(" .").casefold()) or table.canonical(line)
            if outlet:
                return outlet, f"sign-off {line!r}"
    return None


def folder_outlet(path: str) -> str | None:
    """The outlet folder a file sits in under the corpus ('bbc/business/001.txt' -> BBC through
    outlets.tsv; 'cnbc-asia/x.txt' -> 'cnbc-asia' as is). A file at the corpus root, or a folder named
    like a date or a number ('2021/...'), names no outlet."""
    head, sep, _ = path.replace("\\", "/").partition("/")
    if (not sep or not head or not any(ch.isalpha() for ch in head) or head.startswith(".")
            or head.casefold() in GENERIC_FOLDERS):
        return None
    return load_outlets().canonical(head.replace("_", " ").replace("-", " ")) or load_outlets().canonical(head) or head


def unknown_outlet(name: str) -> str | None:
    """A dateline's '(Caixin) -' names an outlet the table lacks; '(GLD) -' (a ticker), '(YEN PER KILO) -'
    and '(Continued) -' do not: an unknown outlet is written in mixed case, in a few words."""
    name = " ".join(name.split())
    if name.casefold() in NOT_OUTLETS or name.isupper() or not any(ch.islower() for ch in name):
        return None
    return name if len(name.split()) <= 4 else None


def mentioned_outlet(table: OutletTable, removed_lines: list[str]) -> str | None:
    """The outlet the removed chrome names most often, by e-mail/web domain or by name. Only chrome
    counts: an all-capitals line (a wire headline) or a line that reads like a sentence of the story
    ('The paper said ...', 'SHAD SEES PROGRESS ON INSIDER TRADING') names nothing."""
    from searchnews.extract.clean import reads_like_sentence

    votes: dict[str, int] = {}
    for line in removed_lines:
        names_count = not ((line.isupper() and len(line.split()) > 2) or reads_like_sentence(line))
        for match in [*EMAIL_DOMAIN.finditer(line), *WEB_DOMAIN.finditer(line)]:
            outlet = table.from_url("http://" + match["domain"])
            if outlet:
                votes[outlet] = votes.get(outlet, 0) + 2
        for match in table.name_pattern().finditer(line) if names_count else ():
            outlet = table.canonical(match.group(0))
            if outlet:
                votes[outlet] = votes.get(outlet, 0) + 1
    if not votes:
        return None
    return max(votes, key=lambda name: votes[name])
