"""A ruleset made ready to run: `extends` flattened, checked against its framework, staged.

Rules can read derived outcome levels (`{outcome: DE.CM-01, lt: 2}`), so outcomes are evaluated
in stages: a rule runs in the stage after every outcome it reads has been decided. A cycle of such
reads is an error.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from cyberplan.engine.errors import InputError, Problem, did_you_mean, find_cycle
from cyberplan.engine.models import (
    AllCondition,
    AnyCondition,
    Condition,
    EntityLeaf,
    Framework,
    NotCondition,
    OutcomeLeaf,
    QuestionLeaf,
    Rule,
    Ruleset,
)

ENTITY_ATTRIBUTES = ("id", "name", "sector", "criticality", "size_factor")
NUMERIC_ENTITY_ATTRIBUTES = ("criticality", "size_factor")


def iter_leaves(cond: Condition) -> Iterator[QuestionLeaf | EntityLeaf | OutcomeLeaf]:
    if isinstance(cond, AllCondition):
        for c in cond.all:
            yield from iter_leaves(c)
    elif isinstance(cond, AnyCondition):
        for c in cond.any:
            yield from iter_leaves(c)
    elif isinstance(cond, NotCondition):
        yield from iter_leaves(cond.not_)
    else:
        yield cond


def questions_read(cond: Condition) -> set[str]:
    return {leaf.question for leaf in iter_leaves(cond) if isinstance(leaf, QuestionLeaf)}


def outcomes_read(cond: Condition) -> set[str]:
    return {leaf.outcome for leaf in iter_leaves(cond) if isinstance(leaf, OutcomeLeaf)}


@dataclass
class Origin:
    """Where a rule came from, for messages and for `rules check`."""
    ruleset: str
    file: str | None
    index: int


@dataclass
class PreparedRuleset:
    """The flattened, validated ruleset the evaluators and the planner run."""

    framework: Framework
    id: str
    rules: list[Rule]
    origins: list[Origin]
    rollup_default: str = "mean"
    rollup: dict[str, str] = field(default_factory=dict)
    chain: list[Ruleset] = field(default_factory=list)  # base first
    shadowed: list[tuple[Origin, Origin]] = field(default_factory=list)  # (parent rule, child rule)

    # computed by prepare()
    by_level: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    level_rules_of: dict[str, list[int]] = field(default_factory=dict)
    finding_rules: list[int] = field(default_factory=list)
    stage_of_rule: list[int] = field(default_factory=list)
    stage_of_outcome: dict[str, int] = field(default_factory=dict)
    stages: int = 1

    def rollup_of(self, node: str) -> str:
        best, best_len = self.rollup_default, -1
        from cyberplan.engine.assess.targets import pattern_matches
        for pattern, how in self.rollup.items():
            if pattern_matches(pattern, node) and len(pattern) > best_len:
                best, best_len = how, len(pattern)
        return best

    @property
    def tests(self):
        return [t for rs in self.chain for t in rs.tests]

    def rules_for(self, outcome: str, level: int) -> list[Rule]:
        return [self.rules[i] for i in self.by_level.get((outcome, level), [])]


def merge_chain(chain: list[tuple[Ruleset, str | None]], on_duplicate: Callable | None = None):
    """Merge a chain of rulesets (base first): the child's rules follow the parent's, and a rule
    with the id of an inherited one replaces it in place. A rule id repeated within one ruleset
    raises, or — with `on_duplicate(rule, origin, first_index)` — is reported and kept as a rule
    of its own. Returns (rules, origins, shadowed, rollup_default, rollup)."""
    rules: list[Rule] = []
    origins: list[Origin] = []
    index: dict[str, int] = {}
    shadowed: list[tuple[Origin, Origin]] = []
    rollup_default, rollup = "mean", {}
    for rs, file in chain:
        here: dict[str, int] = {}
        for i, rule in enumerate(rs.rules):
            origin = Origin(rs.id, file, i)
            if rule.id in here:
                if on_duplicate is None:
                    raise InputError(f"duplicate rule id {rule.id!r}", file=file, path=f"rules[{i}].id")
                on_duplicate(rule, origin, here[rule.id])
                rules.append(rule)
                origins.append(origin)
                continue
            here[rule.id] = i
            if rule.id in index:
                k = index[rule.id]
                shadowed.append((origins[k], origin))
                rules[k], origins[k] = rule, origin
            else:
                index[rule.id] = len(rules)
                rules.append(rule)
                origins.append(origin)
        if rs.rollup is not None:
            rollup_default = rs.rollup.default
            rollup.update(rs.rollup.outcomes)
    return rules, origins, shadowed, rollup_default, rollup


def flatten(chain: list[tuple[Ruleset, str | None]], framework: Framework) -> PreparedRuleset:
    """The chain merged (see `merge_chain`), checked against the framework and staged."""
    rules, origins, shadowed, rollup_default, rollup = merge_chain(chain)
    top = chain[-1][0]
    prepared = PreparedRuleset(framework=framework, id=top.id, rules=rules, origins=origins,
                               rollup_default=rollup_default, rollup=rollup,
                               chain=[rs for rs, _ in chain], shadowed=shadowed)
    problems = check_against_framework(prepared)
    if problems:
        raise InputError(with_lines(problems))
    _stage(prepared)
    return prepared


def with_lines(problems: list[Problem]) -> list[Problem]:
    """Give problems found after loading the line of their key path (the files are read again:
    this happens only when something is wrong)."""
    from cyberplan.engine.inputs.read import parse_loc, read_document
    docs: dict[str, object] = {}
    for p in problems:
        if p.line is None and p.file and p.path:
            try:
                doc = docs.get(p.file) or read_document(p.file)
            except InputError:
                continue
            docs[p.file] = doc
            p.line = doc.line_of(parse_loc(p.path))
    return problems


def check_against_framework(rs: PreparedRuleset) -> list[Problem]:
    """Every reference a rule makes must exist, and every comparison must be of the right type."""
    fw = rs.framework
    out: list[Problem] = []
    for rule, origin in zip(rs.rules, rs.origins):
        base = f"rules[{origin.index}]"

        def bad(msg: str, where: str = "", hint: str | None = None) -> None:
            out.append(Problem(msg, file=origin.file, path=base + where, hint=hint))
        if rule.outcome is not None:
            if rule.outcome not in fw.nodes:
                bad(f"unknown outcome {rule.outcome!r}", ".outcome", did_you_mean(rule.outcome, fw.nodes))
            elif rule.outcome not in fw.leaves:
                bad(f"outcome {rule.outcome!r} is not a leaf; parents are rolled up from their children", ".outcome")
            if rule.level is not None and rule.level > fw.max_level:
                bad(f"level {rule.level} is above the top of the scale ({fw.max_level})", ".level")
        for path, leaf in _leaves_with_paths(rule.when, ".when"):
            for msg, hint in leaf_problems(leaf, fw):
                bad(msg, path, hint)
    return out


def _leaves_with_paths(cond: Condition, path: str):
    if isinstance(cond, AllCondition):
        for i, c in enumerate(cond.all):
            yield from _leaves_with_paths(c, f"{path}.all[{i}]")
    elif isinstance(cond, AnyCondition):
        for i, c in enumerate(cond.any):
            yield from _leaves_with_paths(c, f"{path}.any[{i}]")
    elif isinstance(cond, NotCondition):
        yield from _leaves_with_paths(cond.not_, f"{path}.not")
    else:
        yield path, cond


def leaf_problems(leaf, fw: Framework) -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    values = leaf.operand if leaf.op == "in" else [leaf.operand]
    if leaf.op == "in" and not values:
        out.append(("`in` needs at least one value", None))
    if isinstance(leaf, QuestionLeaf):
        q = fw.question.get(leaf.question)
        if q is None:
            return [(f"unknown question {leaf.question!r}", did_you_mean(leaf.question, fw.question))]
        out += [(msg, None) for msg in q.operand_problems(leaf.op, values)]
    elif isinstance(leaf, OutcomeLeaf):
        if leaf.outcome not in fw.nodes:
            out.append((f"unknown outcome {leaf.outcome!r}", did_you_mean(leaf.outcome, fw.nodes)))
        for v in values:
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= fw.max_level:
                out.append((f"an outcome level is a whole number from 0 to {fw.max_level}, got {v!r}", None))
    else:
        if leaf.entity in NUMERIC_ENTITY_ATTRIBUTES:
            for v in values:
                if isinstance(v, bool) or not isinstance(v, (int, float)):
                    out.append((f"entity {leaf.entity} is a number, got {v!r}", None))
        elif leaf.op not in ("eq", "ne", "in"):
            out.append((f"entity {leaf.entity} is text: compare it with eq, ne or in", None))
    return out


def _stage(rs: PreparedRuleset) -> None:
    fw = rs.framework
    for i, rule in enumerate(rs.rules):
        if rule.outcome is not None:
            rs.by_level.setdefault((rule.outcome, rule.level), []).append(i)
            rs.level_rules_of.setdefault(rule.outcome, []).append(i)
        if rule.finding is not None:
            rs.finding_rules.append(i)
    # outcome -> leaf outcomes its rules read (a parent read means all its leaves)
    deps: dict[str, set[str]] = {}
    for leaf_id, idxs in rs.level_rules_of.items():
        d: set[str] = set()
        for i in idxs:
            for o in outcomes_read(rs.rules[i].when):
                d.update(fw.leaves_under.get(o, []))
        deps[leaf_id] = d
    cycle = find_cycle({k: sorted(v) for k, v in deps.items()})
    if cycle:
        i = rs.level_rules_of[cycle[0]][0]
        raise InputError("rules read outcome levels in a cycle: " + " -> ".join(cycle + [cycle[0]]),
                         file=rs.origins[i].file, path=f"rules[{rs.origins[i].index}]")
    memo: dict[str, int] = {}

    def stage(o: str) -> int:
        if o not in memo:
            ds = deps.get(o, set())
            memo[o] = 0 if not ds else 1 + max(stage(d) for d in ds)
        return memo[o]
    for leaf_id in fw.leaves:
        rs.stage_of_outcome[leaf_id] = stage(leaf_id)
    for i, rule in enumerate(rs.rules):
        if rule.outcome is not None:
            rs.stage_of_rule.append(rs.stage_of_outcome[rule.outcome])
        else:
            reads = {lf for o in outcomes_read(rule.when) for lf in fw.leaves_under.get(o, [])}
            rs.stage_of_rule.append(0 if not reads else 1 + max(rs.stage_of_outcome[o] for o in reads))
    rs.stages = 1 + max(rs.stage_of_rule, default=0)


Resolver = Callable[[str, str | None], tuple[Ruleset, str | None]]


def prepare(ruleset: Ruleset, file: str | None, framework: Framework, resolve: Resolver) -> PreparedRuleset:
    """Follow `extends` (via `resolve(id_or_path, relative_to_file)`), check, flatten and stage."""
    chain: list[tuple[Ruleset, str | None]] = [(ruleset, file)]
    seen = {ruleset.id}
    while chain[0][0].extends:
        parent_ref = chain[0][0].extends
        try:
            parent, parent_file = resolve(parent_ref, chain[0][1])
        except InputError as e:
            for p in e.problems:   # an unknown parent: say which file's `extends` named it
                if p.file is None:
                    p.file, p.path = chain[0][1], "extends"
            raise
        if parent.id in seen:
            raise InputError(f"`extends` forms a cycle through {parent.id!r}", file=chain[0][1], path="extends")
        seen.add(parent.id)
        chain.insert(0, (parent, parent_file))
    for rs, f in chain:
        if rs.framework != framework.id:
            raise InputError(f"ruleset {rs.id!r} is for framework {rs.framework!r}, not {framework.id!r}",
                             file=f, path="framework")
    return flatten(chain, framework)


def roll_up(rs: PreparedRuleset, levels: dict[str, int]) -> None:
    """Fill in every parent's level from its children (in place): floor of the mean by default."""
    fw = rs.framework

    def level(node_id: str) -> int | None:
        node = fw.nodes[node_id]
        if not node.children:
            return levels.get(node_id)
        vals = [level(c.id) for c in node.children]
        if any(v is None for v in vals):
            return None
        how = rs.rollup_of(node_id)
        value = min(vals) if how == "min" else max(vals) if how == "max" else sum(vals) // len(vals)
        levels[node_id] = value
        return value
    for root in fw.outcomes:
        level(root.id)


def operand_codes(leaf, fw: Framework) -> list[Any]:
    """The operand(s) of a leaf in the engine's encoding (scaled integers, text for text)."""
    values = leaf.operand if leaf.op == "in" else [leaf.operand]
    if isinstance(leaf, QuestionLeaf):
        q = fw.question[leaf.question]
        return [q.encode(v) for v in values]
    if isinstance(leaf, OutcomeLeaf):
        return [int(v) for v in values]
    return [encode_attribute(leaf.entity, v) for v in values]


def encode_attribute(name: str, value: Any) -> Any:
    from cyberplan.engine.models import NUMBER_SCALE
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return round(value * NUMBER_SCALE)
    return value
