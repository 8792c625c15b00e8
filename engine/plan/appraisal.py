"""The appraisal of a schedule (SPEC §5), in plain money.

Periods t = 0..H-1 are the horizon; the appraisal runs on to the end of year Y-1 (Y =
`appraisal.years`, default 10, at least the horizon). In period t the loss avoided is
sum over entities e and leaves o of weight(e, o) x (min(level_t, T) - min(level_0, T)) / periods per
year, with the levels of the horizon's end held after it; the cost is the capex and opex charged in
t (after the horizon: the opex of completed controls). Year y sums its periods; its discount factor
is 1/(1+r)^y.

NPV = sum_y (benefit_y - cost_y) / (1+r)^y; BCR = PV(benefit) / PV(cost); payback = the first period
in which cumulative undiscounted benefit reaches cumulative cost (once money has been spent).

Every benefit figure is linear in the annual loss exposures ALE(e, threat): `Exposure` keeps each
period's coefficient of each ALE, so a scenario, a Monte Carlo draw or a sensitivity costs a few
sums, not a re-assessment.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cyberplan.engine.assess.impact import by_sector, leaf_shares
from cyberplan.engine.models import PlanConfig, ThreatProfile
from cyberplan.engine.plan.objective import discount_factors

if TYPE_CHECKING:
    from cyberplan.engine.plan.instance import Instance
    from cyberplan.engine.plan.states import States


@dataclass
class Trajectory:
    """What a schedule does to every (entity, leaf), independent of money."""
    gains: list[dict[str, dict[str, int]]]       # t = 0..H -> entity -> leaf -> capped gain over t=0 (non-zero only)
    levels: list[dict[str, dict[str, int]]]      # t = 0..H -> entity -> leaf -> level
    changes: list[dict] = field(default_factory=list)   # (entity, leaf, first period counted, from, to, target)

    @property
    def end_gain(self) -> dict[str, dict[str, int]]:
        return self.gains[-1]

    @property
    def levels0(self) -> dict[str, dict[str, int]]:
        return self.levels[0]

    @property
    def end(self) -> dict[str, dict[str, int]]:
        return self.levels[-1]


def trajectory(inst: "Instance", states: "States", schedule: dict[str, int], evaluator: str = "reference"
               ) -> Trajectory:
    fw = inst.fw
    gains, levels, changes = [], [], []
    prev = {e.id: dict(inst.levels0[e.id]) for e in inst.entities}
    for t in range(inst.H + 1):
        done = states.done_before(schedule, t)
        row, lvs = {}, {}
        for e in inst.entities:
            lv = states.levels(e.id, done, evaluator) if done else inst.levels0[e.id]
            T, l0 = inst.targets[e.id], inst.levels0[e.id]
            row[e.id] = {o: g for o in fw.leaves if (g := min(lv[o], T[o]) - min(l0[o], T[o]))}
            lvs[e.id] = {o: lv[o] for o in fw.leaves}
            for o in fw.leaves:
                if lv[o] != prev[e.id][o]:
                    changes.append({"entity": e.id, "outcome": o, "period": t, "from": prev[e.id][o], "to": lv[o],
                                    "target": T[o]})
            prev[e.id] = lvs[e.id]
        gains.append(row)
        levels.append(lvs)
    return Trajectory(gains, levels, changes)


def ale_table(entities, threats: ThreatProfile) -> dict[tuple[str, str], float]:
    """ALE(e, threat) of SPEC §3.4 at the likely values."""
    return {(e.id, t.id): by_sector(t.frequency, e.sector) * by_sector(t.impact, e.sector) * e.loss_factor
            for e in entities for t in threats.threats}


class Exposure:
    """A schedule's money figures as coefficients of each ALE(e, threat) (plain money)."""

    def __init__(self, inst: "Instance", traj: Trajectory, threats: ThreatProfile):
        fw = inst.fw
        top = fw.max_level
        self.ppy = inst.periods_per_year
        self.keys = [(e.id, t.id) for e in inst.entities for t in threats.threats]
        shares = {t.id: leaf_shares(fw, t.mitigated_by) for t in threats.threats}

        def coef(e: str, th: str, x: dict[str, float]) -> float:
            return sum(s * x.get(o, 0) for o, s in shares[th].items()) / top
        # per year, for t = 0..H (t = H holds after the horizon)
        self.avoided = [{(e, th): coef(e, th, g[e]) for e, th in self.keys} for g in traj.gains]
        self.before = {(e, th): coef(e, th, {o: top - lv for o, lv in traj.levels0[e].items()}) for e, th in self.keys}
        self.after = {(e, th): coef(e, th, {o: top - lv for o, lv in traj.end[e].items()}) for e, th in self.keys}

    @staticmethod
    def _dot(c: dict, ale: dict) -> float:
        return float(sum(v * ale[k] for k, v in c.items() if v))

    def avoided_per_period(self, ale: dict, periods: int) -> list[float]:
        """Loss avoided in each of `periods` periods (money per period)."""
        H = len(self.avoided) - 1
        rate = [self._dot(c, ale) / self.ppy for c in self.avoided]
        return [rate[min(t, H)] for t in range(periods)]

    def exposure(self, ale: dict) -> tuple[float, float]:
        """(annual exposure before, after every action is complete)."""
        return self._dot(self.before, ale), self._dot(self.after, ale)


def cost_per_period(inst: "Instance", schedule: dict[str, int], periods: int) -> list[tuple[float, float]]:
    """(capex, opex) in each of `periods` periods, running past the horizon (opex goes on)."""
    out = []
    for t in range(periods):
        capex = opex = 0.0
        for k, s in schedule.items():
            c, o = inst.spend_of(inst.jobs[k], s, t)
            capex, opex = capex + c, opex + o
        out.append((capex, opex))
    return out


def period_label(config: PlanConfig, t: int) -> str:
    """The label of period t, also beyond the horizon."""
    if t < config.horizon:
        return config.period_labels()[t]
    extended = config.model_copy(update={"horizon": t + 1})
    return extended.period_labels()[t]


def fiscal_year_of(config: PlanConfig, t: int) -> str:
    """The fiscal year period t begins in: '2027' for calendar years, '2027-28' when the fiscal
    year begins in another month."""
    year, month = (int(x) for x in config.start.split("-"))
    m0 = (month - 1) + t * config.months_per_period
    y, m = year + m0 // 12, m0 % 12 + 1
    fys = config.appraisal.fiscal_year_start
    if fys == 1:
        return f"{y}"
    first = y if m >= fys else y - 1
    return f"{first}-{(first + 1) % 100:02d}"


@dataclass
class Figures:
    """A schedule's appraisal: per period over the whole appraisal, and the summary."""
    periods: int
    benefit: list[float]            # loss avoided per period
    capex: list[float]
    opex: list[float]
    discount_rate: float
    years: int
    ppy: int

    @property
    def cost(self) -> list[float]:
        return [c + o for c, o in zip(self.capex, self.opex)]

    def by_year(self, values: list[float]) -> list[float]:
        return [sum(values[y * self.ppy:(y + 1) * self.ppy]) for y in range(self.years)]

    @property
    def discount(self) -> list[float]:
        return discount_factors(self.discount_rate, self.years)

    @property
    def pv_benefit(self) -> float:
        return sum(b * d for b, d in zip(self.by_year(self.benefit), self.discount))

    @property
    def pv_cost(self) -> float:
        return sum(c * d for c, d in zip(self.by_year(self.cost), self.discount))

    @property
    def npv(self) -> float:
        return self.pv_benefit - self.pv_cost

    @property
    def bcr(self) -> float | None:
        return self.pv_benefit / self.pv_cost if self.pv_cost > 0 else None

    @property
    def payback(self) -> int | None:
        """The first period whose cumulative undiscounted benefit reaches cumulative cost (once
        money has been spent)."""
        cb = cc = 0.0
        for t, (b, c) in enumerate(zip(self.benefit, self.cost)):
            cb, cc = cb + b, cc + c
            if cc > 0 and cb >= cc - 1e-9:
                return t
        return None


def figures(inst: "Instance", schedule: dict[str, int], exposure: Exposure, ale: dict) -> Figures:
    cfg = inst.config
    years = cfg.appraisal_years
    periods = years * cfg.periods_per_year
    costs = cost_per_period(inst, schedule, periods)
    return Figures(periods, exposure.avoided_per_period(ale, periods), [c for c, _ in costs], [o for _, o in costs],
                   cfg.appraisal.discount_rate, years, cfg.periods_per_year)
