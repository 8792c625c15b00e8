"""The condition trees evaluated in plain Python: the independent check on durable-rules.

It works on the raw answers (option names, booleans, numbers) with three-valued logic — an
unanswered question makes a leaf *unknown*, `not unknown` is unknown, and a rule holds only when
its condition is true — so it shares no encoding with the durable-rules compiler.
It also powers `--explain`, which shows every leaf with the value it saw.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cyberplan.engine.models import (
    AllCondition,
    AnyCondition,
    Condition,
    Entity,
    EntityLeaf,
    Framework,
    NotCondition,
    OutcomeLeaf,
    QuestionLeaf,
)
from cyberplan.engine.rules.prepare import PreparedRuleset, roll_up

UNKNOWN = None


def _compare(op: str, seen: Any, operand: Any) -> bool:
    if op == "eq":
        return seen == operand
    if op == "ne":
        return seen != operand
    if op == "gt":
        return seen > operand
    if op == "gte":
        return seen >= operand
    if op == "lt":
        return seen < operand
    if op == "lte":
        return seen <= operand
    if op == "in":
        return seen in operand
    raise ValueError(op)


def leaf_value(leaf, fw: Framework, answers: dict[str, Any], entity: Entity | None,
               levels: dict[str, int]) -> tuple[bool | None, Any]:
    """(truth, the value the leaf saw)."""
    if isinstance(leaf, QuestionLeaf):
        if leaf.question not in answers or answers[leaf.question] is None:
            return UNKNOWN, None
        raw = answers[leaf.question]
        q = fw.question[leaf.question]
        seen = q.ordinal(raw)
        if leaf.op == "in":
            operand = [q.ordinal(v) for v in leaf.operand]
        else:
            operand = q.ordinal(leaf.operand)
        return _compare(leaf.op, seen, operand), raw
    if isinstance(leaf, OutcomeLeaf):
        if leaf.outcome not in levels:
            return UNKNOWN, None
        seen = levels[leaf.outcome]
        return _compare(leaf.op, seen, leaf.operand), seen
    assert isinstance(leaf, EntityLeaf)
    seen = entity.attribute(leaf.entity) if entity is not None else None
    if seen is None:
        return UNKNOWN, None
    if isinstance(seen, bool):
        seen = int(seen)
    operand = leaf.operand
    if isinstance(operand, list):
        operand = [int(v) if isinstance(v, bool) else v for v in operand]
    elif isinstance(operand, bool):
        operand = int(operand)
    if isinstance(seen, (int, float)) != (isinstance(operand, (int, float)) if not isinstance(operand, list)
                                           else all(isinstance(v, (int, float)) for v in operand)):
        return (leaf.op == "ne" if leaf.op != "in" else False), seen
    return _compare(leaf.op, seen, operand), seen


def evaluate(cond: Condition, fw: Framework, answers: dict[str, Any], entity: Entity | None,
             levels: dict[str, int]) -> bool | None:
    if isinstance(cond, AllCondition):
        vals = [evaluate(c, fw, answers, entity, levels) for c in cond.all]
        return False if False in vals else UNKNOWN if UNKNOWN in vals else True
    if isinstance(cond, AnyCondition):
        vals = [evaluate(c, fw, answers, entity, levels) for c in cond.any]
        return True if True in vals else UNKNOWN if UNKNOWN in vals else False
    if isinstance(cond, NotCondition):
        v = evaluate(cond.not_, fw, answers, entity, levels)
        return UNKNOWN if v is UNKNOWN else not v
    return leaf_value(cond, fw, answers, entity, levels)[0]


@dataclass
class ReferenceResult:
    levels: dict[str, int]
    decided_by: dict[str, str]
    findings: list[str]
    held: set[str] = field(default_factory=set)


def assess_entity(rs: PreparedRuleset, answers: dict[str, Any], entity: Entity | None = None
                  ) -> ReferenceResult:
    """Levels of every outcome (SPEC §3.2), the deciding rules and the findings, for one entity."""
    fw = rs.framework
    levels: dict[str, int] = {}
    decided: dict[str, str] = {}
    held: set[str] = set()
    pending = list(fw.leaves)
    # evaluate leaves whose rules only read already-known outcomes, until none are left
    while pending:
        progressed = False
        for o in list(pending):
            rules = [rs.rules[i] for i in rs.level_rules_of.get(o, [])]
            reads = {x for r in rules for x in _outcomes_read(r.when)}
            needs = {lf for x in reads for lf in fw.leaves_under.get(x, [])}
            if not needs <= set(levels):
                continue
            if any(fw.nodes[x].children for x in reads if x in fw.nodes):
                _rollups(rs, levels)
            level, by = leaf_level(rs, o, answers, entity, levels)
            for r in rules:
                if evaluate(r.when, fw, answers, entity, levels) is True:
                    held.add(r.id)
            levels[o] = level
            if by is not None:
                decided[o] = by
            pending.remove(o)
            progressed = True
        if not progressed:
            raise ValueError("outcome levels depend on each other in a cycle")
    _rollups(rs, levels)
    findings = []
    for i in rs.finding_rules:
        r = rs.rules[i]
        if evaluate(r.when, fw, answers, entity, levels) is True:
            findings.append(r.id)
            held.add(r.id)
    return ReferenceResult(levels, decided, findings, held)


def leaf_level(rs: PreparedRuleset, o: str, answers: dict[str, Any], entity: Entity | None,
               levels: dict[str, int]) -> tuple[int, str | None]:
    """(level, deciding rule) of one leaf outcome: the highest k with a holding rule at every 1..k."""
    fw = rs.framework
    level, by = 0, None
    for k in range(1, fw.max_level + 1):
        holding = [rs.rules[i] for i in rs.by_level.get((o, k), [])
                   if evaluate(rs.rules[i].when, fw, answers, entity, levels) is True]
        if not holding:
            break
        level, by = k, holding[0].id
    return level, by


def _outcomes_read(cond: Condition) -> set[str]:
    from cyberplan.engine.rules.prepare import outcomes_read
    return outcomes_read(cond)


def _rollups(rs: PreparedRuleset, levels: dict[str, int]) -> None:
    # parents are rolled up from the leaves the same way for both evaluators: the check here is on
    # the conditions, and SPEC §3.2's rollup is tested by hand in tests/test_rules_agreement.py
    roll_up(rs, levels)


# --------------------------------------------------------------------------- explanations

@dataclass
class LeafTrace:
    text: str
    saw: Any
    truth: bool | None


@dataclass
class RuleTrace:
    rule: str
    level: int | None
    truth: bool | None
    leaves: list[LeafTrace]
    tree: str


def explain_outcome(rs: PreparedRuleset, outcome: str, answers: dict[str, Any], entity: Entity | None,
                    levels: dict[str, int]) -> list[RuleTrace]:
    """Every rule of one outcome, each condition with the value it saw and whether it held."""
    fw = rs.framework
    out = []
    for i in rs.level_rules_of.get(outcome, []):
        r = rs.rules[i]
        leaves: list[LeafTrace] = []
        tree = _render(r.when, fw, answers, entity, levels, leaves, 0)
        out.append(RuleTrace(r.id, r.level, evaluate(r.when, fw, answers, entity, levels), leaves, tree))
    out.sort(key=lambda t: (t.level or 0))
    return out


def describe_leaf(leaf) -> str:
    subject = (f"question {leaf.question}" if isinstance(leaf, QuestionLeaf) else
               f"outcome {leaf.outcome}" if isinstance(leaf, OutcomeLeaf) else f"entity {leaf.entity}")
    sym = {"eq": "=", "ne": "!=", "gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "in": "in"}[leaf.op]
    return f"{subject} {sym} {leaf.operand!r}"


def _mark(t: bool | None) -> str:
    return "yes" if t is True else "no" if t is False else "unknown"


def _render(cond: Condition, fw, answers, entity, levels, leaves: list[LeafTrace], depth: int) -> str:
    pad = "  " * depth
    truth = evaluate(cond, fw, answers, entity, levels)
    if isinstance(cond, (AllCondition, AnyCondition)):
        kind, kids = ("all", cond.all) if isinstance(cond, AllCondition) else ("any", cond.any)
        lines = [f"{pad}{kind} of: [{_mark(truth)}]"]
        lines += [_render(c, fw, answers, entity, levels, leaves, depth + 1) for c in kids]
        return "\n".join(lines)
    if isinstance(cond, NotCondition):
        return f"{pad}not: [{_mark(truth)}]\n" + _render(cond.not_, fw, answers, entity, levels, leaves, depth + 1)
    value, saw = leaf_value(cond, fw, answers, entity, levels)
    text = describe_leaf(cond)
    leaves.append(LeafTrace(text, saw, value))
    seen = "unanswered" if saw is None else repr(saw)
    return f"{pad}{text}  (saw {seen}) [{_mark(value)}]"
