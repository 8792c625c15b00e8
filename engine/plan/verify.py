"""Verification, always on: the plan's promises recomputed from its actions alone.

Levels: the completed controls applied to the answers and re-assessed by durable-rules must give,
for every entity, outcome and period, the capped level the optimiser planned. Spend, capacity and
prerequisites are recomputed from the schedule; benefit is recomputed from the re-assessed levels.
"""
from __future__ import annotations

from cyberplan.engine.errors import PlanError
from cyberplan.engine.plan.instance import Instance
from cyberplan.engine.plan.milp import Model, expr_value
from cyberplan.engine.plan.result import Verification
from cyberplan.engine.plan.states import States


def spend_by_period(inst: Instance, schedule: dict[str, int]) -> list[tuple[float, float]]:
    out = []
    for t in range(inst.H):
        capex = opex = 0.0
        for k, s in schedule.items():
            c, o = inst.spend_of(inst.jobs[k], s, t)
            capex += c
            opex += o
        out.append((capex, opex))
    return out


def check_schedule(inst: Instance, schedule: dict[str, int]) -> tuple[bool, bool, bool, list[str]]:
    """(budget ok, capacity ok, prerequisites ok, notes) from the schedule alone."""
    notes: list[str] = []
    cfg = inst.config
    spend = [c + o for c, o in spend_by_period(inst, schedule)]
    budget_ok = True
    tol = 1e-6 * max(1.0, max(spend, default=0.0))
    if inst.budget is not None:
        run = avail = 0.0
        for t in range(inst.H):
            run += spend[t]
            avail += inst.budget[t]
            limit = avail - (run - spend[t]) if cfg.budget.carry_over else inst.budget[t]
            if spend[t] > limit + tol:
                budget_ok = False
                notes.append(f"period {t}: spend {spend[t]:,.2f} exceeds the {limit:,.2f} available")
    if inst.total_budget is not None and sum(spend) > inst.total_budget + tol:
        budget_ok = False
        notes.append(f"total spend {sum(spend):,.2f} exceeds the total budget {inst.total_budget:,.2f}")
    if cfg.budget.per_entity is not None:
        for e in inst.entities:
            run = 0.0
            for t in range(inst.H):
                amount = sum(sum(inst.spend_of(inst.jobs[k], s, t)) for k, s in schedule.items()
                             if inst.jobs[k].entity == e.id)
                run += amount
                limit = cfg.budget.per_entity * (t + 1) - (run - amount) if cfg.budget.carry_over \
                    else cfg.budget.per_entity
                if amount > limit + tol:
                    budget_ok = False
                    notes.append(f"{e.id} period {t}: spend {amount:,.2f} exceeds its {limit:,.2f}")
    capacity_ok = True
    owners = {inst.jobs[k].entity for k in schedule}
    for owner in owners:
        cap = inst.capacity_of(owner)
        if cap is None:
            continue
        for t in range(inst.H):
            used = sum(inst.effort_of(inst.jobs[k], s, t) for k, s in schedule.items() if inst.jobs[k].entity == owner)
            if used > cap + 1e-6:
                capacity_ok = False
                notes.append(f"{owner or 'shared'} period {t}: effort {used:.1f} exceeds capacity {cap:.1f}")
    prereq_ok = True
    for k, s in schedule.items():
        j = inst.jobs[k]
        if s + j.dp > inst.H:
            prereq_ok = False
            notes.append(f"{k} finishes after the horizon")
        for r in j.requires:
            if r not in schedule or schedule[r] + inst.jobs[r].dp > s:
                prereq_ok = False
                notes.append(f"{k} starts in period {s} before its prerequisite {r} is complete")
    return budget_ok, capacity_ok, prereq_ok, notes


def verify(inst: Instance, states: States, schedule: dict[str, int], model: Model | None,
           benefit_solver: float | None) -> tuple[Verification, dict[int, dict[str, dict[str, int]]]]:
    """Raises PlanError when the optimiser's levels or the recomputed promises do not hold."""
    levels_at: dict[int, dict[str, dict[str, int]]] = {}
    mismatches: list[str] = []
    checked = 0
    for t in range(inst.H + 1):
        done = states.done_before(schedule, t)
        levels_at[t] = {e.id: states.levels(e.id, done, "durable") for e in inst.entities}
    if model is not None:
        for (e, o, t), expr in model.level_exprs.items():
            planned = round(expr_value(expr))
            actual = min(levels_at[t][e][o], inst.targets[e][o])
            checked += 1
            if planned != actual:
                mismatches.append(f"{e} {o} period {t}: planned level {planned}, the rules engine gives {actual}")
        for e in inst.entities:
            for o in inst.fw.leaves:
                if o in inst.modeled[e.id]:
                    continue
                T = inst.targets[e.id][o]
                for t in range(inst.H + 1):
                    checked += 1
                    if min(levels_at[t][e.id][o], T) != min(inst.levels0[e.id][o], T):
                        mismatches.append(f"{e.id} {o} period {t}: treated as unchanged at "
                                          f"{min(inst.levels0[e.id][o], T)}, the rules engine gives "
                                          f"{min(levels_at[t][e.id][o], T)}")
    budget_ok, capacity_ok, prereq_ok, notes = check_schedule(inst, schedule)
    benefit, _ = states.capped_benefit(schedule, "durable")
    notes = mismatches[:20] + notes
    ok_benefit = benefit_solver is None or abs(benefit - benefit_solver) <= 1e-6 * max(1.0, abs(benefit))
    if not ok_benefit:
        notes.append(f"benefit recomputed {benefit:.6f} differs from the solver's {benefit_solver:.6f}")
    v = Verification(levels_match=not mismatches, checked=checked, budget_ok=budget_ok, capacity_ok=capacity_ok,
                     prerequisites_ok=prereq_ok, benefit_recomputed=round(benefit, 6),
                     benefit_solver=None if benefit_solver is None else round(benefit_solver, 6), notes=notes)
    if mismatches or not (budget_ok and capacity_ok and prereq_ok and ok_benefit):
        raise PlanError("verification failed — the plan does not keep its promises:\n  " + "\n  ".join(notes[:20]))
    return v, levels_at
