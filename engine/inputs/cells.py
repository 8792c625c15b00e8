"""Spreadsheet cells (CSV and xlsx), both ways: what a cell's text means when read, and how text
is written so that a spreadsheet never runs it.

A text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to Excel,
LibreOffice and Google Sheets (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`): OWASP's advice on CSV
injection is to write it with a leading apostrophe, which spreadsheets read as "this is text".
Our readers take that apostrophe off again, so an id such as `-x` survives a round trip.
"""
from __future__ import annotations

import math
import re
from typing import Any

from cyberplan.engine.models.base import number_from_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_DIGITS = 15   # more digits than a float holds exactly: kept as text, and the question says what it expects

_INT = re.compile(r"[+-]?[0-9]+")


def neutralise(text: str) -> str:
    """Text a spreadsheet will show, never evaluate."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """The text `neutralise` was given."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def scalar_from_text(text: str) -> Any:
    """A cell's text as an answer or attribute: true/false as booleans, plain decimal numbers as
    numbers, anything else (including `0_3`, `nan`, `inf` and 400-digit numbers) as the text
    itself, which the question then accepts or names in its error; blank as None."""
    s = unneutralise(text.strip())
    if not s.strip():
        return None
    low = s.lower()
    if low in ("true", "false"):
        return low == "true"
    if _INT.fullmatch(s):
        return int(s) if len(s.lstrip("+-")) <= MAX_DIGITS else s
    value = number_from_text(s) if len(s) <= 40 else None
    if value is not None:
        return value if math.isfinite(value) else s
    return s
