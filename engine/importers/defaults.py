"""What an import decides the same way whatever the source: the default scale, graded questions,
the default ruleset and its tests, placeholder controls, and the example answers and plan.

How a question evidences its leaf outcome (`Evidence.kind`) decides its rules:

- `graded`: a choice whose options are the framework's levels, worst first (the question an
  import writes when the source has no questionnaire of its own). Level k of the leaf holds when
  every graded question of it is answered at option k or better.
- `level`: the built-ins' convention (SPEC §3.2): a question with `level: k` evidences level k and
  is met at its best options; level k holds when all its level-k questions are met (used when a
  library's implementation groups are maturity levels). A level that asks nothing new (no
  question of its own) holds on the conditions of the level below.
- `pass`: a question of the library's own questionnaire, whose choices say which answers are
  compliant (`met`) and partly compliant (`partial`). The top level holds when every such question
  is met; the levels below it when every one is at least partly met.

A question with `depends_on` that is not asked (its condition does not hold) counts as met.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from cyberplan.engine.models import Framework

# the scale stated for a library that defines neither scores nor maturity groups
DEFAULT_SCALE = ("Not implemented", "Partially implemented", "Largely implemented", "Fully implemented")
LEVEL_OPTIONS = ("no", "partially", "largely", "fully")   # a `level` question's answers, as the built-ins'


@dataclass
class Evidence:
    kind: Literal["graded", "level", "pass"]
    met: list[Any] = field(default_factory=list)       # pass: the compliant answers
    partial: list[Any] = field(default_factory=list)   # pass: the partly compliant answers


@dataclass
class Draft:
    """An imported framework before it is written: the framework, how each question evidences its
    leaf, mapping sets, and what the import had to decide or leave out (said to the user)."""
    framework: Framework
    evidence: dict[str, Evidence]
    mappings: list = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def framework_id(text: str) -> str:
    """A lower-case framework id from a library's name or id."""
    s = re.sub(r"[^a-z0-9._-]+", "-", text.lower()).strip("-._")
    return s or "imported"


def graded_question(qid: str, leaf: str, text: str, levels: list[dict], help: str | None = None,
                    translations: dict | None = None) -> dict:
    q: dict[str, Any] = {"id": qid, "outcome": leaf, "type": "choice", "text": text,
                         "options": [lv["name"] for lv in levels]}
    if help:
        q["help"] = help
    if translations:
        q["translations"] = translations
    return q


def unique(ids: list[str]) -> list[str]:
    """The ids made unique by a numeric suffix on repeats (`x`, `x-2`, ...)."""
    seen: dict[str, int] = {}
    out = []
    for i in ids:
        n = seen.get(i, 0) + 1
        seen[i] = n
        out.append(i if n == 1 else f"{i}-{n}")
    return out


# --------------------------------------------------------------------------- the default ruleset

def _condition(fw: Framework, qid: str, ev: Evidence, k: int) -> dict | None:
    """The condition question `qid` puts on level k of its leaf (None: it says nothing about k)."""
    q = fw.question[qid]
    top = fw.max_level
    if ev.kind == "graded":
        cond: dict = {"question": qid, "gte": q.options[k]}
    elif ev.kind == "level":
        if q.level != k:
            return None
        cond = q.met_condition()
    else:
        cond = {"question": qid, "in": list(ev.met) if k == top else list(ev.partial) + list(ev.met)}
    if q.depends_on is not None:
        cond = {"any": [{"not": {"question": q.depends_on.question, "in": list(q.depends_on.answers)}}, cond]}
    return cond


def default_rules(fw: Framework, evidence: dict[str, Evidence]) -> list[dict]:
    by_leaf: dict[str, list[str]] = {}
    for q in fw.questions:
        by_leaf.setdefault(q.outcome, []).append(q.id)
    rules = []
    ids = iter(unique([f"{slug(leaf)}-l{k}" for leaf in fw.leaves for k in range(1, fw.max_level + 1)]))
    for leaf in fw.leaves:
        stopped = False
        previous: list[dict] = []
        for k in range(1, fw.max_level + 1):
            rid = next(ids)
            if stopped:
                continue
            conds = [c for qid in by_leaf.get(leaf, []) if (c := _condition(fw, qid, evidence[qid], k)) is not None]
            if not conds and previous:
                conds = previous    # a maturity level that asks nothing new holds with the one below
            if not conds:
                stopped = True      # a level counts only when all below it do
                continue
            previous = conds
            rules.append({"id": rid, "outcome": leaf, "level": k,
                          "when": conds[0] if len(conds) == 1 else {"all": conds}})
    return rules


def best_answer(fw: Framework, qid: str, ev: Evidence) -> Any:
    q = fw.question[qid]
    if ev.kind == "pass" and q.type_name == "choice":
        return next(o for o in reversed(q.options) if o in ev.met)
    return q.best_answer()


def worst_answer(fw: Framework, qid: str, ev: Evidence) -> Any:
    q = fw.question[qid]
    if ev.kind == "pass" and q.type_name == "choice":
        return next((o for o in q.options if o not in ev.met and o not in ev.partial), q.options[0])
    if q.type_name == "boolean":
        return False
    if q.type_name == "choice":
        return q.options[0]
    return q.min if q.min is not None else 0


def middle_answer(fw: Framework, qid: str, ev: Evidence) -> Any:
    q = fw.question[qid]
    if ev.kind == "pass":
        return ev.partial[0] if ev.partial else worst_answer(fw, qid, ev)
    if q.type_name == "choice":
        return q.options[len(q.options) // 2 - (1 if ev.kind == "level" else 0)]
    return worst_answer(fw, qid, ev)


def default_tests(fw: Framework, evidence: dict[str, Evidence], rules: list[dict], n: int = 3) -> list[dict]:
    """Examples that hold as written (checked by `rules test`): nothing answered, everything at its
    best, and for graded questions everything at level 1."""
    ruled = {r["outcome"] for r in rules}
    shown = [leaf for leaf in fw.leaves if leaf in ruled][:n]
    tests = []
    for leaf in shown:
        qs = [q.id for q in fw.questions if q.outcome == leaf]
        top = max(r["level"] for r in rules if r["outcome"] == leaf)
        tests.append({"name": f"{leaf}: nothing answered is level 0", "answers": {}, "expect": {leaf: 0}})
        tests.append({"name": f"{leaf}: every question at its best is level {top}",
                      "answers": {q: best_answer(fw, q, evidence[q]) for q in qs}, "expect": {leaf: top}})
        if top >= 2 and all(evidence[q].kind == "graded" for q in qs):
            tests.append({"name": f"{leaf}: every question at the first level is level 1",
                          "answers": {q: fw.question[q].options[1] for q in qs}, "expect": {leaf: 1}})
    return tests


# --------------------------------------------------------------------------- placeholder controls

def placeholder_control(cid: str, title: str, implements: dict[str, Any], description: str | None = None,
                        translations: dict | None = None, tags: list[str] | None = None) -> dict:
    """A control whose cost, effort and duration nobody has estimated yet: listed as `unknown`,
    never zero, so that `rules check` reports it and `plan` refuses it until it is filled."""
    c: dict[str, Any] = {"id": cid, "title": title}
    if description:
        c["description"] = description
    c["implements"] = implements
    c["unknown"] = ["cost", "effort", "duration"]
    if tags:
        c["tags"] = tags
    if translations:
        c["translations"] = translations
    return c


def best_answers_of(fw: Framework, evidence: dict[str, Evidence], leaves) -> dict[str, Any]:
    want = set(leaves)
    return {q.id: best_answer(fw, q.id, evidence[q.id]) for q in fw.questions if q.outcome in want}


# --------------------------------------------------------------------------- YAML out

class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value and len(value) > 80 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data: Any, header: str = "") -> str:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    return "\n".join(lines + [text.rstrip("\n")]) + "\n"


def framework_files(fw: Framework, header: str) -> dict[str, str]:
    """framework.yaml (scale and outcome tree), questions.yaml and controls.yaml."""
    data = fw.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    questions = data.pop("questions", [])
    controls = data.pop("controls", [])
    files = {"framework.yaml": dump(data, header)}
    files["questions.yaml"] = dump({"questions": questions}, f"The questionnaire of {fw.id} (written by the import).")
    files["controls.yaml"] = dump({"controls": controls}, f"The control catalogue of {fw.id}. Controls listing "
                                  "`unknown` estimates are placeholders:\nfill their cost, effort and duration "
                                  "(cyberplan import ... --costs FILE) before planning.")
    return files


def ruleset_text(fw: Framework, evidence: dict[str, Evidence]) -> str:
    rules = default_rules(fw, evidence)
    data = {"id": f"{fw.id}/default", "framework": fw.id, "title": f"{fw.title} - default ruleset",
            "rules": rules, "tests": default_tests(fw, evidence, rules)}
    return dump(data, __doc__.split("\n\n", 1)[1].split("\n\nA question with")[0]
                .replace("How a question evidences its leaf outcome (`Evidence.kind`) decides its rules:",
                         f"The default ruleset of {fw.id}, written by the import: how each question evidences "
                         "its leaf."))


def example_answers(fw: Framework, evidence: dict[str, Evidence]) -> str:
    # the ministry is at its best on every other leaf outcome and half-way on the rest
    position = {leaf: i for i, leaf in enumerate(fw.leaves)}
    mixed, worst = {}, {}
    for q in fw.questions:
        ev = evidence[q.id]
        mixed[q.id] = best_answer(fw, q.id, ev) if position[q.outcome] % 2 == 0 else middle_answer(fw, q.id, ev)
        worst[q.id] = worst_answer(fw, q.id, ev)
    data = {"framework": fw.id, "ruleset": f"{fw.id}/default", "assessed": "2026-11-01", "entities": [
        {"id": "ministry", "name": "Ministry of Examples", "sector": "government", "criticality": 3,
         "answers": mixed},
        {"id": "operator", "name": "Example Energy Operator", "sector": "energy", "criticality": 5,
         "size_factor": 1.5, "answers": worst},
    ]}
    return dump(data, "Example answers (invented): `cyberplan assess` this file.")


def example_plan(fw: Framework) -> str:
    data = {"start": "2027-01", "period": "quarter", "horizon": 8, "budget": {"per_period": 250000},
            "targets": {"default": fw.max_level}, "objective": "max-benefit",
            "solver": {"name": "highs", "time_limit": 30, "gap": 0.01}}
    return dump(data, "Example plan configuration: `cyberplan plan example/answers.yaml --config example/plan.yaml`\n"
                      "(once every control's cost, effort and duration is filled in).")
