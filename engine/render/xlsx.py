"""Excel out (openpyxl).

* `questionnaire_workbook(fw, entity_ids, ruleset_id)`: a workbook an analyst fills in. An
  "About" sheet holds the framework, ruleset and assessment date; then one sheet per entity with
  the entity's attributes at the top and one row per question: the question text, the outcome and
  level it evidences, what is allowed, and the answer cell with a drop-down (choices, booleans) or
  a range check (scales, numbers). The question-id column is hidden and the sheets are protected
  (no password) so that only the answer and attribute cells can be edited. It is read back by
  `cyberplan.engine.inputs.workbook`.
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
    LISTS_SHEET,
    sheet_title,
)

# --------------------------------------------------------------------------- questionnaire

def questionnaire_workbook(fw, entity_ids: list[str], ruleset_id: str | None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    about = wb.active
    about.title = ABOUT_SHEET
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF4CC")   # cells to fill in
    head_fill = PatternFill("solid", fgColor="DDE3EA")
    about["A1"] = f"Questionnaire: {fw.title} ({fw.id})"
    about["A1"].font = Font(bold=True, size=14)
    about["A2"] = ("Fill in one sheet per entity: its attributes at the top, then the yellow answer cells "
                   "(pick from the drop-down or type a number in range). Leave a cell blank when unknown: "
                   "the question is reported as not assessed. Read it back with `cyberplan assess FILE.xlsx`.")
    about["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    about.merge_cells("A2:D2")
    about.row_dimensions[2].height = 60
    meta = [("framework", fw.id), ("ruleset", ruleset_id or ""), ("assessed", None), ("title", None)]
    for i, (k, v) in enumerate(meta, start=4):
        _put(about.cell(row=i, column=1), k).font = bold
        c = _put(about.cell(row=i, column=2), v)
        if k in ("assessed", "title"):
            c.fill = fill
        if k == "assessed":
            c.number_format = "yyyy-mm-dd"
    about.cell(row=9, column=1, value="levels").font = bold
    for i, lv in enumerate(fw.levels, start=10):
        about.cell(row=i, column=1, value=lv.value)
        _put(about.cell(row=i, column=2), lv.name)
    about.column_dimensions["A"].width = 14
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
    for eid in entity_ids or ["example"]:
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

        def validation_for(q) -> DataValidation | None:
            rule = q.cell_rule()
            key = (rule.kind, rule.options, rule.operator, rule.low, rule.high)
            if rule.kind == "list":
                make = lambda: DataValidation(type="list", formula1=choice_formula(list(rule.options)),  # noqa: E731
                                              allow_blank=True, showErrorMessage=True, error=rule.error)
            else:
                make = lambda: DataValidation(  # noqa: E731
                    type="decimal", operator=rule.operator, formula1=f"{rule.low:g}",
                    formula2=None if rule.high is None else f"{rule.high:g}", allow_blank=True,
                    showErrorMessage=True, error=rule.error)
            if key not in validations:
                dv = make()
                dv.promptTitle = "answer"
                ws.add_data_validation(dv)
                validations[key] = dv
            return validations[key]

        for r, q in enumerate(fw.questions, start=header_row + 1):
            node = fw.nodes.get(q.outcome)
            _put(ws.cell(row=r, column=1), q.id)
            _put(ws.cell(row=r, column=2), q.outcome)
            _put(ws.cell(row=r, column=3), node.title if node else "")
            ws.cell(row=r, column=4, value=q.level)
            _put(ws.cell(row=r, column=5), " ".join(q.text.split()))
            ws.cell(row=r, column=5).alignment = Alignment(wrap_text=True, vertical="top")
            _put(ws.cell(row=r, column=6), q.allowed())
            ans = ws.cell(row=r, column=ANSWER_COL)
            ans.fill = fill
            ans.protection = Protection(locked=False)
            validation_for(q).add(ans.coordinate)
        ws.column_dimensions["A"].hidden = True
        widths = {"B": 14, "C": 34, "D": 7, "E": 70, "F": 28, "G": 16}
        for col, w in widths.items():
            ws.column_dimensions[col].width = w
        ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
        ws.protection.sheet = True              # no password: a user who must can unprotect
        ws.protection.formatColumns = False     # widths may still be changed
        ws.protection.autoFilter = False
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


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
