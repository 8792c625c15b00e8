"""`--format docx`: the business case as a Word document, read back with python-docx. It holds the
economic case (the options table, whose NPVs are checked against its own present values), the
financial case (spend by fiscal year, checked against the plan's actions), the roadmap, and its
charts as PNG pictures."""
from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from cyberplan.cli import cli
from cyberplan.engine.render.docx import to_docx

MINI = Path(__file__).parent / "data" / "mini"
RANGED = Path(__file__).parent / "data" / "threats" / "mini.yaml"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("docx")
    for f in MINI.glob("*.yaml"):
        shutil.copy(f, d / f.name)
    shutil.copy(RANGED, d / "threats.yaml")
    return d


def _args(folder: Path, command: str = "report") -> list[str]:
    return [command, str(folder / "answers.yaml"), "--config", str(folder / "plan.yaml"), "--threats",
            str(folder / "threats.yaml"), "-q"]


@pytest.fixture(scope="module")
def case_docx(folder) -> Path:
    out = folder / "case.docx"
    r = CliRunner().invoke(cli, _args(folder) + ["--format", "docx", "-o", str(out)])
    assert r.exit_code == 0, r.output
    return out


def number(text: str) -> float:
    return float(text.replace(",", ""))


def table_with(doc, *words: str):
    for t in doc.tables:
        head = [c.text for c in t.rows[0].cells]
        if all(any(w in h for h in head) for w in words):
            return t
    raise AssertionError(f"no table with {words}")


def test_the_case_opens_with_python_docx_and_follows_the_five_case_model(case_docx):
    doc = Document(str(case_docx))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    for h in ("Summary", "1. The economic case", "1.2 Options appraisal", "2. The financial case",
              "2.1 Affordability: spend against budget by fiscal year", "3. Delivery roadmap"):
        assert h in headings, h
    assert doc.core_properties.title.startswith("Business case")


def test_the_options_table_is_there_and_adds_up(case_docx):
    doc = Document(str(case_docx))
    t = table_with(doc, "Do nothing", "The plan", "Close the targets")
    rows = {r.cells[0].text.replace(" (USD)", ""): [c.text for c in r.cells[1:]] for r in t.rows[1:]}
    head = [c.text for c in t.rows[0].cells[1:]]
    npvs = {}
    for i, name in enumerate(head):
        if rows["NPV"][i] == "–":
            continue
        npv = number(rows["NPV"][i])
        assert npv == pytest.approx(number(rows["PV of avoided losses"][i]) - number(rows["PV of costs"][i]), abs=1.5)
        npvs[name] = npv
    assert npvs["Do nothing"] == 0            # the baseline: nothing spent, nothing avoided
    starred = [n for n in head if n.endswith("★")]
    assert len(starred) == 1 and npvs[starred[0]] == max(npvs.values())


def test_affordability_adds_up_to_the_plans_actions(case_docx, folder):
    import json
    r = CliRunner().invoke(cli, _args(folder, "plan") + ["--format", "json"])
    assert r.exit_code == 0, r.output
    plan = json.loads(r.stdout)
    doc = Document(str(case_docx))
    t = table_with(doc, "fiscal year", "capex (USD)", "budget (USD)")
    head = [c.text for c in t.rows[0].cells]
    rows = [[c.text for c in r.cells] for r in t.rows[1:]]
    capex = sum(number(r[head.index("capex (USD)")]) for r in rows)
    assert capex == pytest.approx(sum(a["capex"] for a in plan["actions"]), abs=len(rows))
    starting = sum(int(r[head.index("actions starting")]) for r in rows)
    assert starting == len(plan["actions"])
    budget = sum(number(r[head.index("budget (USD)")]) for r in rows if r[head.index("budget (USD)")])
    assert budget == pytest.approx(200 * 6)      # plan.yaml: 200 a period for 6 periods


def test_the_charts_are_png_pictures(case_docx):
    doc = Document(str(case_docx))
    assert len(doc.inline_shapes) >= 3          # tornado, frontier, by fiscal year, attainment
    blobs = [rel.target_part.blob for rel in doc.part.rels.values() if "image" in rel.reltype]
    assert blobs and all(b[:8] == b"\x89PNG\r\n\x1a\n" for b in blobs)
    from PIL import Image
    for b in blobs:
        im = Image.open(io.BytesIO(b))
        assert im.width > 500 and sum(1 for n in im.convert("L").histogram() if n) > 8   # a drawing, not a blank


def test_docx_by_extension_for_plan_and_report_and_refused_on_a_terminal(folder, tmp_path):
    out = tmp_path / "plan.docx"
    r = CliRunner().invoke(cli, _args(folder, "plan") + ["-o", str(out)])
    assert r.exit_code == 0, r.output
    doc = Document(str(out))
    assert table_with(doc, "Do nothing", "The plan")
    r = CliRunner().invoke(cli, _args(folder, "plan") + ["--format", "docx"])
    assert r.exit_code == 2 and "binary" in r.output


def test_without_a_threat_profile_the_case_says_so(folder, tmp_path):
    from cyberplan.engine.assess.levels import assess
    from cyberplan.engine.inputs.read import load_plan_config
    from cyberplan.engine.inputs.resolve import load_inputs
    from cyberplan.engine.report import build_report
    from cyberplan.plugins.manager import registry
    inputs = load_inputs(folder / "answers.yaml", registry())
    out = build_report(inputs, assess(inputs), load_plan_config(folder / "plan.yaml"), frontier=False)
    doc = Document(io.BytesIO(to_docx(out)))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "not valued in money" in text and "3. Delivery roadmap" in text
    assert len(doc.inline_shapes) >= 1
