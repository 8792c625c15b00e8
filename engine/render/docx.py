"""The business case as a Word document (python-docx), set out as the economic and financial cases of
HM Treasury's Five Case Model, with the delivery roadmap (the management case's plan of work):

- Summary: the recommendation and the case in plain sentences;
- The economic case: the options considered and their appraisal side by side (NPV, benefit-cost
  ratio, payback, the risk left), value for money, switching values and the tornado of NPV per
  threat, the risks (what is left, the budget frontier);
- The financial case: affordability, spend against budget by fiscal year, running costs after the
  plan, the appraisal year by year;
- The delivery roadmap: progress over time and the actions by period;
- Annexes: inputs and assumptions, technical detail.

It reads the same story as report.html (engine.render.story); charts are PNGs (engine.render.charts).
Every string from the inputs is text in the document, never markup.
"""
from __future__ import annotations

import io
from typing import Any

from cyberplan.engine import units
from cyberplan.engine.render import Output, charts, story

OPTION_TEXT = {
    "do-nothing": "no action: the exposure stays as assessed (the baseline every option is compared with)",
    "do-minimum": "only the mandatory controls, each as early as the limits allow",
    "plan": "the recommended plan: the optimiser's choice within the budget, staff capacity and horizon",
    "close-targets": "the least-cost plan that reaches every target by the end of the horizon, budget no object",
}


class _Doc:
    """A python-docx Document with the few building blocks the case needs."""

    def __init__(self):
        from docx import Document
        from docx.shared import Pt
        self.d = Document()
        style = self.d.styles["Normal"]
        style.font.name = "Calibri"
        style.font.size = Pt(10)

    def heading(self, text: str, level: int = 1) -> None:
        self.d.add_heading(text, level=level)

    def para(self, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None) -> None:
        from docx.shared import Pt
        p = self.d.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)

    def bullets(self, items: list[str]) -> None:
        for it in items:
            self.d.add_paragraph(it, style="List Bullet")

    def table(self, columns: list[str], rows: list[list[Any]], *, numeric: set[int] | None = None,
              first_bold: bool = False) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
        numeric = numeric or set()
        t = self.d.add_table(rows=1, cols=len(columns))
        t.style = "Table Grid"
        for i, c in enumerate(columns):
            cell = t.rows[0].cells[i]
            cell.text = ""
            run = cell.paragraphs[0].add_run(str(c))
            run.bold = True
            run.font.size = Pt(8)
            if i in numeric:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for r in rows:
            cells = t.add_row().cells
            for i, v in enumerate(r):
                run = cells[i].paragraphs[0].add_run("" if v is None else str(v))
                run.font.size = Pt(8)
                run.bold = first_bold and i == 0
                if i in numeric:
                    cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        self.d.add_paragraph()

    def picture(self, png: bytes, caption: str) -> None:
        from docx.shared import Inches
        self.d.add_picture(io.BytesIO(png), width=Inches(charts.WIDTH_IN))
        self.para(caption, italic=True, size=8)

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        self.d.save(buf)
        return buf.getvalue()


def to_docx(out: Output) -> bytes:
    plan = out.result
    ctx = out.context
    if plan is None:
        raise ValueError("a business case needs a plan")
    fw = ctx.get("framework")
    config = ctx.get("config")
    names = {e.id: e.label for e in ctx["assessment"].entities} if ctx.get("assessment") else {}
    levels0 = None
    if ctx.get("assessment_result") is not None and fw is not None:
        levels0 = {e.id: {o: e.levels.get(o, 0) for o in fw.leaves} for e in ctx["assessment_result"].entities}
    title = f"Business case: cyber resilience plan, {fw.title if fw else plan.framework}"
    assessment = ctx.get("assessment")
    subtitle = " · ".join(x for x in (str(assessment.title or "") if assessment else "",
                                      f"plan {plan.periods[0]} to {plan.periods[-1]}" if plan.periods else "",
                                      f"framework {plan.framework}, ruleset {plan.ruleset}") if x)
    brief = story.build_brief(plan, title=title, subtitle=subtitle, config=config, names=names, levels0=levels0,
                              top=fw.max_level if fw else None)
    bc = plan.business_case
    cur = brief.currency
    cu = f" ({cur})" if cur else ""
    doc = _Doc()
    doc.d.core_properties.title = title
    doc.d.core_properties.author = "cyberplan"
    doc.d.add_heading(title, level=0)
    doc.para(subtitle, italic=True)

    doc.heading("Summary", 1)
    doc.para(brief.recommendation, bold=True, size=12)
    doc.bullets(list(bc.summary) if bc is not None else brief.sentences)
    doc.para(brief.status, italic=True, size=8)

    # ---------------------------------------------------------------- the economic case
    doc.heading("1. The economic case", 1)
    if bc is None:
        doc.para("The plan is not valued in money: without a threat profile there is no options appraisal, NPV or "
                 "benefit-cost ratio. Give a threat profile (--threats) for the economic case.")
    else:
        ap = bc.appraisal
        doc.heading("1.1 The options considered", 2)
        doc.bullets([f"{o.name}: {OPTION_TEXT.get(o.id, o.status)}"
                     + (f" ({o.reason})" if o.reason and o.id != "do-nothing" else "") for o in bc.options])
        doc.heading("1.2 Options appraisal", 2)
        doc.para(f"Each option on the same appraisal: {ap.years} years from the start of the plan, a real discount "
                 f"rate of {units.pct(ap.discount_rate, 1)} (HM Treasury Green Book), plain expected money in {cur} "
                 "(criticality never multiplies money). ★ marks the highest NPV.")
        cols = [""] + [o.name + (" ★" if o.favoured else "") for o in brief.options]
        rows = [[label] + [o.cells[key] for o in brief.options] for key, label in brief.option_rows]
        doc.table(cols, rows, numeric=set(range(1, len(cols))), first_bold=True)
        doc.para(bc.recommendation, bold=True)
        if bc.value_for_money:
            doc.heading("1.3 Value for money", 2)
            doc.para(f"The plan's actions ranked by expected loss avoided within the horizon per {cur} spent "
                     f"(the first {min(10, len(bc.value_for_money))} of {len(bc.value_for_money)}).")
            doc.table(["rank", "action", f"cost{cu}", f"loss avoided{cu}", f"per {cur} spent"],
                      [[r.value_rank, f"{r.title} ({story.entity_name(r.entity, names)})", units.money(r.cost),
                        units.money(r.loss_avoided), units.ratio(r.loss_avoided_per_unit_spent)]
                       for r in bc.value_for_money[:10]], numeric={0, 2, 3, 4})
        sens = bc.sensitivity or {}
        doc.heading("1.4 Sensitivity: switching values", 2)
        doc.bullets([s["sentence"] for s in sens.get("switching", [])] or
                    ["No switching value: the plan avoids no expected loss."])
        tornado = story.tornado_rows(bc)
        if tornado:
            doc.picture(charts.tornado_png(tornado, currency=cur),
                        "NPV with each threat at its low, then its high estimate, the others at their likely values.")
            doc.table(["threat", f"NPV low{cu}", f"NPV likely{cu}", f"NPV high{cu}", f"swing{cu}"],
                      [[t["threat"], units.money(t["npv_low"]), units.money(t["npv_likely"]),
                        units.money(t["npv_high"]), units.money(t["swing"])] for t in tornado], numeric={1, 2, 3, 4})
        doc.heading("1.5 Risks", 2)
        doc.para(brief.risk_sentence)
        if brief.risks:
            doc.table(["entity", f"expected loss a year now{cu}", f"once the plan is complete{cu}"],
                      [[r.entity, units.money(r.before), units.money(r.after)] for r in brief.risks],
                      numeric={1, 2})
        if bc.uncertainty:
            doc.bullets(list(bc.uncertainty.get("summary") or []))
        front = ctx.get("frontier") or bc.frontier
        fseries = story.frontier_series(front)
        if fseries is not None:
            doc.para("What more (or less) money would buy: the plan re-made at budgets around the configured one, "
                     "each with the plan's own objective, constraints and solver settings."
                     + (f" {front.knee}" if front.knee else ""))
            doc.picture(charts.frontier_png(fseries, currency=cur), "The budget frontier.")
            if front.gordon_loeb_per_period is not None:
                doc.para(f"Gordon-Loeb reference: spending more than {units.money(front.gordon_loeb_per_period, cur)} "
                         "a period (37% of the expected annual loss the programme addresses) is hard to justify.")

    # ---------------------------------------------------------------- the financial case
    doc.heading("2. The financial case", 1)
    doc.heading("2.1 Affordability: spend against budget by fiscal year", 2)
    years = story.funding_years(plan, config, names)
    doc.picture(charts.fiscal_png(years, currency=cur, money=bc is not None),
                "Spend (capex and opex) and expected loss avoided per fiscal year; the budget in red; shaded: "
                "after the plan's horizon.")
    cols = ["fiscal year", "in the plan", f"capex{cu}", f"opex{cu}", f"spend{cu}", f"budget{cu}",
            f"budget left{cu}"] + ([f"expected loss avoided{cu}"] if bc is not None else []) + ["actions starting"]
    rows = []
    for y in years:
        row = [y.label, "yes" if y.in_horizon else "no", units.money(y.capex), units.money(y.opex),
               units.money(y.spend), units.money(y.budget) if y.in_horizon and y.budget is not None else "",
               units.money(y.headroom) if y.in_horizon and y.headroom is not None else ""]
        if bc is not None:
            row.append(units.money(y.benefit) if y.benefit is not None else "")
        rows.append(row + [y.count])
    doc.table(cols, rows, numeric=set(range(2, len(cols))))
    doc.para("Spend is the whole fiscal year's, running costs included; budget is that of the year's periods "
             "within the plan.", italic=True, size=8)
    if bc is not None:
        doc.para(f"Once the plan is complete its controls cost {units.money(bc.annual_opex_after_horizon, cur)} a "
                 f"year to run and avoid an expected {units.money(bc.annual_loss_avoided_run_rate, cur)} of loss a "
                 "year.")
        doc.heading("2.2 The appraisal year by year", 2)
        doc.table(["year", "months", f"benefit{cu}", f"cost{cu}", f"net{cu}", "discount factor",
                   f"present value of net{cu}"],
                  [[y.year, y.label, units.money(y.benefit), units.money(y.cost), units.money(y.net),
                    f"{y.discount_factor:.4f}", units.money(y.pv_net)] for y in bc.years],
                  numeric={0, 2, 3, 4, 5, 6})
        ap = bc.appraisal
        doc.para(f"NPV {units.money(ap.npv, cur)}; present value of the avoided losses "
                 f"{units.money(ap.pv_benefit, cur)}, of the costs {units.money(ap.pv_cost, cur)}; benefit-cost ratio "
                 f"{units.ratio(ap.bcr)}; " + (f"paid back in {ap.payback_period}." if ap.payback_period
                                             else f"not paid back within {ap.years} years."))

    # ---------------------------------------------------------------- delivery
    doc.heading("3. Delivery roadmap", 1)
    labels, series = story.attainment_series(plan, names)
    if series:
        doc.picture(charts.attainment_png(labels, series),
                    "Target attainment over time: the portfolio (bold) and each entity.")
        doc.table(["entity", "target attainment now", "at the end", "level steps gained", "gaps to target closed"],
                  [[r["scope"], r["now"], r["end"], r["steps"], r["closed"]] for r in story.progress_rows(plan, names)],
                  numeric={1, 2, 3, 4})
    doc.heading("3.1 Actions by period", 2)
    if plan.actions:
        doc.table(["#", "when", "entity", "control", "title", f"cost in horizon{cu}", "effort (person-days)"],
                  [[a.rank, a.start_period + (f" to {a.finish_period}" if a.finish != a.start else ""),
                    story.entity_name(a.entity, names), a.control + (" (mandatory)" if a.mandatory else ""), a.title,
                    units.money(a.cost), f"{a.effort:,.0f}"] for a in plan.actions], numeric={0, 5, 6})
    else:
        doc.para("No actions are planned.")

    # ---------------------------------------------------------------- annexes
    doc.heading("Annex A. Inputs", 1)
    report = out.data.get("report", {}) if isinstance(out.data, dict) else {}
    answers = report.get("answers_file")
    doc.table(["input", "file"], [
        ["answers", story.display_path(answers) if answers else "(in memory)"],
        ["plan configuration", story.display_path(report.get("config_file"), answers)],
        ["threat profile", story.display_path(report.get("threats_file"), answers) if bc is not None else "none"],
    ])
    doc.heading("Annex B. Technical detail", 1)
    doc.table(["", ""], [list(r) for r in story.technical_rows(plan, config)])
    return doc.bytes()
