"""The planner: framework + ruleset + assessment (+ threat weights) + plan config -> a verified,
explained, prioritised, costed, time-phased action list (SPEC §4, §5)."""
from __future__ import annotations

from typing import Callable

from cyberplan.engine.assess.levels import AssessmentResult
from cyberplan.engine.errors import InputError, PlanError
from cyberplan.engine.models import PlanConfig, ThreatProfile
from cyberplan.engine.plan.explain import build_actions, unselected
from cyberplan.engine.plan.greedy import greedy_schedule, marginal_greedy_schedule
from cyberplan.engine.plan.instance import Instance, build_instance, describe_job
from cyberplan.engine.plan.milp import build_model, expr_value
from cyberplan.engine.plan.result import ModelSize, Objective, PlanResult, Spend, UnmetTarget
from cyberplan.engine.plan.solve import schedule_from, solve
from cyberplan.engine.plan.states import States
from cyberplan.engine.plan.verify import spend_by_period, verify
from cyberplan.engine.progress import heartbeat

__all__ = ["plan_portfolio", "prepare_instance", "PlanResult"]


def prepare_instance(inputs, result: AssessmentResult, config: PlanConfig, threats: ThreatProfile | None = None,
                     config_file: str | None = None, threats_file: str | None = None) -> Instance:
    from cyberplan.engine.assess.impact import threat_problems, weights
    fw = inputs.framework
    if threats is not None:
        problems = threat_problems(threats, fw, threats_file)
        if problems:
            raise InputError(problems)
    codes0 = {e.id: e.codes for e in result.entities}
    levels0 = {e.id: {o: e.levels.get(o, 0) for o in fw.nodes} for e in result.entities}
    w = weights(fw, inputs.assessment, threats)
    return build_instance(fw, inputs.ruleset, config, inputs.assessment.entities, codes0, levels0, threats, w,
                          config_file=config_file)


def best_start(inst: Instance, states: States) -> dict[str, int]:
    """The better of the two greedy schedules (baseline, and re-valued marginal) as the solver's
    starting plan: the solver then never returns less than either."""
    candidates = [greedy_schedule(inst, states), marginal_greedy_schedule(inst, states)]
    return max(candidates, key=lambda s: objective_value(inst, states, s))


def objective_value(inst: Instance, states: States, schedule: dict[str, int]) -> float:
    """What the objective makes of a schedule, recomputed by the rules engine (higher is better)."""
    spent = sum(c + o for c, o in spend_by_period(inst, schedule))
    if inst.config.objective == "min-cost":
        return -spent
    gross = states.capped_benefit(schedule, "reference")[0]
    return gross - spent if inst.config.objective == "max-net-benefit" else gross


def _infeasible_reason(inst: Instance, states: States) -> str:
    """A reason a person can act on: which mandatory control, target or budget cannot be met."""
    reasons = []
    for k, j in inst.jobs.items():
        if j.mandatory and k in inst.unfit:
            reasons.append(f"mandatory {describe_job(j)} cannot be scheduled: {inst.unfit[k]}")
    mand = [k for k, j in inst.jobs.items() if j.mandatory and k not in inst.unfit]
    whole = sum(inst.budget) if inst.budget is not None else None
    if inst.total_budget is not None:
        whole = inst.total_budget if whole is None else min(whole, inst.total_budget)
    if mand and whole is not None:
        need = sum(inst.jobs[k].capex for k in mand)
        if need > whole + 1e-6:
            reasons.append(f"the mandatory controls ({_names(inst, mand)}) need {need:,.0f} of capital spending; "
                           f"the whole horizon's budget is {whole:,.0f}")
    if inst.config.objective == "min-cost":
        usable = frozenset(k for k in inst.jobs if k not in inst.unfit)
        short = []
        for e in inst.entities:
            best = states.levels(e.id, usable, "reference")
            for o in inst.fw.leaves:
                if best[o] < inst.targets[e.id][o]:
                    short.append(f"{e.id} {o} (target {inst.targets[e.id][o]}, at most {best[o]} reachable)")
        if short:
            reasons.append(f"{len(short)} target(s) no schedulable set of controls can reach: " + ", ".join(short[:8])
                           + (" ..." if len(short) > 8 else ""))
        elif not reasons:
            reasons.append("the targets are reachable with unlimited money and staff, but not within the budget, "
                           "capacity and horizon given: raise the budget or capacity, lengthen the horizon or "
                           "lower the targets")
    if not reasons:
        if mand:
            reasons.append(f"the mandatory controls ({_names(inst, mand)}) do not fit together within the budget, "
                           "capacity and horizon")
        elif not any(j.mandatory for j in inst.jobs.values()):
            reasons.append("no mandatory control or target requires anything, so an empty plan would do: "
                           "the solver failed")
    return "; ".join(reasons)


def _names(inst: Instance, keys: list[str], limit: int = 8) -> str:
    names = [describe_job(inst.jobs[k]) for k in keys]
    return ", ".join(names[:limit]) + (f" and {len(names) - limit} more" if len(names) > limit else "")


def plan_portfolio(inputs, result: AssessmentResult, config: PlanConfig, threats: ThreatProfile | None = None,
                   progress: Callable[[str], None] | None = None, config_file: str | None = None,
                   threats_file: str | None = None, solver_progress: Callable | None = None) -> PlanResult:
    if config.objective == "max-net-benefit" and threats is None:
        raise InputError("objective max-net-benefit sets loss avoided against money spent, so it needs a threat "
                         "profile (--threats); without one benefit is counted in level-periods",
                         file=config_file, path="objective")
    inst = prepare_instance(inputs, result, config, threats, config_file, threats_file)
    states = States(inst)
    labels = config.period_labels()
    fw = inst.fw

    def say(msg: str) -> None:
        if progress is not None:
            progress(msg)

    quick_fail = [k for k, j in inst.jobs.items() if j.mandatory and k in inst.unfit]
    if quick_fail:
        return _infeasible(inst, states, labels, _infeasible_reason(inst, states))
    say(f"planning {len(inst.jobs):,} candidate actions over {inst.H} periods: finding a starting plan")
    with heartbeat(say, "finding a starting plan"):
        start = best_start(inst, states)
    say("building the model")
    with heartbeat(say, "building the model"):
        model = build_model(inst)
    say(f"model: {model.n_binaries:,} binaries, {model.n_aux:,} auxiliaries, {model.cons:,} constraints, "
        f"built in {model.build_seconds:.2f}s; solving with {config.solver.name} "
        f"(time limit {config.solver.time_limit:g}s, gap {config.solver.gap:g})")
    outcome = solve(model, config.solver, start=start, progress=solver_progress)
    if outcome.status == "no-solution":
        # the solver stopped before finding any plan: nothing is proved, so blame nothing
        return _infeasible(inst, states, labels, outcome.message, outcome, status="no-solution")
    if outcome.status == "infeasible":
        return _infeasible(inst, states, labels, _infeasible_reason(inst, states), outcome)
    say(f"solver stopped after {outcome.seconds:.1f}s: {outcome.status}"
        + ("" if outcome.gap is None else f", gap {outcome.gap:.2%}"))
    schedule = schedule_from(model)
    benefit_model = expr_value(model.benefit)
    status, gap, bound = outcome.status, outcome.gap, outcome.bound
    notes = []
    if config.maximizes and start:
        if objective_value(inst, states, start) > objective_value(inst, states, schedule) + 1e-9:
            # the solver stopped before matching the simple baseline: keep the better plan
            notes.append("the solver's best plan was below the greedy baseline; the greedy plan is used")
            schedule, model_for_verify, status = start, None, "feasible"
            benefit_model = None
        else:
            model_for_verify = model
    else:
        model_for_verify = model
    verification, levels_at = verify(inst, states, schedule, model_for_verify, benefit_model)
    verification.notes += notes
    actions = build_actions(inst, states, schedule, labels)
    spend = []
    avail_run = 0.0
    spent_run = 0.0
    for t, (capex, opex) in enumerate(spend_by_period(inst, schedule)):
        budget = inst.budget[t] if inst.budget is not None else None
        available = None
        if budget is not None:
            avail_run += budget
            available = avail_run - spent_run if config.budget.carry_over else budget
        spent_run += capex + opex
        spend.append(Spend(period=t, label=labels[t], capex=round(capex, 2), opex=round(opex, 2),
                           total=round(capex + opex, 2), budget=budget,
                           available=None if available is None else round(available, 2)))
    end = levels_at[inst.H]
    unmet = [UnmetTarget(entity=e.id, outcome=o, current=inst.levels0[e.id][o], target=inst.targets[e.id][o],
                         reached=end[e.id][o])
             for e in inst.entities for o in fw.leaves if end[e.id][o] < inst.targets[e.id][o]]
    if config.objective == "min-cost" and unmet:
        # min-cost promises every target by the end (SPEC §5); outcomes no schedulable control can
        # change carry no constraint in the model, so the solver alone would call this optimal
        return _infeasible(inst, states, labels, _infeasible_reason(inst, states), outcome)
    benefit, per_period = states.capped_benefit(schedule, "durable")
    cost = sum(c + o for c, o in spend_by_period(inst, schedule))
    if config.objective == "max-benefit" and bound is not None:
        bound = max(bound, benefit)
    functions = [o.id for o in fw.outcomes]
    maturity = {e.id: [{f: levels_at[t][e.id][f] for f in functions} for t in range(inst.H + 1)]
                for e in inst.entities}
    plan = PlanResult(
        framework=fw.id, ruleset=inst.rs.id, status=status,
        objective=Objective(kind=config.objective, benefit=round(benefit, 6), cost=round(cost, 2),
                            bound=None if bound is None else round(bound, 6),
                            gap=None if gap is None else round(gap, 6), unit=inst.unit),
        periods=labels, actions=actions, spend=spend, unmet_targets=unmet,
        unselected=unselected(inst, states, schedule, end), maturity=maturity,
        benefit_by_period=[round(x, 6) for x in per_period], dropped=inst.dropped,
        model=ModelSize(binaries=model.n_binaries, variables=model.n_binaries + model.n_aux, constraints=model.cons,
                        solver=outcome.solver),
        verification=verification, config=config.model_dump(mode="json"),
        weights={e: {o: round(w, 6) for o, w in ws.items() if w} for e, ws in inst.weights.items()},
    )
    if threats is not None:
        from cyberplan.engine.plan.business import business_case
        plan.business_case = business_case(inst, states, schedule, plan, threats)
    return plan


def _infeasible(inst: Instance, states: States, labels: list[str], reason: str, outcome=None,
                status: str = "infeasible") -> PlanResult:
    cfg = inst.config
    unmet = [UnmetTarget(entity=e.id, outcome=o, current=inst.levels0[e.id][o], target=inst.targets[e.id][o],
                         reached=inst.levels0[e.id][o])
             for e in inst.entities for o in inst.fw.leaves if inst.levels0[e.id][o] < inst.targets[e.id][o]]
    return PlanResult(framework=inst.fw.id, ruleset=inst.rs.id, status=status, reason=reason,
                      objective=Objective(kind=cfg.objective, benefit=0.0, cost=0.0, unit=inst.unit),
                      periods=labels, actions=[], spend=[], unmet_targets=unmet, dropped=inst.dropped,
                      config=cfg.model_dump(mode="json"))


def require_feasible(plan: PlanResult) -> None:
    if plan.status == "infeasible":
        raise PlanError(plan.reason or "no plan satisfies the constraints")
