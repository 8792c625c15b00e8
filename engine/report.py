"""The whole story in one `Output` (kind "report"): assessment, gaps, plan, budget frontier and
the inputs and assumptions behind them. `engine.render.html` turns it into the self-contained HTML
report; the JSON, Markdown, CSV and xlsx formats show the same data and tables."""
from __future__ import annotations

import datetime as _dt
from typing import Any, Callable

from cyberplan.engine.assess.levels import AssessmentResult
from cyberplan.engine.models import PlanConfig, ThreatProfile

FRONTIER_FACTORS = (0.5, 0.75, 1.0, 1.5, 2.0)
FRONTIER_TIME_LIMIT = 6.0   # seconds per sweep point: the frontier is a sketch, the main plan is the plan


def configured_per_period(config: PlanConfig) -> float | None:
    """The configured budget as one figure per period (a list or a total is averaged)."""
    b = config.budget
    if isinstance(b.per_period, list):
        return sum(b.per_period) / len(b.per_period) if b.per_period else None
    if b.per_period is not None:
        return float(b.per_period)
    if b.total is not None:
        return float(b.total) / config.horizon
    return None


def frontier_points(inputs, result, config: PlanConfig, plan, threats=None, *,
                    factors=FRONTIER_FACTORS, progress: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """The plan's benefit at a few budgets around the configured one (the configured point is the
    plan itself, not solved again). Empty for min-cost plans or without a budget."""
    from cyberplan.engine.plan.frontier import sweep_budgets
    base = configured_per_period(config)
    if base is None or base <= 0 or not config.maximizes:
        return []
    others = sorted({round(base * f, 2) for f in factors if abs(f - 1.0) > 1e-9})
    fast = config.model_copy(update={"solver": config.solver.model_copy(
        update={"time_limit": min(config.solver.time_limit, FRONTIER_TIME_LIMIT)})})
    swept = sweep_budgets(inputs, result, fast, others, threats=threats, progress=progress)
    points = [p.model_dump() for p in swept]
    points.append({"budget_per_period": base, "total_budget": base * config.horizon, "status": plan.status,
                   "benefit": plan.objective.benefit, "cost": plan.objective.cost, "gap": plan.objective.gap,
                   "actions": len(plan.actions), "marginal_benefit_per_1000": None})
    points.sort(key=lambda p: p["budget_per_period"])
    for prev, cur in zip(points, points[1:]):
        extra = cur["total_budget"] - prev["total_budget"]
        cur["marginal_benefit_per_1000"] = (round((cur["benefit"] - prev["benefit"]) / extra * 1000, 6)
                                            if extra > 0 else None)
    if points:
        points[0]["marginal_benefit_per_1000"] = None
    return points


def build_report(inputs, result: AssessmentResult, config: PlanConfig, *, threats: ThreatProfile | None = None,
                 config_file: str | None = None, threats_file: str | None = None, frontier: bool = True,
                 progress: Callable[[str], None] | None = None, solver_progress: Callable | None = None,
                 plan=None):
    """Gaps, the plan (unless given) and the frontier, gathered into an Output of kind "report"."""
    from cyberplan.engine.assess.gaps import compute_gaps
    from cyberplan.engine.plan import plan_portfolio
    from cyberplan.engine.render import Output, Table
    from cyberplan.engine.render.views.plan import plan_output
    from cyberplan.engine.render.views.results import assessment_output, gap_output
    fw = inputs.framework
    gaps = compute_gaps(fw, result, config.targets)
    if plan is None:
        plan = plan_portfolio(inputs, result, config, threats=threats, progress=progress, config_file=config_file,
                              threats_file=threats_file, solver_progress=solver_progress)
    points: list[dict[str, Any]] = []
    if frontier and plan.status in ("optimal", "feasible"):
        if progress:
            progress("budget frontier: a few budgets around the configured one")
        points = frontier_points(inputs, result, config, plan, threats, progress=progress)
    crit = {e.id: e.criticality for e in inputs.assessment.entities}
    a_out = assessment_output(result, fw)
    g_out = gap_output(gaps, fw, crit, top=25)
    p_out = plan_output(plan, fw)
    tables = list(g_out.tables) + list(p_out.tables)
    if points:
        tables.append(Table("Budget frontier: benefit at budgets around the configured one",
                            ["budget/period", "total budget", "status", "benefit", "cost", "actions",
                             "extra benefit per 1,000"],
                            [[round(p["budget_per_period"]), round(p["total_budget"]), p["status"],
                              round(p["benefit"], 2), round(p["cost"]), p["actions"], p["marginal_benefit_per_1000"]]
                             for p in points], name="frontier",
                            styles={"budget/period": "money", "total budget": "money", "cost": "money"}))
    assessed = inputs.assessment.assessed
    data = {
        "report": {"framework": fw.id, "framework_title": fw.title, "ruleset": inputs.ruleset.id,
                   "assessed": assessed.isoformat() if isinstance(assessed, _dt.date) else assessed,
                   "answers_file": inputs.answers_file, "config_file": config_file, "threats_file": threats_file,
                   "generator": _version()},
        "assessment": a_out.data,
        "gaps": g_out.data,
        "plan": p_out.data,
        "frontier": points,
    }
    context = {"framework": fw, "assessment": inputs.assessment, "assessment_result": result, "gaps": gaps,
               "plan": plan, "config": config, "threats": threats, "targets": config.targets,
               "frontier": points, "inputs": inputs, "config_file": config_file, "threats_file": threats_file}
    return Output("report", data, tables, notes=list(p_out.notes), result=plan, context=context)


def _version() -> str:
    try:
        import importlib.metadata
        return "cyberplan " + importlib.metadata.version("cyberplan")
    except Exception:  # noqa: BLE001
        return "cyberplan"
