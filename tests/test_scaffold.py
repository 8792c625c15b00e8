"""`cyberplan new framework` and `cyberplan new ruleset` (issue 6): what they write is valid,
clean under `rules check --strict`, passes its own tests, and is wired as a plugin. (The real
`pip install -e` of a scaffold is in tests/test_docs.py.)"""
from __future__ import annotations

import importlib.util
import os
import tomllib
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cyberplan.cli import cli

HERE = Path(__file__).resolve().parent
MINI = HERE / "data" / "mini"


def invoke(args, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=True)
    finally:
        os.chdir(old)


@pytest.fixture
def scaffold(tmp_path):
    r = invoke(["new", "framework", "zz-test-fw"], tmp_path)
    assert r.exit_code == 0, r.output
    return tmp_path / "zz-test-fw"


def _plugin_registry(root: Path):
    """A registry with the scaffold's plugin module registered (as its entry point would)."""
    from cyberplan.plugins.manager import make_manager, registry
    spec = importlib.util.spec_from_file_location("cyberplan_zz_test_fw.plugin",
                                                  root / "cyberplan_zz_test_fw" / "plugin.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return registry(make_manager(entry_points=False, extra=[mod]))


def test_package_layout_and_entry_point(scaffold):
    meta = tomllib.loads((scaffold / "pyproject.toml").read_text())
    assert meta["project"]["name"] == "cyberplan-zz-test-fw"
    assert meta["project"]["entry-points"]["cyberplan"] == {"zz-test-fw": "cyberplan_zz_test_fw.plugin"}
    assert meta["build-system"]["build-backend"] == "setuptools.build_meta"
    data = meta["tool"]["setuptools"]["package-data"]["cyberplan_zz_test_fw"]
    assert "framework/*.yaml" in data and "rulesets/*.yaml" in data
    for f in ("cyberplan_zz_test_fw/__init__.py", "cyberplan_zz_test_fw/plugin.py",
              "cyberplan_zz_test_fw/framework/framework.yaml", "cyberplan_zz_test_fw/rulesets/default.yaml",
              "cyberplan_zz_test_fw/example/answers.yaml", "cyberplan_zz_test_fw/example/plan.yaml",
              "tests/test_cyberplan_zz_test_fw.py", "README.md"):
        assert (scaffold / f).is_file(), f
    assert "@hookimpl" in (scaffold / "cyberplan_zz_test_fw" / "plugin.py").read_text()


def test_scaffold_registers_checks_clean_and_passes_its_tests(scaffold):
    from cyberplan.engine.rules.authoring import check_ruleset, run_ruleset_tests
    reg = _plugin_registry(scaffold)
    assert reg.frameworks["zz-test-fw"].plugin and "zz-test-fw/default" in reg.rulesets
    fw = reg.framework("zz-test-fw")
    assert len(fw.leaves) >= 3 and len(fw.questions) >= 6 and len(fw.controls) >= 4
    assert any(c.scope == "shared" for c in fw.controls)
    rep = check_ruleset("zz-test-fw/default", reg)
    assert not rep.errors and not rep.warnings, rep.text()
    results = run_ruleset_tests(reg.ruleset("zz-test-fw/default", fw))
    assert len(results) >= 5 and all(r.passed for r in results), [r.details for r in results]


def test_scaffold_example_assesses_and_plans(scaffold):
    from cyberplan.engine.assess.levels import assess
    from cyberplan.engine.inputs.read import load_plan_config
    from cyberplan.engine.inputs.resolve import load_inputs
    from cyberplan.engine.plan import plan_portfolio
    reg = _plugin_registry(scaffold)
    ex = scaffold / "cyberplan_zz_test_fw" / "example"
    inputs = load_inputs(ex / "answers.yaml", reg)
    result = assess(inputs.ruleset, inputs.assessment)
    assert result.entity("ministry").levels["PR-1"] == 1
    assert [f.rule for f in result.entity("water").findings] == ["cni-without-monitoring"]
    assert result.entity("ministry").findings == []
    plan = plan_portfolio(inputs, result, load_plan_config(ex / "plan.yaml"))
    assert plan.status in ("optimal", "feasible") and plan.actions


def test_new_framework_refuses_bad_names_and_existing_folders(tmp_path):
    r = invoke(["new", "framework", "Bad Name"], tmp_path)
    assert r.exit_code == 2 and "lower-case" in r.output
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine")
    r = invoke(["new", "framework", "taken"], tmp_path)
    assert r.exit_code == 2 and "not empty" in r.output
    assert (tmp_path / "taken" / "keep.txt").read_text() == "mine"
    r = invoke(["new", "framework", "other", "-o", tmp_path / "elsewhere"], tmp_path)
    assert r.exit_code == 0 and (tmp_path / "elsewhere" / "pyproject.toml").exists()


def test_new_ruleset_follows_the_convention(tmp_path):
    from cyberplan.engine.rules.authoring import check_ruleset, run_ruleset_tests
    from cyberplan.plugins.manager import registry
    r = invoke(["new", "ruleset", "mine", "--framework", MINI / "framework.yaml"], tmp_path)
    assert r.exit_code == 0, r.output
    data = yaml.safe_load((tmp_path / "mine.yaml").read_text())
    assert data["id"] == "mini/mine" and data["framework"] == "mini"
    rules = {x["id"]: x for x in data["rules"]}
    assert rules["pr-1-l1"]["when"] == {"question": "PR-1.q1", "gte": "largely"}
    assert rules["pr-1-l2"]["when"] == {"question": "PR-1.q2", "eq": True}
    assert rules["pr-2-l2"]["when"] == {"question": "PR-2.q2", "gte": 3}      # scale 0-4: max - 1
    reg = registry()
    rep = check_ruleset(str(tmp_path / "mine.yaml"), reg, framework=str(MINI / "framework.yaml"))
    assert not rep.errors, rep.text()
    fw = reg.framework(str(MINI / "framework.yaml"))
    results = run_ruleset_tests(reg.ruleset(str(tmp_path / "mine.yaml"), fw))
    assert len(results) == 9 and all(x.passed for x in results)
    r = invoke(["new", "ruleset", "mine", "--framework", MINI / "framework.yaml"], tmp_path)
    assert r.exit_code == 2 and "already exists" in r.output


@pytest.mark.parametrize("framework", ["nist-csf-2.0", "essential-eight", "ncsc-caf", "cisa-cpg"])
def test_new_ruleset_for_builtin_frameworks(tmp_path, framework):
    r = invoke(["new", "ruleset", "trial", "--framework", framework], tmp_path)
    assert r.exit_code == 0, r.output
    r = invoke(["rules", "check", "trial.yaml"], tmp_path)
    assert r.exit_code == 0 and " 0 errors" in r.stdout, r.stdout
    r = invoke(["rules", "test", "trial.yaml"], tmp_path)
    assert r.exit_code == 0, r.stdout


def test_new_ruleset_extends(tmp_path):
    r = invoke(["new", "ruleset", "cni", "--framework", "nist-csf-2.0", "--extends", "nist-csf-2.0/default",
                "-o", tmp_path / "cni.yaml"], tmp_path)
    assert r.exit_code == 0, r.output
    data = yaml.safe_load((tmp_path / "cni.yaml").read_text())
    assert data["extends"] == "nist-csf-2.0/default" and data["rules"] == []
    r = invoke(["rules", "test", "cni.yaml", "--own"], tmp_path)
    assert r.exit_code == 0 and "1 passed, 0 failed" in r.stdout, r.stdout
    r = invoke(["new", "ruleset", "x", "--framework", "nist-csf-2.0", "--extends", "essential-eight/default"],
               tmp_path)
    assert r.exit_code == 2 and "essential-eight" in r.output
