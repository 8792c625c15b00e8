"""The JSON Schemas of the input formats (issue 11): `cyberplan schema FORMAT` prints them,
docs/schemas/ holds them and can never go stale, every file we ship validates against its
schema, and the schema agrees with the model on the rules it restates.

Files are read as an editor's YAML language server reads them (YAML 1.2: only true/false are
booleans, a date is text), since that is what the schemas are for."""
from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from pydantic import ValidationError

from cyberplan.cli import cli
from cyberplan.engine.models.questions import QUESTION_TYPES
from cyberplan.engine.models.schemas import FORMATS, json_schema, schema_text

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "docs" / "schemas"
DATA = Path(__file__).parent / "data"


class _Yaml12(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML as editors read it: no timestamps, true/false the only booleans."""


_Yaml12.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
for _first in "tTfF":
    _Yaml12.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")))


def read_yaml(path: Path):
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Yaml12)


_VALIDATORS: dict[str, jsonschema.Draft202012Validator] = {}


def validator(name: str) -> jsonschema.Draft202012Validator:
    if name not in _VALIDATORS:
        schema = json.loads((SCHEMAS / f"{name}.json").read_text())
        _VALIDATORS[name] = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return _VALIDATORS[name]


def schema_errors(name: str, data) -> list[str]:
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(top)'}: {e.message[:300]}"
            for e in validator(name).iter_errors(data)]


# --------------------------------------------------------------------------- the committed copies

def test_docs_schemas_are_what_the_command_prints_today():
    committed = {p.stem for p in SCHEMAS.glob("*.json")}
    assert committed == set(FORMATS), "docs/schemas/ must hold exactly one schema per format: run `make schemas`"
    for name in FORMATS:
        assert (SCHEMAS / f"{name}.json").read_text(encoding="utf-8") == schema_text(name), (
            f"docs/schemas/{name}.json is stale: run `make schemas`")


def test_the_command_prints_and_writes_the_schemas(tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["schema", "plan"])
    assert res.exit_code == 0, res.output
    assert res.output == schema_text("plan")
    assert json.loads(res.output)["$id"] == FORMATS["plan"].schema_id
    res = runner.invoke(cli, ["schema", "answers", "-o", str(tmp_path / "a.json")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "a.json").read_text() == schema_text("answers")
    res = runner.invoke(cli, ["schema", "--output-dir", str(tmp_path / "all")])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == sorted(f"{n}.json" for n in FORMATS)
    # without a format: the list, every format named
    res = runner.invoke(cli, ["schema", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert [f["format"] for f in json.loads(res.output)["formats"]] == list(FORMATS)


def test_an_unknown_format_is_bad_input_with_a_hint():
    res = CliRunner().invoke(cli, ["schema", "framwork"])
    assert res.exit_code == 2
    assert "unknown format 'framwork'" in res.output and "did you mean 'framework'" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize("name", list(FORMATS))
def test_each_schema_is_a_good_schema_for_editors(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:cyberplan:schema:{name}"
    assert schema["title"] and len(schema["description"]) > 60
    assert schema["additionalProperties"] is False, "unknown keys are errors, in the editor as in the loader"
    # every key an author can write is explained where the editor shows it (the keys of the
    # file and of every model it holds; the constraints in if/then and the like declare none)
    models = {"(top)": schema, **schema.get("$defs", {})}
    missing = [f"{m}.{key}" for m, node in models.items() for key, prop in node.get("properties", {}).items()
               if not prop.get("description")]
    assert missing == []
    for def_name, d in schema.get("$defs", {}).items():
        assert d.get("description"), f"{name}: $defs/{def_name} has no description"
        assert "SPEC" not in json.dumps(d), f"{name}: $defs/{def_name} points to a SPEC the user does not have"


@pytest.mark.parametrize("name", ["framework", "questions"])
def test_the_question_types_are_a_oneof_with_its_discriminator(name):
    schema = json.loads((SCHEMAS / f"{name}.json").read_text())
    items = schema["properties"]["questions"]["items"]
    refs = {c["$ref"] for c in items["oneOf"]}
    assert items["discriminator"]["propertyName"] == "type"
    mapping = items["discriminator"]["mapping"]
    assert set(mapping) == set(QUESTION_TYPES)
    assert set(mapping.values()) == refs
    for type_name, ref in mapping.items():
        variant = schema["$defs"][ref.removeprefix("#/$defs/")]
        assert variant["properties"]["type"]["const"] == type_name
        assert "type" in variant["required"]


def test_conditions_have_no_discriminator_they_are_told_apart_by_their_keys():
    # all/any/not/question/entity/outcome: no one property names the variant, so none is claimed
    when = json.loads((SCHEMAS / "ruleset.json").read_text())["$defs"]["Rule"]["properties"]["when"]
    assert len(when["oneOf"]) == 6 and "discriminator" not in when


# --------------------------------------------------------------------------- what we ship validates

def shipped_files() -> list[tuple[str, Path]]:
    out = []
    for d in sorted((ROOT / "frameworks").iterdir()):
        if not (d / "framework.yaml").exists():
            continue
        out.append(("framework", d / "framework.yaml"))
        out += [(part, d / f"{part}.yaml") for part in ("questions", "controls") if (d / f"{part}.yaml").exists()]
        out += [("answers", p) for p in sorted(d.glob("*/answers.yaml"))]
        out += [("plan", p) for p in sorted(d.glob("*/plan.yaml"))]
        out += [("threats", p) for p in sorted(d.glob("threats*.yaml"))]
        out += [("mapping", p) for p in [d / "mappings.yaml", *sorted(d.glob("mappings/*.yaml"))] if p.exists()]
    out += [("ruleset", p) for p in sorted((ROOT / "rulesets").glob("*/*.yaml"))]
    # the contract's own example, nested `scale:` and all, and the re-plan's progress files
    out += [("framework", DATA / "spec" / "framework.yaml"), ("ruleset", DATA / "spec" / "ruleset.yaml"),
            ("answers", DATA / "spec" / "answers.yaml"), ("plan", DATA / "spec" / "plan.yaml"),
            ("threats", DATA / "threats" / "mini.yaml")]
    out += [("progress", p) for p in sorted((DATA / "replan").glob("progress-*.yaml"))]
    return out


def test_every_kind_of_shipped_file_is_checked():
    kinds = {k for k, _ in shipped_files()}
    assert kinds == set(FORMATS)
    frameworks = [p for k, p in shipped_files() if k == "framework" and "frameworks" in p.parts]
    assert len(frameworks) == len([d for d in (ROOT / "frameworks").iterdir() if (d / "framework.yaml").exists()])
    assert len(frameworks) >= 6


@pytest.mark.parametrize("kind,path", shipped_files(), ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path)
                         else v)
def test_shipped_files_validate_against_their_schema(kind, path):
    assert schema_errors(kind, read_yaml(path)) == []


def test_a_mistake_in_a_shipped_file_is_caught_by_its_schema():
    # the schemas are not vacuous: one slip in a real file, and the editor says where
    data = read_yaml(ROOT / "frameworks" / "nist-csf-2.0" / "questions.yaml")
    data["questions"][3]["optoins"] = data["questions"][3].pop("options")
    errors = schema_errors("questions", data)
    assert errors and all(e.startswith("questions/3") for e in errors)
    plan = read_yaml(ROOT / "frameworks" / "nist-csf-2.0" / "demo" / "plan.yaml")
    plan["objective"] = "max-profit"
    assert [e for e in schema_errors("plan", plan) if e.startswith("objective")]


# --------------------------------------------------------------------------- schema and model agree

def model_accepts(name: str, data) -> bool:
    try:
        FORMATS[name].model.model_validate(data)
    except ValidationError:
        return False
    return True


FW = {"id": "f", "title": "F", "levels": [{"value": 0, "name": "no"}, {"value": 1, "name": "yes"}],
      "outcomes": [{"id": "O", "title": "O"}]}


def q(**kw):
    return {"questions": [{"id": "O.q1", "outcome": "O", "text": "?", **kw}]}


def ctl(**kw):
    return {"controls": [{"id": "C", "title": "C", **kw}]}


def rules(*rs):
    return {"id": "f/r", "framework": "f", "rules": list(rs)}


def progress(**kw):
    return {"as_of": 1, "actions": [{"entity": "e", "control": "C", **kw}]}


# (format, data, valid?) at each rule a model checks across fields and its schema restates
AGREEMENT = [
    ("questions", q(type="scale", scale={"min": 0, "max": 4}), True),
    ("questions", q(type="scale", min=0, max=4), True),
    ("questions", q(type="scale", min=0, scale={"max": 4}), True),
    ("questions", q(type="scale"), False),
    ("questions", q(type="scale", min=0), False),
    ("questions", q(type="choice", options=["no", "yes"]), True),
    ("questions", q(type="choice"), False),
    ("questions", q(type="choice", options=["no", "no", "yes"]), False),
    ("questions", q(type="boolean", options=["no", "yes"]), False),
    ("questions", q(type="yesno"), False),
    ("questions", q(type="number", number={"min": 0, "max": 100, "unit": "%"}), True),
    ("controls", ctl(scope="shared", serves={"sector": ["energy"]}), True),
    ("controls", ctl(serves={"sector": ["energy"]}), False),
    ("controls", ctl(scope="entity", serves={"sector": ["energy"]}), False),
    ("controls", ctl(unknown=["cost"], effort=3), True),
    ("controls", ctl(unknown=["cost"], cost={"capex": 1}), False),
    ("controls", ctl(unknown=["duration"], duration=2), False),
    ("ruleset", rules({"id": "r", "outcome": "O", "level": 1, "when": {"question": "O.q1", "eq": True}}), True),
    ("ruleset", rules({"id": "r", "when": {"question": "O.q1", "eq": True}, "finding": {"text": "t"}}), True),
    ("ruleset", rules({"id": "r", "outcome": "O", "when": {"question": "O.q1", "eq": True}}), False),
    ("ruleset", rules({"id": "r", "level": 1, "when": {"question": "O.q1", "eq": True}, "finding": {"text": "t"}}),
     False),
    ("ruleset", rules({"id": "r", "when": {"question": "O.q1", "eq": True}}), False),
    ("ruleset", rules({"id": "r", "outcome": "O", "level": 1, "when": {"question": "O.q1", "eq": 1, "gt": 0}}), False),
    ("ruleset", rules({"id": "r", "outcome": "O", "level": 1, "when": {"question": "O.q1"}}), False),
    ("ruleset", rules({"id": "r", "outcome": "O", "level": 1,
                       "when": {"all": [{"entity": "sector", "in": ["energy"]}, {"not": {"outcome": "P", "lt": 2}}]}}),
     True),
    ("ruleset", rules({"id": "r", "outcome": "O", "level": 1, "when": {"all": []}}), False),
    ("ruleset", rules({"id": "r", "outcome": "O", "level": 1, "when": {"question": "O.q1", "entity": "x", "eq": 1}}),
     False),
    ("progress", progress(status="in_progress", complete=0.5), True),
    ("progress", progress(status="in_progress"), False),
    ("progress", progress(status="done", complete=0.5), False),
    ("progress", progress(status="done", finished="2027-Q1", spent=10), True),
    ("progress", progress(status="dropped", finished="2027-Q1"), False),
    ("progress", progress(status="not_started", remaining={"capex": 1}), False),
    ("progress", progress(status="in_progress", complete=1), False),
    ("plan", {"start": "2027-04"}, True),
    ("plan", {"start": "2027-13"}, False),
    ("plan", {"start": "2027-4"}, False),
    ("plan", {"objective": "max-npv", "priority": "criticality", "solver": {"method": "decompose"}}, True),
    ("plan", {"budget": {"per_period": [1, 2], "carry_over": True}}, True),
    ("plan", {"budget": {"per_period": -1}}, False),
    ("plan", {"budget": {"per_period": [1, -2]}}, False),
    ("plan", {"budget": {"total": -5}}, False),
    ("plan", {"budget": {"total": 0, "per_entity": 1}}, True),
    ("answers", {"framework": "f", "assessed": "2026-11-01", "entities": [{"id": "a", "impact_factor": 2}]}, True),
    ("answers", {"framework": "f", "entities": []}, False),
    ("answers", {"framework": "f", "entities": [{"id": "a", "criticality": 6}]}, False),
    ("threats", {"threats": [{"id": "t", "frequency": {"default": 1}, "impact": {"default": 1},
                              "mitigated_by": {"O": 1}, "impact_range": {"default": [1, 2]}}]}, True),
    ("threats", {"threats": [{"id": "t", "frequency": {"default": 1}, "impact": {"default": 1},
                              "mitigated_by": {"O": 1}, "impact_range": {"default": [1, 2, 3]}}]}, False),
    ("threats", {"threats": [{"id": "t", "frequency": {"default": -1}, "impact": {"default": 1},
                              "mitigated_by": {"O": 1}}]}, False),
    ("threats", {"threats": [{"id": "t", "frequency": {"default": 1}, "impact": {"default": 1},
                              "mitigated_by": {"O": 1}, "frequency_range": {"default": [-1, 2]}}]}, False),
    ("mapping", {"id": "m", "from": "a", "to": "b", "mappings": [{"from": "x", "to": "y", "strength": 8}]}, True),
    ("mapping", {"id": "m", "from": "a", "to": "b", "mappings": [{"from": "x", "to": "y", "relationship": "same"}]},
     False),
]


@pytest.mark.parametrize("name,data,valid", AGREEMENT)
def test_schema_and_model_agree(name, data, valid):
    if name in ("questions", "controls"):
        # a split file's items are the framework's: the model that checks them is Framework's too
        assert model_accepts("framework", {**FW, **data}) is valid
        assert (schema_errors("framework", {**FW, **data}) == []) is valid
    assert model_accepts(name, data) is valid
    assert (schema_errors(name, data) == []) is valid, schema_errors(name, data)


def test_schema_generation_raises_no_warnings(recwarn):
    for name in FORMATS:
        json_schema(name)
    assert [str(w.message) for w in recwarn] == []
