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
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError, Problem

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
    as ints, numeric text as numbers, dates as ISO dates; blank text as None."""
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, float):
        return int(v) if v.is_integer() else v
    if isinstance(v, int):
        return v
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time(0) else v.isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    s = str(v).strip()
    if not s:
        return None
    if s.lower() in ("true", "false"):
        return s.lower() == "true"
    try:
        return int(s)
    except ValueError:
        pass
    try:
        f = float(s)
        if f == f and f not in (float("inf"), float("-inf")):
            return f
    except ValueError:
        pass
    return s


def _note(v: Any) -> str | None:
    """Evidence and comment cells are text, whatever the cell's type."""
    v = _scalar(v)
    if v is None:
        return None
    return v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v)


def _is_formula(cell) -> bool:
    if cell is None:
        return False
    if cell.data_type == "f":
        return True
    return type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula")


def _formula_text(cell) -> str:
    v = cell.value
    return v if isinstance(v, str) else str(getattr(v, "text", v))


def parse_workbook(path: str | Path) -> WorkbookContent:
    """Everything a questionnaire workbook holds, with its problems listed (see the module)."""
    from cyberplan.engine.inputs.document import MAX_FILE_BYTES
    p = Path(path)
    name = str(p)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    if p.is_dir():
        raise InputError("expected a file, found a directory", file=name)
    if size > MAX_FILE_BYTES:
        raise InputError(f"the file is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB", file=name)
    from openpyxl import load_workbook
    try:
        wb = load_workbook(p)   # formulas as written; their saved values are read below when there are any
    except Exception as e:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike
        raise InputError(f"not a readable .xlsx workbook ({type(e).__name__}: {e})", file=name) from None
    out = WorkbookContent(name)
    saved: Any = None   # the same workbook with the values saved with its formulas, loaded when needed

    def value(ws, cell, what: str) -> Any:
        """A cell's value; a formula's saved value (recorded, and a problem when it has none)."""
        nonlocal saved
        if not _is_formula(cell):
            return cell.value
        if saved is None:
            saved = load_workbook(p, data_only=True)
        v = saved[ws.title][cell.coordinate].value
        out.formulas.append(FormulaCell(ws.title, cell.coordinate, _formula_text(cell), v, what))
        if v is None:
            out.problem(f"sheet {ws.title!r} cell {cell.coordinate}",
                        f"{what} is a formula ({_formula_text(cell)}) saved without a value; open the workbook in "
                        "a spreadsheet program and save it, or type the value itself")
        return v

    if ABOUT_SHEET in wb.sheetnames:
        ws = wb[ABOUT_SHEET]
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60), max_col=2):
            key = row[0].value
            if isinstance(key, str) and key.strip() in META and key.strip() not in out.meta:
                k = key.strip()
                v = _scalar(value(ws, row[1], f"the {k}"))
                if v is not None:
                    out.meta[k] = str(v) if k in ("framework", "framework version", "ruleset", "title") else v
                    out.meta_rows[k] = row[0].row
    seen: dict[str, str] = {}
    for ws in wb.worksheets:
        if ws.title in (ABOUT_SHEET, LISTS_SHEET):
            continue
        ent = _parse_sheet(ws, out, value)
        if ent is None:
            continue
        eid = ent.id
        if eid is None:
            out.problem(f"sheet {ws.title!r} cell C{ent.attribute_rows.get('id', 2)}", "the entity id is empty")
            continue
        if eid in seen:
            out.problem(f"sheet {ws.title!r} cell C{ent.attribute_rows['id']}",
                        f"entity id {eid!r} is also used on sheet {seen[eid]!r}")
            continue
        seen[eid] = ws.title
        out.entities.append(ent)
    if not out.entities and not out.problems:
        out.problem(None, "the workbook has no entity sheets")
    return out


def _parse_sheet(ws, out: WorkbookContent, value) -> SheetEntity | None:
    header_row = None
    attrs: dict[str, Any] = {}
    attr_rows: dict[str, int] = {}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60), max_col=3):
        key = row[0].value
        if key == HEADER_MARK:
            header_row = row[0].row
            break
        if isinstance(key, str) and key.strip() in dict(ATTRIBUTES):
            v = _scalar(value(ws, row[2], f"the attribute {key.strip()}"))
            attr_rows[key.strip()] = row[0].row
            if v is not None:
                attrs[key.strip()] = v
    if header_row is None:
        if ws.max_row <= 1 and ws["A1"].value is None:
            return None   # an empty sheet someone added
        out.problem(f"sheet {ws.title!r} cell A1", f"not a questionnaire sheet: no header row starting with "
                                                   f"{HEADER_MARK!r} in column A (the hidden column); fill in the "
                                                   "workbook `cyberplan questionnaire --format xlsx` writes")
        return None
    headers = [c.value for c in ws[header_row]]
    cols = {h: i + 1 for i, h in enumerate(headers) if isinstance(h, str)}
    if "answer" not in cols:
        out.problem(f"sheet {ws.title!r} cell A{header_row}", "the header row has no 'answer' column")
        return None
    ent = SheetEntity(ws.title, attrs, attr_rows, header_row)
    ans_col, ev_col, com_col, text_col = (cols.get(k) for k in ("answer", "evidence", "comment", "question"))
    for row in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row):
        qid = row[0].value

        def cell(col):
            return row[col - 1] if col is not None and len(row) >= col else None
        ans = cell(ans_col)
        if qid is None or (isinstance(qid, str) and not qid.strip()):
            stray = [c for c in (ans, cell(ev_col), cell(com_col)) if c is not None and c.value not in (None, "")]
            if stray:
                out.problem(f"sheet {ws.title!r} cell {stray[0].coordinate}",
                            "an entry on a row without a question id (column A, hidden)")
            continue
        qid = str(qid).strip()
        if qid in ent.rows:
            out.problem(f"sheet {ws.title!r} cell A{row[0].row}", f"question {qid!r} appears twice")
            continue
        ent.rows[qid] = row[0].row
        text = cell(text_col)
        if text is not None and text.value is not None:
            ent.texts[qid] = " ".join(str(text.value).split())
        v = _scalar(value(ws, ans, f"the answer to {qid}")) if ans is not None else None
        if v is not None:
            ent.answers[qid] = v
        for col, store, what in ((ev_col, ent.evidence, "evidence"), (com_col, ent.comments, "comment")):
            c = cell(col)
            if c is not None:
                note = _note(value(ws, c, f"the {what} on {qid}"))
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
