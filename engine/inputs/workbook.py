"""Reading a questionnaire workbook back (openpyxl): the layout `render.xlsx` writes.

`parse_workbook(path)` reads everything a filled-in workbook holds — the About sheet's framework,
version, ruleset and date, each entity sheet's attributes, answers, evidence and comments, the
question text each row showed, and every formula cell — and lists what is wrong with it as
located problems (sheet and cell) instead of stopping at the first. `cyberplan collect` reports
from it; `read_answers_workbook(path)` turns it into the answers format (SPEC §3.3) as a
`Document`, with the row of every answer in `lines`, and raises on any problem.

A formula cell is read by the value the spreadsheet saved with it. A formula saved without a value
(a workbook written by a program that does not calculate) is never taken as blank: it is a problem
naming the cell, because the respondent meant to answer something.

A workbook is a zip of XML parts: it is read streaming, within stated limits (the MAX_ names below)
checked against the sizes its zip directory declares before anything is expanded, so that a zip
bomb or a sheet of a million rows is refused at once, in bounded memory.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError, Problem, shown, size_text
from cyberplan.engine.inputs.cells import scalar_from_text, unneutralise

ABOUT_SHEET = "About"
LISTS_SHEET = "Lists"
HEADER_MARK = "question id"   # the first header cell of the question table (column A, hidden)
COLUMNS = [HEADER_MARK, "outcome", "outcome title", "level", "question", "allowed", "answer", "evidence", "comment"]
ANSWER_COL = COLUMNS.index("answer") + 1       # 1-based: G
EVIDENCE_COL = COLUMNS.index("evidence") + 1   # H
COMMENT_COL = COLUMNS.index("comment") + 1     # I
QUESTION_COL = COLUMNS.index("question") + 1   # E
ATTRIBUTES = [("id", "entity id (required)"), ("name", "name"), ("sector", "sector"),
              ("criticality", "criticality (1..5)"), ("size_factor", "size factor (scales entity costs)")]
META = ("framework", "framework version", "ruleset", "assessed", "title")   # About sheet, column A -> B
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


# --------------------------------------------------------------------------- limits

MAX_WORKBOOK_BYTES = 256 * 1024 * 1024   # the parts of the .xlsx (a zip) once uncompressed
MAX_SHARED_TEXT_BYTES = 32 * 1024 * 1024  # the workbook's table of texts, which is read whole
MAX_SHEET_BYTES = 16 * 1024 * 1024        # one sheet uncompressed (NIST CSF 2.0's questionnaire: 0.35 MB)
MAX_SHEET_ROWS = 20_000                   # rows read per sheet: one per question, plus a few
MAX_COLUMNS = 20                          # columns read per row (the layout has seven)



# --------------------------------------------------------------------------- what a workbook holds

@dataclass
class FormulaCell:
    """A cell holding a formula where a value was expected."""
    sheet: str
    cell: str
    formula: str
    value: Any            # the value saved with it; None when the file holds none
    what: str             # "the answer to PR-1.q1", "the attribute criticality", "the date"

    @property
    def computed(self) -> bool:
        return self.value is not None


@dataclass
class SheetEntity:
    """One entity sheet as it was filled in."""
    sheet: str
    attributes: dict[str, Any]               # id, name, sector, criticality, size_factor (as typed)
    attribute_rows: dict[str, int]
    header_row: int
    answers: dict[str, Any] = field(default_factory=dict)       # question id -> cell value (blanks left out)
    evidence: dict[str, str] = field(default_factory=dict)
    comments: dict[str, str] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)          # question id -> row (every question row)
    texts: dict[str, str] = field(default_factory=dict)         # question id -> the question text shown

    @property
    def id(self) -> str | None:
        v = self.attributes.get("id")
        return None if v is None else str(v)

    def where(self, col: int, qid: str | None = None, row: int | None = None) -> str:
        from openpyxl.utils import get_column_letter
        return f"sheet {self.sheet!r} cell {get_column_letter(col)}{row if row is not None else self.rows[qid]}"


@dataclass
class WorkbookContent:
    path: str
    meta: dict[str, Any] = field(default_factory=dict)          # framework, framework version, ruleset, ...
    meta_rows: dict[str, int] = field(default_factory=dict)
    entities: list[SheetEntity] = field(default_factory=list)
    formulas: list[FormulaCell] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, where: str, msg: str) -> None:
        self.problems.append(Problem(msg, file=self.path, path=where))


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


def _note(v: Any) -> str | None:
    """Evidence and comment cells are text, whatever the cell's type."""
    v = _scalar(v)
    if v is None:
        return None
    return v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)


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


@dataclass(frozen=True)
class _Cell:
    """One cell as read: its value (a formula's saved value) and, for a formula, its text."""
    row: int
    col: int
    value: Any
    formula: str | None = None

    @property
    def coordinate(self) -> str:
        from openpyxl.utils import get_column_letter
        return f"{get_column_letter(self.col)}{self.row}"


class _Sheets:
    """The workbook's sheets, each read as a grid of cells (row 1 first), streaming, with at most
    MAX_SHEET_ROWS rows and MAX_COLUMNS columns. A formula's value is the one the spreadsheet saved
    with it (None when it saved none), read from a second pass only when a sheet has formulas."""

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

    def grid(self, title: str, max_row: int | None = None, max_col: int = MAX_COLUMNS) -> list[list[_Cell]]:
        max_row = MAX_SHEET_ROWS if max_row is None else max_row
        grid: list[list[_Cell]] = []
        formulas: list[tuple[int, int]] = []
        for r, row in enumerate(self._rows(self.formulas, title, max_row + 1, max_col), start=1):
            if r > max_row:
                raise InputError(f"sheet {title!r} has more than {max_row:,} rows; a questionnaire sheet has one "
                                 "row per question (a workbook holds at most that many)", file=self.name)
            cells = []
            for c, cell in enumerate(row, start=1):
                v = cell.value
                if getattr(cell, "data_type", None) == "f" or type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
                    formulas.append((r, c))
                    cells.append(_Cell(r, c, None, v if isinstance(v, str) else str(getattr(v, "text", v))))
                else:
                    cells.append(_Cell(r, c, v))
            grid.append(cells)
        if formulas:
            wanted = set(formulas)
            for r, row in enumerate(self._rows(self._cached(), title, max(r for r, _ in formulas), max_col), start=1):
                for c, cell in enumerate(row, start=1):
                    if (r, c) in wanted:
                        grid[r - 1][c - 1] = _Cell(r, c, cell.value, grid[r - 1][c - 1].formula)
        return grid


def _at(grid: list[list[_Cell]], r: int, c: int) -> _Cell | None:
    row = grid[r - 1] if 0 < r <= len(grid) else []
    return row[c - 1] if 0 < c <= len(row) else None


def parse_workbook(path: str | Path) -> WorkbookContent:
    """Everything a questionnaire workbook holds, with its problems listed (see the module)."""
    from cyberplan.engine.inputs.read import read_bytes
    p = Path(path)
    name = str(p)
    raw = read_bytes(p)
    _check_parts(raw, name)
    wb = _Sheets(raw, name)
    out = WorkbookContent(name)

    def value(sheet: str, cell: _Cell | None, what: str) -> Any:
        """A cell's value; a formula's saved value (recorded, and a problem when it has none)."""
        if cell is None:
            return None
        if cell.formula is None:
            return cell.value
        out.formulas.append(FormulaCell(sheet, cell.coordinate, cell.formula, cell.value, what))
        if cell.value is None:
            out.problem(f"sheet {sheet!r} cell {cell.coordinate}",
                        f"{what} is a formula ({cell.formula}) saved without a value; open the workbook in "
                        "a spreadsheet program and save it, or type the value itself")
        return cell.value

    if ABOUT_SHEET in wb.titles:
        grid = wb.grid(ABOUT_SHEET, max_row=60, max_col=2)
        for r in range(1, len(grid) + 1):
            key = getattr(_at(grid, r, 1), "value", None)
            if isinstance(key, str) and key.strip() in META and key.strip() not in out.meta:
                k = key.strip()
                v = _scalar(value(ABOUT_SHEET, _at(grid, r, 2), f"the {k}"))
                if v is not None:
                    out.meta[k] = str(v) if k in ("framework", "framework version", "ruleset", "title") else v
                    out.meta_rows[k] = r
    seen: dict[str, str] = {}
    for title in wb.titles:
        if title in (ABOUT_SHEET, LISTS_SHEET):
            continue
        ent = _parse_sheet(title, wb.grid(title), out, value)
        if ent is None:
            continue
        eid = ent.id
        if eid is None:
            out.problem(f"sheet {title!r} cell C{ent.attribute_rows.get('id', 2)}", "the entity id is empty")
            continue
        if eid in seen:
            out.problem(f"sheet {title!r} cell C{ent.attribute_rows['id']}",
                        f"entity id {shown(eid)} is also used on sheet {seen[eid]!r}")
            continue
        seen[eid] = title
        out.entities.append(ent)
    if not out.entities and not out.problems:
        out.problem(None, "the workbook has no entity sheets")
    return out


def _parse_sheet(title: str, grid: list[list[_Cell]], out: WorkbookContent, value) -> SheetEntity | None:
    header_row = None
    attrs: dict[str, Any] = {}
    attr_rows: dict[str, int] = {}
    for r in range(1, min(len(grid), 60) + 1):
        key = getattr(_at(grid, r, 1), "value", None)
        if key == HEADER_MARK:
            header_row = r
            break
        if isinstance(key, str) and key.strip() in dict(ATTRIBUTES):
            k = key.strip()
            v = value(title, _at(grid, r, 3), f"the attribute {k}")
            v = _text(v) if k == "id" else _scalar(v)
            attr_rows[k] = r
            if v is not None:
                attrs[k] = v
    if header_row is None:
        if not any(c.value is not None or c.formula for row in grid for c in row):
            return None   # an empty sheet someone added
        out.problem(f"sheet {title!r} cell A1", f"not a questionnaire sheet: no header row starting with "
                                                f"{HEADER_MARK!r} in column A (the hidden column); fill in the "
                                                "workbook `cyberplan questionnaire --format xlsx` writes")
        return None
    cols = {c.value: c.col for c in grid[header_row - 1] if isinstance(c.value, str)}
    if "answer" not in cols:
        out.problem(f"sheet {title!r} cell A{header_row}", "the header row has no 'answer' column")
        return None
    ent = SheetEntity(title, attrs, attr_rows, header_row)
    ans_col, ev_col, com_col, text_col = (cols.get(k) for k in ("answer", "evidence", "comment", "question"))
    for r in range(header_row + 1, len(grid) + 1):
        def cell(col: int | None) -> _Cell | None:
            return _at(grid, r, col) if col is not None else None
        qid = _text(getattr(cell(1), "value", None))
        ans = cell(ans_col)
        if qid is None:
            stray = [c for c in (ans, cell(ev_col), cell(com_col))
                     if c is not None and (c.formula or c.value not in (None, ""))]
            if stray:
                out.problem(f"sheet {title!r} cell {stray[0].coordinate}",
                            "an entry on a row without a question id (column A, hidden)")
            continue
        if qid in ent.rows:
            out.problem(f"sheet {title!r} cell A{r}", f"question {shown(qid)} appears twice")
            continue
        ent.rows[qid] = r
        text = cell(text_col)
        if text is not None and text.value is not None:
            ent.texts[qid] = " ".join(str(text.value).split())
        v = _scalar(value(title, ans, f"the answer to {qid}"))
        if v is not None:
            ent.answers[qid] = v
        for col, store, what in ((ev_col, ent.evidence, "evidence"), (com_col, ent.comments, "comment")):
            note = _note(value(title, cell(col), f"the {what} on {qid}"))
            if note is not None:
                store[qid] = note
    return ent


# --------------------------------------------------------------------------- as an answers file

def entity_data(ent: SheetEntity) -> dict[str, Any]:
    """An entity sheet in the answers format (SPEC §3.3)."""
    data: dict[str, Any] = {"id": ent.id}
    for key, _ in ATTRIBUTES[1:]:
        if key in ent.attributes:
            v = ent.attributes[key]
            data[key] = str(v) if key in ("name", "sector") else v
    data["answers"] = dict(ent.answers)
    if ent.evidence:
        data["evidence"] = dict(ent.evidence)
    if ent.comments:
        data["comments"] = dict(ent.comments)
    return data


def read_answers_workbook(path: str | Path):
    """A questionnaire workbook (as written by `questionnaire_workbook`, then filled in) as a
    `Document` in the answers format of SPEC §3.3."""
    from cyberplan.engine.inputs.document import Document
    content = parse_workbook(path)
    if content.problems:
        raise InputError(content.problems)
    data: dict[str, Any] = {}
    lines: dict[tuple, int] = {}
    for key in META:
        if key in content.meta:
            k = key.replace(" ", "_")
            data[k] = content.meta[key]
            lines[(k,)] = content.meta_rows[key]
    entities = []
    for index, ent in enumerate(content.entities):
        entities.append(entity_data(ent))
        for key, row in ent.attribute_rows.items():
            lines[("entities", index, key)] = row
        lines[("entities", index)] = ent.attribute_rows.get("id", 2)
        lines[("entities", index, "answers")] = ent.header_row
        for qid, row in ent.rows.items():
            for part in ("answers", "evidence", "comments"):
                lines[("entities", index, part, qid)] = row
    data["entities"] = entities
    return Document(content.path, data, lines)
