"""The site a copy came from, told by two pieces of evidence that agree: a web or e-mail domain the
page's chrome prints ('www.koreaherald.com', 'https://thediplomat.com/...', 'desk@straitstimes.com')
and a name printed in the copy that spells that domain ('The Korea Herald', 'The Diplomat', 'The Straits
Times', 'Australian Financial Review' for afr.com).

Why: an outlet the table does not list is otherwise named by its bare host ('thediplomat.com') or by
a fragment of a legal notice ('Herald' from 'Herald Corporation'); a domain alone is only a host, and
a capitalised name alone may be anyone's, but a name whose letters (or initials) are the domain's is
the site's own name. Kept apart from outlets.py, which only orders the evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from searchnews.extract.attribution import SITE_SEPARATOR
from searchnews.extract.outlet_table import OutletTable

# a host as a page prints it, bare or in a URL or an e-mail address, in lower case; every label starts with
# a letter or a digit, the last is letters only ('koreaherald.com'; 'U.S.', '3.5' and the tickers
# 'PLDT.MN', '0700.HK' are no hosts)
HOST_TEXT = re.compile(r"(?<![\w.-])(?:[a-z0-9][a-z0-9-]*\.)+(?P<tld>[a-z]{2,12})(?![\w@-])")
SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "or", "ne", "go", "edu", "gob", "nic"})
# hosts every page links to, or that serve a copy rather than publish it: never the site's own domain
NOT_SITES = frozenset(
    {
        "twitter",
        "x",
        "facebook",
        "fb",
        "linkedin",
        "instagram",
        "youtube",
        "youtu",
        "whatsapp",
        "t",
        "telegram",
        "weibo",
        "weixin",
        "wechat",
        "qq",
        "google",
        "googleusercontent",
        "gstatic",
        "googleapis",
        "apple",
        "bit",
        "tinyurl",
        "archive",
        "mailchimp",
        "list-manage",
        "mailchi",
        "gmail",
        "googlemail",
        "outlook",
        "hotmail",
        "live",
        "yahoo",
        "icloud",
        "aol",
        "proton",
        "protonmail",
        "doubleclick",
        "cloudfront",
        "amazonaws",
        "akamai",
        "wikipedia",
        "wikimedia",
        "flipboard",
        "pinterest",
        "reddit",
        "tiktok",
        "example",
        "w3",
        "schema",
        "github",
        "feedly",
        "pocket",
        "getpocket",
        "instapaper",
        "evernote",
        "notion",
        "slack",
        "teams",
        "microsoft",
        "office",
        "zoom",
        "substack",
        "medium",
        "wordpress",
        "blogspot",
        "feedburner",
        "feedproxy",
        "disqus",
        "gravatar",
    }
)
NAME_TOKEN = re.compile(r"[^\W_][\w&'’.-]*")
POSSESSIVE = re.compile(r"['’]s$")
SMALL = frozenset({"of", "the", "and", "&", "for", "on", "de", "du", "la", "le"})
MAX_NAME_WORDS = 6


def site_label(host: str) -> str | None:
    """'www.koreaherald.com' -> 'koreaherald'; 'news.bbc.co.uk' -> 'bbc'; 'euractiv.example' -> 'euractiv'."""
    parts = host.casefold().strip(".").split(".")
    if len(parts) < 2:
        return None
    parts = parts[:-1]
    if len(parts) >= 2 and parts[-1] in SECOND_LEVEL:
        parts = parts[:-1]
    label = parts[-1]
    if len(label) < 3 or label in NOT_SITES or label.isdigit():
        return None
    return label


def squash(text: str) -> str:
    """Letters and digits only, accents dropped ('Tuổi Trẻ' -> 'tuoitre', as its domain spells it)."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("’", "'").replace("'s", "s"))
    return re.sub(r"[^\w]|_", "", "".join(ch for ch in folded if not unicodedata.combining(ch)))


def printed_names(lines: list[str]) -> Counter[str]:
    """Every run of one to MAX_NAME_WORDS capitalised words in the lines (small words inside allowed, a
    leading 'The' kept): the names a copy prints, counted."""
    names: Counter[str] = Counter()
    for line in lines:
        if len(line) > 600:
            continue
        tokens = [token.rstrip(".'’-") for token in NAME_TOKEN.findall(line)]
        run: list[str] = []
        for token in [*tokens, ""]:
            if token and (token[:1].isupper() or token[:1].isdigit() or (run and token.casefold() in SMALL)):
                run.append(token)
                continue
            while run and run[-1].casefold() in SMALL:
                run.pop()
            for start in range(len(run)):
                if run[start].casefold() in SMALL and run[start] != "The":
                    continue
                for end in range(start + 1, min(start + MAX_NAME_WORDS, len(run)) + 1):
                    if run[end - 1].casefold() not in SMALL:
                        name = " ".join(run[start:end])
                        names[POSSESSIVE.sub("", name)] += 1  # "Seeking Alpha's Disclosure" prints Seeking Alpha
            run = []
    return names


def spells(name: str, label: str) -> bool:
    """The name's letters are the domain's ('The Korea Herald' ~ koreaherald), with or without 'The', or
    its initials are ('Australian Financial Review' ~ afr; two words or more, three letters or more)."""
    bare = re.sub(r"^the\s+", "", name, flags=re.I)
    if label in (squash(name), squash(bare)):
        return True
    words = [word for word in bare.split() if word.casefold() not in SMALL]
    return len(words) >= 2 and len(label) >= 3 and "".join(word[0] for word in words).casefold() == label


def name_spelling(label: str, text_lines: list[str]) -> str | None:
    """The longest name printed in the copy that spells a site label ('thediplomat' -> 'The Diplomat'),
    most often printed first among equals; None when no printed name does."""
    names = printed_names(text_lines)
    matches = [name for name in names if spells(name, label)]
    if not matches:
        return None
    # a name in its own case beats the masthead's capitals ('Tuổi Trẻ' over 'TUOI TRE')
    return max(matches, key=lambda name: (len(name.split()), not name.isupper(), name.startswith("The "), names[name]))


def site_hosts(lines: list[str]) -> dict[str, list[str]]:
    """The site labels of the hosts the lines print (e-mail addresses included), most printed first, each
    with the hosts printed for it."""
    hosts: dict[str, list[str]] = {}
    for line in lines:
        if len(line) > 600 or "." not in line:
            continue
        for match in HOST_TEXT.finditer(line):
            host = match.group(0).casefold()
            label = site_label(host)
            if label:
                hosts.setdefault(label, []).append(host)
    return dict(sorted(hosts.items(), key=lambda item: -len(item[1])))


def site_identity(table: OutletTable, chrome: list[str], text_lines: list[str]) -> tuple[str, str] | None:
    """The outlet a domain in the chrome names: the table's outlet for the host, else the longest name
    printed in the copy that spells it (most often printed first among equals)."""
    hosts = site_hosts(chrome)
    for label, printed in hosts.items():
        known = next((outlet for host in printed if (outlet := table.from_url(f"http://{host}"))
                      and outlet not in table.platforms), None)
        if known:
            return known, f"the page's domain {printed[0]!r}"
        best = name_spelling(label, text_lines)
        if best:
            return table.canonical(best) or best, f"the page's domain {printed[0]!r} and the name printed as {best!r}"
    return None


def fuller_name(table: OutletTable, outlet: str, chrome: list[str], text_lines: list[str]) -> tuple[str, str] | None:
    """A better name for an answer that is only a host ('thediplomat.com') or a fragment ('Herald') of the
    site's name that the page's domain and a printed name give ('The Korea Herald'), else None."""
    host_like = "." in outlet and " " not in outlet.strip()
    if table.canonical(outlet) and not host_like:
        return None  # the table's own name for a known outlet stands
    identity = site_identity(table, chrome, text_lines)
    if identity is None or identity[0] == outlet:
        return None
    name, evidence = identity
    short = squash(outlet.casefold().removeprefix("www.").split(".")[0]) if host_like else squash(outlet)
    if short and short in squash(name) and (host_like or len(squash(name)) > len(short)):
        return name, f"{evidence}, fuller than {outlet!r}"
    return None


MARKUP_TITLE = re.compile(r"<title\b.*?</title>|<script\b.*?</script>|<style\b.*?</style>", re.I | re.S)
MARKUP_TAG = re.compile(r"<[^>]*>")


def title_suffix_site(page_title: str, markup: str, path: str) -> tuple[str, str] | None:
    """'... electric cars – Euractiv': the site name a page's <title> ends with, for an outlet the table does
    not know, when other evidence agrees: a folder or a host in the page that spells it ('thediplomat/',
    'https://thediplomat.com/...'), or the page's visible text printing it again (once for a name of two
    words or more, three times for one word, which after a dash is as often a section label)."""
    parts = SITE_SEPARATOR.split(" ".join(page_title.split()))
    name = parts[-1].strip() if len(parts) > 1 else ""
    words = name.split()
    if not (1 <= len(words) <= 4 and len(name) <= 40 and name[:1].isupper() and not name.endswith((".", "?", "!"))):
        return None
    head = path.replace("\\", "/").partition("/")[0] if "/" in path else ""
    labels = [label for host in HOST_TEXT.finditer(markup[:200_000]) if (label := site_label(host.group(0)))]
    for label in [squash(head), *labels]:
        if label and spells(name, label):
            return name, f"site name after the page title {page_title[:80]!r}, spelled by {label!r}"
    visible = MARKUP_TAG.sub(" ", MARKUP_TITLE.sub(" ", markup[:500_000]))
    printed = len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", visible))
    if printed >= (3 if len(words) == 1 else 1):
        return name, f"site name after the page title {page_title[:80]!r}, printed {printed}x in the page"
    return None
