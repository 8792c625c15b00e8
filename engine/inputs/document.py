"""A parsed input file: its data, and where each key path sits in it (for located errors)."""
from __future__ import annotations

from typing import Any

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger inputs are refused before they are read


class Document:
    """A parsed file: its data and, for YAML, the line of every key path."""

    def __init__(self, path: str, data: Any, lines: dict[tuple, int] | None = None,
                 files: dict[tuple, str] | None = None):
        self.path = path
        self.data = data
        self.lines = lines or {}
        self.files = files or {}   # key-path prefix -> the file it came from (a framework folder's parts)

    def file_of(self, loc: tuple) -> str:
        loc = tuple(loc)
        return self.files.get(loc[:2], self.path) if self.files else self.path

    def line_of(self, loc: tuple) -> int | None:
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)
