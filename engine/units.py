"""One way to write numbers for a reader: money with its currency and thousands separators (no
cents above a thousand, millions as 'm' in sentences), shares as percentages, effort in person-days."""
from __future__ import annotations


def money(x: float | None, currency: str | None = None, *, short: bool = False) -> str:
    """`USD 1,234,567`, or with `short` `USD 1.2m` / `USD 45k` (for sentences)."""
    if x is None:
        return "n/a"
    cur = f"{currency} " if currency else ""
    sign = "-" if x < 0 else ""
    a = abs(x)
    if short and a >= 1e6:
        return f"{sign}{cur}{a / 1e6:,.1f}m"
    if short and a >= 1e4:
        return f"{sign}{cur}{a / 1e3:,.0f}k"
    if a >= 1000 or a == int(a):
        return f"{sign}{cur}{a:,.0f}"
    return f"{sign}{cur}{a:,.2f}"


def pct(x: float | None, digits: int = 0) -> str:
    return "n/a" if x is None else f"{x * 100:,.{digits}f}%"


def ratio(x: float | None) -> str:
    """A ratio (benefit-cost, loss avoided per unit spent): two decimals, none from a thousand up."""
    if x is None:
        return "–"
    return f"{x:,.2f}" if abs(x) < 1000 else f"{x:,.0f}"


def days(x: float) -> str:
    return f"{x:,.0f} person-days" if x != 1 else "1 person-day"
