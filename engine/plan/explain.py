"""Every line of the plan explained: what it raises, what it is worth, why now, what it unlocks;
and the controls that would help but were not chosen, with the reason."""
from __future__ import annotations

from cyberplan.engine.plan.instance import Instance, fmt_money
from cyberplan.engine.plan.limits import Ledger, fits
from cyberplan.engine.plan.result import Action, Raise, Unselected
from cyberplan.engine.plan.states import States


def marginal(inst: Instance, states: States, schedule: dict[str, int], key: str,
             done_at: list[frozenset[str]] | None = None) -> tuple[float, list[Raise]]:
    """The benefit of one action given the rest of the plan (the plan with it minus the plan
    without it, period by period), and the levels it raises when it completes. `done_at[t]`: the
    plan's jobs complete before period t, when the caller has them."""
    if done_at is None:
        done_at = [states.done_before(schedule, t) for t in range(inst.H + 1)]
    job = inst.jobs[key]
    finish = schedule[key] + job.dp - 1
    scale = 1.0 / inst.periods_per_year if inst.money else 1.0
    total = 0.0
    for t in range(finish + 1, inst.H):
        for e in job.serves:
            with_ = states.own(e, done_at[t])
            a = states.levels(e, with_, "reference")
            b = states.levels(e, with_ - {key}, "reference")
            w, T = inst.weights[e], inst.targets[e]
            total += sum(w[o] * (min(a[o], T[o]) - min(b[o], T[o])) for o in inst.fw.leaves if a[o] != b[o])
    t = min(finish + 1, inst.H)
    raises = []
    for e in job.serves:
        with_ = states.own(e, done_at[t]) | {key}
        a = states.levels(e, with_, "reference")
        b = states.levels(e, with_ - {key}, "reference")
        raises += [Raise(entity=e, outcome=o, **{"from": b[o]}, to=a[o]) for o in inst.fw.leaves if a[o] != b[o]]
    return total * scale, raises


def cost_in_horizon(inst: Instance, key: str, start: int) -> tuple[float, float]:
    j = inst.jobs[key]
    capex = opex = 0.0
    for t in range(inst.H):
        c, o = inst.spend_of(j, start, t)
        capex += c
        opex += o
    return capex, opex


def build_actions(inst: Instance, states: States, schedule: dict[str, int], labels: list[str]) -> list[Action]:
    fw = inst.fw
    dependants: dict[str, list[str]] = {}
    for k in schedule:
        for r in inst.jobs[k].requires:
            dependants.setdefault(r, []).append(k)
    crit = {e.id: e.criticality for e in inst.entities}
    rows = []
    done_at = [states.done_before(schedule, t) for t in range(inst.H + 1)]
    for k, s in schedule.items():
        j = inst.jobs[k]
        capex, opex = cost_in_horizon(inst, k, s)
        benefit, raises = marginal(inst, states, schedule, k, done_at)
        cost = capex + opex
        unlocks = sorted({inst.jobs[d].control.id for d in dependants.get(k, [])})
        finish = s + j.dp - 1
        parts = []
        gaps = [r for r in raises if min(r.to, inst.targets[r.entity][r.outcome]) >
                min(r.from_, inst.targets[r.entity][r.outcome])]
        if gaps:
            shown = ", ".join(f"{r.outcome} {r.from_}→{r.to}" + (f" at {r.entity}" if j.entity is None else "")
                              for r in gaps[:4]) + (f" and {len(gaps) - 4} more" if len(gaps) > 4 else "")
            parts.append(f"closes gaps: {shown}")
        if benefit > 0 and inst.money:
            parts.append(f"avoids {fmt_money(benefit, inst.unit)} of expected loss within the horizon"
                         + (f" ({benefit / cost:,.2f} {inst.unit} per {inst.unit} spent)" if cost > 0 else " at no cost"))
        elif benefit > 0:
            parts.append(f"worth {fmt_money(benefit, inst.unit)} over the horizon"
                         + (f" ({benefit / cost * 1000:,.2f} per 1,000 spent)" if cost > 0 else " at no cost"))
        if unlocks:
            parts.append("a prerequisite of " + ", ".join(unlocks))
        if j.mandatory:
            parts.append("mandatory")
        if j.entity is not None and crit.get(j.entity, 1) >= 4:
            parts.append(f"criticality {crit[j.entity]} entity")
        if s == j.est:
            parts.append(f"starts {labels[s]}, as early as " + ("its prerequisites allow" if j.requires else "possible"))
        else:
            parts.append(f"starts {labels[s]}: earlier periods' budget and staff go to higher-value actions"
                         + (" or its prerequisites" if j.requires else ""))
        rows.append(Action(rank=0, entity=j.entity or ("*" if len(j.serves) == len(inst.entities) else
                                                      "+".join(sorted({_group(inst, e) for e in j.serves}))),
                           control=j.control.id, title=j.control.title, start=s, finish=finish,
                           start_period=labels[s], finish_period=labels[finish], cost=round(cost, 2),
                           capex=round(capex, 2), opex_per_year=round(j.opex_year, 2), effort=round(j.effort, 2),
                           benefit=round(benefit, 6), raises=raises, unlocks=unlocks, mandatory=j.mandatory,
                           serves=list(j.serves) if j.entity is None else [], why="; ".join(parts)))
    rows.sort(key=lambda a: (a.start, -(a.benefit / a.cost if a.cost > 0 else float("inf")), a.control, a.entity))
    for i, a in enumerate(rows, 1):
        a.rank = i
    del fw
    return rows


def _group(inst: Instance, entity: str) -> str:
    for e in inst.entities:
        if e.id == entity:
            return e.sector or e.id
    return entity


def unselected(inst: Instance, states: States, schedule: dict[str, int],
               end_levels: dict[str, dict[str, int]], limit: int = 40) -> list[Unselected]:
    """Candidates that would raise an outcome still below target at the end, and why they are out."""
    from cyberplan.engine.plan.instance import needed_questions
    memo: dict = {}
    ledger = Ledger(inst)
    for k, s in schedule.items():
        ledger.take(k, s)
    wanted: dict[str, set[str]] = {}
    for e in inst.entities:
        qs: set[str] = set()
        for o in inst.fw.leaves:
            if end_levels[e.id][o] < inst.targets[e.id][o]:
                qs |= needed_questions(inst.rs, o, inst.targets[e.id][o], memo)
        wanted[e.id] = qs
    out = []
    for k, j in inst.jobs.items():
        if k in schedule:
            continue
        helps = any(q in wanted[e] and (inst.codes0[e].get(q) is None or
                                        inst.codes0[e][q] < inst.fw.question[q].encode(v))
                    for e in j.serves for q, v in j.control.implements.items())
        if not helps:
            continue
        if k in inst.unfit:
            reason = inst.unfit[k]
        else:
            missing = [r for r in j.requires if r not in schedule]
            latest_useful = inst.H - 1 - j.dp  # must finish before the last period to count
            if missing:
                reason = "its prerequisite " + ", ".join(inst.jobs[r].control.id for r in missing) + " is not in the plan"
            elif latest_useful < j.est:
                reason = "horizon: it would complete too late to count within the plan"
            elif not any(fits(inst.limits, ledger, j, s) for s in range(j.est, inst.last_start(j) + 1)):
                cap = inst.capacity_of(j.entity)
                capacity_only = cap is not None and not any(
                    all(ledger.effort.get(j.entity, [0.0] * inst.H)[t] + inst.effort_of(j, s, t) <= cap + 1e-6
                        for t in range(inst.H)) for s in range(j.est, inst.last_start(j) + 1))
                reason = "capacity: the entity's staff are fully committed in every period it could run" \
                    if capacity_only else "budget: no period has room for it once the chosen actions are funded"
            elif inst.config.objective == "max-net-benefit":
                reason = "it would cost more than the expected loss it avoids within the horizon"
            elif inst.config.objective == "max-npv":
                reason = "its discounted cost over the appraisal period exceeds the discounted loss it avoids"
            else:
                reason = "lower value per cost than the chosen actions (the optimiser found better uses of the budget)"
        out.append(Unselected(entity=j.entity or "*", control=j.control.id, title=j.control.title, reason=reason))
        if len(out) >= limit:
            break
    return out
