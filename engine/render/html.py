"""HTML: the self-contained report (`cyberplan report`) and, for any other output, a page of its
tables. One file, inline CSS and server-side SVG, no script and no network; every piece of input
text is escaped (jinja2 autoescape; the SVG helpers escape their own text)."""
from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from cyberplan.engine.render import Output, svg
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
        _env.filters["money"] = lambda v: "" if v is None else f"{v:,.0f}"
        _env.filters["num"] = lambda v, d=2: "" if v is None else f"{v:,.{d}f}"
        _env.filters["pct"] = lambda v: "" if v is None else f"{v:.2%}"
    return _env


def to_html(out: Output) -> str:
    if out.kind == "report" and out.context.get("plan") is not None:
        return env().get_template("report.html.j2").render(**report_view(out))
    return env().get_template("tables.html.j2").render(title=f"cyberplan: {out.kind}", out=out)


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
    money = unit != "level-periods"
    currency = threats.currency if threats is not None else (fw.currency or "")
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
    bars = [{"label": f"#{a.rank} {a.entity} · {a.control} {a.title}", "start": a.start, "finish": a.finish,
             "group": "shared (*)" if a.entity == "*" else a.entity,
             "tooltip": f"{a.control} {a.title} at {a.entity}: {a.start_period}–{a.finish_period}, cost {a.cost:,.0f}"}
            for a in sorted(plan.actions, key=lambda a: (a.start, a.finish, a.rank))]
    charts["gantt"] = Markup(svg.gantt(plan.periods, bars, title="Roadmap")) if bars else Markup("")

    # spend against budget
    charts["spend"] = Markup(svg.spend_chart(plan.periods, [s.capex for s in plan.spend], [s.opex for s in plan.spend],
                                             [s.available if s.available is not None else s.budget
                                              for s in plan.spend], currency=currency,
                                             title="Spend per period against budget"))

    # maturity over time: the portfolio's mean level per function now and at the end of each period
    series = []
    ents = [e for e in plan.maturity if plan.maturity[e]]
    if ents:
        n = len(plan.maturity[ents[0]])
        labels = (["now"] + list(plan.periods))[:n]
        for f in functions:
            series.append((f, [sum(plan.maturity[e][t][f] for e in ents) / len(ents) for t in range(n)]))
        charts["maturity_time"] = Markup(svg.line_chart(labels, series, y_title="mean level (all entities)",
                                                        title="Maturity over time", hi=top))

    loss_rows = []
    bc = plan.business_case
    if bc:
        rows = [r.model_dump() for r in bc.periods if r.in_horizon]
        loss_rows = rows
        charts["loss"] = Markup(svg.line_chart(
            [r["label"] for r in rows],
            [("cumulative loss avoided", [r["cumulative_loss_avoided"] for r in rows]),
             ("cumulative spend", [r["cumulative_spend"] for r in rows])],
            bars=("loss avoided in the period", [r["loss_avoided"] for r in rows]),
            y_title=currency, title="Expected loss avoided against spend", dashed=("cumulative spend",)))
    elif plan.benefit_by_period:
        charts["loss"] = Markup(svg.line_chart(
            list(plan.periods), [("benefit in the period", list(plan.benefit_by_period))],
            y_title=unit, title="Benefit per period"))

    trend = ctx.get("trend") or []
    trend_rows = []
    if trend:
        from cyberplan.engine.assess.compare import history_series
        series = history_series(trend)
        labels = [p.label for p in trend]
        charts["trend"] = Markup(svg.trend_chart(
            labels, [("portfolio", [p.portfolio for p in trend])] + [(names.get(e, e), vs) for e, vs in series.items()],
            highlight="portfolio", title="Target attainment per entity over time"))
        trend_rows = [{"name": names.get(e, e), "values": vs} for e, vs in series.items()]
        trend_rows.append({"name": "portfolio", "values": [p.portfolio for p in trend]})

    front = ctx.get("frontier")
    frontier = [p.model_dump() for p in front.points] if front is not None else []
    from cyberplan.engine.plan.frontier import configured_per_period
    charts["frontier"] = Markup(svg.frontier_chart(frontier, current=configured_per_period(config),
                                                   currency=currency, unit=unit, title="Budget frontier"))

    worst = sorted((g for g in gaps.leaves if g.gap > 0),
                   key=lambda g: (-g.gap * next((e.criticality for e in result.entities if e.id == g.entity), 1),
                                  g.entity, g.outcome))
    gap_rows = [{"entity": g.entity, "name": names.get(g.entity, g.entity), "outcome": g.outcome,
                 "title": fw.nodes[g.outcome].title, "current": g.current, "target": g.target, "gap": g.gap}
                for g in worst[:40]]
    below = sum(1 for g in gaps.leaves if g.gap > 0)
    cats = [n for n in fw.nodes if fw.nodes[n].children and fw.parent_of.get(n) is not None]

    # inputs and assumptions
    budget = config.budget
    if isinstance(budget.per_period, list):
        budget_text = "per period: " + ", ".join(f"{b:,.0f}" for b in budget.per_period)
    elif budget.per_period is not None:
        budget_text = f"{budget.per_period:,.0f} per period"
    elif budget.total is not None:
        budget_text = f"{budget.total:,.0f} in total"
    else:
        budget_text = "none (unconstrained)"
    if budget.carry_over:
        budget_text += "; unspent budget carries over"
    if budget.per_entity:
        budget_text += f"; at most {budget.per_entity:,.0f} per entity"
    targets = config.targets
    target_bits = [f"default {targets.default if targets.default is not None else f'{top} (top of the scale)'}"]
    target_bits += [f"{k}: {v}" for k, v in targets.outcomes.items()]
    target_bits += [f"{e}: " + ", ".join(([f"default {t.default}"] if t.default is not None else [])
                                         + [f"{k}: {v}" for k, v in t.outcomes.items()])
                    for e, t in targets.entities.items()]
    inputs_rows = [
        ("Framework", f"{fw.title} ({fw.id}{' ' + fw.version if fw.version else ''})"),
        ("Ruleset", plan.ruleset),
        ("Answers", ctx["inputs"].answers_file if ctx.get("inputs") else ""),
        ("Assessed", str(assessment.assessed or "not stated")),
        ("Entities", f"{len(assessment.entities)}: " + ", ".join(f"{e.label} ({e.sector or 'no sector'}, "
                                                                 f"criticality {e.criticality})"
                                                                 for e in assessment.entities)),
        ("Plan configuration", ctx.get("config_file") or "(in memory)"),
        ("Periods", f"{config.horizon} × {config.period} from {config.start} ({plan.periods[0]} to "
                    f"{plan.periods[-1]})" if plan.periods else ""),
        ("Budget", budget_text),
        ("Staff capacity", f"{config.capacity.per_period:,.0f} person-days per entity per period"
         if config.capacity.per_period else "not limited"),
        ("Targets", "; ".join(target_bits)),
        ("Objective", config.objective),
        ("Mandatory controls", ", ".join(config.mandatory) or "none"),
        ("Solver", f"{config.solver.name}, time limit {config.solver.time_limit:g}s, gap {config.solver.gap:g}"
         + (f"; {plan.model.binaries} binaries, {plan.model.constraints} constraints, solved by "
            f"{plan.model.solver}" if plan.model else "")),
        ("Threat profile", (ctx.get("threats_file") or "(in memory)") + f": {len(threats.threats)} threats, "
         f"currency {threats.currency}" if threats is not None else "none: benefit is counted in level-periods "
                                                                    "(levels gained × criticality × periods)"),
        ("Levels", ", ".join(f"{lv.value} {lv.name}" for lv in fw.levels)),
    ]
    threat_rows = []
    if threats is not None:
        for t in threats.threats:
            threat_rows.append({"id": t.id, "name": t.name or t.id,
                                "frequency": ", ".join(f"{k} {v:g}" for k, v in t.frequency.items()),
                                "impact": ", ".join(f"{k} {v:,.0f}" for k, v in t.impact.items()),
                                "mitigated_by": ", ".join(f"{k} {v:g}" for k, v in t.mitigated_by.items())})
    assumptions = [
        "A maturity level is what the ruleset gives on the answers: the highest level k such that, for every "
        "level 1..k, at least one rule for that outcome and level holds. Categories and functions take the "
        "rounded-down mean of their children unless the ruleset says otherwise.",
        "A control that starts in period s with a duration of d periods is worked on in periods s..s+d−1 and "
        "complete at the end of its finish period; its capex and effort are spread evenly over those periods, "
        "its opex is charged pro rata in every period after completion.",
        "Once complete, a control's implemented answers hold for its entity (or every entity a shared control "
        "serves); the planned levels are re-assessed by the rules engine (verification).",
        "Benefit counts, per period, entity and outcome, weight × the level gained up to target (nothing above "
        "target), so closing gaps early is worth more."
        + (" With a threat profile the weight is money per year: criticality × annual loss expectancy × the "
           "outcome's share of mitigation ÷ the top level." if money else " Without a threat profile the weight is "
                                                                          "the entity's criticality."),
        "The frontier re-plans at a few budgets per period around the configured one, each with the plan's own "
        "objective, constraints and solver settings; it shows what each extra unit of budget buys, not a commitment.",
    ]
    obj = plan.objective
    summary = {
        "status": plan.status, "reason": plan.reason, "benefit": obj.benefit, "unit": unit, "cost": obj.cost,
        "gap": obj.gap, "actions": len(plan.actions), "entities": len(result.entities),
        "below": below, "pairs": len(gaps.leaves), "unmet": len(plan.unmet_targets),
        "verified": plan.verification.levels_match if plan.verification else None,
        "business_case": bc,
    }
    return {
        "title": f"Cyber resilience plan: {fw.title}",
        "generated_for": str(assessment.title or ""),
        "assessed": str(assessment.assessed or ""),
        "generator": out.data.get("report", {}).get("generator", "cyberplan"),
        "today": _dt.date.today().isoformat(),
        "fw": fw, "functions": functions, "fn_title": fn_title, "plan": plan, "result": result,
        "names": names, "charts": charts, "entity_bars": entity_bars, "gap_rows": gap_rows,
        "cat_rows": [g for g in gaps.rollup if g.outcome in cats and g.mean_gap > 0][:30],
        "summary": summary, "money": money, "currency": currency, "unit": unit,
        "frontier": frontier, "loss_rows": loss_rows, "inputs_rows": inputs_rows, "threat_rows": threat_rows,
        "assumptions": assumptions, "notes": out.notes, "top": top,
        "findings": [(e.id, f) for e in result.entities for f in e.findings],
        "trend": trend, "trend_rows": trend_rows,
        "lower_bound": [names.get(e.id, e.id) for e in result.entities if e.lower_bound],
        "unanswered_threshold": result.unanswered_threshold,
    }
