"""The checks behind `cyberplan rules check`: everything wrong or suspicious in a ruleset that
parsed, each located (file, line, key path) and with a hint that says how to fix it.

Errors (the ruleset is wrong): references the framework lacks, comparisons of the wrong type,
comparisons and rules that can never hold, bad embedded tests.
Warnings (probably not what the author meant): levels no rule can reach, leaf outcomes without
rules, questions no rule reads, rules replaced through `extends`, and outcomes whose top level no
control in the framework's catalogue can reach (so the planner could never close that gap).

"Can never hold" is decided exactly, not guessed: every answer a question can take falls in one of
a few ranges between the values the rule compares it with, so trying one answer from each range
(and each option of a choice) covers all answers.
"""
from __future__ import annotations

import difflib
import itertools
from dataclasses import dataclass, field
from typing import Any, Callable

from cyberplan.engine.errors import Problem, did_you_mean
from cyberplan.engine.models import Condition, EntityLeaf, Framework, OutcomeLeaf, QuestionLeaf
from cyberplan.engine.models.questions import numeric_candidates
from cyberplan.engine.rules.prepare import (
    ENTITY_ATTRIBUTES,
    NUMERIC_ENTITY_ATTRIBUTES,
    PreparedRuleset,
    _leaves_with_paths,
    iter_leaves,
    leaf_problems,
    questions_read,
)

# a rule whose variables take more combinations than this is not tried exhaustively
MAX_COMBINATIONS = 20_000

Locate = Callable[[str | None, str | None], int | None]   # (file, key path) -> line


@dataclass
class Findings:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _sym(op: str) -> str:
    return {"eq": "eq", "ne": "ne", "gt": "gt", "gte": "gte", "lt": "lt", "lte": "lte", "in": "in"}[op]


# --------------------------------------------------------------------------- rule references

def reference_problems(rs: PreparedRuleset, locate: Locate) -> tuple[list[Problem], set[int], set[int]]:
    """Errors in what each rule refers to and compares, with the line of the offending leaf.

    Returns (errors, rules with an error, rules with a comparison that can never hold)."""
    fw = rs.framework
    out: list[Problem] = []
    bad_rules: set[int] = set()
    dead_rules: set[int] = set()
    for i, (rule, origin) in enumerate(zip(rs.rules, rs.origins)):
        base = f"rules[{origin.index}]"

        def bad(msg: str, where: str = "", hint: str | None = None) -> None:
            path = base + where
            out.append(Problem(msg, file=origin.file, path=path, line=locate(origin.file, path), hint=hint))
            bad_rules.add(i)
        if rule.outcome is not None:
            if rule.outcome not in fw.nodes:
                bad(f"rule {rule.id!r}: unknown outcome {rule.outcome!r}", ".outcome",
                    did_you_mean(rule.outcome, fw.nodes) or "use the id of a leaf outcome of " + fw.id)
            elif rule.outcome not in fw.leaves:
                kids = fw.leaves_under[rule.outcome]
                bad(f"rule {rule.id!r}: outcome {rule.outcome!r} is not a leaf; parents are rolled up from their "
                    "children", ".outcome", "write rules for its leaves: " + ", ".join(kids[:6])
                    + (" ..." if len(kids) > 6 else ""))
            if rule.level is not None and rule.level > fw.max_level:
                bad(f"rule {rule.id!r}: level {rule.level} is above the top of the scale ({fw.max_level})", ".level",
                    f"levels of {fw.id} run from 1 to {fw.max_level}")
        for path, leaf in _leaves_with_paths(rule.when, ".when"):
            never = _never_holds(leaf, fw)
            if never is not None:
                msg, hint = never
                bad(f"rule {rule.id!r}: {msg}", path, hint)
                dead_rules.add(i)
                continue
            for msg, hint in leaf_problems(leaf, fw):
                bad(f"rule {rule.id!r}: {msg}", path, hint or _leaf_hint(leaf, fw))
    return out, bad_rules, dead_rules


def _leaf_hint(leaf, fw: Framework) -> str | None:
    """How to fix a leaf the framework rejects."""
    if not isinstance(leaf, QuestionLeaf) or leaf.question not in fw.question:
        return None
    values = leaf.operand if leaf.op == "in" else [leaf.operand]
    return fw.question[leaf.question].operand_hint(values)


def _never_holds(leaf, fw: Framework) -> tuple[str, str] | None:
    """A comparison of a well-typed operand that no answer (or level) can satisfy."""
    if leaf.op in ("eq", "ne", "in"):
        if isinstance(leaf, OutcomeLeaf) and leaf.op == "eq" and isinstance(leaf.operand, int) \
                and not isinstance(leaf.operand, bool) and leaf.operand > fw.max_level:
            return (f"outcome {leaf.outcome} eq {leaf.operand} can never hold: the top of the scale is "
                    f"{fw.max_level}", f"compare with a level from 0 to {fw.max_level}")
        return None
    v = leaf.operand
    if isinstance(v, bool):
        return None
    if isinstance(leaf, QuestionLeaf):
        q = fw.question.get(leaf.question)
        return None if q is None else q.never_holds(leaf.op, v)
    if isinstance(leaf, OutcomeLeaf) and isinstance(v, int):
        if (leaf.op == "gt" and v >= fw.max_level) or (leaf.op == "gte" and v > fw.max_level):
            return (f"outcome {leaf.outcome} {_sym(leaf.op)} {v} can never hold: the top of the scale is "
                    f"{fw.max_level}", f"use a level from 0 to {fw.max_level}")
        if (leaf.op == "lt" and v <= 0) or (leaf.op == "lte" and v < 0):
            return (f"outcome {leaf.outcome} {_sym(leaf.op)} {v} can never hold: levels start at 0",
                    "use `eq: 0` for 'not performed'")
        return None
    if isinstance(leaf, EntityLeaf) and leaf.entity == "criticality" and isinstance(v, (int, float)):
        if (leaf.op == "gt" and v >= 5) or (leaf.op == "gte" and v > 5) or \
                (leaf.op == "lt" and v <= 1) or (leaf.op == "lte" and v < 1):
            return (f"entity criticality {_sym(leaf.op)} {v:g} can never hold: criticality runs from 1 to 5",
                    "compare with a value from 1 to 5")
    return None


def always_holds(rs: PreparedRuleset, locate: Locate) -> list[Problem]:
    """Comparisons that every answer satisfies (once answered): almost always a slip."""
    fw = rs.framework
    out = []
    for rule, origin in zip(rs.rules, rs.origins):
        for path, leaf in _leaves_with_paths(rule.when, ".when"):
            if not isinstance(leaf, QuestionLeaf) or leaf.question not in fw.question:
                continue
            q, v = fw.question[leaf.question], leaf.operand
            msg = q.always_holds(leaf.op, v)
            if msg:
                p = f"rules[{origin.index}]{path}"
                out.append(Problem(f"rule {rule.id!r}: {msg}, so it only checks that the question was answered",
                                   file=origin.file, path=p, line=locate(origin.file, p),
                                   hint=f"compare with a better option (e.g. `gte: {q.better_operand()}`)"))
    return out


# --------------------------------------------------------------------------- can a rule hold at all?

class _Profile:
    """A stand-in entity for the reference evaluator (it only calls `attribute`)."""

    def __init__(self, values: dict[str, Any]):
        self.values = values
        self.id = values.get("id", "profile")
        self.sector = values.get("sector")

    def attribute(self, name: str) -> Any:
        return self.values.get(name)


_OTHER = "\0other"


def _candidates(cond: Condition, fw: Framework) -> dict[tuple[str, str], list[Any]]:
    """For each variable a rule reads, one value from every range its comparisons distinguish."""
    operands: dict[tuple[str, str], list[Any]] = {}
    for leaf in iter_leaves(cond):
        vals = list(leaf.operand) if leaf.op == "in" else [leaf.operand]
        if isinstance(leaf, QuestionLeaf):
            key = ("q", leaf.question)
        elif isinstance(leaf, OutcomeLeaf):
            key = ("o", leaf.outcome)
        else:
            key = ("e", leaf.entity)
        operands.setdefault(key, []).extend(vals)
    out: dict[tuple[str, str], list[Any]] = {}
    for (kind, name), vals in operands.items():
        if kind == "q":
            out[(kind, name)] = fw.question[name].candidates(vals)
        elif kind == "o":
            out[(kind, name)] = list(range(fw.max_level + 1))
        else:
            if name == "criticality":
                out[(kind, name)] = [1, 2, 3, 4, 5]
            elif all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in vals):
                out[(kind, name)] = numeric_candidates([float(v) for v in vals],
                                                        1e-9 if name == "size_factor" else None, None)
            else:
                out[(kind, name)] = list(dict.fromkeys(vals)) + [_OTHER]
    return out


def can_hold(cond: Condition, fw: Framework) -> bool | None:
    """True if some answers, attributes and levels make the condition hold; None if too many
    combinations to try."""
    from cyberplan.engine.rules.reference import evaluate
    cands = _candidates(cond, fw)
    keys = list(cands)
    total = 1
    for k in keys:
        total *= max(1, len(cands[k]))
        if total > MAX_COMBINATIONS:
            return None
    for combo in itertools.product(*(cands[k] for k in keys)):
        answers, attrs, levels = {}, {}, {}
        for (kind, name), v in zip(keys, combo):
            (answers if kind == "q" else levels if kind == "o" else attrs)[name] = v
        if evaluate(cond, fw, answers, _Profile(attrs), levels) is True:
            return True
    return False


def impossible_rules(rs: PreparedRuleset, locate: Locate, skip: set[int]) -> tuple[list[Problem], set[int]]:
    """Rules whose condition no answers can satisfy (e.g. `all` of `gte: largely` and `lt: partially`)."""
    out, dead = [], set()
    memo: dict[str, bool | None] = {}
    for i, (rule, origin) in enumerate(zip(rs.rules, rs.origins)):
        if i in skip:
            continue
        key = rule.when.model_dump_json() if hasattr(rule.when, "model_dump_json") else repr(rule.when)
        if key not in memo:
            memo[key] = can_hold(rule.when, rs.framework)
        if memo[key] is False:
            dead.add(i)
            p = f"rules[{origin.index}].when"
            out.append(Problem(f"rule {rule.id!r} can never hold: no answers satisfy its condition (its "
                               "comparisons contradict each other)", file=origin.file, path=p,
                               line=locate(origin.file, p),
                               hint="check `all` branches that test one question against ranges that do not "
                                    "overlap, or a `not` that cancels another branch"))
    return out, dead


# --------------------------------------------------------------------------- levels and coverage

def level_problems(rs: PreparedRuleset, locate: Locate, dead: set[int], top_file: str | None,
                   top_line: int | None) -> tuple[list[Problem], set[str]]:
    """Leaf outcomes without rules, and levels no rule can reach. Returns the warnings and the
    outcomes they concern (the catalogue check skips those)."""
    fw = rs.framework
    out: list[Problem] = []
    flagged: set[str] = set()
    top = fw.max_level
    for leaf in fw.leaves:
        idxs = rs.level_rules_of.get(leaf, [])
        if not idxs:
            qs = [q.id for q in fw.questions if q.outcome == leaf]
            out.append(Problem(f"leaf outcome {leaf!r} ({fw.nodes[leaf].title}) has no rule: it stays at level 0 "
                               "for every entity", file=top_file, path="rules", line=top_line,
                               hint=f"add rules for levels 1..{top} of {leaf}"
                                    + (" reading its questions " + ", ".join(qs[:5]) + (" ..." if len(qs) > 5 else "")
                                       if qs else "")))
            flagged.add(leaf)
            continue
        live = {rs.rules[i].level for i in idxs if i not in dead}
        for k in range(1, top + 1):
            if k in live:
                continue
            if rs.by_level.get((leaf, k)):
                # its rules can never hold: each already has an error; say nothing twice
                flagged.add(leaf)
                break
            higher = sorted(j for j in {rs.rules[i].level for i in idxs} if j > k)
            if higher:
                i = next(i for i in idxs if rs.rules[i].level == higher[0])
                o = rs.origins[i]
                p = f"rules[{o.index}]"
                out.append(Problem(f"{leaf}: level {k} has no rule, so levels {k}..{top} can never be reached and the "
                                   f"rules for level{'s' if len(higher) > 1 else ''} "
                                   f"{', '.join(map(str, higher))} never count",
                                   file=o.file, path=p, line=locate(o.file, p),
                                   hint=f"add a rule for {leaf} level {k} (a level counts only when every level "
                                        "below it holds), or fix the `level:` of a misnumbered rule"))
            else:
                i = max(idxs, key=lambda i: (rs.rules[i].level, i))
                o = rs.origins[i]
                p = f"rules[{o.index}]"
                out.append(Problem(f"{leaf}: no rule for level {k}" + (f"..{top}" if k < top else "")
                                   + f", so it can never reach the top of the scale ({top})",
                                   file=o.file, path=p, line=locate(o.file, p),
                                   hint=f"add rules for {leaf} up to level {top}, or accept that its target can "
                                        f"be at most {k - 1}"))
            flagged.add(leaf)
            break
    return out, flagged


def unread_questions(rs: PreparedRuleset, top_file: str | None, elsewhere: dict[str, list[str]],
                     where_asked: Callable[[str], str | None]) -> list[Problem]:
    """Questions no rule reads: one warning each, except those another ruleset of the framework
    reads (asked for that ruleset), which are summed up in one."""
    fw = rs.framework
    read: set[str] = set()
    for r in rs.rules:
        read |= questions_read(r.when)
    # the questions of an outcome without any rule are named in that outcome's own warning
    unread = [q for q in fw.questions if q.id not in read and q.outcome in rs.level_rules_of]
    out = []
    other = [q.id for q in unread if elsewhere.get(q.id)]
    for q in unread:
        if elsewhere.get(q.id):
            continue
        asked = where_asked(q.id)
        same = [r.id for r in rs.rules if r.outcome == q.outcome and (q.level is None or r.level == q.level)]
        out.append(Problem(f"question {q.id!r} (outcome {q.outcome}" + (f", level {q.level}" if q.level else "")
                           + ") is read by no rule: its answer never changes a level"
                           + (f" (asked at {asked})" if asked else ""), file=top_file,
                           hint=(f"read it in {', '.join(same[:3])}" if same else f"read it in a rule of {q.outcome}")
                           + " or drop it from the questionnaire"))
    if other:
        by = sorted({r for q in other for r in elsewhere[q]})
        out.append(Problem(f"{len(other)} question(s) are read only by other rulesets of {fw.id} "
                           f"({', '.join(by)}), not by this one: {', '.join(other)}", file=top_file,
                           hint="fine if they are asked for those rulesets; read them here to use their answers"))
    return out


def shadowed_rules(rs: PreparedRuleset, locate: Locate) -> list[Problem]:
    out = []
    rule_at = {(o.ruleset, o.index): r for r, o in zip(rs.rules, rs.origins)}
    for parent, child in rs.shadowed:
        r = rule_at.get((child.ruleset, child.index))
        if r is None:  # replaced again further down the chain
            continue
        p = f"rules[{child.index}]"
        pl = locate(parent.file, f"rules[{parent.index}]")
        out.append(Problem(f"rule {r.id!r} replaces the rule of the same id in {parent.ruleset} "
                           f"({parent.file or parent.ruleset}{':' + str(pl) if pl else ''}, rules[{parent.index}]): "
                           "the inherited rule no longer runs", file=child.file, path=p,
                           line=locate(child.file, p),
                           hint="intended when overriding; otherwise rename it to add a rule instead"))
    return out


def odd_entity_attributes(rs: PreparedRuleset, locate: Locate) -> list[Problem]:
    """`entity: sectr` is not an error (entities may carry any attribute) but is usually a typo."""
    out = []
    for rule, origin in zip(rs.rules, rs.origins):
        for path, leaf in _leaves_with_paths(rule.when, ".when"):
            if isinstance(leaf, EntityLeaf) and leaf.entity not in ENTITY_ATTRIBUTES:
                close = difflib.get_close_matches(leaf.entity, ENTITY_ATTRIBUTES, n=1, cutoff=0.7)
                if close:
                    p = f"rules[{origin.index}]{path}"
                    out.append(Problem(f"rule {rule.id!r}: entity attribute {leaf.entity!r} is not a standard one, "
                                       "so only entities that carry it as an extra attribute can match",
                                       file=origin.file, path=p, line=locate(origin.file, p),
                                       hint=f"did you mean {close[0]!r}?"))
    return out


def foreign_questions(rs: PreparedRuleset, locate: Locate) -> list[Problem]:
    """A level rule that reads questions, none of them its own outcome's: usually a copy-paste slip."""
    fw = rs.framework
    out = []
    for rule, origin in zip(rs.rules, rs.origins):
        if rule.outcome is None:
            continue
        qs = questions_read(rule.when)
        if not qs or any(fw.question[q].outcome == rule.outcome for q in qs if q in fw.question):
            continue
        if any(isinstance(lf, OutcomeLeaf) for lf in iter_leaves(rule.when)):
            continue
        others = sorted({fw.question[q].outcome for q in qs if q in fw.question})
        own = [q.id for q in fw.questions if q.outcome == rule.outcome
               and (q.level is None or q.level == rule.level)]
        if not own:
            continue
        p = f"rules[{origin.index}].when"
        out.append(Problem(f"rule {rule.id!r} decides {rule.outcome} level {rule.level} but reads only questions "
                           f"of {', '.join(others)}", file=origin.file, path=p, line=locate(origin.file, p),
                           hint=f"did you mean {', '.join(own[:3])}?"))
    return out


# --------------------------------------------------------------------------- the catalogue

def catalogue_problems(rs: PreparedRuleset, locate: Locate, skip: set[str]) -> list[Problem]:
    """Leaf outcomes whose top level no control in the catalogue can reach.

    For each kind of entity the rules tell apart (each sector a rule or a shared control names,
    and any other sector; each criticality when rules read it), every question is raised to the
    best value any control that serves such an entity implements, and the rules are evaluated on
    those answers with the reference evaluator. An outcome still below the top there is out of
    the planner's reach for that kind of entity."""
    from cyberplan.engine.rules.reference import assess_entity, leaf_value
    fw = rs.framework
    top = fw.max_level
    if not fw.controls:
        return [Problem(f"framework {fw.id} has no controls: the planner can raise no level", file=None,
                        hint="add a `controls:` catalogue to the framework")]
    sectors: list[str | None] = []
    reads_criticality = False
    for rule in rs.rules:
        if rule.outcome is None:   # findings do not change levels
            continue
        for leaf in iter_leaves(rule.when):
            if isinstance(leaf, EntityLeaf) and leaf.entity == "sector":
                for v in (leaf.operand if leaf.op == "in" else [leaf.operand]):
                    if isinstance(v, str) and v not in sectors:
                        sectors.append(v)
            if isinstance(leaf, EntityLeaf) and leaf.entity == "criticality":
                reads_criticality = True
    for c in fw.controls:
        for s in (c.serves.sector or []) if c.serves else []:
            if s not in sectors:
                sectors.append(s)
    profiles = []
    for s in sectors + [None]:
        for crit in ([1, 2, 3, 4, 5] if reads_criticality else [None]):
            vals: dict[str, Any] = {"id": "best-case", "sector": s if s is not None else "(any other sector)"}
            if crit is not None:
                vals["criticality"] = crit
            profiles.append(((s, crit), _Profile(vals)))
    short: dict[str, list[tuple[tuple, int, dict]]] = {}
    best_by_profile = []
    for key, prof in profiles:
        codes: dict[str, int] = {}
        for c in fw.controls:
            if c.scope == "shared" and not c.serves_entity(prof):
                continue
            for qid, value in c.implements.items():
                q = fw.question.get(qid)
                if q is None:
                    continue
                try:
                    code = q.encode(value)
                except ValueError:
                    continue
                if qid not in codes or code > codes[qid]:
                    codes[qid] = code
        answers = {qid: fw.question[qid].decode(code) for qid, code in codes.items()}
        res = assess_entity(rs, answers, prof)
        best_by_profile.append((key, prof, answers, res.levels))
        for leaf in fw.leaves:
            if leaf in skip:
                continue
            lv = res.levels.get(leaf, 0)
            if lv < top:
                short.setdefault(leaf, []).append((key, lv, answers))
    out = []
    n_profiles = len(profiles)
    for leaf, misses in short.items():
        lowest = min(lv for _, lv, _ in misses)
        key, lv, answers = next(m for m in misses if m[1] == lowest)
        k = lv + 1
        prof_levels = next(levels for kk, _, _, levels in best_by_profile if kk == key)
        prof = next(p for kk, p in profiles if kk == key)
        # why level k fails: the leaves of its rules that the best answers do not satisfy
        reasons: list[str] = []
        for r in rs.rules_for(leaf, k):
            for lf in iter_leaves(r.when):
                truth, saw = leaf_value(lf, fw, answers, prof, prof_levels)
                if truth is True:
                    continue
                if isinstance(lf, QuestionLeaf):
                    best = answers.get(lf.question)
                    reasons.append(f"{lf.question} (" + ("no control implements it" if best is None else
                                                         f"the best a control gives is {best!r}") + ")")
                elif isinstance(lf, OutcomeLeaf):
                    reasons.append(f"outcome {lf.outcome} (reaches only {prof_levels.get(lf.outcome)})")
                elif isinstance(lf, EntityLeaf) and saw is None:
                    reasons.append(f"entity attribute {lf.entity} (not a standard attribute: unknown for most entities)")
        reasons = list(dict.fromkeys(reasons))
        who = ""
        if len(misses) < n_profiles:
            kinds = sorted({_profile_name(kk) for kk, _, _ in misses})
            who = " for " + ", ".join(kinds)
        first = rs.by_level.get((leaf, k), [None])[0]
        file = path = line = None
        if first is not None:
            o = rs.origins[first]
            file, path = o.file, f"rules[{o.index}]"
            line = locate(file, path)
        out.append(Problem(f"{leaf}: no control in the catalogue can raise it above level {lowest}{who} (the top is "
                           f"{top}), so the planner can never close that gap"
                           + (f"; level {k} needs " + "; ".join(reasons[:4]) if reasons else ""),
                           file=file, path=path, line=line,
                           hint="add a control that `implements` " + (
                               ", ".join(r.split(" (")[0] for r in reasons[:3]
                                         if not r.startswith(("outcome", "entity")))
                               or "the answers level " + str(k) + " needs") + f", or lower the target of {leaf}"))
    return out


def _profile_name(key: tuple) -> str:
    sector, crit = key
    name = f"sector {sector}" if sector is not None else "other sectors"
    return name + (f" at criticality {crit}" if crit is not None else "")


# --------------------------------------------------------------------------- embedded tests

def test_problems(rs: PreparedRuleset, tests, file: str | None, locate: Locate
                  ) -> tuple[list[Problem], list[Problem]]:
    """Embedded tests that cannot run as written (errors: unknown questions or outcomes, bad
    answers) or prove little (warnings: a repeated name, nothing expected)."""
    from pydantic import ValidationError

    from cyberplan.engine.models import Entity
    fw = rs.framework
    out: list[Problem] = []
    warn: list[Problem] = []
    findings = {r.id for r in rs.rules if r.finding is not None}
    names: dict[str, int] = {}

    def bad(msg: str, path: str, hint: str | None = None, into: list | None = None) -> None:
        (out if into is None else into).append(Problem(msg, file=file, path=path, line=locate(file, path),
                                                       hint=hint))
    for i, t in enumerate(tests):
        base = f"tests[{i}]"
        if t.name in names:
            bad(f"test name {t.name!r} is used twice (first tests[{names[t.name]}])", base + ".name",
                "give every test its own name so failures can be told apart", warn)
        names.setdefault(t.name, i)
        for qid, value in t.answers.items():
            q = fw.question.get(qid)
            if q is None:
                bad(f"test {t.name!r}: answer to unknown question {qid!r}", f"{base}.answers.{qid}",
                    did_you_mean(qid, fw.question))
                continue
            if value is None:
                continue
            try:
                q.encode(value)
            except ValueError as e:
                bad(f"test {t.name!r}: question {qid}: {e}", f"{base}.answers.{qid}")
        for oid, level in t.expect.items():
            if oid not in fw.nodes:
                bad(f"test {t.name!r}: expects unknown outcome {oid!r}", f"{base}.expect.{oid}",
                    did_you_mean(oid, fw.nodes))
            elif not 0 <= level <= fw.max_level:
                bad(f"test {t.name!r}: expects level {level} of {oid}; the scale runs from 0 to {fw.max_level}",
                    f"{base}.expect.{oid}")
        for j, fid in enumerate(t.expect_findings or []):
            if fid not in findings:
                bad(f"test {t.name!r}: expects finding {fid!r}, which no finding rule has as id",
                    f"{base}.expect_findings[{j}]", did_you_mean(fid, findings))
        attrs = {k: v for k, v in t.entity.items() if k in ENTITY_ATTRIBUTES}
        extra = {k: v for k, v in t.entity.items() if k not in ENTITY_ATTRIBUTES}
        try:
            Entity(**{"id": "test", **attrs}, attributes=extra)
        except ValidationError as e:
            for err in e.errors(include_url=False):
                key = ".".join(str(x) for x in err["loc"])
                bad(f"test {t.name!r}: entity {key}: {err['msg']}", f"{base}.entity")
        if not t.expect and t.expect_findings is None:
            bad(f"test {t.name!r} expects nothing, so it can never fail", base,
                "add `expect: {OUTCOME: LEVEL}` or `expect_findings: [...]`", warn)
    return out, warn


__all__ = ["Findings", "reference_problems", "always_holds", "impossible_rules", "level_problems",
           "unread_questions", "shadowed_rules", "odd_entity_attributes", "foreign_questions",
           "catalogue_problems", "test_problems", "can_hold", "NUMERIC_ENTITY_ATTRIBUTES"]
