"""The business case checked against SPEC §3.4 and §5 written out independently: weights computed
here from the threat profile (not via engine.impact), the exhaustive optimum in money (test_plan's
`Spec`), loss avoided per period recomputed from the actions alone, and the uncertainty analysis
(reproducible Monte Carlo, scenarios, robustness) on a case worked out by hand."""
import random

import pytest
from gen import SECTORS, build
from test_plan import Spec, make, run, schedule_of

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.inputs.resolve import inputs_from_models
from cyberplan.engine.models import PlanConfig, ThreatProfile
from cyberplan.engine.plan import plan_portfolio

# ----------------------------------------------------------------------------- SPEC §3.4, independently

def spec_weights(fw_dict_outcomes, levels_top, assessment, profile: dict) -> dict:
    """weight(e, o) = sum_threat ALE x share(threat, o) / top, from the plain dicts; ALE = frequency x
    impact x impact_factor (default: size_factor). Money is money: no criticality (SPEC §3.4)."""
    children = {}

    def walk(node, parent):
        children[node["id"]] = [c["id"] for c in node.get("children", [])]
        for c in node.get("children", []):
            walk(c, node["id"])
    for n in fw_dict_outcomes:
        walk(n, None)

    def leaves_under(n):
        return [n] if not children[n] else [x for c in children[n] for x in leaves_under(c)]
    leaves = [n for n in children if not children[n]]
    out = {}
    for e in assessment.entities:
        w = {o: 0.0 for o in leaves}
        for t in profile["threats"]:
            def pick(table):
                return table[e.sector] if e.sector in table else table.get("default", 0.0)
            factor = e.impact_factor if e.impact_factor is not None else e.size_factor
            a = pick(t["frequency"]) * pick(t["impact"]) * factor
            for key, share in t["mitigated_by"].items():
                under = leaves_under(key)
                for o in under:
                    w[o] += a * share / len(under) / levels_top
        out[e.id] = w
    return out


def random_profile(rng: random.Random, fw) -> dict:
    nodes = list(fw.nodes)
    tops = [o.id for o in fw.outcomes]
    threats = []
    for i in range(rng.randint(1, 3)):
        # a top-level node (its share split among its leaves) and up to two other nodes, possibly
        # a leaf under it as well: both keys then count for that leaf
        keys = [rng.choice(tops)]
        keys += [n for n in rng.sample(nodes, min(len(nodes), rng.randint(1, 2))) if n not in keys]
        raw = [rng.random() + 0.1 for _ in keys]
        threats.append({
            "id": f"t{i}",
            "frequency": {s: rng.choice([0.1, 0.5, 1.0, 2.0]) for s in rng.sample(SECTORS, 2)}
            | ({"default": 0.2} if rng.random() < 0.5 else {}),
            "impact": {"default": rng.choice([1000, 5000, 20000])} | {rng.choice(SECTORS): rng.choice([3000, 90000])},
            "mitigated_by": {k: round(r / sum(raw), 3) for k, r in zip(keys, raw)}})
    return {"currency": "GBP", "threats": threats}


def generated(seed):
    fw, rs, assessment, config = make(seed, n_entities=1 + seed % 2, n_controls=3, horizon=4, budget=150)
    rng = random.Random(1000 + seed)
    prof = random_profile(rng, fw)
    outcomes = [o.model_dump() for o in fw.outcomes]
    w = spec_weights(outcomes, fw.max_level, assessment, prof)
    return fw, rs, assessment, config, ThreatProfile.model_validate(prof), w


def per_period(spec: Spec, schedule) -> list[float]:
    """SPEC §5 money benefit of each period, from the schedule alone."""
    out = []
    for t in range(spec.H):
        done = [j for j, s in schedule.items() if s + spec.dp(spec.ctl(j[0])) - 1 < t]
        total = 0.0
        for e in spec.entities:
            now, start = spec.levels(e, done), spec.levels(e, [])
            for o in spec.fw.leaves:
                T = spec.target(e, o)
                total += spec.weight(e, o) * (min(now[o], T) - min(start[o], T))
        out.append(total / spec.ppy)
    return out


# ----------------------------------------------------------------------------- tests

def test_money_plan_equals_exhaustive_optimum():
    checked = nontrivial = several = 0
    for seed in range(30):
        fw, rs, assessment, config, profile, w = generated(seed)
        spec = Spec(fw, rs, assessment, config, weights=w)
        if len(spec.jobs()) > 6:
            continue   # too many jobs to enumerate
        plan = run(fw, rs, assessment, config, threats=profile)
        assert plan.status == "optimal", seed
        assert plan.objective.unit == "GBP"
        # the plan's weights are SPEC §3.4's
        for e, ws in w.items():
            for o, x in ws.items():
                assert plan.weights.get(e, {}).get(o, 0.0) == pytest.approx(x, rel=1e-6, abs=1e-6), (seed, e, o)
        sched = schedule_of(plan, spec)
        assert spec.feasible(sched), seed
        assert spec.benefit(sched) == pytest.approx(plan.objective.benefit, rel=1e-9, abs=1e-6), seed
        assert plan.objective.benefit == pytest.approx(spec.exhaustive_optimum(), rel=1e-9, abs=1e-6), seed
        checked += 1
        nontrivial += plan.objective.benefit > 0
        several += len(plan.actions) > 1
    # the generated cases must exercise something
    assert checked >= 20 and nontrivial >= 10 and several >= 2, (checked, nontrivial, several)


@pytest.mark.parametrize("seed", range(100, 110))
def test_business_case_recomputes_from_the_actions(seed):
    fw, rs, assessment, config = make(seed, n_entities=3, n_controls=6, horizon=5)
    rng = random.Random(seed)
    prof = random_profile(rng, fw)
    profile = ThreatProfile.model_validate(prof)
    w = spec_weights([o.model_dump() for o in fw.outcomes], fw.max_level, assessment, prof)
    spec = Spec(fw, rs, assessment, config, weights=w)
    plan = run(fw, rs, assessment, config, threats=profile)
    assert plan.business_case is not None
    bc = plan.to_json_dict()["business_case"]     # what a reader of the JSON sees
    assert bc["currency"] == "GBP"
    sched = schedule_of(plan, spec)
    avoided = per_period(spec, sched)
    spend = spec.spend(sched)
    rows = [r for r in bc["periods"] if r["in_horizon"]]
    assert [r["loss_avoided"] for r in rows] == pytest.approx(avoided, abs=0.01)
    assert [r["spend"] for r in rows] == pytest.approx(spend, abs=0.01)
    assert [r["net"] for r in rows] == pytest.approx([a - s for a, s in zip(avoided, spend)], abs=0.02)
    cum_a = [sum(avoided[:t + 1]) for t in range(spec.H)]
    cum_s = [sum(spend[:t + 1]) for t in range(spec.H)]
    assert [r["cumulative_loss_avoided"] for r in rows] == pytest.approx(cum_a, abs=0.02)
    assert [r["cumulative_spend"] for r in rows] == pytest.approx(cum_s, abs=0.02)
    assert bc["total_loss_avoided"] == pytest.approx(sum(avoided), abs=0.01)
    assert bc["total_loss_avoided"] == pytest.approx(plan.objective.benefit, abs=0.01)
    total_s = sum(spend)
    if total_s > 0:
        assert bc["rosi"] == pytest.approx((sum(avoided) - total_s) / total_s, abs=1e-4)
        # payback: the first period, once money has been spent, whose cumulative loss avoided reaches it
        paid = next((t for t in range(spec.H) if cum_s[t] > 0 and cum_a[t] >= cum_s[t] - 1e-9), None)
        assert bc["payback_period"] == (plan.periods[paid] if paid is not None else None)
    else:
        assert bc["rosi"] is None
    # exposure: sum of weight x (top - level), now and once every action is complete
    top = fw.max_level
    before = sum(w[e][o] * (top - spec.levels(e, [])[o]) for e in spec.entities for o in fw.leaves)
    after = sum(w[e][o] * (top - spec.levels(e, list(sched))[o]) for e in spec.entities for o in fw.leaves)
    assert bc["annual_exposure_before"] == pytest.approx(before, abs=0.01)
    assert bc["annual_exposure_after"] == pytest.approx(after, abs=0.01)
    # the JSON alone is enough: level changes x the plan's weights give the loss avoided again
    inputs = bc["inputs"]
    level = {(e.id, o): spec.levels(e.id, [])[o] for e in assessment.entities for o in fw.leaves}
    start = dict(level)
    changes = sorted(inputs["level_changes"], key=lambda c: c["period"])
    again = []
    for t in range(spec.H):
        for c in changes:
            if c["period"] == t:
                assert level[(c["entity"], c["outcome"])] == c["from"]
                level[(c["entity"], c["outcome"])] = c["to"]
        total = 0.0
        for (e, o), lv in level.items():
            T = spec.target(e, o)
            total += plan.weights.get(e, {}).get(o, 0.0) * (min(lv, T) - min(start[(e, o)], T))
        again.append(total / inputs["periods_per_year"])
    assert again == pytest.approx(avoided, abs=0.01)
    ale_rows = {(r["entity"], r["threat"]): r for r in inputs["ale"]}
    for e in assessment.entities:
        for t in prof["threats"]:
            r = ale_rows[(e.id, t["id"])]
            factor = e.impact_factor if e.impact_factor is not None else e.size_factor
            assert r["impact_factor"] == factor
            assert r["ale"] == pytest.approx(r["frequency"] * r["impact"] * factor, abs=0.01)
    # money is money: the weights carry no criticality (SPEC §3.4), so doubling every entity's
    # criticality changes no money figure
    louder = assessment.model_copy(update={"entities": [e.model_copy(update={"criticality": min(5, e.criticality + 1)})
                                                        for e in assessment.entities]})
    again_plan = run(fw, rs, louder, config, threats=profile)
    assert again_plan.weights == plan.weights
    # value for money: ranked by loss avoided per unit spent
    ratios = [r["loss_avoided_per_unit_spent"] for r in bc["value_for_money"] if r["cost"] > 0]
    assert ratios == sorted(ratios, reverse=True)
    by_action = {a.rank: a for a in plan.actions}
    for r in bc["value_for_money"]:
        a = by_action[r["action"]]
        if a.cost > 0:
            assert r["loss_avoided_per_unit_spent"] == pytest.approx(a.benefit / a.cost, rel=1e-3)


# ----------------------------------------------------------------------------- uncertainty

def two_entity_case():
    """One control per entity, budget for one: entity a (sector s1) is worth more at the likely
    values, entity b (sector s2) at the high ones."""
    fw_d = {"id": "gen", "title": "t", "levels": [{"value": 0, "name": "0"}, {"value": 1, "name": "1"}],
            "outcomes": [{"id": "F", "title": "F", "children": [{"id": "X", "title": "X"}]}],
            "questions": [{"id": "X.q1", "outcome": "X", "text": "?", "type": "boolean", "level": 1}],
            "controls": [{"id": "C", "title": "C", "cost": {"capex": 100}, "duration": 3,
                          "implements": {"X.q1": True}}]}
    rs_d = {"id": "gen/default", "framework": "gen",
            "rules": [{"id": "x1", "outcome": "X", "level": 1, "when": {"question": "X.q1", "eq": True}}]}
    ans_d = {"framework": "gen", "entities": [
        {"id": "a", "sector": "s1", "answers": {"X.q1": False}},
        {"id": "b", "sector": "s2", "answers": {"X.q1": False}}]}
    fw, rs, assessment = build(fw_d, rs_d, ans_d)
    cfg = PlanConfig.model_validate({"horizon": 2, "budget": {"per_period": 100}, "solver": {"gap": 0}})
    profile = ThreatProfile.model_validate({"threats": [
        {"id": "T", "frequency": {"s1": 1.0, "s2": 0.5}, "impact": {"default": 1000},
         "frequency_range": {"s1": [0.9, 1.1], "s2": [0.1, 5.0]}, "mitigated_by": {"X": 1.0}}]})
    return fw, rs, assessment, cfg, profile


def analysed(draws=200, seed=11, case=None):
    from cyberplan.engine.plan.uncertainty import analyse
    fw, rs, assessment, cfg, profile = case or two_entity_case()
    inputs = inputs_from_models(fw, rs, assessment)
    result = assess(rs, assessment)
    plan = plan_portfolio(inputs, result, cfg, threats=profile)
    return plan, analyse(inputs, result, cfg, profile, plan, draws=draws, seed=seed), (inputs, profile)


def test_scenarios_and_robustness_by_hand():
    plan, unc, _ = analysed()
    # likely: a (ALE 1000) beats b (500): C at a in period 0, counting in period 1: 1000 x 1 / 1 / 4
    assert [(a.entity, a.control, a.start) for a in plan.actions] == [("a", "C", 0)]
    assert plan.business_case.total_loss_avoided == pytest.approx(250.0)
    sc = {s["name"]: s for s in unc["scenarios"]}
    assert sc["low"]["total_loss_avoided"] == pytest.approx(900 / 4)
    assert sc["likely"]["total_loss_avoided"] == pytest.approx(250.0)
    assert sc["high"]["total_loss_avoided"] == pytest.approx(1100 / 4)
    # spend is the same under every scenario: 100
    assert {s["total_spend"] for s in sc.values()} == {100.0}
    assert sc["high"]["net_benefit"] == pytest.approx(1100 / 4 - 100)
    # exposure before: weight x (1 - 0) per entity, ALE at low: 900 + 100
    assert sc["low"]["annual_exposure_before"] == pytest.approx(900 + 100)
    assert sc["low"]["annual_exposure_after"] == pytest.approx(100)
    # robustness: under low the plan is the optimum; under high b (ALE 5000) is worth 1250 and the plan 275
    assert sc["low"]["robustness"]["share_of_best"] == pytest.approx(1.0)
    assert sc["likely"]["robustness"]["share_of_best"] == pytest.approx(1.0)
    assert sc["high"]["robustness"]["share_of_best"] == pytest.approx(275 / 1250, abs=1e-4)
    assert sc["high"]["robustness"]["best_found"] == pytest.approx(1250.0)
    # per draw: the best plan does whichever entity has the larger ALE; the chosen plan does a
    from cyberplan.engine.plan.uncertainty import sample_ales
    draws = sample_ales(assessment_entities(), two_entity_case()[4], 200, 11)
    ratios = [d[("a", "T")] / max(d[("a", "T")], d[("b", "T")]) for d in draws]
    expect = sum(1 for r in ratios if r >= 0.95) / len(ratios)
    mc = unc["monte_carlo"]
    assert mc["robustness"]["share_of_draws_at_threshold"] == pytest.approx(expect, abs=1e-4)
    assert 0 < expect < 1
    assert mc["robustness"]["share_of_best"]["min"] == pytest.approx(min(ratios), abs=1e-4)
    # the plan's loss avoided per draw is ALE(a) / 4
    losses = sorted(d[("a", "T")] / 4 for d in draws)
    assert mc["total_loss_avoided"]["min"] == pytest.approx(losses[0], abs=0.01)
    assert mc["total_loss_avoided"]["max"] == pytest.approx(losses[-1], abs=0.01)
    assert sc["low"]["total_loss_avoided"] <= mc["total_loss_avoided"]["min"]
    assert mc["total_loss_avoided"]["max"] <= sc["high"]["total_loss_avoided"]


def assessment_entities():
    return two_entity_case()[2].entities


def test_monte_carlo_is_reproducible_with_a_seed_and_differs_with_another():
    _, first, _ = analysed(draws=60, seed=5)
    _, again, _ = analysed(draws=60, seed=5)
    _, other, _ = analysed(draws=60, seed=6)
    assert first["monte_carlo"] == again["monte_carlo"]
    assert first["monte_carlo"]["total_loss_avoided"] != other["monte_carlo"]["total_loss_avoided"]
    from cyberplan.engine.plan.uncertainty import sample_ales
    ents, prof = assessment_entities(), two_entity_case()[4]
    assert sample_ales(ents, prof, 30, 5) == sample_ales(ents, prof, 30, 5)
    assert sample_ales(ents, prof, 30, 5) != sample_ales(ents, prof, 30, 6)


def test_pert_draws_stay_in_range_with_the_pert_mean():
    from cyberplan.engine.plan.uncertainty import pert
    rng = random.Random(3)
    xs = [pert(rng, 0.1, 0.5, 5.0) for _ in range(20000)]
    assert min(xs) >= 0.1 and max(xs) <= 5.0
    assert sum(xs) / len(xs) == pytest.approx((0.1 + 4 * 0.5 + 5.0) / 6, rel=0.03)
    assert pert(rng, 2.0, 2.0, 2.0) == 2.0


def test_entities_of_a_sector_share_a_draw():
    from cyberplan.engine.plan.uncertainty import sample_ales
    fw, rs, assessment, cfg, profile = two_entity_case()
    ents = assessment.entities + [assessment.entities[0].model_copy(update={"id": "a2"})]
    for d in sample_ales(ents, profile, 20, 1):
        assert d[("a", "T")] == d[("a2", "T")]
        assert 0.9 * 1000 <= d[("a", "T")] <= 1.1 * 1000


def test_cli_plan_uncertainty_json():
    import json
    from pathlib import Path

    from click.testing import CliRunner

    from cyberplan.cli import cli
    data = Path(__file__).resolve().parent / "data"
    args = ["plan", str(data / "mini" / "answers.yaml"), "--config", str(data / "mini" / "plan.yaml"),
            "--threats", str(data / "threats" / "mini.yaml"), "-q", "-f", "json"]
    runner = CliRunner()
    res = runner.invoke(cli, args + ["--uncertainty", "--draws", "40", "--seed", "9"])
    assert res.exit_code == 0, res.output
    unc = json.loads(res.stdout)["business_case"]["uncertainty"]
    assert unc["seed"] == 9 and unc["monte_carlo"]["draws"] == 40
    assert [s["name"] for s in unc["scenarios"]] == ["low", "likely", "high"]
    res2 = runner.invoke(cli, args + ["--uncertainty", "--draws", "40", "--seed", "9"])
    assert json.loads(res2.stdout)["business_case"]["uncertainty"] == unc
    plain = runner.invoke(cli, args)
    assert json.loads(plain.stdout)["business_case"]["uncertainty"] is None
    bad = runner.invoke(cli, args[:5] + ["--uncertainty"])
    assert bad.exit_code == 2
