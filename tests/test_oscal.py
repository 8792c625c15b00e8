"""OSCAL exports validate against NIST's published OSCAL 1.0.6 JSON schemas, kept in
tests/data/oscal-schemas/ (public domain, NIST; see the README there)."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import regex
from click.testing import CliRunner
from jsonschema import validators

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.inputs.read import load_plan_config
from cyberplan.engine.inputs.resolve import load_inputs
from cyberplan.engine.plan import plan_portfolio
from cyberplan.engine.render import Output
from cyberplan.engine.render.oscal import assessment_results, poam, to_oscal
from cyberplan.engine.render.views.plan import plan_output
from cyberplan.engine.render.views.results import assessment_output
from cyberplan.plugins.manager import registry

MINI = Path(__file__).parent / "data" / "mini"
SCHEMAS = Path(__file__).parent / "data" / "oscal-schemas"


def _validator(name: str):
    # the OSCAL schemas use \p{L} and \p{N} in patterns, which Python's `re` cannot compile: the
    # `regex` package (a test dependency) can
    def pattern(validator, patrn, instance, schema):
        if validator.is_type(instance, "string") and not regex.search(patrn, instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {patrn!r}")
    schema = json.loads((SCHEMAS / name).read_text())
    cls = validators.extend(jsonschema.Draft7Validator, {"pattern": pattern})
    return cls(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def _errors(validator, doc) -> list[str]:
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message[:200]}" for e in validator.iter_errors(doc)]


@pytest.fixture(scope="module")
def mini():
    reg = registry()
    inputs = load_inputs(MINI / "answers.yaml", reg)
    result = assess(inputs.ruleset, inputs.assessment)
    config = load_plan_config(MINI / "plan.yaml")
    plan = plan_portfolio(inputs, result, config)
    return inputs, result, config, plan


def test_poam_validates_against_the_official_schema(mini):
    inputs, result, config, plan = mini
    v = _validator("oscal_poam_schema.json")
    out = plan_output(plan, inputs.framework)
    doc = json.loads(to_oscal(out))
    assert _errors(v, doc) == []
    # with the inputs known (names, assessment date) it still validates
    out.context = {"framework": inputs.framework, "assessment": inputs.assessment}
    rich = poam(out)
    assert _errors(v, rich) == []
    # and the validator does catch a broken document
    broken = copy.deepcopy(rich)
    broken["plan-of-action-and-milestones"]["poam-items"][0]["uuid"] = "not-a-uuid"
    del broken["plan-of-action-and-milestones"]["metadata"]["oscal-version"]
    assert len(_errors(v, broken)) >= 2


def test_poam_content_matches_the_plan(mini):
    inputs, result, config, plan = mini
    out = plan_output(plan, inputs.framework)
    out.context = {"framework": inputs.framework, "assessment": inputs.assessment}
    body = poam(out)["plan-of-action-and-milestones"]
    items = body["poam-items"]
    assert len(items) == len(plan.actions) + len(plan.unmet_targets)
    risks = {r["uuid"]: r for r in body["risks"]}
    for a, item in zip(plan.actions, items):
        assert a.control in item["title"]
        risk = risks[item["related-risks"][0]["risk-uuid"]]
        task = risk["remediations"][0]["tasks"][0]
        # quarters from 2027-01: period t starts on month 1 + 3t
        start_month = 1 + 3 * a.start
        y, m = 2027 + (start_month - 1) // 12, (start_month - 1) % 12 + 1
        assert task["timing"]["within-date-range"]["start"] == f"{y:04d}-{m:02d}-01T00:00:00Z"
        assert risk["remediations"][0]["lifecycle"] == "planned"
        props = {p["name"]: p["value"] for p in item["props"]}
        assert props["rank"] == str(a.rank) and props["control"] == a.control
    names = {p["name"] for p in body["metadata"]["parties"]}
    assert {"Ministry of Finance", "Water utility"} <= names
    assert body["metadata"]["last-modified"] == "2026-11-01T00:00:00Z"   # the assessment date, not the clock
    all_uuids = [v for v in _walk(body, "uuid")]
    assert len(all_uuids) == len(set(all_uuids))


def _walk(node, key):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            else:
                yield from _walk(v, key)
    elif isinstance(node, list):
        for x in node:
            yield from _walk(x, key)


def test_exports_are_reproducible(mini):
    inputs, result, config, plan = mini
    a = to_oscal(plan_output(plan, inputs.framework))
    b = to_oscal(plan_output(plan, inputs.framework))
    assert a == b
    assert to_oscal(assessment_output(result, inputs.framework)) == to_oscal(assessment_output(result, inputs.framework))


def test_assessment_results_validate_and_say_what_is_satisfied(mini):
    inputs, result, config, plan = mini
    v = _validator("oscal_assessment-results_schema.json")
    out = assessment_output(result, inputs.framework)
    doc = json.loads(to_oscal(out))
    assert _errors(v, doc) == []
    res = doc["assessment-results"]["results"][0]
    leaf_findings = [f for f in res["findings"] if f["target"]["type"] == "objective-id"]
    assert len(leaf_findings) == len(result.entities) * len(inputs.framework.leaves)
    # without targets the target is the top of the scale (3): only mof's PR-1 is there
    top = inputs.framework.max_level
    expected = sum(1 for e in result.entities for o in inputs.framework.leaves if e.levels[o] >= top)
    assert sum(f["target"]["status"]["state"] == "satisfied" for f in leaf_findings) == expected == 1
    # with the plan's targets (2 for mof, 3 for wat), mof's PR-1 (3) and PR-2 (2) are satisfied
    out.context = {"framework": inputs.framework, "assessment": inputs.assessment, "targets": config.targets}
    doc2 = assessment_results(out)
    assert _errors(v, doc2) == []
    sat = {f["title"] for f in doc2["assessment-results"]["results"][0]["findings"]
           if f["target"].get("status", {}).get("state") == "satisfied"}
    assert sat == {f"mof {o}" for o in inputs.framework.leaves if result.entity("mof").levels[o] >= 2}
    assert sat == {"mof PR-1", "mof PR-2"}
    obs = {o["title"]: o for o in res["observations"]}
    pr1 = obs["mof PR-1 level 3"]
    assert {"name": "decided-by", "value": "pr1-l3", "ns": "https://cyberplan.dev/ns/oscal"} in pr1["props"]
    # the ruleset's findings are exported too
    assert any("monitoring" in f["title"].lower() for f in res["findings"] if f["target"]["type"] == "statement-id")


def test_cli_oscal_for_plan_and_assess_and_refused_elsewhere(tmp_path):
    from cyberplan.cli import cli
    runner = CliRunner()
    r = runner.invoke(cli, ["plan", str(MINI / "answers.yaml"), "--config", str(MINI / "plan.yaml"), "-q",
                            "--format", "oscal", "-o", str(tmp_path / "poam.json")])
    assert r.exit_code == 0, r.output
    poam_doc = json.loads((tmp_path / "poam.json").read_text())
    assert "plan-of-action-and-milestones" in poam_doc
    r = runner.invoke(cli, ["assess", str(MINI / "answers.yaml"), "--format", "oscal"])
    assert r.exit_code == 0, r.output
    assert "assessment-results" in json.loads(r.stdout)
    r = runner.invoke(cli, ["gap", str(MINI / "answers.yaml"), "--format", "oscal"])
    assert r.exit_code == 2 and "does not apply" in r.output
    assert _errors(_validator("oscal_poam_schema.json"), poam_doc) == []


def test_infeasible_or_empty_plan_still_valid():
    v = _validator("oscal_poam_schema.json")
    data = {"framework": "x", "ruleset": "x/default", "status": "infeasible", "reason": "mandatory C-1 cannot fit",
            "objective": {"benefit": 0, "cost": 0, "unit": "level-periods"}, "actions": [], "spend": [],
            "unmet_targets": [], "maturity": {}, "config": {"start": "2027-01", "period": "quarter"}}
    doc = poam(Output("plan", data))
    assert _errors(v, doc) == []
    assert "mandatory C-1" in doc["plan-of-action-and-milestones"]["poam-items"][0]["description"]


def test_the_schemas_are_nists_oscal_1_0_6():
    # the copies in tests/data/oscal-schemas are the published ones, not something that passes anything
    for name, model, root in (("oscal_poam_schema.json", "poam", "plan-of-action-and-milestones"),
                              ("oscal_assessment-results_schema.json", "ar", "assessment-results")):
        schema = json.loads((SCHEMAS / name).read_text())
        assert schema["$id"] == f"http://csrc.nist.gov/ns/oscal/1.0.6/oscal-{model}-schema.json"
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
        assert schema["required"] == [root] and len(schema["definitions"]) > 50
