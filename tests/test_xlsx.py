"""Excel in and out: the questionnaire workbook, reading it back, and tables exported to xlsx."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.errors import InputError
from cyberplan.engine.inputs.read import read_document
from cyberplan.engine.inputs.resolve import load_inputs
from cyberplan.engine.inputs.workbook import ANSWER_COL, read_answers_workbook
from cyberplan.engine.render.xlsx import questionnaire_workbook, tables_workbook
from cyberplan.plugins.manager import registry

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture(scope="module")
def reg():
    return registry()


@pytest.fixture(scope="module")
def mini(reg):
    return load_inputs(MINI / "answers.yaml", reg)


def _rows_by_qid(ws):
    return {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}


def _sheet_of(wb, eid):
    for ws in wb.worksheets:
        if ws["A2"].value == "id" and ws["C2"].value == eid:
            return ws
    raise KeyError(eid)


def _fill(path: Path, answers_yaml: Path) -> None:
    """Fill a questionnaire workbook from an answers YAML, as an analyst would in Excel."""
    src = read_document(answers_yaml).data     # YAML 1.2 booleans: the option `no` stays text
    wb = openpyxl.load_workbook(path)
    about = wb["About"]
    for r in range(1, 20):
        if about.cell(row=r, column=1).value == "assessed":
            about.cell(row=r, column=2).value = src["assessed"]
    for ent in src["entities"]:
        ws = _sheet_of(wb, ent["id"])
        attrs = {ws.cell(row=r, column=1).value: r for r in range(2, 8)}
        for key in ("name", "sector", "criticality", "size_factor"):
            if key in ent:
                ws.cell(row=attrs[key], column=3).value = ent[key]
        rows = _rows_by_qid(ws)
        for qid, value in ent["answers"].items():
            # what Excel stores: the drop-down's text for choices and booleans, numbers for numbers
            ws.cell(row=rows[qid], column=ANSWER_COL).value = ("true" if value is True else "false"
                                                               if value is False else value)
    wb.save(path)


def test_round_trip_levels_equal_the_yaml_route(tmp_path, reg, mini):
    ids = [e.id for e in mini.assessment.entities]
    path = tmp_path / "answers.xlsx"
    path.write_bytes(questionnaire_workbook(mini.framework, ids, mini.ruleset.id))
    _fill(path, MINI / "answers.yaml")
    xin = load_inputs(path, reg, framework=str(MINI / "framework.yaml"), ruleset=str(MINI / "ruleset.yaml"))
    assert xin.assessment.entities[0].answers == mini.assessment.entities[0].answers
    assert str(xin.assessment.assessed) == "2026-11-01"
    assert xin.assessment.entities[1].size_factor == 2
    assert xin.assessment.entities[1].name == "Water utility"
    via_xlsx = assess(xin.ruleset, xin.assessment)
    via_yaml = assess(mini.ruleset, mini.assessment)
    assert [e.levels for e in via_xlsx.entities] == [e.levels for e in via_yaml.entities]
    assert [e.decided_by for e in via_xlsx.entities] == [e.decided_by for e in via_yaml.entities]
    assert [e.not_assessed for e in via_xlsx.entities] == [e.not_assessed for e in via_yaml.entities]
    # and the levels are not trivially equal: the two entities differ
    assert via_xlsx.entities[0].levels != via_xlsx.entities[1].levels


def test_workbook_has_dropdowns_ranges_hidden_ids_and_protection(mini, tmp_path):
    path = tmp_path / "q.xlsx"
    path.write_bytes(questionnaire_workbook(mini.framework, ["mof"], "mini/default"))
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[:2] == ["About", "mof"]
    ws = wb["mof"]
    rows = _rows_by_qid(ws)
    assert ws.column_dimensions["A"].hidden
    assert ws.protection.sheet
    answer = ws.cell(row=rows["PR-1.q1"], column=ANSWER_COL)
    assert answer.protection.locked is False
    assert ws.cell(row=rows["PR-1.q1"], column=5).protection.locked is not False   # the question text is locked
    header = [c.value for c in ws[rows["question id"]]]
    assert header == ["question id", "outcome", "outcome title", "level", "question", "allowed", "answer",
                      "evidence", "comment"]
    for col in (ANSWER_COL, ANSWER_COL + 1, ANSWER_COL + 2):     # answer, evidence and comment are editable
        assert ws.cell(row=rows["PR-1.q1"], column=col).protection.locked is False
    assert ws.cell(row=rows["PR-1.q3"], column=5).value == "Phishing-resistant MFA share (%)"
    assert ws.cell(row=rows["PR-1.q3"], column=4).value == 3
    assert ws.cell(row=rows["PR-1.q3"], column=2).value == "PR-1"

    def validation(qid):
        coord = ws.cell(row=rows[qid], column=ANSWER_COL).coordinate
        found = [dv for dv in ws.data_validations.dataValidation if coord in dv.sqref]
        assert len(found) == 1, qid
        return found[0]
    # every answer may also be `unknown`: in the drop-down, and in a number cell's own rule
    choice = validation("PR-1.q1")
    assert choice.type == "list" and choice.formula1 == '"no,partially,largely,fully,unknown"'
    boolean = validation("PR-1.q2")
    assert boolean.type == "list" and boolean.formula1 == '"true,false,unknown"'
    number = validation("PR-1.q3")
    g = ws.cell(row=rows["PR-1.q3"], column=ANSWER_COL).coordinate
    assert number.type == "custom"
    assert number.formula1 == f'OR(AND(ISNUMBER({g}),{g}>=0,{g}<=100),LOWER(TRIM({g}))="unknown")'
    scale = validation("PR-2.q2")
    g = ws.cell(row=rows["PR-2.q2"], column=ANSWER_COL).coordinate
    assert scale.formula1 == f'OR(AND(ISNUMBER({g}),{g}>=0,{g}<=4),LOWER(TRIM({g}))="unknown")'
    about = wb["About"]
    meta = {about.cell(row=r, column=1).value: about.cell(row=r, column=2).value for r in range(1, 40)}
    assert meta["framework"] == "mini" and meta["framework version"] == "1" and meta["ruleset"] == "mini/default"
    assert any("unknown" in str(v) for v in meta.values())      # the instructions say how to answer it


def test_long_option_lists_go_to_a_hidden_sheet(mini, tmp_path):
    q = mini.framework.question["PR-1.q1"]
    long_opts = [f"option number {i}, with a comma" for i in range(12)]
    fw = mini.framework.model_copy(deep=True)
    fw.questions = [q.model_copy(update={"options": long_opts})]
    path = tmp_path / "q.xlsx"
    path.write_bytes(questionnaire_workbook(fw, ["x"], None))
    wb = openpyxl.load_workbook(path)
    assert wb["Lists"].sheet_state == "hidden"
    dv = wb["x"].data_validations.dataValidation[-1]
    assert dv.formula1.startswith("Lists!$A$1:$A$13")
    assert [wb["Lists"].cell(row=i + 1, column=1).value for i in range(13)] == long_opts + ["unknown"]


def test_bad_answer_in_the_workbook_is_located(tmp_path, reg, mini):
    path = tmp_path / "a.xlsx"
    path.write_bytes(questionnaire_workbook(mini.framework, ["mof"], None))
    wb = openpyxl.load_workbook(path)
    ws = wb["mof"]
    row = _rows_by_qid(ws)["PR-1.q3"]
    ws.cell(row=row, column=ANSWER_COL).value = 150   # out of 0..100
    wb.save(path)
    inputs = load_inputs(path, reg, framework=str(MINI / "framework.yaml"), ruleset=str(MINI / "ruleset.yaml"))
    with pytest.raises(InputError) as err:
        assess(inputs.ruleset, inputs.assessment, file=inputs.answers_file, line_of=inputs.line_of)
    text = str(err.value)
    assert str(path) in text and f":{row}:" in text and "PR-1.q3" in text and "150" in text


def test_malformed_workbooks_name_sheet_and_cell(tmp_path, mini):
    path = tmp_path / "a.xlsx"
    path.write_bytes(questionnaire_workbook(mini.framework, ["mof", "wat"], None))
    wb = openpyxl.load_workbook(path)
    wb["wat"]["C2"].value = "mof"                     # the same entity twice
    stray = wb.create_sheet("notes")
    stray["A1"] = "my notes"
    wb.save(path)
    with pytest.raises(InputError) as err:
        read_answers_workbook(path)
    text = str(err.value)
    assert "sheet 'wat' cell C2" in text and "also used on sheet 'mof'" in text
    assert "sheet 'notes' cell A1" in text
    bad = tmp_path / "not.xlsx"
    bad.write_text("hello")
    with pytest.raises(InputError, match="not a readable .xlsx"):
        read_answers_workbook(bad)


def test_cli_questionnaire_xlsx_and_assess_it(tmp_path):
    from cyberplan.cli import cli
    out = tmp_path / "q.xlsx"
    runner = CliRunner()
    r = runner.invoke(cli, ["questionnaire", str(MINI / "framework.yaml"), "--format", "xlsx", "-o", str(out),
                            "--entities", "a,b"])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["About", "a", "b"]
    ws = wb["a"]
    ws.cell(row=_rows_by_qid(ws)["PR-2.q1"], column=ANSWER_COL).value = "true"
    wb.save(out)
    r = runner.invoke(cli, ["assess", str(out), "--framework", str(MINI / "framework.yaml"), "--ruleset",
                            str(MINI / "ruleset.yaml"), "--format", "json"])
    assert r.exit_code == 0, r.output
    import json
    data = json.loads(r.stdout)
    assert data["entities"][0]["levels"]["PR-2"] == 1 and data["entities"][1]["levels"]["PR-2"] == 0


def test_plan_exports_actions_and_spend_to_xlsx(tmp_path):
    import json

    from cyberplan.cli import cli
    runner = CliRunner()
    args = ["plan", str(MINI / "answers.yaml"), "--config", str(MINI / "plan.yaml"), "-q"]
    plan = json.loads(runner.invoke(cli, args + ["--format", "json"]).stdout)
    out = tmp_path / "plan.xlsx"
    r = runner.invoke(cli, args + ["-o", str(out)])
    assert r.exit_code == 0, r.output
    wb = openpyxl.load_workbook(out)
    assert {"actions", "spend"} <= set(wb.sheetnames)
    actions = wb["actions"]
    header = [c.value for c in actions[2]]
    rows = [dict(zip(header, [c.value for c in row])) for row in actions.iter_rows(min_row=3)]
    assert [(r["entity"], r["control"], r["start"]) for r in rows] == \
        [(a["entity"], a["control"], a["start_period"]) for a in plan["actions"]]
    spend = wb["spend"]
    totals = [row[3].value for row in spend.iter_rows(min_row=3)]
    assert totals == [round(s["total"]) for s in plan["spend"]]


def test_table_text_never_becomes_a_formula():
    from cyberplan.engine.render import Output, Table
    data = tables_workbook(Output("x", {}, [Table("t", ["a"], [["=HYPERLINK(\"http://evil\")"]], name="t")]))
    import io
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cell = wb["t"]["A3"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert cell.quotePrefix   # Excel's "typed with a leading apostrophe": it stays text when edited
