"""Date rules: blanket length, inclusive bounds, leap years (property tests)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tests.unit.trade.builders import index, make_certification, make_line
from trade import origin, periods
from trade.verdicts import Reason

days = st.dates(min_value=date(1994, 1, 1), max_value=date(2040, 12, 31))


@given(days)
def test_blanket_limit_is_one_year_minus_a_day(start: date) -> None:
    limit = periods.blanket_limit(start)
    assert 364 <= (limit - start).days <= 365
    assert periods.add_years(start, 1) == limit + timedelta(days=1)


def test_leap_day_blankets() -> None:
    assert periods.blanket_limit(date(2024, 2, 29)) == date(2025, 2, 28)
    assert periods.blanket_limit(date(2023, 3, 1)) == date(2024, 2, 29)
    assert periods.add_years(date(2020, 2, 29), 4) == date(2024, 2, 29)
    assert periods.add_years(date(2020, 2, 29), 1) == date(2021, 3, 1)


@given(days, st.integers(0, 400))
def test_blanket_rule_matches_the_limit(start: date, length: int) -> None:
    end = start + timedelta(days=length)
    cert = make_certification(blanket=(start.isoformat(), end.isoformat()), signed="1993-12-01")
    line = make_line(imported=start.isoformat(), claimed=(start + timedelta(days=1)).isoformat())
    verdict = origin.check_origin(line, index(cert), as_of=date(2041, 1, 1))
    assert (Reason.BLANKET_TOO_LONG in verdict.reasons) == (end > periods.blanket_limit(start))


@given(days, st.integers(-3, 3))
def test_blanket_bounds_are_inclusive(start: date, shift: int) -> None:
    end = periods.blanket_limit(start)
    cert = make_certification(blanket=(start.isoformat(), end.isoformat()), signed="1993-12-01")
    for edge in (start, end):
        imported = edge + timedelta(days=shift)
        line = make_line(imported=imported.isoformat(), claimed=imported.isoformat())
        verdict = origin.check_origin(line, index(cert), as_of=date(2042, 1, 1))
        assert (Reason.BLANKET_NOT_COVERING in verdict.reasons) == (not start <= imported <= end)


@given(days, st.integers(-2, 2))
def test_four_year_life(signed: date, shift: int) -> None:
    end = periods.certification_life_end(signed)
    claimed = end + timedelta(days=shift)
    cert = make_certification(blanket=None, invoice="INV", signed=signed.isoformat())
    line = make_line(imported=signed.isoformat(), claimed=claimed.isoformat())
    verdict = origin.check_origin(line, index(cert), as_of=date(2046, 1, 1))
    assert (Reason.EXPIRED in verdict.reasons) == (shift > 0)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)), st.integers(-30, 30))
def test_add_months_is_clamped(day: date, months: int) -> None:
    moved = periods.add_months(day, months)
    assert (moved.year * 12 + moved.month) - (day.year * 12 + day.month) == months
    assert moved.day <= day.day
