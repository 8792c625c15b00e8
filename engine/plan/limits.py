"""The planner's limits, one class per family, each stated once (SPEC §5).

A limit holds, side by side:

- `never_fits(inst, job)`: why a job could never be scheduled on its own (or None);
- `rows(model)`: its constraints in the MILP;
- `fits(ledger, job, start)`: whether a job still fits a partial schedule (the greedy start);
- `check(inst, schedule)`: the violations of a finished schedule, in words (verification).

`check` works from the schedule and the instance's spend and effort arithmetic alone, never from
the model, so verification stays independent of the formulation. Adding a limit is one class here
(plus its configuration field), appended to `limits_of`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:   # the planner's own types, for annotations only (no import cycle)
    from cyberplan.engine.plan.instance import Instance, Job
    from cyberplan.engine.plan.milp import Builder

TOL = 1e-6


class Ledger:
    """What a partial schedule already commits per period: portfolio spend, each entity's spend,
    each owner's effort (an entity, or None for the shared team)."""

    def __init__(self, inst: "Instance"):
        self.inst = inst
        self.spend = [0.0] * inst.H
        self.spend_ent: dict[str, list[float]] = {e.id: [0.0] * inst.H for e in inst.entities}
        self.effort: dict[str | None, list[float]] = {}

    def _apply(self, key: str, s: int, sign: float) -> None:
        inst, j = self.inst, self.inst.jobs[key]
        used = self.effort.setdefault(j.entity, [0.0] * inst.H)
        for t in range(inst.H):
            amount = sum(inst.spend_of(j, s, t))
            self.spend[t] += sign * amount
            if j.entity is not None:
                self.spend_ent[j.entity][t] += sign * amount
            used[t] += sign * inst.effort_of(j, s, t)

    def take(self, key: str, s: int) -> None:
        self._apply(key, s, 1.0)

    def give_back(self, key: str, s: int) -> None:
        self._apply(key, s, -1.0)


def spend_series(inst: "Instance", schedule: dict[str, int], entity: str | None = "*") -> list[float]:
    """Spend per period of a schedule: the portfolio's ("*"), or one entity's own jobs."""
    out = [0.0] * inst.H
    for k, s in schedule.items():
        j = inst.jobs[k]
        if entity != "*" and j.entity != entity:
            continue
        for t in range(inst.H):
            out[t] += sum(inst.spend_of(j, s, t))
    return out


def _over(series: list[float], limits: list[float], cumulative: bool) -> list[tuple[int, float, float]]:
    """(period, spent, available) where a spend series exceeds its limits."""
    out = []
    run = avail = 0.0
    for t, (x, b) in enumerate(zip(series, limits)):
        run, avail = run + x, avail + b
        spent, room = (run, avail) if cumulative else (x, b)
        if spent > room + TOL * max(1.0, room):
            out.append((t, x, room - (run - x) if cumulative else room))
    return out


class Limit:
    """One family of constraints; see the module's doc for what each method means."""

    name = ""

    def applies(self, inst: "Instance") -> bool:
        return True

    def never_fits(self, inst: "Instance", job: "Job") -> str | None:
        return None

    def rows(self, m: "Builder") -> None:
        raise NotImplementedError

    def fits(self, ledger: Ledger, job: "Job", start: int) -> bool:
        raise NotImplementedError

    def check(self, inst: "Instance", schedule: dict[str, int]) -> list[str]:
        raise NotImplementedError


class OnceOnly(Limit):
    """Each job starts at most once; a mandatory one exactly once."""

    name = "schedule"

    def rows(self, m: "Builder") -> None:
        for k, j in m.inst.jobs.items():
            xs = m.x.get(k)
            if xs:
                m.add(m.sum_of(xs.values()), "==" if j.mandatory else "<=", 1.0)

    def fits(self, ledger: Ledger, job: "Job", start: int) -> bool:
        return job.est <= start and start + job.dp <= ledger.inst.H

    def check(self, inst: "Instance", schedule: dict[str, int]) -> list[str]:
        out = [f"{k} finishes after the horizon" for k, s in schedule.items() if s + inst.jobs[k].dp > inst.H]
        out += [f"mandatory {k} is not scheduled" for k, j in inst.jobs.items()
                if j.mandatory and k not in schedule and k not in inst.unfit]
        return out


class Prerequisites(Limit):
    """A job may start only once all its `requires` are complete."""

    name = "prerequisites"

    def rows(self, m: "Builder") -> None:
        for k, j in m.inst.jobs.items():
            for r in j.requires:
                for s in m.x.get(k, {}):
                    m.add(m.started_by(k, s).plus(m.done(r, s), -1.0), "<=")

    def fits(self, ledger: Ledger, job: "Job", start: int) -> bool:
        return True   # the greedy places prerequisites first (see greedy.place)

    def check(self, inst: "Instance", schedule: dict[str, int]) -> list[str]:
        out = []
        for k, s in schedule.items():
            for r in inst.jobs[k].requires:
                if r not in schedule or schedule[r] + inst.jobs[r].dp > s:
                    out.append(f"{k} starts in period {s} before its prerequisite {r} is complete")
        return out


class PortfolioBudget(Limit):
    """Spend per period never exceeds that period's budget (plus what earlier periods left, with
    carry_over); the horizon's spend never exceeds `total`. For one entity's sub-plan the budget is
    that entity's allotment, with the same rules."""

    name = "budget"

    def applies(self, inst: "Instance") -> bool:
        return inst.budget is not None or inst.total_budget is not None

    def never_fits(self, inst: "Instance", job: "Job") -> str | None:
        carry = inst.config.budget.carry_over
        if inst.budget is not None and not carry and job.capex / job.dp > max(inst.budget) + 1e-9:
            return f"needs {job.capex / job.dp:,.0f} per period, more than any period's budget ({max(inst.budget):,.0f})"
        if inst.total_budget is not None and job.capex > inst.total_budget + 1e-9:
            return f"costs {job.capex:,.0f}, more than the total budget ({inst.total_budget:,.0f})"
        if inst.budget is not None and carry and job.capex > sum(inst.budget) + 1e-9:
            return f"costs {job.capex:,.0f}, more than the whole horizon's budget"
        return None

    def rows(self, m: "Builder") -> None:
        inst, money = m.inst, m.money
        spend = m.portfolio_spend()
        if inst.budget is not None:
            run, avail = m.expr(), 0.0
            for t in range(inst.H):
                if inst.config.budget.carry_over:
                    run, avail = run.plus(spend[t]), avail + inst.budget[t]
                    m.add(run, "<=", avail / money)
                    m.budget_rows.append((m.cons[-1], t, True))
                else:
                    m.add(spend[t], "<=", inst.budget[t] / money)
                    m.budget_rows.append((m.cons[-1], t, False))
        if inst.total_budget is not None:
            total = m.expr()
            for s in spend:
                total.iadd(s)
            m.add(total, "<=", inst.total_budget / money)
            m.budget_rows.append((m.cons[-1], None, True))

    def fits(self, ledger: Ledger, job: "Job", start: int) -> bool:
        inst = ledger.inst
        add = [sum(inst.spend_of(job, start, t)) for t in range(inst.H)]
        series = [a + b for a, b in zip(ledger.spend, add)]
        if inst.budget is not None and _over(series, inst.budget, inst.config.budget.carry_over):
            return False
        return inst.total_budget is None or sum(series) <= inst.total_budget + TOL * max(1.0, inst.total_budget)

    def check(self, inst: "Instance", schedule: dict[str, int]) -> list[str]:
        spend = spend_series(inst, schedule)
        out = []
        if inst.budget is not None:
            out += [f"period {t}: spend {x:,.2f} exceeds the {room:,.2f} available"
                    for t, x, room in _over(spend, inst.budget, inst.config.budget.carry_over)]
        if inst.total_budget is not None and sum(spend) > inst.total_budget + TOL * max(1.0, inst.total_budget):
            out.append(f"total spend {sum(spend):,.2f} exceeds the total budget {inst.total_budget:,.2f}")
        return out


class EntityBudget(Limit):
    """`budget.per_entity`: each entity's own spend per period (cumulative with carry_over)."""

    name = "per-entity budget"

    def applies(self, inst: "Instance") -> bool:
        return inst.config.budget.per_entity is not None

    def _caps(self, inst: "Instance") -> list[float]:
        return [inst.config.budget.per_entity] * inst.H

    def rows(self, m: "Builder") -> None:
        inst = m.inst
        cap = inst.config.budget.per_entity
        for e, series in m.entity_spend().items():
            run = m.expr()
            for t in range(inst.H):
                if inst.config.budget.carry_over:
                    run = run.plus(series[t])
                    m.add(run, "<=", cap * (t + 1) / m.money)
                else:
                    m.add(series[t], "<=", cap / m.money)

    def fits(self, ledger: Ledger, job: "Job", start: int) -> bool:
        inst = ledger.inst
        if job.entity is None:
            return True
        series = [x + sum(inst.spend_of(job, start, t)) for t, x in enumerate(ledger.spend_ent[job.entity])]
        return not _over(series, self._caps(inst), inst.config.budget.carry_over)

    def check(self, inst: "Instance", schedule: dict[str, int]) -> list[str]:
        out = []
        for e in inst.entities:
            series = spend_series(inst, schedule, e.id)
            out += [f"{e.id} period {t}: spend {x:,.2f} exceeds its {room:,.2f}"
                    for t, x, room in _over(series, self._caps(inst), inst.config.budget.carry_over)]
        return out


class Capacity(Limit):
    """Each entity's effort per period never exceeds its capacity (the shared team's, for shared jobs)."""

    name = "capacity"

    def never_fits(self, inst: "Instance", job: "Job") -> str | None:
        cap = inst.capacity_of(job.entity)
        if cap is not None and job.effort / job.dp > cap + 1e-9:
            return f"needs {job.effort / job.dp:.0f} person-days per period, more than the capacity of {cap:.0f}"
        return None

    def rows(self, m: "Builder") -> None:
        for owner, series in m.effort_by_owner().items():
            cap = m.inst.capacity_of(owner)
            if cap is None:
                continue
            for terms in series:
                if terms.t:
                    m.add(terms, "<=", cap)

    def fits(self, ledger: Ledger, job: "Job", start: int) -> bool:
        inst = ledger.inst
        cap = inst.capacity_of(job.entity)
        if cap is None:
            return True
        used = ledger.effort.get(job.entity, [0.0] * inst.H)
        return all(used[t] + inst.effort_of(job, start, t) <= cap + TOL for t in range(inst.H))

    def check(self, inst: "Instance", schedule: dict[str, int]) -> list[str]:
        out = []
        for owner in sorted({inst.jobs[k].entity for k in schedule}, key=lambda o: o or ""):
            cap = inst.capacity_of(owner)
            if cap is None:
                continue
            for t in range(inst.H):
                used = sum(inst.effort_of(inst.jobs[k], s, t) for k, s in schedule.items()
                           if inst.jobs[k].entity == owner)
                if used > cap + TOL:
                    out.append(f"{owner or 'shared'} period {t}: effort {used:.1f} exceeds capacity {cap:.1f}")
        return out


LIMITS: tuple[type[Limit], ...] = (OnceOnly, Prerequisites, PortfolioBudget, EntityBudget, Capacity)


def limits_of(inst: "Instance", extra: tuple[type[Limit], ...] = ()) -> list[Limit]:
    """The limits that apply to an instance, in a fixed order."""
    return [cls() for cls in LIMITS + tuple(extra) if cls().applies(inst)]


def fits(limits: list[Limit], ledger: Ledger, job: "Job", start: int) -> bool:
    return all(lim.fits(ledger, job, start) for lim in limits)


def violations(limits: list[Limit], inst: "Instance", schedule: dict[str, int]) -> dict[str, list[str]]:
    """Each limit's violations by a finished schedule (empty lists when it keeps them)."""
    return {lim.name: lim.check(inst, schedule) for lim in limits}
