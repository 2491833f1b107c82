"""The outlet names searchnews knows (data/outlets.tsv), and the outlet folder of a corpus path.

Its own module because both the cleaner (to tell an outlet's name from a headline) and the outlet
finder need the table, and the line statistics and the extract step both need "outlet = top folder":
keeping these here is what keeps clean, outlets, recurring and run free of import circles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from urllib.parse import urlparse

CJK_TEXT = re.compile(r"[\u3400-\u9fff]")
NOT_OUTLETS = frozenset({
    "continued", "continues", "correction", "corrected", "corrects", "update", "updated", "updates", "refile",
    "refiled", "repeat", "repeats", "amended", "amends", "clarification", "recasts", "adds", "fixes", "changes",
    "note", "editor's note", "advisory", "embargoed", "official", "unofficial", "final", "revised", "reuter",
})
LEGAL_TAIL = re.compile(r"[ ,]+(?:inc|ltd|limited|co|corp|corporation|group|holdings|llc|plc)\.?$")


def outlet_group(rel_path: str) -> str:
    """'reuters/2021/a.txt' -> 'reuters'; 'a.txt' -> '' (the corpus root is one group)."""
    head, sep, _ = rel_path.partition("/")
    return head if sep else ""


@dataclass
class OutletTable:
    by_name: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)
    written: set[str] = field(default_factory=set)  # names and aliases exactly as the table writes them
    platforms: set[str] = field(default_factory=set)  # canonical names of platforms (a share bar names them all)
    _names: re.Pattern[str] | None = None

    def canonical(self, name: str) -> str | None:
        spaced = " ".join(name.split()).casefold()
        if spaced in self.by_name:  # a name the table writes with its dots ('Bloomberg L.P.', 'F.A.Z.')
            return self.by_name[spaced]
        cleaned = " ".join(name.split()).strip(" .,-|")
        folded = cleaned.casefold()
        if folded in NOT_OUTLETS:
            return None
        # 'Nikkei Inc' (a copyright owner) is the outlet 'Nikkei'
        return self.by_name.get(folded) or self.by_name.get(LEGAL_TAIL.sub("", folded)) if folded else None

    def name_pattern(self) -> re.Pattern[str]:
        """Every outlet name and alias as whole words, written as the outlet writes it: 'INSIDER TRADING'
        and 'the paper said' name no outlet; 'Business Insider' and 'The Paper' do."""
        if self._names is None:
            forms = sorted(self.written, key=len, reverse=True)
            long_forms = [re.escape(form) for form in forms if len(form) > 3 and not CJK_TEXT.search(form)]
            cjk_forms = [re.escape(form) for form in forms if CJK_TEXT.search(form)]
            alternatives = "|".join(long_forms)
            self._names = re.compile(rf"(?<![\w.&'-])(?:{alternatives})(?![\w&'-])" +
                                     (f"|{'|'.join(cjk_forms)}" if cjk_forms else ""))
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
        canonical, names, domains, kind = ([*line.split("\t"), "", "", ""])[:4]
        if kind.strip() == "platform":
            table.platforms.add(canonical)
        for name in [canonical, *names.split("|")]:
            if name.strip():
                table.by_name[name.strip().casefold()] = canonical
                table.written.add(name.strip())
        for domain in domains.split("|"):
            if domain.strip():
                table.by_domain[domain.strip().casefold()] = canonical
    return table
