"""Dates that keep their precision: a year stays a year, a month a month.

`2025-06` means "some day in June 2025", never "1 June 2025". Comparisons are
therefore by interval: one date is *surely after* another only when its first
possible day comes after the other's last possible day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")  # ASCII digits only

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]


class DateError(ValueError):
    """Text that is not a YYYY, YYYY-MM or YYYY-MM-DD date; the message says why."""


@dataclass(frozen=True, slots=True, order=False)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: Any) -> PartialDate:
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise DateError("expected a date written YYYY, YYYY-MM or YYYY-MM-DD")
        text = str(value)
        m = _DATE.fullmatch(text)
        if not m:
            raise DateError(f"`{text}` is not a date written YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(m.group(1))
        month = int(m.group(2)) if m.group(2) else None
        day = int(m.group(3)) if m.group(3) else None
        if year < 1900 or year > 2100:
            raise DateError(f"year {year} is out of range (1900-2100)")
        if month is not None and not 1 <= month <= 12:
            raise DateError(f"month {month:02d} does not exist")
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise DateError(
                    f"{MONTHS[month - 1]} {year} has {last} days; day {day:02d} does not exist"
                )
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def surely_after(self, other: PartialDate) -> bool:
        return self.first_day() > other.last_day()

    def sort_key(self) -> tuple[int, int, int, int]:
        # Less precise dates sort before precise ones that start on the same day.
        rank = {"year": 0, "month": 1, "day": 2}[self.precision]
        return (self.year, self.month or 0, self.day or 0, rank)

    def __str__(self) -> str:  # the ISO text, at its precision
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def human(self) -> str:
        """`7 June 2025`, `June 2025` or `2025`."""
        if self.day and self.month:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A single date or a range; both ends keep their precision."""

    start: PartialDate
    end: PartialDate | None = None

    def first_day(self) -> dt.date:
        return self.start.first_day()

    def last_day(self) -> dt.date:
        return (self.end or self.start).last_day()

    def sort_key(self) -> tuple[int, int, int, int]:
        return self.start.sort_key()

    def order_key(self) -> tuple[dt.date, int, dt.date]:
        """Where the span stands in a list read in time: by its last possible day,
        so a range sorts by its end and June 2025 (day not known) comes after
        every dated day of June; of two that end the same day, the one known to
        the day first."""
        end = self.end or self.start
        return (self.last_day(), 0 if end.day else 1, self.first_day())

    def __str__(self) -> str:
        return f"{self.start}/{self.end}" if self.end else str(self.start)

    def human(self) -> str:
        if not self.end:
            return self.start.human()
        return f"{self.start.human()} – {self.end.human()}"
