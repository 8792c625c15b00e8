"""The whole story in one `Output` (kind "report"): assessment, gaps, plan, budget frontier and
the inputs and assumptions behind them. `engine.render.html` turns it into the self-contained HTML
report; the JSON, Markdown, CSV and xlsx formats show the same data and tables."""
from __future__ import annotations

import datetime as _dt
from typing import Callable

from cyberplan.engine.assess.levels import AssessmentResult
from cyberplan.engine.models import PlanConfig, ThreatProfile


def build_report(inputs, result: AssessmentResult, config: PlanConfig, *, threats: ThreatProfile | None = None,
                 config_file: str | None = None, threats_file: str | None = None, frontier: bool = True,
                 progress: Callable[[str], None] | None = None, solver_progress: Callable | None = None,
                 plan=None, history: list[tuple[str, AssessmentResult]] | None = None, executor=None):
    """Gaps, the plan (unless given) and the frontier, gathered into an Output of kind "report".
    `history`: earlier assessments (file, result) of the same framework; with them the report
    shows the trend of target attainment per entity, ending with this assessment."""
    from cyberplan.engine.assess.gaps import compute_gaps
    from cyberplan.engine.plan import plan_portfolio
    from cyberplan.engine.plan.frontier import frontier_around
    from cyberplan.engine.render import Output, Table
    from cyberplan.engine.render.views.plan import frontier_output, plan_output
    from cyberplan.engine.render.views.results import assessment_output, gap_output
    fw = inputs.framework
    gaps = compute_gaps(fw, result, config.targets)
    if plan is None:
        plan = plan_portfolio(inputs, result, config, threats=threats, progress=progress, config_file=config_file,
                              threats_file=threats_file, solver_progress=solver_progress, executor=executor)
    front = None
    if frontier and plan.status in ("optimal", "feasible"):
        if progress:
            progress("budget frontier: the plan re-made at budgets around the configured one")
        front = frontier_around(inputs, result, config, plan, threats, progress=progress, executor=executor)
        if front is not None and plan.business_case is not None:
            plan.business_case.frontier = front
    crit = {e.id: e.criticality for e in inputs.assessment.entities}
    a_out = assessment_output(result, fw)
    g_out = gap_output(gaps, fw, crit, top=25)
    p_out = plan_output(plan, fw)
    tables = list(g_out.tables) + list(p_out.tables)
    if front is not None:
        tables += frontier_output(front).tables
    trend = []
    if history:
        from cyberplan.engine.assess.compare import attainment_history, history_series
        trend = attainment_history(fw, list(history) + [(inputs.answers_file, result)], config.targets)
        series = history_series(trend)
        tables.append(Table("Target attainment over time (share of target levels reached)",
                            ["entity"] + [p.label for p in trend],
                            [[e] + ["" if v is None else f"{v:.0%}" for v in vs] for e, vs in series.items()]
                            + [["portfolio"] + ["" if p.portfolio is None else f"{p.portfolio:.0%}" for p in trend]],
                            name="trend"))
    assessed = inputs.assessment.assessed
    data = {
        "report": {"framework": fw.id, "framework_title": fw.title, "ruleset": inputs.ruleset.id,
                   "assessed": assessed.isoformat() if isinstance(assessed, _dt.date) else assessed,
                   "answers_file": inputs.answers_file, "config_file": config_file, "threats_file": threats_file,
                   "generator": _version()},
        "assessment": a_out.data,
        "gaps": g_out.data,
        "plan": p_out.data,
        "frontier": None if front is None else front.model_dump(mode="json"),
    }
    if trend:
        data["history"] = [p.model_dump(mode="json") for p in trend]
    context = {"framework": fw, "assessment": inputs.assessment, "assessment_result": result, "gaps": gaps,
               "plan": plan, "config": config, "threats": threats, "targets": config.targets,
               "frontier": front, "inputs": inputs, "config_file": config_file, "threats_file": threats_file,
               "trend": trend}
    return Output("report", data, tables, notes=list(p_out.notes), result=plan, context=context)


def _version() -> str:
    try:
        import importlib.metadata
        return "cyberplan " + importlib.metadata.version("cyberplan")
    except Exception:  # noqa: BLE001
        return "cyberplan"
