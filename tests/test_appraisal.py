"""Issue 12's promises, checked against SPEC §3.4 and §5 written out here independently:

- a tiny framework, two entities, a threat profile, one entity with an impact_factor: the plan is
  the exhaustive optimum in plain money for max-benefit, max-net-benefit and max-npv;
- the budget frontier returns, at every budget, the exhaustive optimum of the plan's objective, and
  never decreases as the budget grows;
- NPV, BCR and payback in the JSON recompute from the plan's own per-year figures by SPEC §5.
"""
from __future__ import annotations

import itertools
import math

import pytest
from gen import build

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.inputs.resolve import inputs_from_models
from cyberplan.engine.models import PlanConfig, ThreatProfile
from cyberplan.engine.plan import plan_portfolio
from cyberplan.engine.plan.frontier import sweep_budgets
from cyberplan.engine.rules.reference import assess_entity

FW = {"id": "tiny", "title": "Tiny", "levels": [{"value": v, "name": str(v)} for v in range(3)],
      "outcomes": [{"id": "P", "title": "Protect", "children": [{"id": "P.1", "title": "MFA"},
                                                               {"id": "P.2", "title": "Backups"}]},
                   {"id": "D", "title": "Detect", "children": [{"id": "D.1", "title": "Logs"}]}],
      "questions": [{"id": "P.1.a", "outcome": "P.1", "text": "MFA?", "type": "choice",
                     "options": ["no", "partly", "fully"], "level": 1},
                    {"id": "P.2.a", "outcome": "P.2", "text": "Backups tested?", "type": "boolean", "level": 1},
                    {"id": "D.1.a", "outcome": "D.1", "text": "Log coverage (%)", "type": "number",
                     "number": {"min": 0, "max": 100}, "level": 1}],
      "controls": [{"id": "MFA", "title": "MFA", "cost": {"capex": 40, "opex": 8}, "duration": 3,
                    "implements": {"P.1.a": "fully"}},
                   {"id": "BAK", "title": "Backups", "cost": {"capex": 30, "opex": 20}, "duration": 6,
                    "implements": {"P.2.a": True}},
                   {"id": "LOG", "title": "Central logging", "cost": {"capex": 60, "opex": 4}, "duration": 3,
                    "requires": ["MFA"], "implements": {"D.1.a": 90}},
                   {"id": "SOC", "title": "Shared SOC", "scope": "shared", "cost": {"capex": 90, "opex": 30},
                    "duration": 3, "implements": {"D.1.a": 100}}]}
RS = {"id": "tiny/default", "framework": "tiny", "rules": [
    {"id": "p1-1", "outcome": "P.1", "level": 1, "when": {"question": "P.1.a", "gte": "partly"}},
    {"id": "p1-2", "outcome": "P.1", "level": 2, "when": {"question": "P.1.a", "eq": "fully"}},
    {"id": "p2-1", "outcome": "P.2", "level": 1, "when": {"question": "P.2.a", "eq": True}},
    {"id": "p2-2", "outcome": "P.2", "level": 2, "when": {"question": "P.2.a", "eq": True}},
    {"id": "d1-1", "outcome": "D.1", "level": 1, "when": {"question": "D.1.a", "gte": 50}},
    {"id": "d1-2", "outcome": "D.1", "level": 2, "when": {"question": "D.1.a", "gte": 90}}]}
ANSWERS = {"framework": "tiny", "entities": [
    {"id": "big", "sector": "energy", "criticality": 5, "size_factor": 1.0,
     "answers": {"P.1.a": "partly", "P.2.a": False, "D.1.a": 20}},
    {"id": "small", "sector": "government", "criticality": 1, "size_factor": 0.5, "impact_factor": 0.3,
     "answers": {"P.1.a": "no", "P.2.a": False, "D.1.a": 60}}]}
THREATS = {"currency": "EUR", "threats": [
    {"id": "ransom", "frequency": {"default": 0.5, "energy": 1.0}, "impact": {"default": 200, "energy": 400},
     "mitigated_by": {"P": 0.7, "D.1": 0.3}},
    {"id": "fraud", "frequency": {"default": 2.0}, "impact": {"default": 50}, "mitigated_by": {"P.1": 1.0}}]}


def config(objective: str, budget: float = 60.0, **extra) -> PlanConfig:
    return PlanConfig.model_validate({"start": "2027-01", "period": "quarter", "horizon": 4, "targets": {"default": 2},
                                      "budget": {"per_period": budget, "carry_over": True}, "objective": objective,
                                      "appraisal": {"discount_rate": 0.05, "years": 3}, "solver": {"gap": 0.0},
                                      **extra})


# ----------------------------------------------------------------------------- SPEC, independently

class Money:
    """SPEC §3.4 weights and §5 benefit, cost and appraisal, from the plain dicts above."""

    def __init__(self, cfg: PlanConfig):
        self.cfg = cfg
        self.fw, self.rs, self.assessment = build(FW, RS, ANSWERS)
        self.H, self.ppy, self.Y = cfg.horizon, 4, max(cfg.appraisal.years, 1)
        self.r = cfg.appraisal.discount_rate
        self.entities = {e["id"]: e for e in ANSWERS["entities"]}
        self.ctl = {c["id"]: c for c in FW["controls"]}
        leaves = {"P": ["P.1", "P.2"], "D": ["D.1"], "P.1": ["P.1"], "P.2": ["P.2"], "D.1": ["D.1"]}
        self.w = {}
        for eid, e in self.entities.items():
            factor = e.get("impact_factor", e.get("size_factor", 1.0))
            w = {o: 0.0 for o in ("P.1", "P.2", "D.1")}
            for t in THREATS["threats"]:
                pick = lambda tab: tab.get(e["sector"], tab.get("default", 0.0))  # noqa: E731
                ale = pick(t["frequency"]) * pick(t["impact"]) * factor          # criticality plays no part
                for key, share in t["mitigated_by"].items():
                    for o in leaves[key]:
                        w[o] += ale * share / len(leaves[key]) / 2              # top level 2
            self.w[eid] = w
        self._memo = {}

    def dp(self, cid):
        return max(1, math.ceil(self.ctl[cid]["duration"] / 3))

    def size(self, cid, e):
        return 1.0 if e is None else self.entities[e].get("size_factor", 1.0)

    def jobs(self):
        out = []
        for cid, c in self.ctl.items():
            owners = [None] if c.get("scope") == "shared" else list(self.entities)
            out += [(cid, e) for e in owners]
        return out

    def levels(self, e, done):
        answers = dict(self.entities[e]["answers"])
        for cid, owner in done:
            if owner not in (None, e):
                continue
            for q, v in self.ctl[cid]["implements"].items():
                qq = self.fw.question[q]
                if qq.encode(v) > qq.encode(answers[q]):
                    answers[q] = v
        key = (e, tuple(sorted((q, str(v)) for q, v in answers.items())))
        if key not in self._memo:
            self._memo[key] = assess_entity(self.rs, answers, self.assessment.entities[0] if e == "big"
                                            else self.assessment.entities[1]).levels
        return self._memo[key]

    def gain(self, schedule, t):
        """Loss avoided per year by the levels in force at period t (t >= H: the horizon's end)."""
        t = min(t, self.H)
        done = [j for j, s in schedule.items() if s + self.dp(j[0]) <= t]
        total = 0.0
        for e in self.entities:
            now, start = self.levels(e, done), self.levels(e, [])
            total += sum(self.w[e][o] * (min(now[o], 2) - min(start[o], 2)) for o in self.w[e])
        return total

    def spend(self, schedule, t):
        total = 0.0
        for (cid, e), s in schedule.items():
            c, d, f = self.ctl[cid], self.dp(cid), self.size(cid, e)
            if s <= t <= s + d - 1:
                total += c["cost"]["capex"] * f / d
            elif t > s + d - 1:
                total += c["cost"]["opex"] * f / self.ppy
        return total

    def feasible(self, schedule, budget):
        for (cid, e), s in schedule.items():
            if s + self.dp(cid) > self.H:
                return False
            for r in self.ctl[cid].get("requires", []):
                if (r, e) not in schedule or schedule[(r, e)] + self.dp(r) > s:
                    return False
        run = 0.0
        for t in range(self.H):
            run += self.spend(schedule, t)
            if run > budget * (t + 1) + 1e-9:
                return False
        return True

    def benefit(self, schedule):
        return sum(self.gain(schedule, t) for t in range(self.H)) / self.ppy

    def cost(self, schedule):
        return sum(self.spend(schedule, t) for t in range(self.H))

    def years(self, schedule):
        """(benefit, cost) per appraisal year: the periods of year y summed."""
        out = []
        for y in range(self.Y):
            ts = range(y * self.ppy, (y + 1) * self.ppy)
            out.append((sum(self.gain(schedule, t) for t in ts) / self.ppy, sum(self.spend(schedule, t) for t in ts)))
        return out

    def npv(self, schedule):
        return sum((b - c) / (1 + self.r) ** y for y, (b, c) in enumerate(self.years(schedule)))

    def value(self, kind, schedule):
        if kind == "max-benefit":
            return self.benefit(schedule)
        if kind == "max-net-benefit":
            return self.benefit(schedule) - self.cost(schedule)
        return self.npv(schedule)

    def optimum(self, kind, budget):
        jobs = self.jobs()
        best = 0.0
        for choice in itertools.product(*[[None] + list(range(self.H - self.dp(c) + 1)) for c, _ in jobs]):
            sched = {j: s for j, s in zip(jobs, choice) if s is not None}
            if self.feasible(sched, budget):
                best = max(best, self.value(kind, sched))
        return best


def planned(cfg: PlanConfig):
    fw, rs, assessment = build(FW, RS, ANSWERS)
    return plan_portfolio(inputs_from_models(fw, rs, assessment), assess(rs, assessment), cfg,
                          threats=ThreatProfile.model_validate(THREATS), options=False)


def schedule_of(plan):
    return {(a.control, None if a.entity == "*" or a.control == "SOC" else a.entity): a.start for a in plan.actions}


# ----------------------------------------------------------------------------- tests

@pytest.mark.parametrize("kind", ["max-benefit", "max-net-benefit", "max-npv"])
def test_plan_is_the_exhaustive_optimum_in_plain_money(kind):
    cfg = config(kind)
    spec = Money(cfg)
    plan = planned(cfg)
    assert plan.status == "optimal" and plan.objective.unit == "EUR"
    sched = schedule_of(plan)
    assert spec.feasible(sched, 60.0)
    # the plan's weights are SPEC §3.4's in plain money: the small office's losses at 0.3, not 0.5 or 1
    for e, ws in spec.w.items():
        for o, x in ws.items():
            assert plan.weights.get(e, {}).get(o, 0.0) == pytest.approx(x, abs=1e-6)
    assert plan.objective.value == pytest.approx(spec.value(kind, sched), abs=1e-6)
    assert plan.objective.value == pytest.approx(spec.optimum(kind, 60.0), abs=1e-6)
    assert plan.objective.benefit == pytest.approx(spec.benefit(sched), abs=1e-6)


def test_npv_bcr_and_payback_recompute_from_the_plans_own_years():
    cfg = config("max-npv")
    plan = planned(cfg)
    bc = plan.to_json_dict()["business_case"]
    years = bc["years"]
    r = cfg.appraisal.discount_rate
    assert len(years) == 3
    pv_b = sum(y["benefit"] / (1 + r) ** y["year"] for y in years)
    pv_c = sum(y["cost"] / (1 + r) ** y["year"] for y in years)
    ap = bc["appraisal"]
    assert ap["npv"] == pytest.approx(pv_b - pv_c, abs=0.05)
    assert ap["pv_benefit"] == pytest.approx(pv_b, abs=0.05) and ap["pv_cost"] == pytest.approx(pv_c, abs=0.05)
    assert ap["bcr"] == pytest.approx(pv_b / pv_c, abs=1e-3)
    # payback: the first period whose cumulative benefit reaches cumulative cost (once money is spent)
    cum_b = cum_c = 0.0
    paid = None
    for row in bc["periods"]:
        cum_b, cum_c = cum_b + row["loss_avoided"], cum_c + row["spend"]
        if paid is None and cum_c > 0 and cum_b >= cum_c - 0.01:
            paid = row["label"]
    assert ap["payback_period"] == paid
    # and the per-year figures are the schedule's, by SPEC §5 written out independently
    spec = Money(cfg)
    for y, (b, c) in zip(years, spec.years(schedule_of(plan))):
        assert y["benefit"] == pytest.approx(b, abs=0.01) and y["cost"] == pytest.approx(c, abs=0.01)
    assert ap["npv"] == pytest.approx(spec.npv(schedule_of(plan)), abs=0.05)


@pytest.mark.parametrize("kind", ["max-benefit", "max-net-benefit", "max-npv"])
def test_the_frontier_is_the_exhaustive_optimum_at_every_budget_and_never_decreases(kind):
    cfg = config(kind)
    spec = Money(cfg)
    fw, rs, assessment = build(FW, RS, ANSWERS)
    budgets = [15.0, 30.0, 60.0, 120.0]
    front = sweep_budgets(inputs_from_models(fw, rs, assessment), assess(rs, assessment), cfg, budgets,
                          threats=ThreatProfile.model_validate(THREATS))
    values = [p.value for p in front.points]
    for b, p in zip(budgets, front.points):
        assert p.value == pytest.approx(spec.optimum(kind, b), abs=1e-6), (kind, b)
    assert all(a <= b + 1e-9 for a, b in zip(values, values[1:]))
    if kind == "max-net-benefit":
        nets = [p.net for p in front.points]
        assert all(a <= b + 0.01 for a, b in zip(nets, nets[1:]))


def test_criticality_priority_is_a_labelled_objective_weight_never_money():
    cfg = config("max-net-benefit", priority="criticality")
    plan = planned(cfg)
    plain = planned(config("max-net-benefit"))
    assert plan.weights == plain.weights                     # money is money
    assert plan.objective.priority == "criticality"
    assert plan.business_case.priority_weighted is not None
    spec = Money(cfg)
    # every money figure of the business case is still plain money for the plan's own schedule
    sched = schedule_of(plan)
    assert plan.business_case.total_loss_avoided == pytest.approx(spec.benefit(sched), abs=0.01)
