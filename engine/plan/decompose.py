"""Planning a whole portfolio: a resource-directive decomposition by entity.

The portfolio's MILP couples its entities only through the budget rows and the shared controls.
So, within `solver.time_limit` for the whole plan:

1. **Bound.** The portfolio's LP relaxation when it is small enough to build, else a Lagrangian
   bound decomposed on the budget rows: each entity's LP at a price per unit of money spent, with
   each shared control offered to each entity it serves at its share of the cost. Any price >= 0
   gives a valid upper bound (weak duality): sum of the entity LPs + price x budget. The price is
   found by bisection on the budget's use, keeping the least bound.
2. **Shared controls** are fixed from the LP: done when at least half of it is scheduled, at the
   median of its start slots (prerequisites first).
3. **Allotments.** Each entity gets its LP spend per period as its own budget, plus a share of what
   the LP left unspent, after the shared controls' spend.
4. **Entity MILPs**, each built from that entity's own data by a worker (an executor: local
   processes or a Dask cluster), solved to the requested gap.
5. **Fill.** What the allotments left unspent goes, greedily, to the best remaining actions.
6. **Polish.** Where the portfolio MILP is small enough, it is warm-started from this plan for the
   time left: its bound can prove the gap.

Every phase is bounded by the time left and reported as progress; the plan is then verified like
any other (the sub-plans' levels against the rules engine, the limits recomputed).
"""
from __future__ import annotations

import dataclasses
import math
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from cyberplan.engine.models import Entity, PlanConfig, SolverOptions, ThreatProfile
from cyberplan.engine.rules.prepare import PreparedRuleset

LP_LIMIT = 40_000        # portfolio LP built whole up to this many start variables
SUB_HEURISTIC_EFFORT = 0.3   # HiGHS's share of effort on primal heuristics in the entity MILPs (default 0.05):
                             # the sub-plans need good plans fast; the bound comes from elsewhere
POLISH_LIMIT = 25_000    # portfolio MILP polished up to this many binaries, in the time the entities left
POLISH_MIN_SHARE = 0.15  # ... when at least this share of the time limit is left
FIRST_PASS = 0.75        # the entities' first pass's share of the time after the bound
FILL_SHARE = 0.05        # time kept for the fill
MIN_SECOND_PASS = 5.0    # seconds: a second pass shorter than this (or than the first) is not worth a rebuild
SECOND_PASS_MARGIN = 1.0   # seconds a sub-plan takes beyond its solver's limit (building, presolve)
BISECTIONS = 7
BOUND_SHARE = 0.4        # of the time limit, at most, for the bound (the LP, or the bisection on prices)


@dataclass
class Context:
    """What every worker needs once: the framework (inside the ruleset), the plan configuration
    and the threat profile (for money units)."""
    rs: PreparedRuleset
    config: PlanConfig
    threats: ThreatProfile | None


@dataclass
class EntityTask:
    entity: Entity
    codes0: dict[str, int]
    levels0: dict[str, int]
    weights: dict[str, float]
    shared: dict[str, Any]               # control id -> SharedJob
    mode: str                            # "lp" (priced relaxation) | "milp" (its allotment as budget)
    prices: list[float] | None = None
    budget: list[float] | None = None
    time_limit: float = 60.0
    gap: float = 0.005
    hints: dict[str, dict[int, float]] | None = None   # the portfolio LP's starts of this entity's jobs
    previous: dict[str, int] | None = None   # its own actions from an earlier pass: the start, if it still fits
    deadline: float | None = None        # wall clock (time.time()): a task not started by then is skipped


@dataclass
class EntityOutcome:
    entity: str
    status: str
    value: float | None                  # the objective (with prices in LP mode)
    bound: float | None
    spend: list[float]                   # per period
    schedule: dict[str, int] = field(default_factory=dict)
    shared_mass: dict[str, dict[int, float]] = field(default_factory=dict)
    planned: dict[tuple[str, int], int] = field(default_factory=dict)   # (leaf, t) -> capped level
    seconds: float = 0.0


def sub_instance(ctx: Context, task: EntityTask):
    """One entity's planning instance, from its own data."""
    from cyberplan.engine.plan.instance import build_instance
    cfg = ctx.config
    if task.mode == "lp" or task.budget is not None:
        cfg = cfg.model_copy(update={"budget": cfg.budget.model_copy(update={"per_period": None, "total": None})})
    e = task.entity
    return build_instance(ctx.rs.framework, ctx.rs, cfg, [e], {e.id: task.codes0}, {e.id: task.levels0}, ctx.threats,
                          {e.id: task.weights}, shared=task.shared, budget=task.budget, check=False)


def solve_entity(ctx: Context, task: EntityTask) -> EntityOutcome:
    """Runs in a worker: build the entity's model from its data and solve it."""
    from cyberplan.engine.plan import best_start, better
    from cyberplan.engine.plan.milp import build_model, expr_value
    from cyberplan.engine.plan.solve import schedule_from, solve
    from cyberplan.engine.plan.states import States
    began = time.perf_counter()
    H = ctx.config.horizon
    time_limit = task.time_limit
    if task.deadline is not None:
        time_limit = min(time_limit, task.deadline - time.time() - SECOND_PASS_MARGIN)
        if time_limit < 1.0:
            # the plan's time is up: the fill plans this entity
            return EntityOutcome(task.entity.id, "no-solution", None, None, [0.0] * H, seconds=0.0)
    inst = sub_instance(ctx, task)
    options = SolverOptions(name=ctx.config.solver.name if task.mode == "milp" else "highs",
                            time_limit=max(1.0, time_limit), gap=task.gap, threads=1)
    if task.mode == "lp":
        model = build_model(inst, relax=True, prices=task.prices)
        out = solve(model, options)
        if out.status != "optimal":
            return EntityOutcome(task.entity.id, out.status, None, None, [0.0] * H,
                                 seconds=time.perf_counter() - began)
        values = {v: v.varValue or 0.0 for xs in model.x.values() for v in xs.values()}
        spend = [0.0] * H
        mass: dict[str, dict[int, float]] = {}
        for k, xs in model.x.items():
            j = inst.jobs[k]
            for s, v in xs.items():
                x = values[v]
                if x <= 1e-9:
                    continue
                if j.entity is None:
                    mass.setdefault(j.control.id, {})[s] = x
                    continue      # a shared control's copy: its spend is the portfolio's, not the entity's
                for t in range(H):
                    spend[t] += x * sum(inst.spend_of(j, s, t))
        return EntityOutcome(task.entity.id, "optimal", out.objective, out.objective, spend, shared_mass=mass,
                             seconds=time.perf_counter() - began)
    states = States(inst, evaluator="reference")
    quick = [k for k, j in inst.jobs.items() if j.mandatory and k in inst.unfit]
    if quick:
        return EntityOutcome(task.entity.id, "infeasible", None, None, [0.0] * H, seconds=time.perf_counter() - began)
    start = _previous(inst, task.previous) if task.previous is not None else None
    if start is None:
        start = best_start(inst, states)
    if task.hints and task.previous is None:
        rounded = lp_rounding(inst, task.hints)
        if better(inst, states, rounded, start):
            start = rounded
    model = build_model(inst)
    out = solve(model, options, start=start, heuristics=SUB_HEURISTIC_EFFORT)
    if out.status not in ("optimal", "feasible"):
        return EntityOutcome(task.entity.id, "infeasible" if out.status == "infeasible" else "no-solution", None,
                             None, [0.0] * H, seconds=time.perf_counter() - began)
    schedule = schedule_from(model)
    planned = {(o, t): round(expr_value(expr)) for (e, o, t), expr in model.level_exprs.items()}
    status, bound = out.status, out.bound
    if start and better(inst, states, start, schedule):
        schedule, status, planned = start, "feasible", {}
    own = {k: s for k, s in schedule.items() if inst.jobs[k].entity is not None}
    spend = [0.0] * H
    for k, s in own.items():
        for t in range(H):
            spend[t] += sum(inst.spend_of(inst.jobs[k], s, t))
    from cyberplan.engine.plan.objective import schedule_value
    return EntityOutcome(task.entity.id, status, schedule_value(inst, states, schedule), bound, spend, schedule=own,
                         planned=planned, seconds=time.perf_counter() - began)


def _previous(inst, own: dict[str, int]) -> dict[str, int] | None:
    """An earlier pass's plan with the fixed shared controls added, if it is within this model's
    limits (a larger allotment keeps it so)."""
    from cyberplan.engine.plan.limits import violations
    schedule = {k: s for k, s in own.items() if k in inst.jobs and k not in inst.unfit}
    schedule.update({k: j.fixed_start for k, j in inst.jobs.items()
                     if j.fixed_start is not None and k not in inst.unfit})
    return None if any(violations(inst.limits, inst, schedule).values()) else schedule


def lp_rounding(inst, hints: dict[str, dict[int, float]]) -> dict[str, int]:
    """A schedule from an LP solution: each job at least half scheduled in the LP, in the order of
    its median LP start, placed as early as the limits allow from there."""
    from cyberplan.engine.plan.greedy import place
    from cyberplan.engine.plan.limits import Ledger
    have: dict[str, int] = {}
    ledger = Ledger(inst)
    for k, j in inst.jobs.items():
        if (j.fixed_start is not None or j.mandatory) and k not in inst.unfit:
            place(inst, ledger, have, k)
    order = []
    for k, starts in hints.items():
        if k not in inst.jobs or k in inst.unfit or k in have:
            continue
        total = sum(starts.values())
        if total < 0.5:
            continue
        cum = 0.0
        for s in sorted(starts):
            cum += starts[s]
            if cum >= total / 2:
                order.append((s, -total, k))
                break
    for _s, _m, k in sorted(order):
        if k not in have:
            place(inst, ledger, have, k)
    return have


# --------------------------------------------------------------------------- entity LPs as arrays

@dataclass
class EntityLP:
    """One entity's LP relaxation as arrays, built once and re-solved at any budget price with only
    its objective changed (a pickled PuLP model would be far larger, and rebuilding it each time
    far slower)."""
    entity: str
    cost: Any                 # objective coefficients (maximised), objective units
    constant: float
    spend: Any                # money spent over the horizon per unit of each column
    col_lo: Any
    col_hi: Any
    row_lo: Any
    row_hi: Any
    starts: Any               # CSC column starts
    index: Any
    value: Any
    own_spend: list[tuple[int, int, float]]      # (column, period, money) of the entity's own jobs
    shared: list[tuple[int, str, int]]           # (column, control id, start) of shared-control copies
    hints: list[tuple[int, str, int]]            # (column, job key, start) of its own jobs
    periods: int


def entity_lp(ctx: Context, task: EntityTask) -> EntityLP:
    """Runs in a worker: the entity's LP relaxation (shared controls offered at their cost share)."""
    import numpy as np

    from cyberplan.engine.plan.milp import build_model
    inst = sub_instance(ctx, task)
    model = build_model(inst, relax=True)
    variables = model.prob.variables()
    col = {v.name: i for i, v in enumerate(variables)}
    n = len(variables)
    cost = np.zeros(n)
    for v, a in model.value.t.items():
        cost[col[v.name]] += a
    for v, a in model.job_cost.t.items():
        cost[col[v.name]] -= a
    spend = np.zeros(n)
    own, shared, hints = [], [], []
    for k, xs in model.x.items():
        j = inst.jobs[k]
        for s, v in xs.items():
            c = col[v.name]
            for t in range(inst.H):
                money = sum(inst.spend_of(j, s, t))
                if money:
                    spend[c] += money
                    if j.entity is not None:
                        own.append((c, t, money))
            (shared if j.entity is None else hints).append((c, j.control.id if j.entity is None else k, s))
    columns: list[list[tuple[int, float]]] = [[] for _ in range(n)]
    row_lo, row_hi = [], []
    for r, con in enumerate(model.prob.constraints()):
        for v, a in con.items():
            columns[col[v.name]].append((r, a))
        rhs = -con.constant
        sense = con.sense
        row_lo.append(rhs if sense >= 0 else -np.inf)
        row_hi.append(rhs if sense <= 0 else np.inf)
    starts, index, value = [0], [], []
    for entries in columns:
        for r, a in entries:
            index.append(r)
            value.append(a)
        starts.append(len(index))
    lo = np.array([v.lowBound if v.lowBound is not None else -np.inf for v in variables], dtype=float)
    hi = np.array([v.upBound if v.upBound is not None else np.inf for v in variables], dtype=float)
    return EntityLP(task.entity.id, cost, model.value.c - model.job_cost.c, spend, lo, hi,
                    np.array(row_lo, dtype=float), np.array(row_hi, dtype=float), np.array(starts, dtype=np.int32),
                    np.array(index, dtype=np.int32), np.array(value, dtype=float), own, shared, hints, inst.H)


@dataclass
class PricedLP:
    entity: str
    value: float | None       # the LP's optimum at the price (objective units), None if not solved
    spend: float              # money over the horizon
    spend_by_period: list[float]
    shared_mass: dict[str, dict[int, float]]
    hints: dict[str, dict[int, float]]


def solve_priced(_ctx: Any, job: tuple[EntityLP, float]) -> PricedLP:
    """Runs in a worker: one entity's LP at a price per unit of money spent."""
    import highspy
    import numpy as np

    from cyberplan.engine.plan.solve import _stdout_to_devnull
    data, price = job
    with _stdout_to_devnull():
        h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("threads", 1)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(data.cost), len(data.row_lo)
    lp.col_cost_ = -(data.cost - price * data.spend)          # HiGHS minimises
    lp.col_lower_, lp.col_upper_ = data.col_lo, data.col_hi
    lp.row_lower_, lp.row_upper_ = data.row_lo, data.row_hi
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_, lp.a_matrix_.index_, lp.a_matrix_.value_ = data.starts, data.index, data.value
    h.passModel(lp)
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return PricedLP(data.entity, None, 0.0, [0.0] * data.periods, {}, {})
    # the dual objective: a valid bound whatever the primal's tolerance (HiGHS's simplex is exact to its
    # feasibility tolerance; the dual value of an optimal basis equals the primal one)
    info = h.getInfo()
    x = np.asarray(h.getSolution().col_value)
    value = -info.objective_function_value + data.constant
    spend_t = [0.0] * data.periods
    for c, t, money in data.own_spend:
        spend_t[t] += x[c] * money
    mass: dict[str, dict[int, float]] = {}
    for c, cid, s in data.shared:
        if x[c] > 1e-9:
            mass.setdefault(cid, {})[s] = float(x[c])
    hints: dict[str, dict[int, float]] = {}
    for c, key, s in data.hints:
        if x[c] > 1e-9:
            hints.setdefault(key, {})[s] = float(x[c])
    return PricedLP(data.entity, value, float(x @ data.spend), spend_t, mass, hints)


# --------------------------------------------------------------------------- the portfolio

@dataclass
class Phase:
    name: str
    seconds: float
    note: str = ""


@dataclass
class Decomposed:
    schedule: dict[str, int]
    bound: float | None
    bound_source: str
    planned: dict[tuple[str, str, int], int]
    phases: list[Phase]
    polish_model: Any = None
    polish_status: str | None = None
    notes: list[str] = field(default_factory=list)


def _value(inst, states, schedule: dict[str, int]) -> float:
    from cyberplan.engine.plan.objective import schedule_value
    return schedule_value(inst, states, schedule, tie_break=False)


def _capacity(inst) -> float | None:
    """The money the budget rows allow over the horizon (None: no budget)."""
    caps = []
    if inst.budget is not None:
        caps.append(sum(inst.budget))
    if inst.total_budget is not None:
        caps.append(inst.total_budget)
    return min(caps) if caps else None


def _tasks(inst, entities, mode: str, shared: dict[str, dict], **kw) -> list[EntityTask]:
    return [EntityTask(e, inst.codes0[e.id], {o: inst.levels0[e.id][o] for o in inst.fw.nodes}, inst.weights[e.id],
                       shared[e.id], mode, **kw) for e in entities]


def lagrangian_bound(inst, ctx: Context, executor, deadline: float, say):
    """The least Lagrangian bound found over uniform budget prices, and the entity LPs at the price
    whose spend fits the budget: (bound, priced LPs, price). Each entity's LP is built once; each
    price re-solves them all with only the objective changed."""
    from cyberplan.engine.plan.instance import SharedJob
    cap = _capacity(inst)
    shared = {e.id: {} for e in inst.entities}
    for k, j in inst.jobs.items():
        if j.entity is None and k not in inst.unfit:
            for e in j.serves:
                shared[e][j.control.id] = SharedJob(start=None, cost_share=1.0 / len(j.serves))
    lps = executor.map(entity_lp, _tasks(inst, inst.entities, "lp", shared), ctx)

    def evaluate(price: float):
        outs = executor.map(solve_priced, [(lp, price) for lp in lps], ctx)
        if any(o.value is None for o in outs):
            return None, outs, 0.0
        used = sum(o.spend for o in outs)
        return sum(o.value for o in outs) + (price * cap if cap is not None else 0.0), outs, used
    b0, outs0, used0 = evaluate(0.0)
    say(f"bound: entity LPs at price 0: {'-' if b0 is None else f'{b0:,.2f}'} (spend {used0:,.0f})")
    if b0 is None or cap is None or used0 <= cap + 1e-6:
        return b0, outs0, 0.0
    best, fit, fit_price = b0, None, 0.0
    # the price at which the budget binds is below the average value per unit of money at price 0
    lo, hi = 0.0, 2.0 * max(b0, 1e-9) / max(used0, 1e-9)
    b_hi, outs_hi, used_hi = evaluate(hi)
    while b_hi is not None and used_hi > cap + 1e-6 and time.perf_counter() < deadline:
        best, lo, hi = min(best, b_hi), hi, hi * 4
        b_hi, outs_hi, used_hi = evaluate(hi)
    if b_hi is None:
        return best, outs0, 0.0
    best, fit, fit_price = min(best, b_hi), outs_hi, hi
    for _ in range(BISECTIONS):
        if time.perf_counter() >= deadline:
            break
        mid = (lo + hi) / 2
        b, outs, used = evaluate(mid)
        if b is None:
            break
        best = min(best, b)
        if used > cap + 1e-6:
            lo = mid
        else:
            hi, fit, fit_price = mid, outs, mid
        say(f"bound: price {mid:.4g} per unit of money: {b:,.2f} (spend {used:,.0f} of {cap:,.0f})")
    return best, fit, fit_price


def fix_shared(inst, mass: dict[str, dict[int, float]], weight: dict[str, float]) -> dict[str, int]:
    """Shared controls to do and when: a control is done when at least half of it is scheduled in
    the LP (`weight`: how many copies its mass sums over), at the median of its start slots, after
    its prerequisites."""
    from cyberplan.engine.plan.limits import Ledger, fits
    chosen: dict[str, int] = {}
    order = _topological([k for k, j in inst.jobs.items() if j.entity is None and k not in inst.unfit], inst)
    ledger = Ledger(inst)
    for k in order:
        j = inst.jobs[k]
        starts = mass.get(j.control.id, {})
        total = sum(starts.values()) / max(1.0, weight.get(j.control.id, 1.0))
        if total < 0.5 and not j.mandatory:
            continue
        cum, median = 0.0, j.est
        for s in sorted(starts):
            cum += starts[s]
            if cum >= sum(starts.values()) / 2:
                median = s
                break
        earliest = max([j.est] + [chosen[r] + inst.jobs[r].dp for r in j.requires if r in chosen])
        if any(r not in chosen for r in j.requires):
            continue
        for s in range(max(median, earliest), inst.last_start(j) + 1):
            if fits(inst.limits, ledger, j, s):
                chosen[k] = s
                ledger.take(k, s)
                break
    return chosen


def _topological(keys: list[str], inst) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()

    def visit(k: str) -> None:
        if k in seen:
            return
        seen.add(k)
        for r in inst.jobs[k].requires:
            if r in inst.jobs:
                visit(r)
        out.append(k)
    for k in sorted(keys):
        visit(k)
    return [k for k in out if k in set(keys)]


def _room(inst, shared_schedule: dict[str, int]) -> list[float]:
    """What the budget leaves for the entities' own actions per period, after the shared controls."""
    H = inst.H
    shared_spend = [0.0] * H
    for k, s in shared_schedule.items():
        for t in range(H):
            shared_spend[t] += sum(inst.spend_of(inst.jobs[k], s, t))
    if inst.budget is not None and inst.config.budget.carry_over:
        # per period, as much as every later cumulative budget row still allows
        avail, run_b, run_s = [], 0.0, 0.0
        for b, x in zip(inst.budget, shared_spend):
            run_b, run_s = run_b + b, run_s + x
            avail.append(run_b - run_s)
        future = [min(avail[t:]) for t in range(H)]
        room, given = [], 0.0
        for t in range(H):
            r = max(0.0, future[t] - given)
            room.append(r)
            given += r
    elif inst.budget is not None:
        room = [max(0.0, b - x) for b, x in zip(inst.budget, shared_spend)]
    else:
        room = [max(0.0, (inst.total_budget or 0.0) - sum(shared_spend)) / H] * H
    if inst.total_budget is not None and inst.budget is not None:
        whole = max(0.0, inst.total_budget - sum(shared_spend))
        if sum(room) > whole:
            room = [r * whole / sum(room) for r in room]
    return room


def _cumulative(inst) -> bool:
    """Whether allotments bind cumulatively (unspent budget carries over)."""
    return inst.config.budget.carry_over or inst.budget is None


def allot(inst, shared_schedule: dict[str, int], lp_spend: dict[str, list[float]]) -> dict[str, list[float]]:
    """Each entity's budget per period, so that the allotments together never exceed what the
    budget leaves after the shared controls: per period, the room split by the entities' shares of
    the LP's spend in that period; when unspent budget carries over, by their shares over the
    whole horizon (each entity then carries its own unspent allotment)."""
    H = inst.H
    room = _room(inst, shared_schedule)
    ids = [e.id for e in inst.entities]
    spend = {e: lp_spend.get(e, [0.0] * H) for e in ids}

    def shares(values: dict[str, float]) -> dict[str, float]:
        total = sum(values.values())
        return {e: (v / total if total > 0 else 1.0 / len(ids)) for e, v in values.items()}
    if _cumulative(inst):
        # each entity keeps its LP spend curve (cumulatively; scaled down where the LPs together
        # spend more than the room), plus a share of the slack
        share = shares({e: sum(spend[e]) for e in ids})
        cum_room, run = [], 0.0
        for r in room:
            run += r
            cum_room.append(run)
        cum = {e: [sum(spend[e][:t + 1]) for t in range(H)] for e in ids}
        curve = {e: [0.0] * H for e in ids}
        for t in range(H):
            wanted = sum(cum[e][t] for e in ids)
            f = min(1.0, cum_room[t] / wanted) if wanted > 0 else 0.0
            slack = cum_room[t] - f * wanted
            for e in ids:
                curve[e][t] = f * cum[e][t] + share[e] * slack
        return {e: [curve[e][t] - (curve[e][t - 1] if t else 0.0) for t in range(H)] for e in ids}
    out = {e: [0.0] * H for e in ids}
    for t in range(H):
        share = shares({e: spend[e][t] for e in ids})
        for e in ids:
            out[e][t] = share[e] * room[t]
    return out


def reallot(inst, shared_schedule: dict[str, int], spent: dict[str, list[float]], to: list[str],
           weight: dict[str, float]) -> dict[str, list[float]]:
    """Budgets for a second pass of the entities `to`: each keeps what its plan spends and gets a
    share (by `weight`) of what all the plans left unspent; everyone else keeps what they spend. So
    each plan stays within its new budget, and the budgets together within the portfolio's."""
    H = inst.H
    room = _room(inst, shared_schedule)
    used = [sum(spent[e][t] for e in spent) for t in range(H)]
    total = sum(weight[e] for e in to)
    share = {e: (weight[e] / total if total > 0 else 1.0 / len(to)) for e in to}
    if not _cumulative(inst):
        return {e: [spent[e][t] + share[e] * max(0.0, room[t] - used[t]) for t in range(H)] for e in to}
    out = {}
    run_room, run_used, slack = 0.0, 0.0, []
    for t in range(H):
        run_room, run_used = run_room + room[t], run_used + used[t]
        slack.append(max(0.0, run_room - run_used))
    for e in to:
        mine = [sum(spent[e][:t + 1]) for t in range(H)]
        allowed = [mine[t] + share[e] * slack[t] for t in range(H)]
        # the cumulative budget may not fall: as much per period as every later period still allows
        cum = [min(allowed[t:]) for t in range(H)]
        out[e] = [cum[t] - (cum[t - 1] if t else 0.0) for t in range(H)]
    return out


def _entity_delta(inst, states, entity: str, before: dict[str, int], after: dict[str, int]) -> float:
    """How much the objective changes from `before` to `after` when only `entity`'s own actions
    differ: its gains period by period, less the added actions' costs."""
    terms = inst.objective
    T, l0 = inst.targets[entity], inst.levels0[entity]
    delta = 0.0
    for t in range(1, inst.H + 1):
        if not terms.period_factor[t]:
            continue
        for sched, sign in ((after, 1.0), (before, -1.0)):
            done = states.own(entity, states.done_before(sched, t))
            lv = states.levels(entity, done, "reference") if done else l0
            delta += sign * terms.gain_value(entity, {o: min(lv[o], T[o]) - min(l0[o], T[o]) for o in inst.fw.leaves},
                                             t)
    delta -= sum(terms.job_cost(inst, inst.jobs[k], s) for k, s in after.items() if k not in before)
    return delta


def fill(inst, states, schedule: dict[str, int], deadline: float) -> dict[str, int]:
    """Spend what the allotments left on the best remaining entity actions (value per money given
    the plan so far), as early as the limits allow, until nothing fits or time is up. Values are
    re-computed lazily: placing an action changes only its own entity's."""
    import heapq

    from cyberplan.engine.plan.greedy import _gain, _money, closure, place
    from cyberplan.engine.plan.limits import Ledger
    ledger = Ledger(inst)
    have = dict(schedule)
    for k, s in have.items():
        ledger.take(k, s)
    money_objective = inst.config.needs_money

    def ratio(k: str) -> float | None:
        group = closure(inst, k, have)
        if any(inst.jobs[g].entity is None for g in group):
            return None
        e = inst.jobs[k].entity
        before = states.own(e, have)
        gain = _gain(inst, states, [e], before, before | set(group))
        return gain / _money(inst, group) if gain > 0 else None
    heap = []
    for k, j in inst.jobs.items():
        if time.perf_counter() >= deadline:
            break
        if k not in have and k not in inst.unfit and j.entity is not None:
            r = ratio(k)
            if r is not None:
                heap.append((-r, k))
    heapq.heapify(heap)
    stale: set[str] = set()          # entities whose candidates' values changed
    while heap and time.perf_counter() < deadline:
        neg, k = heapq.heappop(heap)
        if k in have:
            continue
        e = inst.jobs[k].entity
        if e in stale:
            r = ratio(k)
            if r is None:
                continue
            if heap and -r > heap[0][0] + 1e-12:
                heapq.heappush(heap, (-r, k))
                continue
        trial = dict(have)
        if not place(inst, ledger, trial, k):
            continue
        if money_objective and _entity_delta(inst, states, e, have, trial) <= 1e-9:
            for g in set(trial) - set(have):
                ledger.give_back(g, trial[g])
            continue
        have = trial
        stale.add(e)
    return have


def decompose(inst, states, threats, executor, time_limit: float, say: Callable[[str], None],
              solver_progress=None) -> Decomposed:
    from cyberplan.engine.plan.instance import SharedJob
    from cyberplan.engine.plan.milp import build_model
    from cyberplan.engine.plan.solve import solve
    began = time.perf_counter()
    deadline = began + time_limit
    ctx = Context(inst.rs, inst.config, threats)
    phases: list[Phase] = []
    notes: list[str] = []
    slots = sum(len(range(j.est, inst.last_start(j) + 1)) for k, j in inst.jobs.items() if k not in inst.unfit)
    H = inst.H

    # 1. bound and the LP's guidance
    t0 = time.perf_counter()
    lp_spend: dict[str, list[float]] = {}
    mass: dict[str, dict[int, float]] = {}
    copies: dict[str, float] = {}
    hints: dict[str, dict[str, dict[int, float]]] = {e.id: {} for e in inst.entities}
    bound, source = None, ""
    if slots <= LP_LIMIT:
        say(f"bound: the portfolio LP relaxation ({slots:,} start variables)")
        lp = build_model(inst, relax=True)
        out = solve(lp, SolverOptions(name="highs", time_limit=max(1.0, BOUND_SHARE * time_limit), gap=0.0))
        if out.status == "optimal":
            # only a finished LP's values mean anything: a stopped simplex holds no solution
            bound, source = out.objective, "LP relaxation of the portfolio MILP (HiGHS)"
            for k, xs in lp.x.items():
                j = inst.jobs[k]
                for s, v in xs.items():
                    x = v.varValue or 0.0
                    if x <= 1e-9:
                        continue
                    if j.entity is None:
                        mass.setdefault(j.control.id, {})[s] = x
                        copies[j.control.id] = 1.0
                    else:
                        hints[j.entity].setdefault(k, {})[s] = x
                        series = lp_spend.setdefault(j.entity, [0.0] * H)
                        for t in range(H):
                            series[t] += x * sum(inst.spend_of(j, s, t))
        else:
            say(f"bound: the portfolio LP did not finish in {out.seconds:.0f}s ({out.status}): entity LPs instead")
        del lp
    if not source:
        say(f"bound: {len(inst.entities)} entity LPs at budget prices ({slots:,} start variables in all; "
            f"{executor.name})")
        bound, outs, price = lagrangian_bound(inst, ctx, executor,
                                              max(began + BOUND_SHARE * time_limit,
                                                  time.perf_counter() + BOUND_SHARE / 2 * time_limit), say)
        source = ("Lagrangian relaxation of the budget rows: entity LPs at a budget price, shared controls at "
                  "their cost share (HiGHS)")
        for o in outs:
            lp_spend[o.entity] = o.spend_by_period
            hints[o.entity] = o.hints
            for cid, starts in o.shared_mass.items():
                for s, x in starts.items():
                    mass.setdefault(cid, {})[s] = mass.get(cid, {}).get(s, 0.0) + x
        for k, j in inst.jobs.items():
            if j.entity is None:
                copies[j.control.id] = float(len(j.serves))
    phases.append(Phase("bound", time.perf_counter() - t0, source))
    say(f"bound {'-' if bound is None else f'{bound:,.2f}'} in {time.perf_counter() - t0:.1f}s")

    # 2-3. shared controls and allotments
    t0 = time.perf_counter()
    shared_schedule = fix_shared(inst, mass, copies)
    budgets = allot(inst, shared_schedule, lp_spend)
    fixed = {e.id: {} for e in inst.entities}
    for k, j in inst.jobs.items():
        if j.entity is None and k not in inst.unfit:
            for e in j.serves:
                if k in shared_schedule:
                    fixed[e][j.control.id] = SharedJob(start=shared_schedule[k])
    phases.append(Phase("shared controls and allotments", time.perf_counter() - t0,
                        f"{len(shared_schedule)} shared controls fixed"))

    # 4. entity MILPs: a first pass for all, then the ones furthest from their bound again, from
    # their plan, with the money the first pass left unspent, in the time left
    t0 = time.perf_counter()
    reserve = max(1.0, FILL_SHARE * time_limit)
    left = deadline - reserve - time.perf_counter()
    n = max(1, len(inst.entities))
    per = max(1.0, min(left * FIRST_PASS * max(1, executor.workers) / n, left * FIRST_PASS))
    say(f"entity plans: {len(inst.entities)} MILPs on {executor.name} (up to {per:.0f}s each)")
    tasks = {e.id: EntityTask(e, inst.codes0[e.id], {o: inst.levels0[e.id][o] for o in inst.fw.nodes},
                              inst.weights[e.id], fixed[e.id], "milp", budget=budgets[e.id], time_limit=per,
                              gap=inst.config.solver.gap / 2, hints=hints.get(e.id) or None,
                              deadline=time.time() + (deadline - reserve - time.perf_counter()))
             for e in inst.entities}
    # the largest first, so that no worker is left with a long one at the end
    size = {e: 0 for e in tasks}
    for k, j in inst.jobs.items():
        if j.entity is not None and k not in inst.unfit:
            size[j.entity] += inst.last_start(j) + 1 - j.est
    order = sorted(tasks, key=lambda e: (-size[e], e))
    outs = dict(zip(order, executor.map(solve_entity, [tasks[e] for e in order], ctx)))
    proven = lambda o: o.status == "optimal"  # noqa: E731
    again = sorted((e for e, o in outs.items() if not proven(o)),
                   key=lambda e: -(math.inf if outs[e].value is None or outs[e].bound is None
                                   else outs[e].bound - outs[e].value))
    left = deadline - reserve - time.perf_counter()
    k = min(len(again), max(0, int(left * max(1, executor.workers) / max(per, MIN_SECOND_PASS))))
    if k:
        again = again[:k]
        spent = {e: o.spend for e, o in outs.items()}
        more = reallot(inst, shared_schedule, spent, again, {e: sum(budgets[e]) for e in again})
        per2 = max(1.0, min(left * max(1, executor.workers) / k, left) - SECOND_PASS_MARGIN)
        say(f"entity plans: {k} not yet within their gap again, from their plan, with what the first pass "
            f"left unspent (up to {per2:.0f}s each)")
        retasks = [dataclasses.replace(tasks[e], budget=more[e], time_limit=per2, hints=None,
                                       previous=outs[e].schedule if outs[e].value is not None else None)
                   for e in again]
        for e, o in zip(again, executor.map(solve_entity, retasks, ctx)):
            if o.value is not None and (outs[e].value is None or o.value > outs[e].value + 1e-9):
                outs[e] = o
    schedule = dict(shared_schedule)
    say_value = lambda what, sched: say(f"{what}: value {_value(inst, states, sched):,.2f}")  # noqa: E731
    planned: dict[tuple[str, str, int], int] = {}
    failed = [e for e, o in outs.items() if o.status not in ("optimal", "feasible")]
    for e in [e.id for e in inst.entities]:
        o = outs[e]
        schedule.update(o.schedule)
        planned.update({(o.entity, leaf, t): lv for (leaf, t), lv in o.planned.items()})
    if failed:
        notes.append(f"{len(failed)} entity sub-plan(s) found nothing within their allotment or before the time "
                     f"ran out ({', '.join(failed[:5])}{' ...' if len(failed) > 5 else ''}); the fill plans them")
    phases.append(Phase("entity MILPs", time.perf_counter() - t0,
                        f"{sum(proven(o) for o in outs.values())} of {len(outs)} proven within their gap"
                        + (f"; {k} given a second pass" if k else "")))
    say_value("entity plans merged", schedule)

    # 5. fill
    t0 = time.perf_counter()
    mandatory = [k for k, j in inst.jobs.items() if j.mandatory and k not in schedule and k not in inst.unfit]
    if mandatory:
        from cyberplan.engine.plan.greedy import place
        from cyberplan.engine.plan.limits import Ledger
        ledger = Ledger(inst)
        for k, s in schedule.items():
            ledger.take(k, s)
        for k in sorted(mandatory):
            place(inst, ledger, schedule, k)
    filled = fill(inst, states, schedule, max(time.perf_counter() + 1.0, deadline))
    changed = {inst.jobs[k].entity for k in set(filled) - set(schedule)}
    planned = {key: lv for key, lv in planned.items() if key[0] not in changed}
    phases.append(Phase("fill", time.perf_counter() - t0, f"{len(filled) - len(schedule)} actions added"))
    schedule = filled
    say_value("after the fill", schedule)

    # 6. polish
    dec = Decomposed(schedule, bound, source, planned, phases, notes=notes)
    left = deadline - time.perf_counter()
    if slots <= POLISH_LIMIT and left > max(2.0, POLISH_MIN_SHARE * time_limit):
        t0 = time.perf_counter()
        say(f"polish: the portfolio MILP from this plan ({left:.0f}s left)")
        model = build_model(inst)
        out = solve(model, inst.config.solver.model_copy(update={"time_limit": left}), start=schedule,
                    progress=solver_progress)
        if out.status in ("optimal", "feasible"):
            dec.polish_model, dec.polish_status = model, out.status
            if out.bound is not None:
                dec.bound = out.bound if dec.bound is None else min(dec.bound, out.bound)
                dec.bound_source = "MILP of the whole portfolio (HiGHS)" if dec.bound == out.bound else dec.bound_source
        phases.append(Phase("polish", time.perf_counter() - t0, out.status))
    return dec
