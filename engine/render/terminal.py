"""The terminal table, with colour, when standard output is a terminal (rich)."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table as RichTable

from . import Output
from .text import _cell

_LEVEL_STYLES = ["red", "dark_orange", "yellow", "green", "bold green", "bold green"]


def print_rich(out: Output, console: Console | None = None) -> None:
    console = console or Console()
    for table in out.tables:
        t = RichTable(title=table.title, title_justify="left", header_style="bold")
        for col in table.columns:
            t.add_column(col, justify="right" if table.styles.get(col) in ("money", "level") else "left")
        for row in table.rows:
            cells = []
            for col, v in zip(table.columns, row):
                text = _cell(v)
                style = table.styles.get(col)
                if style in ("level", "heat") and text:
                    try:
                        level = int(str(text).split()[0])
                        text = f"[{_LEVEL_STYLES[min(level, 5)]}]{text}[/]"
                    except ValueError:
                        pass
                cells.append(text)
            t.add_row(*cells)
        console.print(t)
    for note in out.notes:
        console.print(note)
