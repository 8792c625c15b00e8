"""Plain renderers: JSON, CSV, Markdown and the terminal table."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from cyberplan.engine.inputs.cells import neutralise
from cyberplan.engine.render import Output, Table


def to_json(out: Output) -> str:
    return json.dumps(out.data, indent=2, ensure_ascii=False, sort_keys=False, default=str) + "\n"


def _cell(v: Any, style: str | None = None) -> str:
    """One number format everywhere: thousands separators, no cents from a thousand up, shares
    as percentages (style `pct`)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return str(v)
    if style == "pct" and isinstance(v, (int, float)):
        return f"{v:.1%}"
    if isinstance(v, float):
        return f"{v:,.2f}" if abs(v) < 1000 else f"{v:,.0f}"
    if isinstance(v, int) and (style == "money" or abs(v) >= 10000):
        return f"{v:,}"
    return str(v)


def to_csv(out: Output) -> str:
    """The main table (the first); further tables follow after a blank line, each with a header."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for n, table in enumerate(out.tables):
        if n:
            buf.write("\n")
        w.writerow(csv_cells(table.columns))
        for row in table.rows:
            w.writerow(csv_cells(row))
    return buf.getvalue()


def csv_cells(row) -> list:
    """A CSV row whose text cells a spreadsheet shows and never runs (`neutralise`). A carriage
    return inside a cell becomes a newline: the writer ends lines with "\n" and would leave a
    lone "\r" unquoted, splitting the row for every reader."""
    return ["" if v is None else neutralise(v).replace("\r\n", "\n").replace("\r", "\n") if isinstance(v, str)
            else v for v in row]


def _md_escape(s: str) -> str:
    return s.replace("|", "\\|").replace("\n", " ")


def to_markdown(out: Output) -> str:
    parts = []
    for table in out.tables:
        parts.append(f"## {table.title}\n")
        parts.append("| " + " | ".join(_md_escape(c) for c in table.columns) + " |")
        parts.append("|" + "|".join("---" for _ in table.columns) + "|")
        for row in table.rows:
            parts.append("| " + " | ".join(_md_escape(_cell(v, table.styles.get(c)))
                                           for c, v in zip(table.columns, row)) + " |")
        parts.append("")
    for note in out.notes:
        parts.append(f"- {note}")
    return "\n".join(parts).rstrip() + "\n"


def to_plain(out: Output) -> str:
    """Aligned plain-text tables (what the terminal shows when output is piped)."""
    parts = []
    for table in out.tables:
        cells = [[_cell(v, table.styles.get(c)) for c, v in zip(table.columns, row)] for row in table.rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(table.columns)]
        parts.append(table.title)
        parts.append("  ".join(c.ljust(w) for c, w in zip(table.columns, widths)).rstrip())
        parts.append("  ".join("-" * w for w in widths))
        for r in cells:
            parts.append("  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip())
        parts.append("")
    parts.extend(out.notes)
    return "\n".join(parts).rstrip() + "\n"


def table_rows_as_dicts(table: Table) -> list[dict[str, Any]]:
    return [dict(zip(table.columns, row)) for row in table.rows]
