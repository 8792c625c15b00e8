"""The business case of a plan with a threat profile: spend, expected loss avoided and net benefit
per period and cumulative, return on security investment, payback, residual exposure.

Loss avoided in period t is the plan's benefit in t (SPEC §5, money): the sum over entities and
leaf outcomes of weight x (capped level at t - capped level at 0), over periods per year.
Exposure counts what each leaf's weight says a level step is worth: exposure(e, o) =
weight(e, o) x (top level - level), so a leaf at the top of the scale carries none.

Every figure is linear in the annual loss exposures ALE(e, threat): weight(e, o) = criticality(e)
x sum_threat ALE(e, threat) x share(threat, o) / top. `Linear` keeps, for the chosen plan, the
coefficient of each ALE(e, threat) in each figure, so that the business case under another set
of frequencies and impacts (a scenario, a Monte Carlo draw) costs a few sums, not a re-assessment.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cyberplan.engine.assess.impact import by_sector, leaf_shares, sector_key
from cyberplan.engine.models import ThreatProfile


@dataclass
class Trajectory:
    """What a schedule does to every (entity, leaf), independent of money."""
    gains: list[dict[str, dict[str, int]]]      # period t -> entity -> leaf -> capped gain over t=0 (non-zero only)
    end_gain: dict[str, dict[str, int]]         # the same once every action is complete (after the horizon)
    levels0: dict[str, dict[str, int]]
    end: dict[str, dict[str, int]]              # leaf levels once every action is complete
    changes: list[dict[str, Any]] = field(default_factory=list)   # (entity, leaf, first period counted, from, to)


def trajectory(inst, states, schedule: dict[str, int]) -> Trajectory:
    fw = inst.fw
    gains: list[dict[str, dict[str, int]]] = []
    changes = []
    prev = {e.id: dict(inst.levels0[e.id]) for e in inst.entities}
    end_levels: dict[str, dict[str, int]] = {}
    end_gain: dict[str, dict[str, int]] = {}
    for t in range(inst.H + 1):
        done = states.done_before(schedule, t)
        row: dict[str, dict[str, int]] = {}
        for e in inst.entities:
            lv = states.levels(e.id, done, "reference") if done else inst.levels0[e.id]
            T, l0 = inst.targets[e.id], inst.levels0[e.id]
            g = {o: min(lv[o], T[o]) - min(l0[o], T[o]) for o in fw.leaves}
            row[e.id] = {o: x for o, x in g.items() if x}
            for o in fw.leaves:
                if lv[o] != prev[e.id][o]:
                    changes.append({"entity": e.id, "outcome": o, "period": t, "from": prev[e.id][o], "to": lv[o],
                                    "target": T[o]})
            prev[e.id] = {o: lv[o] for o in fw.leaves}
            if t == inst.H:
                end_levels[e.id] = {o: lv[o] for o in fw.leaves}
                end_gain[e.id] = row[e.id]
        if t < inst.H:
            gains.append(row)
    return Trajectory(gains, end_gain, {e.id: {o: inst.levels0[e.id][o] for o in fw.leaves} for e in inst.entities},
                      end_levels, changes)


class Linear:
    """The chosen plan's money figures as coefficients of each ALE(e, threat)."""

    def __init__(self, inst, traj: Trajectory, threats: ThreatProfile, criticality: bool = True):
        fw = inst.fw
        top = fw.max_level
        ppy = inst.periods_per_year
        self.keys = [(e.id, t.id) for e in inst.entities for t in threats.threats]
        shares = {t.id: leaf_shares(fw, t.mitigated_by) for t in threats.threats}
        crit = {e.id: e.criticality if criticality else 1 for e in inst.entities}

        def coef(e: str, th: str, x: dict[str, float]) -> float:
            return crit[e] * sum(s * x.get(o, 0) for o, s in shares[th].items()) / top

        self.avoided = [{(e, th): coef(e, th, g[e]) / ppy for e, th in self.keys} for g in traj.gains]
        self.before = {(e, th): coef(e, th, {o: top - lv for o, lv in traj.levels0[e].items()}) for e, th in self.keys}
        self.after = {(e, th): coef(e, th, {o: top - lv for o, lv in traj.end[e].items()}) for e, th in self.keys}
        self.run_rate = {(e, th): coef(e, th, traj.end_gain[e]) for e, th in self.keys}   # per year

    @staticmethod
    def _dot(c: dict, ale: dict) -> float:
        return float(sum(v * ale[k] for k, v in c.items() if v))

    def avoided_by_period(self, ale: dict[tuple[str, str], float]) -> list[float]:
        return [self._dot(c, ale) for c in self.avoided]

    def figures(self, ale: dict[tuple[str, str], float]) -> dict[str, Any]:
        return {"avoided": self.avoided_by_period(ale), "before": self._dot(self.before, ale),
                "after": self._dot(self.after, ale), "run_rate": self._dot(self.run_rate, ale)}


def ale_of(inst, threats: ThreatProfile) -> dict[tuple[str, str], float]:
    return {(e.id, t.id): by_sector(t.frequency, e.sector) * by_sector(t.impact, e.sector)
            for e in inst.entities for t in threats.threats}


def summarise(spend: list[float], avoided: list[float], labels: list[str], ppy: int, before: float, after: float,
              run_rate: float, ongoing_opex: float) -> dict[str, Any]:
    """Totals, ROSI and payback from spend and loss avoided per period (money)."""
    cum_spend = cum_avoided = 0.0
    payback = None
    for t, label in enumerate(labels):
        cum_spend += spend[t]
        cum_avoided += avoided[t]
        if payback is None and cum_spend > 0 and cum_avoided >= cum_spend - 1e-9:
            payback = t
    net = cum_avoided - cum_spend
    after_h = run_rate - ongoing_opex
    extra_years = None
    if payback is None and cum_spend > 0 and after_h > 0:
        extra_years = -net / after_h
    return {
        "total_spend": round(cum_spend, 2),
        "total_loss_avoided": round(cum_avoided, 2),
        "net_benefit": round(net, 2),
        "rosi": round(net / cum_spend, 4) if cum_spend > 0 else None,
        "payback_period": labels[payback] if payback is not None else None,
        "payback_periods": payback + 1 if payback is not None else None,
        "payback_years": round((payback + 1) / ppy, 2) if payback is not None else None,
        "payback_years_after_horizon": None if extra_years is None else round(extra_years, 2),
        "annual_exposure_before": round(before, 2),
        "annual_exposure_after": round(after, 2),
        "annual_exposure_reduction": round(before - after, 2),
        "annual_loss_avoided_run_rate": round(run_rate, 2),
        "annual_opex_after_horizon": round(ongoing_opex, 2),
        "annual_net_after_horizon": round(after_h, 2),
    }


def business_case(inst, states, schedule: dict[str, int], plan, threats: ThreatProfile) -> dict[str, Any]:
    ppy = inst.periods_per_year
    traj = trajectory(inst, states, schedule)
    lin = Linear(inst, traj, threats)
    ale = ale_of(inst, threats)
    fig = lin.figures(ale)
    spend = [plan.spend[t].total if t < len(plan.spend) else 0.0 for t in range(len(plan.periods))]
    ongoing = sum(inst.jobs[k].opex_year for k in schedule)
    rows = []
    cum_spend = cum_avoided = 0.0
    for t, label in enumerate(plan.periods):
        s, a = spend[t], fig["avoided"][t]
        cum_spend += s
        cum_avoided += a
        rows.append({"period": t, "label": label, "capex": plan.spend[t].capex, "opex": plan.spend[t].opex,
                     "spend": round(s, 2), "loss_avoided": round(a, 2), "net": round(a - s, 2),
                     "cumulative_spend": round(cum_spend, 2), "cumulative_loss_avoided": round(cum_avoided, 2),
                     "cumulative_net": round(cum_avoided - cum_spend, 2)})
    out: dict[str, Any] = {"currency": threats.currency, "periods": rows}
    out.update(summarise(spend, fig["avoided"], plan.periods, ppy, fig["before"], fig["after"], fig["run_rate"],
                         ongoing))
    plain = Linear(inst, traj, threats, criticality=False).figures(ale)
    out["plain_money"] = {
        "note": "the same figures without the criticality multiplier: expected loss in money, as an insurer or a "
                "finance ministry would count it (the plan itself optimises the criticality-weighted figures)",
        "loss_avoided_by_period": [round(x, 2) for x in plain["avoided"]],
        **summarise(spend, plain["avoided"], plan.periods, ppy, plain["before"], plain["after"], plain["run_rate"],
                    ongoing)}
    out["value_for_money"] = value_for_money(plan)
    out["definitions"] = {
        "loss_avoided": "expected loss avoided in a period = sum over entities e and leaf outcomes o of weight(e, o) x "
                        "(min(level, target) - min(level at start, target)) / periods per year (SPEC §5)",
        "rosi": "(total loss avoided - total spend) / total spend, within the horizon",
        "payback_period": "the first period whose cumulative loss avoided reaches cumulative spend",
        "payback_years_after_horizon": "when not within the horizon: the years after it that the remaining net cost "
                                       "takes to recover at the end-of-horizon run rate less ongoing opex (an "
                                       "extrapolation: levels and threats held constant)",
        "annual_exposure": "sum over entities and leaves of weight x (top level - level); before = assessed levels, "
                           "after = once every action is complete",
        "annual_loss_avoided_run_rate": "loss avoided per year once every action is complete (capped at targets)",
        "money": "weights carry the entity's criticality (SPEC §3.4), so every figure is criticality-weighted "
                 "money; `plain_money` gives the same figures with criticality 1: plain expected loss",
    }
    out["inputs"] = inputs_table(inst, threats, traj)
    return out


def value_for_money(plan) -> list[dict[str, Any]]:
    """The plan's actions ranked by expected loss avoided per unit of money spent within the horizon."""
    rows = []
    for a in plan.actions:
        ratio = a.benefit / a.cost if a.cost > 0 else None
        rows.append({"action": a.rank, "entity": a.entity, "control": a.control, "title": a.title,
                     "start_period": a.start_period, "cost": a.cost, "loss_avoided": round(a.benefit, 2),
                     "loss_avoided_per_unit_spent": None if ratio is None else round(ratio, 4)})
    rows.sort(key=lambda r: (-(r["loss_avoided_per_unit_spent"] if r["cost"] > 0 else float("inf")),
                             -r["loss_avoided"], r["action"]))
    for i, r in enumerate(rows, 1):
        r["value_rank"] = i
    return rows


def inputs_table(inst, threats: ThreatProfile, traj: Trajectory) -> dict[str, Any]:
    """What a reader needs to recompute every figure: frequencies, impacts and ALE per entity and
    threat, each threat's share per leaf, the scale, and every level change the plan makes (the
    weights per entity and leaf are the plan's `weights`)."""
    fw = inst.fw
    ale_rows = []
    for e in inst.entities:
        for t in threats.threats:
            f, i = by_sector(t.frequency, e.sector), by_sector(t.impact, e.sector)
            ale_rows.append({"entity": e.id, "sector": e.sector, "criticality": e.criticality, "threat": t.id,
                             "frequency": f, "frequency_from": sector_key(t.frequency, e.sector),
                             "impact": i, "impact_from": sector_key(t.impact, e.sector), "ale": round(f * i, 2)})
    return {
        "ale": ale_rows,
        "leaf_shares": {t.id: {o: round(s, 8) for o, s in leaf_shares(fw, t.mitigated_by).items()}
                        for t in threats.threats},
        "max_level": fw.max_level,
        "periods_per_year": inst.periods_per_year,
        "level_changes": traj.changes,
        "note": "weight(e, o) = criticality x sum_threat ALE x share(threat, o) / max_level (the plan's `weights`); "
                "a level change in `period` p counts from period p on (the controls completed before p)",
    }
