"""Timeline: how many matching articles appeared per year, month or ISO week.

Dates carry their precision ("2021", "2021-09", "2021-09-26"). An article known only to the
year is never put in January: it goes into its own "2021 (month unknown)" bucket, placed after
that year's months; by week, a month-only date goes into "2021-09 (day unknown)". Undated
articles are one "undated" bucket at the end, so the buckets always add up to the hit count.
Empty periods between the first and last article are listed with 0, so gaps show in the chart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from searchnews.partial_date import PartialDate

PERIODS = ("year", "month", "week")


@dataclass(frozen=True)
class Bucket:
    period: str  # "2021", "2021-09", "2021-W38", "2021 (month unknown)", "undated"
    start: str | None  # first day the bucket covers (ISO), None for undated
    end: str | None  # last day it covers
    count: int
    precise: bool  # False for the "(month unknown)" / "(day unknown)" / "undated" buckets

    def to_json(self) -> dict[str, object]:
        return {"period": self.period, "start": self.start, "end": self.end, "count": self.count, "precise": self.precise}




def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def bucket_of(text: str, by: str) -> tuple[tuple, str, date, date, bool] | None:
    """(sort key, label, first day, last day, precise) of the bucket a date falls in; None if undated."""
    partial = PartialDate.from_text(text)
    if partial is None:
        return None
    year = partial.year
    if by == "year":
        return (date(year, 1, 1), 0), f"{year}", date(year, 1, 1), date(year, 12, 31), True
    if partial.month is None:  # known to the year only: after that year's months/weeks, never in January
        return (partial.last_day(), 1), f"{partial} (month unknown)", partial.first_day(), partial.last_day(), False
    if by == "month":
        month = PartialDate(year, partial.month)
        return (month.first_day(), 0), str(month), month.first_day(), month.last_day(), True
    if partial.day is None:
        return (partial.last_day(), 1), f"{partial} (day unknown)", partial.first_day(), partial.last_day(), False
    start = week_start(partial.first_day())
    iso_year, iso_week, _ = start.isocalendar()
    return (start, 0), f"{iso_year}-W{iso_week:02d}", start, start + timedelta(days=6), True


def next_period(start: date, by: str) -> date:
    if by == "year":
        return date(start.year + 1, 1, 1)
    if by == "month":
        return date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start + timedelta(days=7)


def build_timeline(texts: Iterable[str], by: str = "month") -> list[Bucket]:
    """Buckets in time order (gaps filled with zero), then "undated" if any article has no date."""
    if by not in PERIODS:
        from searchnews.errors import UserError

        raise UserError(f"--by {by}: use year, month or week")
    counts: Counter = Counter()
    info: dict[tuple, tuple[str, date, date, bool]] = {}
    undated = 0
    for text in texts:
        found = bucket_of(text, by)
        if found is None:
            undated += 1
            continue
        key, label, first, last, precise = found
        counts[key] += 1
        info[key] = (label, first, last, precise)
    precise_starts = [info[key][1] for key in info if info[key][3]]
    if precise_starts:  # fill empty periods between the first and the last dated article
        cursor, latest = min(precise_starts), max(precise_starts)
        while cursor <= latest:
            found = bucket_of(cursor.isoformat(), by)
            assert found is not None
            key, label, first, last, precise = found
            info.setdefault(key, (label, first, last, precise))
            cursor = next_period(cursor, by)
    buckets = [
        Bucket(label, first.isoformat(), last.isoformat(), counts.get(key, 0), precise)
        for key, (label, first, last, precise) in sorted(info.items())
    ]
    if undated:
        buckets.append(Bucket("undated", None, None, undated, False))
    return buckets
