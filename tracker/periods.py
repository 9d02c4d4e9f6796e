"""Lengths of time as ISO 8601 durations (P5Y, P3M, P2W, P30D), shared by the parser and the analytics.

Pure Python, no Django: the parser writes them (`TimeFrame.period`), the timeline steps recurrences by them.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

_PERIOD = re.compile(r"P(\d+)([YMWD])")


def iso_period(count: int, unit: str) -> str:
    """`unit` is Y, M, W or D: iso_period(5, "Y") == "P5Y"."""
    return f"P{count}{unit}"


def parse_period(period: str) -> tuple[int, str] | None:
    """"P5Y" -> (5, "Y"); None for anything else."""
    match = _PERIOD.fullmatch(period or "")
    return (int(match[1]), match[2]) if match else None


def add_period(day: date, count: int, unit: str) -> date:
    """`day` moved by `count` units (negative: back); a day the month lacks becomes its last (31 Jan + 1M = 28 Feb)."""
    if unit in "YM":
        months = day.month - 1 + count * (12 if unit == "Y" else 1)
        year, month = day.year + months // 12, months % 12 + 1
        for last in (day.day, 30, 29, 28):
            try:
                return date(year, month, last)
            except ValueError:
                continue
    return day + timedelta(days=count * (7 if unit == "W" else 1))
