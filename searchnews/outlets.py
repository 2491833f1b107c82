"""Name the outlet that published an article: from metadata, datelines, copyright lines and URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse

# "(Bloomberg) –", "BEIJING, March 3 (Reuters) -", "HONG KONG (CNBC) —"
DATELINE_OUTLET = re.compile(r"^(?:[A-Z][A-Za-z .'-]{1,40}(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?\s*)?\((?P<outlet>[A-Z][\w .&'-]{1,40})\)\s*[-–—:]")
COPYRIGHT_OWNER = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}\s*[-–]?\s*)*(?:\d{4})?\s*(?P<owner>[A-Z][\w .&'-]{1,60}?)"
    r"(?:\s+(?:19|20)\d\d)?(?:[.,]|\s+all rights|\s*$)",
    re.I,
)
# 'SHANGHAI, March 1, 2024 /PRNewswire/ --': press-release wires name themselves between slashes
SLASH_DATELINE = re.compile(r"^[A-Z][\w .,'-]{1,60}?\d{4}\s*/(?P<outlet>[A-Za-z][\w -]{1,30})/")
SOURCE_LINE = re.compile(r"(?:^|\s)(?:来源|source)\s*[:：]\s*(?P<outlet>[^|｜:：\s][^|｜:：]{0,30}?)\s*(?:[|｜]|$)", re.I)
EMAIL_DOMAIN = re.compile(r"@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
WEB_DOMAIN = re.compile(r"\b(?P<domain>(?:[\w-]+\.)+(?:com|cn|org|net|co\.uk|co\.jp|asia|news))\b", re.I)


@dataclass
class OutletTable:
    by_name: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)
    _names: re.Pattern[str] | None = None

    def canonical(self, name: str) -> str | None:
        cleaned = " ".join(name.split()).strip(" .,-|")
        return self.by_name.get(cleaned.casefold())

    def name_pattern(self) -> re.Pattern[str]:
        """Every outlet name and alias as whole words; short all-caps forms ('FT', 'AP') must match case."""
        if self._names is None:
            forms = sorted(self.by_name, key=len, reverse=True)
            long_forms = [re.escape(form) for form in forms if len(form) > 3]
            self._names = re.compile(rf"(?<![\w.])(?:{'|'.join(long_forms)})(?![\w])", re.I)
        return self._names

    def from_url(self, url: str) -> str | None:
        host = (urlparse(url).hostname or "").casefold().removeprefix("www.")
        while host:
            if host in self.by_domain:
                return self.by_domain[host]
            host = host.partition(".")[2] if host.count(".") > 1 else ""
        return None


@lru_cache(maxsize=1)
def load_outlets() -> OutletTable:
    table = OutletTable()
    text = resources.files("searchnews").joinpath("data/outlets.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, names, domains = ([*line.split("\t"), "", ""])[:3]
        for name in [canonical, *names.split("|")]:
            if name.strip():
                table.by_name[name.strip().casefold()] = canonical
        for domain in domains.split("|"):
            if domain.strip():
                table.by_domain[domain.strip().casefold()] = canonical
    return table


def find_source(meta: dict[str, str], paragraphs: list[str], removed_lines: list[str]) -> str | None:
    """The outlet, best evidence first: site-name metadata, dateline, source line, copyright line, URL,
    then web domains and outlet names that the page chrome mentions ('Why you can trust SCMP')."""
    table = load_outlets()
    site = meta.get("source")
    if site:
        return table.canonical(site) or site
    for paragraph in paragraphs[:8]:
        match = DATELINE_OUTLET.match(paragraph) or SLASH_DATELINE.match(paragraph)
        if match:
            return table.canonical(match["outlet"]) or match["outlet"].strip()
    for line in removed_lines:
        match = SOURCE_LINE.search(line) if len(line) < 120 else None
        if match and (outlet := table.canonical(match["outlet"])):
            return outlet
    for line in removed_lines:
        for match in COPYRIGHT_OWNER.finditer(line):
            owner = table.canonical(match["owner"])
            if owner:
                return owner
    if meta.get("url"):
        outlet = table.from_url(meta["url"])
        if outlet:
            return outlet
    return mentioned_outlet(table, removed_lines)


def mentioned_outlet(table: OutletTable, removed_lines: list[str]) -> str | None:
    """The outlet the removed chrome names most often, by e-mail/web domain or by name."""
    votes: dict[str, int] = {}
    for line in removed_lines:
        for match in [*EMAIL_DOMAIN.finditer(line), *WEB_DOMAIN.finditer(line)]:
            outlet = table.from_url("http://" + match["domain"])
            if outlet:
                votes[outlet] = votes.get(outlet, 0) + 2
        for match in table.name_pattern().finditer(line):
            outlet = table.canonical(match.group(0))
            if outlet:
                votes[outlet] = votes.get(outlet, 0) + 1
    if not votes:
        return None
    return max(votes, key=lambda name: votes[name])
