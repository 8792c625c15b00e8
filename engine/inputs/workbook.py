"""Reading a questionnaire workbook back (openpyxl): the layout `render.xlsx` writes, and
`read_answers_workbook(path)`, which turns a filled-in workbook into the answers format (SPEC
§3.3) as a `Document`, with the row of every answer in `lines`; a malformed workbook is an
`InputError` naming the sheet and cell.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError, Problem, shown, size_text
from cyberplan.engine.inputs.cells import scalar_from_text, unneutralise

ABOUT_SHEET = "About"
LISTS_SHEET = "Lists"
HEADER_MARK = "question id"   # the first header cell of the question table (column A, hidden)
COLUMNS = [HEADER_MARK, "outcome", "outcome title", "level", "question", "allowed", "answer"]
ANSWER_COL = COLUMNS.index("answer") + 1   # 1-based: G
ATTRIBUTES = [("id", "entity id (required)"), ("name", "name"), ("sector", "sector"),
              ("criticality", "criticality (1..5)"), ("size_factor", "size factor (scales entity costs)")]
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")


def sheet_title(eid: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", eid).strip("'") or "entity"
    base = base[:31]
    if base.lower() in {ABOUT_SHEET.lower(), LISTS_SHEET.lower()}:
        base = (base + "_")[:31]
    title, n = base, 2
    while title.lower() in used:
        suffix = f"~{n}"
        title = base[:31 - len(suffix)] + suffix
        n += 1
    used.add(title.lower())
    return title


# --------------------------------------------------------------------------- reading back

MAX_WORKBOOK_BYTES = 256 * 1024 * 1024   # the parts of the .xlsx (a zip) once uncompressed
MAX_SHARED_TEXT_BYTES = 32 * 1024 * 1024  # the workbook's table of texts, which is read whole
MAX_SHEET_BYTES = 16 * 1024 * 1024        # one sheet uncompressed (NIST CSF 2.0's questionnaire: 0.35 MB)
MAX_SHEET_ROWS = 20_000                   # rows read per sheet: one per question, plus a few
MAX_COLUMNS = 20                          # columns read per row (the layout has seven)


def _scalar(v: Any) -> Any:
    """A cell's value as an answer: Excel booleans and text true/false as booleans, whole floats
    as ints, numeric text as numbers (`scalar_from_text`), dates as ISO dates; blank text as None."""
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() and abs(v) < 1e15 else v
    if isinstance(v, int):
        return v
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time(0) else v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    return scalar_from_text(str(v))


def _text(v: Any) -> str | None:
    """An id cell as text (a number typed as an id stays the id it reads as)."""
    if v is None:
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    s = unneutralise(str(v).strip())
    return s or None


def _check_parts(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts expand far beyond the file (a zip bomb), by the sizes its
    zip directory declares; the zip reader stops at the declared size, so they bound the work."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(f"not a readable .xlsx workbook (not a zip file: {e})", file=name) from None
    total = sum(i.file_size for i in infos)
    if total > MAX_WORKBOOK_BYTES:
        raise InputError(f"the workbook expands to {size_text(total)} of data; the limit is "
                         f"{size_text(MAX_WORKBOOK_BYTES)} (split the entities over several workbooks, or use CSV)",
                         file=name)
    for i in infos:
        # a sheet without a size record is scanned whole before its first row can be read
        if i.filename.lower().startswith("xl/worksheets/") and i.file_size > MAX_SHEET_BYTES:
            raise InputError(f"the workbook part {i.filename} (a sheet) expands to {size_text(i.file_size)}; "
                             f"the limit is {size_text(MAX_SHEET_BYTES)} a sheet (a questionnaire sheet of "
                             "1,000 questions takes under 1 MB)", file=name)
    texts = sum(i.file_size for i in infos if i.filename.lower().endswith("sharedstrings.xml"))
    if texts > MAX_SHARED_TEXT_BYTES:
        raise InputError(f"the workbook's texts take {size_text(texts)}; the limit is "
                         f"{size_text(MAX_SHARED_TEXT_BYTES)}", file=name)


class _Sheets:
    """The workbook's sheets, each read as a grid of values (row 1 first), streaming, with at most
    MAX_SHEET_ROWS rows and MAX_COLUMNS columns. A formula's value is the one the spreadsheet saved
    with it; a formula saved without one (a file written by a program that does not calculate)
    is an error at its cell, not a silently blank answer."""

    def __init__(self, data: bytes, name: str):
        from openpyxl import load_workbook
        self.data, self.name = data, name
        try:
            self.formulas = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception as e:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike
            raise InputError(f"not a readable .xlsx workbook ({type(e).__name__}: {shown(str(e))})",
                             file=name) from None
        self._values = None
        self.titles = list(self.formulas.sheetnames)

    def _cached(self):
        from openpyxl import load_workbook
        if self._values is None:
            self._values = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
        return self._values

    def _rows(self, book, title: str, max_row: int, max_col: int):
        try:
            yield from book[title].iter_rows(min_row=1, max_row=max_row, max_col=max_col)
        except InputError:
            raise
        except Exception as e:  # noqa: BLE001 - XML and openpyxl errors inside a sheet
            raise InputError(f"sheet {title!r} cannot be read ({type(e).__name__}: {shown(str(e))})",
                             file=self.name) from None

    def grid(self, title: str, max_row: int | None = None, max_col: int = MAX_COLUMNS) -> list[list[Any]]:
        from openpyxl.utils import get_column_letter
        max_row = MAX_SHEET_ROWS if max_row is None else max_row
        grid: list[list[Any]] = []
        formulas: list[tuple[int, int]] = []
        for r, row in enumerate(self._rows(self.formulas, title, max_row + 1, max_col), start=1):
            if r > max_row:
                raise InputError(f"sheet {title!r} has more than {max_row:,} rows; a questionnaire sheet has one "
                                 "row per question (a workbook holds at most that many)", file=self.name)
            values = []
            for c, cell in enumerate(row):
                v = cell.value
                if getattr(cell, "data_type", None) == "f" or type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
                    formulas.append((r, c))
                    v = None
                values.append(v)
            grid.append(values)
        if formulas:
            saved = {}
            wanted = set(formulas)
            for r, row in enumerate(self._rows(self._cached(), title, max(r for r, _ in formulas), max_col), start=1):
                for c, cell in enumerate(row):
                    if (r, c) in wanted:
                        saved[r, c] = cell.value
            for r, c in formulas:
                if saved.get((r, c)) is None:
                    raise InputError("a formula saved without its value (the file was not calculated by a "
                                     "spreadsheet): type the value, or open and save the file in Excel or LibreOffice",
                                     file=self.name, path=f"sheet {title!r} cell {get_column_letter(c + 1)}{r}")
                grid[r - 1][c] = saved[r, c]
        return grid


def read_answers_workbook(path: str | Path):
    """A questionnaire workbook (as written by `questionnaire_workbook`, then filled in) as a
    `Document` in the answers format of SPEC §3.3."""
    from openpyxl.utils import get_column_letter

    from cyberplan.engine.inputs.document import Document
    from cyberplan.engine.inputs.read import read_bytes
    p = Path(path)
    name = str(p)
    raw = read_bytes(p)
    _check_parts(raw, name)
    wb = _Sheets(raw, name)

    def problem(sheet: str, cell: str, msg: str) -> Problem:
        return Problem(msg, file=name, path=f"sheet {sheet!r} cell {cell}")

    def at(grid: list[list[Any]], r: int, c: int) -> Any:
        row = grid[r - 1] if r - 1 < len(grid) else []
        return row[c - 1] if c - 1 < len(row) else None

    data: dict[str, Any] = {}
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    if ABOUT_SHEET in wb.titles:
        grid = wb.grid(ABOUT_SHEET, max_row=40, max_col=2)
        for r in range(1, len(grid) + 1):
            key = at(grid, r, 1)
            if isinstance(key, str) and key.strip() in ("framework", "ruleset", "assessed", "title"):
                v = _scalar(at(grid, r, 2))
                if v is not None:
                    data[key.strip()] = v if key.strip() != "framework" or isinstance(v, str) else str(v)
                    lines[(key.strip(),)] = r
    entities: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for title in wb.titles:
        if title in (ABOUT_SHEET, LISTS_SHEET):
            continue
        grid = wb.grid(title)
        header_row = None
        attrs: dict[str, Any] = {}
        attr_rows: dict[str, int] = {}
        for r in range(1, min(len(grid), 60) + 1):
            key = at(grid, r, 1)
            if key == HEADER_MARK:
                header_row = r
                break
            if isinstance(key, str) and key.strip() in dict(ATTRIBUTES):
                v = _text(at(grid, r, 3)) if key.strip() == "id" else _scalar(at(grid, r, 3))
                if v is not None:
                    attrs[key.strip()] = v
                    attr_rows[key.strip()] = r
        if header_row is None:
            if not any(v is not None for row in grid for v in row):
                continue   # an empty sheet someone added
            problems.append(problem(title, "A1", f"not a questionnaire sheet: no header row starting with "
                                                 f"{HEADER_MARK!r} in column A (the hidden column); "
                                                 "fill in the workbook `cyberplan questionnaire --format xlsx` "
                                                 "writes"))
            continue
        headers = grid[header_row - 1]
        try:
            ans_col = headers.index("answer") + 1
        except ValueError:
            problems.append(problem(title, f"A{header_row}", "the header row has no 'answer' column"))
            continue
        eid = attrs.get("id")
        if eid is None:
            problems.append(problem(title, f"C{attr_rows.get('id', 2)}", "the entity id is empty"))
            continue
        eid = str(eid)
        if eid in seen:
            problems.append(problem(title, f"C{attr_rows['id']}",
                                    f"entity id {shown(eid)} is also used on sheet {seen[eid]!r}"))
            continue
        seen[eid] = title
        index = len(entities)
        entity: dict[str, Any] = {"id": eid}
        for key, _ in ATTRIBUTES[1:]:
            if key in attrs:
                v = attrs[key]
                entity[key] = str(v) if key in ("name", "sector") else v
                lines[("entities", index, key)] = attr_rows[key]
        lines[("entities", index)] = attr_rows.get("id", 2)
        lines[("entities", index, "id")] = attr_rows.get("id", 2)
        answers: dict[str, Any] = {}
        asked: set[str] = set()
        for r in range(header_row + 1, len(grid) + 1):
            qid = _text(at(grid, r, 1))
            value = _scalar(at(grid, r, ans_col))
            cell = f"{get_column_letter(ans_col)}{r}"
            if qid is None:
                if value is not None:
                    problems.append(problem(title, cell, "an answer on a row without a question id (column A, hidden)"))
                continue
            if qid in asked:
                problems.append(problem(title, f"A{r}", f"question {shown(qid)} appears twice"))
                continue
            asked.add(qid)
            lines[("entities", index, "answers", qid)] = r
            if value is not None:
                answers[qid] = value
        entity["answers"] = answers
        lines[("entities", index, "answers")] = header_row
        entities.append(entity)
    if problems:
        raise InputError(problems)
    if not entities:
        raise InputError("the workbook has no entity sheets", file=name)
    data["entities"] = entities
    return Document(name, data, lines)
