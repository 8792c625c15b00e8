"""Verification, always on: the plan's promises recomputed from its actions alone.

Levels: the completed controls applied to the answers and re-assessed by durable-rules must give,
for every entity, outcome and period, the capped level the optimiser planned. Spend, capacity and
prerequisites are recomputed from the schedule; benefit is recomputed from the re-assessed levels.
"""
from __future__ import annotations

from cyberplan.engine.errors import PlanError
from cyberplan.engine.plan.instance import Instance
from cyberplan.engine.plan.limits import violations
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
    """(budget ok, capacity ok, prerequisites ok, notes) from the schedule alone, by each limit's
    own check (engine.plan.limits)."""
    found = violations(inst.limits, inst, schedule)
    budget = found.get("budget", []) + found.get("per-entity budget", [])
    capacity = found.get("capacity", [])
    order = found.get("prerequisites", []) + found.get("schedule", [])
    others = [n for name, ns in found.items() if name not in ("budget", "per-entity budget", "capacity",
                                                              "prerequisites", "schedule") for n in ns]
    return not budget, not capacity, not (order or others), budget + capacity + order + others


def verify(inst: Instance, states: States, schedule: dict[str, int], model: Model | None,
           benefit_solver: float | None, promised: dict[tuple[str, str, int], int] | None = None
           ) -> tuple[Verification, dict[int, dict[str, dict[str, int]]]]:
    """Raises PlanError when the optimiser's levels or the recomputed promises do not hold.
    `promised`: capped levels (entity, leaf, t) promised by models other than `model` (the
    per-entity sub-plans of a decomposition), checked the same way."""
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
    for (e, o, t), level in (promised or {}).items():
        actual = min(levels_at[t][e][o], inst.targets[e][o])
        checked += 1
        if level != actual:
            mismatches.append(f"{e} {o} period {t}: planned level {level} (its sub-plan), the rules engine gives "
                              f"{actual}")
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
