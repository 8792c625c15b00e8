"""The built-in frameworks are plannable: with every catalogue control in place every leaf
reaches the top of the scale (evaluated by durable-rules), and no control is dead weight."""
import pytest

from cyberplan.engine.models import Entity
from cyberplan.engine.rules.durable import durable_ruleset
from cyberplan.plugins.manager import registry

REG = registry()
BUILTIN = "cyberplan.frameworks"   # plugins installed by other tests (scaffolds) are not ours to judge
FRAMEWORKS = sorted(k for k, e in REG.frameworks.items() if e.plugin == BUILTIN)
RULESETS = sorted(k for k, e in REG.rulesets.items() if e.plugin == BUILTIN)


def best_answers(fw, controls):
    codes = {}
    for c in controls:
        for q, v in c.implements.items():
            code = fw.question[q].encode(v)
            codes[q] = max(codes.get(q, code), code)
    return codes


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
def test_every_level_of_every_leaf_is_reachable_through_the_catalogue(fw_id):
    fw = REG.framework(fw_id)
    rs = REG.ruleset(REG.default_ruleset_id(fw), fw)
    engine = durable_ruleset(rs)
    entity_controls = [c for c in fw.controls if c.scope == "entity"]
    codes = best_answers(fw, entity_controls)
    for sector in (None, "government", "energy", "water"):
        levels = engine.evaluate(codes, Entity(id="x", sector=sector, criticality=3))[0]
        short = {o: levels[o] for o in fw.leaves if levels[o] < fw.max_level}
        assert not short, f"{fw_id} ({sector}): not every level reachable by entity controls: {short}"


@pytest.mark.parametrize("fw_id", FRAMEWORKS)
def test_no_control_is_dead_weight(fw_id):
    """Each control's answers, with everything else in place, change some level."""
    fw = REG.framework(fw_id)
    rs = REG.ruleset(REG.default_ruleset_id(fw), fw)
    engine = durable_ruleset(rs)
    full = best_answers(fw, fw.controls)
    entity = Entity(id="x", sector="energy", criticality=3)
    dead = []
    for c in fw.controls:
        without = {q: v for q, v in full.items() if q not in c.implements}
        with_c = dict(without)
        for q, v in c.implements.items():
            with_c[q] = fw.question[q].encode(v)
        a = engine.evaluate(without, entity)[0]
        b = engine.evaluate(with_c, entity)[0]
        if all(a[o] == b[o] for o in fw.leaves):
            dead.append(c.id)
    assert not dead, f"{fw_id}: controls whose answers change no level: {dead}"


def test_at_least_four_frameworks_and_csf_catalogue_size():
    assert {"nist-csf-2.0", "essential-eight", "ncsc-caf", "cisa-cpg", "ncsc-caf-4.0", "cisa-cpg-2.0"} <= set(FRAMEWORKS)
    csf = REG.framework("nist-csf-2.0")
    assert len(csf.controls) >= 150
    assert sum(1 for c in csf.controls if c.scope == "shared") >= 10
    assert all(f.licence for f in (REG.framework(x) for x in FRAMEWORKS))


@pytest.mark.parametrize("rs_id", RULESETS)
def test_embedded_ruleset_tests_pass_and_cover_levels(rs_id):
    from cyberplan.engine.rules.authoring import run_ruleset_tests
    entry = REG.rulesets[rs_id]
    fw = REG.framework(entry.framework)
    rs = REG.ruleset(rs_id, fw)
    results = run_ruleset_tests(rs)
    assert results, f"{rs_id} has no embedded tests"
    failed = [(r.name, r.details) for r in results if not r.passed]
    assert not failed
    # the tests of a default ruleset cover every level of several outcomes
    if rs_id.endswith("/default"):
        seen: dict[str, set[int]] = {}
        for t in rs.tests:
            for o, lv in t.expect.items():
                seen.setdefault(o, set()).add(lv)
        full = [o for o, lvls in seen.items() if lvls >= set(range(fw.max_level + 1))]
        assert len(full) >= 3, f"{rs_id}: tests cover every level of only {full}"


def test_current_caf_and_cpg_versions():
    """The current versions as published: CAF v4.0 (41 contributing outcomes, with v4.0's new A2.b, A4.b
    and C1.f) and CPG 2.0 (34 goals under the six CSF 2.0 functions), the older ones kept."""
    caf = REG.framework("ncsc-caf-4.0")
    assert (caf.version, len(caf.leaves), len(caf.outcomes)) == ("4.0", 41, 4)
    assert {o: caf.nodes[o].title for o in ("A2.b", "A4.b", "C1.f", "C2.a")} == {
        "A2.b": "Understanding Threat", "A4.b": "Secure Software Development and Support",
        "C1.f": "Understanding User's and System's Behaviour, and Threat Intelligence (within Security Monitoring)",
        "C2.a": "Threat Hunting"}
    assert "C2.b" not in caf.nodes and "Open Government Licence v3.0" in caf.licence
    cpg = REG.framework("cisa-cpg-2.0")
    assert (cpg.version, len(cpg.leaves), [o.id for o in cpg.outcomes]) == (
        "2.0", 34, ["GV", "ID", "PR", "DE", "RS", "RC"])
    assert "public domain" in cpg.licence
    assert REG.framework("ncsc-caf").version == "3.2" and REG.framework("cisa-cpg").version == "1.0.1"
