"""HTML: the self-contained report (`cyberplan report`) and, for any other output, a page of its
tables. One file, inline CSS and server-side SVG, no script and no network; every piece of input
text is escaped (jinja2 autoescape; the SVG helpers escape their own text)."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from cyberplan.engine import units
from cyberplan.engine.render import Output, story, svg
from cyberplan.engine.render.text import _cell

TEMPLATES = Path(__file__).parent / "templates"

_env: Environment | None = None


def env() -> Environment:
    global _env
    if _env is None:
        _env = Environment(loader=FileSystemLoader(str(TEMPLATES)),
                           autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
                           trim_blocks=True, lstrip_blocks=True)
        _env.filters["cell"] = _cell
        _env.filters["money"] = lambda v, cur=None, short=False: "" if v is None else units.money(v, cur, short=short)
        _env.filters["num"] = lambda v, d=2: "" if v is None else f"{v:,.{d}f}"
        _env.filters["pct"] = lambda v, d=1: "" if v is None else units.pct(v, d)
        _env.filters["ratio"] = units.ratio
        _env.filters["days"] = lambda v: "" if v is None else f"{v:,.0f}"
    return _env


def to_html(out: Output) -> str:
    if out.kind == "report" and out.context.get("plan") is not None:
        return env().get_template("report.html.j2").render(**report_view(out))
    return env().get_template("tables.html.j2").render(title=f"cyberplan: {out.kind}", out=out)


def brief_html(out: Output) -> str:
    """The executive brief alone, on a page with the report's own style (print it to check that it
    fits one A4 page)."""
    view = report_view(out)
    return env().get_template("brief.html.j2").render(**view)


# --------------------------------------------------------------------------- the report's view

def report_view(out: Output) -> dict[str, Any]:
    ctx = out.context
    fw = ctx["framework"]
    plan = ctx["plan"]
    result = ctx["assessment_result"]
    gaps = ctx["gaps"]
    config = ctx["config"]
    threats = ctx.get("threats")
    assessment = ctx["assessment"]
    top = fw.max_level
    functions = [o.id for o in fw.outcomes]
    fn_title = {o.id: o.title for o in fw.outcomes}
    names = {e.id: e.label for e in assessment.entities}
    unit = plan.objective.unit
    bc = plan.business_case
    money = bc is not None
    currency = bc.currency if bc is not None else (config.currency or fw.currency or "")
    answers_file = ctx["inputs"].answers_file if ctx.get("inputs") else None
    title = f"Cyber resilience plan: {fw.title}"
    subtitle = " · ".join(x for x in (str(assessment.title or ""), f"{len(result.entities)} entities",
                                      f"assessed {assessment.assessed or '(date not stated)'}",
                                      f"plan {plan.periods[0]} to {plan.periods[-1]}" if plan.periods else "") if x)
    levels0 = {e.id: {o: e.levels.get(o, 0) for o in fw.leaves} for e in result.entities}
    brief = story.build_brief(plan, title=title, subtitle=subtitle, config=config, names=names, levels0=levels0,
                              top=top)
    charts: dict[str, Markup] = {}

    # heat map: level by function, with the mean gap to target
    entity_ids = list(gaps.heatmap)
    charts["heatmap"] = Markup(svg.heatmap(
        entity_ids, functions, lambda e, f: gaps.heatmap[e][f],
        lambda e, f: f"{gaps.heatmap[e][f]} (−{gaps.heatmap_gap[e][f]:.1f})" if gaps.heatmap_gap[e][f] else
        f"{gaps.heatmap[e][f]}", top, title="Portfolio heat map", row_labels=names, column_labels=fn_title))

    # per entity: level per function now, at the end of the plan, and the mean target
    target_fn: dict[str, dict[str, float]] = {}
    for g in gaps.leaves:
        target_fn.setdefault(g.entity, {}).setdefault(g.outcome, g.target)
    entity_bars = []
    for e in result.entities:
        cur = {f: e.levels.get(f, 0) for f in functions}
        series = plan.maturity.get(e.id)
        end = series[-1] if series else None
        tgt = {f: round(sum(target_fn[e.id][x] for x in fw.leaves_under[f]) / len(fw.leaves_under[f]), 2)
               for f in functions} if e.id in target_fn else None
        entity_bars.append(Markup(svg.function_bars(functions, cur, end, tgt, top, title=names.get(e.id, e.id),
                                                    subtitle=e.sector or "")))

    # Gantt by period
    bars = [{"label": f"#{a.rank} {story.entity_name(a.entity, names)} · {a.control} {a.title}", "start": a.start,
             "finish": a.finish, "group": story.SHARED if a.entity == "*" else names.get(a.entity, a.entity),
             "tooltip": f"{a.control} {a.title} at {story.entity_name(a.entity, names)}: {a.start_period}–"
                        f"{a.finish_period}, cost {units.money(a.cost, currency)}"}
            for a in sorted(plan.actions, key=lambda a: (a.start, a.finish, a.rank))]
    charts["gantt"] = Markup(svg.gantt(plan.periods, bars, title="Roadmap")) if bars else Markup("")

    # spend against budget, per period and per fiscal year
    charts["spend"] = Markup(svg.spend_chart(plan.periods, [s.capex for s in plan.spend], [s.opex for s in plan.spend],
                                             [s.available if s.available is not None else s.budget
                                              for s in plan.spend], currency=currency,
                                             title="Spend per period against budget"))
    fiscal = story.funding_years(plan, config, names)
    charts["fiscal"] = Markup(svg.fiscal_chart(
        [f.label for f in fiscal], [f.capex for f in fiscal], [f.opex for f in fiscal], [f.benefit for f in fiscal],
        [f.budget if f.in_horizon else None for f in fiscal], [f.in_horizon for f in fiscal], currency=currency,
        title="Spend and expected loss avoided by fiscal year" if money else "Spend by fiscal year"))

    # progress: target attainment over time, the portfolio and each entity
    labels, series = story.attainment_series(plan, names)
    if series:
        charts["attainment"] = Markup(svg.line_chart(
            labels, [(s.name, s.values) for s in series], y_title="target attainment (%)",
            title="Target attainment over time", hi=100, emphasis=[s.name for s in series if s.emphasis],
            fmt=lambda v: f"{v:.0f}%", axis_fmt=lambda v: f"{v:.0f}%"))

    loss_rows = []
    if bc:
        rows = [r for r in bc.periods if r.in_horizon]
        loss_rows = rows
        charts["loss"] = Markup(svg.line_chart(
            [r.label for r in rows],
            [("cumulative loss avoided", [r.cumulative_loss_avoided for r in rows]),
             ("cumulative spend", [r.cumulative_spend for r in rows])],
            bars=("loss avoided in the period", [r.loss_avoided for r in rows]),
            y_title=currency, title="Expected loss avoided against spend", dashed=("cumulative spend",),
            fmt=lambda v: units.money(v, currency)))
    elif plan.benefit_by_period:
        charts["loss"] = Markup(svg.line_chart(
            list(plan.periods), [("benefit in the period", list(plan.benefit_by_period))],
            y_title=unit, title="Benefit per period"))

    front = ctx.get("frontier")
    fseries = story.frontier_series(front)
    if fseries is not None:
        charts["frontier"] = Markup(svg.frontier_chart(
            fseries["budgets"], fseries["lines"], knee=fseries["knee"], configured=fseries["configured"],
            above_gl=fseries["above_gl"], gordon_loeb=fseries["gordon_loeb"], currency=currency, unit=unit,
            title="Budget frontier"))
    tornado = story.tornado_rows(bc)
    if tornado:
        charts["tornado"] = Markup(svg.tornado(tornado, currency=currency, title="NPV under each threat's range"))

    worst = sorted((g for g in gaps.leaves if g.gap > 0),
                   key=lambda g: (-g.gap * next((e.criticality for e in result.entities if e.id == g.entity), 1),
                                  g.entity, g.outcome))
    gap_rows = [{"entity": g.entity, "name": names.get(g.entity, g.entity), "outcome": g.outcome,
                 "title": fw.nodes[g.outcome].title, "current": g.current, "target": g.target, "gap": g.gap}
                for g in worst[:40]]
    below = sum(1 for g in gaps.leaves if g.gap > 0)
    cats = [n for n in fw.nodes if fw.nodes[n].children and fw.parent_of.get(n) is not None]

    inputs_rows = _inputs_rows(ctx, fw, plan, config, threats, assessment, answers_file, currency)
    threat_rows = []
    if threats is not None:
        for t in threats.threats:
            threat_rows.append({"id": t.id, "name": t.name or t.id,
                                "frequency": ", ".join(f"{k} {v:g}" for k, v in t.frequency.items()),
                                "impact": ", ".join(f"{k} {units.money(v)}" for k, v in t.impact.items()),
                                "mitigated_by": ", ".join(f"{k} {units.pct(v)}" for k, v in t.mitigated_by.items())})
    said = set(plan.dropped.notes) | ({bc.recommendation} if bc is not None else set())
    planner_notes = [n for n in out.notes if n not in said]
    technical = story.technical_rows(plan, config, planner_notes)
    trend = ctx.get("trend") or []
    trend_rows = []
    if trend:
        from cyberplan.engine.assess.compare import history_series
        series = history_series(trend)
        charts["trend"] = Markup(svg.trend_chart(
            [p.label for p in trend],
            [("portfolio", [p.portfolio for p in trend])] + [(names.get(e, e), vs) for e, vs in series.items()],
            highlight="portfolio", title="Target attainment per entity over time"))
        trend_rows = [{"name": names.get(e, e), "values": vs} for e, vs in series.items()]
        trend_rows.append({"name": "portfolio", "values": [p.portfolio for p in trend]})
    unc = []
    if bc is not None and bc.uncertainty:
        from cyberplan.engine.render.views.business import uncertainty_tables
        unc = uncertainty_tables(bc.uncertainty, currency)
    return {
        "title": title, "subtitle": subtitle,
        "generated_for": str(assessment.title or ""),
        "assessed": str(assessment.assessed or ""),
        "generator": out.data.get("report", {}).get("generator", "cyberplan"),
        "today": _dt.date.today().isoformat(),
        "fw": fw, "functions": functions, "fn_title": fn_title, "plan": plan, "result": result, "bc": bc,
        "names": names, "charts": charts, "entity_bars": entity_bars, "gap_rows": gap_rows,
        "cat_rows": [g for g in gaps.rollup if g.outcome in cats and g.mean_gap > 0][:30],
        "below": below, "pairs": len(gaps.leaves), "brief": brief, "fiscal": fiscal,
        "progress_rows": story.progress_rows(plan, names), "money": money, "currency": currency, "unit": unit,
        "frontier": front, "loss_rows": loss_rows, "inputs_rows": inputs_rows, "threat_rows": threat_rows,
        "assumptions": _assumptions(money, config), "technical": technical, "top": top, "uncertainty_tables": unc,
        "entity_name": lambda e: story.entity_name(e, names),
        "findings": [(e.id, f) for e in result.entities for f in e.findings],
        "trend": trend, "trend_rows": trend_rows,
        "lower_bound": [names.get(e.id, e.id) for e in result.entities if e.lower_bound],
        "unanswered_threshold": result.unanswered_threshold,
    }


def _inputs_rows(ctx, fw, plan, config, threats, assessment, answers_file, currency) -> list[tuple[str, str]]:
    top = fw.max_level
    budget = config.budget

    def m(v: float) -> str:
        return units.money(v, currency)
    if isinstance(budget.per_period, list):
        budget_text = "per period: " + ", ".join(m(b) for b in budget.per_period)
    elif budget.per_period is not None:
        budget_text = f"{m(budget.per_period)} per period"
    elif budget.total is not None:
        budget_text = f"{m(budget.total)} in total"
    else:
        budget_text = "none (unconstrained)"
    if budget.carry_over:
        budget_text += "; unspent budget carries over"
    if budget.per_entity:
        budget_text += f"; at most {m(budget.per_entity)} per entity"
    targets = config.targets
    target_bits = [f"default {targets.default if targets.default is not None else f'{top} (top of the scale)'}"]
    target_bits += [f"{k}: {v}" for k, v in targets.outcomes.items()]
    target_bits += [f"{e}: " + ", ".join(([f"default {t.default}"] if t.default is not None else [])
                                         + [f"{k}: {v}" for k, v in t.outcomes.items()])
                    for e, t in targets.entities.items()]
    ap = config.appraisal
    rows = [
        ("Framework", f"{fw.title} ({fw.id}{' ' + fw.version if fw.version else ''})"),
        ("Ruleset", plan.ruleset),
        ("Answers", story.display_path(answers_file) if answers_file else "(in memory)"),
        ("Assessed", str(assessment.assessed or "not stated")),
        ("Entities", f"{len(assessment.entities)}: " + ", ".join(f"{e.label} ({e.sector or 'no sector'}, "
                                                                 f"criticality {e.criticality})"
                                                                 for e in assessment.entities)),
        ("Plan configuration", story.display_path(ctx.get("config_file"), answers_file)),
        ("Periods", f"{config.horizon} × {config.period} from {config.start} ({plan.periods[0]} to "
                    f"{plan.periods[-1]})" if plan.periods else ""),
        ("Budget", budget_text),
        ("Staff capacity", units.days(config.capacity.per_period) + " per entity per period"
         if config.capacity.per_period else "not limited"),
        ("Targets", "; ".join(target_bits)),
        ("Objective", _OBJECTIVES.get(config.objective, config.objective)
         + ("; priority-weighted by criticality (a separate, labelled figure)" if config.priority == "criticality"
            else "")),
        ("Mandatory controls", ", ".join(config.mandatory) or "none"),
        ("Appraisal", f"{config.appraisal_years} years at a real discount rate of {units.pct(ap.discount_rate, 1)}; "
                      f"fiscal years begin in month {ap.fiscal_year_start}"),
        ("Threat profile", (story.display_path(ctx.get("threats_file"), answers_file)
                            + f": {len(threats.threats)} threats, currency {threats.currency}")
         if threats is not None else "none: benefit is counted in level-periods (levels gained × criticality × "
                                     "periods)"),
        ("Levels", ", ".join(f"{lv.value} {lv.name}" for lv in fw.levels)),
    ]
    return rows


_OBJECTIVES = {
    "max-benefit": "max-benefit: the largest benefit within the budget",
    "max-net-benefit": "max-net-benefit: the largest loss avoided minus spend within the horizon",
    "max-npv": "max-npv: the largest net present value over the appraisal period",
    "min-cost": "min-cost: the least cost that reaches every target",
}


def _assumptions(money: bool, config) -> list[str]:
    out = [
        "A maturity level is what the ruleset gives on the answers: the highest level k such that, for every "
        "level 1..k, at least one rule for that outcome and level holds. Categories and functions take the "
        "rounded-down mean of their children unless the ruleset says otherwise.",
        "A control that starts in period s with a duration of d periods is worked on in periods s..s+d−1 and "
        "complete at the end of its finish period; its capex and effort are spread evenly over those periods, "
        "its opex is charged pro rata in every period after completion.",
        "Once complete, a control's implemented answers hold for its entity (or every entity a shared control "
        "serves); the planned levels are re-assessed by the rules engine (verification).",
        "Target attainment is the sum of min(level, target) over the sum of the targets, over every entity and "
        "outcome: it moves with every level step gained below target.",
        "Benefit counts, per period, entity and outcome, weight × the level gained up to target (nothing above "
        "target), so closing gaps early is worth more."
        + (" With a threat profile the weight is plain money per year: the annual loss expectancy (frequency × "
           "impact × the entity's impact factor) × the outcome's share of mitigation ÷ the top level. Criticality "
           "never multiplies money." if money else " Without a threat profile the weight is the entity's "
                                                   "criticality."),
    ]
    if money:
        ap = config.appraisal
        out.append(f"The appraisal runs {config.appraisal_years} years from the start: after the horizon the levels "
                   "reached hold and the running costs of completed controls go on. NPV discounts each year's benefit "
                   f"minus cost at {units.pct(ap.discount_rate, 1)} a year (real); the benefit-cost ratio is the "
                   "present value of the avoided losses over that of the costs; payback is the first period in which "
                   "the cumulative loss avoided reaches the cumulative cost.")
    out.append("The frontier re-plans at a few budgets per period around the configured one, each with the plan's "
               "own objective, constraints and solver settings; it shows what each extra unit of budget buys, not a "
               "commitment.")
    return out
