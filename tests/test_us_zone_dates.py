"""'6/10/2025 8:41:02 PM ET': a slashed date whose day and month are both 12 or less is ambiguous, unless
the clock after it is in a US time zone (the page writes dates the US way, month first)."""

from __future__ import annotations

import random

from searchnews.extract.dates import parse_date_text

ZONES = ("ET", "EST", "EDT", "CT", "PT", "PDT")


def test_us_zone_clock_reads_month_first_and_nothing_else_guesses():
    rng = random.Random(11)
    for _ in range(300):
        month, day, year = rng.randint(1, 12), rng.randint(1, 12), rng.randint(2000, 2030)
        date = f"{month}/{day}/{year}"
        clock = f"{rng.randint(1, 12)}:{rng.randint(0, 59):02d}" + rng.choice(("", ":07")) + rng.choice((" PM", " am", ""))
        zoned = f"{date} {clock} {rng.choice(ZONES)}"
        assert parse_date_text(zoned) == f"{year}-{month:02d}-{day:02d}", zoned
        if month != day:
            assert parse_date_text(f"{date} {clock}") is None  # no zone: the order is not known
            assert parse_date_text(f"{date} {clock} et suite") is None  # French 'et' is no zone


def test_a_day_above_twelve_still_decides_the_order():
    assert parse_date_text("13/10/2025 8:00 PM ET") == "2025-10-13"
    assert parse_date_text("10/13/2025 8:00 PM ET") == "2025-10-13"
