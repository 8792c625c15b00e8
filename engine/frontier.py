"""The efficient frontier: the plan's benefit at a series of budgets, so that a minister can see
what each extra million buys."""
from __future__ import annotations

from typing import Callable

from pydantic import BaseModel

from .errors import InputError
from .model import PlanConfig


class FrontierPoint(BaseModel):
    budget_per_period: float
    total_budget: float
    status: str
    benefit: float
    cost: float
    gap: float | None
    actions: int
    marginal_benefit_per_1000: float | None = None


def parse_sweep(text: str) -> list[float]:
    try:
        if ":" in text:
            start, stop, step = (float(x) for x in text.split(":"))
            if step <= 0 or stop < start:
                raise ValueError
            out, v = [], start
            while v <= stop + 1e-9:
                out.append(v)
                v += step
            return out[:50]
        values = sorted({float(x) for x in text.split(",") if x.strip()})
    except ValueError:
        raise InputError(f"--sweep expects budgets as '100000,200000' or 'start:stop:step', got {text!r}",
                         path="--sweep") from None
    if not values or any(v < 0 for v in values):
        raise InputError("--sweep needs non-negative budgets", path="--sweep")
    return values


def sweep_budgets(inputs, result, config: PlanConfig, budgets: list[float], threats=None,
                  progress: Callable[[str], None] | None = None) -> list[FrontierPoint]:
    from .plan import plan_portfolio
    points: list[FrontierPoint] = []
    for b in budgets:
        cfg = config.model_copy(update={"budget": config.budget.model_copy(update={"per_period": b, "total": None})})
        if progress:
            progress(f"budget {b:,.0f} per period")
        p = plan_portfolio(inputs, result, cfg, threats=threats)
        points.append(FrontierPoint(budget_per_period=b, total_budget=b * cfg.horizon, status=p.status,
                                    benefit=p.objective.benefit, cost=p.objective.cost, gap=p.objective.gap,
                                    actions=len(p.actions)))
    for prev, cur in zip(points, points[1:]):
        extra = cur.total_budget - prev.total_budget
        if extra > 0:
            cur.marginal_benefit_per_1000 = round((cur.benefit - prev.benefit) / extra * 1000, 6)
    return points
