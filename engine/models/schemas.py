"""The JSON Schema of every input format, for editors and for `cyberplan schema FORMAT`.

The schemas are generated from the models, never written by hand, so they say what the loader
accepts: the field descriptions are the models' own, a question's `type` picks its variant (a
`oneOf` with its discriminator), and the few rules the models check across fields that a schema
can state (one comparison per condition leaf, a scale question's bounds, ...) are stated next to
those checks in the models (`json_schema_extra`). What a schema cannot say (a question on an
unknown outcome, a budget list as long as the horizon) the loader still checks, with the file and
line. docs/schemas/ holds the committed copies; docs/formats.md says how editors use them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

from cyberplan.engine.errors import InputError, did_you_mean

from .assessment import Assessment
from .framework import ControlsFile, Framework, QuestionsFile
from .mapping import MappingSet
from .plan_config import PlanConfig
from .progress import Progress
from .ruleset import Ruleset
from .threats import ThreatProfile

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# A name, not a place: the schemas are files in docs/schemas/ or what `cyberplan schema` prints,
# and no web address of the project is promised.
ID_PREFIX = "urn:cyberplan:schema:"


@dataclass(frozen=True)
class Format:
    name: str
    model: type[BaseModel]
    title: str
    description: str
    file: str          # the usual file name, as the docs and the built-in content use it
    section: str       # its section in docs/formats.md

    @property
    def schema_id(self) -> str:
        return ID_PREFIX + self.name


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("framework", Framework, "cyberplan framework (framework.yaml)",
           "A good-practice framework as cyberplan reads it: the maturity scale (`levels`), the outcome tree "
           "(`outcomes`), the questionnaire (`questions`) and the catalogue of controls a plan chooses from "
           "(`controls`). In a framework's folder the questions and controls may sit apart, in questions.yaml "
           "and controls.yaml (the `questions` and `controls` formats). See docs/formats.md section 3.1.",
           "framework.yaml", "3.1"),
    Format("questions", QuestionsFile, "cyberplan framework questionnaire (questions.yaml)",
           "The questions of a framework kept in their own file, questions.yaml, beside framework.yaml in the "
           "framework's folder; they are read as if they were the framework's `questions`. See docs/formats.md "
           "section 3.1.",
           "questions.yaml", "3.1"),
    Format("controls", ControlsFile, "cyberplan framework control catalogue (controls.yaml)",
           "The controls of a framework kept in their own file, controls.yaml, beside framework.yaml in the "
           "framework's folder; they are read as if they were the framework's `controls`. See docs/formats.md "
           "section 3.1.",
           "controls.yaml", "3.1"),
    Format("ruleset", Ruleset, "cyberplan ruleset",
           "The rules that turn a framework's answers into a maturity level per outcome (and findings), with "
           "examples `cyberplan rules test` runs. Rules are data: condition trees of all, any, not and "
           "comparisons, never code. See docs/formats.md section 3.2.",
           "rulesets/<framework>/<name>.yaml", "3.2"),
    Format("answers", Assessment, "cyberplan answers file (an assessment)",
           "The answers of each organisation (entity) assessed against a framework, with the attributes rules, "
           "threat profiles and shared controls read (sector, criticality, size). See docs/formats.md "
           "section 3.3.",
           "answers.yaml", "3.3"),
    Format("threats", ThreatProfile, "cyberplan threat profile",
           "How often each threat strikes an entity of each sector, what an incident costs, and which outcomes "
           "mitigate it: turned into money at risk per entity and outcome. See docs/formats.md section 3.4.",
           "threats.yaml", "3.4"),
    Format("plan", PlanConfig, "cyberplan plan configuration",
           "What a plan may do: its periods, budget, staff capacity, target levels, objective, mandatory "
           "controls, solver settings and the appraisal of its business case. See docs/formats.md section 3.5.",
           "plan.yaml", "3.5"),
    Format("progress", Progress, "cyberplan progress file",
           "What has been done of a plan as of a period: actions done, under way or dropped, and the money "
           "actually spent; read by `cyberplan track` and `cyberplan plan --progress`. See docs/formats.md "
           "section 3.6.",
           "progress.yaml", "3.6"),
    Format("mapping", MappingSet, "cyberplan mapping set",
           "How the outcomes of one framework relate to those of another (equal, subset, superset, intersect), "
           "so an assessment can be read against the other framework (`assess --against`). See "
           "docs/formats.md section 3.7.",
           "mappings.yaml", "3.7"),
)}


class _Generator(GenerateJsonSchema):
    def field_title_should_be_set(self, schema: Any) -> bool:
        # a field's title would only repeat its key ("Id" for `id`); editors show the description
        return False


def json_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the input format `name` (one of `FORMATS`)."""
    fmt = FORMATS.get(name)
    if fmt is None:
        raise InputError(f"unknown format {name!r}; the formats are: {', '.join(FORMATS)}", path="FORMAT",
                         hint=did_you_mean(name, FORMATS))
    body = fmt.model.model_json_schema(by_alias=True, mode="validation", schema_generator=_Generator)
    _add_discriminators(body, body.get("$defs", {}))
    body.pop("title", None)
    body.pop("description", None)
    defs = body.pop("$defs", None)
    head = {"$schema": DIALECT, "$id": fmt.schema_id, "title": fmt.title, "description": fmt.description}
    # the file's own keys first, the definitions they refer to last: the order a reader wants
    return {**head, **body, **({"$defs": defs} if defs else {})}


def schema_text(name: str) -> str:
    """The schema as the command prints it and docs/schemas/ holds it."""
    return json.dumps(json_schema(name), indent=2, ensure_ascii=False) + "\n"


def _add_discriminators(node: Any, defs: dict[str, Any]) -> None:
    """Say which property picks the variant of a `oneOf` whose variants each fix a required
    property to a constant of their own (a question's `type`), as OpenAPI's `discriminator` does;
    editors then complete and check the variant the file names instead of trying each."""
    if isinstance(node, dict):
        if "oneOf" in node and "discriminator" not in node:
            found = _discriminator(node["oneOf"], defs)
            if found is not None:
                node["discriminator"] = found
        for value in node.values():
            _add_discriminators(value, defs)
    elif isinstance(node, list):
        for value in node:
            _add_discriminators(value, defs)


def _discriminator(choices: list[Any], defs: dict[str, Any]) -> dict[str, Any] | None:
    targets = []
    for choice in choices:
        ref = choice.get("$ref", "") if isinstance(choice, dict) else ""
        target = defs.get(ref.removeprefix("#/$defs/")) if ref.startswith("#/$defs/") else None
        if target is None:
            return None
        targets.append((ref, target))
    for prop in targets[0][1].get("properties", {}):
        mapping: dict[str, str] = {}
        for ref, target in targets:
            value = target.get("properties", {}).get(prop, {}).get("const")
            if not isinstance(value, str) or prop not in target.get("required", []) or value in mapping:
                break
            mapping[value] = ref
        else:
            return {"propertyName": prop, "mapping": mapping}
    return None
