"""The planner's promises, checked against an independent recomputation written from SPEC §5
(this file's own spend, prerequisite and benefit arithmetic, and the reference evaluator for
levels), never against numbers copied from the planner's output."""
import itertools
import math
import random

import pytest
from gen import build, random_answers, random_config, random_framework, random_ruleset

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.assess.targets import target_for
from cyberplan.engine.inputs.resolve import inputs_from_models as stub_inputs
from cyberplan.engine.models import PlanConfig
from cyberplan.engine.plan import plan_portfolio
from cyberplan.engine.rules.reference import assess_entity

# ----------------------------------------------------------------------------- independent model of SPEC §5

class Spec:
    """SPEC §5 written out plainly: what a schedule costs and what it is worth."""

    def __init__(self, fw, rs, assessment, cfg: PlanConfig, weights=None):
        self.fw, self.rs, self.assessment, self.cfg = fw, rs, assessment, cfg
        self.H = cfg.horizon
        self.ppy = {"month": 12, "quarter": 4, "year": 1}[cfg.period]
        self.mpp = 12 // self.ppy
        self.answers0 = {e.id: dict(e.answers) for e in assessment.entities}
        self.entities = {e.id: e for e in assessment.entities}
        self.weights = weights
        self._memo = {}

    def dp(self, c):
        return max(1, math.ceil(c.duration / self.mpp))

    def code(self, q, v):
        return self.fw.question[q].encode(v)

    def meets(self, e, c):
        return all(q in self.answers0[e] and self.code(q, self.answers0[e][q]) >= self.code(q, v)
                   for q, v in c.implements.items())

    def served(self, c):
        return [e for e in self.entities if c.scope == "entity" or c.serves_entity(self.entities[e])]

    def jobs(self):
        """(control, entity or None) pairs that are not in place."""
        out = []
        for c in self.fw.controls:
            if c.scope == "shared":
                if not all(self.meets(e, c) for e in self.served(c)):
                    out.append((c, None))
            else:
                out += [(c, e) for e in self.entities if not self.meets(e, c)]
        return out

    def in_place(self, c, e):
        if c.scope == "shared":
            return all(self.meets(x, c) for x in self.served(c))
        return self.meets(e, c)

    def levels(self, e, done):
        answers = dict(self.answers0[e])
        for c, owner in done:
            c = self.ctl(c)
            if e not in (self.served(c) if owner is None else [owner]):
                continue
            for q, v in c.implements.items():
                if q not in answers or self.code(q, answers[q]) < self.code(q, v):
                    answers[q] = v
        key = (e, tuple(sorted((q, self.code(q, v)) for q, v in answers.items())))
        if key not in self._memo:
            self._memo[key] = assess_entity(self.rs, answers, self.entities[e]).levels
        return self._memo[key]

    def target(self, e, o):
        return target_for(self.cfg.targets, e, o, self.fw.max_level)

    def weight(self, e, o):
        return self.weights[e][o] if self.weights else self.entities[e].criticality

    def ctl(self, c):
        return self.fw.control[c] if isinstance(c, str) else c

    def benefit(self, schedule):
        """schedule: {(control id, entity-or-None): start}"""
        total = 0.0
        for t in range(self.H):
            done = [j for j, s in schedule.items() if s + self.dp(self.ctl(j[0])) - 1 < t]
            for e in self.entities:
                now, start = self.levels(e, done), self.levels(e, [])
                for o in self.fw.leaves:
                    T = self.target(e, o)
                    total += self.weight(e, o) * (min(now[o], T) - min(start[o], T))
        return total / self.ppy if self.weights else total

    def size(self, c, e):
        return 1.0 if e is None else self.entities[e].size_factor

    def spend(self, schedule):
        out = [0.0] * self.H
        for (c, e), s in schedule.items():
            c = self.ctl(c)
            d, f = self.dp(c), self.size(c, e)
            for t in range(self.H):
                if s <= t <= s + d - 1:
                    out[t] += c.cost.capex * f / d
                elif t > s + d - 1:
                    out[t] += c.cost.opex * f / self.ppy
        return out

    def effort(self, schedule, owner):
        out = [0.0] * self.H
        for (c, e), s in schedule.items():
            if e != owner:
                continue
            c = self.ctl(c)
            d = self.dp(c)
            for t in range(s, s + d):
                out[t] += c.effort * self.size(c, e) / d
        return out

    def feasible(self, schedule):
        for (c, e), s in schedule.items():
            c = self.ctl(c)
            if s + self.dp(c) > self.H:
                return False
            for r in c.requires:
                rc = self.fw.control[r]
                owners = [None] if rc.scope == "shared" else ([e] if e is not None else self.served(c))
                for owner in owners:
                    if self.in_place(rc, owner):
                        continue
                    if (rc.id, owner) not in schedule or schedule[(rc.id, owner)] + self.dp(rc) > s:
                        return False
        spend = self.spend(schedule)
        b = self.cfg.budget
        per = b.per_period if isinstance(b.per_period, list) else [b.per_period] * self.H
        if b.carry_over:
            if any(sum(spend[:t + 1]) > sum(per[:t + 1]) + 1e-6 for t in range(self.H)):
                return False
        elif any(spend[t] > per[t] + 1e-6 for t in range(self.H)):
            return False
        cap = self.cfg.capacity.per_period
        if cap is not None and any(x > cap + 1e-6 for e in self.entities for x in self.effort(schedule, e)):
            return False
        return True

    def exhaustive_optimum(self):
        jobs = self.jobs()
        options = [[None] + list(range(0, self.H - self.dp(c) + 1)) for c, _ in jobs]
        best = 0.0
        for choice in itertools.product(*options):
            sched = {(c.id, e): s for (c, e), s in zip(jobs, choice) if s is not None}
            if self.feasible(sched):
                best = max(best, self.benefit(sched))
        return best


def schedule_of(plan, spec):
    out = {}
    for a in plan.actions:
        c = spec.fw.control[a.control]
        e = None if c.scope == "shared" else a.entity
        assert (c.id, e) not in out, "a control scheduled twice for one entity"
        out[(c.id, e)] = a.start
    return out


def make(seed, n_entities=1, n_controls=4, horizon=3, budget=None, **cfg):
    rng = random.Random(seed)
    fw_d = random_framework(rng, n_leaves=rng.randint(2, 3), q_per_leaf=2, n_controls=n_controls)
    rs_d = random_ruleset(rng, fw_d, max_rules_per_level=1)
    ans_d = random_answers(rng, fw_d, n_entities=n_entities, blank=0.3)
    fw, rs, assessment = build(fw_d, rs_d, ans_d)
    config = random_config(rng, horizon=horizon, budget=budget, **cfg)
    return fw, rs, assessment, config


def run(fw, rs, assessment, config, threats=None):
    inputs = stub_inputs(fw, rs, assessment)
    result = assess(rs, assessment)
    return plan_portfolio(inputs, result, config, threats=threats)


# ----------------------------------------------------------------------------- tests

def enumerable_seeds(count: int, **shape) -> list[int]:
    """The first `count` seeds whose case has few enough jobs (at most 6) to enumerate every schedule;
    `shape` maps a name of `make`'s to a function of the seed."""
    seeds = []
    for seed in range(10 * count):
        kw = {k: f(seed) for k, f in shape.items()}
        if len(Spec(*make(seed, **kw)).jobs()) <= 6:
            seeds.append(seed)
        if len(seeds) == count:
            return seeds
    raise AssertionError(f"only {len(seeds)} enumerable cases among {10 * count} seeds")


EXHAUSTIVE_SHAPE = {"n_entities": lambda s: 1 + s % 2, "n_controls": lambda s: 3 + s % 2}


@pytest.mark.parametrize("seed", enumerable_seeds(20, **EXHAUSTIVE_SHAPE))
def test_plan_equals_exhaustive_optimum(seed):
    fw, rs, assessment, config = make(seed, n_entities=1 + seed % 2, n_controls=3 + seed % 2)
    spec = Spec(fw, rs, assessment, config)
    plan = run(fw, rs, assessment, config)
    assert plan.status == "optimal"
    sched = schedule_of(plan, spec)
    assert spec.feasible(sched)
    assert spec.benefit(sched) == pytest.approx(plan.objective.benefit, abs=1e-6)
    assert plan.objective.benefit == pytest.approx(spec.exhaustive_optimum(), abs=1e-6)


@pytest.mark.parametrize("seed", range(100, 115))
def test_promises_hold_on_larger_instances(seed):
    fw, rs, assessment, config = make(seed, n_entities=3, n_controls=6, horizon=5)
    spec = Spec(fw, rs, assessment, config)
    plan = run(fw, rs, assessment, config)
    assert plan.status in ("optimal", "feasible")
    sched = schedule_of(plan, spec)
    assert spec.feasible(sched), "budget, capacity or prerequisites broken"
    # what the plan reports it spends is what its actions cost
    assert [s.total for s in plan.spend] == pytest.approx(spec.spend(sched), abs=0.01)
    assert spec.benefit(sched) == pytest.approx(plan.objective.benefit, abs=1e-6)
    # nothing in place is ever scheduled
    for (c, e) in sched:
        assert not spec.in_place(spec.ctl(c), e)
    assert plan.verification.levels_match


@pytest.mark.parametrize("seed", range(200, 208))
def test_larger_budget_never_lowers_benefit(seed):
    fw, rs, assessment, config = make(seed, n_entities=2, n_controls=5, horizon=4, budget=60)
    previous = -1.0
    for budget in (0, 60, 120, 240, 1000):
        cfg = config.model_copy(update={"budget": config.budget.model_copy(update={"per_period": float(budget)})})
        plan = run(fw, rs, assessment, cfg)
        benefit = Spec(fw, rs, assessment, cfg).benefit(schedule_of(plan, Spec(fw, rs, assessment, cfg)))
        assert benefit >= previous - 1e-9
        previous = benefit


def test_shared_control_once_and_mandatory_scheduled():
    from gen import build
    fw_d = {"id": "gen", "title": "t", "levels": [{"value": v, "name": str(v)} for v in range(3)],
            "outcomes": [{"id": "F", "title": "F", "children": [{"id": "X", "title": "X"}]}],
            "questions": [{"id": "X.q1", "outcome": "X", "text": "?", "type": "boolean", "level": 1},
                          {"id": "X.q2", "outcome": "X", "text": "?", "type": "boolean", "level": 2}],
            "controls": [
                {"id": "SOC", "title": "Shared SOC", "scope": "shared", "serves": {"sector": ["energy", "water"]},
                 "cost": {"capex": 100}, "duration": 3, "implements": {"X.q1": True}},
                {"id": "POL", "title": "Policy", "cost": {"capex": 10}, "duration": 3, "implements": {"X.q2": True}},
                {"id": "GOV", "title": "Mandatory but useless here", "cost": {"capex": 150}, "duration": 3,
                 "implements": {"X.q1": True}}]}
    rs_d = {"id": "gen/default", "framework": "gen", "rules": [
        {"id": "x1", "outcome": "X", "level": 1, "when": {"question": "X.q1", "eq": True}},
        {"id": "x2", "outcome": "X", "level": 2, "when": {"question": "X.q2", "eq": True}}]}
    ans_d = {"framework": "gen", "entities": [
        {"id": "a", "sector": "energy", "answers": {"X.q1": False}},
        {"id": "b", "sector": "water", "answers": {"X.q1": False}},
        {"id": "c", "sector": "government", "answers": {"X.q1": True}}]}
    fw, rs, assessment = build(fw_d, rs_d, ans_d)
    cfg = PlanConfig.model_validate({"horizon": 4, "budget": {"per_period": 200}, "mandatory": ["c:GOV"],
                                     "solver": {"gap": 0}})
    plan = run(fw, rs, assessment, cfg)
    soc = [a for a in plan.actions if a.control == "SOC"]
    assert len(soc) == 1 and sorted(soc[0].serves) == ["a", "b"]
    assert sorted(r.entity for r in soc[0].raises) == ["a", "b"]
    # GOV is in place at c (X.q1 already true): mandatory means "where not in place", so not scheduled
    assert not [a for a in plan.actions if a.control == "GOV" and a.entity == "c"]
    cfg2 = cfg.model_copy(update={"mandatory": ["a:GOV"]})
    plan2 = run(fw, rs, assessment, cfg2)
    assert [a.entity for a in plan2.actions if a.control == "GOV"] == ["a"]


def test_impossible_mandatory_is_infeasible_with_reason():
    fw, rs, assessment, config = make(3, n_entities=1, n_controls=3, horizon=3)
    c = max(fw.controls, key=lambda c: c.duration)
    cfg = config.model_copy(update={"horizon": 1, "mandatory": [c.id]})
    spec = Spec(fw, rs, assessment, cfg)
    if all(spec.in_place(c, e) for e in spec.entities) or spec.dp(c) <= 1:
        pytest.skip("generated control fits")
    plan = run(fw, rs, assessment, cfg)
    assert plan.status == "infeasible"
    assert c.id in plan.reason


@pytest.mark.parametrize("seed", range(300, 308))
def test_min_cost_reaches_every_reachable_target(seed):
    fw, rs, assessment, config = make(seed, n_entities=2, n_controls=5, horizon=6, budget=10_000)
    cfg = config.model_copy(update={"objective": "min-cost"})
    plan = run(fw, rs, assessment, cfg)
    spec = Spec(fw, rs, assessment, cfg)
    if plan.status == "infeasible":
        assert plan.reason
        return
    sched = schedule_of(plan, spec)
    assert spec.feasible(sched)
    done = list(sched)
    for e in spec.entities:
        lv = spec.levels(e, done)
        for o in fw.leaves:
            assert lv[o] >= spec.target(e, o), (e, o)
    assert plan.objective.cost == pytest.approx(sum(spec.spend(sched)), abs=0.01)


def independent_weights(fw, assessment, impact_per_incident=1000.0):
    """SPEC §3.4 for one threat at frequency 1, mitigated half by each function: each function's
    share split evenly among its leaves; plain money (no criticality), scaled by the entity's
    impact_factor (default: its size_factor)."""
    out = {}
    for e in assessment.entities:
        w = {}
        for f in fw.outcomes:
            leaves = [c.id for c in f.children]
            for leaf in leaves:
                factor = e.impact_factor if e.impact_factor is not None else e.size_factor
                w[leaf] = factor * impact_per_incident * (0.5 if len(fw.outcomes) == 2 else 1.0) \
                    / len(leaves) / fw.max_level
        out[e.id] = w
    return out


@pytest.mark.parametrize("seed", range(400, 412))
def test_max_net_benefit_equals_exhaustive_optimum(seed):
    from cyberplan.engine.models import ThreatProfile
    fw, rs, assessment, config = make(seed, n_entities=1, n_controls=4, horizon=3)
    share = {f.id: (0.5 if len(fw.outcomes) == 2 else 1.0) for f in fw.outcomes}
    threats = ThreatProfile.model_validate({"currency": "USD", "threats": [
        {"id": "t", "frequency": {"default": 1.0}, "impact": {"default": 1000.0}, "mitigated_by": share}]})
    cfg = config.model_copy(update={"objective": "max-net-benefit"})
    spec = Spec(fw, rs, assessment, cfg, weights=independent_weights(fw, assessment))
    if len(spec.jobs()) > 6:
        pytest.skip("too many jobs to enumerate")
    plan = run(fw, rs, assessment, cfg, threats=threats)
    sched = schedule_of(plan, spec)
    assert spec.feasible(sched)
    net = spec.benefit(sched) - sum(spec.spend(sched))
    assert net == pytest.approx(plan.objective.benefit - plan.objective.cost, abs=1e-4)
    best = 0.0
    jobs = spec.jobs()
    options = [[None] + list(range(0, spec.H - spec.dp(c) + 1)) for c, _ in jobs]
    for choice in itertools.product(*options):
        s = {(c.id, e): st for (c, e), st in zip(jobs, choice) if st is not None}
        if spec.feasible(s):
            best = max(best, spec.benefit(s) - sum(spec.spend(s)))
    assert net == pytest.approx(best, abs=1e-4)


def test_max_net_benefit_needs_a_threat_profile():
    from cyberplan.engine.errors import InputError
    fw, rs, assessment, config = make(1)
    with pytest.raises(InputError, match="threat profile"):
        run(fw, rs, assessment, config.model_copy(update={"objective": "max-net-benefit"}))
