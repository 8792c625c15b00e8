"""The spreadsheet way, as a baseline and a starting solution: rank controls by value per cost,
then schedule each (after its prerequisites) as early as the limits allow."""
from __future__ import annotations

import heapq

from cyberplan.engine.plan.instance import Instance
from cyberplan.engine.plan.limits import Ledger, fits
from cyberplan.engine.plan.states import States


def closure(inst: Instance, key: str, have: dict[str, int]) -> list[str]:
    """The job and its not-yet-scheduled prerequisites, prerequisites first."""
    order: list[str] = []

    def visit(k: str) -> None:
        if k in have or k in order:
            return
        for r in inst.jobs[k].requires:
            visit(r)
        order.append(k)
    visit(key)
    return order


def place(inst: Instance, ledger: Ledger, have: dict[str, int], key: str) -> bool:
    """Schedule a job and its unscheduled prerequisites as early as the limits allow; on failure
    nothing is committed."""
    group = closure(inst, key, have)
    trial: dict[str, int] = {}
    for g in group:
        j = inst.jobs[g]
        earliest = max([j.est] + [(have.get(r, trial.get(r, 0)) + inst.jobs[r].dp) for r in j.requires])
        for s in range(earliest, inst.last_start(j) + 1):
            if fits(inst.limits, ledger, j, s):
                trial[g] = s
                ledger.take(g, s)
                break
        else:
            for done_g, s in trial.items():
                ledger.give_back(done_g, s)
            return False
    have.update(trial)
    return True


def _gain(inst: Instance, states: States, entities, before: dict[str, int] | None, after: list[str]) -> float:
    """Objective value per year of the end levels `after` over `before` (its gain terms only)."""
    terms = inst.objective
    min_cost = not terms.maximise
    total = 0.0
    for e in entities:
        lv_after = states.levels(e, after, "reference")
        lv_before = states.levels(e, before, "reference") if before else inst.levels0[e]
        w, T = terms.value_weight[e], inst.targets[e]
        total += sum((w[o] if not min_cost else 1.0) * (min(lv_after[o], T[o]) - min(lv_before[o], T[o]))
                     for o in inst.fw.leaves if (w[o] or min_cost) and lv_after[o] != lv_before[o])
    return total


def _money(inst: Instance, keys: list[str]) -> float:
    return sum(inst.jobs[g].capex + inst.jobs[g].opex_year for g in keys) or 1e-9


def greedy_schedule(inst: Instance, states: States) -> dict[str, int]:
    """Rank each job (with its prerequisites) by the value of its end levels per money, alone;
    schedule in that order, mandatory jobs first."""
    usable = [k for k in inst.jobs if k not in inst.unfit]
    score: dict[str, float] = {}
    for k in usable:
        group = closure(inst, k, {})
        gain = _gain(inst, states, inst.jobs[k].serves, None, group)
        score[k] = gain / _money(inst, group) if gain > 0 else (float("inf") if inst.jobs[k].mandatory else 0.0)
    ranked = sorted(usable, key=lambda k: (not inst.jobs[k].mandatory, -score[k], k))
    have: dict[str, int] = {}
    ledger = Ledger(inst)
    for k in ranked:
        if k in have or (score[k] <= 0 and not inst.jobs[k].mandatory):
            continue
        place(inst, ledger, have, k)
    return have


def marginal_greedy_schedule(inst: Instance, states: States, deadline: float | None = None) -> dict[str, int]:
    """A better start for the solver: repeatedly take the job whose value *given what is already
    chosen* (with its missing prerequisites) per money is highest, re-valuing lazily. Unlike the
    baseline it sees that a level-3 control is worth something once level 2 is in place. At
    `deadline` (time.perf_counter()) it stops with what it has chosen so far."""
    import time
    usable = [k for k in inst.jobs if k not in inst.unfit]
    have: dict[str, int] = {}
    ledger = Ledger(inst)
    for k in sorted(k for k in usable if inst.jobs[k].mandatory):
        place(inst, ledger, have, k)

    def value(k: str) -> float:
        group = closure(inst, k, have)
        done = list(have) + group
        ents = {e for g in group for e in inst.jobs[g].serves}
        return _gain(inst, states, ents, list(have), done) / _money(inst, group)
    heap = [(-value(k), k) for k in usable if k not in have]
    heapq.heapify(heap)
    parked: dict[str, set[str]] = {}   # entity -> jobs worth nothing for now
    while heap and (deadline is None or time.perf_counter() < deadline):
        _, k = heapq.heappop(heap)
        if k in have:
            continue
        fresh = value(k)
        if fresh <= 0:
            for e in inst.jobs[k].serves:
                parked.setdefault(e, set()).add(k)
            continue
        if heap and fresh < -heap[0][0] - 1e-12:
            heapq.heappush(heap, (-fresh, k))
            continue
        if place(inst, ledger, have, k):
            # what was worth nothing may be worth something now (the next level's control)
            for e in inst.jobs[k].serves:
                for p in parked.pop(e, set()):
                    if p not in have:
                        heapq.heappush(heap, (-value(p), p))
    return have


def prune(inst: Instance, states: States, schedule: dict[str, int]) -> dict[str, int]:
    """Drop, one at a time, the optional jobs whose removal raises the objective (under
    max-net-benefit and max-npv a greedy pick can cost more than it avoids)."""
    from cyberplan.engine.plan.objective import schedule_value
    best = dict(schedule)
    best_value = schedule_value(inst, states, best)
    improved = True
    while improved:
        improved = False
        for k in sorted(best, key=lambda k: -inst.jobs[k].capex):
            if inst.jobs[k].mandatory or any(k in inst.jobs[d].requires for d in best):
                continue
            trial = {j: s for j, s in best.items() if j != k}
            v = schedule_value(inst, states, trial)
            if v > best_value + 1e-9:
                best, best_value, improved = trial, v, True
                break
    return best
