"""Remove boilerplate lines from article text, keeping every real paragraph.

Three kinds of evidence, cheapest first: line patterns from a data file users can extend,
structural rules (tag lines, duplicated headlines, date headers, captions), and lines that
recur verbatim across many documents of one outlet (supplied by the caller, who has seen the corpus).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from searchnews.dates import parse_date_line
from searchnews.errors import UserError

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
SENTENCE_END = re.compile(r"[.!?\"'”’)]$")


@dataclass(frozen=True)
class RemovedLine:
    text: str
    reason: str


@dataclass
class CleanText:
    """The kept paragraphs in order, what was removed and why, and date lines seen on the way."""

    paragraphs: list[str]
    removed: list[RemovedLine] = field(default_factory=list)
    date_lines: list[str] = field(default_factory=list)
    lines: list[tuple[str, str | None]] = field(default_factory=list)  # every line in order, with its removal reason


def normalize_line(line: str) -> str:
    line = unicodedata.normalize("NFC", CONTROL_CHARS.sub("", line))
    return " ".join(line.split())


def load_patterns(text: str, origin: str) -> list[re.Pattern[str]]:
    patterns = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(re.compile(line, re.IGNORECASE))
        except re.error as error:
            raise UserError(f"{origin}:{number}: bad boilerplate pattern: {error}") from None
    return patterns


@lru_cache(maxsize=8)
def boilerplate_patterns(extra_file: str | None = None) -> tuple[re.Pattern[str], ...]:
    """The shipped patterns plus the user's own file (same format: one regex per line)."""
    shipped = resources.files("searchnews").joinpath("data/boilerplate.txt").read_text(encoding="utf-8")
    patterns = load_patterns(shipped, "boilerplate.txt")
    if extra_file:
        try:
            user_text = Path(extra_file).read_text(encoding="utf-8")
        except OSError as error:
            raise UserError(f"{extra_file}: cannot read boilerplate file ({error.strerror})") from None
        patterns += load_patterns(user_text, extra_file)
    return tuple(patterns)


def is_tag_line(line: str) -> bool:
    """'Accountants, accounting, digital, news' or 'Tags: China, tech': a keyword list, not prose."""
    if len(line) > 250 or (SENTENCE_END.search(line) and not line.endswith(")")):
        return False
    body = re.sub(r"^(tags?|topics?|keywords?|filed under|categories|category)\s*:\s*", "", line, flags=re.I)
    items = [item.strip() for item in re.split(r"[,|;·•]", body) if item.strip()]
    if len(items) < 3:
        return False
    return all(len(item.split()) <= 3 for item in items)


def is_caption_line(line: str) -> bool:
    """Photo credits: 'Photo: Qilai Shen/Bloomberg', '... (Photo by X/Getty Images)'."""
    if len(line) > 300:
        return False
    return bool(
        re.search(r"(getty images|/bloomberg|/reuters|/afp|/ap photo|shutterstock|photographer:|"
                  r"\bphoto(graph)?( by|:)|\bimage( by|:)|\bcredit:)", line, re.I)
        and (len(line) < 120 or re.search(r"\((photo|image|credit)[^)]*\)\s*$", line, re.I))
    )


def clean_text(
    text: str,
    patterns: tuple[re.Pattern[str], ...],
    recurring_lines: frozenset[str] = frozenset(),
) -> CleanText:
    """Split text into lines and keep only the story's paragraphs."""
    result = CleanText(paragraphs=[])
    seen: set[str] = set()
    for raw_line in text.splitlines():
        line = normalize_line(raw_line)
        if not line:
            continue
        reason = removal_reason(line, patterns, recurring_lines, seen)
        if reason == "date line":
            result.date_lines.append(line)
        if reason:
            result.removed.append(RemovedLine(line, reason))
        else:
            result.paragraphs.append(line)
        result.lines.append((line, reason))
        seen.add(line.casefold())
    return result


def removal_reason(
    line: str,
    patterns: tuple[re.Pattern[str], ...],
    recurring_lines: frozenset[str],
    seen: set[str],
) -> str | None:
    folded = line.casefold()
    if folded in seen:
        return "duplicate line"
    glued = split_glued_boilerplate(line, patterns)
    if glued is not None:
        return glued
    for pattern in patterns:
        if pattern.fullmatch(line):
            return "boilerplate pattern"
    if line in recurring_lines:
        return "recurs across this outlet's articles"
    if is_tag_line(line):
        return "tag line"
    if parse_date_line(line) is not None:
        return "date line"
    if is_caption_line(line):
        return "photo caption"
    if not any(ch.isalnum() for ch in line):
        return "no words"
    return None


def split_glued_boilerplate(line: str, patterns: tuple[re.Pattern[str], ...]) -> str | None:
    """'Leave A ReplyAccountants, accounting, news': boilerplate glued to a tag line by a bad copy."""
    for cut in re.finditer(r"(?<=[a-z])(?=[A-Z])", line):
        head, tail = line[: cut.start()], line[cut.start():]
        if any(p.fullmatch(head) for p in patterns) and (is_tag_line(tail) or any(p.fullmatch(tail) for p in patterns)):
            return "boilerplate glued to tag line"
    return None
