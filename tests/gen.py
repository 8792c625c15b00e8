"""Random small frameworks, rulesets, answers and plan configs for property tests (seeded)."""
from __future__ import annotations

import random
from typing import Any

from cyberplan.engine.models import Assessment, Framework, PlanConfig, Ruleset
from cyberplan.engine.rules.prepare import prepare

OPTIONS = ["no", "partially", "largely", "fully"]
SECTORS = ["government", "energy", "water", "finance"]


def random_leaf(rng: random.Random, questions: list[dict], leaves_before: list[str]) -> dict:
    kind = rng.random()
    if kind < 0.12:
        return _entity_leaf(rng)
    if kind < 0.2 and leaves_before:
        op = rng.choice(["eq", "ne", "gt", "gte", "lt", "lte", "in"])
        value: Any = rng.randint(0, 3)
        if op == "in":
            value = sorted({rng.randint(0, 3) for _ in range(2)})
        return {"outcome": rng.choice(leaves_before), op: value}
    q = rng.choice(questions)
    if q["type"] == "boolean":
        op = rng.choice(["eq", "ne"])
        return {"question": q["id"], op: rng.choice([True, False])}
    if q["type"] == "choice":
        op = rng.choice(["eq", "ne", "gt", "gte", "lt", "lte", "in"])
        if op == "in":
            return {"question": q["id"], "in": rng.sample(q["options"], 2)}
        return {"question": q["id"], op: rng.choice(q["options"])}
    op = rng.choice(["eq", "ne", "gt", "gte", "lt", "lte"])
    return {"question": q["id"], op: rng.choice([0, 1, 2, 2.5, 3, 4])}


def _entity_leaf(rng: random.Random) -> dict:
    if rng.random() < 0.5:
        op = rng.choice(["eq", "ne"])
        return {"entity": "sector", op: rng.choice(SECTORS)}
    if rng.random() < 0.5:
        return {"entity": "sector", "in": rng.sample(SECTORS, 2)}
    return {"entity": "criticality", rng.choice(["gte", "lt", "eq"]): rng.randint(1, 5)}


def random_condition(rng: random.Random, questions, leaves_before, depth: int = 0) -> dict:
    r = rng.random()
    if depth >= 2 or r < 0.45:
        return random_leaf(rng, questions, leaves_before)
    if r < 0.7:
        return {"all": [random_condition(rng, questions, leaves_before, depth + 1) for _ in range(rng.randint(1, 3))]}
    if r < 0.9:
        return {"any": [random_condition(rng, questions, leaves_before, depth + 1) for _ in range(rng.randint(1, 3))]}
    return {"not": random_condition(rng, questions, leaves_before, depth + 1)}


def random_framework(rng: random.Random, n_leaves: int = 3, q_per_leaf: int = 2, n_controls: int = 4,
                     shared: bool = True) -> dict:
    leaves = [f"A-{i}" for i in range(n_leaves)]
    half = max(1, n_leaves // 2)
    outcomes = [{"id": "A", "title": "A", "children": [{"id": x, "title": x} for x in leaves[:half]]},
                {"id": "B", "title": "B", "children": [{"id": x, "title": x} for x in leaves[half:]]}]
    if not outcomes[1]["children"]:
        outcomes = outcomes[:1]
    questions = []
    for leaf in leaves:
        for k in range(q_per_leaf):
            qid = f"{leaf}.q{k + 1}"
            t = rng.choice(["choice", "choice", "boolean", "scale"])
            q: dict[str, Any] = {"id": qid, "outcome": leaf, "text": qid, "type": t, "level": min(3, k + 1)}
            if t == "choice":
                q["options"] = OPTIONS
            if t == "scale":
                q["min"], q["max"] = 0, 4
            questions.append(q)
    controls = []
    for i in range(n_controls):
        impl = {}
        for q in rng.sample(questions, rng.randint(1, min(3, len(questions)))):
            impl[q["id"]] = ("fully" if rng.random() < 0.7 else "largely") if q["type"] == "choice" else \
                (True if q["type"] == "boolean" else rng.choice([3, 4]))
        c: dict[str, Any] = {"id": f"C{i}", "title": f"Control {i}", "cost": {"capex": rng.choice([50, 100, 150, 200]),
                                                                               "opex": rng.choice([0, 20, 40])},
                             "effort": rng.choice([0, 5, 10]), "duration": rng.choice([1, 3, 4, 6]),
                             "implements": impl}
        if i and rng.random() < 0.35:
            c["requires"] = [f"C{rng.randrange(i)}"]
        if shared and i == n_controls - 1:
            c["scope"] = "shared"
            c.pop("requires", None)
        controls.append(c)
    return {"id": "gen", "title": "Generated", "levels": [{"value": v, "name": f"L{v}"} for v in range(4)],
            "outcomes": outcomes, "questions": questions, "controls": controls}


def random_ruleset(rng: random.Random, fw: dict, max_rules_per_level: int = 2, outcome_refs: bool = True) -> dict:
    rules = []
    leaves = [c["id"] for o in fw["outcomes"] for c in o["children"]]
    for n, leaf in enumerate(leaves):
        before = leaves[:n] if outcome_refs else []
        for k in (1, 2, 3):
            for j in range(rng.randint(0 if k > 1 else 1, max_rules_per_level)):
                rules.append({"id": f"{leaf.lower()}-l{k}-{j}", "outcome": leaf, "level": k,
                              "when": random_condition(rng, fw["questions"], before)})
    rules.append({"id": "finding-1", "when": random_condition(rng, fw["questions"], leaves),
                  "finding": {"severity": "high", "text": "generated finding"}})
    return {"id": "gen/default", "framework": "gen", "rules": rules}


def random_answers(rng: random.Random, fw: dict, n_entities: int = 2, blank: float = 0.2) -> dict:
    entities = []
    for i in range(n_entities):
        answers = {}
        for q in fw["questions"]:
            if rng.random() < blank:
                continue
            if q["type"] == "choice":
                answers[q["id"]] = rng.choice(q["options"])
            elif q["type"] == "boolean":
                answers[q["id"]] = rng.choice([True, False])
            else:
                answers[q["id"]] = rng.choice([0, 1, 2, 2.5, 3, 4])
        entities.append({"id": f"e{i}", "sector": rng.choice(SECTORS), "criticality": rng.randint(1, 5),
                         "size_factor": rng.choice([0.5, 1.0, 2.0]), "answers": answers})
    return {"framework": "gen", "entities": entities}


def build(fw_d: dict, rs_d: dict, ans_d: dict):
    fw = Framework.model_validate(fw_d)
    assert not fw.problems(), fw.problems()
    rs = Ruleset.model_validate(rs_d)
    prepared = prepare(rs, None, fw, lambda ref, rel: (_ for _ in ()).throw(KeyError(ref)))
    return fw, prepared, Assessment.model_validate(ans_d)


def random_config(rng: random.Random, horizon: int = 3, budget: float | None = None, **extra) -> PlanConfig:
    data: dict[str, Any] = {"start": "2027-01", "period": "quarter", "horizon": horizon,
                            "budget": {"per_period": budget if budget is not None else rng.choice([60, 100, 200]),
                                       "carry_over": rng.random() < 0.5},
                            "targets": {"default": rng.choice([2, 3])},
                            "solver": {"name": "highs", "time_limit": 30, "gap": 0}}
    if rng.random() < 0.4:
        data["capacity"] = {"per_period": rng.choice([5, 10])}
    data.update(extra)
    return PlanConfig.model_validate(data)
