"""The options appraisal (SPEC §5): do nothing, do minimum (mandatory controls only), the plan and
close the targets (min-cost), each on the plan's own appraisal, and the one sentence a minister
can repeat about which the figures favour."""
from __future__ import annotations

from typing import Callable

from cyberplan.engine.models import ThreatProfile
from cyberplan.engine.plan.appraisal import trajectory
from cyberplan.engine.plan.business import BusinessCase, Option, appraise_schedule
from cyberplan.engine.units import money, pct


def _attainment(inst, states, schedule: dict[str, int]) -> float:
    end = trajectory(inst, states, schedule).end
    need = sum(inst.targets[e.id][o] for e in inst.entities for o in inst.fw.leaves)
    got = sum(min(end[e.id][o], inst.targets[e.id][o]) for e in inst.entities for o in inst.fw.leaves)
    return round(got / need, 6) if need else 1.0


def _option(id_: str, name: str, inst, states, schedule: dict[str, int], threats: ThreatProfile, status: str,
            reason: str | None = None) -> Option:
    appraisal, figs = appraise_schedule(inst, states, schedule, threats)
    return Option(id=id_, name=name, status=status, reason=reason, actions=len(schedule),
                  spend_in_horizon=round(sum(figs.cost[:inst.H]), 2), appraisal=appraisal,
                  target_attainment=_attainment(inst, states, schedule))


def do_minimum(inst, states) -> dict[str, int]:
    """The mandatory controls (and their prerequisites), each as early as the limits allow."""
    from cyberplan.engine.plan.greedy import place
    from cyberplan.engine.plan.limits import Ledger
    have: dict[str, int] = {}
    ledger = Ledger(inst)
    for k in sorted(k for k, j in inst.jobs.items() if j.mandatory and k not in inst.unfit):
        place(inst, ledger, have, k)
    return have


def close_targets(inst, threats: ThreatProfile, say: Callable[[str], None]):
    """The least-cost plan that reaches every target by the end of the horizon, with money no
    object (capacity, prerequisites and horizon still hold): (instance, states, schedule, status,
    reason)."""
    from cyberplan.engine.plan import NoPlan, _infeasible_reason, solve_direct
    from cyberplan.engine.plan.instance import build_instance
    from cyberplan.engine.plan.states import States
    cfg = inst.config.model_copy(update={"objective": "min-cost", "budget": inst.config.budget.model_copy(
        update={"per_period": None, "total": None, "per_entity": None})})
    alt = build_instance(inst.fw, inst.rs, cfg, inst.entities, inst.codes0, inst.levels0, threats, inst.weights,
                         check=False)
    states = States(alt, evaluator="reference")
    quick = [k for k, j in alt.jobs.items() if j.mandatory and k in alt.unfit]
    if quick:
        return alt, states, {}, "infeasible", _infeasible_reason(alt, states)
    say("options: the least-cost plan that closes every target")
    found = solve_direct(alt, states, lambda _m: None)
    if isinstance(found, str):
        return alt, states, {}, "infeasible", found
    if isinstance(found, NoPlan):      # stopped before any plan: say so, prove nothing
        return alt, states, {}, "infeasible", found.reason
    end = trajectory(alt, states, found.schedule).end
    short = [(e.id, o) for e in alt.entities for o in alt.fw.leaves if end[e.id][o] < alt.targets[e.id][o]]
    if short:
        return alt, states, {}, "infeasible", _infeasible_reason(alt, states)
    return alt, states, found.schedule, found.status, None


def appraise_options(inst, states, schedule: dict[str, int], plan, threats: ThreatProfile,
                     say: Callable[[str], None]) -> list[Option]:
    out = [_option("do-nothing", "Do nothing", inst, states, {}, threats, "feasible",
                   "no action: the exposure stays as assessed")]
    minimum = do_minimum(inst, states)
    if minimum:
        out.append(_option("do-minimum", "Do minimum (mandatory controls only)", inst, states, minimum, threats,
                           "feasible"))
    else:
        out.append(Option(id="do-minimum", name="Do minimum (mandatory controls only)", status="not applicable",
                          reason="no control is mandatory: doing the minimum is doing nothing"))
    out.append(_option("plan", "The plan", inst, states, schedule, threats, plan.status))
    if inst.config.objective == "min-cost":
        out.append(Option(id="close-targets", name="Close the targets (least cost)", status="not applicable",
                          reason="the plan itself is the least-cost plan that closes the targets"))
        return out
    alt, alt_states, sched, status, reason = close_targets(inst, threats, say)
    if status == "infeasible":
        out.append(Option(id="close-targets", name="Close the targets (least cost, budget no object)",
                          status="infeasible", reason=reason))
    else:
        out.append(_option("close-targets", "Close the targets (least cost, budget no object)", alt, alt_states,
                           sched, threats, status))
    return out


def recommend(bc: BusinessCase, plan) -> tuple[list[str], str]:
    """(plain sentences, the recommendation) from the business case."""
    cur = bc.currency
    ap = bc.appraisal
    years = ap.years
    lines = [f"Spending {money(bc.total_spend, cur, short=True)} over the {len(plan.periods)} periods of the plan "
             f"avoids an expected {money(bc.total_loss_avoided, cur, short=True)} of losses within them; over "
             f"{years} years the avoided losses are worth {money(ap.pv_benefit, cur, short=True)} today against "
             f"{money(ap.pv_cost, cur, short=True)} of costs (NPV {money(ap.npv, cur, short=True)})."]
    lines.append(f"Expected losses fall from {money(bc.annual_exposure_before, cur, short=True)} a year to "
                 f"{money(bc.annual_exposure_after, cur, short=True)} once every action is complete.")
    if ap.payback_period:
        lines.append(f"The money is paid back in {ap.payback_period}.")
    else:
        lines.append(f"The money is not paid back within the {years}-year appraisal.")
    port = next((m for m in plan.progress if m.scope == "portfolio"), None)
    if port is not None:
        lines.append(f"Target attainment rises from {pct(port.attainment[0])} to {pct(port.attainment[-1])}; "
                     f"{port.gaps_closed[-1]} of the {port.gaps_open_at_start} gaps to target are closed.")
    feasible = [o for o in bc.options if o.appraisal is not None and o.status in ("optimal", "feasible")]
    if not feasible:
        return lines, "The figures favour the plan."
    best = max(feasible, key=lambda o: (o.appraisal.npv, o.id == "plan"))
    others = [o for o in feasible if o is not best and o.id != "do-nothing"]
    versus = "; ".join(f"{o.name.split(' (')[0].lower()} NPV {money(o.appraisal.npv, cur, short=True)}"
                       for o in others)
    if best.id == "do-nothing":
        plan_opt = next((o for o in feasible if o.id == "plan"), None)
        npv = money(plan_opt.appraisal.npv, cur, short=True) if plan_opt else "n/a"
        rec = (f"On these estimates no option pays for itself in money (the plan's NPV is {npv}): fund it only for "
               f"the risk it removes, {money(bc.annual_exposure_reduction, cur, short=True)} of expected loss a year.")
    else:
        bcr = best.appraisal.bcr
        rec = (f"Fund {best.name.split(' (')[0].lower()}: over {years} years it returns "
               + (f"{bcr:,.1f} {cur} of avoided loss for every {cur} 1 spent" if bcr else "its avoided loss")
               + f" (NPV {money(best.appraisal.npv, cur, short=True)})"
               + (f", more than the alternatives ({versus})." if versus else "."))
    return lines, rec
