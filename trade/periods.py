"""Date rules shared by the checks: calendar years and months, blanket limits, inclusive periods.

A year after 29 February is taken as 1 March (the day after 28 February), so a
12-month blanket starting on 29 February 2024 may run to 28 February 2025.

>>> blanket_limit(date(2025, 1, 1))
datetime.date(2025, 12, 31)
>>> blanket_limit(date(2024, 2, 29))
datetime.date(2025, 2, 28)
>>> add_years(date(2021, 11, 20), 4)
datetime.date(2025, 11, 20)
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


def add_years(day: date, years: int) -> date:
    """The same calendar date ``years`` later; 29 February becomes 1 March in a common year."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return date(year, 3, 1)
    return day.replace(year=year)


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def blanket_limit(start: date) -> date:
    """The last day a 12-month blanket starting on ``start`` may cover: ``start`` + 1 year − 1 day."""
    return add_years(start, 1) - timedelta(days=1)


def certification_life_end(signed: date) -> date:
    """The last day a certification signed on ``signed`` supports a claim: signature + 4 years."""
    return add_years(signed, 4)


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range; ``end`` None means open-ended."""

    start: date
    end: date | None

    def __contains__(self, day: object) -> bool:
        if not isinstance(day, date):
            return False
        return self.start <= day and (self.end is None or day <= self.end)

    def covers(self, other: Period) -> bool:
        """Whether ``other`` lies entirely inside this period."""
        if other.start < self.start:
            return False
        if self.end is None:
            return True
        return other.end is not None and other.end <= self.end

    @property
    def text(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat() if self.end else 'open'}"
