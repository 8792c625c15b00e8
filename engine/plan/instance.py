"""A planning instance: the jobs (control x entity, or shared control), their costs per period,
prerequisites and earliest starts, targets and weights — made small before any model is built.

Reduction (SPEC issue "make it small before solving"): controls already in place are complete
at no cost; a control that raises no answer read by a rule of an outcome below target is not a
candidate unless it is mandatory or a prerequisite of one; an outcome none of whose rules read an
answer a candidate can change keeps its assessed level (no variables); start periods before a
job's prerequisites can be complete are not offered.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from cyberplan.engine.assess.targets import target_for, target_problems
from cyberplan.engine.errors import InputError, Problem, did_you_mean
from cyberplan.engine.models import Control, Entity, Framework, PlanConfig, ThreatProfile
from cyberplan.engine.plan.limits import limits_of
from cyberplan.engine.plan.objective import ObjectiveTerms, objective_terms
from cyberplan.engine.plan.result import Dropped
from cyberplan.engine.rules.prepare import PreparedRuleset, outcomes_read, questions_read

SHARED = "*"


@dataclass(frozen=True)
class SharedJob:
    """How a shared control enters one entity's sub-plan: fixed at `start` (decided for the
    portfolio; its cost is the portfolio's), or, with no start, offered at `cost_share` of its cost."""
    start: int | None = None
    cost_share: float = 0.0


@dataclass
class Job:
    key: str
    control: Control
    entity: str | None            # None: a shared control, done once
    serves: list[str]             # the entities whose answers it raises
    dp: int                       # duration in whole periods
    capex: float
    opex_year: float
    effort: float
    requires: list[str] = field(default_factory=list)   # job keys not in place
    est: int = 0                  # earliest start period
    mandatory: bool = False
    fixed_start: int | None = None   # decided elsewhere (a shared job in one entity's sub-plan)
    locked: bool = False          # under way when a re-plan starts: runs from period 0 (see Commitments)
    complete_before: float | None = None   # for a locked job: the share done before period 0


@dataclass
class Instance:
    fw: Framework
    rs: PreparedRuleset
    config: PlanConfig
    entities: list[Entity]
    codes0: dict[str, dict[str, int]]
    levels0: dict[str, dict[str, int]]
    targets: dict[str, dict[str, int]]
    weights: dict[str, dict[str, float]]
    money: bool
    unit: str
    H: int
    jobs: dict[str, Job] = field(default_factory=dict)
    in_place: dict[str, set[str]] = field(default_factory=dict)     # entity -> control ids
    shared_in_place: set[str] = field(default_factory=set)
    modeled: dict[str, dict[str, int]] = field(default_factory=dict)  # entity -> leaf -> top level modeled
    dropped: Dropped = field(default_factory=Dropped)
    unfit: dict[str, str] = field(default_factory=dict)             # job key -> why it cannot be scheduled
    budget: list[float] | None = None
    total_budget: float | None = None
    objective: "ObjectiveTerms | None" = None
    limits: list = field(default_factory=list)

    @property
    def currency(self) -> str | None:
        return self.unit if self.money else None

    @property
    def periods_per_year(self) -> int:
        return self.config.periods_per_year

    def job_key(self, control_id: str, entity: str | None) -> str:
        return f"{control_id}|{entity or SHARED}"

    def opex_per_period(self, job: Job) -> float:
        return job.opex_year / self.periods_per_year

    def spend_of(self, job: Job, start: int, t: int) -> tuple[float, float]:
        """(capex, opex) that a job started at `start` charges in period t (SPEC §5)."""
        finish = start + job.dp - 1
        if start <= t <= finish:
            return job.capex / job.dp, 0.0
        if t > finish:
            return 0.0, self.opex_per_period(job)
        return 0.0, 0.0

    def effort_of(self, job: Job, start: int, t: int) -> float:
        return job.effort / job.dp if start <= t <= start + job.dp - 1 else 0.0

    def last_start(self, job: Job) -> int:
        """The latest start worth offering. Under max-benefit and max-net-benefit a job that
        completes in the last period counts for nothing (benefit is counted from the period after
        completion), and neither does a prerequisite finishing then, so only mandatory jobs may
        end in it; under max-npv and min-cost the levels at the horizon's end count. A locked job
        (under way when a re-plan starts) starts in period 0 or, when its remaining work outlasts
        the horizon, not at all; a fixed one (decided for the portfolio) at its start."""
        if job.locked:
            return 0 if job.dp <= self.H else -1
        if job.fixed_start is not None:
            return job.fixed_start
        end = self.H if (self.config.objective in ("min-cost", "max-npv") or job.mandatory) else self.H - 1
        return end - job.dp

    def capacity_of(self, entity: str | None) -> float | None:
        cap = self.config.capacity
        if entity is None:
            return cap.shared
        return cap.entities.get(entity, cap.per_period)


@dataclass
class Locked:
    """An action already under way when a re-plan starts (`plan --progress`): it runs from period 0
    for its remaining periods at its remaining capex and effort, whatever the optimiser would
    prefer, and nothing it requires is waited for (the work has begun). Its running cost starts
    once it completes, as for any control."""
    control: str
    entity: str | None             # None: a shared control
    complete: float                # the share done before period 0
    capex: float | None = None     # remaining capex; default (1 - complete) x the job's capex
    effort: float | None = None    # remaining person-days; default (1 - complete) x the job's effort
    months: float | None = None    # remaining months; default (1 - complete) x the control's duration


@dataclass
class Commitments:
    """What a re-plan carries over from the plan being followed, beyond its inputs (the answers
    raised by completed controls and the moved start, horizon and budget are inputs already)."""
    locked: list[Locked] = field(default_factory=list)
    excluded: dict[tuple[str, str | None], str] = field(default_factory=dict)   # (control, entity) -> why not
    notes: list[str] = field(default_factory=list)      # filled in by apply_commitments


def apply_commitments(inst: Instance, jobs: dict[str, Job], mandatory: set[str], commitments: Commitments) -> None:
    """Excluded jobs become unfit with their reason; locked jobs take their remaining figures,
    lose their prerequisites and must be scheduled (in period 0: see `Instance.last_start`). Runs
    after the prerequisites are resolved and before candidates are chosen."""
    mpp = inst.config.months_per_period
    for (cid, ent), why in commitments.excluded.items():
        key = inst.job_key(cid, ent)
        if key in jobs:
            inst.unfit[key] = why
    for lk in commitments.locked:
        key = inst.job_key(lk.control, lk.entity)
        job = jobs.get(key)
        if job is None:
            where = "for every entity it serves" if lk.entity is None else f"at {lk.entity}"
            commitments.notes.append(f"{lk.control} {where} is in progress but its answers are already met: it is "
                                     "treated as in place and not scheduled")
            continue
        share = 1.0 - lk.complete
        job.capex = job.capex * share if lk.capex is None else lk.capex
        job.effort = job.effort * share if lk.effort is None else lk.effort
        job.dp = duration_periods(job.control.duration * share if lk.months is None else lk.months, mpp)
        job.requires = []
        job.locked = True
        job.complete_before = lk.complete
        mandatory.add(key)


def duration_periods(months: float, months_per_period: int) -> int:
    return max(1, math.ceil(round(months / months_per_period, 9)))


def meets(codes: dict[str, int], control: Control, fw: Framework) -> bool:
    """An entity meets a control when every answer it implements is already at least that good."""
    for qid, value in control.implements.items():
        have = codes.get(qid)
        if have is None or have < fw.question[qid].encode(value):
            return False
    return True


def config_problems(config: PlanConfig, fw: Framework, entities: list[Entity], file: str | None) -> list[Problem]:
    out = target_problems(config.targets, fw, None, file=file)
    pp = config.budget.per_period
    if isinstance(pp, list) and len(pp) != config.horizon:
        out.append(Problem(f"budget.per_period lists {len(pp)} figures for a horizon of {config.horizon} periods",
                           file=file, path="budget.per_period"))
    ids = {e.id for e in entities}
    for eid in config.targets.entities:
        if eid not in ids:
            out.append(Problem(f"unknown entity {eid!r}", file=file, path=f"targets.entities.{eid}",
                               hint=did_you_mean(eid, ids)))
    for eid in config.capacity.entities:
        if eid not in ids:
            out.append(Problem(f"unknown entity {eid!r}", file=file, path=f"capacity.entities.{eid}",
                               hint=did_you_mean(eid, ids)))
    for i, m in enumerate(config.mandatory):
        ent, _, cid = m.rpartition(":")
        if cid not in fw.control:
            out.append(Problem(f"unknown control {cid!r}", file=file, path=f"mandatory[{i}]",
                               hint=did_you_mean(cid, fw.control)))
        elif ent and ent not in ids:
            out.append(Problem(f"unknown entity {ent!r}", file=file, path=f"mandatory[{i}]",
                               hint=did_you_mean(ent, ids)))
        elif ent and fw.control[cid].scope == "shared":
            out.append(Problem(f"{cid!r} is a shared control: list it without an entity", file=file,
                               path=f"mandatory[{i}]"))
    # an imported control nobody has estimated would be scheduled as free: refuse, name each one
    out.extend(fw.placeholder_problems())
    b = config.budget
    if config.objective == "max-benefit" and b.per_period is None and b.total is None:
        out.append(Problem("max-benefit needs a budget: budget.per_period or budget.total", file=file,
                           path="budget"))
    return out


def needed_questions(rs: PreparedRuleset, leaf: str, top: int, memo: dict) -> set[str]:
    """Questions read by the rules of `leaf` up to level `top`, through any outcomes they read."""
    key = (leaf, top)
    if key in memo:
        return memo[key]
    memo[key] = set()
    out: set[str] = set()
    fw = rs.framework
    for k in range(1, top + 1):
        for i in rs.by_level.get((leaf, k), []):
            out |= questions_read(rs.rules[i].when)
            for o in outcomes_read(rs.rules[i].when):
                for lf in fw.leaves_under.get(o, []):
                    out |= needed_questions(rs, lf, fw.max_level, memo)
    memo[key] = out
    return out


def build_instance(fw: Framework, rs: PreparedRuleset, config: PlanConfig, entities: list[Entity],
                   codes0: dict[str, dict[str, int]], levels0: dict[str, dict[str, int]],
                   threats: ThreatProfile | None, weights: dict[str, dict[str, float]],
                   config_file: str | None = None, *, shared: dict[str, "SharedJob"] | None = None,
                   budget: list[float] | None = None, check: bool = True,
                   commitments: Commitments | None = None) -> Instance:
    """The planning instance of `entities`. With `shared` (a sub-plan of some entities of a
    portfolio), shared controls are not decided here: each is fixed at a start, offered at a
    share of its cost, or absent, as `shared` says; `budget` then replaces the configured budget
    with an allotment per period. `commitments` (a re-plan): actions under way, locked into
    period 0, and actions excluded."""
    if check:
        problems = config_problems(config, fw, entities, config_file)
        if problems:
            raise InputError(problems)
    H = config.horizon
    mpp = config.months_per_period
    top = fw.max_level
    targets = {e.id: {o: target_for(config.targets, e.id, o, top) for o in fw.leaves} for e in entities}
    inst = Instance(fw=fw, rs=rs, config=config, entities=entities, codes0=codes0, levels0=levels0,
                    targets=targets, weights=weights, money=threats is not None,
                    unit=(threats.currency if threats else "level-periods"), H=H)
    b = config.budget
    if budget is not None:
        inst.budget = list(budget)
    elif b.per_period is not None:
        inst.budget = list(b.per_period) if isinstance(b.per_period, list) else [float(b.per_period)] * H
    inst.total_budget = b.total if budget is None else None
    by_id = {e.id: e for e in entities}

    # mandatory (control, entity-or-None)
    mandatory: set[str] = set()
    for m in config.mandatory:
        ent, _, cid = m.rpartition(":")
        c = fw.control[cid]
        if c.scope == "shared":
            mandatory.add(inst.job_key(cid, None))
        else:
            for e in ([by_id[ent]] if ent else entities):
                mandatory.add(inst.job_key(cid, e.id))

    # every possible job, in place or not
    all_jobs: dict[str, Job] = {}
    for c in fw.controls:
        if c.scope == "shared":
            served = [e.id for e in entities if c.serves_entity(e)]
            if not served:
                continue
            if all(meets(codes0[e], c, fw) for e in served):
                inst.shared_in_place.add(c.id)
                continue
            how = None if shared is None else shared.get(c.id)
            if shared is not None and how is None:
                continue     # decided elsewhere: not done in this sub-plan
            share = 1.0 if how is None else how.cost_share
            job = Job(inst.job_key(c.id, None), c, None, served, duration_periods(c.duration, mpp),
                      c.cost.capex * share, c.cost.opex * share, c.effort * share)
            if how is not None and how.start is not None:
                job.fixed_start, job.mandatory = how.start, True
            all_jobs[job.key] = job
        else:
            for e in entities:
                if meets(codes0[e.id], c, fw):
                    inst.in_place.setdefault(e.id, set()).add(c.id)
                    continue
                f = e.size_factor
                all_jobs[inst.job_key(c.id, e.id)] = Job(inst.job_key(c.id, e.id), c, e.id, [e.id],
                                                         duration_periods(c.duration, mpp), c.cost.capex * f,
                                                         c.cost.opex * f, c.effort * f)
    inst.dropped.controls_in_place = sum(len(v) for v in inst.in_place.values()) + len(inst.shared_in_place)
    inst.limits = limits_of(inst)

    # prerequisites as job keys; a prerequisite in place needs nothing
    for job in all_jobs.values():
        for r in job.control.requires:
            rc = fw.control[r]
            if rc.scope == "shared":
                if r in inst.shared_in_place:
                    continue
                key = inst.job_key(r, None)
                if key not in all_jobs or (job.entity is not None and job.entity not in all_jobs[key].serves):
                    inst.unfit[job.key] = f"requires the shared control {r}, which does not serve {job.entity}"
                    continue
            else:
                ents = [job.entity] if job.entity is not None else job.serves
                keys = []
                for e in ents:
                    if r in inst.in_place.get(e, set()):
                        continue
                    keys.append(inst.job_key(r, e))
                job.requires.extend(k for k in keys if k in all_jobs)
                continue
            job.requires.append(key)
    if commitments is not None:
        apply_commitments(inst, all_jobs, mandatory, commitments)

    # what matters: answers read by rules of outcomes below target (with weight, for max-benefit)
    memo: dict = {}
    gain_questions: dict[str, set[str]] = {}
    for e in entities:
        qs: set[str] = set()
        for o in fw.leaves:
            T = targets[e.id][o]
            if levels0[e.id][o] < T and (weights[e.id][o] > 0 or config.objective == "min-cost"):
                qs |= needed_questions(rs, o, T, memo)
        gain_questions[e.id] = qs

    def raises(job: Job, e: str, qs: set[str] | None = None) -> bool:
        for qid, value in job.control.implements.items():
            if qs is not None and qid not in qs:
                continue
            have = codes0[e].get(qid)
            if have is None or have < fw.question[qid].encode(value):
                return True
        return False

    useful = {k for k, j in all_jobs.items() if any(raises(j, e, gain_questions[e]) for e in j.serves)}
    fixed = {k for k, j in all_jobs.items() if j.fixed_start is not None}
    candidates = set(useful) | (mandatory & set(all_jobs)) | fixed
    stack = list(candidates)
    while stack:
        k = stack.pop()
        for r in all_jobs[k].requires:
            if r not in candidates:
                candidates.add(r)
                stack.append(r)
    inst.dropped.controls_not_useful = len(all_jobs) - len(candidates)

    # earliest starts through prerequisites
    est_memo: dict[str, int] = {}

    def est(k: str) -> int:
        if k not in est_memo:
            est_memo[k] = max((est(r) + all_jobs[r].dp for r in all_jobs[k].requires), default=0)
        return est_memo[k]
    for k in sorted(candidates):
        j = all_jobs[k]
        j.est = est(k) if j.fixed_start is None else j.fixed_start
        j.mandatory = k in mandatory or j.fixed_start is not None
        inst.dropped.start_slots_before_prerequisites += j.est
        if k in inst.unfit:
            continue
        if j.est > inst.last_start(j):
            inst.unfit[k] = (f"cannot finish in time to count within the horizon: earliest start period {j.est} "
                             f"(after its prerequisites) plus {j.dp} period(s) of work")
        else:
            why = next((w for w in (lim.never_fits(inst, j) for lim in inst.limits) if w), None)
            if why:
                inst.unfit[k] = why
    # a job whose prerequisite cannot be scheduled cannot be either
    changed = True
    while changed:
        changed = False
        for k in sorted(candidates):
            if k in inst.unfit:
                continue
            bad = [r for r in all_jobs[k].requires if r in inst.unfit or r not in candidates]
            if bad:
                inst.unfit[k] = f"its prerequisite {all_jobs[bad[0]].control.id} cannot be scheduled"
                changed = True
    inst.dropped.controls_beyond_horizon = sum(1 for k in candidates if k in inst.unfit)
    inst.jobs = {k: all_jobs[k] for k in sorted(candidates)}
    inst.objective = objective_terms(inst)

    # which outcomes need variables: those reading an answer some candidate can change
    referenced = set()
    for r in rs.rules:
        for o in outcomes_read(r.when):
            referenced.update(fw.leaves_under.get(o, []))
    changeable: dict[str, set[str]] = {e.id: set() for e in entities}
    for k, j in inst.jobs.items():
        if k in inst.unfit:
            continue
        for e in j.serves:
            for qid, value in j.control.implements.items():
                have = codes0[e].get(qid)
                if have is None or have < fw.question[qid].encode(value):
                    changeable[e].add(qid)
    at_target = constant = worthless = 0
    for e in entities:
        inst.modeled[e.id] = {}
        for o in fw.leaves:
            T = targets[e.id][o]
            K = top if o in referenced else T
            if K == 0:
                continue
            if needed_questions(rs, o, K, memo) & changeable[e.id]:
                inst.modeled[e.id][o] = K
            elif levels0[e.id][o] >= T:
                at_target += 1
            elif weights[e.id][o] == 0 and config.maximizes:
                worthless += 1
            else:
                constant += 1
    inst.dropped.outcomes_at_target = at_target
    inst.dropped.outcomes_constant = constant
    inst.dropped.notes = [
        f"{inst.dropped.controls_in_place} control-entity pairs already in place (complete, no cost)",
        f"{inst.dropped.controls_not_useful} control-entity pairs dropped: they raise no answer that an outcome "
        "below target reads, and nothing needs them",
        f"{inst.dropped.controls_beyond_horizon} candidate(s) cannot be scheduled (horizon, capacity or budget)",
        f"{at_target} entity-outcome pairs at or above target and unaffected; {constant} below target that no "
        "candidate control can change"
        + (f"; {worthless} below target but worth nothing under the threat profile (no threat they mitigate)"
           if worthless else ""),
    ]
    return inst


def describe_job(job: Job) -> str:
    return f"{job.control.id} for {job.entity}" if job.entity else f"shared {job.control.id}"


def fmt_money(x: float, unit: str) -> str:
    return f"{x:,.0f} {unit}" if unit != "level-periods" else f"{x:,.1f} {unit}"

