"""Remove boilerplate lines from article text, keeping every real paragraph.

Evidence, cheapest first: line patterns from a data file users can extend; structural rules
(tag lines, date headers, captions, contact lines, markdown chrome, link lists under a "Most read" or
"Related" heading, the short labels and bylines around the headline, the short chrome after the last
paragraph); and lines that recur verbatim across many documents of one outlet (counted by ingest).
A line that reads like prose is never removed by a structural rule: keeping the story matters more
than removing every scrap.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from searchnews.errors import UserError
from searchnews.extract.attribution import SITE_SEPARATOR as TITLE_SEPARATORS
from searchnews.extract.chat_export import chat_record_reason, mark_chat_days
from searchnews.extract.chrome_cues import (
    caption_reason,
    counter_bar_reason,
    is_related_heading,
    label_reason,
    notice_reason,
)
from searchnews.extract.dates import DATELINE as WIRE_DATELINE
from searchnews.extract.dates import EXPLICIT_DATE_LINE, find_date_in_line, parse_date_line
from searchnews.extract.line_shape import (  # noqa: F401 - the cleaner's vocabulary, re-exported
    CJK,
    PROSE_END,
    SAYS,
    WORD,
    is_prose,
    reads_like_sentence,
    word_count,
)
from searchnews.extract.pattern_prefilter import fold_case, required_conditions, required_ends, searchable
from searchnews.extract.site_identity import HOST_TEXT
from searchnews.extract.url_slug import document_slugs, says_slug

CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
SENTENCE_END = re.compile(r"[.!?\"'”’)。！？」]$")
ABBREVIATION_END = re.compile(r"\b(?:Inc|Ltd|Co|Corp|Plc|LLC|Bhd|Mr|Ms|Dr|St)\.$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^)\s]+)\)")
MARKDOWN_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
URL_ONLY = re.compile(r"(?:https?://|www\.)\S+")
BARE_HOST = re.compile(r"(?:[a-z0-9][a-z0-9-]*\.)+[a-z]{2,12}/?")
BREADCRUMB = re.compile(r"^[^.!?。]{1,30}(?:\s*[>»›]\s*[^.!?。]{1,30}){2,}$|^[^.!?。/]{1,30}(?:\s+/\s+[^.!?。/]{1,30}){1,3}$")
# A heading that introduces a list of links to other stories: the short lines after it are links too.
LINK_LIST_HEADING = re.compile(
    r"(most (read|popular|viewed|shared)\b.*|related( stories| articles| coverage| content| news| reading)?|"
    r"read (more|next|also)|more (on this( story)?|from [\w .&'’-]{1,40}|stories|coverage)|also read|see also|"
    r"recommended( for you| stories| reading)?|trending( now| stories)?|top stories|you (may|might) also like|"
    r"in this article|editor'?s picks|latest (news|stories)|more in [\w .&'’-]{1,30}|further reading|"
    r"explore more( on (these|this) topics?)?|more on (these|this) topics?|related topics|相关(新闻|阅读|报道))\s*:?",
    re.I,
)
HEADER_SCAN_LINES = 14  # the headline and its labels sit in the first lines of a page
FRONT_MATTER_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]{0,30})\s*:\s*(?P<value>.*)$")


@dataclass(frozen=True)
class RemovedLine:
    text: str
    reason: str


@dataclass
class CleanText:
    """The kept paragraphs in order, what was removed and why, and what the page header said."""

    paragraphs: list[str]
    removed: list[RemovedLine] = field(default_factory=list)
    date_lines: list[str] = field(default_factory=list)
    lines: list[tuple[str, str | None]] = field(default_factory=list)  # every line in order, with its removal reason
    title: str = ""
    front_matter: dict[str, str] = field(default_factory=dict)
    judged: list[str] = field(default_factory=list)  # each line as judged (what recurring-line statistics count)
    removable: set[str] = field(default_factory=set)  # kept lines statistics could still remove, were they to recur


def normalize_line(line: str) -> str:
    line = unicodedata.normalize("NFC", CONTROL_CHARS.sub("", line))
    return " ".join(line.split())


def strip_markdown(line: str) -> str:
    """'## Title', '*5 min read*', '**Bold:** text', '[text](url)' -> the words a reader sees."""
    line = MARKDOWN_LINK.sub(lambda m: m.group(1), line) if "](" in line else line
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"^>\s*", "", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    if len(line) > 2 and line[0] in "*_" and line[-1] == line[0] and line[1] not in " *_":
        line = line[1:-1]
    return line.strip()


def load_patterns(text: str, origin: str, guarded: bool = False) -> list[re.Pattern[str]]:
    """One pattern per line; `guarded` (a user's file): matched with a time limit (guarded_regex.py)."""
    patterns = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            compiled = re.compile(line, re.IGNORECASE)
        except (re.error, RecursionError, OverflowError) as error:
            raise UserError(f"{origin}:{number}: bad boilerplate pattern: {error}") from None
        if guarded:
            from searchnews.extract.guarded_regex import GuardedPattern

            compiled = GuardedPattern(line, f"{origin}:{number}")
        patterns.append(compiled)
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
        patterns += load_patterns(user_text, extra_file, guarded=True)
    return tuple(patterns)


class PatternSet:
    """The boilerplate patterns, tried one by one: in Python's re this is ~4x faster than one big
    alternation, because each pattern keeps its own literal-prefix optimisation."""

    def __init__(self, patterns: tuple[re.Pattern[str], ...]) -> None:
        # (longest line the pattern can match, pattern, words every match contains), longest first: a
        # long paragraph is tried only against the few patterns that could match it at all (exact:
        # widths come from the regex parser)
        # (and the plain text every match contains: pattern_prefilter.py)
        self.by_width = sorted(((max_width(p), p, required_conditions(p), *required_ends(p)) for p in patterns),
                               key=lambda entry: -entry[0])
        # and a line is tried only against patterns that can start with its first character (most
        # patterns start with a word: ~4x fewer tries); patterns that can start anywhere are always tried
        starts = [first_characters(entry[1]) for entry in self.by_width]
        known = set().union(*(chars for chars in starts if chars is not None))
        self.by_first = {char: [entry for entry, chars in zip(self.by_width, starts, strict=True)
                                if chars is None or char in chars] for char in known}
        self.any_start = [entry for entry, chars in zip(self.by_width, starts, strict=True) if chars is None]

    def fullmatch(self, line: str) -> bool:
        size = len(line)
        candidates = self.by_first.get(line[:1].lower(), self.any_start) if line else self.by_width
        folded = None
        for width, pattern, conditions, prefixes, suffixes in candidates:
            if width < size:
                return False
            if conditions or prefixes or suffixes:  # a fullmatch with '.{0,200}' costs microseconds; these, nanoseconds
                if folded is None:
                    plain = fold_case(line)
                    folded = searchable(line, plain)
                if (prefixes and not plain.startswith(prefixes)) or (suffixes and not plain.endswith(suffixes)):
                    continue
                for condition in conditions:  # every condition holds: one of its alternatives is in the line
                    for alternative in condition:
                        if alternative in folded:
                            break
                    else:
                        break
                else:
                    if pattern.fullmatch(line):
                        return True
                continue
            if pattern.fullmatch(line):
                return True
        return False


_PATTERN_SETS: dict[int, tuple[tuple[re.Pattern[str], ...], PatternSet]] = {}


def pattern_set(patterns: tuple[re.Pattern[str], ...]) -> PatternSet:
    """The PatternSet of a pattern tuple, built once. Looked up by the tuple's identity first: hashing
    200 compiled patterns for an lru_cache key cost ~0.1 ms per article (`boilerplate_patterns` hands out
    one tuple); an equal tuple built elsewhere still finds its set by value."""
    cached = _PATTERN_SETS.get(id(patterns))
    if cached is not None and cached[0] is patterns:
        return cached[1]
    matcher = _pattern_set_by_value(patterns)
    if len(_PATTERN_SETS) >= 8:
        _PATTERN_SETS.clear()
    _PATTERN_SETS[id(patterns)] = (patterns, matcher)  # the tuple is held, so its id is not reused
    return matcher


@lru_cache(maxsize=8)
def _pattern_set_by_value(patterns: tuple[re.Pattern[str], ...]) -> PatternSet:
    return PatternSet(patterns)


def first_characters(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The (lower-cased) characters a match can start with, read from the regex parser; None when
    the pattern may start with almost anything ('.{0,80}', '\\d', a look-ahead)."""
    try:
        import re._parser as sre_parse  # Python 3.11+
        from re._constants import AT, BRANCH, IN, LITERAL, MAX_REPEAT, MIN_REPEAT, RANGE, SUBPATTERN
    except ImportError:  # pragma: no cover
        return None

    def first(items) -> set[str] | None:
        found: set[str] = set()
        for op, value in items:
            if op is AT:
                continue
            if op is LITERAL:
                return found | {chr(value).lower(), chr(value).upper()}
            if op is IN:
                for inner, argument in value:
                    if inner is LITERAL:
                        found |= {chr(argument).lower(), chr(argument).upper()}
                    elif inner is RANGE and argument[1] - argument[0] < 64:
                        found |= {chr(code).lower() for code in range(argument[0], argument[1] + 1)}
                    else:
                        return None
                return found
            if op is BRANCH:
                for branch in value[1]:
                    chars = first(list(branch))
                    if chars is None:
                        return None
                    found |= chars
                return found
            if op is SUBPATTERN or op in (MAX_REPEAT, MIN_REPEAT):
                chars = first(list(value[-1]))
                if chars is None:
                    return None
                found |= chars
                if op is SUBPATTERN or value[0] > 0:
                    return found
                continue  # an optional part: the match may also start with what follows
            return None
        return None  # the pattern may match an empty line

    try:
        chars = first(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    except Exception:  # noqa: BLE001 - an unusual pattern is simply always tried
        return None
    return frozenset(char.lower() for char in chars) if chars is not None else None


def max_width(pattern: re.Pattern[str]) -> int:
    """The most characters a pattern can match (a large number if unbounded)."""
    try:
        import re._parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse  # type: ignore[no-redef]
    try:
        return int(sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1])
    except Exception:  # noqa: BLE001 - an unusual pattern is simply always tried
        return 1 << 30


TICKER = re.compile(r"<[^<>]{1,40}>")  # 'TWA <TWA> SUES USAIR <U>': ticker marks, not breadcrumb arrows
DATA_ROW = re.compile(r"\bvs\.?\s|\bversus\b")  # 'Qtly div six cts vs five cts': an earnings table row
NUMBER = re.compile(r"\d[\d,.:–-]*\d|\d{2,}")


TAG_PREFIX = re.compile(r"^(tags?|topics?|keywords?|filed under|categories|category)\s*:\s*", re.I)
TAG_SEPARATOR = re.compile(r",\s|[|;·•]")


def is_tag_line(line: str) -> bool:
    """'Accountants, accounting, digital, news' or 'Tags: China, tech': a keyword list, not prose."""
    if len(line) > 250 or (SENTENCE_END.search(line) and not line.endswith(")")):
        return False
    body = TAG_PREFIX.sub("", line)
    items = [item.strip() for item in TAG_SEPARATOR.split(body) if item.strip()]
    if len(items) < 3:
        return False
    # 'Net 1,545,160 vs 2,188,933' is a table row, not a keyword list: keywords are words
    return all(len(item.split()) <= 3 and not NUMBER.search(item) for item in items)


# what a copied menu bar leaves between its items: two or more spaces, a tab, or a no-break space run
MENU_GAP = re.compile(r"(?:[ \u00a0\u3000]{2,}|\t+|\u3000)")


EMPTY_CELL = re.compile(r"-+|nil|n/?a|nc|unch", re.I)  # a table's cell with no figure: '---', 'Nil', 'n/a'


def is_spaced_menu(raw_line: str) -> bool:
    """'Home  World  Business  Tech' or '首页  下载头条  发布作品  登录': a menu bar copied as text keeps
    wide gaps between its items, which prose never has. Three or more short word-only items (a table row
    has figures in its cells; an all-capitals row, 'WHEAT  HRW  HRS  SRW', is the column heads of a wire table)."""
    stripped = raw_line.strip()
    if len(stripped) > 200 or not MENU_GAP.search(stripped):
        return False
    items = [item.strip() for item in MENU_GAP.split(stripped) if item.strip()]
    # every item in capitals, not just the line: '新浪财经APP  缩小字体  收藏' is upper case only in its Latin part
    if all(item.isupper() for item in items):
        return False
    return len(items) >= 3 and all(
        len(item) <= 25 and len(item.split()) <= 4 and not any(ch.isdigit() for ch in item)
        and not item[:1].islower()  # 'volume  open  change' heads a table; a menu's items are capitalised
        and not EMPTY_CELL.fullmatch(item) and not SENTENCE_END.search(item) for item in items)


def is_caption_line(line: str) -> bool:
    """Photo credits: 'Photo: Qilai Shen/Bloomberg', '... (Photo by X/Getty Images)'."""
    if len(line) > 300:
        return False
    folded = line.casefold()
    if not any(hint in folded for hint in ("/", "getty", "shutterstock", "photo", "image", "credit:")):
        return False  # plain substring tests first: most lines are prose
    # a gallery's caption opens with its place in the gallery ('[1/2] A worker walks past ...'): any length
    return bool(CAPTION_HINT.search(line) and (len(line) < 120 or CAPTION_END.search(line) or GALLERY_INDEX.match(line)))


CAPTION_HINT = re.compile(r"(getty images|/bloomberg|/reuters|/afp|/ap photo|shutterstock|photographer:|"
                          r"\bphoto(graph)?( by|:)|\bimage( by|:)|\bcredit:|"
                          # an agency's credit before the photographer's name: 'REUTERS/Stringer', 'AFP/Str'
                          r"\b(?-i:REUTERS|AFP|AP|EPA|EFE|ANSA|XINHUA|KYODO|YONHAP|AAP|ANP|DPA|BERNAMA)/(?-i:[A-Z]))", re.I)
GALLERY_INDEX = re.compile(r"\[\d{1,2}\s?/\s?\d{1,2}\]\s")
CAPTION_END = re.compile(r"\((photo|image|credit)[^)]*\)\s*$", re.I)


def is_headline_like(line: str) -> bool:
    words = word_count(line)
    return (
        2 <= words <= 30
        # 'home to Leicester in the quarter-finals' continues something; 'iPhone sales fall' and 'eBay ...' do not
        and not (line[:1].islower() and not line[1:2].isupper())
        and not line.endswith((":", ";", ",", "|"))
        and not (line.endswith(".") and not line.endswith("..."))
        and not line.startswith(("By ", "by "))
        # '(Reporting by ...)' is a credit; '(CORRECTED) - <TSENG> SEES SALES' is a wire headline
        and not (line.startswith("(") and (line.endswith(")") or not line.isupper()))
        and not EMAIL.search(line)
        and not BREADCRUMB.match(TICKER.sub("", line) if "<" in line else line)
    )


# '12', '1.2K', '128 reactions', '1.2K Followers': a counter under a post, or a page number
LONE_COUNT = re.compile(
    r"\d{1,3}(?:[.,]\d{1,3})?\s?[kKmM万]?(?:\s(?:followers?|reactions?|likes?|views?|shares?|reposts?|retweets?|"
    r"claps?|subscribers?|readers?|upvotes?|votes?|replies|reply|comments?|bookmarks?))?",
    re.I,
)


def structural_reason(line: str, raw_line: str) -> str | None:
    """Rules that need no pattern file: what the line IS, judged from its shape."""
    if MARKDOWN_IMAGE.fullmatch(raw_line.strip()):
        return "image"
    if URL_ONLY.fullmatch(line) or (raw_line.strip().startswith("[") and "](" in raw_line and word_count(line) <= 6):
        return "link"
    if "@" in line and EMAIL.search(line):
        if word_count(line) <= 30 and not is_prose(EMAIL.sub("", line)):
            return "contact line"
        if re.match(r"(contact|email|e-mail|write to|reach)\b", line, re.I):
            return "contact line"
    if is_tag_line(line):
        return "tag line"
    if is_spaced_menu(raw_line):
        return "navigation menu"
    if (chat := chat_record_reason(raw_line)) is not None:
        return chat
    if parse_date_line(line) is not None:
        return "date line"
    cue = label_reason(line) or caption_reason(line) or counter_bar_reason(raw_line)  # furniture in any language
    if cue:
        return cue
    if is_caption_line(line):
        return "photo caption"
    if (any(mark in line for mark in (">", "»", "›", " / ")) and BREADCRUMB.match(TICKER.sub("", line))
            and word_count(line) <= 12 and not find_date_in_line(line)):
        return "breadcrumb"
    if not any(map(str.isalnum, line)) or (len(line) <= 2 and not line.isdigit()):
        return "no words"
    if LONE_COUNT.fullmatch(line):
        return "a lone count (likes, comments, page number)"
    return None


def unwrap_hard_wrapped(raw_lines: list[str]) -> list[str]:
    """Wire copy and e-mail text wrap paragraphs at a fixed width ('...throughout the week in' / 'the
    Bahia cocoa zone...'): join such lines back into paragraphs, so a wrapped line is never judged alone.
    A paragraph ends at a blank line, an indented line, or a short line that ends a sentence."""
    lengths = sorted(len(line.rstrip()) for line in raw_lines if line.strip())
    if len(lengths) < 3:
        return raw_lines
    width = lengths[int(len(lengths) * 0.8)]
    # evidence of wrapping: a line of some length that stops mid-sentence and a next line that goes on in lower case
    pairs = [(line, following) for line, following in itertools.pairwise(raw_lines)
             if len(line.strip()) >= 30 and following.strip() and not line.rstrip().endswith((".", "!", "?", ":", ";"))]
    lowercase_next = sum(1 for _, following in pairs if following[:1].islower())
    mid_sentence = sum(1 for _, following in pairs if following[:1] not in " \t")
    banded = len(lengths) >= 6 and sum(1 for n in lengths if 0.75 * width <= n <= width) >= 0.5 * len(lengths)
    wrapped = banded or lowercase_next >= 2 or (lowercase_next >= 1 and mid_sentence >= 0.5 * (len(lengths) - 1))
    if not 40 <= width <= 100 or not wrapped:
        return join_broken_sentences(raw_lines)
    paragraphs: list[str] = []
    buffer: list[str] = []
    for line in raw_lines:
        stripped = line.strip()
        if not stripped or (buffer and line[:1] in " \t" and not continues_sentence(buffer[-1], stripped)):
            if buffer:
                paragraphs.append(" ".join(buffer))
                buffer = []
            if not stripped:
                paragraphs.append("")
                continue
        buffer.append(stripped)
        if len(line.rstrip()) < 0.6 * width and PROSE_END.search(stripped):
            paragraphs.append(" ".join(buffer))
            buffer = []
    if buffer:
        paragraphs.append(" ".join(buffer))
    return paragraphs


# ' said that it ...', ' (NBH) said it ...', ' (RGC) Mt Lyell copper mine': the sentence the line above began goes on (a ticker removed before it)
CONTINUATION = re.compile(r"[a-z]|\([A-Z0-9]{2,10}\)\s")


def continues_sentence(previous: str, line: str) -> bool:
    """An indented line still continues the line above when that line stopped mid-sentence and this one goes
    on in lower case: 'Alliant Computer Systems Corp' over ' said that it ...' is the sentence's subject, not a
    label or a headline of its own. A lone word (' reuter' under a table) is no sentence going on."""
    return (not previous.endswith((".", "!", "?", ":", ";")) and CONTINUATION.match(line) is not None
            and line.count(" ") >= 2)


CONNECTOR_END = re.compile(
    r"(?:,|\b(?:the|a|an|of|and|or|to|in|on|at|by|for|from|with|said|says|that|its|their|as|than|into|over|"
    r"after|before|about|was|were|is|are|will|would|has|have|had))$"
)


def join_broken_sentences(raw_lines: list[str]) -> list[str]:
    """Outside wrapped text, still rejoin a line that plainly stops mid-sentence ('...a subsidiary of') with
    the next one, so no fragment is judged (and dropped) as a label on its own."""
    joined: list[str] = []
    for line in raw_lines:
        if joined and line.strip() and not line[:1].isspace():
            previous = joined[-1].rstrip()
            if (len(previous) >= 25 and not previous.endswith((".", "!", "?", ":", ";"))
                    and " | " not in previous  # a bar of fields or links ('Sector: Tech | Sub-sector: ...') is no sentence
                    and (line[:1].islower() or CONNECTOR_END.search(previous))
                    and not METADATA_LINE.search(line)  # '... ministry says' over 'Wire · 3 hours ago'
                    and not BARE_HOST.fullmatch(line.strip())):  # a headline over its source 'wired.com'
                joined[-1] = f"{previous} {line.strip()}"
                continue
        joined.append(line)
    return joined


def split_front_matter(lines: list[str]) -> tuple[dict[str, str], int]:
    """A Markdown file's '---' YAML header: its fields, and how many lines it spans."""
    if not lines or lines[0].strip() != "---":
        return {}, 0
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:40], start=1):
        if line.strip() == "---":
            return fields, number + 1
        match = FRONT_MATTER_KEY.match(line.strip())
        if match:
            fields[match["key"].lower()] = match["value"].strip().strip("\"'")
    return {}, 0


def clean_text(
    text: str,
    patterns: tuple[re.Pattern[str], ...],
    recurring_lines: frozenset[str] = frozenset(),
    meta_title: str | None = None,
) -> CleanText:
    """Split text into lines, drop the boilerplate, find the headline, and keep the story's paragraphs."""
    raw_lines = text.splitlines()
    front_matter, skip = split_front_matter(raw_lines)
    raw_lines = raw_lines[:skip] + unwrap_hard_wrapped(raw_lines[skip:])
    matcher = pattern_set(patterns) if patterns else None
    entries: list[list] = []  # [line, reason, follows the previous line with no blank line between]
    for raw_line in raw_lines[:skip]:
        line = normalize_line(raw_line)
        if line:
            entries.append([line, "front matter", False])
    page_chrome = page_headers(raw_lines[skip:])
    seen: set[str] = set()
    judged: list[str] = []
    fallback: dict[int, str | None] = {}  # recurring lines: the reason they would have without statistics
    previous_reason: str | None = None
    adjacent = False
    for raw_line in raw_lines[skip:]:
        line = normalize_line(raw_line)
        if not line:
            adjacent = False
            continue
        if "*" in line or "#" in line or "[" in line or line.startswith(">") or "_" in line:
            line = strip_markdown(line) or line
        reason = line_reason(line, raw_line, matcher, recurring_lines, seen)
        if reason is None and page_chrome and page_key(line) in page_chrome:
            reason = "page header or footer"
        if reason == RECURRING:
            fallback[len(entries)] = structural_reason(line, raw_line)
        judged.append(line)
        if (reason is None and previous_reason == "link list" and not PROSE_END.search(line)
                and (is_headline_like(line) or 1 <= word_count(line) <= 3)):
            reason = "link list"
        if ((reason in (None, "boilerplate pattern") or (reason or "").startswith("read-also link ("))
                and len(line) < 60 and (LINK_LIST_HEADING.fullmatch(line) or is_related_heading(line))):
            reason = "link list"
        entries.append([line, reason, adjacent])
        adjacent = True
        seen.add(line.casefold())
        previous_reason = reason if reason != "duplicate line" else previous_reason
    mark_edge_notices(entries)
    mark_chat_days(entries)
    if fallback:
        limit_recurring_removal(entries, fallback)
    from searchnews.extract.line_model import FirstPass

    first_pass = FirstPass()
    verdicts, doubtful = model_chrome(entries, first_pass)
    first, last = story_span(entries)
    around = chrome_around_story(entries, (first, last), first_pass, frozenset(verdicts))
    removable = {entry[0] for index, entry in enumerate(entries)  # long paragraphs are never counted: skip them
                 if entry[1] is None and len(entry[0]) <= 600 and not protected_from_statistics(entries, index, first, last)}
    title = mark_header_and_tail(entries, meta_title, frozenset(verdicts), doubtful)
    for index, reason in verdicts.items():  # the rules' header and tail verdicts stand; the model takes the rest
        if entries[index][1] is None:
            entries[index][1] = reason
    result = CleanText(paragraphs=[], title=title, front_matter=front_matter, judged=judged, removable=removable)
    story_start = story_span(entries)[0]
    # a wire dateline starts the story even when no paragraph reads like prose (an earnings table)
    story_start = next((index for index, (line, reason, _) in enumerate(entries[:story_start])
                        if reason is None and WIRE_DATELINE.match(line)), story_start)
    # the second pass's verdicts come last: headline, dates and the story's start are as without it
    around = {index: reason for index, reason in around.items() if entries[index][1] is None}
    if len(around) < sum(1 for _, reason, _ in entries if reason is None):  # never every line left
        for index, reason in around.items():
            entries[index][1] = reason
    for index, (line, reason, _) in enumerate(entries):
        if reason == "joined to the next line":  # its words live on in the next paragraph
            result.lines.append((line, reason))
            continue
        # a date above the story, or one labelled as the publication date, is the page's date; a date in
        # a table or below the story ('Nine mths to Dec 31, 1986') is the date of something else
        if (reason and reason not in ("headline", "duplicate headline", "chat day", "chat message") and index not in around
                and (index < story_start or EXPLICIT_DATE_LINE.match(line)
                     or (reason == "date line" and index <= story_start + 3))
                and (reason == "date line" or find_date_in_line(line))):
            result.date_lines.append(line)
        elif reason is None and len(line) < 160 and PUBLISHED_LABEL.match(line) and find_date_in_line(line):
            # 'Published on 2024-07-03 21:18 · IP location: Anhui' kept below an answer: labelled, it is the date
            result.date_lines.append(line)
        if reason:
            result.removed.append(RemovedLine(line, reason))
        else:
            result.paragraphs.append(line)
        result.lines.append((line, reason))
    return result


PUBLISHED_LABEL = re.compile(r"\W*published\b", re.I)  # "originally published" is a repost's, read apart
PAGE_NUMBER = re.compile(r"^\W*(?:page\s+)?\d{1,3}\b\W*|\W*\b(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?\W*$", re.I)
PAGE_KEY_DROP = re.compile(r"[\W_]+")


def page_key(line: str) -> str:
    """The line without its page number and with its spacing and separators ignored."""
    return PAGE_KEY_DROP.sub(" ", PAGE_NUMBER.sub("", line)).casefold().strip()


def page_headers(raw_lines: list[str]) -> frozenset[str]:
    """PDF-to-text page headers and footers: a short line that comes back on every page with only its
    page number (or spacing) changed ('MERICS CHINA MONITOR | June 2024  2'). Exact repeats are the
    duplicate-line rule's; here two or more different spellings of one line must be seen."""
    spellings: dict[str, set[str]] = {}
    for raw in raw_lines:
        line = " ".join(raw.split())
        if not line or len(line) > 100 or PROSE_END.search(line) or DATA_ROW.search(line):
            continue
        key = page_key(line)
        if key and len(key) >= 4:
            spellings.setdefault(key, set()).add(line)
    return frozenset(key for key, lines in spellings.items() if len(lines) >= 2)


GLUED = re.compile(r"[a-z][A-Z]")  # 'Leave A ReplyAccountants': two lines glued by a bad copy


def line_reason(
    line: str,
    raw_line: str,
    matcher: PatternSet | None,
    recurring_lines: frozenset[str],
    seen: set[str],
) -> str | None:
    if line.casefold() in seen:
        return "duplicate line"
    if matcher is not None and matcher.fullmatch(line):
        return "boilerplate pattern"
    if matcher is not None and GLUED.search(line):
        glued = split_glued_boilerplate(line, matcher)
        if glued:
            return glued
    if line in recurring_lines and word_count(line) <= 60:
        return RECURRING
    return structural_reason(line, raw_line)


NOTICE_EDGE = (15, 25)  # a page's notices sit above its story or below it: this many lines from each end


def mark_edge_notices(entries: list[list]) -> None:
    """Copyright, republishing and paywall notices in any language ('版權所有 ... 保留所有權利。', 'Get 2 free
    articles every month ...'): read as sentences, so only a fixed notice phrase tells them from the story;
    sought near the page's edges only, where notices stand (a story may quote such a phrase mid-text)."""
    top, bottom = NOTICE_EDGE
    edges = sorted(set(range(min(top, len(entries)))) | set(range(max(0, len(entries) - bottom), len(entries))))
    for index in edges:
        if entries[index][1] is None:
            entries[index][1] = notice_reason(entries[index][0])


def model_chrome(entries: list[list], first_pass=None) -> tuple[dict[int, str], frozenset[int]]:
    """Lines the rules kept that the learned line model (line_model.py) calls chrome with high
    confidence, each with a reason saying how sure it was and why. Every line is scored on the rules'
    line-by-line view of the page, so no verdict depends on another; they are removed if the header and
    tail rules keep them. Also the lines it doubts, which the headline chooser passes over if it can.
    `first_pass` (line_model.FirstPass) gets what it computed on the way (for chrome_around_story)."""
    from searchnews.extract.line_model import load_model, model_verdicts

    model = load_model()
    if model is None:
        return {}, frozenset()
    verdicts, doubtful = model_verdicts(model, entries, story_span(entries), first_pass)
    return dict(verdicts), frozenset(doubtful)


def chrome_around_story(entries: list[list], span: tuple[int, int], first_pass, removed: frozenset[int]) -> dict[int, str]:
    """The second pass (span_chrome.py) on the rules' view: comments, disclosures, sign-offs inside and after
    the story's span, reusing what the line model computed (`first_pass`; `removed`: its verdicts). Applied
    after the headline is chosen, so the title never depends on it."""
    from searchnews.extract.span_chrome import second_pass

    return second_pass(entries, span, first_pass, removed)


RECURRING = "recurs across this outlet's articles"
RECURRING_MAX_CHAR_SHARE = 0.2  # statistics remove chrome, never the story: at most this share of the text
RECURRING_MAX_LINE_SHARE = 0.4  # ... and of its lines


def story_span(entries: list[list]) -> tuple[int, int]:
    """Indexes of the story's first and last prose paragraphs (an empty span when it has none)."""
    story = [index for index, (line, reason, _) in enumerate(entries) if reason is None and is_prose(line)]
    return (story[0], story[-1]) if story else (len(entries), -1)


def protected_from_statistics(entries: list[list], index: int, first: int, last: int) -> bool:
    """A sentence between the story's first and last paragraphs, a line with a figure in it ('Record
    March 16': data), or a table's label ('Nine mths' directly above 'Shr 1.20 vs 1.00'): story text
    however often an outlet prints it."""
    line = entries[index][0]
    if (first < index < last and reads_like_sentence(line)) or any(map(str.isdigit, line)):
        return True
    following = entries[index + 1] if index + 1 < len(entries) else None
    return bool(following and following[2] and following[1] is None and NUMBER.search(following[0])
                and not reads_like_sentence(line))


def limit_recurring_removal(entries: list[list], fallback: dict[int, str | None]) -> None:
    """Statistics only ever remove chrome. A recurring line that reads like a sentence between the
    story's first and last paragraphs stays; and removal stops at a small share of the article's
    lines and characters (shortest lines go first), so a folder of near-identical releases keeps
    its stories. Lines kept here get the reason the other rules would give them."""
    first, last = story_span(entries)
    total_chars = sum(len(line) for line, _, _ in entries) or 1
    removable = []
    for index in fallback:
        if protected_from_statistics(entries, index, first, last):
            entries[index][1] = fallback[index]
        else:
            removable.append(index)
    removed_chars = removed_lines = 0
    for index in sorted(removable, key=lambda index: len(entries[index][0])):
        size = len(entries[index][0])
        if (removed_chars + size > RECURRING_MAX_CHAR_SHARE * total_chars
                or removed_lines + 1 > RECURRING_MAX_LINE_SHARE * len(entries)):
            entries[index][1] = fallback[index]
            continue
        removed_chars += size
        removed_lines += 1


def mark_header_and_tail(entries: list[list], meta_title: str | None, chrome: frozenset[int] = frozenset(),
                         doubtful: frozenset[int] = frozenset()) -> str:
    """Choose the headline; drop the short labels, bylines and chrome around the story (not prose).
    `chrome`: lines the line model calls page chrome (the caller removes those the rules keep): they do not
    count towards the header's length or end it; they and the lines it doubts are the headline only when
    no other line fits."""
    kept = [index for index, (_, reason, _) in enumerate(entries) if reason is None and index not in chrome]
    prose = [index for index in kept if is_prose(entries[index][0])]
    first_prose = prose[0] if prose else (kept[0] if kept else len(entries))
    last_prose = prose[-1] if prose else len(entries)
    # the header: kept lines above the story, HEADER_SCAN_LINES of them not counting the model's chrome (a
    # long menu does not push the headline out; a headline the model doubts is still a candidate)
    header = []
    counted = 0
    for index, (_, reason, _) in enumerate(entries[:first_prose]):
        if reason is None and counted < HEADER_SCAN_LINES:
            header.append(index)
            counted += index not in chrome
    from searchnews.extract.dates import find_date_in_line

    for index in header:  # 'Manish Rao @manishrao / 7:12 AM PDT • March 16, 2023': a byline with the date
        line = entries[index][0]
        if (word_count(line) <= 16 and not PROSE_END.search(line) and len(find_date_in_line(line) or "") == 10
                and not WIRE_DATELINE.match(line) and not headline_with_date(line)):
            entries[index][1] = "date line"
    header = [index for index in header if entries[index][1] is None]
    title = clean_title(meta_title) if meta_title else ""
    title_index = None
    if not title:
        title_index = choose_headline(entries, header, first_prose, chrome | doubtful,
                                      main_block_start(entries, prose, chrome))
        if title_index is not None:
            title = clean_title(entries[title_index][0])
            if entries[title_index][1] == "link list":  # a portal's headline inside its navigation
                header.append(title_index)
    masthead_before = masthead_span(entries, header, title_index)
    title_key = title.casefold()
    for index in header:
        line = entries[index][0]
        if index == title_index or clean_title(line).casefold() == title_key:
            entries[index][1] = "headline"
        elif index < masthead_before and not PROSE_END.search(line):
            entries[index][1] = "site name above the page navigation"
        elif METADATA_LINE.search(line) and not is_prose(line) and not SAYS.search(line):
            entries[index][1] = "time or source line above the story"  # '24-6-3 10:15 来自 微博', 'Reuters · 2h ago'
        elif (index + 1 == first_prose < len(entries) and entries[first_prose][2] and not PROSE_END.search(line)
              and not WIRE_DATELINE.match(entries[first_prose][0])  # a dateline opens the story's first sentence
              and word_count(line) >= 4 and re.search(r"\b[a-z]{2,}\b", line) and not NUMBER.search(line)
              and not DATA_ROW.search(line)):
            # '...Co, a subsidiary of Newmont' directly above '...Mining Corp, said it would ...': the lead's
            # first line, cut by the copy's line breaks
            entries[first_prose][0] = f"{line} {entries[first_prose][0]}"
            entries[index][1] = "joined to the next line"
        elif (word_count(line) <= 8 and (not PROSE_END.search(line) or ABBREVIATION_END.search(line))
              and not NUMBER.search(line) and (not line[:1].islower() or word_count(line) <= 3)
              and not DATA_ROW.search(line) and not SAYS.search(line)):
            # '4 min read' is a pattern's job; 'Arsenal win 4-2' is news
            entries[index][1] = "label or byline above the story"
    mark_bare_bylines(entries)
    mark_about_sections(entries)
    probe = title_key[:12]
    # 'The winners were:' - what follows the last paragraph is the story's own list, not page chrome
    list_follows = last_prose < len(entries) and entries[last_prose][0].endswith(":")
    tail = []
    for index in sorted({*kept, *(index for index in chrome if entries[index][1] is None)}):
        line = entries[index][0]
        if (index > first_prose and title_key and probe in line.casefold() and len(line) < len(title_key) + 60
                and clean_title(line).casefold() == title_key):
            entries[index][1] = "duplicate headline"
        elif (index > last_prose and word_count(line) <= 3 and not NUMBER.search(line) and "(" not in line
              and not list_follows and (not PROSE_END.search(line) or ABBREVIATION_END.search(line))):
            tail.append(index)
    # a few stray words after the story are page chrome ('Reuse this content', 'Sign in'); a long run of
    # short lines is the story's own list (fixtures, winners), so it stays
    if len(tail) <= 4:
        for index in tail:
            entries[index][1] = "chrome below the story"
    if not title:
        remaining = [index for index in kept if entries[index][1] is None]
        first = entries[remaining[0]][0] if remaining else ""
        title = first if len(first) <= 120 else first[:117].rsplit(" ", 1)[0] + "..."
        if not prose and len(remaining) > 1 and is_headline_like(first) and not PROSE_END.search(first):
            # a note with no paragraph of prose ('Tariff news' over one short sentence): its first line
            # is its headline, not a paragraph of it
            entries[remaining[0]][1] = "headline"
    return title


# 'Regular Press Conference on March 4, 2024': a date inside the headline's own phrase (a byline or a date
# header sets its date apart: 'Jane Doe | March 4, 2024', '7:12 AM PDT • March 16, 2023')
PHRASE_DATE = re.compile(r"\b(?:on|of|for)\s+(?:\d{1,2}\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2}\b|\b(?:on|of|for)\s+\d{1,2}\s+[A-Z][a-z]{2,8}\b")
DATE_SEPARATORS = re.compile(r"[•·|/@]|\s[-–—]\s|\b\d{1,2}:\d\d\b")
# What the lines around a headline carry and a headline does not: a clock time, 'x hours ago', a source
# and time set apart by a dot ('Reuters · 2 hours ago'), a platform's 'via' ('来自 微博')
METADATA_LINE = re.compile(r"\b\d{1,2}:\d\d\b|\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b|\s[·•]\s|来自", re.I)
# A Chinese post prints its headline in lenticular brackets: '【国务院常务会议：加快推动大规模设备更新】'
BRACKETED_HEADLINE = re.compile(r"^【[^【】]{4,60}】$")
NAVIGATION = frozenset({"breadcrumb", "link list"})


def headline_with_date(line: str) -> bool:
    return word_count(line) >= 6 and bool(PHRASE_DATE.search(line)) and not DATE_SEPARATORS.search(line)


def main_block_start(entries: list[list], prose: list[int], chrome: frozenset[int]) -> int:
    """The first paragraph of the longest run of prose (by characters; a run breaks at more than
    MAIN_BLOCK_GAP kept lines that are not prose). On a copied web page the first prose line is often a
    cookie notice, a promo or a teaser above the headline; the story is the page's main block of text."""
    if not prose:
        return len(entries)
    # the gaps are counted among the lines the rules kept, the model's chrome included: a menu the model
    # removes still parts a promo above it from the story below it
    position = {index: number for number, index in enumerate(index for index, entry in enumerate(entries)
                                                             if entry[1] is None or index in chrome)}
    best_size, best_start = -1, prose[0]
    start, size = prose[0], 0
    for previous, index in zip([None, *prose], prose, strict=False):
        if previous is not None and (position[index] - position[previous] - 1 > MAIN_BLOCK_GAP
                                     or (previous == start and lone_notice(entries, previous, index))):
            if size > best_size:
                best_size, best_start = size, start
            start, size = index, 0
        size += len(entries[index][0])
    return start if size > best_size else best_start


MAIN_BLOCK_GAP = 3


def lone_notice(entries: list[list], line: int, next_prose: int) -> bool:
    """A single short sentence with a headline-shaped line between it and the next paragraph ('Not
    displaying correctly? Open this email in a web browser.' over 'Beijing's new rules ...'): a notice
    or a promo in a block of its own, not the start of the story."""
    if word_count(entries[line][0]) >= 25:
        return False
    return any(entries[other][1] is None and is_headline_like(entries[other][0]) and word_count(entries[other][0]) >= 4
               and not is_prose(entries[other][0]) for other in range(line + 1, next_prose))


# the head nouns of an institution's name: a letterhead line above a filing, a notice or a release names
# its issuer ('SECURITIES AND EXCHANGE COMMISSION', 'OFFICE of the UNITED STATES TRADE REPRESENTATIVE')
ISSUER_HEADS = frozenset({
    "commission", "office", "ministry", "department", "bureau", "agency", "administration", "council", "committee",
    "authority", "court", "appeals", "representative", "republic", "government", "parliament", "congress", "senate",
    "embassy", "secretariat", "tribunal", "assembly", "cabinet", "directorate", "inspectorate", "regulator",
})


def is_letterhead(line: str) -> bool:
    """An issuer's name on a line of its own, every word capitalised: the name ends in an institution's head
    noun, or in one followed by 'of X' ('REPUBLIC OF CHINA'). A wire headline can end so too ('... ASKED TO
    FORM GOVERNMENT'): callers drop such a line only when another candidate remains."""
    words = [word.strip(".,'’()") for word in line.split()]
    if not 1 <= len(words) <= 9 or any(word[:1].islower() and word.casefold() not in ("of", "the", "and", "for")
                                        for word in words if word):
        return False
    folded = [word.casefold() for word in words]
    if "of" in folded[1:]:
        folded = folded[:len(folded) - 1 - folded[::-1].index("of")]
    return bool(folded) and folded[-1] in ISSUER_HEADS


def without_letterheads(entries: list[list], candidates: list[int]) -> list[int]:
    """The candidates but an issuer's letterhead, unless nothing else remains ('TWA TO REFILE WITH U.S.
    AGENCY', a wire headline alone above its story, has the same shape)."""
    return [index for index in candidates if not is_letterhead(entries[index][0])] or candidates


def choose_headline(entries: list[list], header: list[int], first_prose: int,
                    chrome: frozenset[int] = frozenset(), main: int | None = None) -> int | None:
    """The line a reader takes for the headline: the first standalone headline-shaped line above the story
    that is not chrome. Chrome is told by shape: site names above the page's navigation, metadata lines
    (times, 'x hours ago', 'Source · time'), short labels; a headline printed twice, or in 【】, wins."""
    from searchnews.extract.outlet_table import load_outlets

    outlets = load_outlets()
    # the lead's wire dateline ('SEOUL, March 2 - Div 50 won vs 50 won') and table rows are never headlines
    candidates = [index for index in header
                  if is_headline_like(entries[index][0]) and not outlets.canonical(entries[index][0])
                  and not WIRE_DATELINE.match(entries[index][0]) and not DATA_ROW.search(entries[index][0])]
    candidates = without_letterheads(entries, candidates)
    candidates = [index for index in candidates if index not in chrome] or candidates
    repeated = {line.casefold() for line, reason, _ in entries if reason == "duplicate line"}
    doubled = [index for index in candidates if entries[index][0].casefold() in repeated]
    bracketed = [index for index in candidates if BRACKETED_HEADLINE.match(entries[index][0])]
    nav_end = navigation_end(entries, first_prose)
    plain = [index for index in candidates if index > nav_end and not METADATA_LINE.search(entries[index][0])
             and not is_masthead(entries, index)]
    long_ones = [index for index in plain if word_count(entries[index][0]) >= 5]
    chosen = (doubled or bracketed or long_ones or plain or candidates or [None])[0]
    # the headline-shaped lines right above the page's main block of prose, when that is not the first
    # prose line: the ranker may prefer one of them (the rules' choice stands unless it is clearly beaten)
    deep = without_letterheads(entries, deep_candidates(entries, header, main, chrome, outlets)) if main is not None else []
    ranked = candidates + deep
    fallback = None
    if chosen is None and deep:
        # nothing in the header looks like a headline: the rules' answer is the first kept line (below);
        # the ranker weighs it against the lines above the main block (a cookie notice or a promo opening
        # a page is no headline) and keeps it unless one of them clearly beats it
        fallback = next((index for index, (_, reason, _) in enumerate(entries)
                         if reason is None and index not in chrome), None)
        if fallback is not None and fallback not in deep:
            chosen, ranked = fallback, sorted([fallback, *deep])
    # the headline-shaped line the copy's own URL spells out, among the candidates or anywhere near the top
    # (a note or a summary above a pasted story pushes its headline below the header); a link that carries
    # its own URL is a link to that article, not this one's headline
    slugs = document_slugs([line for line, _, _ in entries])
    near_top = [index for index in range(min(len(entries), 60)) if entries[index][1] is None
                and index not in ranked and is_headline_like(entries[index][0]) and not is_prose(entries[index][0])]
    named = [index for index in ranked + near_top
             if slugs and "://" not in entries[index][0] and says_slug(entries[index][0], slugs)]
    if named:  # the line the article's own URL spells out is its headline
        return named[0]
    if chosen is not None and len(ranked) > 1:
        cues = {"rules": {chosen}, "doubled": set(doubled), "bracketed": set(bracketed), "plain": set(plain),
                "long": set(long_ones), "masthead": {index for index in candidates if is_masthead(entries, index)},
                "metadata": {index for index in ranked if METADATA_LINE.search(entries[index][0])},
                "deep": set(deep), "main": {main if main is not None else first_prose}}
        chosen = rank_headline(entries, ranked, cues, first_prose, chrome)
        if chosen == fallback:
            chosen = None  # the first kept line stays the title, as without the ranker
    if chosen is None:
        # a portal prints its headline among the navigation links above the story: the last link-shaped
        # line of some length right above the story is the headline, not a link
        inside = [index for index in range(min(first_prose, len(entries)))
                  if entries[index][1] == "link list" and word_count(entries[index][0]) >= 4
                  and is_headline_like(entries[index][0]) and not METADATA_LINE.search(entries[index][0])
                  and not LINK_LIST_HEADING.fullmatch(entries[index][0])]
        chosen = inside[-1] if inside else None
    return chosen


def deep_candidates(entries: list[list], header: list[int], main: int, chrome: frozenset[int], outlets) -> list[int]:
    """Headline-shaped kept lines among the HEADER_SCAN_LINES kept lines right above the main block that
    the header scan did not reach (a long menu or a teaser above the story pushes the headline out of it)."""
    window: list[int] = []
    seen = set(header)
    for index in range(min(main, len(entries)) - 1, -1, -1):
        if entries[index][1] is None and index not in chrome:
            if index in seen:
                break  # the header scan covers the lines from here up
            window.append(index)
            if len(window) >= HEADER_SCAN_LINES:
                break
    return sorted(index for index in window
                  if is_headline_like(entries[index][0]) and not is_prose(entries[index][0])
                  and not outlets.canonical(entries[index][0]) and not WIRE_DATELINE.match(entries[index][0])
                  and not DATA_ROW.search(entries[index][0]) and not METADATA_LINE.search(entries[index][0]))


def rank_headline(entries: list[list], candidates: list[int], cues: dict[str, set[int]], first_prose: int,
                  chrome: frozenset[int]) -> int:
    """The learned title ranker's pick among the candidates (line_model.py), which sees what the rules
    chose and why; the rules' choice when no ranker is shipped."""
    from searchnews.extract.line_model import load_model, pick_headline

    model = load_model()
    rules_choice = next(iter(cues["rules"]))
    if model is None or model.title is None:
        return rules_choice
    return pick_headline(model.title, entries, candidates, cues, first_prose, model)


def is_masthead(entries: list[list], index: int) -> bool:
    """The document's first line, shaped like a publisher's name ('Office of the Trade Representative')
    and followed by chrome, not by the story: the site's name, whatever its length."""
    from searchnews.extract.outlets import masthead_outlet

    if index != 0 or len(entries) < 2 or entries[1][1] is None:
        return False
    from searchnews.extract.outlet_table import load_outlets

    return masthead_outlet(load_outlets(), entries[0][0]) is not None


BARE_NAME = re.compile(r"[A-Z][a-z]+(?:[-'’ ][A-Z][a-z'’-]+){1,2}")


def mark_bare_bylines(entries: list[list]) -> None:
    """'Jane Okafor' alone on a line near the top, next to chrome (a date line, a share bar): the author's
    byline, never a paragraph of the story. A person is told by a given name the gazetteer knows."""
    from searchnews.extract.entities import given_names

    for index, (line, reason, _) in enumerate(entries[:HEADER_SCAN_LINES + 4]):
        if reason is not None or len(line) > 40 or not BARE_NAME.fullmatch(line):
            continue
        if line.split()[0].casefold() not in given_names():
            continue
        neighbours = [entries[other][1] for other in (index - 1, index + 1) if 0 <= other < len(entries)]
        if any(neighbour not in (None, "headline") for neighbour in neighbours):
            entries[index][1] = "byline (a name alone by the story's chrome)"


ABOUT_HEADING = re.compile(r"About (?:the )?(?P<name>[A-Z][\w.&'’-]*)[\w.&'’ ,-]{0,50}")
DESCRIBES_ITSELF = re.compile(r"\b(?:is|are) (?:a|an|the)\b")


def mark_about_sections(entries: list[list]) -> None:
    """'About NIO Inc.' in a release's second half, then 'NIO Inc. is a pioneer ...': the company's own
    description, the same in every release it issues; not the story."""
    for index, (line, reason, _) in enumerate(entries):
        if reason is None or index < len(entries) // 2:
            continue
        heading = ABOUT_HEADING.fullmatch(line)
        if not heading:
            continue
        following = next((other for other in range(index + 1, len(entries)) if entries[other][1] is None), None)
        if following is None:
            return
        text = entries[following][0]
        if text.startswith(heading["name"]) and DESCRIBES_ITSELF.search(text[:120]):
            entries[following][1] = f"company description under {line!r}"
        return


def navigation_end(entries: list[list], first_prose: int) -> int:
    """Index of the last navigation line (breadcrumb, link list) above the story, -1 if none."""
    ends = [index for index in range(min(first_prose, len(entries))) if entries[index][1] in NAVIGATION]
    return ends[-1] if ends else -1


def masthead_span(entries: list[list], header: list[int], title_index: int | None) -> int:
    """Header lines above the page's navigation, when the headline comes after it, are the site's name
    and tagline ('Ministry of Foreign Affairs ...' over 'Home > Press > Remarks'): index bound, 0 if none."""
    if title_index is None:
        return 0
    navigation = [index for index in range(title_index) if entries[index][1] == "breadcrumb"]
    return navigation[0] if navigation else 0


TITLE_PREFIX = re.compile(
    r"^(?:(?:UPDATE\s*\d*|REFILE|RPT|CORRECTED|EXCLUSIVE|BREAKINGVIEWS|ANALYSIS|FACTBOX|INSIGHT|WRAPUP\s*\d*|BRIEF|"
    r"FOCUS|EXPLAINER|COLUMN|PREVIEW|TIMELINE|BUZZ|HIGHLIGHTS|GRAPHIC|POLL|BREAKING)\s*[-:–]\s*)+"
)
LEADING_SYMBOLS = re.compile(r"^[^\w\"“‘'(\[<$£€¥&]+")  # '🔥 Meituan posts ...' -> 'Meituan posts ...'
# an opening bracket or quote a headline may start with: kept when its closer follows ('【硬核解读】欧盟...',
# '《人民日报》评论', '«Non» à ...'); a headline wholly inside one pair loses both ('【港口吞吐量创新高】')
PAIRED = {"【": "】", "《": "》", "「": "」", "『": "』", "«": "»", "‹": "›", "〈": "〉", "〔": "〕", "（": "）", "¿": "?", "¡": "!"}

# 'Title: ...', 'Subject: FW: ...', '标题：...': a field label an export or an e-mail prints before the headline
FIELD_LABEL = re.compile(r"^(?:(?:title|headline|subject|标题|標題)\s*[:：]\s*)?(?:(?:re|fw|fwd|aw|wg)\s*:\s*)*", re.I)
# '... cleared for public release (example-news.com)': a link aggregator prints the story's domain after it
SOURCE_DOMAIN_SUFFIX = re.compile(r"\s+\((?:[a-z][a-z0-9-]*\.)+[a-z]{2,}\)$")  # lower case: '(1810.HK)' is a ticker
SITE_PIPE = re.compile(r"\s+[|｜]\s+")


def clean_title(title: str) -> str:
    """'UPDATE 2-Big news | Reuters' -> 'Big news': no wire slugs, no site name, no markdown."""
    title = strip_markdown(normalize_line(title))
    title = strip_leading_symbols(title)
    if title.endswith("】") and "【" not in title:  # '【Headline】' lost its opening bracket just above
        title = title[:-1].rstrip()
    title = TITLE_PREFIX.sub("", FIELD_LABEL.sub("", title))
    title = SOURCE_DOMAIN_SUFFIX.sub("", title)
    return strip_site_name(title, unknown=True)


def strip_leading_symbols(title: str) -> str:
    """Drop the symbols before a headline's first word, but not an opening bracket or quote whose closer
    the headline carries; a headline wholly inside one pair of brackets is printed without them."""
    match = LEADING_SYMBOLS.match(title)
    if not match:
        return title
    for offset, char in enumerate(match.group(0)):
        closer = PAIRED.get(char)
        if closer and closer in title[match.start() + offset + 1:]:
            rest = title[offset:]
            if rest.endswith(closer) and rest.count(char) == 1 and rest.count(closer) == 1 and char != "¿":
                return rest[1:-1].strip()
            return rest
    return title[match.end():]




def strip_site_name(title: str, unknown: bool = False) -> str:
    """'Big tech pledges support | Reuters' -> 'Big tech pledges support'. With `unknown`, also a site the
    table does not know after a pipe ('... new export rules | DW News'): a short name-shaped last part
    after a headline of five words or more (a pipe, unlike a dash, is no punctuation of a headline)."""
    from searchnews.extract.outlet_table import load_outlets

    parts = TITLE_SEPARATORS.split(title)
    if len(parts) > 1 and HOST_TEXT.fullmatch(parts[-1].strip().casefold()) and word_count(parts[0]) >= 5:
        # '... tax holiday extension - Pakistan - DAWN.COM': a host closing a page title is the site, and one
        # short capitalised part before it the section
        parts = parts[:-1]
        if len(parts) > 1 and len(parts[-1].split()) <= 2 and parts[-1][:1].isupper():
            parts = parts[:-1]
        return " - ".join(parts)
    if len(parts) > 1:
        outlets = load_outlets()
        kept = [part for part in parts if not outlets.canonical(part)]
        if kept and len(kept) < len(parts):
            return " - ".join(kept)
    if unknown:
        pieces = SITE_PIPE.split(title)
        if len(pieces) == 2 and word_count(pieces[0]) >= 5 and site_shaped(pieces[1]) and not site_shaped(pieces[0]):
            return pieces[0]
    return title


def site_shaped(name: str) -> bool:
    """A site's name: two to four words, each capitalised or a small word ('DW News', 'The Diplomat'; one word
    after a pipe is as often a label: '| Explainer', '| Opinion')."""
    words = name.split()
    return (1 < len(words) <= 4 and not PROSE_END.search(name)
            and all(word[:1].isupper() or word[:1].isdigit() or word in ("of", "the", "and", "&") for word in words))


def site_name_in_title(title: str) -> str | None:
    """The outlet a page title names after a separator ('... – Rest of World'), if it is a known outlet."""
    from searchnews.extract.outlet_table import load_outlets

    parts = TITLE_SEPARATORS.split(normalize_line(title))
    outlets = load_outlets()
    for part in parts[1:] if len(parts) > 1 else []:
        name = outlets.canonical(part)
        if name:
            return name
    return None


def split_glued_boilerplate(line: str, matcher: PatternSet) -> str | None:
    """'Leave A ReplyAccountants, accounting, news': boilerplate glued to a tag line by a bad copy."""
    for cut in re.finditer(r"(?<=[a-z])(?=[A-Z])", line):
        head, tail = line[: cut.start()], line[cut.start():]
        if matcher.fullmatch(head) and (is_tag_line(tail) or matcher.fullmatch(tail)):
            return "boilerplate glued to tag line"
    return None
