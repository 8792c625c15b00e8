"""The efficient frontier: the plan's benefit at a series of budgets, so that a minister can see
what each extra million buys."""
from __future__ import annotations

from typing import Callable

from pydantic import BaseModel

from cyberplan.engine.models import PlanConfig


class FrontierPoint(BaseModel):
    budget_per_period: float
    total_budget: float
    status: str
    benefit: float
    cost: float
    gap: float | None
    actions: int
    marginal_benefit_per_1000: float | None = None


def sweep_budgets(inputs, result, config: PlanConfig, budgets: list[float], threats=None,
                  progress: Callable[[str], None] | None = None,
                  time_limit: float | None = None) -> list[FrontierPoint]:
    """Benefit at each per-period budget. The model is built once; only its budget rows change.
    Budgets are solved in increasing order, each starting from the plan of the one before (still
    within budget), so the frontier never goes down."""
    from cyberplan.engine.plan import prepare_instance
    from cyberplan.engine.plan.greedy import greedy_schedule
    from cyberplan.engine.plan.milp import build_model, set_budget
    from cyberplan.engine.plan.solve import schedule_from, solve
    from cyberplan.engine.plan.states import States
    from cyberplan.engine.plan.verify import check_schedule, spend_by_period
    budgets = sorted(set(budgets))
    top = budgets[-1]
    cfg = config.model_copy(update={"budget": config.budget.model_copy(update={"per_period": top, "total": None})})
    solver = cfg.solver if time_limit is None else cfg.solver.model_copy(update={"time_limit": time_limit})
    inst = prepare_instance(inputs, result, cfg, threats)
    states = States(inst)
    model = build_model(inst)
    points: list[FrontierPoint] = []
    previous: dict[str, int] = {}
    for b in budgets:
        if progress:
            progress(f"budget {b:,.0f} per period")
        inst.budget = [b] * inst.H
        set_budget(model, inst.budget, None)
        greedy = greedy_schedule(inst, states)
        start = max((previous, greedy), key=lambda s: states.capped_benefit(s, "reference")[0])
        out = solve(model, solver, start=start)
        schedule = schedule_from(model) if out.status in ("optimal", "feasible") else {}
        status = out.status
        if states.capped_benefit(start, "reference")[0] > states.capped_benefit(schedule, "reference")[0] + 1e-9:
            schedule, status = start, "feasible"
        if not all(check_schedule(inst, schedule)[:3]):
            raise RuntimeError("a frontier plan breaks its budget, capacity or prerequisites")
        benefit, _ = states.capped_benefit(schedule, "reference")
        cost = sum(c + o for c, o in spend_by_period(inst, schedule))
        points.append(FrontierPoint(budget_per_period=b, total_budget=b * inst.H, status=status,
                                    benefit=round(benefit, 6), cost=round(cost, 2),
                                    gap=None if out.gap is None else round(out.gap, 6), actions=len(schedule)))
        previous = schedule
    for prev, cur in zip(points, points[1:]):
        extra = cur.total_budget - prev.total_budget
        if extra > 0:
            cur.marginal_benefit_per_1000 = round((cur.benefit - prev.benefit) / extra * 1000, 6)
    return points
