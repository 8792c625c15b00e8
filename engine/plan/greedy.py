"""The spreadsheet way, as a baseline and a starting solution: rank controls by benefit per cost,
then schedule each (after its prerequisites) as early as budget and capacity allow."""
from __future__ import annotations

from cyberplan.engine.plan.instance import Instance
from cyberplan.engine.plan.states import States


class Usage:
    """Spend and effort already committed per period, to test whether one more job fits."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.spend = [0.0] * inst.H
        self.spend_ent: dict[str, list[float]] = {e.id: [0.0] * inst.H for e in inst.entities}
        self.effort: dict[str | None, list[float]] = {}

    def fits(self, key: str, s: int) -> bool:
        inst, j = self.inst, self.inst.jobs[key]
        cfg = inst.config
        if s < j.est or s + j.dp > inst.H:
            return False
        add = [sum(inst.spend_of(j, s, t)) for t in range(inst.H)]
        if inst.budget is not None:
            if cfg.budget.carry_over:
                run = avail = 0.0
                for t in range(inst.H):
                    run += self.spend[t] + add[t]
                    avail += inst.budget[t]
                    if run > avail + 1e-6:
                        return False
            elif any(self.spend[t] + add[t] > inst.budget[t] + 1e-6 for t in range(inst.H)):
                return False
        if inst.total_budget is not None and sum(self.spend) + sum(add) > inst.total_budget + 1e-6:
            return False
        if cfg.budget.per_entity is not None and j.entity is not None:
            series = self.spend_ent[j.entity]
            run = 0.0
            for t in range(inst.H):
                if cfg.budget.carry_over:
                    run += series[t] + add[t]
                    if run > cfg.budget.per_entity * (t + 1) + 1e-6:
                        return False
                elif series[t] + add[t] > cfg.budget.per_entity + 1e-6:
                    return False
        cap = inst.capacity_of(j.entity)
        if cap is not None:
            used = self.effort.get(j.entity, [0.0] * inst.H)
            if any(used[t] + inst.effort_of(j, s, t) > cap + 1e-6 for t in range(inst.H)):
                return False
        return True

    def give_back(self, key: str, s: int) -> None:
        inst, j = self.inst, self.inst.jobs[key]
        used = self.effort.get(j.entity)
        for t in range(inst.H):
            amount = sum(inst.spend_of(j, s, t))
            self.spend[t] -= amount
            if j.entity is not None:
                self.spend_ent[j.entity][t] -= amount
            if used is not None:
                used[t] -= inst.effort_of(j, s, t)

    def take(self, key: str, s: int) -> None:
        inst, j = self.inst, self.inst.jobs[key]
        used = self.effort.setdefault(j.entity, [0.0] * inst.H)
        for t in range(inst.H):
            amount = sum(inst.spend_of(j, s, t))
            self.spend[t] += amount
            if j.entity is not None:
                self.spend_ent[j.entity][t] += amount
            used[t] += inst.effort_of(j, s, t)


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


def greedy_schedule(inst: Instance, states: States) -> dict[str, int]:
    cfg = inst.config
    usable = [k for k in inst.jobs if k not in inst.unfit]
    # value of each job with its prerequisites, alone, at the end of the horizon
    base = {e.id: inst.levels0[e.id] for e in inst.entities}
    score: dict[str, float] = {}
    for k in usable:
        group = closure(inst, k, {})
        cost = sum(inst.jobs[g].capex + inst.jobs[g].opex_year for g in group) or 1e-9
        gain = 0.0
        for e in inst.jobs[k].serves:
            lv = states.levels(e, group, "reference")
            w, T = inst.weights[e], inst.targets[e]
            gain += sum(w[o] * (min(lv[o], T[o]) - min(base[e][o], T[o])) for o in inst.fw.leaves if w[o] or
                        cfg.objective == "min-cost")
        score[k] = gain / cost if gain > 0 else (float("inf") if inst.jobs[k].mandatory else 0.0)
    # mandatory jobs first: a start without them is no plan at all
    ranked = sorted(usable, key=lambda k: (not inst.jobs[k].mandatory, -score[k], k))
    have: dict[str, int] = {}
    usage = Usage(inst)
    for k in ranked:
        if k in have or (score[k] <= 0 and not inst.jobs[k].mandatory):
            continue
        place(inst, usage, have, k)
    return have


def place(inst: Instance, usage: Usage, have: dict[str, int], key: str) -> bool:
    """Schedule a job and its unscheduled prerequisites as early as budget and capacity allow;
    on failure nothing is committed."""
    group = closure(inst, key, have)
    trial: dict[str, int] = {}
    for g in group:
        j = inst.jobs[g]
        earliest = max([j.est] + [(have.get(r, trial.get(r, 0)) + inst.jobs[r].dp) for r in j.requires])
        for s in range(earliest, inst.last_start(j) + 1):
            if usage.fits(g, s):
                trial[g] = s
                usage.take(g, s)
                break
        else:
            for done_g, s in trial.items():
                usage.give_back(done_g, s)
            return False
    have.update(trial)
    return True


def marginal_greedy_schedule(inst: Instance, states: States) -> dict[str, int]:
    """A better start for the solver: repeatedly take the job whose value *given what is already
    chosen* (with its missing prerequisites) per money is highest, re-valuing lazily. Unlike the
    baseline it sees that a level-3 control is worth something once level 2 is in place."""
    import heapq
    usable = [k for k in inst.jobs if k not in inst.unfit]
    have: dict[str, int] = {}
    usage = Usage(inst)
    for k in sorted(k for k in usable if inst.jobs[k].mandatory):
        place(inst, usage, have, k)
    leaves = inst.fw.leaves
    min_cost = inst.config.objective == "min-cost"

    def value(k: str) -> float:
        group = closure(inst, k, have)
        cost = sum(inst.jobs[g].capex + inst.jobs[g].opex_year for g in group) or 1e-9
        done = list(have) + group
        gain = 0.0
        for e in {e for g in group for e in inst.jobs[g].serves}:
            before = states.levels(e, have, "reference")
            after = states.levels(e, done, "reference")
            w, T = inst.weights[e], inst.targets[e]
            gain += sum(w[o] * (min(after[o], T[o]) - min(before[o], T[o])) for o in leaves
                        if (w[o] or min_cost) and after[o] != before[o])
        return gain / cost
    heap = [(-value(k), k) for k in usable if k not in have]
    heapq.heapify(heap)
    parked: dict[str, set[str]] = {}   # entity -> jobs worth nothing for now
    while heap:
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
        if place(inst, usage, have, k):
            # what was worth nothing may be worth something now (the next level's control)
            for e in inst.jobs[k].serves:
                for p in parked.pop(e, set()):
                    if p not in have:
                        heapq.heappush(heap, (-value(p), p))
    return have
