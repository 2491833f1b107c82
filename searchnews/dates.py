"""Publication dates with their precision ("YYYY-MM-DD", "YYYY-MM" or "YYYY"), from the evidence at hand.

Never today's date and never a file's mtime: when nothing in the article supports a date, the date is None.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from datetime import date

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
    re.compile(rf"{MONTH_RE},?\s+{YEAR_RE}", re.I),
    re.compile(rf"{YEAR_RE}-(?P<month>[01]?\d)", re.I),
    re.compile(rf"{YEAR_RE}", re.I),
]
DATE_LINE_PREFIX = re.compile(
    r"^(?:(?:first\s+)?(?:published|updated|posted|last updated|last modified|date|modified|originally published)"
    r"(?:\s+on)?\s*:?\s*|by\s+[\w .'-]{2,40}[|,•·]\s*)?",
    re.I,
)
DATELINE = re.compile(rf"^[A-Z][A-Z .'-]{{1,30}},\s+{MONTH_RE}\s+{DAY_RE}\s+\((?P<outlet>[^)]{{2,40}})\)", re.I)
COPYRIGHT_YEAR = re.compile(rf"(?:©|\(c\)|copyright)\s*(?:\d{{4}}\s*[-–]\s*)?{YEAR_RE}", re.I)
# Case-sensitive on purpose: "May 3" is a date cue, "may 3" is not.
MONTH_DAY_CUE = re.compile(
    r"\b(?P<month>" + "|".join(calendar.month_name[1:]) + rf")\s+{DAY_RE}\b(?!,?\s*(?:19|20)\d\d)"
)


def format_partial(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """A valid date string at the given precision, or None if the parts make no date."""
    try:
        if day is not None and month is not None:
            return date(year, month, day).isoformat()
        if month is not None:
            date(year, month, 1)
            return f"{year:04d}-{month:02d}"
        date(year, 1, 1)
        return f"{year:04d}"
    except ValueError:
        return None


def match_to_date(match: re.Match[str]) -> str | None:
    parts = match.groupdict()
    year = int(parts["year"])
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


def parse_date_line(line: str) -> str | None:
    """A header line that is only a date, such as 'Published: 15 March 2022' or 'Updated Oct 7, 2022 10:01 am ET'."""
    if len(line) > 90:
        return None
    rest = DATE_LINE_PREFIX.sub("", line, count=1).strip()
    for pattern in DATE_PATTERNS[:5]:
        match = pattern.fullmatch(rest)
        if match:
            return match_to_date(match)
    return None


def dateline_month_day(paragraphs: list[str]) -> tuple[int, int] | None:
    """'BEIJING, March 3 (Reuters) -': month and day, to be combined with a year from elsewhere."""
    for paragraph in paragraphs[:3]:
        match = DATELINE.search(paragraph)
        if match:
            month = MONTHS.get(match["month"].lower().rstrip("."))
            if month:
                return month, int(match["day"])
    return None


def find_date(
    metadata_date: str | None,
    date_lines: list[str],
    paragraphs: list[str],
    removed_lines: list[str],
) -> str | None:
    """The best-supported publication date, most trustworthy evidence first."""
    if metadata_date:
        parsed = parse_date_text(metadata_date)
        if parsed:
            return parsed
    header_dates = [parsed for line in date_lines if (parsed := parse_date_line(line))]
    if header_dates:
        return max(header_dates, key=len)  # 'Published: 3 March 2021' beats a bare 'March 2021'
    copyright_years = [int(m["year"]) for line in removed_lines for m in COPYRIGHT_YEAR.finditer(line)]
    year = max(copyright_years) if copyright_years else None
    month_day = dateline_month_day(paragraphs)
    if year and month_day:
        return format_partial(year, *month_day)
    if year:
        months = Counter(
            MONTHS[m["month"].lower().rstrip(".")]
            for paragraph in paragraphs
            for m in MONTH_DAY_CUE.finditer(paragraph)
        )
        if months:
            month = months.most_common(1)[0][0]
            return format_partial(year, month)
        return format_partial(year)
    return None
