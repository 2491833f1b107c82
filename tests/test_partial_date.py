"""PartialDate: the one reading of "2021", "2021-09" and "2021-09-26" that filters, the query syntax,
the timeline and both engines share (issue 16)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from searchnews.errors import UserError
from searchnews.partial_date import PartialDate, period_bounds


@pytest.mark.parametrize(("text", "shown", "precision", "first", "last"), [
    ("2021", "2021", "year", date(2021, 1, 1), date(2021, 12, 31)),
    ("2024-2", "2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
    (" 2021-09-26 ", "2021-09-26", "day", date(2021, 9, 26), date(2021, 9, 26)),
])
def test_each_form_parses_prints_and_spans_its_period(text, shown, precision, first, last):
    partial = PartialDate.parse(text)
    assert (str(partial), partial.precision, partial.first_day(), partial.last_day()) == (shown, precision, first, last)
    assert partial.start() == datetime(first.year, first.month, first.day)
    assert partial.end() == datetime(last.year, last.month, last.day, 23, 59, 59, 999999)


def test_order_puts_a_coarser_date_before_the_finer_ones_it_contains():
    texts = ["2021-09-26", "2021", "2020-12", "2021-09", "2021-01-01"]
    assert [str(p) for p in sorted(PartialDate.parse(t) for t in texts)] == [
        "2020-12", "2021", "2021-01-01", "2021-09", "2021-09-26"]


@pytest.mark.parametrize("text", ["yesterday", "21", "2021-13", "2021-02-30", "0000", "2021/09"])
def test_a_non_date_is_a_one_line_user_error_naming_the_option(text):
    with pytest.raises(UserError, match=r"^--since: '.*' is not a (valid )?date"):
        PartialDate.parse_option(text, "--since")


def test_the_last_day_there_is_has_an_end():
    assert PartialDate.parse("9999-12").end() == datetime(9999, 12, 31, 23, 59, 59, 999999)


def test_since_after_until_is_refused():
    with pytest.raises(UserError, match="--since 2022 is after --until 2021"):
        period_bounds("2022", "2021")
    assert period_bounds("2021", "2021") == (datetime(2021, 1, 1), datetime(2021, 12, 31, 23, 59, 59, 999999))
