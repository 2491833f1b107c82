"""Name the outlet that published an article: from metadata, datelines, copyright lines and URLs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse

# "(Bloomberg) –", "BEIJING, March 3 (Reuters) -", "HONG KONG (CNBC) —"
DATELINE_OUTLET = re.compile(r"^(?:[A-Z][A-Za-z .'-]{1,40}(?:,\s*[A-Z][a-z]+\.?\s+\d{1,2})?\s*)?\((?P<outlet>[A-Z][\w .&'-]{1,40})\)\s*[-–—:]")
COPYRIGHT_OWNER = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]?\s*)*(?:\d{4})?\s*(?P<owner>[A-Z][\w .&'-]{1,60}?)(?:[.,]|\s+all rights|\s*$)", re.I)


@dataclass
class OutletTable:
    by_name: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)

    def canonical(self, name: str) -> str | None:
        cleaned = " ".join(name.split()).strip(" .,-|")
        return self.by_name.get(cleaned.casefold())

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
    """The outlet, best evidence first: site-name metadata, dateline, copyright line, URL."""
    table = load_outlets()
    site = meta.get("source")
    if site:
        return table.canonical(site) or site
    for paragraph in paragraphs[:3]:
        match = DATELINE_OUTLET.match(paragraph)
        if match:
            return table.canonical(match["outlet"]) or match["outlet"].strip()
    for line in removed_lines:
        for match in COPYRIGHT_OWNER.finditer(line):
            owner = table.canonical(match["owner"])
            if owner:
                return owner
    if meta.get("url"):
        return table.from_url(meta["url"])
    return None
