"""The budget frontier (SPEC §4): the plan re-made at a series of budgets, each with the plan's own
objective, constraints and solver settings, so that a minister sees what each extra million buys.

Budgets are solved in increasing order; each starts from the better (by the objective) of the
plan found at the budget below, which a larger budget still allows, and the greedy plans at its
own budget. So for the maximising objectives the objective never decreases as the budget grows.
Every point says how it was solved (`optimal` within the requested gap, or `feasible` with its
gap) and, with a threat profile, its NPV and spend against the Gordon-Loeb reference: spending
more than about 1/e (37%) of the expected annual loss a programme addresses is hard to justify
(Gordon & Loeb, 2002).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel, Field

from cyberplan.engine.errors import InputError
from cyberplan.engine.models import PlanConfig

GORDON_LOEB = 1 / math.e


class FrontierPoint(BaseModel):
    budget_per_period: float
    total_budget: float
    status: str = Field(description="optimal (within the requested gap) or feasible (stopped by the time limit).")
    value: float = Field(description="The objective's value at this budget (benefit, net, NPV).")
    benefit: float = Field(description="docs/formats.md §5 benefit within the horizon.")
    cost: float = Field(description="Money spent within the horizon.")
    net: float | None = Field(default=None, description="Benefit minus cost within the horizon (with a threat profile).")
    npv: float | None = Field(default=None, description="NPV over the appraisal (with a threat profile).")
    gap: float | None = None
    actions: int
    marginal_value_per_1000: float | None = Field(default=None, description="Extra objective value per 1,000 of extra "
                                                                            "total budget over the point before.")
    knee: bool = Field(default=False, description="The point after which more money buys markedly less.")
    above_gordon_loeb: bool | None = Field(default=None, description="Annual spend above 37% of the expected annual "
                                                                     "loss the programme addresses.")
    configured: bool = Field(default=False, description="The plan's own budget.")


class Frontier(BaseModel):
    objective: str
    unit: str
    points: list[FrontierPoint]
    gordon_loeb_per_period: float | None = Field(default=None, description="37% of the expected annual loss addressed, "
                                                                           "per period.")
    knee: str | None = Field(default=None, description="The knee in words.")


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


@dataclass
class PointTask:
    budget: float
    start: dict[str, int] | None


@dataclass
class PointContext:
    """What a worker needs to solve one budget of the frontier: the instance's own data."""
    rs: Any
    config: PlanConfig
    entities: list
    codes0: dict
    levels0: dict
    weights: dict
    threats: Any


def solve_point(ctx: PointContext, task: PointTask) -> tuple[dict[str, int], str, float | None]:
    """Runs in a worker (or in process): the plan's MILP at one per-period budget."""
    from cyberplan.engine.plan import best_start, better
    from cyberplan.engine.plan.instance import build_instance
    from cyberplan.engine.plan.milp import build_model
    from cyberplan.engine.plan.solve import schedule_from, solve
    from cyberplan.engine.plan.states import States
    cfg = ctx.config.model_copy(update={"budget": ctx.config.budget.model_copy(
        update={"per_period": task.budget, "total": None})})
    inst = build_instance(ctx.rs.framework, ctx.rs, cfg, ctx.entities, ctx.codes0, ctx.levels0, ctx.threats,
                          ctx.weights, check=False)
    states = States(inst, evaluator="reference")
    from cyberplan.engine.plan.verify import check_schedule
    start = best_start(inst, states)
    if task.start and all(k in inst.jobs for k in task.start) and all(check_schedule(inst, task.start)[:3]) \
            and better(inst, states, task.start, start):
        start = task.start
    model = build_model(inst)
    out = solve(model, cfg.solver, start=start)
    if out.status not in ("optimal", "feasible"):
        return start, "feasible", None
    schedule = schedule_from(model)
    if better(inst, states, start, schedule):
        return start, "feasible", out.bound
    return schedule, out.status, out.bound


def sweep_budgets(inputs, result, config: PlanConfig, budgets: list[float], threats=None,
                  progress: Callable[[str], None] | None = None, plan=None, executor=None) -> Frontier:
    """The frontier at each per-period budget, each solved like the plan: the budgets in parallel on
    `executor` (a portfolio planned by entity decomposes each budget there instead). A smaller
    budget's plan is feasible at a larger one, so where a point came out below the one before, that
    plan stands in for it: the objective never decreases. At the plan's own budget the plan is
    the point."""
    from cyberplan.engine.plan import better, choose_method, prepare_instance, solve_decomposed
    from cyberplan.engine.plan.business import appraise_schedule
    from cyberplan.engine.plan.executor import SerialExecutor
    from cyberplan.engine.plan.objective import schedule_value
    from cyberplan.engine.plan.states import States
    from cyberplan.engine.plan.verify import check_schedule, spend_by_period
    if not config.maximizes:
        raise InputError("a budget frontier needs a maximising objective (max-benefit, max-net-benefit or max-npv); "
                         "min-cost does not depend on the budget", path="--sweep")
    budgets = sorted(set(budgets))
    top = budgets[-1]
    cfg = config.model_copy(update={"budget": config.budget.model_copy(update={"per_period": top, "total": None})})
    inst = prepare_instance(inputs, result, cfg, threats)
    states = States(inst)
    base = configured_per_period(config)
    own = None
    if plan is not None and plan.status != "infeasible" and not isinstance(config.budget.per_period, list) \
            and config.budget.total is None:
        from cyberplan.engine.plan.uncertainty import schedule_of_plan
        own = schedule_of_plan(inst, plan)
        own = own if all(k in inst.jobs for k in own) else None
    solved: dict[float, tuple[dict[str, int], str, float | None]] = {}
    if own is not None and base is not None and any(abs(b - base) < 1e-6 for b in budgets):
        b0 = next(b for b in budgets if abs(b - base) < 1e-6)
        solved[b0] = (own, plan.status, plan.objective.bound)
    todo = [b for b in budgets if b not in solved]
    if choose_method(inst) == "decompose":
        for b in todo:
            if progress:
                progress(f"budget frontier: {b:,.0f} per period (by entity)")
            inst.budget = [b] * inst.H
            found = solve_decomposed(inst, states, threats, lambda _m: None, executor=executor)
            solved[b] = ({}, "feasible", None) if isinstance(found, str) else (found.schedule, found.status,
                                                                             found.bound)
    elif todo:
        if progress:
            progress(f"budget frontier: {len(todo)} budgets ({', '.join(f'{b:,.0f}' for b in todo)} per period)")
        ctx = PointContext(inst.rs, cfg, inst.entities, inst.codes0, inst.levels0, inst.weights, threats)
        slots = sum(inst.last_start(j) - j.est + 1 for k, j in inst.jobs.items() if k not in inst.unfit)
        runner = executor
        if runner is None:      # local worker processes pay for themselves once the budgets take seconds each
            from cyberplan.engine.plan.executor import ProcessExecutor
            runner = ProcessExecutor() if len(todo) > 1 and slots > 2_000 else SerialExecutor()
        tasks = [PointTask(b, own if base is not None and b >= base else None) for b in todo]
        try:
            for b, res in zip(todo, runner.map(solve_point, tasks, ctx)):
                solved[b] = res
        finally:
            if runner is not executor:
                runner.close()
    points: list[FrontierPoint] = []
    previous: dict[str, int] = {}
    for b in budgets:
        inst.budget = [b] * inst.H
        schedule, status, bound = solved[b]
        if previous and (not schedule or better(inst, states, previous, schedule)):
            schedule, status = previous, "feasible"     # the smaller budget's plan still fits, and is better
        if not all(check_schedule(inst, schedule)[:3]):
            raise RuntimeError("a frontier plan breaks its budget, capacity or prerequisites")
        value = schedule_value(inst, states, schedule, tie_break=False)
        benefit, _ = states.capped_benefit(schedule, "reference")
        cost = sum(c + o for c, o in spend_by_period(inst, schedule))
        gap = None
        if bound is not None:
            gap = max(0.0, (max(bound, value) - value) / max(abs(bound), 1e-9))
        if status == "optimal" and gap is not None and gap > cfg.solver.gap + 1e-6:
            status = "feasible"
        point = FrontierPoint(budget_per_period=b, total_budget=b * inst.H, status=status, value=round(value, 6),
                              benefit=round(benefit, 6), cost=round(cost, 2),
                              gap=None if gap is None else round(gap, 6), actions=len(schedule),
                              configured=base is not None and abs(b - base) < 1e-6)
        if threats is not None:
            appraisal, _ = appraise_schedule(inst, states, schedule, threats)
            point.net, point.npv = round(benefit - cost, 2), appraisal.npv
        points.append(point)
        previous = schedule
    return _finish(points, inst, config, threats)


def _finish(points: list[FrontierPoint], inst, config: PlanConfig, threats) -> Frontier:
    for prev, cur in zip(points, points[1:]):
        extra = cur.total_budget - prev.total_budget
        if extra > 0:
            cur.marginal_value_per_1000 = round((cur.value - prev.value) / extra * 1000, 6)
    gl = None
    if threats is not None:
        top = inst.fw.max_level
        before = sum(w * (top - inst.levels0[e.id][o]) for e in inst.entities for o, w in inst.weights[e.id].items())
        gl = GORDON_LOEB * before / inst.periods_per_year
        years = inst.H / inst.periods_per_year
        for p in points:
            p.above_gordon_loeb = p.cost / years / inst.periods_per_year > gl + 1e-9
    knee_text = None
    slopes = [p.marginal_value_per_1000 for p in points]
    drops = [(slopes[i] - slopes[i + 1], i) for i in range(1, len(points) - 1)
             if slopes[i] is not None and slopes[i + 1] is not None]
    if drops:
        drop, i = max(drops)
        if drop > 0 and slopes[i] > 0:
            points[i].knee = True
            knee_text = (f"Up to {points[i].budget_per_period:,.0f} a period each extra 1,000 buys about "
                         f"{slopes[i]:,.1f} of {config.objective.replace('max-', '')}; beyond it, "
                         f"{max(slopes[i + 1], 0):,.1f}.")
    return Frontier(objective=config.objective, unit=inst.unit, points=points,
                    gordon_loeb_per_period=None if gl is None else round(gl, 2), knee=knee_text)


def frontier_around(inputs, result, config: PlanConfig, plan, threats=None, *,
                    factors=(0.5, 0.75, 1.0, 1.5, 2.0), progress: Callable[[str], None] | None = None,
                    executor=None) -> Frontier | None:
    """The frontier at a few budgets around the configured one, each solved like the plan; None
    for min-cost plans or without a budget."""
    base = configured_per_period(config)
    if base is None or base <= 0 or not config.maximizes:
        return None
    return sweep_budgets(inputs, result, config, sorted({round(base * f, 2) for f in factors}), threats=threats,
                         progress=progress, plan=plan, executor=executor)
