"""SPEC §3.4 by hand: annual loss exposure, shares split among leaves, sector defaults, and the
impact view built on them. Every expected figure below is worked out in the comments."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberplan.engine.assess.impact import ale, estimate, impact_report, leaf_shares, threat_problems, weights
from cyberplan.engine.models import Assessment, Framework, ThreatProfile

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

# F (function) > C1 (category) > L1, L2 ;  F > C2 > L3.  Levels 0..4 (top 4).
FW = Framework.model_validate({
    "id": "hand", "title": "Hand-checked", "levels": [{"value": v, "name": f"L{v}"} for v in range(5)],
    "outcomes": [{"id": "F", "title": "F", "children": [
        {"id": "C1", "title": "C1", "children": [{"id": "L1", "title": "L1"}, {"id": "L2", "title": "L2"}]},
        {"id": "C2", "title": "C2", "children": [{"id": "L3", "title": "L3"}]}]}],
    "questions": [], "controls": []})

PROFILE = ThreatProfile.model_validate({"currency": "EUR", "threats": [
    # T1 shares: C1 0.6 -> 0.3 each to L1, L2; L1 0.2 -> L1; F 0.2 -> 1/15 each to L1, L2, L3
    #   share(L1) = 0.3 + 0.2 + 1/15 = 17/30, share(L2) = 0.3 + 1/15 = 11/30, share(L3) = 1/15
    {"id": "T1", "frequency": {"default": 0.5, "energy": 2}, "impact": {"default": 1000, "energy": 10000},
     "mitigated_by": {"C1": 0.6, "L1": 0.2, "F": 0.2}},
    # T2: no default frequency: a sector not listed is never hit (0); impact has only a default
    {"id": "T2", "frequency": {"energy": 1}, "impact": {"default": 500}, "mitigated_by": {"L3": 1.0}},
]})

ASSESSMENT = Assessment.model_validate({"framework": "hand", "entities": [
    {"id": "g", "sector": "government", "criticality": 2, "answers": {}},
    {"id": "e", "sector": "energy", "criticality": 3, "answers": {}},
    {"id": "n", "criticality": 1, "answers": {}},          # no sector: defaults throughout
]})


def test_ale_takes_the_sector_then_the_default_then_zero():
    ents = {e.id: e for e in ASSESSMENT.entities}
    assert ale(ents["g"], PROFILE) == {"T1": 0.5 * 1000, "T2": 0.0}     # T2: no government, no default
    assert ale(ents["e"], PROFILE) == {"T1": 2 * 10000, "T2": 1 * 500}
    assert ale(ents["n"], PROFILE) == {"T1": 500.0, "T2": 0.0}


def test_ancestor_keys_split_evenly_among_leaves():
    s = leaf_shares(FW, PROFILE.threats[0].mitigated_by)
    assert s == pytest.approx({"L1": 17 / 30, "L2": 11 / 30, "L3": 1 / 15})
    assert sum(s.values()) == pytest.approx(1.0)


def test_weights_by_hand():
    """Money is money (SPEC §3.4): criticality never enters a weight."""
    w = weights(FW, ASSESSMENT, PROFILE)
    # g: ALE(T1) 500, ALE(T2) 0:  500 x share / 4 (its criticality 2 plays no part)
    assert w["g"] == pytest.approx({"L1": 500 * 17 / 30 / 4, "L2": 500 * 11 / 30 / 4, "L3": 500 / 15 / 4})
    # e: ALE(T1) 20000, ALE(T2) 500
    #   L1 = 20000 x 17/30 / 4 = 2833.33;  L2 = 20000 x 11/30 / 4 = 1833.33
    #   L3 = (20000 / 15 + 500 x 1) / 4 = 458.33
    assert w["e"] == pytest.approx({"L1": 8500.0 / 3, "L2": 5500.0 / 3, "L3": 1375.0 / 3})
    # n: no sector -> defaults: the same as g, whatever the criticality
    assert w["n"] == pytest.approx(w["g"])


def test_impact_factor_scales_an_entitys_losses_and_defaults_to_its_size():
    """A small customs office does not carry a mid-sized firm's losses (SPEC §3.3, §3.4)."""
    small = Assessment.model_validate({"framework": "hand", "entities": [
        {"id": "office", "sector": "government", "size_factor": 0.2, "answers": {}},
        {"id": "firm", "sector": "government", "size_factor": 0.2, "impact_factor": 1.5, "answers": {}}]})
    w = weights(FW, small, PROFILE)
    # ALE(T1) = 0.5 x 1000 x factor: 100 for the office (its size_factor), 750 for the firm
    assert w["office"]["L3"] == pytest.approx(100 / 15 / 4)
    assert w["firm"]["L3"] == pytest.approx(750 / 15 / 4)
    assert ale(small.entities[1], PROFILE)["T1"] == pytest.approx(750.0)


def test_without_a_profile_the_weight_is_the_criticality():
    w = weights(FW, ASSESSMENT, None)
    assert w["e"] == {"L1": 3.0, "L2": 3.0, "L3": 3.0}


def test_impact_report_by_hand():
    levels = {"g": {"L1": 2, "L2": 0, "L3": 4}, "e": {"L1": 4, "L2": 4, "L3": 0}, "n": {"L1": 0, "L2": 0, "L3": 0}}
    rep = impact_report(FW, ASSESSMENT, levels, PROFILE)
    x = {(r.entity, r.threat): r for r in rep.exposures}
    # g, T1: 500 x (17/30 x 2/4 + 11/30 x 4/4 + 1/15 x 0/4) = 500 x 39/60 = 325
    assert x[("g", "T1")].unmitigated == pytest.approx(325.0)
    assert x[("g", "T1")].sector_used == "default"
    assert x[("g", "T1")].weakest[0] == "L2 (level 0)"
    # e, T1: only L3 open: 20000 x 1/15 = 1333.33; e, T2: 500 x 1 (L3 at level 0)
    assert x[("e", "T1")].unmitigated == pytest.approx(20000 / 15)
    assert x[("e", "T2")].unmitigated == pytest.approx(500.0)
    assert x[("n", "T1")].unmitigated == pytest.approx(500.0)      # level 0 everywhere: all of it
    risk = {(r.entity, r.outcome): r.at_risk for r in rep.at_risk}
    # at risk = weight x (4 - level): e L3 = (1375 / 3) x 4;  g L2 = (500 x 11/30 / 4) x 4
    assert risk[("e", "L3")] == pytest.approx(5500.0 / 3)
    assert risk[("g", "L2")] == pytest.approx(500 * 11 / 30)
    assert ("e", "L1") not in risk or risk[("e", "L1")] == 0
    assert rep.problems == []
    # plain money: the money at risk summed equals the unmitigated exposure summed
    assert sum(risk.values()) == pytest.approx(sum(r.unmitigated for r in rep.exposures))


def test_threat_problems_name_the_place():
    bad = ThreatProfile.model_validate({"threats": [
        {"id": "t", "frequency": {"default": 1}, "impact": {"default": 10}, "mitigated_by": {"C3": 1},
         "frequency_range": {"default": [2, 3]}}]})
    problems = [str(p) for p in threat_problems(bad, FW, "threats.yaml")]
    assert any("mitigated_by.C3" in p and "unknown outcome" in p for p in problems)
    assert any("frequency_range.default" in p and "does not contain" in p for p in problems)


def test_estimates_use_the_range_of_the_key_the_likely_value_came_from():
    t = ThreatProfile.model_validate({"threats": [
        {"id": "t", "frequency": {"default": 1, "energy": 4}, "impact": {"default": 10},
         "frequency_range": {"default": [0.5, 2]}, "impact_range": {"water": [5, 20]}, "mitigated_by": {"F": 1}}]}
    ).threats[0]
    assert estimate(t, "frequency", "government") == (0.5, 1, 2, True)      # the default and its range
    assert estimate(t, "frequency", "energy") == (4, 4, 4, False)           # own value, no range of its own
    assert estimate(t, "impact", "water") == (5, 10, 20, True)              # a sector's range around the default
    assert estimate(t, "impact", "energy") == (10, 10, 10, False)


def test_cli_impact_json_and_formats():
    from cyberplan.cli import cli
    runner = CliRunner()
    args = ["impact", str(DATA / "mini" / "answers.yaml"), "--threats", str(DATA / "threats" / "mini.yaml")]
    res = runner.invoke(cli, args + ["-f", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    by = {(x["entity"], x["threat"]): x for x in data["exposures"]}
    # wat (water, size_factor 2 and no impact_factor, so its losses x 2): ransomware 0.4 x 5,000,000 x 2;
    # phishing: no water frequency and no default -> 0
    assert by[("wat", "ransomware")]["ale"] == pytest.approx(4_000_000)
    assert by[("wat", "ransomware")]["impact_factor"] == 2
    assert by[("wat", "phishing")]["ale"] == 0
    # mof (government): ransomware default 0.1 x 250,000; phishing 2 x 10,000
    assert by[("mof", "ransomware")]["ale"] == pytest.approx(25_000)
    assert by[("mof", "phishing")]["ale"] == pytest.approx(20_000)
    assert data["totals"]["ale"] == pytest.approx(4_045_000)
    assert data["weights"]["wat"]["PR-1"] > 0
    for fmt in ("csv", "md"):
        res = runner.invoke(cli, args + ["-f", fmt])
        assert res.exit_code == 0 and "wat" in res.output


def test_cli_impact_bad_profile_exits_2():
    from cyberplan.cli import cli
    res = CliRunner().invoke(cli, ["impact", str(DATA / "mini" / "answers.yaml"), "--threats",
                                   str(ROOT / "frameworks" / "nist-csf-2.0" / "threats.yaml")])
    assert res.exit_code == 2
    assert "unknown outcome" in res.output
