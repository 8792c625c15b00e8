"""`cyberplan rules check` and `cyberplan rules test` (issue 6).

The broken-ruleset corpus in tests/data/broken/ holds one planted mistake per folder; the check
must find each with its place (file:line and key path), say how to fix it, and report nothing
else. The test runner must go through durable-rules and show what a failing test expected, got,
and why (the rule trace).
"""
from __future__ import annotations

import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cyberplan.cli import cli

HERE = Path(__file__).resolve().parent
BROKEN = HERE / "data" / "broken"
MINI = HERE / "data" / "mini"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "case.yaml").exists())


def invoke(args, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    finally:
        os.chdir(old)


def lines_of(result, prefix):
    return [ln for ln in (result.stdout + result.stderr).splitlines() if ln.startswith(prefix)]


# --------------------------------------------------------------------------- rules check

def test_corpus_is_there():
    assert len(CASES) >= 25
    kinds = " ".join(CASES)
    for must in ("unknown-question", "option-not-in-list", "scale-gte-above-max", "boolean-vs-string",
                 "misnumbered-level", "leaf-without-rules", "question-no-rule-reads", "shadowed-by-extends",
                 "catalogue-cannot-reach", "gt-top-option", "lt-bottom-option"):
        assert must in kinds


def test_base_is_clean():
    r = invoke(["rules", "check", "ruleset.yaml", "--framework", "framework.yaml", "--strict"], BROKEN / "base")
    assert r.exit_code == 0, r.output
    assert "0 errors, 0 warnings" in r.output
    r = invoke(["rules", "test", "ruleset.yaml", "--framework", "framework.yaml"], BROKEN / "base")
    assert r.exit_code == 0 and "2 passed, 0 failed" in r.output, r.output


@pytest.mark.parametrize("name", CASES)
def test_check_finds_the_planted_mistake(name):
    case = yaml.safe_load((BROKEN / name / "case.yaml").read_text())
    r = invoke(case["args"], BROKEN / name)
    text = r.stdout + r.stderr
    assert r.exception is None or isinstance(r.exception, SystemExit), text
    assert "Traceback" not in text
    assert r.exit_code == case["status"], text
    for want in case["expect"]:
        assert want in text, f"{want!r} not in:\n{text}"
    assert len(lines_of(r, "error:")) == case["errors"], text
    assert len(lines_of(r, "warning:")) == case["warnings"], text
    # every problem names a place: a line, or at least the file
    for ln in lines_of(r, "error:") + lines_of(r, "warning:"):
        assert "ruleset.yaml" in ln or ".yaml" in ln, ln


def test_warnings_exit_0_without_strict():
    r = invoke(["rules", "check", "ruleset.yaml", "--framework", "../base/framework.yaml"],
               BROKEN / "misnumbered-level")
    assert r.exit_code == 0 and len(lines_of(r, "warning:")) == 1, r.output


def test_every_problem_has_a_fix_hint():
    for name in ("unknown-question", "scale-gte-above-max", "gt-top-option", "misnumbered-level",
                 "catalogue-cannot-reach", "question-no-rule-reads"):
        case = yaml.safe_load((BROKEN / name / "case.yaml").read_text())
        r = invoke(case["args"], BROKEN / name)
        problems = lines_of(r, "error:") + lines_of(r, "warning:")
        assert r.output.count("\n    fix: ") == len(problems), r.output


def test_builtin_rulesets_have_no_errors():
    from cyberplan.engine.rules.authoring import check_ruleset
    from cyberplan.plugins.manager import registry
    reg = registry()
    ids = sorted(reg.rulesets)
    assert "nist-csf-2.0/cni-regulator" in ids
    for rid in ids:
        rep = check_ruleset(rid, reg)
        assert not rep.errors, (rid, [str(p) for p in rep.errors])


def test_check_is_fast_on_csf():
    from cyberplan.engine.rules.authoring import check_ruleset
    from cyberplan.plugins.manager import registry
    t0 = time.perf_counter()
    rep = check_ruleset("nist-csf-2.0/default", registry())
    elapsed = time.perf_counter() - t0
    assert rep.rules >= 424 and not rep.errors
    assert elapsed < 8, f"rules check took {elapsed:.1f}s on CSF"


def test_cni_regulator_check_reports_its_two_overrides():
    from cyberplan.engine.rules.authoring import check_ruleset
    from cyberplan.plugins.manager import registry
    rep = check_ruleset("nist-csf-2.0/cni-regulator", registry())
    assert not rep.errors
    shadow = [p for p in rep.warnings if "replaces the rule of the same id" in p.message]
    assert sorted(p.message.split("'")[1] for p in shadow) == ["de-cm-01-l2", "pr-ds-11-l2"]
    assert all(p.file.endswith("cni-regulator.yaml") and p.line for p in shadow)


def test_can_hold_is_exact():
    from cyberplan.engine.inputs.read import load_framework
    from cyberplan.engine.models import Rule
    from cyberplan.engine.rules.lint import can_hold
    fw = load_framework(BROKEN / "base" / "framework.yaml")

    def rule(when):
        return Rule.model_validate({"id": "r", "outcome": "PR-1", "level": 1, "when": when}).when
    q = "PR-1.q1"
    assert can_hold(rule({"question": q, "gte": "largely"}), fw) is True
    assert can_hold(rule({"all": [{"question": q, "gte": "largely"}, {"question": q, "lt": "largely"}]}), fw) is False
    assert can_hold(rule({"all": [{"question": q, "gte": "largely"}, {"question": q, "lte": "largely"}]}), fw) is True
    # numbers: only 90 < x < 91 satisfies both, and that range is not empty
    n = "PR-1.q3"
    assert can_hold(rule({"all": [{"question": n, "gt": 90}, {"question": n, "lt": 91}]}), fw) is True
    assert can_hold(rule({"all": [{"question": n, "gt": 90}, {"question": n, "lte": 90}]}), fw) is False
    assert can_hold(rule({"all": [{"question": "PR-1.q2", "eq": True}, {"not": {"question": "PR-1.q2", "eq": True}}]}),
                    fw) is False
    # an entity attribute cannot be two sectors at once, but `in` of either can hold
    assert can_hold(rule({"all": [{"entity": "sector", "eq": "water"}, {"entity": "sector", "eq": "energy"}]}),
                    fw) is False
    assert can_hold(rule({"all": [{"entity": "sector", "in": ["water", "energy"]}, {"entity": "sector", "ne": "water"}]}),
                    fw) is True
    assert can_hold(rule({"all": [{"outcome": "PR-2", "gte": 2}, {"outcome": "PR-2", "lt": 2}]}), fw) is False


# --------------------------------------------------------------------------- rules test

FAILING = """id: mini/failing
framework: mini
extends: {base}
rules: []
tests:
  - name: MFA everywhere reaches level 2
    answers: {{PR-1.q1: fully, PR-1.q2: true}}
    expect: {{PR-1: 2}}
  - name: wrong expectation
    answers: {{PR-1.q1: fully, PR-1.q2: false}}
    expect: {{PR-1: 2, PR-2: 0}}
"""


@pytest.fixture
def failing(tmp_path):
    p = tmp_path / "failing.yaml"
    p.write_text(FAILING.format(base=MINI / "ruleset.yaml"))
    return p


def test_rules_test_reports_failures_with_trace(failing, tmp_path):
    junit = tmp_path / "out" / "junit.xml"
    junit.parent.mkdir()
    r = invoke(["rules", "test", failing, "--framework", MINI / "framework.yaml", "--junit", junit], tmp_path)
    out = r.stdout
    assert r.exit_code == 1, out
    assert "PASS MFA everywhere reaches level 2" in out
    assert "FAIL wrong expectation" in out
    assert "PR-1: expected level 2, got 1 (decided by pr1-l1)" in out
    assert "expected: PR-1=2, PR-2=0   actual: PR-1=1, PR-2=0" in out
    # the rule trace: every rule of PR-1, each condition with the answer it saw
    assert "level 2 rule pr1-l2: does not hold" in out
    assert "question PR-1.q2 = True  (saw False) [no]" in out
    assert "level 1 rule pr1-l1: holds" in out
    # the inherited test of mini/default runs too and is marked as such
    assert "[from mini/default]" in out
    assert out.strip().splitlines()[-1] == "2 passed, 1 failed"
    suite = ET.parse(junit).getroot()
    assert suite.get("tests") == "3" and suite.get("failures") == "1"
    failed = [tc for tc in suite.iter("testcase") if tc.find("failure") is not None]
    assert [tc.get("name") for tc in failed] == ["wrong expectation"]
    assert "expected level 2, got 1" in failed[0].find("failure").get("message")
    assert "rule trace" in failed[0].find("failure").text


def test_rules_test_own_only(failing, tmp_path):
    r = invoke(["rules", "test", failing, "--framework", MINI / "framework.yaml", "--own"], tmp_path)
    assert r.exit_code == 1
    assert r.stdout.strip().splitlines()[-1] == "1 passed, 1 failed"


def test_rules_test_passes_exit_0(tmp_path):
    r = invoke(["rules", "test", MINI / "ruleset.yaml", "--framework", MINI / "framework.yaml"], tmp_path)
    assert r.exit_code == 0 and r.stdout.strip().endswith("1 passed, 0 failed"), r.stdout


def test_rules_test_runs_durable_rules(monkeypatch):
    """The verdicts come from durable-rules: break its evaluation and the tests fail."""
    from cyberplan.engine.rules import durable as rules_mod
    from cyberplan.engine.rules.authoring import run_ruleset_tests
    from cyberplan.plugins.manager import registry
    reg = registry()
    fw = reg.framework(str(MINI / "framework.yaml"))
    rs = reg.ruleset(str(MINI / "ruleset.yaml"), fw)
    assert all(r.passed for r in run_ruleset_tests(rs))
    real = rules_mod.DurableRuleset.evaluate

    def broken(self, codes, entity=None):
        levels, decided, findings, held = real(self, codes, entity)
        return {k: 0 for k in levels}, {}, findings, held
    monkeypatch.setattr(rules_mod.DurableRuleset, "evaluate", broken)
    res = run_ruleset_tests(rs)
    assert not res[0].passed
    assert any("reference evaluator gives 2" in d for d in res[0].details)


def test_bad_test_entity_is_reported_not_raised(tmp_path):
    p = tmp_path / "rs.yaml"
    p.write_text(FAILING.format(base=MINI / "ruleset.yaml").replace(
        "  - name: wrong expectation\n", "  - name: wrong expectation\n    entity: {criticality: 9}\n"))
    r = invoke(["rules", "test", p, "--framework", MINI / "framework.yaml"], tmp_path)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "bad test entity" in r.stdout and "criticality" in r.stdout


# --------------------------------------------------------------------------- the CNI regulator ruleset

def test_cni_regulator_tests_pass_and_skip_what_it_redefines():
    from cyberplan.engine.rules.authoring import run_ruleset_tests
    from cyberplan.plugins.manager import registry
    reg = registry()
    fw = reg.framework("nist-csf-2.0")
    rs = reg.ruleset("nist-csf-2.0/cni-regulator", fw)
    assert [r.id for r in rs.chain] == ["nist-csf-2.0/default", "nist-csf-2.0/cni-regulator"]
    results = run_ruleset_tests(rs)
    assert all(r.passed for r in results), [(r.name, r.details) for r in results if not r.passed]
    own = [r for r in results if r.source == "nist-csf-2.0/cni-regulator"]
    assert len(own) >= 10
    inherited = {r.name: r for r in results if r.source == "nist-csf-2.0/default"}
    # the default's DE.CM-01 level-2 test no longer applies (sector unknown => CNI rule): skipped
    t = inherited["DE.CM-01: q1 and q2 met but q3 not is level 2 (q4 does not count without q3)"]
    assert t.skipped == ["DE.CM-01"] and t.passed
    # an outcome the child leaves alone is still tested
    t = inherited["PR.AA-03: all four met is level 4"]
    assert not t.skipped and t.actual == {"PR.AA-03": 4}


@pytest.mark.parametrize("sector,answers,default_level,cni_level", [
    ("energy", {"DE.CM-01.q1": "fully", "DE.CM-01.q2": "fully"}, 2, 1),
    ("energy", {"DE.CM-01.q1": "fully", "DE.CM-01.q2": "fully", "DE.CM-03.q2": "largely"}, 2, 2),
    ("water", {"DE.CM-01.q1": "fully", "DE.CM-01.q2": "largely", "DE.CM-03.q2": "partially"}, 2, 1),
    ("government", {"DE.CM-01.q1": "fully", "DE.CM-01.q2": "largely"}, 2, 2),
    ("telecoms", {"DE.CM-01.q1": "fully", "DE.CM-01.q2": "largely"}, 2, 2),
])
def test_cni_regulator_is_stricter_for_energy_and_water(sector, answers, default_level, cni_level):
    """Assessed by durable-rules (assess) and by the reference evaluator: both agree."""
    from cyberplan.engine.assess.levels import assess
    from cyberplan.engine.models import Assessment
    from cyberplan.engine.rules.reference import assess_entity
    from cyberplan.plugins.manager import registry
    reg = registry()
    fw = reg.framework("nist-csf-2.0")
    a = Assessment(framework="nist-csf-2.0", entities=[{"id": "e", "sector": sector, "answers": answers}])
    for rid, want in (("nist-csf-2.0/default", default_level), ("nist-csf-2.0/cni-regulator", cni_level)):
        rs = reg.ruleset(rid, fw)
        got = assess(rs, a).entity("e").levels["DE.CM-01"]
        assert got == want, (rid, got)
        assert assess_entity(rs, answers, a.entities[0]).levels["DE.CM-01"] == want
