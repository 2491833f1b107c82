"""Where a text copy says who published it, beyond datelines: repost attributions, export field labels,
a URL or domain the copy was saved from, the site's own footer, the site name after its headline and
'X is a ... publication' about-lines.

Kept apart from outlets.py (which orders the evidence) because each reader here is one shape of line a
page, an e-mail or an export carries; outlets.py only decides which evidence is stronger.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from searchnews.extract.outlet_table import NOT_OUTLETS, OutletTable

# A name as an attribution writes it: 'Caixin Global', 'the South China Morning Post', 'Phys.org',
# 'The Anti-June Cleaver'; words up to the end of the name (a comma, a full stop and a space, ' on ', ...)
NAME = r"(?P<name>(?:[Tt]he\s+)?[A-Z0-9][\w&'’.-]*(?:\s+(?:[A-Z0-9&][\w&'’.-]*|of|the|and|for|on|de|du|la|le))*)"
# 'This article was originally published in Caixin Global', 'First appeared on Rest of World.',
# 'Republished with permission from KrASIA', 'Reposted from: 36Kr'. 'Reprinted on Wired.com' names the
# other site, where this story went, so only 'from' counts after a reprint.
REPOST = re.compile(
    r"(?i:(?:^|\b(?:this|the)\s+(?:article|story|post|piece|report|interview|essay|column|analysis|commentary|op-ed)"
    r"\s+(?:was\s+|is\s+|has been\s+)?)"
    r"(?:(?:originally|first)\s+(?:published|appeared|posted|ran|run)(?:\s+(?:here|online))?\s+(?:in|at|on|by)"
    r"|(?:re-?published|re-?posted|reprinted|syndicated|translated|adapted)(?:\s+with\s+permission)?\s+from"
    r"|with\s+(?:the\s+)?permission\s+(?:of|from)|read\s+(?:the\s+)?(?:original|full)\s+"
    r"(?:article|story|post)\s+(?:at|on)|continue\s+reading\s+(?:at|on))\s*:?\s*)" + NAME
)
REPOST_WORDS = ("originally", "first publ", "first appe", "first post", "first ran", "first run", "republ", "re-publ",
                "repost", "re-post", "reprint", "syndicat", "translated", "adapted", "permission", "original article",
                "original story", "original post", "full article", "full story", "continue reading")
# 'via Caixin', '(via Nikkei Asia)', 'Source: Yicai Global', 'Credit: X', '来源：财新网': a short line of its own
VIA_LINE = re.compile(r"^[(\[—–-]*\s*(?i:via|source|sources|来源|published in|appeared in)\s*[:：]?\s*" + NAME + r"\s*[)\]]?\s*[.]?$")
# What follows a name and is not part of it
NAME_END = re.compile(
    r"\s+(?:on|at|in|and|with|under|for|by)\s+(?:[a-z(\d]|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|"
    r"mon|tue|wed|thu|fri|sat|sun)[a-z]*\b).*$|\s*[.,;:]\s.*$|[.,;:]$"
)
CORPORATE_WORD = re.compile(
    r"(?:[,\s]+(?:inc|llc|l\.l\.c|ltd|limited|co|corp|corporation|company|gmbh|ag|plc|s\.a|sa|pty|pvt|private|"
    r"group|holdings|communications|interactive|publishing|publications|publishers|enterprises|services|"
    r"media|network|networks|newspapers|international)\.?)+$",
    re.I,
)
SMALL = frozenset({"of", "the", "and", "for", "on", "de", "du", "la", "le", "&"})
# '© 2019 National Review', 'Copyright © 2019, Los Angeles Times | Terms', 'Copyright 2019. Washington
# Examiner. All Rights Reserved.', '© Phys.org 2003 - 2019 powered by', '©2019 CNBC LLC. All Rights Reserved.'
FOOTER_COPYRIGHT = re.compile(
    r"(?:[©ⓒ]|\(c\)|\bcopyright\b)(?:\s*(?:[©ⓒ]|\(c\)|copyright\b))*\s*(?:all rights reserved\s*)?"
    r"(?:(?P<year>(?:19|20)\d\d)(?:\s*[-–]\s*(?:19|20)?\d\d)?\s*[.,]?\s*)?(?P<owner>[^\W\d_][^|•·;:()\n]{1,89})",
    re.I,
)
OWNER_END = re.compile(
    r"\s*(?:\.\s|,\s+(?:a|an|the|part|all|unless)\b|\s(?:19|20)\d\d\b|\ball rights\b|\s+-\s|\s+—|\s+–|"
    r"\s+(?:is|are|unless|powered|all|except|and its|or its|a division|a subsidiary)\b|(?-i:\s+[a-z]{3,})).*$",
    re.I,
)
RIGHTS = re.compile(r"rights\s+reserved|(?:[©ⓒ]|\bcopyright\b)\s*(?:\D{0,12})?(?:19|20)\d\d|(?:19|20)\d\d\b", re.I)
HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$", re.I)
# 'saved from url=(0061)https://...', 'URL: https://...', 'Source URL: ...', 'Read it online at https://...'
URL_LABEL = re.compile(
    r"^(?:<!--\s*)?(?:saved from(?:\s+url=\(\d+\))?|retrieved from|url|source url|article url|"
    r"original(?:ly)?(?: at| url| link)?|"
    r"permalink|link|read (?:it )?(?:online|more|the full (?:article|story)) at|view (?:it )?online at|"
    r"published at|source)\s*[:=]?\s*(?P<url>https?://[^\s<>\"')]+)",
    re.I,
)
# 'Pandaily is a tech media based in Beijing.', 'The Wire China is an independent publication ...'
ABOUT_LINE = re.compile(
    r"^" + NAME + r"\s+(?:is|are)\s+(?:a|an|the)\s+(?:(?!of\b)[a-z-]+\s+){0,3}?"
    r"(?:media|news|publication|publisher|newspaper|magazine|newsletter|website|site|blog|outlet|wire|"
    r"journal|platform|portal|podcast|agency|broadcaster|channel)\b",
)
# Factiva's field labels, as its exports print them: 'SN Caixin Global', 'PD 3 March 2024', 'WC 650 words'
FACTIVA_FIELD = re.compile(r"^(?P<label>HD|BY|WC|PD|ET|SN|SC|LA|CY|LP|TD|CO|IN|NS|RE|IPD|PUB|AN)\s+(?P<value>\S.*)$")
FIELD_LABEL = re.compile(
    r"^(?P<label>publication|publication title|source|publisher|newspaper|journal|outlet|source name|"
    r"publication date|pub date|date published|publication-date|pubdate)\s*:\s*(?P<value>\S.{0,80})$",
    re.I,
)


def trim_name(name: str) -> str:
    name = NAME_END.sub("", " ".join(name.split())).strip(" .,-–—")
    name = re.sub(r"(?:\s+(?:of|the|and|for|on|de|du|la|le|&))+$", "", name)  # 'Harbour Ledger and (is ...)'

    return re.sub(r"^the\s+", "The ", name)


def name_shaped(name: str, max_words: int = 6) -> bool:
    """A publisher's name as written: a few words, each capitalised (or a small word), or a domain."""
    words = name.split()
    if not words or len(words) > max_words or name.casefold() in NOT_OUTLETS or len(name) < 2:
        return False
    if HOST.match(name):
        return True
    return all(word[:1].isupper() or word[:1].isdigit() or word.casefold() in SMALL for word in words)


def outlet_named(table: OutletTable, name: str) -> str | None:
    """The table's name for an outlet written in an attribution, or the name as written when it is
    name-shaped; a URL or a bare domain goes through the table's domains, else it is kept as the host."""
    name = trim_name(name)
    if name.casefold().startswith(("http://", "https://", "www.")) or HOST.match(name):
        url = name if "://" in name else "http://" + name
        return table.from_url(url) or table.canonical(name) or host_of(url)
    known = known_prefix(table, name)
    if known:
        return known
    if DATE_START.match(name):
        return None  # 'First published on Nov 20, 2019': a date line, not an attribution
    return name if name_shaped(name) else None


DATE_START = re.compile(r"(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d|\d{1,2}\s+[a-z]{3}|(?:19|20)\d\d\b)",
                        re.I)


def publication_after_section(table: OutletTable, name: str) -> str | None:
    """'Corporate, The Edge Malaysia Weekly': a section or edition the table does not know, then the
    publication it does; the comma would otherwise end the name at the section."""
    head, sep, rest = " ".join(name.split()).partition(", ")
    if not sep or known_prefix(table, trim_name(head)):
        return None
    return known_prefix(table, trim_name(rest))


def known_prefix(table: OutletTable, name: str) -> str | None:
    """The outlet the table knows in a longer name: 'Guardian News & Media' -> The Guardian,
    'Dow Jones & Company' -> The Wall Street Journal, 'Business Insider Deutschland' -> Business Insider."""
    words = CORPORATE_WORD.sub("", name).strip(" .,&").split()
    for size in range(len(words), 0, -1):
        known = table.canonical(" ".join(words[:size]).strip(" &,"))
        if known and (size > 1 or len(words) <= 2):
            return known
    return table.canonical(name)


def host_of(url: str) -> str | None:
    host = (urlparse(url).hostname or "").casefold().removeprefix("www.")
    return host if HOST.match(host) else None


def repost_attribution(table: OutletTable, lines: list[str], around_story: list[str]) -> tuple[str, str] | None:
    """A repost names the outlet that first published the story: 'Originally published in X', 'This story
    first appeared on X' anywhere; 'via X' or 'Source: X' on a line of its own only under the headline or
    at the story's end (in the middle of a story, 'Source: X' credits a chart)."""
    for line in lines:
        if len(line) >= 300:
            continue
        folded = line.casefold()
        if not any(word in folded for word in REPOST_WORDS):  # most lines: substring tests, no regex
            continue
        match = REPOST.search(line)
        if match and (outlet := publication_after_section(table, line[match.start("name"):])
                      or outlet_named(table, match["name"])):
            return outlet, f"repost attribution {line[:80]!r}"
    for line in around_story:
        match = VIA_LINE.match(line) if len(line) < 80 else None
        if match and (outlet := outlet_named(table, match["name"])):
            return outlet, f"repost attribution {line[:80]!r}"
    return None


def export_fields(lines: list[str]) -> dict[str, str]:
    """Fields of a news-database export: Factiva's two-letter labels (only when three or more of them
    are present, so 'SN' alone in a story is no label) and labelled 'Publication: X' lines."""
    factiva: dict[str, str] = {}
    labelled: dict[str, str] = {}
    for line in lines:
        match = FACTIVA_FIELD.match(line) if len(line) < 200 else None
        if match:
            factiva.setdefault(match["label"], match["value"].strip())
        match = FIELD_LABEL.match(line) if len(line) < 120 else None
        if match:
            labelled.setdefault("date" if "date" in match["label"].casefold() else "source", match["value"].strip())
    if len(factiva) >= 3:
        return {key: value for key, value in (("source", factiva.get("SN")), ("date", factiva.get("PD"))) if value}
    return labelled


BARE_URL = re.compile(r"^(?P<url>https?://[^\s<>\"')]+)(?:\s+\d{1,3}\s*/\s*\d{1,3})?$")
# 'By Jane Doe, CNN', 'Jane Doe | Reuters', 'By Jane Doe and John Roe, Bloomberg News'
BYLINE_OUTLET = re.compile(r"^(?:by\s+)?[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s+and\s+[A-Z][\w.'’ -]{2,40})?"
                           r"\s*[,|–—-]\s*(?P<name>[A-Z][\w&.' -]{1,40})$", re.I)


def labelled_url(table: OutletTable, lines: list[str], edges: list[str] = ()) -> tuple[str, str] | None:
    """'saved from url=(0061)https://www.example.com/...', 'URL: https://...', 'Retrieved from https://...':
    the page the copy came from; so is a line that is only a URL at the very top or bottom of the copy (a
    browser prints the page's address there)."""
    for line in edges:
        match = BARE_URL.match(line.strip()) if len(line) < 400 else None
        if match and (outlet := table.from_url(match["url"]) or host_of(match["url"])):
            return outlet, f"url printed with the page {match['url'][:80]!r}"
    for line in lines:
        match = URL_LABEL.match(line) if len(line) < 400 else None
        if match:
            outlet = table.from_url(match["url"]) or host_of(match["url"])
            if outlet:
                return outlet, f"url in the text {match['url'][:80]!r}"
    return None


PAGE_COPY_SHORT_LINES = 15  # a copy of a whole web page carries its menus: many lines of a few words


def is_page_copy(lines: list[str]) -> bool:
    """A copy of a whole web page, not a story file: its copyright line is the site's footer, printed on
    every page of the site (it names the site, not the story's date); in a story file the notice is the
    story's own (it dates the story, and may name the wire or the author that holds it)."""
    short = 0
    for line in lines:
        if len(line) < 40 and len(line.split()) <= 4:
            short += 1
            if short >= PAGE_COPY_SHORT_LINES:
                return True
    return False


def footer_owner(table: OutletTable, lines: list[str], others: list[str]) -> tuple[str, str] | None:
    """The site's own copyright footer, last first: '© 2019 National Review', 'Copyright © 2019, Los
    Angeles Times'. A footer names the site when its owner is written as a plain name; a company's legal
    name ('Hearst Communications, Inc.', 'Penske Media Corporation') names the owner of many sites, so it
    counts only when the table knows it or the page's chrome prints its name without the legal tail; so
    does any unknown owner outside a page copy.
    Image credits ('(Image: © NASA)', '© Martin Taylor') carry neither a year nor 'all rights reserved'."""
    page_copy = is_page_copy(lines)
    for line in reversed(lines):
        if len(line) > 400 or not ("©" in line or "ⓒ" in line or "opyright" in line or "(c)" in line.casefold()):
            continue
        for match in FOOTER_COPYRIGHT.finditer(line):
            if not RIGHTS.search(line) or line[:match.start()].rstrip().endswith((":", "(")):
                continue
            owner = OWNER_END.sub("", match["owner"]).strip(" .,-")
            owner = re.sub(r"^(?:by|the)\s+", lambda m: "The " if m.group(0).casefold().startswith("the") else "", owner,
                           flags=re.I)
            if not owner or re.match(r"(?:all rights|copyright)", owner, re.I):
                continue
            core = CORPORATE_WORD.sub("", owner).strip(" .,&")
            known = known_prefix(table, owner)
            if known:
                return known, f"copyright footer {line[:80]!r}"
            if not core or not name_shaped(core, 5):
                continue
            if (core != owner or not page_copy) and not printed_as_name(core, others) and not publication_name(core):
                continue  # a company's legal name, not printed as a name of its own: an owner, not the site
            return core, f"copyright footer {line[:80]!r}"
    return None


# the last word of a publication's own name ('The Japan Times Ltd.', 'Yonhap News Agency'): a company
# named so is the title it publishes, not a group owning many sites ('Penske Media', 'Hearst')
PUBLICATION_TAIL = re.compile(
    r"\b(?:times|herald|news|post|journal|daily|tribune|gazette|chronicle|telegraph|observer|express|review|"
    r"monitor|shimbun|ilbo|agency|press|standard|mail|star|sun|inquirer|economist|record|courier|dispatch)$",
    re.I,
)


def publication_name(core: str) -> bool:
    """A legal owner's name without its tail that is a publication's: two words or more, the last a
    newspaper's or an agency's head word."""
    return len(core.split()) >= 2 and bool(PUBLICATION_TAIL.search(core))


def printed_as_name(name: str, lines: list[str]) -> bool:
    """A line that is the name, give or take two words ('The Detroit News', 'BY: Beachbody', 'Andy Sahadeo |
    Fox News'), outside the legal notices: the page shows the name as its own, not only as a company's."""
    pattern = re.compile(rf"(?:^|[^\w.])(?:{re.escape(name)})(?:$|[^\w.])", re.I)
    size = len(name.split())
    for line in lines:
        if (len(line.split()) <= size + 2 and "©" not in line and "ⓒ" not in line and "copyright" not in line.casefold()
                and not CORPORATE_WORD.search(line)  # 'Hearst Newspapers' is the company again
                and pattern.search(line) and (pattern.match(line) or pattern.search(line[-len(name) - 1:]))):
            return True
    return False


def named_in(name: str, line: str, others: list[str]) -> bool:
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])", re.I)
    return any(other != line and len(other) < 300 and pattern.search(other) for other in others)


SITE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s+::\s+")


def title_site_name(table: OutletTable, headline_lines: list[str], chrome: list[str]) -> tuple[str, str] | None:
    """'Snooze cruise: Study sees future ... | CTV News': a page's headline line often ends with the site's
    name. The last part counts when it is name-shaped and another line of the page's chrome prints it
    too (a headline with a '|' of its own names no site)."""
    for line in headline_lines:
        parts = SITE_SEPARATOR.split(line)
        if len(parts) < 2:
            continue
        name = parts[-1].strip()
        if table.canonical(name):
            return table.canonical(name), f"site name after the headline {line[:80]!r}"  # type: ignore[return-value]
        if name_shaped(name, 4) and len(name) <= 40 and named_in(name, line, chrome):
            return name, f"site name after the headline {line[:80]!r}, printed in the chrome too"
    return None


def about_line(table: OutletTable, lines: list[str]) -> tuple[str, str] | None:
    """'Pandaily is a tech media based in Beijing.': the blurb an outlet prints about itself."""
    for line in lines:
        match = ABOUT_LINE.match(line) if len(line) < 400 else None
        if match:
            outlet = outlet_named(table, match["name"])
            if outlet:
                return outlet, f"about line {line[:80]!r}"
    return None


def byline_outlet(table: OutletTable, lines: list[str]) -> tuple[str, str] | None:
    """'By Jane Doe, CNN', 'Jane Doe | Reuters': a byline that names the outlet after the name (only one the
    table knows: after a comma a byline as often names a title, 'Senior Editor', or a place)."""
    for line in lines:
        match = BYLINE_OUTLET.match(line) if len(line) < 100 else None
        if match and (outlet := table.canonical(match["name"])):
            return outlet, f"byline {line[:80]!r}"
    return None


SENDER_ADDRESS = re.compile(r"<(?P<local>[^<>@\s]+)@(?P<domain>[^<>\s]+)>")
WEBMAIL = frozenset({"gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "yahoo.com", "icloud.com",
                     "me.com", "aol.com", "proton.me", "protonmail.com", "qq.com", "163.com", "126.com", "live.com"})


def personal_sender(table: OutletTable, name: str, line: str) -> str | bool | None:
    """'From: Jane Doe <jane.doe@harbourledger.example>': a person forwarding or writing, not a
    newsletter's name; her address's domain names the outlet when the table knows it (a webmail address
    names none). A person shows in the address: its local part carries a word of the display name.
    False when the sender is no person (the display name is the newsletter's)."""
    address = SENDER_ADDRESS.search(line)
    words = [word.casefold() for word in re.findall(r"[A-Za-z]{2,}", name)]
    if not address or not words:
        return False
    local = address["local"].casefold()
    if not any(word in local for word in words if len(word) >= 3) or len(words) > 4:
        return False
    domain = address["domain"].casefold()
    if domain in WEBMAIL:
        return None
    return table.from_url("http://" + domain)


FORWARDED = re.compile(r"^(?i:forwarded from|reposted from|shared from)\s*:?\s*" + NAME)


def forwarded_from(table: OutletTable, lines: list[str]) -> tuple[str, str] | None:
    """'Forwarded from Asia Markets Desk': a chat channel's forward names the channel it came from, a hop
    on the way and not the story's source, so it counts only when nothing names the source."""
    for line in lines:
        match = FORWARDED.match(line) if len(line) < 100 else None
        if match and (outlet := outlet_named(table, match["name"])):
            return outlet, f"forwarded from {line[:80]!r}"
    return None
