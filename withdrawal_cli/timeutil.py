"""ISO values at mixed granularity ("2024", "2024-09", "2024-09-27") as date intervals."""

from __future__ import annotations

import calendar
import datetime as dt


def granularity_of(value: str) -> str:
    """'year', 'month' or 'day' for an ISO value; ValueError if it is none of them."""
    parts = value.split("-")
    if len(parts) == 1 and len(parts[0]) == 4 and parts[0].isdigit():
        return "year"
    bounds(value)  # validates
    return "month" if len(parts) == 2 else "day"


def bounds(value: str) -> tuple[dt.date, dt.date]:
    """First and last day an ISO value covers; ValueError if it is not YYYY, YYYY-MM or YYYY-MM-DD."""
    parts = value.strip().split("-")
    try:
        if len(parts) == 1 and len(parts[0]) == 4:
            year = int(parts[0])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(parts) == 2 and len(parts[0]) == 4:
            year, month = int(parts[0]), int(parts[1])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(parts) == 3:
            day = dt.date.fromisoformat(value.strip())
            return day, day
    except ValueError:
        pass
    raise ValueError(f"'{value}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")


def overlaps(a: str, b: str) -> bool:
    """True when two ISO values at any granularity share at least one day ("2024" and "2024-09-27")."""
    a0, a1 = bounds(a)
    b0, b1 = bounds(b)
    return a0 <= b1 and b0 <= a1


def common_prefix(a: str, b: str) -> str | None:
    """The two values at their common granularity, if they agree there ("2024-09-27", "2024-09" -> "2024-09")."""
    pa, pb = a.split("-"), b.split("-")
    n = min(len(pa), len(pb))
    if pa[:n] != pb[:n]:
        return None
    return "-".join(pa[:n])
