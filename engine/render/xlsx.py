"""Excel out (openpyxl).

* `questionnaire_workbook(fw, entity_ids, ruleset_id)`: a workbook an analyst fills in. An
  "About" sheet holds the instructions in plain words, the framework, its version, the ruleset and
  the assessment date; then one sheet per entity with the entity's attributes at the top and one
  row per question: the question text, the outcome and level it evidences, what is allowed, the
  answer cell with a drop-down (choices, booleans) or a range check (scales, numbers) that also
  takes `unknown`, and an evidence and a comment cell. The question-id column is hidden and the
  sheets are protected (no password) so that only the yellow cells can be edited. It is read back
  by `cyberplan.engine.inputs.workbook`.
* `tables_workbook(out)`: any `Output`'s tables as a workbook, one sheet per table (the action
  list and the spend table of a plan, the heat map of a gap report, ...).
"""
from __future__ import annotations

import datetime as _dt
import io
from typing import Any

from cyberplan.engine.inputs.cells import neutralise
from cyberplan.engine.inputs.workbook import (
    ABOUT_SHEET,
    ANSWER_COL,
    ATTRIBUTES,
    COLUMNS,
    COMMENT_COL,
    EVIDENCE_COL,
    LISTS_SHEET,
    QUESTION_COL,
    sheet_title,
)
from cyberplan.engine.models.questions import UNKNOWN

# --------------------------------------------------------------------------- questionnaire

def instructions(fw, entity_ids: list[str]) -> list[str]:
    """What the respondent is asked to do, in plain words (the About sheet shows them)."""
    who = (f"This workbook is for {entity_ids[0]}." if len(entity_ids) == 1 else
           f"This workbook has one sheet for each of: {', '.join(entity_ids)}.")
    return [
        f"{who} It asks about {fw.title}. Fill in the yellow cells only.",
        "Check the organisation's name, sector, criticality and size at the top of its sheet.",
        "Answer every question: pick an answer from the drop-down list, or type a number in the range shown. "
        "If nobody knows the answer, choose 'unknown'. Leave an answer blank only when the question was not looked "
        "at: blank and unknown are both counted as not known, never as 'no'.",
        "In the 'evidence' column say what shows the answer is right: a document, a report, a ticket number.",
        "Use the 'comment' column for anything the reviewers should know about the answer.",
        "Do not change the question texts, add, move or delete rows, or rename the sheets: the answers are matched "
        "to the questions by a hidden id, and a changed question text is reported back to you as a conflict.",
        "Type values rather than formulas: a formula saved without its value cannot be read.",
        "Write the date the answers were given below, as YYYY-MM-DD (for example 2026-11-01).",
        "Save the file as it is (.xlsx) and send it back.",
    ]


def questionnaire_workbook(fw, entity_ids: list[str], ruleset_id: str | None, lang: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import MultiCellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    entity_ids = list(entity_ids) or ["example"]
    wb = Workbook()
    about = wb.active
    about.title = ABOUT_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")   # cells to fill in
    head_fill = PatternFill("solid", fgColor="DDE3EA")
    wrap = Alignment(wrap_text=True, vertical="top")
    about["A1"] = f"Questionnaire: {fw.title} ({fw.id})"
    about["A1"].font = Font(bold=True, size=14)
    about["A2"] = "How to fill it in"
    about["A2"].font = bold
    row = 3
    for n, step in enumerate(instructions(fw, entity_ids), start=1):
        _put(about.cell(row=row, column=1), f"{n}.").alignment = wrap
        c = about.cell(row=row, column=2)
        _put(c, step)
        c.alignment = wrap
        about.merge_cells(start_row=row, start_column=2, end_row=row, end_column=4)
        about.row_dimensions[row].height = 15 * (1 + len(step) // 95)
        row += 1
    row += 1
    meta = [("framework", fw.id), ("framework version", fw.version), ("ruleset", ruleset_id or ""),
            ("assessed", None), ("title", None)]
    for k, v in meta:
        _put(about.cell(row=row, column=1), k).font = bold
        c = _put(about.cell(row=row, column=2), v)
        if k in ("assessed", "title"):
            c.fill = fill
            c.protection = Protection(locked=False)
        if k == "assessed":
            c.number_format = "yyyy-mm-dd"
        row += 1
    row += 1
    about.cell(row=row, column=1, value="levels").font = bold
    for i, lv in enumerate(fw.levels, start=row + 1):
        about.cell(row=i, column=1, value=lv.value)
        _put(about.cell(row=i, column=2), fw.level_name(lv.value, lang))
    about.column_dimensions["A"].width = 18
    about.column_dimensions["B"].width = 40
    about.column_dimensions["C"].width = 30
    about.column_dimensions["D"].width = 30

    # option lists too long for an inline list formula live on a hidden sheet
    lists = None
    list_ranges: dict[tuple, str] = {}

    def choice_formula(options: list[str]) -> str:
        nonlocal lists
        inline = ",".join(options)
        if len(inline) <= 250 and not any(("," in o or '"' in o) for o in options):
            return f'"{inline}"'
        key = tuple(options)
        if key not in list_ranges:
            if lists is None:
                lists = wb.create_sheet(LISTS_SHEET)
                lists.sheet_state = "hidden"
            col = len(list_ranges) + 1
            for r, o in enumerate(options, start=1):
                _put(lists.cell(row=r, column=col), o)
            letter = get_column_letter(col)
            list_ranges[key] = f"{LISTS_SHEET}!${letter}$1:${letter}${len(options)}"
        return list_ranges[key]

    used: set[str] = {ABOUT_SHEET.lower(), LISTS_SHEET.lower()}
    for eid in entity_ids:
        ws = wb.create_sheet(sheet_title(eid, used))
        _put(ws["A1"], f"{fw.title}: answers for one entity")
        ws["A1"].font = Font(bold=True, size=13)
        for r, (key, label) in enumerate(ATTRIBUTES, start=2):
            _put(ws.cell(row=r, column=1), key)
            _put(ws.cell(row=r, column=2), label).font = bold
            c = _put(ws.cell(row=r, column=3), {"id": eid, "criticality": 3, "size_factor": 1}.get(key))
            c.fill = fill
            c.protection = Protection(locked=False)
        crit = DataValidation(type="whole", operator="between", formula1="1", formula2="5", allow_blank=True,
                              showErrorMessage=True, error="criticality is a whole number from 1 to 5")
        size = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True,
                              showErrorMessage=True, error="the size factor is a number above 0")
        ws.add_data_validation(crit)
        ws.add_data_validation(size)
        crit.add("C5")
        size.add("C6")
        header_row = len(ATTRIBUTES) + 3
        for c, name in enumerate(COLUMNS, start=1):
            cell = _put(ws.cell(row=header_row, column=c), name)
            cell.font = bold
            cell.fill = head_fill
        validations: dict[tuple, DataValidation] = {}
        covered: dict[int, list[str]] = {}   # id(validation) -> its cells, set once (adding cells one by one is slow)

        def validation_for(q, coordinate: str) -> DataValidation:
            """One validation per kind of answer cell; `coordinate` is the first cell it covers
            (the cells follow in rows below it, which a number rule's formula refers to)."""
            rule = q.cell_rule()
            key = (rule.kind, rule.options, rule.operator, rule.low, rule.high)
            if key not in validations:
                if rule.kind == "list":
                    dv = DataValidation(type="list", formula1=choice_formula(list(rule.options) + [UNKNOWN]),
                                        allow_blank=True, showErrorMessage=True,
                                        error=rule.error + ", or unknown")
                else:
                    dv = DataValidation(type="custom", formula1=number_or_unknown(rule, coordinate),
                                        allow_blank=True, showErrorMessage=True, error=rule.error + ", or unknown")
                dv.promptTitle = "answer"
                ws.add_data_validation(dv)
                validations[key] = dv
            return validations[key]

        for r, q in enumerate(fw.questions, start=header_row + 1):
            node = fw.nodes.get(q.outcome)
            _put(ws.cell(row=r, column=1), q.id)
            _put(ws.cell(row=r, column=2), q.outcome)
            _put(ws.cell(row=r, column=3), node.title_in(lang) if node else "")
            ws.cell(row=r, column=4, value=q.level)
            _put(ws.cell(row=r, column=QUESTION_COL), " ".join(q.text_in(lang).split()))
            ws.cell(row=r, column=QUESTION_COL).alignment = wrap
            _put(ws.cell(row=r, column=6), f"{q.allowed()}, or unknown")
            ws.cell(row=r, column=6).alignment = wrap
            ans = ws.cell(row=r, column=ANSWER_COL)
            dv = validation_for(q, ans.coordinate)
            covered.setdefault(id(dv), []).append(ans.coordinate)
            for col in (ANSWER_COL, EVIDENCE_COL, COMMENT_COL):
                c = ws.cell(row=r, column=col)
                c.fill = fill
                c.protection = Protection(locked=False)
                if col != ANSWER_COL:
                    c.alignment = wrap
                    c.number_format = "@"   # text: a reference such as 2026/14 stays as typed
        for dv in validations.values():
            dv.sqref = MultiCellRange(" ".join(covered[id(dv)]))
        ws.column_dimensions["A"].hidden = True
        widths = {"B": 14, "C": 34, "D": 7, "E": 70, "F": 28, "G": 16, "H": 40, "I": 40}
        for col, w in widths.items():
            ws.column_dimensions[col].width = w
        ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
        ws.protection.sheet = True              # no password: a user who must can unprotect
        ws.protection.formatColumns = False     # widths may still be changed
        ws.protection.formatRows = False
        ws.protection.autoFilter = False
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def number_or_unknown(rule, c: str) -> str:
    """A custom validation formula: a number within the rule's range, or the word unknown. It is
    written for the first cell it covers (`c`); the spreadsheet shifts it for the cells below."""
    checks = [f"ISNUMBER({c})"]
    if rule.operator == "between" and abs(rule.low) < 1e299:
        checks += [f"{c}>={rule.low:g}", f"{c}<={rule.high:g}"]
    elif rule.operator == "greaterThanOrEqual":
        checks.append(f"{c}>={rule.low:g}")
    elif rule.operator == "lessThanOrEqual":
        checks.append(f"{c}<={rule.low:g}")
    return f'OR(AND({",".join(checks)}),LOWER(TRIM({c}))="{UNKNOWN}")'


# --------------------------------------------------------------------------- any output's tables

def tables_workbook(out) -> bytes:
    """Every table of an Output on its own sheet (header bold and frozen, money formatted), and the
    notes on a last sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    wb.remove(wb.active)
    used: set[str] = set()
    head_fill = PatternFill("solid", fgColor="DDE3EA")
    for table in out.tables:
        ws = wb.create_sheet(sheet_title(table.name or table.title or "table", used))
        _put(ws.cell(row=1, column=1), table.title)
        ws["A1"].font = Font(bold=True, size=12)
        for c, col in enumerate(table.columns, start=1):
            _put(ws.cell(row=2, column=c), col)
        for c in ws[2]:
            c.font = Font(bold=True)
            c.fill = head_fill
        for r, row in enumerate(table.rows, start=3):
            for c, v in enumerate(row, start=1):
                _put(ws.cell(row=r, column=c), _excel_value(v))
        for i, col in enumerate(table.columns, start=1):
            letter = get_column_letter(i)
            width = max([len(str(col))] + [len(str(r[i - 1])) for r in table.rows[:200] if i - 1 < len(r)
                                           and r[i - 1] is not None])
            ws.column_dimensions[letter].width = min(max(8, width + 2), 80)
            if table.styles.get(col) == "money":
                for r in range(3, len(table.rows) + 3):
                    ws.cell(row=r, column=i).number_format = "#,##0"
            if col in ("why", "reason", "finding", "title"):
                for r in range(3, len(table.rows) + 3):
                    ws.cell(row=r, column=i).alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A3"
        if table.rows:
            ws.auto_filter.ref = f"A2:{get_column_letter(len(table.columns))}{len(table.rows) + 2}"
    if out.notes or not out.tables:
        ws = wb.create_sheet(sheet_title("notes", used))
        _put(ws.cell(row=1, column=1), "notes")
        ws["A1"].font = Font(bold=True)
        for r, n in enumerate(out.notes, start=2):
            _put(ws.cell(row=r, column=1), n)
        ws.column_dimensions["A"].width = 120
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _put(cell, value: Any):
    """Set a cell; text is always text. A string cell is never a formula (openpyxl would take
    "=..." for one), and text that starts like a formula also carries Excel's quote prefix: the
    leading apostrophe OWASP advises, which Excel records as this flag when a person types it, so
    that editing the cell keeps it text. The text itself is unchanged, so ids read back as written."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if neutralise(value) != value:
            cell.quotePrefix = True
    return cell


def _excel_value(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, float, str, _dt.date, _dt.datetime)):
        return v
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return str(v)
