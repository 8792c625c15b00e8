"""How sensitive the plan's NPV is to the threat estimates, with the plan held fixed.

- Switching values: the factor by which every frequency (or every impact, which scales the loss
  the same way) may be multiplied before the NPV reaches zero, and the same for each threat alone.
- Tornado: the NPV with one threat's frequency and impact both at their low, then both at their
  high estimates (SPEC §3.4 ranges), the others at their likely values; sorted by the swing.

The NPV is linear in every ALE(e, threat) (engine.plan.appraisal), so each figure is exact.
"""
from __future__ import annotations

from typing import Any

from cyberplan.engine.assess.impact import estimate
from cyberplan.engine.models import ThreatProfile
from cyberplan.engine.plan.appraisal import Exposure, Figures, ale_table, cost_per_period, trajectory
from cyberplan.engine.units import money, pct


def sensitivity(inst, states, schedule: dict[str, int], threats: ThreatProfile) -> dict[str, Any]:
    cfg = inst.config
    years = cfg.appraisal_years
    periods = years * cfg.periods_per_year
    exp = Exposure(inst, trajectory(inst, states, schedule), threats)
    costs = cost_per_period(inst, schedule, periods)
    likely = ale_table(inst.entities, threats)
    cur = threats.currency

    def npv_pvb(ale: dict) -> tuple[float, float]:
        f = Figures(periods, exp.avoided_per_period(ale, periods), [c for c, _ in costs], [o for _, o in costs],
                    cfg.appraisal.discount_rate, years, cfg.periods_per_year)
        return f.npv, f.pv_benefit
    npv, pvb = npv_pvb(likely)
    pvc = pvb - npv
    switching = []
    if pvb > 0:
        k = pvc / pvb
        if npv >= 0:
            sentence = (f"The NPV ({money(npv, cur, short=True)}) stays positive unless every frequency (or every "
                        f"impact) falls by more than {pct(1 - k)} from its likely value.")
        else:
            sentence = (f"The NPV ({money(npv, cur, short=True)}) turns positive only if every frequency (or every "
                        f"impact) is {pct(k - 1)} above its likely value.")
        switching.append({"what": "all threats", "factor": round(k, 6), "sentence": sentence})
    for t in threats.threats:
        only = {key: (v if key[1] == t.id else 0.0) for key, v in likely.items()}
        _, pvb_t = npv_pvb(only)
        if pvb_t <= 0:
            continue
        k = 1 - npv / pvb_t
        if npv >= 0 and k <= 0:
            sentence = f"Even if {t.name or t.id} never struck, the NPV would stay positive."
        elif npv >= 0:
            sentence = (f"The NPV stays positive unless {t.name or t.id}'s frequency (or impact) falls by more than "
                        f"{pct(1 - k)}.")
        else:
            sentence = (f"{t.name or t.id} alone would have to be {pct(k - 1)} more frequent (or costly) for the NPV "
                        "to reach zero.")
        switching.append({"what": t.name or t.id, "threat": t.id, "factor": round(k, 6), "sentence": sentence})
    tornado = []
    for t in threats.threats:
        out = {}
        ranged = False
        for which, pick in (("low", 0), ("high", 2)):
            ale = dict(likely)
            for e in inst.entities:
                f, i = estimate(t, "frequency", e.sector), estimate(t, "impact", e.sector)
                ranged = ranged or f[3] or i[3]
                ale[(e.id, t.id)] = f[pick] * i[pick] * e.loss_factor
            out[which] = npv_pvb(ale)[0]
        tornado.append({"threat": t.name or t.id, "id": t.id, "npv_low": round(out["low"], 2),
                        "npv_likely": round(npv, 2), "npv_high": round(out["high"], 2),
                        "swing": round(abs(out["high"] - out["low"]), 2), "ranged": ranged})
    tornado.sort(key=lambda r: (-r["swing"], r["id"]))
    return {"npv": round(npv, 2), "pv_benefit": round(pvb, 2), "pv_cost": round(pvc, 2), "switching": switching,
            "tornado": tornado,
            "method": "the plan held fixed; NPV is linear in each entity's and threat's annual loss exposure"}
