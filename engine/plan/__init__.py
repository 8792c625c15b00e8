"""The planner: framework + ruleset + assessment (+ threat weights) + plan config -> a verified,
explained, prioritised, costed, time-phased action list (SPEC §4, §5)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from cyberplan.engine.assess.levels import AssessmentResult
from cyberplan.engine.errors import InputError
from cyberplan.engine.models import PlanConfig, ThreatProfile
from cyberplan.engine.plan.business import business_case
from cyberplan.engine.plan.explain import build_actions, unselected
from cyberplan.engine.plan.greedy import greedy_schedule, marginal_greedy_schedule, prune
from cyberplan.engine.plan.instance import Commitments, Instance, build_instance, describe_job
from cyberplan.engine.plan.measures import progress_measures
from cyberplan.engine.plan.milp import build_model, expr_value
from cyberplan.engine.plan.objective import schedule_value
from cyberplan.engine.plan.options import appraise_options, recommend
from cyberplan.engine.plan.result import ModelSize, Objective, PlanResult, Spend, UnmetTarget
from cyberplan.engine.plan.sensitivity import sensitivity
from cyberplan.engine.plan.solve import schedule_from, solve
from cyberplan.engine.plan.states import States
from cyberplan.engine.plan.verify import spend_by_period, verify
from cyberplan.engine.progress import heartbeat

__all__ = ["plan_portfolio", "replan_portfolio", "prepare_instance", "PlanResult"]


def prepare_instance(inputs, result: AssessmentResult, config: PlanConfig, threats: ThreatProfile | None = None,
                     config_file: str | None = None, threats_file: str | None = None,
                     commitments: Commitments | None = None) -> Instance:
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
                          config_file=config_file, commitments=commitments)


START_SHARE = 0.2   # of the time limit, at most, for the starting plan (the re-valued greedy stops there)
FINISH_SHARE = 0.05  # of the time limit, kept for verifying and explaining the plan after the solve


def best_start(inst: Instance, states: States) -> dict[str, int]:
    """The best of the greedy schedules (baseline, re-valued marginal, and each pruned of picks
    that cost more than they are worth) as the solver's starting plan: the solver then never
    returns less than any of them. The re-valued greedy gets a share of the time limit."""
    import time
    deadline = time.perf_counter() + START_SHARE * inst.config.solver.time_limit
    candidates = [greedy_schedule(inst, states), marginal_greedy_schedule(inst, states, deadline)]
    if inst.config.needs_money:
        candidates += [prune(inst, states, c) for c in candidates]
    return max(candidates, key=lambda s: schedule_value(inst, states, s))


def objective_value(inst: Instance, states: States, schedule: dict[str, int]) -> float:
    """What the objective makes of a schedule, recomputed by the rules engine (higher is better)."""
    return schedule_value(inst, states, schedule)


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
            limits = (["the budget"] if inst.budget is not None or inst.total_budget is not None else []) + \
                (["the staff capacity"] if inst.config.capacity.per_period or inst.config.capacity.entities else []) + \
                ["the horizon"]
            reasons.append("the targets are reachable with unlimited money and staff, but not within "
                           + ", ".join(limits[:-1]) + (" and " if len(limits) > 1 else "") + limits[-1]
                           + " given: " + (("raise " + " or ".join(x.replace("the ", "") for x in limits[:-1]) + ", ")
                                           if len(limits) > 1 else "")
                           + "lengthen the horizon or lower the targets")
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


@dataclass
class Found:
    """A schedule and what is known of its quality."""
    schedule: dict[str, int]
    status: str                       # optimal | feasible
    value: float | None               # the objective's value, per the solver
    bound: float | None
    gap: float | None
    bound_source: str | None
    model: Any = None                 # the model whose levels verification compares (None: a heuristic's plan)
    solver: str = ""
    notes: list[str] = field(default_factory=list)
    method: str = "milp"
    planned: dict | None = None       # levels promised by sub-plans (a decomposition), verified too
    size: Any = None


DIRECT_LIMIT = 11_000  # start variables up to which one MILP, from the greedy start, usually proves a portfolio
                       # faster than decomposing it (the bundled demo: 10,200)


def choose_method(inst: Instance) -> str:
    method = inst.config.solver.method
    if method != "auto":
        return method
    slots = sum(len(range(j.est, inst.last_start(j) + 1)) for k, j in inst.jobs.items() if k not in inst.unfit)
    return "milp" if len(inst.entities) == 1 or slots <= DIRECT_LIMIT else "decompose"


def plan_portfolio(inputs, result: AssessmentResult, config: PlanConfig, threats: ThreatProfile | None = None,
                   progress: Callable[[str], None] | None = None, config_file: str | None = None,
                   threats_file: str | None = None, solver_progress: Callable | None = None, *,
                   options: bool = True, uncertainty: dict | None = None, executor: Any = None,
                   commitments: Commitments | None = None) -> PlanResult:
    """The verified, explained plan for an assessed portfolio (SPEC §4, §5). With a threat profile
    it carries the business case, with `options` the options appraisal beside it, and with
    `uncertainty` ({"draws": N, "seed": S}) the case under the threats' ranges (engine.plan.uncertainty).
    `commitments`: a re-plan's actions under way and excluded (see `replan_portfolio`)."""
    plan = _plan_portfolio(inputs, result, config, threats, progress, config_file, threats_file, solver_progress,
                           options=options, uncertainty=uncertainty, executor=executor, commitments=commitments)
    plan.assessed = result.assessed   # every output says which answers it starts from
    return plan


def replan_portfolio(inputs, config: PlanConfig, progress, threats: ThreatProfile | None = None, *,
                     progress_doc=None, progress_callback: Callable[[str], None] | None = None,
                     config_file: str | None = None, threats_file: str | None = None,
                     solver_progress: Callable | None = None, executor: Any = None):
    """Re-plan from the period after the progress's `as_of` (`plan --progress`, see plan/replan.py):
    the inputs transformed, then planned and verified like any plan. Returns (plan, Replan)."""
    from cyberplan.engine.plan.replan import mark_locked, replan_inputs
    rp = replan_inputs(inputs, config, progress, progress_doc=progress_doc)
    plan = plan_portfolio(rp.inputs, rp.result, rp.config, threats, progress_callback, config_file, threats_file,
                          solver_progress, commitments=rp.commitments, executor=executor)
    mark_locked(plan, rp)
    return plan, rp


def _plan_portfolio(inputs, result: AssessmentResult, config: PlanConfig, threats: ThreatProfile | None,
                    progress: Callable[[str], None] | None, config_file: str | None, threats_file: str | None,
                    solver_progress: Callable | None, *, options: bool = True, uncertainty: dict | None = None,
                    executor: Any = None, commitments: Commitments | None = None) -> PlanResult:
    import time as _time
    began = _time.perf_counter()
    check_money(config, threats, config_file)
    if uncertainty is not None and threats is None:
        raise InputError("--uncertainty needs a threat profile: give --threats FILE", path="--uncertainty")
    inst = prepare_instance(inputs, result, config, threats, config_file, threats_file, commitments)
    states = States(inst)
    labels = config.period_labels()

    def say(msg: str) -> None:
        if progress is not None:
            progress(msg)

    quick_fail = [k for k, j in inst.jobs.items() if j.mandatory and k in inst.unfit]
    if quick_fail:
        return _infeasible(inst, states, labels, _infeasible_reason(inst, states))
    # solver.time_limit bounds the whole plan: preparing the instance, solving, then verifying
    seconds = max(1.0, (1 - FINISH_SHARE) * config.solver.time_limit - (_time.perf_counter() - began))
    if choose_method(inst) == "decompose":
        found = solve_decomposed(inst, states, threats, say, solver_progress, executor, seconds)
    else:
        found = solve_direct(inst, states, say, solver_progress, seconds)
    if isinstance(found, NoPlan):
        return _infeasible(inst, states, labels, found.reason, status=found.status)
    if isinstance(found, str):
        return _infeasible(inst, states, labels, found)
    plan = finish(inst, states, found, labels)
    if plan.status == "infeasible":
        return plan
    if threats is not None:
        opts = appraise_options(inst, states, found.schedule, plan, threats, say) if options else []
        plan.business_case = business_case(inst, states, found.schedule, plan, threats, options=opts)
        plan.business_case.sensitivity = sensitivity(inst, states, found.schedule, threats)
        plan.business_case.summary, plan.business_case.recommendation = recommend(plan.business_case, plan)
        if uncertainty is not None:
            from cyberplan.engine.plan.uncertainty import analyse
            plan.business_case.uncertainty = analyse(inputs, result, config, threats, plan, progress=progress,
                                                     **uncertainty)
    return plan


def check_money(config: PlanConfig, threats: ThreatProfile | None, config_file: str | None) -> None:
    """The objectives that count money need a threat profile, in the plan's currency."""
    if config.needs_money and threats is None:
        raise InputError(f"objective {config.objective} sets loss avoided against money spent, so it needs a threat "
                         "profile (--threats or `threats:` in the plan); without one benefit is counted in "
                         "level-periods", file=config_file, path="objective")
    if threats is not None and config.currency and config.currency != threats.currency:
        raise InputError(f"the plan is in {config.currency} but the threat profile counts losses in "
                         f"{threats.currency}: give one currency", file=config_file, path="currency")


def better(inst: Instance, states: States, a: dict[str, int], b: dict[str, int]) -> bool:
    """Whether schedule `a` is worth strictly more than `b` (beyond rounding; max-benefit's tiny
    tie-break cost aside, which solvers cannot resolve)."""
    va = schedule_value(inst, states, a, tie_break=False)
    vb = schedule_value(inst, states, b, tie_break=False)
    return va > vb + 1e-9 * max(1.0, abs(vb))


@dataclass
class NoPlan:
    """No plan, and why: `no-solution` (stopped before finding one: nothing is proved) or
    `infeasible` (none exists)."""
    reason: str
    status: str = "infeasible"


def solve_direct(inst: Instance, states: States, say: Callable[[str], None],
                 solver_progress: Callable | None = None, seconds: float | None = None) -> Found | NoPlan | str:
    """One MILP for the whole instance, started from the best greedy plan, within `seconds`
    (default: solver.time_limit). A string: why no plan."""
    import time as _time
    config = inst.config
    seconds = config.solver.time_limit if seconds is None else seconds
    began = _time.perf_counter()
    say(f"planning {len(inst.jobs):,} candidate actions over {inst.H} periods: finding a starting plan")
    with heartbeat(say, "finding a starting plan"):
        start = best_start(inst, states)
    say("building the model")
    with heartbeat(say, "building the model"):
        model = build_model(inst)
    # the time limit bounds the whole plan: the solver gets what the start and the model left
    left = max(1.0, seconds - (_time.perf_counter() - began))
    say(f"model: {model.n_binaries:,} binaries, {model.n_aux:,} auxiliaries, {model.cons:,} constraints, "
        f"built in {model.build_seconds:.2f}s; solving with {config.solver.name} "
        f"(time left {left:.0f}s of {config.solver.time_limit:g}s, gap {config.solver.gap:g})")
    outcome = solve(model, config.solver.model_copy(update={"time_limit": left}), start=start,
                    progress=solver_progress)
    if outcome.status == "no-solution":
        # the solver stopped before finding any plan: nothing is proved, so blame nothing
        return NoPlan(outcome.message, "no-solution")
    if outcome.status == "infeasible":
        return _infeasible_reason(inst, states)
    say(f"solver stopped after {outcome.seconds:.1f}s: {outcome.status}"
        + ("" if outcome.gap is None else f", gap {outcome.gap:.2%}"))
    schedule = schedule_from(model)
    found = Found(schedule, outcome.status, model.objective_value(), outcome.bound, outcome.gap,
                  f"MILP ({outcome.solver})", model=model, solver=outcome.solver)
    if config.maximizes and start and better(inst, states, start, schedule):
        # the solver stopped before matching the simple baseline: keep the better plan
        found.notes.append("the solver's best plan was below the greedy baseline; the greedy plan is used")
        found.schedule, found.model, found.status = start, None, "feasible"
        found.value = schedule_value(inst, states, start)
    found.size = ModelSize(binaries=model.n_binaries, variables=model.n_binaries + model.n_aux, constraints=model.cons,
                           solver=outcome.solver)
    return found


def solve_decomposed(inst: Instance, states: States, threats: ThreatProfile | None, say: Callable[[str], None],
                     solver_progress: Callable | None = None, executor: Any = None,
                     seconds: float | None = None) -> Found | str:
    """The portfolio by entity (engine.plan.decompose), on the executor given (default: local
    worker processes, or this process for a handful of entities), within `seconds` (default:
    solver.time_limit)."""
    import time as _time

    from cyberplan.engine.plan.decompose import decompose
    from cyberplan.engine.plan.executor import ProcessExecutor, SerialExecutor
    config = inst.config
    own = executor is None
    if own:
        executor = SerialExecutor() if len(inst.entities) <= 2 else ProcessExecutor()
    began = _time.perf_counter()
    try:
        dec = decompose(inst, states, threats, executor, config.solver.time_limit if seconds is None else seconds,
                        say, solver_progress)
    finally:
        if own:
            executor.close()
    schedule, model, planned, method = dec.schedule, None, dec.planned, "decomposition"
    if dec.polish_model is not None:
        polished = schedule_from(dec.polish_model)
        if not better(inst, states, schedule, polished):
            schedule, model, planned, method = polished, dec.polish_model, None, "decomposition+polish"
    value = schedule_value(inst, states, schedule)
    bound = dec.bound
    gap = None if bound is None else max(0.0, (bound - value) / max(abs(bound), 1e-9))
    status = "optimal" if gap is not None and gap <= config.solver.gap + 1e-6 else "feasible"
    took = _time.perf_counter() - began
    say(f"plan by decomposition in {took:.1f}s: "
        + "; ".join(f"{p.name} {p.seconds:.1f}s" for p in dec.phases)
        + ("" if gap is None else f"; gap {gap:.2%} to the bound"))
    found = Found(schedule, status, value, bound, gap, dec.bound_source, model=model, method=method,
                  planned=planned, notes=list(dec.notes),
                  solver="HiGHS" if config.solver.name == "highs" else "CBC")
    if model is not None:
        found.size = ModelSize(binaries=model.n_binaries, variables=model.n_binaries + model.n_aux,
                               constraints=model.cons, solver=found.solver)
    return found


def finish(inst: Instance, states: States, found: Found, labels: list[str]) -> PlanResult:
    """Verify the schedule, explain it and put the plan together."""
    config, fw = inst.config, inst.fw
    schedule = found.schedule
    model = found.model
    verification, levels_at = verify(inst, states, schedule, model, None if model is None else expr_value(model.benefit),
                                     promised=found.planned)
    verification.notes += found.notes
    actions = build_actions(inst, states, schedule, labels)
    spend = spend_rows(inst, schedule, labels)
    end = levels_at[inst.H]
    unmet = [UnmetTarget(entity=e.id, outcome=o, current=inst.levels0[e.id][o], target=inst.targets[e.id][o],
                         reached=end[e.id][o])
             for e in inst.entities for o in fw.leaves if end[e.id][o] < inst.targets[e.id][o]]
    if config.objective == "min-cost" and unmet:
        # min-cost promises every target by the end (SPEC §5); outcomes no schedulable control can
        # change carry no constraint in the model, so the solver alone would call this optimal
        return _infeasible(inst, states, labels, _infeasible_reason(inst, states))
    benefit, per_period = states.capped_benefit(schedule, "durable")
    cost = sum(c + o for c, o in spend_by_period(inst, schedule))
    value = schedule_value(inst, states, schedule, "durable", tie_break=False)
    if config.objective == "min-cost":
        value = -value
    bound, gap = found.bound, found.gap
    if bound is not None and config.maximizes:
        bound = max(bound, value)
        gap = (bound - value) / max(abs(bound), 1e-9) if bound else 0.0
    status = found.status
    if status == "optimal" and gap is not None and gap > config.solver.gap + 1e-6:
        status = "feasible"    # honest: optimal only within the requested gap of a valid bound
    functions = [o.id for o in fw.outcomes]
    maturity = {e.id: [{f: levels_at[t][e.id][f] for f in functions} for t in range(inst.H + 1)]
                for e in inst.entities}
    leaf_levels = [{e.id: {o: levels_at[t][e.id][o] for o in fw.leaves} for e in inst.entities}
                   for t in range(inst.H + 1)]
    return PlanResult(
        framework=fw.id, ruleset=inst.rs.id, status=status,
        objective=Objective(kind=config.objective, benefit=round(benefit, 6), cost=round(cost, 2),
                            value=round(value, 6), bound=None if bound is None else round(bound, 6),
                            gap=None if gap is None else round(max(0.0, gap), 6), bound_source=found.bound_source,
                            unit=inst.unit, priority=config.priority),
        periods=labels, actions=actions, spend=spend, unmet_targets=unmet,
        unselected=unselected(inst, states, schedule, end), maturity=maturity,
        benefit_by_period=[round(x, 6) for x in per_period], dropped=inst.dropped,
        model=getattr(found, "size", None), verification=verification, config=config.model_dump(mode="json"),
        weights={e: {o: round(w, 6) for o, w in ws.items() if w} for e, ws in inst.weights.items()},
        progress=progress_measures(fw, [e.id for e in inst.entities], leaf_levels, inst.targets),
        method=found.method,
    )


def spend_rows(inst: Instance, schedule: dict[str, int], labels: list[str]) -> list[Spend]:
    config = inst.config
    out = []
    avail_run = spent_run = 0.0
    for t, (capex, opex) in enumerate(spend_by_period(inst, schedule)):
        budget = inst.budget[t] if inst.budget is not None else None
        available = None
        if budget is not None:
            avail_run += budget
            available = avail_run - spent_run if config.budget.carry_over else budget
        spent_run += capex + opex
        out.append(Spend(period=t, label=labels[t], capex=round(capex, 2), opex=round(opex, 2),
                         total=round(capex + opex, 2), budget=budget,
                         available=None if available is None else round(available, 2)))
    return out


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


