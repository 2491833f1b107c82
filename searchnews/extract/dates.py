"""Publication dates with their precision ("YYYY-MM-DD", "YYYY-MM" or "YYYY"), from the evidence at hand.

Never today's date and never a file's mtime: when nothing in the article supports a date, the date is None.
"""

from __future__ import annotations

import calendar
import itertools
import re
from datetime import date

from searchnews.extract.attribution import export_fields, is_page_copy
from searchnews.partial_date import PartialDate

MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DAY_RE = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
YEAR_RE = r"(?P<year>(?:19|20)\d\d)"
TIME_RE = r"(?:[,\s]+(?:at\s+)?\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,5}|\s*(?:UTC|GMT)[+-]?\d*)?)?"
WEEKDAY_RE = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"

DATE_PATTERNS = [
    re.compile(rf"{YEAR_RE}-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?", re.I),
    re.compile(rf"{YEAR_RE}/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)", re.I),
    re.compile(rf"{WEEKDAY_RE}{MONTH_RE}\s+{DAY_RE},?\s+{YEAR_RE}{TIME_RE}", re.I),
    re.compile(rf"{WEEKDAY_RE}{DAY_RE}\s+{MONTH_RE},?\s+{YEAR_RE}{TIME_RE}", re.I),
    re.compile(rf"{YEAR_RE}年(?P<month>[01]?\d)月(?P<day>[0-3]?\d)日", re.I),
    # '21.03.2024' (day first, as Europe writes it); '10/31/2024' or '31/10/2024': only when the order is unambiguous
    re.compile(rf"(?<![\d.])(?P<day>[0-3]?\d)\.(?P<month>[01]?\d)\.{YEAR_RE}(?![\d.])"),
    re.compile(rf"(?<![\d/])(?P<first>[0-3]?\d)/(?P<second>[0-3]?\d)/{YEAR_RE}(?![\d/])"),
    re.compile(rf"{MONTH_RE},?\s+{YEAR_RE}", re.I),
    re.compile(rf"{YEAR_RE}-(?P<month>[01]?\d)(?!\d)", re.I),  # '2019-11', never '1996-2019'

    re.compile(rf"{YEAR_RE}", re.I),
]
DATE_LINE_PREFIX = re.compile(
    r"^(?:(?:first\s+)?(?:published|updated|posted|last updated|last modified|date|modified|originally published)"
    r"(?:\s+on)?\s*:?\s*|by\s+[\w .'-]{2,40}[|,•·]\s*)?",
    re.I,
)
# 'SALVADOR, Feb 26 -', 'IRVINE, Calif., Feb 26 (Reuters) -', 'NEW YORK, FEB 26 -', 'Oct 8 (Reuters) -'
DATELINE_MONTH_RE = r"(?P<month>(?i:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r"))\.?"
DATELINE = re.compile(
    r"^(?:(?P<place>[A-Z][A-Za-z .'’-]{1,30},\s+(?:[A-Z][A-Za-z.' ]{1,15},\s+)?)" + DATELINE_MONTH_RE + rf"\s+{DAY_RE}"
    r"\s*(?:\((?P<outlet>[^)]{2,40})\)\s*)?(?:--?|[–—])"
    r"|" + DATELINE_MONTH_RE.replace("month", "month2") + rf"\s+{DAY_RE.replace('day', 'day2')}\s*\((?P<outlet2>[^)]{{2,40}})\)\s*(?:--?|[–—]))"
)
COPYRIGHT_RANGE = re.compile(r"(?:19|20)\d\d\s*[-–]\s*(?:19|20)?\d\d\b")
COPYRIGHT_YEAR = re.compile(rf"(?:[©ⓒ]|\(c\)|copyright)\s*(?:\d{{4}}\s*[-–]\s*)?{YEAR_RE}", re.I)

# '11/19/19 06:56 AM EST': the time stamp US sites print, month first, a two-digit year, a 12-hour clock
US_SHORT_STAMP = re.compile(
    r"(?<![\d/])(?P<month>[01]?\d)/(?P<day>[0-3]?\d)/(?P<short_year>\d\d)(?![\d/])(?=,?\s+\d{1,2}:\d\d\s*[ap]\.?m\b)", re.I,
)


def format_partial(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """A valid date string at the given precision, or None if the parts make no date."""
    try:
        return str(PartialDate(year, month, day if month is not None else None))
    except ValueError:
        return None


def match_to_date(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    year = int(parts["year"]) if parts.get("year") else 2000 + int(parts["short_year"])
    if parts.get("first"):  # slashed day and month: which is which only shows when one is above 12
        first, second = int(parts["first"]), int(parts["second"])
        if first > 12 >= second:
            return format_partial(year, second, first)
        if second > 12 >= first:
            return format_partial(year, first, second)
        return None
    month_text = parts.get("month")
    month = None
    if month_text:
        month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text.lower().rstrip("."))
    day = int(parts["day"]) if parts.get("day") else None
    return format_partial(year, month, day)


def parse_date_text(text: str) -> str | None:
    """A whole string that is a date ('2022-10-07T14:03:00Z', 'March 3, 2021', '2021'): its partial date."""
    text = text.strip()
    if re.fullmatch(r"\d{10}(?:\.\d+)?", text):  # unix timestamp from a scraper
        from datetime import UTC, datetime

        return datetime.fromtimestamp(float(text), UTC).date().isoformat()
    for pattern in DATE_PATTERNS:
        match = pattern.search(text)
        if match:
            return match_to_date(match)
    return None


# Words a date header may carry besides the date itself: 'Updated on', '4:31 PM GMT+8', 'Fri,'.
HEADER_FILLER = re.compile(
    r"\b(?:first|last|originally|published|updated|posted|modified|created|released?|issued|date|dated|on|at|am|pm|a\.m\.|p\.m\.|"
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?|"
    r"gmt|utc|et|est|edt|pt|pst|pdt|bst|cet|cest|jst|hkt|sgt|cst|ist|kst|z)\b\.?"
    r"|\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:[ap]\.?m\.?)?|(?:gmt|utc)?[+-]\d{1,2}(?::?\d\d)?|发布时间|更新时间|时间"
    # a newsletter's issue number and a reading time sit beside the date: 'Issue #42 · June 3, 2024', '3 min read'
    r"|\b(?:issue|edition|vol(?:ume)?|no)\.?\s*#?\d+\b|#\d+\b|\b\d+\s*(?:-\s*)?min(?:ute)?s?\s+read\b",
    re.I,
)
HEADER_NAMED = re.compile(r"(?:\bby|\bsource|\beditor|\bauthor|来源|作者|编辑)\s*[:：]?\s*[^|,•·]{1,40}", re.I)


def may_hold_a_date(line: str) -> bool:
    """Every date pattern contains a year, 19xx or 20xx: most lines can be skipped by two substring tests."""
    return "19" in line or "20" in line


# Words before a date that make it the date of a period or an event, not of the article:
# 'Periods end January 31, 1987', 'fiscal year ended Dec 31, 2023', 'due by March 1, 2025'
EVENT_DATE_CUE = re.compile(
    r"\b(?:end|ends|ended|ending|through|thru|until|till|by|before|since|from|to|due|expires?|expiring|"
    r"maturing|matures?|effective|starting|begins?|beginning|as of|of|payable|paid|record|held|scheduled|"
    r"slated|expected|for)\s+(?:on\s+|for\s+)?$",
    re.I,
)


def find_date_in_line(line: str) -> str | None:
    """The first day- or month-precise date written anywhere in a line (no bare years) that is not
    the date of a period or an event ('quarter ended March 31, 2024')."""
    if not may_hold_a_date(line):
        return None
    for pattern in DATE_PATTERNS[:9]:
        for match in pattern.finditer(line):
            if EVENT_DATE_CUE.search(line[max(0, match.start() - 30):match.start()]):
                continue
            parsed = match_to_date(match)
            if parsed:
                return parsed
    return None


def parse_date_line(line: str) -> str | None:
    """A header line that is a date and nothing else of substance: 'Published: 7:30pm, 26 Aug, 2021',
    'Updated 4:31 PM GMT+8, May 15, 2024', 'Posted on August 9, 2022 by techdesk', 'Fri, Sep 8, 2023, 3:12 AM'.

    A sentence that merely contains a date ('The deal closed on March 3, 2021.') is not a date line."""
    if len(line) > 100 or not may_hold_a_date(line) or (line.endswith(".") and not re.search(r"\b[ap]\.m\.$", line, re.I)):
        return None
    for pattern in (*DATE_PATTERNS[:7], US_SHORT_STAMP):
        match = pattern.search(line)
        if not match:
            continue
        parsed = match_to_date(match)
        if not parsed:
            return None
        rest = line[: match.start()] + " " + line[match.end():]
        rest = HEADER_NAMED.sub(" ", rest)
        rest = HEADER_FILLER.sub(" ", rest)
        if not re.search(r"\w{2,}", rest):
            return parsed
        return None
    return None


# Dates of a copy, not of the story: when it was saved, captured, loaded into a database, retrieved,
# printed or accessed ('Load-Date: March 5, 2024', 'Retrieved 4 June 2024', 'Printed on 6/3/2024'); a
# copyright notice's years ('© 1996-2019') are the site's
NOT_PUBLICATION_DATE = re.compile(
    r"\b(?:saved(?:\s+(?:from|on|at))?|captured|capture date|load-?date|loaded|retrieved|accessed|printed(?:\s+on)?|"
    r"downloaded|archived|cached|crawled|scraped|fetched|exported|clipped|created|date created|creation date|"
    r"date of (?:writing|signing|creation)|written(?:\s+on)?)\b|[©ⓒ]|\bcopyright\b",
    re.I,
)
# 'Date of writing: March 08, 2024', 'created: 2024-06-11', 'Clipped on ...' (above): when a note or a
# clipping was made, not when the story was published. '12 Feb 2025 - 30 Sep 2025': a span (a capture
# range, a period, an event's dates) dates no publication
SPAN_JOINER = re.compile(r"\s*(?:[-–—~]|to|until|through|thru)\s*", re.I)


def is_date_span(line: str) -> bool:
    """Two dates joined only by a dash or 'to': a span of time, not a publication date."""
    for pattern in DATE_PATTERNS[:4]:
        matches = list(pattern.finditer(line))
        for first, second in itertools.pairwise(matches):
            if SPAN_JOINER.fullmatch(line[first.end():second.start()]):
                return True
    return False
ORIGINALLY_PUBLISHED = re.compile(r"\b(?:originally|first)\s+(?:published|posted|appeared|ran)\b", re.I)
CLOCK_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\b|[ap]\.m\.|\b)", re.I)
COMPACT_DATE = re.compile(r"(?P<year>(?:19|20)\d\d)(?P<month>[01]\d)(?P<day>[0-3]\d)")
# Wire datelines that carry a full date: 'SHANGHAI, March 1, 2024 /PRNewswire/ --'
FULL_DATELINE = re.compile(rf"^(?![^,]{{0,32}}--)[A-Z][A-Za-z .'-]{{1,30}},\s+(?:[A-Z][A-Za-z.' ]{{1,15}},\s+)?{DATELINE_MONTH_RE}\s+{DAY_RE},?\s+{YEAR_RE}\b")
CJK_DATELINE = re.compile(r"^\S{0,12}?(?P<month>[01]?\d)月(?P<day>[0-3]?\d)日电")


def dateline_month_day(paragraphs: list[str]) -> tuple[int, int] | None:
    """'BEIJING, March 3 (Reuters) -': month and day, to be combined with a year from elsewhere."""
    for paragraph in paragraphs[:6]:
        match = DATELINE.match(paragraph)
        if match:
            month_text, day = (match["month"], match["day"]) if match["month"] else (match["month2"], match["day2"])
            month = MONTHS.get(month_text.lower().rstrip("."))
            if month:
                return month, int(day)
        match = CJK_DATELINE.search(paragraph)
        if match:
            return int(match["month"]), int(match["day"])
    return None


# A date in a file's path, as scrapers and this project's corpus write it: '2021-10-08-slug.txt',
# '2021/10/08/slug.html', '20211008_slug.txt', 'reuters/2021-10/slug.txt' (month precision)
PATH_DATE = re.compile(
    r"(?<![\d])(?P<year>(?:19|20)\d\d)(?P<sep>[-_/.]?)(?P<month>[01]\d)(?:(?P=sep)(?P<day>[0-3]\d))?(?![\d])"
)
# a year folder, then a month-and-day folder: 'news/2025/0611/slug.html' (sites that file by MMDD)
PATH_YEAR_THEN_MONTH_DAY = re.compile(r"(?<![\d])(?P<year>(?:19|20)\d\d)/(?P<month>[01]\d)(?P<day>[0-3]\d)/")
# 'GUANGZHOU, China--(BUSINESS WIRE)--Sept. 1, 2024--': the date after the outlet, between dashes
WIRE_DATE_AFTER_OUTLET = re.compile(r"^[^.]{0,80}?\([A-Z][\w .&'-]{1,40}\)\s*--\s*(?P<date>[^-]{6,30}?)\s*--")
EXPLICIT_DATE_LINE = re.compile(r"\W*(?:first\s+|originally\s+)?(?:published|posted|date[d]?|released?)\b", re.I)


def path_date(path: str | None) -> str | None:
    """The date a file's path carries in its folder or file name (the last one if several)."""
    if not path or not may_hold_a_date(path):
        return None
    found = None
    slashed = path.replace("\\", "/")
    matches = sorted([*PATH_DATE.finditer(slashed), *PATH_YEAR_THEN_MONTH_DAY.finditer(slashed)],
                     key=lambda match: (match.start(), -len(match.group(0))))
    for match in matches:
        if match.groupdict().get("sep") == "." and match["day"] is None:
            continue  # '2021.10' is a version number more often than a date
        if match["day"] is None and match.groupdict().get("sep") == "":
            continue  # '202110' alone is an id, not a date
        parsed = format_partial(int(match["year"]), int(match["month"]), int(match["day"]) if match["day"] else None)
        if parsed:
            found = parsed
    if found is None:  # a folder that is a year: 'reuters/1987/slug.txt'
        years = [part for part in path.replace("\\", "/").split("/")[:-1] if re.fullmatch(r"(?:19|20)\d\d", part)]
        found = years[-1] if years else None
    return found


# a date line that stamps a later change, not the publication: 'Updated ...', 'Last modified ...'
UPDATE_STAMP = re.compile(r"\W*(updated|modified|last|edited|revised)", re.I)


def contradicts(found: str, from_path: str | None, month_day: tuple[int, int] | None) -> bool:
    """True when a day-precise date is more than a day from the path's date, or from the dateline's day."""
    day = date.fromisoformat(found)
    if from_path and len(from_path) == 10 and abs(date.fromisoformat(from_path) - day).days > 1:
        return True
    if month_day:
        dateline_day = format_partial(day.year, *month_day)
        return dateline_day is None or abs(date.fromisoformat(dateline_day) - day).days > 1
    return False


def find_date(
    metadata_date: str | None,
    date_lines: list[str],
    paragraphs: list[str],
    removed_lines: list[str],
    path: str | None = None,
) -> str | None:
    return find_date_with_evidence(metadata_date, date_lines, paragraphs, removed_lines, path)[0]


def find_date_with_evidence(
    metadata_date: str | None,
    date_lines: list[str],
    paragraphs: list[str],
    removed_lines: list[str],
    path: str | None = None,
) -> tuple[str | None, str | None]:
    """The best-supported publication date and where it came from, strongest evidence first: metadata,
    the page's date lines, a wire dateline with its year, the file path, a year-less dateline
    completed with a year from the path or the copyright line, the copyright year alone. Dates of
    events in the story ('the 1936 Berlin Games', 'fiscal year ended Dec 31', 'by 2025') are never used."""
    if metadata_date:
        compact = COMPACT_DATE.fullmatch(metadata_date.strip())
        parsed = match_to_date(compact) if compact else parse_date_text(metadata_date)
        if parsed:
            return parsed, "metadata"
    fields = export_fields(paragraphs[:40] + removed_lines[:60])
    if fields.get("date") and (parsed := parse_date_line(fields["date"]) or find_date_in_line(fields["date"])):
        return parsed, f"export field {fields['date'][:60]!r}"
    header_dates = [(line, parsed) for line in date_lines
                    if not NOT_PUBLICATION_DATE.search(line) and not is_date_span(line)
                    and (parsed := parse_date_line(line) or find_date_in_line(line))]
    if len({d for _, d in header_dates}) > 1 and any(CLOCK_TIME.search(line) for line, _ in header_dates):
        # a page prints today's date in its masthead ('Wednesday, November 20, 2019') and the story's time
        # stamp ('November 18, 2019 12:01 PM'): when they disagree, the stamp with a clock time is the story's
        header_dates = [(line, d) for line, d in header_dates if CLOCK_TIME.search(line)]
    if header_dates:
        # 'Published ...' beats 'Updated ...'; a day beats a bare month; then the first one wins
        published = [(line, d) for line, d in header_dates if not UPDATE_STAMP.match(line)]
        candidates = published or header_dates
        best = max(len(d) for _, d in candidates)
        line, found = next((line, d) for line, d in candidates if len(d) == best)
        if len(found) == 10 and not EXPLICIT_DATE_LINE.match(line):
            # an unlabelled date ('June 20, 1986') that the path or the dateline contradicts is the date
            # of something else: the stronger evidence wins
            conflict = contradicts(found, path_date(path), dateline_month_day(paragraphs))
            if conflict:
                found = None
        if found and not published:
            # only 'Updated ...' stamps: an update comes after publication, so a day from the path, a wire
            # dateline or an 'originally published' line is the publication date; the stamp is the fallback
            others = [line for line in date_lines if not UPDATE_STAMP.match(line)]
            earlier = find_date_with_evidence(None, others, paragraphs, removed_lines, path)
            if earlier[0] and len(earlier[0]) == 10:
                return earlier
        if found:
            return found, f"date line {line[:80]!r}"
    for line in paragraphs[:4] + paragraphs[-4:] + removed_lines:
        # 'Originally published at Harbour Ledger on June 3, 2024.': a repost gives its original's date
        match = ORIGINALLY_PUBLISHED.search(line) if len(line) < 300 and ("rigin" in line or "irst" in line) else None
        if match and (parsed := find_date_in_line(line[match.end():])):
            return parsed, f"original publication {line[:80]!r}"
    for paragraph in paragraphs[:6]:
        match = FULL_DATELINE.search(paragraph)
        if match and (parsed := match_to_date(match)):
            return parsed, f"dateline {match.group(0)!r}"
        match = WIRE_DATE_AFTER_OUTLET.search(paragraph) if "--" in paragraph[:120] else None
        if match and (parsed := parse_date_line(match["date"])):
            return parsed, f"dateline {match.group(0)!r}"
    from_path = path_date(path)
    month_day = dateline_month_day(paragraphs)
    if from_path and len(from_path) == 10:
        if month_day and month_day != (int(from_path[5:7]), int(from_path[8:10])):
            # the path and the dateline disagree: a day apart is a time zone (the path is the stronger
            # evidence: it was written from the publication date); further apart, record nothing
            dateline_day = format_partial(int(from_path[:4]), *month_day)
            if dateline_day is None or abs(date.fromisoformat(dateline_day) - date.fromisoformat(from_path)).days > 1:
                return None, f"path {from_path} and dateline disagree: no date"
        return from_path, f"file path {path!r}"
    copyright_years = [int(m["year"]) for line in removed_lines for m in COPYRIGHT_YEAR.finditer(line)]
    year = max(copyright_years) if copyright_years else None
    if from_path:  # a year or a month from the path
        path_year = int(from_path[:4])
        if month_day and (len(from_path) == 4 or int(from_path[5:7]) == month_day[0]):
            return format_partial(path_year, *month_day), f"dateline month and day, year from file path {path!r}"
        return from_path, f"file path {path!r}"
    if year and month_day:
        return format_partial(year, *month_day), "dateline month and day, year from the copyright line"
    # the copyright year alone dates a story file ('Copyright 2024 The Associated Press' under the story);
    # a page copy's footer carries the year the site was shown ('© 2019' on a page of 2016), or a range
    # ('© 1996-2019'): it dates the copy, not the story
    single = [line for line in removed_lines if COPYRIGHT_YEAR.search(line) and not COPYRIGHT_RANGE.search(line)]
    if year and single and not is_page_copy(removed_lines + paragraphs):
        return format_partial(year), "copyright year"
    return None, None
