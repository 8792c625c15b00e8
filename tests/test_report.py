"""The HTML report: built from the engine's results, self-contained, escaped, and rendered by a real
headless browser (Debian's chromium, installed by the test setup when missing and we are root)."""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from browser import console_errors, run_chromium
from click.testing import CliRunner

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.inputs.read import load_plan_config, load_threat_profile
from cyberplan.engine.inputs.resolve import load_inputs
from cyberplan.engine.render import Output, OutputFormat
from cyberplan.engine.render.html import to_html
from cyberplan.engine.report import build_report
from cyberplan.plugins.hookspecs import hookimpl
from cyberplan.plugins.manager import make_manager, registry

MINI = Path(__file__).parent / "data" / "mini"
SECTIONS = ["brief", "case", "options", "fiscal-years", "progress", "heatmap", "maturity", "gaps", "roadmap", "actions",
            "spend", "over-time", "frontier", "sensitivity", "inputs", "technical"]


def has_section(page: str, s: str) -> bool:
    return re.search(f'<section id="{s}"[ >]', page) is not None
THREATS = """\
currency: EUR
threats:
  - id: ransomware
    name: Ransomware <script>alert("x")</script>
    frequency: {default: 0.2, water: 0.5}
    impact: {default: 1000, water: 5000}
    mitigated_by: {PR: 0.6, DE-1: 0.4}
"""


@pytest.fixture(scope="module")
def mini_dir(tmp_path_factory) -> Path:
    """The mini portfolio plus a threat profile, with a hostile entity name to test escaping."""
    d = tmp_path_factory.mktemp("mini")
    for f in MINI.glob("*.yaml"):
        shutil.copy(f, d / f.name)
    text = (d / "answers.yaml").read_text().replace("name: Water utility", 'name: "Water <img src=x onerror=alert(1)> & co"')
    (d / "answers.yaml").write_text(text)
    (d / "threats.yaml").write_text(THREATS)
    return d


@pytest.fixture(scope="module")
def report(mini_dir):
    inputs = load_inputs(mini_dir / "answers.yaml", registry())
    result = assess(inputs.ruleset, inputs.assessment)
    config = load_plan_config(mini_dir / "plan.yaml")
    threats = load_threat_profile(mini_dir / "threats.yaml")
    return build_report(inputs, result, config, threats=threats, config_file=str(mini_dir / "plan.yaml"),
                        threats_file=str(mini_dir / "threats.yaml"))


@pytest.fixture(scope="module")
def html(report) -> str:
    return to_html(report)


def test_report_has_every_section_and_chart(html, report):
    for s in SECTIONS:
        assert has_section(html, s), s
    plan = report.result
    assert plan.status == "optimal" and plan.actions
    # heat map, one small chart per entity, Gantt, spend per period, by fiscal year, target attainment,
    # loss avoided, frontier (no tornado: this profile gives no ranges)
    assert html.count("<svg ") == 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1
    gantt = re.search(r"aria-label='Roadmap'.*?</svg>", html, re.S).group(0)
    assert gantt.count("<rect x=") - gantt.count("fill='#f6f7f9'") - gantt.count("fill='#ffffff'") \
        - gantt.count("width='12' height='12'") == len(plan.actions)
    # the heat map shows the water utility's levels and mean gaps (PR 0, gap 2.5; DE 0, gap 3)
    assert "0 (−2.5)" in html and "0 (−3.0)" in html
    # every action's reason is in the action list
    for a in plan.actions:
        assert str(a.why).replace('"', "&#34;").replace("'", "&#39;")[:60] in html
    assert "loss avoided" in html and "EUR" in html


def test_frontier_has_the_configured_point_and_neighbours(report):
    points = report.data["frontier"]["points"]
    budgets = [p["budget_per_period"] for p in points]
    assert budgets == [100, 150, 200, 300, 400]
    here = points[2]
    assert here["configured"] and not any(p["configured"] for p in points if p is not here)
    # the configured point is re-solved from the plan itself: never worse than the plan
    assert here["value"] >= report.result.objective.value - 1e-6
    # SPEC §4: the objective never decreases as the budget grows
    assert all(a["value"] <= b["value"] + 1e-6 for a, b in zip(points, points[1:]))


def test_report_is_self_contained_and_escaped(html):
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert "Water &lt;img src=x onerror=alert(1)&gt; &amp; co" in html
    assert "Ransomware &lt;script&gt;" in html
    # nothing is fetched: no external src/href, no @import, no url() in CSS
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert "@import" not in html and "url(" not in html
    assert "Content-Security-Policy" in html


def test_report_command_and_other_formats(mini_dir, tmp_path):
    from cyberplan.cli import cli
    runner = CliRunner()
    out = tmp_path / "report.html"
    args = ["report", str(mini_dir / "answers.yaml"), "--config", str(mini_dir / "plan.yaml"),
            "--threats", str(mini_dir / "threats.yaml"), "-q"]
    r = runner.invoke(cli, args + ["-o", str(out)])
    assert r.exit_code == 0, r.output
    assert out.read_text().startswith("<!DOCTYPE html>")
    r = runner.invoke(cli, args + ["--no-frontier", "--format", "json"])
    assert r.exit_code == 0, r.output
    import json
    data = json.loads(r.stdout)
    assert data["frontier"] is None and data["plan"]["status"] == "optimal" and data["gaps"]["functions"] == ["PR", "DE"]


def test_html_format_for_other_outputs_is_a_table_page():
    out = Output("gap", {}, [], notes=["<b>note</b>"])
    from cyberplan.engine.render import Table
    out.tables.append(Table("T <i>", ["a"], [["<x>"]], name="t"))
    page = to_html(out)
    assert "T &lt;i&gt;" in page and "&lt;x&gt;" in page and "&lt;b&gt;note" in page


def test_demo_writes_report_html(mini_dir, tmp_path, monkeypatch):
    import cyberplan.engine.demo as demo
    demo_dir = tmp_path / "demo"
    shutil.copytree(mini_dir, demo_dir)
    with (demo_dir / "plan.yaml").open("a") as fh:      # the demo's plan names its threat profile
        fh.write("threats: threats.yaml\n")
    monkeypatch.setattr(demo, "DEMO_DIR", demo_dir)
    from cyberplan.cli import emit
    lines = []
    demo.run_demo(echo=lines.append, emit=lambda o, fmt=None, output=None: emit(o, fmt, output),
                  output_dir=tmp_path / "out")
    page = (tmp_path / "out" / "report.html").read_text()
    for s in SECTIONS:
        assert has_section(page, s), s
    assert "EUR" in page   # the demo found and used the threat profile
    assert (tmp_path / "out" / "plan.json").exists() and (tmp_path / "out" / "business-case.docx").exists()
    said = "\n".join(lines)
    assert "Kestrel Islands" in said


def test_third_party_output_format_plugin(tmp_path):
    """A plugin adds a format through the hook; the CLI's emit renders with it."""
    class Shout:
        @hookimpl
        def cyberplan_output_formats(self):
            return [OutputFormat("shout", "shout", lambda out: "\n".join(t.title.upper() for t in out.tables) + "\n",
                                 kinds=("gap",), description="titles, loudly")]
    from cyberplan.plugins.manager import registry as make_registry
    reg = make_registry(make_manager(entry_points=False, extra=[Shout()]))
    assert "shout" in reg.formats and "html" in reg.formats and "oscal" in reg.formats
    from cyberplan.cli import emit
    from cyberplan.engine.render import Table
    out = Output("gap", {}, [Table("largest gaps", ["a"], [[1]])])
    emit(out, None, tmp_path / "x.shout", reg)     # picked by the file's extension
    assert (tmp_path / "x.shout").read_text() == "LARGEST GAPS\n"
    from cyberplan.engine.errors import InputError
    with pytest.raises(InputError, match="does not apply"):
        emit(Output("plan", {}, []), "shout", tmp_path / "y.shout", reg)


# --------------------------------------------------------------------------- headless chromium

def test_report_renders_in_headless_chromium(chromium, html, tmp_path):
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    shot = Path(os.environ.get("CYBERPLAN_SCREENSHOT_DIR", tmp_path)) / "report.png"
    run = run_chromium(chromium, page, tmp_path, f"--screenshot={shot}", "--window-size=1400,4000")
    assert shot.exists(), run.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 100_000   # a real page, not a blank one
    assert console_errors(run.stderr) == []
    dom = run_chromium(chromium, page, tmp_path, "--dump-dom")
    assert console_errors(dom.stderr) == []
    for s in SECTIONS:
        assert has_section(dom.stdout, s), s
    assert dom.stdout.count("<svg") == html.count("<svg ")   # every chart was parsed as SVG


def test_console_error_check_catches_errors(chromium, tmp_path):
    """The check above is not vacuous: a page that throws is caught."""
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><body><p>x</p><script>throw new Error('boom')</script></body></html>")
    run = run_chromium(chromium, page, tmp_path, "--dump-dom")
    assert any("boom" in line for line in console_errors(run.stderr))
