"""A reply's created_at -> the period it is counted in (day, ISO week or month).

The date is taken as written in the export (no time-zone conversion), so a reply sent at
23:30 local time stays on its day. Not for parsing anything but the date part.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

UNKNOWN = "unknown"
ALL = "all"

_ISO = re.compile(r"\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_DOTTED = re.compile(r"\s*(\d{1,2})\.(\d{1,2})\.(\d{4})")  # 05.01.2024, as Russian exports write it
_EPOCH = re.compile(r"\s*(\d{9,13})(\.\d+)?\s*$")


def _date(created_at: str) -> date | None:
    try:
        if match := _ISO.match(created_at):
            return date(int(match[1]), int(match[2]), int(match[3]))
        if match := _DOTTED.match(created_at):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _EPOCH.match(created_at):
            seconds = int(match[1])
            if len(match[1]) > 11:
                seconds //= 1000  # milliseconds
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        return None
    return None


def period_key(created_at: str | None, period: str) -> str:
    """'2024-01-05', '2024-W01' or '2024-01'; 'unknown' when there is no readable date;
    'all' when the audit is not split by period. Keys sort in time order."""
    if period == "none":
        return ALL
    day = _date(created_at) if created_at else None
    if day is None:
        return UNKNOWN
    if period == "day":
        return day.isoformat()
    if period == "month":
        return f"{day.year:04d}-{day.month:02d}"
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"
