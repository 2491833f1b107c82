"""Name the outlet that published an article: from metadata, datelines, copyright lines and URLs."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from functools import lru_cache

from searchnews.extract.attribution import (
    SITE_SEPARATOR,
    about_line,
    byline_outlet,
    export_fields,
    footer_owner,
    forwarded_from,
    host_of,
    labelled_url,
    outlet_named,
    personal_sender,
    repost_attribution,
    title_site_name,
)
from searchnews.extract.cjk_spelling import cjk_name_spelling
from searchnews.extract.outlet_table import CJK_TEXT, LEGAL_TAIL, NOT_OUTLETS, OutletTable, load_outlets  # noqa: F401 - re-exported: the outlet finder's vocabulary
from searchnews.extract.site_identity import HOST_TEXT, fuller_name, name_spelling, site_identity, site_label, squash

# Every dateline form wire services print: "(Bloomberg) –", "BEIJING, March 3 (Reuters) -",
# "IRVINE, Calif., Feb 26 (Reuters) -", "NEW YORK, FEB 26 (Reuters) -", "Oct 8 (Reuters) -",
# "WASHINGTON (AP) —", "SHENZHEN, China, Nov 12, 2024 (AFP) -", "BEIJING, May 3 (Xinhua) --",
# "GUANGZHOU, China--(BUSINESS WIRE)--Sept. 1, 2024--": a place and/or date, the outlet in brackets, a dash
DATELINE_OUTLET = re.compile(
    r"^(?:[A-Z][A-Za-z .,'’-]{0,60}?(?:\d{1,2}(?:,\s*\d{4})?)?\s*)?(?:--)?"
    r"\((?P<outlet>[A-Z][\w .&'-]{1,40})\)\s*(?:--?|[–—:])"
)
LOOSE_DATELINE_OUTLET = re.compile(r"\((?P<outlet>[A-Z][\w .&'-]{1,40})\)\s*(?:--?|[–—])\s")
# the owner's name starts with a letter of any script ('© 毎日新聞社', '저작권자 © 지디넷코리아 무단전재 및 재배포 금지');
# East Asian notices close on their own words for "all rights reserved" / "no reproduction"
RIGHTS_WORDS = r"all rights|무단\s*전재|무단\s*복제|版权所有|版權所有|不得转载|不得轉載|禁止转载|無断転載|無断複製"
COPYRIGHT_OWNER = re.compile(
    r"(?:[©ⓒ]|\(c\)|copyright)\s*(?:[©ⓒ]\s*)?(?:\d{4}\s*[-–]?\s*)*(?:\d{4})?\s*"
    r"(?P<owner>[A-Z\u0400-\u04ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][\w .&'-]{1,60}?)"
    rf"(?:\s+(?:19|20)\d\d)?(?:[.,。]|\s*(?:{RIGHTS_WORDS})|\s*$)"
    # '自由時報版權所有不得轉載': the owner before the notice
    rf"|(?P<cjk_owner>\d{{0,4}}[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]\w{{1,15}}?)\s*(?:版权所有|版權所有|\s(?:copyright|©)\b)",
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
    meta: dict[str, str], paragraphs: list[str], removed_lines: list[str], path: str = "", masthead: str | None = None,
    headlines: list[str] | None = None, lines: list[str] | None = None,
) -> tuple[str | None, str | None]:
    """The outlet and its evidence (evidence_chain), with a host ('thediplomat.com') or a fragment of a
    name ('Herald') replaced by the site's full name when the page's own domain and a name printed in
    the copy agree on it (site_identity.py)."""
    outlet, evidence = evidence_chain(meta, paragraphs, removed_lines, path, masthead, headlines, lines)
    table = load_outlets()
    # only an answer the table does not know, or a host, is weighed again (most answers are known outlets)
    if outlet and not evidence.startswith("corpus folder") and (not table.canonical(outlet) or "." in outlet):
        ordered = lines or paragraphs + removed_lines
        chrome = site_chrome(meta, removed_lines, ordered)
        better = fuller_name(table, outlet, chrome, ordered) or known_fuller_name(table, outlet, chrome)
        if better:
            return better
        if evidence.startswith(("copyright footer", "copyright line")) and not table.canonical(outlet):
            # '© 2024 Yahoo.' on a page of techcrunch.com: the footer names the owning company, the
            # page's own domain the site (when the table knows it)
            site = site_identity(table, chrome, ordered)
            # ... unless the chrome names the owner again ('Advertise on MacRumors' beside '© MacRumors.com'):
            # then the known domain is a site the page cites ('Tag: digitimes.com')
            owner_named = sum(squash(outlet) in squash(line) for line in removed_lines if len(line) < 300) >= 2
            if site and table.canonical(site[0]) and not owner_named:
                return site[0], f"{site[1]}, not the footer's owner {outlet!r}"
    return outlet, evidence


def known_fuller_name(table: OutletTable, outlet: str, chrome: list[str]) -> tuple[str, str] | None:
    """'© Herald Corporation' on a page whose masthead prints 'The Korea Herald': an unknown fragment
    completed by the one known outlet the chrome names whose name contains it, else None."""
    short = squash(outlet)
    if len(short) < 3 or "." in outlet:
        return None
    fuller = {known for line in chrome if len(line) < 600 for match in table.name_pattern().finditer(line)
              if (known := table.canonical(match.group(0))) and known not in table.platforms
              and short in squash(known) and squash(known) != short}
    if len(fuller) == 1:
        name = fuller.pop()
        return name, f"the chrome names {name!r}, fuller than {outlet!r}"
    return None


def site_chrome(meta: dict[str, str], removed_lines: list[str], ordered: list[str]) -> list[str]:
    """Where the page prints its own domain: its URL, the chrome removed, the copy's first and last lines;
    of an edge line that reads as a sentence only its full URLs ('This is Google's cache of https://...'):
    a story names other sites in passing ('sold on amazon.com')."""
    from searchnews.extract.line_shape import reads_like_sentence

    edges: list[str] = []
    for line in (*ordered[:3], *ordered[-3:]):
        edges.extend(FULL_URL.findall(line) if reads_like_sentence(line) else [line])
    # a page title closing on its host ('... - Pakistan - DAWN.COM') prints the site's own domain
    title_end = SITE_SEPARATOR.split(meta.get("page_title", ""))[-1].strip().casefold()
    title_host = title_end if HOST_TEXT.fullmatch(title_end) and title_end != meta.get("page_title", "").casefold() else ""
    return [meta.get("url", ""), title_host, *removed_lines, *edges]


FULL_URL = re.compile(r"https?://[^\s<>\"')]+")


def evidence_chain(
    meta: dict[str, str], paragraphs: list[str], removed_lines: list[str], path: str = "", masthead: str | None = None,
    headlines: list[str] | None = None, lines: list[str] | None = None,
) -> tuple[str | None, str | None]:
    """The outlet and the evidence it came from: the best candidate (evidence_candidates), except that a
    platform (YouTube, WeChat, X) counts only where the page itself is the platform's (its metadata, URL,
    folder or file name): a share bar, a topic label or a repost's masthead names platforms in passing."""
    table = load_outlets()
    for outlet, evidence in evidence_candidates(meta, paragraphs, removed_lines, path, masthead, headlines, lines):
        if outlet not in table.platforms or evidence.startswith(PLATFORM_EVIDENCE):
            return outlet, evidence
    return None, None


PLATFORM_EVIDENCE = ("metadata", "url ", "corpus folder", "file name")


def evidence_candidates(
    meta: dict[str, str], paragraphs: list[str], removed_lines: list[str], path: str = "", masthead: str | None = None,
    headlines: list[str] | None = None, lines: list[str] | None = None,
) -> Iterator[tuple[str, str]]:
    """Every outlet the copy gives and the evidence for it, best evidence first: site-name metadata, dateline, a
    repost's attribution (the original outlet, not the reposter), an export's source field, sign-off,
    newsletter chrome, source line, copyright line, URL (metadata or a labelled URL in the text), the
    site's own copyright footer, the site name after the headline, masthead, about-line, the web domains
    and outlet names that the page chrome mentions ('Why you can trust SCMP'), then the outlet folder
    the file sits in under the corpus."""
    table = load_outlets()
    site = meta.get("source")
    if site and FULL_URL.fullmatch(site.strip()):
        # a clipper's 'source: https://asia.nikkei.com/...' is where the page was, not a name: the site it names
        site = table.from_url(site.strip()) or host_of(site.strip())
        if site:
            yield site, "metadata (the source URL's site)"
    elif site:
        yield table.canonical(site) or site, "metadata"
    fields = export_fields(paragraphs[:40] + removed_lines[:60])
    for paragraph in paragraphs[:8]:
        match = DATELINE_OUTLET.match(paragraph) or SLASH_DATELINE.match(paragraph)
        if match:
            outlet = table.canonical(match["outlet"]) or unknown_outlet(match["outlet"])
            if outlet:
                yield outlet, f"dateline {paragraph[:match.end()].strip()!r}"
    for paragraph in paragraphs[:2]:  # 'ROME, April 2 - The Italian state bank (Reuters) - ...': a dateline the copy
        for match in LOOSE_DATELINE_OUTLET.finditer(paragraph[:140]):  # garbled; only a known outlet counts
            outlet = table.canonical(match["outlet"])
            if outlet:
                yield outlet, f"dateline {paragraph[:match.end()].strip()!r}"
    ordered = lines or paragraphs
    top = next((index for index, line in enumerate(ordered) if headlines and line == headlines[0]), -1)
    around_story = ordered[top + 1:top + 9] + paragraphs[-4:] if top >= 0 else paragraphs[:3] + paragraphs[-4:]
    reposted = repost_attribution(table, ordered if lines else paragraphs + removed_lines, around_story)
    if reposted:
        yield reposted
    if fields.get("source") and (outlet := outlet_named(table, fields["source"])):
        yield outlet, f"source field {fields['source'][:60]!r}"
    signed = sign_off(table, paragraphs, removed_lines)
    if signed:
        yield signed
    # a newsletter names itself in its chrome: 'From: Policy Wire Daily <...>', 'You are subscribed to X.'
    # (a subscription line the cleaner kept is among the last paragraphs)
    for line in removed_lines + paragraphs[-3:]:
        match = NEWSLETTER_NAME.search(line) if len(line) < 240 else None
        name = (match["outlet"] or match["outlet2"] or match["outlet3"] or "").strip() if match else ""
        if name and match["outlet"] and (sender := personal_sender(table, name, line)) is not False:
            if sender:
                yield sender, f"e-mail sender's domain {line[:80]!r}"
            continue
        if name and not unknown_outlet_rejected(name) and name[:1].isupper():
            yield table.canonical(name) or name, f"newsletter chrome {line[:80]!r}"
    for line in removed_lines:
        match = SOURCE_LINE.search(line) if len(line) < 120 else None
        if match and (outlet := table.canonical(match["outlet"])):
            yield outlet, f"source line {line!r}"
    for line in removed_lines:
        for match in COPYRIGHT_OWNER.finditer(line):
            owner = table.canonical(match["owner"] or match["cjk_owner"])
            if owner:
                yield owner, f"copyright line {line[:80]!r}"
    if meta.get("url"):
        outlet = table.from_url(meta["url"])
        if outlet:
            yield outlet, f"url {meta['url']}"
    found = (labelled_url(table, removed_lines + paragraphs[:3], ordered[:3] + ordered[-3:])
             or byline_outlet(table, around_story)
             or footer_owner(table, lines or removed_lines, lines or removed_lines))
    if found:
        yield found
    found = title_site_name(table, headlines or [], removed_lines)
    if found:
        yield found
    name = masthead_outlet(table, masthead, ordered) if masthead else None
    if name:
        yield name, f"masthead {masthead!r}"
    for line in removed_lines:  # '© MERICS 2024. All rights reserved.': an owner the table does not know,
        for match in COPYRIGHT_OWNER.finditer(line) if len(line) < 300 else ():  # named again in the chrome
            owner = unknown_copyright_owner(match["owner"] or match["cjk_owner"])
            if owner and CJK_COMPANY_END.search(owner) and named_elsewhere(owner[:-1], line, removed_lines):
                owner = owner[:-1]  # '日刊工業新聞社 Copyright 2025' under the masthead '日刊工業新聞 電子版': the paper
            if owner and named_elsewhere(owner, line, removed_lines):
                yield owner, f"copyright line {line[:80]!r}, and the page's chrome names it too"
    found = about_line(table, paragraphs[-6:] + removed_lines) or forwarded_from(table, ordered[:12])
    if found:
        yield found
    mentioned = mentioned_outlet(table, removed_lines)
    if mentioned:
        yield mentioned, "named in the removed page chrome"
    chrome = site_chrome(meta, removed_lines, ordered)  # where the page prints its own domain and name
    found = site_identity(table, chrome, lines or paragraphs + removed_lines)
    if found:
        yield found
    folder = folder_outlet(path) if path else None
    if folder:
        head = top_folder(path)
        if folder == head and (spelled := name_spelling(squash(head), lines or paragraphs + removed_lines)):
            # an unknown folder 'thediplomat/' named as the copy prints it: 'The Diplomat'
            yield spelled, f"corpus folder {head!r}, the name the copy prints for it"
        if folder == head and (hanzi := cjk_name_spelling(squash(head), chrome)):
            # 'zaobao/' and the masthead 联合早报: the folder is the name's pinyin
            yield table.canonical(hanzi) or hanzi, f"corpus folder {head!r}, the pinyin of {hanzi!r} in the chrome"
        yield folder, f"corpus folder {head!r}"
    found = file_name_outlet(table, path, chrome, [*(headlines or []), *ordered[:40]]) if path else None
    if found:
        yield found


SIGN_OFFS = {"reuter": "Reuters"}
# Folder names that sort files by kind, not by outlet: never an outlet
GENERIC_FOLDERS = frozenset({
    "blog", "blogs", "html", "htm", "text", "texts", "txt", "json", "jsonl", "md", "markdown", "pdf", "scraper",
    "scrapers", "scraped", "articles", "article", "news", "stories", "posts", "pages", "web", "misc", "other",
    "others", "corpus", "data", "docs", "raw", "input", "inbox", "incoming", "feed", "feeds", "downloads",
    "archive", "archives", "newsletters", "newsletter", "wire", "wires", "press", "releases", "reports", "notes",
    "new", "old", "tmp", "temp", "test", "tests", "sample", "samples", "unsorted", "draft", "drafts", "copy",
    "saved", "clip", "clips", "clipping", "clippings", "fwd", "fw", "memo", "export", "exports", "print",
})
NEWSLETTER_NAME = re.compile(
    r"^(?:from|sender|reply-to)\s*:\s*\"?(?P<outlet>[A-Z][\w&'’ .-]{2,50}?)\"?\s*<[^<>@\s]+@[^<>\s]+>"
    r"|\b(?:you(?:'re| are)? (?:are )?subscribed to|unsubscribe from|sent by|brought to you by)\s+"
    r"(?P<outlet3>[A-Z][\w&'’ .-]{2,50}?)\s*(?:[!.,]|$)"
    r"|\b(?:you(?:'re| are)? (?:are )?(?:receiving|received) this (?:e-?mail|newsletter|message) because you"
    r"(?: are)? (?:subscribed|signed up) (?:to|for)|thanks? (?:you )?for reading)\s+(?P<outlet2>[A-Z][\w&'’ .-]{2,50}?)\s*[!.,]",
    re.I,
)


def unknown_outlet_rejected(name: str | None) -> bool:
    return not name or len(name.split()) > 6 or name.casefold() in NOT_OUTLETS


# what a copy leaves after a sign-off: trailing dots, a carriage return printed as '^M' (Reuters-21578)
SIGN_OFF_NOISE = re.compile(r"(?:[.…\s]|\^M)+$")
# a sign-off glued to the last paragraph by unwrapping: '... the sources said. REUTER', '... (33.7). REUTER'
GLUED_SIGN_OFF = re.compile(r"[.!?)\d\"”]\s+(?P<word>[A-Za-z]+)$")


def sign_off(table: OutletTable, paragraphs: list[str], removed_lines: list[str]) -> tuple[str, str] | None:
    """Wire copy signs off with its outlet's name on a line of its own (' Reuter', 'reuter', 'REUTER...'),
    or at the end of its last paragraph after a full stop: the last lines."""
    for line in (paragraphs[-1:] + removed_lines[-2:]):
        stripped = line.strip()
        if len(stripped) <= 40:
            bare = SIGN_OFF_NOISE.sub("", stripped)
            if 1 <= len(bare.split()) <= 2:
                outlet = SIGN_OFFS.get(bare.casefold()) or (table.canonical(bare) if bare[:1].isupper() else None)
                if outlet:
                    return outlet, f"sign-off {line!r}"
                continue
        # only the wire's own sign-off word counts when glued: 'said Peter Reuter' names a person
        glued = GLUED_SIGN_OFF.search(SIGN_OFF_NOISE.sub("", stripped[-40:]))
        if glued and (outlet := SIGN_OFFS.get(glued["word"].casefold())) and glued["word"].isupper():
            return outlet, f"sign-off {glued['word']!r} ending the last paragraph"
    return None


def top_folder(path: str) -> str:
    """'bbc/business/001.txt' -> 'bbc'; '' for a file at the corpus root."""
    head, sep, _ = path.replace("\\", "/").partition("/")
    return head if sep else ""


def folder_outlet(path: str) -> str | None:
    """The outlet folder a file sits in under the corpus ('bbc/business/001.txt' -> BBC through
    outlets.tsv; 'cnbc-asia/x.txt' -> 'cnbc-asia' as is). A file at the corpus root, or a folder named
    like a date or a number ('2021/...'), names no outlet."""
    head = top_folder(path)
    if (not head or not any(ch.isalpha() for ch in head) or head.startswith(".")
            or head.casefold() in GENERIC_FOLDERS):
        return None
    table = load_outlets()
    return (table.canonical(head.replace("_", " ").replace("-", " ")) or table.canonical(head)
            or squashed_outlets().get(squash(head)) or head)


@lru_cache(maxsize=1)
def squashed_outlets() -> dict[str, str]:
    """Outlets by their names and site labels squashed to letters and digits, as folders are named
    ('lemonde/' for Le Monde and lemonde.fr, 'nytimes/'); a squashed form two outlets share names neither.
    The site label, not a host's first label: 'asia/' is a section folder, not asia.nikkei.com."""
    table = load_outlets()
    found: dict[str, set[str]] = {}
    forms = [*table.by_name.items(), *((site_label(domain) or "", outlet) for domain, outlet in table.by_domain.items())]
    for form, outlet in forms:
        if len(key := squash(form)) >= 4:
            found.setdefault(key, set()).add(outlet)
    return {key: next(iter(outlets)) for key, outlets in found.items() if len(outlets) == 1}


# a file name's leading date or serial ('2025-07-02-', '20250611_', '48213377-'): no name
LEADING_NUMBERS = re.compile(r"^(?:\d[\d._-]*)+")


def file_name_outlet(
    table: OutletTable, path: str, chrome: list[str], top_lines: list[str] | None = None,
) -> tuple[str, str] | None:
    """Scrapers and people name a saved copy after its site ('nhkworld_rapidus_subsidy.txt',
    '2025-07-02-linkedin-eu-rules.txt'): the file name's first word(s), when the page's chrome prints a name
    that spells them ('NHK World') or names the table's outlet for them. Only the chrome counts, and only
    an agreeing printed name: a slug's first word is as often the story's company ('tencent-results.txt'),
    and a slug of the headline ('how-to-overcome-binge-eating') names no site at all."""
    stem = path.replace("\\", "/").rpartition("/")[2].rpartition(".")[0] or path
    words = [word for word in re.split(r"[_\s.-]+", LEADING_NUMBERS.sub("", stem)) if word and not word.isdigit()]
    if not words or words[0].casefold() in GENERIC_FOLDERS or any(slug_of(words, line) for line in top_lines or []):
        return None
    named = {match.group(0).casefold() for line in chrome if len(line) < 600 for match in table.name_pattern().finditer(line)}
    for count in (3, 2, 1):
        label = squash("".join(words[:count]))
        if count >= len(words) or len(label) < 3:  # a site's name is followed by the story's slug
            continue
        known = table.canonical(" ".join(words[:count]))
        if known and any(table.canonical(name) == known for name in named):
            return known, f"file name {stem!r}, the outlet the chrome names"
        spelled = name_spelling(label, chrome) if not known else None
        if spelled and spelled.isupper():  # a masthead's 'THE JAPAN TIMES'; a lone 'DRAFT' is a stamp
            spelled = string.capwords(spelled) if len(spelled.split()) > 1 else ""
        if spelled and len(spelled.split()) == 1:
            spelled = ""  # an unknown one-word name is as often a section label ('Business') or a product's
        if spelled and not unknown_outlet_rejected(spelled) and not is_place(spelled):
            return table.canonical(spelled) or spelled, f"file name {stem!r}, spelled {spelled!r} in the chrome"
        hanzi = cjk_name_spelling(label, chrome) if not known else None
        if hanzi:
            return table.canonical(hanzi) or hanzi, f"file name {stem!r}, the pinyin of {hanzi!r} in the chrome"
    return None


def slug_of(words: list[str], headline: str) -> bool:
    """The file name spells a line's first words ('jupiter-moon-europa-water' for the headline 'Jupiter
    moon Europa: water vapour confirmed'): a headline slug, whose first word is the story's."""
    head = squash(headline)
    return bool(head) and len(words) >= 2 and head.startswith(squash("".join(words[:3])))


def is_place(name: str) -> bool:
    """'india-eases-curbs.txt' starts with the story's country, which a menu prints ('India News')."""
    from searchnews.extract.entities import place_names

    return name.casefold() in place_names()


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
    from searchnews.extract.line_shape import reads_like_sentence

    votes: dict[str, int] = {}
    for line in removed_lines:
        names_count = not ((line.isupper() and len(line.split()) > 2) or reads_like_sentence(line))
        for match in [*EMAIL_DOMAIN.finditer(line), *WEB_DOMAIN.finditer(line)]:
            outlet = table.from_url("http://" + match["domain"])
            if outlet and outlet not in table.platforms:
                votes[outlet] = votes.get(outlet, 0) + 2
        for match in table.name_pattern().finditer(line) if names_count else ():
            outlet = table.canonical(match.group(0))
            # a name that a phrase goes on from is a word of that phrase: 'Tempo de leitura: 1 minuto' (reading
            # time), the section 'Foreign Policy & Diaspora'; 'More from Business Insider' names the outlet
            if outlet and outlet not in table.platforms and not PHRASE_GOES_ON.match(line, match.end()):
                votes[outlet] = votes.get(outlet, 0) + 1
    if not votes:
        return None
    return max(votes, key=lambda name: votes[name])


CJK_COMPANY_END = re.compile(r"[\u3400-\u9fff]{2,}社$")  # a Japanese publisher is the paper's name + 社
PHRASE_GOES_ON = re.compile(r"\s+(?:[^\W\d_A-Z]|&\s*[A-Z]|and\s+[A-Z])")
# Head words of a publisher's name: 'U.S. Department of Commerce', 'The China Desk Podcast', 'Policy Wire Daily'
PUBLISHER_WORD = re.compile(
    r"\b(?:department|ministry|office|agency|bureau|commission|council|institute|institution|centre|center|"
    r"foundation|government|embassy|parliament|senate|association|federation|chamber|society|news|times|post|"
    r"daily|weekly|monthly|journal|review|monitor|herald|tribune|gazette|press|wire|media|network|podcast|radio|"
    r"television|tv|magazine|digest|brief|briefing|dispatch|bulletin|report|letter|newsletter|insider|observer|"
    r"chronicle|telegraph|express|post|today|watch|world)\b",
    re.I,
)
DOMAIN_NAME = re.compile(r"^(?:[A-Za-z][\w-]*\.)+[A-Za-z]{2,}$")  # 'GOV.UK', 'Axios.com'
SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "at", "&", "de", "du", "la", "le", "des"})


def masthead_outlet(table: OutletTable, line: str, others: list[str] | None = None) -> str | None:
    """The site or publisher name printed as a document's first line, above its headline: a known outlet,
    a domain-like name ('GOV.UK'), a title-case name with a publisher's head word, or (given the copy's
    other lines) a title-case name of two words or more that the copy prints again ('Seeking Alpha' over
    'Seeking Alpha's Disclosure: ...'). A section label ('Business', 'Press release') or a person's name
    is none of these."""
    line = " ".join(line.split())
    known = table.canonical(line)
    if known:
        return known
    words = line.split()
    # a name decorated with symbols ('📰 China Tech Daily') is a chat channel reposting, not a publisher
    if (not words or len(words) > 12 or line.endswith((".", ":", "?", "!"))
            or not all(ch.isalpha() or ch in " .&'’-" for ch in line)):
        return None
    if len(words) == 1:
        return line if DOMAIN_NAME.match(line) else None
    if any(word[:1].islower() and word.casefold() not in SMALL_WORDS for word in words):
        return None
    if PUBLISHER_WORD.search(line) or words[0] == "The":
        return line
    return line if others and printed_again(line, others) else None


def printed_again(name: str, others: list[str]) -> bool:
    """The name recurs in the copy below its first line inside a line of eight words or more (a menu
    label recurs as a short line of its own: 'Free Courses'), and reads as no person's name."""
    from searchnews.extract.entities import given_names

    if name.split()[0].casefold() in given_names():
        return False
    pattern = re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])")
    return any(pattern.search(other) for other in others[1:] if len(other) < 2000 and len(other.split()) >= 8)


def unknown_copyright_owner(owner: str | None) -> str | None:
    """'© MERICS 2024' names MERICS; '© Crown copyright', '© 2024 All rights reserved' name no outlet."""
    owner = " ".join((owner or "").split()).strip(" .,")
    words = owner.split()
    if (not words or len(words) > 4 or unknown_outlet_rejected(owner)
            or re.search(r"\b(?:copyright|rights?|reserved|crown|the authors?|inc)\b", owner, re.I)
            or any(word[:1].islower() and word.casefold() not in SMALL_WORDS for word in words)):
        return None
    return owner


def named_elsewhere(name: str, line: str, removed_lines: list[str]) -> bool:
    """An unknown name counts as the outlet only when a second piece of chrome (a page header, a masthead)
    prints it as a word too: one footer alone may name a printer, a parent company or a photo agency."""
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.I)
    return any(other != line and len(other) < 300 and pattern.search(other) for other in removed_lines)
