"""The business case of a plan with a threat profile: spend, expected loss avoided and net benefit
per period and cumulative, return on security investment, payback, residual exposure.

Loss avoided in period t is the plan's benefit in t (SPEC §5, money): the sum over entities and
leaf outcomes of weight x (capped level at t - capped level at 0), over periods per year.
Exposure counts what each leaf's weight says a level step is worth: exposure(e, o) =
weight(e, o) x (top level - level), so a leaf at the top of the scale carries none.
"""
from __future__ import annotations

from typing import Any

from .impact import ale
from .model import ThreatProfile


def business_case(inst, states, schedule: dict[str, int], plan, threats: ThreatProfile) -> dict[str, Any]:
    top = inst.fw.max_level
    ppy = inst.periods_per_year
    rows = []
    cum_spend = cum_avoided = 0.0
    payback = None
    for t, label in enumerate(plan.periods):
        spend = plan.spend[t].total if t < len(plan.spend) else 0.0
        avoided = plan.benefit_by_period[t] if t < len(plan.benefit_by_period) else 0.0
        cum_spend += spend
        cum_avoided += avoided
        if payback is None and cum_spend > 0 and cum_avoided >= cum_spend:
            payback = label
        rows.append({"period": t, "label": label, "spend": round(spend, 2), "loss_avoided": round(avoided, 2),
                     "net": round(avoided - spend, 2), "cumulative_spend": round(cum_spend, 2),
                     "cumulative_loss_avoided": round(cum_avoided, 2),
                     "cumulative_net": round(cum_avoided - cum_spend, 2)})
    end = states.done_before(schedule, inst.H)

    def exposure(levels_of) -> float:
        total = 0.0
        for e in inst.entities:
            lv = levels_of(e.id)
            w = inst.weights[e.id]
            total += sum(w[o] * (top - lv[o]) for o in inst.fw.leaves)
        return total
    before = exposure(lambda e: inst.levels0[e])
    after = exposure(lambda e: states.levels(e, end, "reference"))
    ale_rows = [{"entity": e.id, "sector": e.sector, "criticality": e.criticality, "threat": th, "ale": round(v, 2)}
                for e in inst.entities for th, v in ale(e, threats).items()]
    rosi = (cum_avoided - cum_spend) / cum_spend if cum_spend > 0 else None
    return {
        "currency": threats.currency,
        "periods": rows,
        "total_spend": round(cum_spend, 2),
        "total_loss_avoided": round(cum_avoided, 2),
        "net_benefit": round(cum_avoided - cum_spend, 2),
        "rosi": None if rosi is None else round(rosi, 4),
        "payback_period": payback,
        "annual_exposure_before": round(before, 2),
        "annual_exposure_after": round(after, 2),
        "annual_exposure_reduction": round(before - after, 2),
        "annual_loss_avoided_run_rate": round(plan.benefit_by_period[-1] * ppy, 2) if plan.benefit_by_period else 0.0,
        "inputs": {"ale": ale_rows,
                   "note": "weight(e, o) = criticality x sum_threat ALE x share(threat, o) / top level; "
                           "see `weights` in the plan for every entity and outcome"},
    }
