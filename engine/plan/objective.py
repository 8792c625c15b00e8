"""What a schedule is worth under each objective, stated once (SPEC §3.5, §5).

Every objective is linear in two things a schedule fixes:

- the capped gain of each leaf at each period, g(e, o, t) = min(level_t, T) - min(level_0, T),
  for t = 1..H (t = H: the levels once every action in the horizon is complete), and
- which jobs start when.

So an objective is `value_weight(e, o) x period_factor[t]` on each gain, minus `job_cost(job, s)`
for each start. The MILP, the greedy start, the decomposition, the frontier and verification all
read these same coefficients.

- max-benefit: gains in periods 1..H-1 (a level reached in period t counts from t on; the SPEC's
  benefit over t = 0..H-1), in money per period when there is a threat profile (ALE is per year),
  and a tiny cost term that prefers the cheaper of equally good plans;
- max-net-benefit: the same gains minus the money spent within the horizon;
- max-npv: each period's gains and spend at its year's discount factor 1/(1+r)^y, over the
  appraisal period of Y years: after the horizon the end levels keep their benefit and completed
  controls keep their opex, to the end of year Y-1;
- min-cost: the money spent within the horizon (minimised), every target reached at its end.

`priority: criticality` multiplies each entity's gains in the objective by its criticality; the
reported money figures stay plain (SPEC §3.4).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cyberplan.engine.plan.instance import Instance, Job

TIE_BREAK = 1e-7   # max-benefit's cost term, relative to the smallest gain: never changes which gains win


def discount_factors(rate: float, years: int) -> list[float]:
    """1/(1+r)^y for y = 0..years-1."""
    return [1.0 / (1.0 + rate) ** y for y in range(years)]


@dataclass
class ObjectiveTerms:
    kind: str
    maximise: bool
    periods: int                      # H
    ppy: int                          # periods per year
    period_factor: list[float]        # [t] for t = 0..H, multiplies each gain at t
    cost_factor: list[float]          # [t] for t = 0..(end of costing)-1, multiplies money spent at t
    value_weight: dict[str, dict[str, float]]     # entity -> leaf -> objective units per level step
    money: bool
    tie_break: float = 0.0            # max-benefit: cost coefficient
    notes: list[str] = field(default_factory=list)

    def job_cost(self, inst: "Instance", job: "Job", start: int) -> float:
        """What starting `job` at `start` costs in the objective (before the sign of the sense)."""
        total = 0.0
        for t, f in enumerate(self.cost_factor):
            if f:
                capex, opex = inst.spend_of(job, start, t)
                total += f * (capex + opex)
        return total

    def gain_value(self, entity: str, gains: dict[str, int], t: int) -> float:
        """The objective's value of one entity's capped gains at period t."""
        f = self.period_factor[t]
        if not f:
            return 0.0
        w = self.value_weight[entity]
        return f * sum(w[o] * g for o, g in gains.items() if g)


def objective_terms(inst: "Instance") -> ObjectiveTerms:
    """The coefficients of the instance's objective (see the module's doc)."""
    cfg = inst.config
    H, ppy = inst.H, cfg.periods_per_year
    per_period = 1.0 / ppy if inst.money else 1.0
    crit = {e.id: float(e.criticality) for e in inst.entities}
    prioritise = inst.money and cfg.priority == "criticality"
    value_weight = {e.id: {o: w * per_period * (crit[e.id] if prioritise else 1.0)
                           for o, w in inst.weights[e.id].items()} for e in inst.entities}
    kind = cfg.objective
    if kind in ("max-benefit", "max-net-benefit"):
        period_factor = [0.0] + [1.0] * (H - 1) + [0.0]
        cost_factor = [1.0] * H if kind == "max-net-benefit" else [0.0] * H
    elif kind == "max-npv":
        years = cfg.appraisal_years
        df = discount_factors(cfg.appraisal.discount_rate, years)
        end = years * ppy
        period_factor = [0.0] + [df[t // ppy] for t in range(1, H)]
        # the end levels hold from period H to the end of the appraisal
        period_factor.append(sum(df[t // ppy] for t in range(H, end)))
        cost_factor = [df[t // ppy] for t in range(end)]
    else:   # min-cost
        period_factor = [0.0] * (H + 1)
        cost_factor = [1.0] * H
    terms = ObjectiveTerms(kind=kind, maximise=cfg.maximizes, periods=H, ppy=ppy, period_factor=period_factor,
                           cost_factor=cost_factor, value_weight=value_weight, money=inst.money)
    if kind == "max-benefit":
        smallest = min((w for we in value_weight.values() for w in we.values() if w > 0), default=1.0)
        scale = max(1.0, sum(j.capex + j.opex_year * H / ppy for j in inst.jobs.values()))
        terms.tie_break = TIE_BREAK * smallest / scale
        terms.cost_factor = [terms.tie_break] * H
    return terms


def schedule_value(inst: "Instance", states, schedule: dict[str, int], evaluator: str = "reference",
                   tie_break: bool = True) -> float:
    """The objective's value of a schedule, recomputed by a rules evaluator from the actions alone
    (higher is better: min-cost gives minus its cost). `tie_break=False` leaves out max-benefit's
    tiny cost term (for reporting)."""
    terms = inst.objective
    cost = sum(terms.job_cost(inst, inst.jobs[k], s) for k, s in schedule.items())
    if terms.kind == "max-benefit" and not tie_break:
        cost = 0.0
    if not terms.maximise:
        return -cost
    value = 0.0
    for t in range(1, inst.H + 1):
        if not terms.period_factor[t]:
            continue
        done = states.done_before(schedule, t)
        if not done:
            continue
        for e in inst.entities:
            lv = states.levels(e.id, done, evaluator)
            T, l0 = inst.targets[e.id], inst.levels0[e.id]
            gains = {o: min(lv[o], T[o]) - min(l0[o], T[o]) for o in inst.fw.leaves}
            value += terms.gain_value(e.id, gains, t)
    return value - cost
