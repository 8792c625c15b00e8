"""Collecting answers from many organisations (issue 15): `questionnaire --split` writes one
workbook per entity, a script fills them in as respondents would (random answers, `unknown`s,
blanks, evidence and comments, options typed in another case), and `collect` merges them back into
an assessment equal to the one they were generated from. Conflicts, formulas and missing pieces
are reported per file, and stop the merge when they must."""
from __future__ import annotations

import json
import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from cyberplan.cli import cli
from cyberplan.engine.assess.levels import assess
from cyberplan.engine.inputs.collect import collect
from cyberplan.engine.inputs.read import load_assessment, load_framework
from cyberplan.engine.inputs.resolve import load_inputs
from cyberplan.engine.inputs.workbook import ANSWER_COL, COMMENT_COL, EVIDENCE_COL, QUESTION_COL
from cyberplan.engine.models import Assessment
from cyberplan.engine.models.assessment import iso_date
from cyberplan.engine.models.questions import BooleanQuestion, ChoiceQuestion, ScaleQuestion
from cyberplan.plugins.manager import registry

MINI = Path(__file__).parent / "data" / "mini"
FW = str(MINI / "framework.yaml")


@pytest.fixture(scope="module")
def fw():
    return load_framework(FW)


def _row_of(ws) -> dict[str, int]:
    return {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}


def _about_row(wb, key: str) -> int:
    about = wb["About"]
    return next(r for r in range(1, about.max_row + 1) if about.cell(row=r, column=1).value == key)


def _entity_sheet(wb):
    return [ws for ws in wb.worksheets if ws.title not in ("About", "Lists")][0]


def random_assessment(fw, n: int, seed: int) -> Assessment:
    """An assessment as fifty respondents might give it: every answer type, `unknown`s, blanks,
    evidence and comments on some questions (all in canonical form: what collect must give back)."""
    rng = random.Random(seed)
    entities = []
    for i in range(n):
        answers, evidence, comments = {}, {}, {}
        for q in fw.questions:
            roll = rng.random()
            if roll < 0.15:
                continue                                 # left blank
            if roll < 0.25:
                answers[q.id] = "unknown"
            elif isinstance(q, ChoiceQuestion):
                answers[q.id] = rng.choice(q.options)
            elif isinstance(q, BooleanQuestion):
                answers[q.id] = rng.choice([True, False])
            elif isinstance(q, ScaleQuestion):
                answers[q.id] = rng.randint(int(q.min), int(q.max))
            else:
                answers[q.id] = round(rng.uniform(q.min, q.max), 1)
            if rng.random() < 0.5:
                evidence[q.id] = rng.choice(["Policy v3, section 2", "Audit report 2026/14", "ticket INC-0042",
                                             "https://intranet.example/mfa", "2026"])
            if rng.random() < 0.3:
                comments[q.id] = rng.choice(["Rolled out to HQ only.", "Target: next quarter", "see note — é ü"])
        entities.append({"id": f"org-{i:02d}", "name": f"Organisation {i}", "sector": rng.choice(
            ["government", "energy", "water", "health"]), "criticality": rng.randint(1, 5),
            "size_factor": rng.choice([0.5, 1, 2, 3.5]), "answers": answers, "evidence": evidence,
            "comments": comments})
    return Assessment.model_validate({"framework": FW, "framework_version": fw.version, "assessed": "2026-11-01",
                                      "entities": entities})


def fill(path: Path, ent, assessed: str | None, rng: random.Random) -> None:
    """What a respondent does in the spreadsheet: the attributes, the drop-downs (sometimes typed by
    hand in another case), numbers, evidence and comments, and the date on the About sheet."""
    wb = openpyxl.load_workbook(path)
    if assessed is not None:
        wb["About"].cell(row=_about_row(wb, "assessed"), column=2).value = assessed
    ws = _entity_sheet(wb)
    attrs = {ws.cell(row=r, column=1).value: r for r in range(2, 8)}
    for key in ("name", "sector", "criticality", "size_factor"):
        ws.cell(row=attrs[key], column=3).value = getattr(ent, key)
    rows = _row_of(ws)
    for qid, value in ent.answers.items():
        if isinstance(value, bool):
            value = "true" if value else "false"
        elif isinstance(value, str) and rng.random() < 0.3:
            value = rng.choice([value.upper(), f"  {value.capitalize()} "])   # typed, not picked
        ws.cell(row=rows[qid], column=ANSWER_COL).value = value
    for qid, text in ent.evidence.items():
        ws.cell(row=rows[qid], column=EVIDENCE_COL).value = text
    for qid, text in ent.comments.items():
        ws.cell(row=rows[qid], column=COMMENT_COL).value = text
    wb.save(path)


def split(tmp_path: Path, ids: list[str], folder: str = "sent") -> Path:
    out = tmp_path / folder
    r = CliRunner().invoke(cli, ["questionnaire", FW, "--format", "xlsx", "--entities", ",".join(ids),
                                 "--split", str(out)])
    assert r.exit_code == 0, r.output
    return out


def test_fifty_workbooks_merge_back_into_the_assessment_they_came_from(tmp_path, fw):
    original = random_assessment(fw, 50, seed=15)
    sent = split(tmp_path, [e.id for e in original.entities])
    files = sorted(sent.glob("*.xlsx"))
    assert [f.stem for f in files] == [e.id for e in original.entities]
    rng = random.Random(7)
    for f, ent in zip(files, original.entities):
        wb = openpyxl.load_workbook(f)
        assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == ["About", ent.id]  # its own only
        fill(f, ent, "2026-11-01", rng)
    out = tmp_path / "answers.yaml"
    r = CliRunner().invoke(cli, ["collect", *map(str, files), "-o", str(out), "--framework", FW, "--format", "json"])
    assert r.exit_code == 0, r.output
    report = json.loads(r.stdout)
    assert report["merged"] and len(report["files"]) == 50
    assert not [i for f in report["files"] for i in f["issues"] if i["kind"] != "note"]
    collected, _ = load_assessment(out)
    assert collected.framework_version == original.framework_version and collected.assessed == original.assessed
    assert Path(out.parent / collected.framework).resolve() == Path(FW).resolve()   # relative to the answers file
    assert [e.model_dump() for e in collected.entities] == [e.model_dump() for e in original.entities]
    # the random data is not trivially empty: every kind of entry is present somewhere
    assert sum(len(e.evidence) for e in collected.entities) > 100 and sum(len(e.comments) for e in collected.entities)
    assert sum(1 for e in collected.entities for v in e.answers.values() if v == "unknown") > 10
    # and the per-file counts say what was read
    by_file = {Path(f["file"]).stem: f["entities"][0] for f in report["files"]}
    for ent in original.entities:
        read = by_file[ent.id]
        assert read["answered"] == sum(1 for v in ent.answers.values() if v != "unknown")
        assert read["unknown"] == sorted((q for q, v in ent.answers.items() if v == "unknown"),
                                         key=[q.id for q in fw.questions].index)
        assert len(read["unanswered"]) == len(fw.questions) - len(ent.answers)
        assert read["evidence"] == len(ent.evidence)
    # the merged file assesses like the original
    reg = registry()
    via_files = load_inputs(out, reg, ruleset=str(MINI / "ruleset.yaml"), allow_outside_paths=True)
    rs = via_files.ruleset
    assert [e.levels for e in assess(via_files).entities] == [e.levels for e in assess(rs, original).entities]


def _formula_value(path: Path, sheet_index: int, cell: str, value: str) -> None:
    """Give a formula cell the value a spreadsheet program would have saved with it."""
    name = f"xl/worksheets/sheet{sheet_index}.xml"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[name].decode()
    xml, n = re.subn(rf'<c r="{cell}"([^>]*)><f>(.*?)</f>(?:<v\s*/>|<v></v>)', rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>',
                     xml)
    assert n == 1
    parts[name] = xml.encode()
    with zipfile.ZipFile(path, "w") as z:
        for k, v in parts.items():
            z.writestr(k, v)


def test_conflicts_errors_and_formulas_are_reported_per_file_and_stop_the_merge(tmp_path, fw):
    sent = split(tmp_path, ["mof", "wat", "grid", "port", "rail", "bank"])
    answers = {"PR-1.q1": "largely", "PR-2.q1": True}

    def edit(name: str, change=None) -> Path:
        f = sent / f"{name}.xlsx"
        wb = openpyxl.load_workbook(f)
        ws = _entity_sheet(wb)
        rows = _row_of(ws)
        for q, v in answers.items():
            ws.cell(row=rows[q], column=ANSWER_COL).value = "true" if v is True else v
        if change:
            change(wb, ws, rows)
        wb.save(f)
        return f

    def same_entity(wb, ws, rows):
        ws["C2"].value = "mof"                               # wat's workbook filled in as mof
    edit("mof")
    edit("wat", same_entity)
    edit("grid", lambda wb, ws, rows: setattr(wb["About"].cell(row=_about_row(wb, "framework version"), column=2),
                                              "value", "0.9"))
    edit("port", lambda wb, ws, rows: setattr(ws.cell(row=rows["PR-1.q1"], column=QUESTION_COL), "value",
                                              "MFA for some remote access?"))
    edit("rail", lambda wb, ws, rows: setattr(ws.cell(row=rows["PR-2.q2"], column=ANSWER_COL), "value", "=2+1"))
    edit("bank", lambda wb, ws, rows: setattr(ws.cell(row=rows["DE-1.q1"], column=ANSWER_COL), "value", "mostly"))
    out = tmp_path / "answers.yaml"
    out.write_text("previous answers\n")
    files = [sent / f"{n}.xlsx" for n in ("mof", "wat", "grid", "port", "rail", "bank")]
    r = CliRunner().invoke(cli, ["collect", *map(str, files), "-o", str(out), "--framework", FW, "--format", "json"])
    assert r.exit_code == 2, r.output
    assert out.read_text() == "previous answers\n"            # nothing written
    report = json.loads(r.stdout)
    assert report["merged"] is False
    issues = {Path(f["file"]).stem: [(i["kind"], i["where"], i["message"]) for i in f["issues"]]
              for f in report["files"]}
    assert issues["mof"] == []
    ((kind, where, msg),) = issues["wat"]
    assert kind == "conflict" and where == "sheet 'wat' cell C2" and "also in" in msg and "mof.xlsx" in msg
    assert [(k, w) for k, w, m in issues["grid"]] == [("conflict", f"sheet 'About' cell B{_about_row_in(files[2])}")]
    assert "version 0.9" in issues["grid"][0][2] and "version 1" in issues["grid"][0][2]
    row = _row_of(_entity_sheet(openpyxl.load_workbook(files[3])))["PR-1.q1"]
    assert issues["port"] == [("conflict", f"sheet 'port' cell E{row}", issues["port"][0][2])]
    assert "MFA for some remote access?" in issues["port"][0][2] and "MFA for remote access?" in issues["port"][0][2]
    row = _row_of(_entity_sheet(openpyxl.load_workbook(files[4])))["PR-2.q2"]
    ((kind, where, msg),) = issues["rail"]
    assert (kind, where) == ("error", f"sheet 'rail' cell G{row}") and "=2+1" in msg and "without a value" in msg
    ((kind, where, msg),) = issues["bank"]
    assert kind == "error" and "mostly" in msg and "largely" in msg
    table = CliRunner().invoke(cli, ["collect", *map(str, files), "-o", str(out), "--framework", FW]).stdout
    assert "nothing was written" in table and "4 conflict(s)" not in table and "3 conflict(s)" in table


def _about_row_in(path: Path) -> int:
    return _about_row(openpyxl.load_workbook(path), "framework version")


def test_a_formula_with_its_saved_value_is_read_and_said_so(tmp_path, fw):
    sent = split(tmp_path, ["mof"])
    f = sent / "mof.xlsx"
    wb = openpyxl.load_workbook(f)
    ws = _entity_sheet(wb)
    row = _row_of(ws)["PR-1.q1"]
    ws.cell(row=row, column=ANSWER_COL).value = '=LOWER("FULLY")'
    wb.save(f)
    _formula_value(f, 2, f"G{row}", "fully")
    merged, report = collect([f], fw)
    assert merged.entities[0].answers == {"PR-1.q1": "fully"}
    (note,) = report.files[0].issues
    assert note.kind == "note" and note.where == f"sheet 'mof' cell G{row}" and "'fully'" in note.message
    # the answers route reads the same value
    assert load_assessment(f)[0].entities[0].answers == {"PR-1.q1": "fully"}


def test_missing_rows_missing_workbooks_and_dates(tmp_path, fw):
    sent = split(tmp_path, ["mof", "wat"])
    wb = openpyxl.load_workbook(sent / "mof.xlsx")
    ws = _entity_sheet(wb)
    ws.delete_rows(_row_of(ws)["DE-1.q2"])
    wb["About"].cell(row=_about_row(wb, "assessed"), column=2).value = "2026-10-01"
    wb.save(sent / "mof.xlsx")
    wb = openpyxl.load_workbook(sent / "wat.xlsx")
    wb["About"].cell(row=_about_row(wb, "assessed"), column=2).value = "2026-11-15"
    wb.save(sent / "wat.xlsx")
    files = [sent / "mof.xlsx", sent / "wat.xlsx"]
    merged, report = collect(files, fw, expected=["mof", "wat", "grid"])
    assert merged is not None and merged.assessed.isoformat() == "2026-11-15"
    assert report.expected_missing == ["grid"]
    assert any("2026-10-01: 1 file(s)" in n and "latest, 2026-11-15" in n for n in report.notes)
    (warning,) = report.files[0].issues
    assert warning.kind == "warning" and "DE-1.q2" in warning.message and "missing" in warning.message
    assert report.files[0].entities[0].unanswered[-1] == "DE-1.q2"
    merged, _ = collect(files, fw, assessed=iso_date("2026-12-01"))
    assert merged.assessed.isoformat() == "2026-12-01"
    none, report = collect(files, fw, strict=True)
    assert none is None and not report.merged      # --strict: the warning stops it


def test_evidence_and_comments_survive_into_the_answers_and_the_assessment_route(tmp_path, fw):
    sent = split(tmp_path, ["mof"])
    f = sent / "mof.xlsx"
    wb = openpyxl.load_workbook(f)
    ws = _entity_sheet(wb)
    rows = _row_of(ws)
    ws.cell(row=rows["PR-1.q1"], column=ANSWER_COL).value = "Fully"
    ws.cell(row=rows["PR-1.q1"], column=EVIDENCE_COL).value = "MFA policy v3"
    ws.cell(row=rows["PR-2.q2"], column=ANSWER_COL).value = "unknown"
    ws.cell(row=rows["PR-2.q2"], column=COMMENT_COL).value = "backup tests are run by the supplier"
    wb.save(f)
    out = tmp_path / "a.json"
    r = CliRunner().invoke(cli, ["collect", str(f), "-o", str(out), "--framework", FW])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())["entities"][0]
    assert data["answers"] == {"PR-1.q1": "fully", "PR-2.q2": "unknown"}
    assert data["evidence"] == {"PR-1.q1": "MFA policy v3"}
    assert data["comments"] == {"PR-2.q2": "backup tests are run by the supplier"}
    direct = load_assessment(f)[0].entities[0]
    assert direct.evidence == {"PR-1.q1": "MFA policy v3"} and direct.answers["PR-2.q2"] == "unknown"


def test_split_refuses_to_overwrite_returned_workbooks(tmp_path):
    sent = split(tmp_path, ["mof"])
    (sent / "mof.xlsx").write_bytes(b"a returned workbook")
    r = CliRunner().invoke(cli, ["questionnaire", FW, "--format", "xlsx", "--entities", "mof,wat", "--split",
                                 str(sent)])
    assert r.exit_code == 2 and "already exist" in r.stderr
    assert (sent / "mof.xlsx").read_bytes() == b"a returned workbook" and not (sent / "wat.xlsx").exists()


def test_a_workbook_for_another_framework_is_a_conflict(tmp_path, fw):
    sent = split(tmp_path, ["mof"])
    wb = openpyxl.load_workbook(sent / "mof.xlsx")
    wb["About"].cell(row=_about_row(wb, "framework"), column=2).value = "nist-csf-2.0"
    wb.save(sent / "mof.xlsx")
    merged, report = collect([sent / "mof.xlsx"], fw)
    assert merged is None
    assert [(i.kind, "nist-csf-2.0" in i.message) for i in report.files[0].issues] == [("conflict", True)]


def test_the_csv_route_carries_evidence_comments_and_unknown(tmp_path):
    q = tmp_path / "q.csv"
    r = CliRunner().invoke(cli, ["questionnaire", FW, "--format", "csv", "--entities", "mof", "-o", str(q)])
    assert r.exit_code == 0, r.output
    lines = q.read_text().splitlines()
    assert lines[0].endswith(",evidence,comment")
    filled = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[1] == "PR-1.q1":
            cells[2], cells[-2] = " Fully ", "MFA report"
        if cells[1] == "PR-2.q2":
            cells[2], cells[-1] = "unknown", "restores run by the supplier"
        filled.append(",".join(cells))
    q.write_text("\n".join(filled) + "\n")
    ent = load_assessment(q)[0].entities[0]
    assert ent.evidence == {"PR-1.q1": "MFA report"} and ent.comments == {"PR-2.q2": "restores run by the supplier"}
    r = CliRunner().invoke(cli, ["assess", str(q), "--framework", FW, "--ruleset", str(MINI / "ruleset.yaml"),
                                 "--format", "json"])
    assert r.exit_code == 0, r.output
    e = json.loads(r.stdout)["entities"][0]
    assert e["unknown"] == ["PR-2.q2"] and e["levels"]["PR-1"] == 1 and "PR-2.q2" not in e["not_assessed"]
