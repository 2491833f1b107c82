"""A Chinese name spelled by a romanised site label: the folder `zaobao/` and the masthead 联合早报, the file
`jiemian_chips.txt` and 界面新闻. Scrapers name folders and files in pinyin; the copy prints the outlet in
Chinese characters, so `spells()` (letters against letters) never sees them agree.

Why pypinyin (a kept library, pure Python) and not a hand table: every outlet's characters, simplified and
traditional, read as pinyin without listing outlets. It is imported only when a label has to be matched
against a Chinese name, so ingest of copy with no such case never loads its dictionary.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,10}")
MAX_LINE = 80  # a masthead, a footer or a source line, not a paragraph of the story


@lru_cache(maxsize=4096)
def syllables(name: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(syllable.casefold() for syllable in lazy_pinyin(name))


def pinyin_spells(name: str, label: str) -> bool:
    """The label is the name's pinyin, or the pinyin of its first or last half or more ('zaobao' is 早报 of
    联合早报; 'xinwen', 新闻 alone, is no outlet's half)."""
    parts = syllables(name)
    if len(parts) != len(name):  # a character pypinyin cannot read
        return False
    if label == "".join(parts):
        return True
    half = (len(parts) + 1) // 2
    return any(label in ("".join(parts[:size]), "".join(parts[-size:])) for size in range(half, len(parts)))


def cjk_name_spelling(label: str, chrome: list[str]) -> str | None:
    """The Chinese name printed in the chrome (short lines only) that the label spells in pinyin, the most
    printed first; None when the label is not lower-case letters or no printed name agrees."""
    if not re.fullmatch(r"[a-z]{4,30}", label):
        return None
    names: Counter[str] = Counter()
    for line in chrome:
        if len(line) <= MAX_LINE:
            names.update(CJK_RUN.findall(line))
    matches = [name for name in names if pinyin_spells(name, label)]
    return max(matches, key=lambda name: (names[name], len(name))) if matches else None
