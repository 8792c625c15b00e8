"""Condition trees compiled to durable-rules rulesets, and entities evaluated by durable-rules.

The whole use of durable-rules lives here. A ruleset becomes, per evaluation stage, one or more
durable-rules rulesets in its JSON form; actions are bound by name to our own table (nothing from
a file is ever executed). Each entity is one fact holding its encoded answers, attributes and the
outcome levels decided in earlier stages; every rule whose condition matches fires and is recorded.

durable-rules pitfalls handled here (see shared notes): one Host per process with its timer
threads off; a fresh session id per evaluation, deleted afterwards; at most 400 rules per
durable ruleset (513 hangs it); a catch-all rule so a fact that matches nothing is still handled;
numbers as scaled integers.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import threading
from dataclasses import dataclass
from typing import Any

from durable import engine as _durable

from cyberplan.engine.models import (
    AllCondition,
    AnyCondition,
    Condition,
    Entity,
    Framework,
    NotCondition,
    OutcomeLeaf,
    QuestionLeaf,
)
from cyberplan.engine.rules.prepare import PreparedRuleset, encode_attribute, operand_codes

MAX_RULES_PER_DURABLE_RULESET = 400
# durable-rules holds at most 255 properties per fact (hashed, so fewer in practice): each durable
# ruleset gets a fact with only the fields its own rules read, at most this many
MAX_FIELDS_PER_FACT = 96
# its alpha network keeps at most 64 matching nodes on a stack while it matches one fact: bound
# the distinct comparisons per durable ruleset well below that
MAX_COMPARISONS_PER_RULESET = 40
_NEGATED = {"eq": "$neq", "ne": None, "gt": "$lte", "gte": "$lt", "lt": "$gte", "lte": "$gt"}
_POSITIVE = {"eq": None, "ne": "$neq", "gt": "$gt", "gte": "$gte", "lt": "$lt", "lte": "$lte"}


class RulesEngineError(RuntimeError):
    """durable-rules failed while evaluating (an internal error, not bad input)."""


class _Host(_durable.Host):
    """A Host without the two re-arming timer threads (we never use timers)."""

    def __init__(self) -> None:
        self._fired: list[str] = []
        super().__init__()

    def _run(self) -> None:  # the base class starts its dispatch/timer threads here
        pass

    def get_action(self, action_name: str):
        fired = self._fired

        def record(c) -> None:
            fired.append(action_name)
        return record


_HOST: _Host | None = None
_HOST_LOCK = threading.Lock()
_REGISTERED: set[str] = set()
_SIDS = itertools.count(1)


def _host() -> _Host:
    global _HOST
    if _HOST is None:
        _HOST = _Host()
    return _HOST


# --------------------------------------------------------------------------- compiling

def field_names(fw: Framework) -> tuple[dict[str, str], dict[str, str]]:
    """Short fact field names: durable-rules treats dots in names specially."""
    qf = {q.id: f"q{i}" for i, q in enumerate(fw.questions)}
    of = {o: f"o{i}" for i, o in enumerate(fw.nodes)}
    return qf, of


def compile_condition(cond: Condition, fw: Framework, qf: dict[str, str], of: dict[str, str],
                      negate: bool = False) -> dict:
    """A condition tree as a durable-rules expression, negation pushed down to the leaves.

    A negated leaf still needs its field to exist: durable-rules comparisons on an absent field
    never match, which is exactly "an unanswered question satisfies no leaf, nor its `not`".
    """
    if isinstance(cond, NotCondition):
        return compile_condition(cond.not_, fw, qf, of, not negate)
    if isinstance(cond, (AllCondition, AnyCondition)):
        kids = cond.all if isinstance(cond, AllCondition) else cond.any
        is_and = isinstance(cond, AllCondition) != negate
        parts = [compile_condition(c, fw, qf, of, negate) for c in kids]
        if len(parts) == 1:
            return parts[0]
        return {"$and" if is_and else "$or": parts}
    if isinstance(cond, QuestionLeaf):
        name = qf[cond.question]
    elif isinstance(cond, OutcomeLeaf):
        name = of[cond.outcome]
    else:
        name = "e_" + cond.entity
    codes = operand_codes(cond, fw)
    if cond.op == "in":
        if negate:
            parts = [{"$neq": {name: c}} for c in codes]
            return parts[0] if len(parts) == 1 else {"$and": parts}
        parts = [{name: c} for c in codes]
        return parts[0] if len(parts) == 1 else {"$or": parts}
    op = (_NEGATED if negate else _POSITIVE)[cond.op]
    if op is None:
        return {name: codes[0]}
    return {op: {name: codes[0]}}


@dataclass
class CompiledStage:
    names: list[str]               # durable ruleset names for this stage
    rules: list[int]               # rule indexes evaluated in this stage
    fields: list[set[str]] = None  # per durable ruleset: the fact fields its rules read
    chunks: list[list[int]] = None


def _fields_of(cond, qf: dict[str, str], of: dict[str, str]) -> set[str]:
    from cyberplan.engine.rules.prepare import iter_leaves
    out = set()
    for leaf in iter_leaves(cond):
        if isinstance(leaf, QuestionLeaf):
            out.add(qf[leaf.question])
        elif isinstance(leaf, OutcomeLeaf):
            out.add(of[leaf.outcome])
        else:
            out.add("e_" + leaf.entity)
    return out


def _comparisons_of(cond, fw: Framework, qf: dict[str, str], of: dict[str, str]) -> set[str]:
    """The distinct leaf comparisons of a condition, both polarities (as durable-rules alpha nodes)."""
    from cyberplan.engine.rules.prepare import iter_leaves
    out = set()
    for leaf in iter_leaves(cond):
        for neg in (False, True):
            out.add(json.dumps(compile_condition(leaf, fw, qf, of, neg), sort_keys=True))
    return out


def _chunk(idxs: list[int], fields: dict[int, set[str]], comparisons: dict[int, set[str]]) -> list[list[int]]:
    """Consecutive groups of rules within durable-rules' limits on fields and comparisons."""
    chunks: list[list[int]] = []
    cur: list[int] = []
    cur_fields: set[str] = set()
    cur_cmp: set[str] = set()
    for i in idxs:
        f, c = fields[i], comparisons[i]
        if cur and (len(cur) >= MAX_RULES_PER_DURABLE_RULESET or len(cur_fields | f) > MAX_FIELDS_PER_FACT
                    or len(cur_cmp | c) > MAX_COMPARISONS_PER_RULESET):
            chunks.append(cur)
            cur, cur_fields, cur_cmp = [], set(), set()
        cur.append(i)
        cur_fields |= f
        cur_cmp |= c
    if cur or not chunks:
        chunks.append(cur)
    return chunks


class DurableRuleset:
    """A prepared ruleset registered with durable-rules, ready to evaluate entities."""

    def __init__(self, rs: PreparedRuleset):
        self.rs = rs
        fw = rs.framework
        self.qf, self.of = field_names(fw)
        self.stages: list[CompiledStage] = []
        definitions: dict[str, dict] = {}
        body = json.dumps([r.model_dump(mode="json", by_alias=True) for r in rs.rules], sort_keys=True)
        digest = hashlib.sha256((fw.id + "\0" + json.dumps(sorted(self.qf.items())) + body).encode()).hexdigest()[:16]
        fields = {i: _fields_of(r.when, self.qf, self.of) for i, r in enumerate(rs.rules)}
        comparisons = {i: _comparisons_of(r.when, fw, self.qf, self.of) for i, r in enumerate(rs.rules)}
        for i, f in fields.items():
            if len(f) > MAX_FIELDS_PER_FACT or len(comparisons[i]) > MAX_COMPARISONS_PER_RULESET:
                from cyberplan.engine.errors import InputError
                o = rs.origins[i]
                raise InputError(f"rule {rs.rules[i].id!r} has {len(comparisons[i]) // 2} comparisons on "
                                 f"{len(f)} answers and levels; the rules engine takes at most "
                                 f"{MAX_COMPARISONS_PER_RULESET // 2} in one rule: split it", file=o.file,
                                 path=f"rules[{o.index}]")
        for stage in range(rs.stages):
            idxs = [i for i, s in enumerate(rs.stage_of_rule) if s == stage]
            names, chunk_fields, chunks = [], [], _chunk(idxs, fields, comparisons)
            for chunk_no, chunk in enumerate(chunks):
                chunk_fields.append(set().union(*(fields[i] for i in chunk)) if chunk else set())
                name = f"cyberplan_{digest}_s{stage}_c{chunk_no}"
                definition = {f"r{i}": {"all": [{"m": compile_condition(rs.rules[i].when, fw, self.qf, self.of)}],
                                        "run": f"r{i}"} for i in chunk}
                # a fact nothing else matches must still be handled (else MessageNotHandled)
                definition["catch_all"] = {"all": [{"m": {"$ex": {"_fact": 1}}}], "run": "catch_all"}
                definitions[name] = definition
                names.append(name)
            self.stages.append(CompiledStage(names, idxs, chunk_fields, chunks))
        with _HOST_LOCK:
            host = _host()
            fresh = {k: v for k, v in definitions.items() if k not in _REGISTERED}
            if fresh:
                host.register_rulesets(fresh)
                _REGISTERED.update(fresh)

    def definitions(self) -> dict[str, dict]:
        """The durable-rules JSON definitions (for inspection and `rules check --show`)."""
        fw = self.rs.framework
        out = {}
        for stage in self.stages:
            for name, chunk in zip(stage.names, stage.chunks):
                out[name] = {f"r{i}": {"all": [{"m": compile_condition(self.rs.rules[i].when, fw, self.qf, self.of)}],
                                       "run": f"r{i}"} for i in chunk}
        return out

    def fact(self, codes: dict[str, int], entity: Entity | None, levels: dict[str, int]) -> dict[str, Any]:
        fact: dict[str, Any] = {"_fact": 1}
        for qid, code in codes.items():
            fact[self.qf[qid]] = code
        if entity is not None:
            for attr in ("id", "name", "sector", "criticality", "size_factor"):
                v = entity.attribute(attr)
                if v is not None:
                    fact["e_" + attr] = encode_attribute(attr, v)
            for attr, v in entity.attributes.items():
                fact["e_" + attr] = encode_attribute(attr, v)
        for o, level in levels.items():
            fact[self.of[o]] = level
        return fact

    def fired(self, stage: CompiledStage, fact: dict[str, Any]) -> set[int]:
        """Indexes of the rules of a stage whose conditions hold for the fact."""
        out: set[int] = set()
        with _HOST_LOCK:
            host = _host()
            for name, wanted in zip(stage.names, stage.fields):
                sid = str(next(_SIDS))
                host._fired.clear()
                part = {k: fact[k] for k in wanted if k in fact}
                part["_fact"] = 1
                part["sid"] = sid
                try:
                    host.assert_fact(name, part)
                    state = host.get_state(name, sid)
                    if state and state.get("exception"):
                        raise RulesEngineError(f"durable-rules action failed: {state['exception']}")
                finally:
                    try:
                        host.delete_state(name, sid)
                    except Exception:  # noqa: BLE001 - a missing state is fine here
                        pass
                for action in host._fired:
                    if action != "catch_all":
                        out.add(int(action[1:]))
        return out

    def evaluate(self, codes: dict[str, int], entity: Entity | None = None
                 ) -> tuple[dict[str, int], dict[str, str], list[str], set[str]]:
        """(levels of every outcome, deciding rule per leaf, finding rule ids, ids of rules that held)."""
        from cyberplan.engine.rules.prepare import roll_up
        rs = self.rs
        fw = rs.framework
        levels: dict[str, int] = {}
        decided: dict[str, str] = {}
        held_idx: set[int] = set()
        for stage_no, stage in enumerate(self.stages):
            held = self.fired(stage, self.fact(codes, entity, levels))
            held_idx |= held
            for leaf in fw.leaves:
                if rs.stage_of_outcome.get(leaf, 0) != stage_no:
                    continue
                level, by = 0, None
                for k in range(1, fw.max_level + 1):
                    hits = [i for i in rs.by_level.get((leaf, k), []) if i in held]
                    if not hits:
                        break
                    level, by = k, rs.rules[min(hits)].id
                levels[leaf] = level
                if by is not None:
                    decided[leaf] = by
            roll_up(rs, levels)
        findings = [rs.rules[i].id for i in rs.finding_rules if i in held_idx]
        return levels, decided, findings, {rs.rules[i].id for i in held_idx}


_COMPILED: dict[int, DurableRuleset] = {}


def durable_ruleset(rs: PreparedRuleset) -> DurableRuleset:
    """The compiled form of a prepared ruleset (compiled once per process)."""
    key = id(rs)
    found = _COMPILED.get(key)
    if found is None or found.rs is not rs:
        found = DurableRuleset(rs)
        _COMPILED[key] = found
    return found
