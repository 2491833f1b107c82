"""A publication date as precise as its evidence: a year, a year and month, or a full day.

Articles, filters (`--since 2021`), the query syntax (`date:2021-09`), the timeline and both
engines all speak the same three forms ("2021", "2021-09", "2021-09-26"); this is the one place
that parses them, prints them, orders them and turns them into the first and last day they cover.
Plain Python: no engine is imported here.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

from searchnews.errors import UserError

PRECISIONS = ("year", "month", "day")
FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_SHAPE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(frozen=True)
class PartialDate:
    """year, year-month or year-month-day. Ordered by `key()`: (year, month, day) with a missing part
    as 0, so "2021" sorts before "2021-01" and "2021-01-01" (as their texts do)."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # raises ValueError for a month or day that does not exist (2021-13, 2021-02-30)
        date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """'2021', '2021-09', '2021-9', '2021-09-26' -> a PartialDate; ValueError for anything else."""
        match = _SHAPE.fullmatch(text.strip())
        if not match:
            raise ValueError(f"'{text}' is not a date ({FORMS})")
        year, month, day = (int(part) if part else None for part in match.groups())
        if year < 1:
            raise ValueError(f"'{text}' is not a valid date")
        try:
            return cls(year, month, day)
        except (ValueError, OverflowError):
            raise ValueError(f"'{text}' is not a valid date") from None

    @classmethod
    def parse_option(cls, text: str, option: str) -> PartialDate:
        """The user's date (an option or a query's `date:`), or a one-line UserError naming the option."""
        if not _SHAPE.fullmatch(text.strip()):
            raise UserError(f"{option}: '{text}' is not a date (use {FORMS})")
        try:
            return cls.parse(text)
        except ValueError:
            raise UserError(f"{option}: '{text}' is not a valid date") from None

    @classmethod
    def from_text(cls, text: str | None) -> PartialDate | None:
        """A stored date text ("" or None: undated)."""
        return cls.parse(text) if text else None

    def key(self) -> tuple[int, int, int]:
        return self.year, self.month or 0, self.day or 0

    def __lt__(self, other: PartialDate) -> bool:
        return self.key() < other.key()

    @property
    def precision(self) -> str:
        return "day" if self.day is not None else "month" if self.month is not None else "year"

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day is not None:
            return date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def start(self) -> datetime:
        """The first instant of the period (what the engines index as the article's date)."""
        first = self.first_day()
        return datetime(first.year, first.month, first.day)

    def end(self) -> datetime:
        """The last instant of the period (computed within the day: 9999-12-31 has no next day)."""
        last = self.last_day()
        return datetime(last.year, last.month, last.day, 23, 59, 59, 999999)


def precision_of(text: str | None) -> str | None:
    """'2021-09' -> 'month'; None when undated."""
    partial = PartialDate.from_text(text)
    return partial.precision if partial else None


def period_bounds(since: str | None, until: str | None) -> tuple[datetime | None, datetime | None]:
    """--since/--until -> the first instant of `since` and the last of `until` (None: open-ended)."""
    start = PartialDate.parse_option(since, "--since").start() if since else None
    end = PartialDate.parse_option(until, "--until").end() if until else None
    if start and end and start > end:
        raise UserError(f"--since {since} is after --until {until}")
    return start, end
