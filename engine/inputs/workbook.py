"""Reading a questionnaire workbook back (openpyxl): the layout `render.xlsx` writes, and
`read_answers_workbook(path)`, which turns a filled-in workbook into the answers format (SPEC
§3.3) as a `Document`, with the row of every answer in `lines`; a malformed workbook is an
`InputError` naming the sheet and cell.
"""
from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError, Problem

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


def read_answers_workbook(path: str | Path):
    """A questionnaire workbook (as written by `questionnaire_workbook`, then filled in) as a
    `Document` in the answers format of SPEC §3.3."""
    from cyberplan.engine.inputs.document import MAX_FILE_BYTES, Document
    p = Path(path)
    name = str(p)
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError("file not found", file=name) from None
    if size > MAX_FILE_BYTES:
        raise InputError(f"the file is {size / 1e6:.0f} MB; the limit is {MAX_FILE_BYTES / 1e6:.0f} MB", file=name)
    from openpyxl import load_workbook
    try:
        wb = load_workbook(p, data_only=True)
    except Exception as e:  # noqa: BLE001 - zipfile, XML and openpyxl errors alike
        raise InputError(f"not a readable .xlsx workbook ({type(e).__name__}: {e})", file=name) from None

    def problem(sheet: str, cell: str, msg: str) -> Problem:
        return Problem(msg, file=name, path=f"sheet {sheet!r} cell {cell}")

    data: dict[str, Any] = {}
    lines: dict[tuple, int] = {}
    problems: list[Problem] = []
    if ABOUT_SHEET in wb.sheetnames:
        ws = wb[ABOUT_SHEET]
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 40), max_col=2):
            key = row[0].value
            if isinstance(key, str) and key.strip() in ("framework", "ruleset", "assessed", "title"):
                v = _scalar(row[1].value)
                if v is not None:
                    data[key.strip()] = v if key.strip() != "framework" or isinstance(v, str) else str(v)
                    lines[(key.strip(),)] = row[0].row
    entities: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for ws in wb.worksheets:
        if ws.title in (ABOUT_SHEET, LISTS_SHEET):
            continue
        header_row = None
        attrs: dict[str, Any] = {}
        attr_rows: dict[str, int] = {}
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 60), max_col=3):
            key = row[0].value
            if key == HEADER_MARK:
                header_row = row[0].row
                break
            if isinstance(key, str) and key.strip() in dict(ATTRIBUTES):
                v = _scalar(row[2].value)
                if v is not None:
                    attrs[key.strip()] = v
                    attr_rows[key.strip()] = row[0].row
        if header_row is None:
            if ws.max_row <= 1 and ws["A1"].value is None:
                continue   # an empty sheet someone added
            problems.append(problem(ws.title, "A1", f"not a questionnaire sheet: no header row starting with "
                                                    f"{HEADER_MARK!r} in column A (the hidden column); "
                                                    "fill in the workbook `cyberplan questionnaire --format xlsx` "
                                                    "writes"))
            continue
        headers = [c.value for c in ws[header_row]]
        try:
            ans_col = headers.index("answer") + 1
        except ValueError:
            problems.append(problem(ws.title, f"A{header_row}", "the header row has no 'answer' column"))
            continue
        eid = attrs.get("id")
        if eid is None:
            problems.append(problem(ws.title, f"C{attr_rows.get('id', 2)}", "the entity id is empty"))
            continue
        eid = str(eid)
        if eid in seen:
            problems.append(problem(ws.title, f"C{attr_rows['id']}",
                                    f"entity id {eid!r} is also used on sheet {seen[eid]!r}"))
            continue
        seen[eid] = ws.title
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
        for row in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row):
            qid = row[0].value
            cell = row[ans_col - 1] if len(row) >= ans_col else None
            value = _scalar(cell.value) if cell is not None else None
            if qid is None or (isinstance(qid, str) and not qid.strip()):
                if value is not None:
                    problems.append(problem(ws.title, cell.coordinate, "an answer on a row without a question id "
                                                                       "(column A, hidden)"))
                continue
            qid = str(qid).strip()
            if qid in answers:
                problems.append(problem(ws.title, f"A{row[0].row}", f"question {qid!r} appears twice"))
                continue
            lines[("entities", index, "answers", qid)] = row[0].row
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
