"""Plan against actual (`cyberplan track PLAN.json PROGRESS.yaml`): spend and schedule variance,
and the actions that are late, as of the progress's period.

For each action of the plan, up to and including the `as_of` period:

- planned share done = the share of its periods that fall by `as_of` (0 before it starts, 1 once
  its finish period is past); planned spend = what the plan charges it in those periods (capex
  spread over its periods, running cost after completion, SPEC §5);
- actual share done = 1 done, `complete` in progress, 0 not started or dropped; spent = as reported;
- worth of the work done (earned value) = actual share × the action's capex;
- schedule variance = worth of work done − planned spend (negative: behind), cost variance =
  worth of work done − money spent (negative: over cost), both in money, as in earned-value
  management; periods behind = (planned − actual share) × the action's periods.

Money reported against no action of the plan (unplanned work, `other_spent`) counts in the totals.
"""
from __future__ import annotations

from pydantic import BaseModel, Field

from cyberplan.engine.errors import InputError
from cyberplan.engine.models import PlanConfig, Progress
from cyberplan.engine.models.progress import ActionProgress, period_index
from cyberplan.engine.plan.result import Action, PlanResult


class ActionTrack(BaseModel):
    entity: str
    control: str
    title: str = ""
    planned: str = Field(default="", description="The planned periods, e.g. `2027-Q1–2027-Q2`.")
    status: str = Field(description="done | in progress | not started | dropped | not in the plan")
    planned_share: float = 0.0
    actual_share: float = 0.0
    planned_spend: float = 0.0
    spent: float = 0.0
    spend_variance: float = Field(default=0.0, description="spent − planned spend: positive is over.")
    value_done: float = Field(default=0.0, description="actual share × capex (earned value).")
    schedule: str = ""
    periods_behind: float = 0.0
    late: bool = False
    note: str | None = None


class TrackReport(BaseModel):
    framework: str
    as_of: str
    periods: list[str]                 # the periods tracked (the plan's, up to as_of)
    planned_spend: float
    spent: float
    spend_variance: float
    value_done: float
    schedule_variance: float
    cost_variance: float
    schedule_index: float | None = Field(default=None, description="worth of work done / planned spend (SPI).")
    cost_index: float | None = Field(default=None, description="worth of work done / money spent (CPI).")
    other_spent: float = 0.0
    planned_by_period: list[float] = Field(default_factory=list)
    actions: list[ActionTrack]
    late: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


def _planned(a: Action, k: int, ppy: int) -> tuple[float, float]:
    """(planned share done by the end of period k, planned spend in periods 0..k)."""
    dp = a.finish - a.start + 1
    share = 0.0 if k < a.start else 1.0 if k >= a.finish else (k - a.start + 1) / dp
    worked = max(0, min(k, a.finish) - a.start + 1)
    running = max(0, k - a.finish)
    return share, a.capex / dp * worked + a.opex_per_year / ppy * running


def _match(plan: PlanResult, p: ActionProgress) -> Action | None:
    for a in plan.actions:
        if a.control == p.control and a.entity == p.entity:
            return a
    shared = [a for a in plan.actions if a.control == p.control and (a.entity == "*" or a.serves)]
    return shared[0] if p.entity == "*" and len(shared) == 1 else None


def track(plan: PlanResult, progress: Progress, *, file: str | None = None, doc=None) -> TrackReport:
    if plan.status == "infeasible" or not plan.periods:
        raise InputError("the plan is infeasible: it has no actions to track", file=file)
    config = PlanConfig.model_validate(plan.config) if plan.config else None
    ppy = config.periods_per_year if config else 4
    months = config.period_months() if config else None
    k = period_index(progress.as_of, plan.periods, months)
    if k is None:
        from cyberplan.engine.plan.replan import located
        raise InputError(located(f"as_of {progress.as_of!r} is not a period of the plan: expected one of "
                                 f"{plan.periods[0]} .. {plan.periods[-1]} (or an index from 0)", "as_of", doc))
    by_action: dict[int, ActionProgress] = {}
    rows: list[ActionTrack] = []
    unplanned = []
    for p in progress.actions:
        a = _match(plan, p)
        if a is None:
            unplanned.append(p)
        else:
            by_action[id(a)] = p
    for a in plan.actions:
        p = by_action.get(id(a))
        share, planned = _planned(a, k, ppy)
        status = {"done": "done", "in_progress": "in progress", "dropped": "dropped"}.get(
            p.status if p else "", "not started")
        actual = 1.0 if status == "done" else (p.complete if status == "in progress" else 0.0)
        spent = p.spent if p else 0.0
        dp = a.finish - a.start + 1
        row = ActionTrack(entity=a.entity, control=a.control, title=a.title,
                          planned=a.start_period + ("" if a.finish == a.start else f"–{a.finish_period}"),
                          status=status, planned_share=round(share, 6), actual_share=round(actual, 6),
                          planned_spend=round(planned, 2), spent=round(spent, 2),
                          spend_variance=round(spent - planned, 2), value_done=round(actual * a.capex, 2),
                          note=p.note if p else None)
        if status == "dropped":
            row.schedule = "dropped"
        elif status == "done":
            f = period_index(p.finished, plan.periods, months) if p.finished is not None else k
            if f is None:
                f = k
            if f > a.finish:
                row.schedule, row.late = f"done {f - a.finish} period(s) late", True
                row.periods_behind = float(f - a.finish)
            elif f < a.finish:
                row.schedule = f"done {a.finish - f} period(s) early"
            else:
                row.schedule = "done on time"
        elif share > actual + 1e-9:
            row.periods_behind = round((share - actual) * dp, 4)
            row.late = True
            row.schedule = (f"late: due {a.finish_period}, {actual:.0%} done" if k >= a.finish else
                            f"behind: {share:.0%} planned by now, {actual:.0%} done")
        elif actual > share + 1e-9:
            row.schedule = f"ahead: {share:.0%} planned by now, {actual:.0%} done"
        else:
            row.schedule = "on schedule" if share > 0 else "not due yet"
        rows.append(row)
    for p in unplanned:
        rows.append(ActionTrack(entity=p.entity, control=p.control, status="not in the plan", spent=p.spent,
                                spend_variance=p.spent, actual_share=1.0 if p.status == "done" else p.complete or 0.0,
                                schedule="not in the plan", note=p.note))
    planned_total = sum(r.planned_spend for r in rows)
    spent_total = sum(r.spent for r in rows) + progress.other_spent
    value = sum(r.value_done for r in rows)
    notes = []
    if unplanned:
        notes.append(f"{len(unplanned)} action(s) in the progress file are not in the plan: their spend counts as "
                     "unplanned, their work earns nothing against the plan")
    if progress.other_spent:
        notes.append(f"{progress.other_spent:,.0f} spent outside the listed actions counts in the money spent")
    return TrackReport(
        framework=plan.framework, as_of=plan.periods[k], periods=plan.periods[:k + 1],
        planned_spend=round(planned_total, 2), spent=round(spent_total, 2),
        spend_variance=round(spent_total - planned_total, 2), value_done=round(value, 2),
        schedule_variance=round(value - planned_total, 2), cost_variance=round(value - spent_total, 2),
        schedule_index=round(value / planned_total, 4) if planned_total else None,
        cost_index=round(value / spent_total, 4) if spent_total else None, other_spent=progress.other_spent,
        planned_by_period=[round(s.total, 2) for s in plan.spend[:k + 1]], actions=rows,
        late=[f"{r.control} for {r.entity}" for r in rows if r.late], notes=notes)
