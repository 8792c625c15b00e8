"""The reader's side of the report: the executive brief (first, and one A4 page in headless
Chromium), readable numbers, the frontier and tornado charts, file names without their folders,
and the solver's detail kept for the technical section. Figures on the page are checked against
sums the test makes itself from the plan's own rows and the inputs, never copied from the code."""
from __future__ import annotations

import html as htmllib
import os
import re
import shutil
from pathlib import Path

import pytest
from browser import run_chromium
from test_report import THREATS

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.inputs.read import load_plan_config, load_threat_profile
from cyberplan.engine.inputs.resolve import load_inputs
from cyberplan.engine.render import svg
from cyberplan.engine.render.html import brief_html, to_html
from cyberplan.engine.render.story import Series, display_path
from cyberplan.engine.report import build_report
from cyberplan.plugins.manager import registry

MINI = Path(__file__).parent / "data" / "mini"
RANGED = Path(__file__).parent / "data" / "threats" / "mini.yaml"


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    d = tmp_path_factory.mktemp("brief")
    for f in MINI.glob("*.yaml"):
        shutil.copy(f, d / f.name)
    (d / "threats.yaml").write_text(THREATS)
    shutil.copy(RANGED, d / "ranged.yaml")
    inputs = load_inputs(d / "answers.yaml", registry())
    result = assess(inputs)
    config = load_plan_config(d / "plan.yaml")
    threats = load_threat_profile(d / "ranged.yaml")
    out = build_report(inputs, result, config, threats=threats, config_file=str(d / "plan.yaml"),
                       threats_file=str(d / "ranged.yaml"))
    return {"dir": d, "out": out, "html": to_html(out), "inputs": inputs, "result": result, "config": config,
            "threats": threats}


def section(page: str, sid: str) -> str:
    m = re.search(rf'<section id="{sid}"[ >].*?</section>', page, re.S)
    assert m, sid
    return m.group(0)


def rows_of(table_html: str) -> list[list[str]]:
    out = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, re.S)
        out.append([htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return out


def number(text: str) -> float:
    return float(text.replace(",", "").replace("USD", "").strip())


# --------------------------------------------------------------------------- the brief

def test_the_brief_comes_first_and_says_what_to_fund(case):
    page, plan = case["html"], case["out"].result
    body = page[page.index("<body>"):]
    assert body.index('<section id="brief"') < body.index("<nav") < body.index('<section id="case"')
    brief = section(page, "brief")
    bc = plan.business_case
    assert htmllib.escape(bc.recommendation, quote=True).replace("&#x27;", "&#39;") in brief
    # spend per fiscal year: mini starts 2027-01 with quarters and calendar fiscal years, so the
    # horizon's six periods fall 4 in 2027 and 2 in 2028; a fiscal year is funded whole, so 2028 also
    # carries two quarters of the completed controls' running costs after the horizon
    running = sum(a.opex_per_year for a in plan.actions) / 4
    want = {"2027": sum(s.total for s in plan.spend[:4]), "2028": sum(s.total for s in plan.spend[4:6]) + 2 * running}
    fund = re.search(r"What to fund.*?</table>", brief, re.S).group(0)
    got = {r[0]: number(r[1]) for r in rows_of(fund)[1:] if r and r[0] in want}
    assert got == pytest.approx(want, abs=0.5)
    # the actions starting in each year add up to the plan's actions
    starts = {r[0]: int(r[-1]) for r in rows_of(fund)[1:] if r and r[0] in want}
    assert sum(starts.values()) == len(plan.actions)
    assert starts["2027"] == sum(1 for a in plan.actions if a.start < 4)


def test_the_options_side_by_side_add_up(case):
    brief = section(case["html"], "brief")
    table = re.search(r'<table class="data options">.*?</table>', brief, re.S).group(0)
    rows = rows_of(table)
    head = rows[0][1:]
    by = {r[0].replace(" (USD)", ""): r[1:] for r in rows[1:]}
    assert {r[0] for r in rows[1:]} >= {"NPV (USD)", "PV of costs (USD)", "risk left per year (USD)"}
    npvs = {}
    for i, name in enumerate(head):
        if by["NPV"][i] == "–":
            continue
        pv_b, pv_c, npv = (number(by[k][i]) for k in ("PV of avoided losses", "PV of costs", "NPV"))
        assert npv == pytest.approx(pv_b - pv_c, abs=1.5), name      # NPV = PV(benefit) - PV(cost)
        npvs[name] = npv
    starred = [n for n in head if n.endswith("★")]
    assert len(starred) == 1 and npvs[starred[0]] == max(npvs.values())
    assert {"Do nothing", "The plan ★", "Close the targets"} <= set(head) | {"The plan ★"}


def test_the_risk_left_per_entity_recomputes_from_the_threat_profile(case):
    """Before the plan: ALE(e, t) x share(t, o) x (top - level) / top, summed, for each entity."""
    fw, threats, result = case["inputs"].framework, case["threats"], case["result"]
    top = fw.max_level
    # ranged.yaml: ransomware PR 0.5 (PR-1, PR-2 0.25 each), DE-1 0.5; phishing PR-1 1.0
    shares = {"ransomware": {"PR-1": 0.25, "PR-2": 0.25, "DE-1": 0.5}, "phishing": {"PR-1": 1.0}}
    names = {e.id: e.label for e in case["inputs"].assessment.entities}
    want = {}
    for e in case["inputs"].assessment.entities:
        lv = next(r for r in result.entities if r.id == e.id).levels
        total = 0.0
        for t in threats.threats:
            f = t.frequency.get(e.sector, t.frequency.get("default", 0.0))
            i = t.impact.get(e.sector, t.impact.get("default", 0.0))
            ale = f * i * (e.impact_factor if e.impact_factor is not None else e.size_factor)
            total += ale * sum(s * (top - lv[o]) for o, s in shares[t.id].items()) / top
        want[names[e.id]] = total
    risk = re.search(r"The risk left.*?</table>", section(case["html"], "brief"), re.S).group(0)
    got = {r[0]: (number(r[1]), number(r[2])) for r in rows_of(risk)[1:]}
    assert {k: v[0] for k, v in got.items()} == pytest.approx(want, abs=1)
    bc = case["out"].result.business_case
    assert sum(v[1] for v in got.values()) == pytest.approx(bc.annual_exposure_after, abs=2)


def test_brief_without_a_threat_profile_says_it_is_not_money(case):
    d = case["dir"]
    out = build_report(case["inputs"], case["result"], case["config"], config_file=str(d / "plan.yaml"),
                       frontier=False)
    brief = section(to_html(out), "brief")
    assert "not valued in money" in brief and "options appraisal needs a threat profile" in brief
    plan = out.result
    assert f"Fund the {len(plan.actions)} actions of the plan" in brief


# --------------------------------------------------------------------------- readable numbers

def test_numbers_are_readable_everywhere(case):
    page = case["html"]
    cells = [htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r'<td class="n[^"]*">(.*?)</td>', page, re.S)]
    assert cells
    ok = re.compile(r"^(|–|n/a|-?(USD )?\d{1,3}(,\d{3})*(\.\d{1,2})?%?|\d{4}-Q\d|not [a-z ]+|\d+ of \d+|"
                    r"-?USD \d{1,3}(,\d{3})*)$")
    bad = [c for c in cells if not ok.match(c)]
    assert bad == []
    # no cents from a thousand up: in the tables, and wherever an amount names its currency
    assert not [c for c in cells if re.search(r"\d{1,3}(,\d{3})+\.\d", c) and not c.endswith("%")]
    text = htmllib.unescape(re.sub(r"<[^>]+>", " ", page))
    assert not re.search(r"USD -?\d{1,3}(,\d{3})+\.\d", text)
    # every money column names its currency, effort is in person-days
    heads = [htmllib.unescape(h) for h in re.findall(r"<th[^>]*>([^<]*)</th>", page)]
    money_heads = [h for h in heads if re.match(r"^(capex|opex|spend|cost|budget|NPV|PV|total|swing|loss|risk left)\b",
                                                h) and "ratio" not in h]
    assert money_heads and all("(USD)" in h for h in money_heads), money_heads
    assert "effort (person-days)" in heads


def test_input_files_are_named_without_their_folders(case):
    page, d = case["html"], case["dir"]
    assert str(d) not in page and str(d.parent) not in page
    inputs = section(page, "inputs")
    assert "plan.yaml" in inputs and "ranged.yaml" in inputs
    assert display_path(str(d / "sub" / "x.yaml"), d / "answers.yaml") == "sub/x.yaml"
    assert display_path("/elsewhere/y.yaml", d / "answers.yaml") == "y.yaml"


def test_solver_detail_is_kept_for_the_technical_section(case):
    page = case["html"]
    tech = section(page, "technical")
    rest = page.replace(tech, "")
    for word in ("binaries", "constraints", "Gap to the bound", "already in place"):
        assert word in tech, word
    assert "binaries" not in rest and "already in place" not in rest
    assert page.index('<section id="technical"') > page.index('<section id="inputs"')


# --------------------------------------------------------------------------- charts

def _circles(chart: str) -> list[tuple[float, float, str]]:
    """The frontier's data points (not the legend's marks)."""
    return [(float(x), float(y), rest) for x, y, rest in
            re.findall(r"<circle cx='([\d.]+)' cy='([\d.]+)'([^>]*)><title>budget", chart)]


def test_frontier_chart_plots_net_and_npv_marks_knee_and_gordon_loeb():
    budgets = [100.0, 200.0, 300.0, 400.0]
    lines = [Series("benefit", [10.0, 30.0, 40.0, 42.0]), Series("net", [5.0, 15.0, 10.0, 2.0]),
             Series("NPV", [-20.0, 50.0, 60.0, 61.0], True)]
    chart = svg.frontier_chart(budgets, lines, knee=1, configured=2, above_gl=[False, False, True, True],
                               gordon_loeb=250.0, currency="USD", unit="USD")
    assert chart.count("<polyline") == 3                 # gross, net and NPV
    assert chart.count("<title>the knee</title>") == 1
    # the x axis is numeric: the Gordon-Loeb line sits halfway between the 200 and 300 points
    gl = float(re.search(r"<line x1='([\d.]+)' x2='[\d.]+' y1='[\d.]+' y2='[\d.]+' stroke='#7b5ea7'", chart).group(1))
    x_of = dict(zip(budgets, sorted({x for x, _, _ in _circles(chart)})))
    assert gl == pytest.approx((x_of[200.0] + x_of[300.0]) / 2, abs=0.2)
    # hollow markers where the spend is above the reference (the plan's own point is always red)
    hollow = [c for c in _circles(chart) if "fill='#fff'" in c[2]]
    assert len(hollow) == 3 and {c[0] for c in hollow} == {x_of[400.0]}
    assert len([c for c in _circles(chart) if "fill='#b23a48'" in c[2]]) == 3
    # the negative NPV lies below the zero line
    zero = float(re.search(r"y1='([\d.]+)' y2='[\d.]+' stroke='#9aa3ad'", chart).group(1))
    npv_low = next(y for x, y, rest in _circles(chart) if x == x_of[100.0] and "#1d2430" in rest)
    assert npv_low > zero
    # a reference far above the budgets is said in words instead of drawn
    far = svg.frontier_chart(budgets, lines, gordon_loeb=10_000.0, currency="USD", unit="USD")
    assert "far above the budgets shown" in far and "stroke='#7b5ea7'" not in far


def test_tornado_bars_are_proportional_to_the_npv_range():
    rows = [{"threat": "Ransomware", "npv_low": -50.0, "npv_likely": 100.0, "npv_high": 400.0},
            {"threat": "Phishing <b>", "npv_low": 80.0, "npv_likely": 100.0, "npv_high": 130.0}]
    chart = svg.tornado(rows, currency="USD")
    bars = [(float(w), float(a), float(b)) for w, a, b in
            re.findall(r"width='([\d.]+)' height='[\d.]+' fill='#[0-9a-f]+' data-npv-from='([-\d.]+)' "
                       r"data-npv-to='([-\d.]+)'", chart)]
    assert len(bars) == 4
    scale = [w / (b - a) for w, a, b in bars]
    assert (max(scale) - min(scale)) / max(scale) < 0.01     # one scale for every bar (widths are rounded)
    spans = sorted(b - a for _, a, b in bars)
    assert spans == pytest.approx([20.0, 30.0, 150.0, 300.0])
    assert "Phishing &lt;b&gt;" in chart and "<b>" not in chart


def test_report_shows_sensitivity_with_ranges(case):
    sens = section(case["html"], "sensitivity")
    assert "aria-label='NPV under each threat" in sens
    tor = case["out"].result.business_case.sensitivity["tornado"]
    ranged = [t for t in tor if t["ranged"]]
    rows = rows_of(re.search(r"<table class=\"data\">.*?</table>", sens, re.S).group(0))
    assert [r[0] for r in rows[1:]] == [t["threat"] + ("" if t["ranged"] else " (no range given)") for t in tor]
    for r, t in zip(rows[1:], tor):
        assert number(r[4]) == pytest.approx(abs(number(r[3]) - number(r[1])), abs=1.5)   # swing = high - low
    assert ranged


# --------------------------------------------------------------------------- one A4 page, in Chromium

def _pdf_pages(pdf: Path) -> list[str]:
    from pypdf import PdfReader
    return [p.extract_text() or "" for p in PdfReader(str(pdf)).pages]


def _print(chromium_bin: str, page_html: str, tmp: Path, name: str) -> list[str]:
    page = tmp / f"{name}.html"
    page.write_text(page_html, encoding="utf-8")
    pdf = tmp / f"{name}.pdf"
    run = run_chromium(chromium_bin, page, tmp, f"--print-to-pdf={pdf}", "--no-pdf-header-footer")
    assert pdf.exists(), run.stderr[-2000:]
    return _pdf_pages(pdf)


def test_the_brief_prints_to_one_a4_page_and_is_the_reports_first(chromium, case, tmp_path):
    pages = _print(chromium, brief_html(case["out"]), tmp_path, "brief")
    assert len(pages) == 1
    assert "Executive brief".upper() in pages[0].upper() and "What to fund" in pages[0]
    whole = _print(chromium, case["html"], tmp_path, "report")
    assert len(whole) > 2
    first = " ".join(whole[0].split())
    assert "What to fund" in first and "The options, side by side" in first and "The risk left" in first
    assert "The business case, in plain money" not in first
    assert " ".join(whole[1].split()).startswith("The business case, in plain money")


def test_a_crowded_brief_still_fits_one_page(chromium, case, tmp_path):
    """The worst the brief allows: many fiscal years, many long-named actions, long sentences."""
    out = case["out"]
    plan = out.result.model_copy(deep=True)
    config = out.context["config"].model_copy(update={"horizon": 40})
    labels = config.period_labels()
    template = plan.actions[0]
    plan.periods = labels
    plan.actions = [template.model_copy(update={
        "rank": i + 1, "start": i % 40, "finish": i % 40, "cost": 1000.0 + i,
        "title": "A very long control title that goes on and on about what it implements " * 2})
        for i in range(120)]
    plan.spend = [plan.spend[0].model_copy(update={"period": t, "label": labels[t]}) for t in range(40)]
    bc = plan.business_case
    bc.summary = [s + " " + s for s in bc.summary] + ["One more long sentence about the case " * 4]
    bc.recommendation = bc.recommendation * 2
    bc.fiscal_years = [bc.fiscal_years[0].model_copy(update={"label": str(2027 + y)}) for y in range(10)]
    ctx = dict(out.context, plan=plan, config=config)
    crowded = type(out)(out.kind, out.data, out.tables, notes=out.notes, result=plan, context=ctx)
    pages = _print(chromium, brief_html(crowded), Path(os.environ.get("CYBERPLAN_SCREENSHOT_DIR", tmp_path)),
                   "crowded")
    assert len(pages) == 1
    assert "2033 to 2036" in " ".join(pages[0].split())    # the later years summed on one row


def test_plan_tables_name_their_currency_and_person_days(case):
    """The terminal, csv, md and xlsx tables: every money column names its currency."""
    from cyberplan.engine.render.text import to_plain
    from cyberplan.engine.render.views.plan import frontier_output, plan_output
    plan, fw = case["out"].result, case["inputs"].framework
    out = plan_output(plan, fw)
    tables = {t.name: t for t in out.tables}
    assert tables["actions"].columns[6:9] == ["cost (USD)", "effort (person-days)", "loss avoided (USD)"]
    assert all(c == "period" or c.endswith("(USD)") for c in tables["spend"].columns)
    front = frontier_output(case["out"].context["frontier"]).tables[0]
    money_cols = [c for c in front.columns if front.styles.get(c) == "money"]
    assert money_cols and all("(USD)" in c for c in money_cols)
    assert len(set(front.columns)) == len(front.columns)
    text = to_plain(out) + to_plain(frontier_output(case["out"].context["frontier"]))
    assert not re.search(r"(?<![\d.])\d{1,3}(,\d{3})+\.\d{2}(?!\d*%)", " ".join(
        line for line in text.splitlines() if "per USD spent" not in line))


def test_an_infeasible_plan_gets_a_brief_that_says_why(case):
    from cyberplan.engine.render.docx import to_docx
    config = case["config"].model_copy(update={
        "budget": case["config"].budget.model_copy(update={"per_period": 1.0}), "mandatory": ["C-SOC"]})
    out = build_report(case["inputs"], case["result"], config, threats=case["threats"])
    assert out.result.status == "infeasible"
    brief = section(to_html(out), "brief")
    assert "No plan meets the constraints" in brief and "C-SOC" in brief
    assert to_docx(out)[:2] == b"PK"      # a Word file (a zip) still says so
