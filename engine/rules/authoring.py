"""For ruleset authors: run a ruleset's embedded tests (`cyberplan rules test`) and check a
ruleset for mistakes (`cyberplan rules check`)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from cyberplan.engine.errors import InputError, Problem
from cyberplan.engine.inputs.document import Document
from cyberplan.engine.inputs.read import parse_loc, read_document, validate
from cyberplan.engine.models import Entity, Ruleset
from cyberplan.engine.rules.prepare import (
    ENTITY_ATTRIBUTES,
    PreparedRuleset,
    _stage,
    merge_chain,
    outcomes_read,
    questions_read,
)

# --------------------------------------------------------------------------- rules test

@dataclass
class TestResult:
    name: str
    passed: bool
    details: list[str] = field(default_factory=list)
    source: str | None = None          # the ruleset the test comes from
    file: str | None = None
    expected: dict[str, int] = field(default_factory=dict)
    actual: dict[str, int | None] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)   # expectations on outcomes a child ruleset redefines
    trace: list[str] = field(default_factory=list)     # the rules of every failing outcome, as text


def _redefined(rs: PreparedRuleset, after: str) -> tuple[set[str], set[str]]:
    """Outcomes that rulesets later in the chain than `after` redefine (add or replace rules
    for), with every outcome whose rules read them; and the findings they change (their own, and
    those that read a redefined outcome)."""
    fw = rs.framework
    ids = [r.id for r in rs.chain]
    later = set(ids[ids.index(after) + 1:]) if after in ids else set()
    if not later:
        return set(), set()
    changed = {rs.rules[i].outcome for i, o in enumerate(rs.origins)
               if o.ruleset in later and rs.rules[i].outcome is not None}
    findings_changed = {rs.rules[i].id for i in rs.finding_rules if rs.origins[i].ruleset in later}
    grew = True
    while grew:
        grew = False
        for leaf, idxs in rs.level_rules_of.items():
            if leaf in changed:
                continue
            reads = {lf for i in idxs for o in outcomes_read(rs.rules[i].when) for lf in fw.leaves_under.get(o, [])}
            if reads & changed:
                changed.add(leaf)
                grew = True
    for i in rs.finding_rules:
        reads = {lf for o in outcomes_read(rs.rules[i].when) for lf in fw.leaves_under.get(o, [])}
        if reads & changed:
            findings_changed.add(rs.rules[i].id)
    # a parent outcome changes when one of its leaves does
    for node, leaves in fw.leaves_under.items():
        if set(leaves) & changed:
            changed.add(node)
    return changed, findings_changed


def _test_entity(t) -> Entity:
    attrs = {k: v for k, v in t.entity.items() if k in ENTITY_ATTRIBUTES}
    extra = {k: v for k, v in t.entity.items() if k not in ENTITY_ATTRIBUTES}
    return Entity(**{"id": "test", **attrs}, attributes=extra, answers=t.answers)


def run_ruleset_tests(rs: PreparedRuleset, only_own: bool = False) -> list[TestResult]:
    """Each embedded test's answers assessed by durable-rules, against its expected levels and
    findings. Tests inherited through `extends` run too, except their expectations on outcomes
    (and findings) the extending ruleset redefines: those are the child's to test."""
    from pydantic import ValidationError

    from cyberplan.engine.assess.levels import encode_answers
    from cyberplan.engine.rules.durable import durable_ruleset
    from cyberplan.engine.rules.reference import assess_entity, explain_outcome
    fw = rs.framework
    engine = durable_ruleset(rs)
    file_of = {o.ruleset: o.file for o in rs.origins}
    out = []
    for member in rs.chain:
        if only_own and member.id != rs.id:
            continue
        changed, findings_changed = _redefined(rs, member.id)
        for t in member.tests:
            res = TestResult(t.name, False, source=member.id, file=file_of.get(member.id))
            out.append(res)
            try:
                entity = _test_entity(t)
            except ValidationError as e:
                res.details = [f"bad test entity: {err['loc'][0] if err['loc'] else ''} {err['msg']}"
                               for err in e.errors(include_url=False)]
                continue
            codes, problems = encode_answers(fw, entity)
            if problems:
                res.details = [f"bad test input: {p}" for p in problems]
                continue
            levels, decided, findings, held = engine.evaluate(codes, entity)
            answers = {q: v for q, v in t.answers.items() if v is not None and not fw.question[q].is_unknown(v)}
            reference = None
            for outcome, want in t.expect.items():
                if outcome not in fw.nodes:
                    res.details.append(f"expects unknown outcome {outcome!r}")
                    continue
                if outcome in changed:
                    res.skipped.append(outcome)
                    continue
                got = levels.get(outcome)
                res.expected[outcome], res.actual[outcome] = want, got
                if got == want:
                    continue
                res.details.append(f"{outcome}: expected level {want}, got {got}"
                                   + (f" (decided by {decided[outcome]})" if outcome in decided else
                                      " (no rule for level 1 holds)" if not fw.nodes[outcome].children else ""))
                if reference is None:
                    reference = assess_entity(rs, answers, entity)
                if reference.levels.get(outcome) != got:
                    res.details.append(f"  note: the reference evaluator gives {reference.levels.get(outcome)}: "
                                       "durable-rules and it disagree; please report this")
                for leaf in fw.leaves_under[outcome]:
                    res.trace.append(f"{leaf} (level {levels.get(leaf)}):")
                    traces = explain_outcome(rs, leaf, answers, entity, levels)
                    if not traces:
                        res.trace.append("  no rules: level 0")
                    for tr in traces:
                        res.trace.append(f"  level {tr.level} rule {tr.rule}: "
                                         + ("holds" if tr.truth is True else "does not hold"))
                        res.trace.extend("    " + line for line in tr.tree.splitlines())
            if t.expect_findings is not None:
                want = sorted(set(t.expect_findings) - findings_changed)
                have = sorted(set(findings) - findings_changed)
                touched = findings_changed & (set(t.expect_findings) | set(findings))
                if touched:
                    res.skipped.append("finding " + ", ".join(sorted(touched)))
                if want != have:
                    missing = sorted(set(want) - set(have))
                    extra = sorted(set(have) - set(want))
                    res.details.append(f"findings: expected {want}, got {have}"
                                       + (f"; missing {missing}" if missing else "")
                                       + (f"; unexpected {extra}" if extra else ""))
            res.passed = not res.details
    return out


def format_results(results: list[TestResult]) -> str:
    """PASS/FAIL per test with expected and actual levels, the trace of failures, a summary."""
    lines = []
    for r in results:
        got = ", ".join(f"{o}={r.actual.get(o)}" for o in r.expected)
        origin = f" [from {r.source}]" if r.source and results and r.source != results[-1].source else ""
        skipped = f" ({len(r.skipped)} expectation(s) skipped: redefined by the extending ruleset: " \
                  f"{', '.join(r.skipped)})" if r.skipped else ""
        if r.passed:
            lines.append(f"PASS {r.name}{origin}" + (f"  ({got})" if got else "") + skipped)
            continue
        lines.append(f"FAIL {r.name}{origin}" + (f"  ({r.file})" if r.file else ""))
        for d in r.details:
            lines.append("     " + d)
        if r.expected:
            lines.append("     expected: " + ", ".join(f"{o}={v}" for o, v in r.expected.items())
                         + "   actual: " + ", ".join(f"{o}={r.actual.get(o)}" for o in r.expected))
        if r.trace:
            lines.append("     rule trace:")
            lines.extend("       " + t for t in r.trace)
    failed = sum(1 for r in results if not r.passed)
    lines.append(f"{len(results) - failed} passed, {failed} failed")
    return "\n".join(lines) + "\n"


def junit_xml(suite: str, results: list[TestResult]) -> str:
    failures = sum(1 for r in results if not r.passed)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<testsuite name={quoteattr(suite)} tests="{len(results)}" failures="{failures}" errors="0">']
    for r in results:
        lines.append(f'  <testcase classname={quoteattr(r.source or suite)} name={quoteattr(r.name)}'
                     + (f' file={quoteattr(r.file)}' if r.file else '') + '>')
        if not r.passed:
            body = "\n".join(r.details + (["rule trace:"] + r.trace if r.trace else []))
            lines.append(f'    <failure message={quoteattr(r.details[0] if r.details else "failed")}>'
                         f'{escape(body)}</failure>')
        lines.append('  </testcase>')
    lines.append('</testsuite>')
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- rules check

@dataclass
class CheckReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)   # work left that is not a mistake (placeholder estimates)
    ruleset: str | None = None
    framework: str | None = None
    rules: int = 0

    def text(self) -> str:
        lines = [f"error: {_show(p)}" for p in self.errors] + [f"warning: {_show(p)}" for p in self.warnings]
        lines += [f"to do: {n}" for n in self.notes]
        what = (f"{self.ruleset} ({self.rules} rules" + (f", framework {self.framework}" if self.framework else "")
                + "): ") if self.ruleset else ""
        lines.append(f"{what}{len(self.errors)} errors, {len(self.warnings)} warnings"
                     + (f", {len(self.notes)} to do" if self.notes else ""))
        return "\n".join(lines) + "\n"


def _show(p: Problem) -> str:
    hint, p.hint = p.hint, None
    try:
        text = str(p)
    finally:
        p.hint = hint
    return text + (f"\n    fix: {hint}" if hint else "")


class _Checker:
    def __init__(self, registry):
        self.registry = registry
        self.docs: dict[str, Document] = {}

    def locate(self, file: str | None, path: str | None) -> int | None:
        if file is None or path is None or file not in self.docs:
            return None
        return self.docs[file].line_of(parse_loc(path))

    def load(self, ref: str, relative_to: str | None) -> tuple[Ruleset, str | None]:
        from cyberplan.engine.inputs.registry import _as_path
        entry = self.registry.rulesets.get(ref)
        if entry is not None and entry.obj is not None:
            return entry.obj, None
        path = entry.path if entry is not None else _as_path(ref, relative_to)
        if path is None:
            return self.registry.raw_ruleset(ref, relative_to)   # raises "unknown ruleset ..."
        doc = read_document(path)
        self.docs[str(path)] = doc
        return validate(Ruleset, doc), str(path)

    def framework_files(self, ref: str, relative_to: str | None) -> list[Path]:
        from cyberplan.engine.inputs.registry import _as_path
        entry = self.registry.frameworks.get(ref)
        p = entry.path if entry is not None else _as_path(ref, relative_to)
        if p is None:
            return []
        p = Path(p)
        return [p / n for n in ("framework.yaml", "questions.yaml") if (p / n).exists()] if p.is_dir() else [p]

    def where_asked_fn(self, files: list[Path]):
        index: dict[str, str] | None = None

        def where(qid: str) -> str | None:
            nonlocal index
            if index is None:
                index = {}
                for f in files:
                    try:
                        doc = read_document(f)
                    except InputError:
                        continue
                    qs = doc.data.get("questions") if isinstance(doc.data, dict) else None
                    for i, q in enumerate(qs or []):
                        if isinstance(q, dict) and "id" in q:
                            line = doc.line_of(("questions", i))
                            index.setdefault(str(q["id"]), f"{f}:{line}" if line else str(f))
            return index.get(qid)
        return where


def check_ruleset(ref: str, registry, framework: str | None = None) -> CheckReport:
    """Errors (schema, references, comparisons and rules that can never hold, bad tests) and
    warnings (unreachable levels, leaves without rules, questions no rule reads, rules replaced
    through `extends`, outcomes whose top level no control in the catalogue reaches)."""
    from cyberplan.engine.rules import lint
    report = CheckReport()
    ck = _Checker(registry)
    # the ruleset, its `extends` chain and its framework
    try:
        top, top_file = ck.load(ref, None)
    except InputError as e:
        report.errors.extend(e.problems)
        return report
    report.ruleset = top.id
    chain: list[tuple[Ruleset, str | None]] = [(top, top_file)]
    seen = {top.id}
    while chain[0][0].extends:
        child, child_file = chain[0]
        try:
            parent, parent_file = ck.load(child.extends, child_file)
        except InputError as e:
            for p in e.problems:
                if p.file is None:
                    p.file, p.path, p.line = child_file, "extends", ck.locate(child_file, "extends")
            report.errors.extend(e.problems)
            return report
        if parent.id in seen:
            report.errors.append(Problem(f"`extends` forms a cycle through {parent.id!r}", file=child_file,
                                         path="extends", line=ck.locate(child_file, "extends"),
                                         hint="a ruleset may extend only rulesets that do not extend it back"))
            return report
        seen.add(parent.id)
        chain.insert(0, (parent, parent_file))
    fw_ref = framework or top.framework
    try:
        fw = registry.framework(fw_ref, relative_to=None if framework else top_file)
    except InputError as e:
        for p in e.problems:
            if p.file is None and not framework:
                p.file, p.path, p.line = top_file, "framework", ck.locate(top_file, "framework")
        report.errors.extend(e.problems)
        return report
    report.framework = fw.id
    waiting = fw.placeholders()
    if waiting:
        # not a mistake in the ruleset (--strict passes), but `plan` refuses until they are estimated
        report.notes.append(f"{len(waiting)} of {len(fw.controls)} controls of {fw.id} are placeholders with no "
                            "cost, effort or duration yet (" + ", ".join(c.id for c in waiting[:5])
                            + (", ..." if len(waiting) > 5 else "") + "): `plan` refuses them until they are "
                            "filled (cyberplan import ... --costs FILE, or edit the controls)")
    for rs, f in chain:
        if rs.framework != fw.id:
            report.errors.append(Problem(f"ruleset {rs.id!r} is for framework {rs.framework!r}, not {fw.id!r}",
                                         file=f, path="framework", line=ck.locate(f, "framework"),
                                         hint="check it against its own framework (--framework), or change "
                                              "`framework:`"))
    if report.errors:
        return report

    # flatten, collecting problems instead of stopping at the first
    def duplicate(rule, origin, first: int) -> None:
        i, f = origin.index, origin.file
        report.errors.append(Problem(f"duplicate rule id {rule.id!r} (first at rules[{first}])",
                                     file=f, path=f"rules[{i}].id", line=ck.locate(f, f"rules[{i}].id"),
                                     hint="rule ids must be unique in a ruleset: rename one"))
    # still checked as a rule of its own, so nothing else cascades
    rules, origins, shadowed, rollup_default, rollup = merge_chain(chain, on_duplicate=duplicate)
    prepared = PreparedRuleset(framework=fw, id=top.id, rules=rules, origins=origins,
                               rollup_default=rollup_default, rollup=rollup, chain=[r for r, _ in chain],
                               shadowed=shadowed)
    report.rules = len(rules)
    errors, bad_rules, dead = lint.reference_problems(prepared, ck.locate)
    report.errors.extend(errors)
    for rs, f in chain:
        errs, warns = lint.test_problems(prepared, rs.tests, f, ck.locate)
        report.errors.extend(errs)
        report.warnings.extend(warns)
    if bad_rules - dead:
        return _sorted(report)
    def located(e: InputError) -> list[Problem]:
        for p in e.problems:
            p.line = p.line or ck.locate(p.file, p.path)
        return e.problems
    try:
        _stage(prepared)
    except InputError as e:
        report.errors.extend(located(e))
        return _sorted(report)

    errors, more_dead = lint.impossible_rules(prepared, ck.locate, skip=dead)
    report.errors.extend(errors)
    dead |= more_dead
    top_line = ck.locate(top_file, "rules")
    warnings, flagged = lint.level_problems(prepared, ck.locate, dead, top_file, top_line)
    report.warnings.extend(warnings)
    report.warnings.extend(lint.always_holds(prepared, ck.locate))
    report.warnings.extend(lint.foreign_questions(prepared, ck.locate))
    report.warnings.extend(lint.odd_entity_attributes(prepared, ck.locate))
    report.warnings.extend(lint.shadowed_rules(prepared, ck.locate))
    report.warnings.extend(lint.unread_questions(prepared, top_file, _read_elsewhere(prepared, registry),
                                                 ck.where_asked_fn(ck.framework_files(fw_ref, None if framework
                                                                                      else top_file))))
    report.warnings.extend(lint.catalogue_problems(prepared, ck.locate, flagged))
    # the rules engine's own limits (rules too big for one durable-rules ruleset)
    if report.errors:
        return _sorted(report)
    try:
        from cyberplan.engine.rules.durable import durable_ruleset
        durable_ruleset(prepared)
    except InputError as e:
        report.errors.extend(located(e))
    return _sorted(report)


def _read_elsewhere(rs: PreparedRuleset, registry) -> dict[str, list[str]]:
    """Question id -> the other installed rulesets of the framework that read it."""
    fw = rs.framework
    own = {r.id for r in rs.chain}
    read: set[str] = set()
    for r in rs.rules:
        read |= questions_read(r.when)
    if all(q.id in read for q in fw.questions):
        return {}
    out: dict[str, list[str]] = {}
    for entry in registry.rulesets.values():
        if entry.framework != fw.id or entry.id in own:
            continue
        try:
            other, _ = registry.raw_ruleset(entry.id)
        except InputError:
            continue
        for rule in other.rules:
            try:
                for q in questions_read(rule.when):
                    if q not in read:
                        out.setdefault(q, [])
                        if entry.id not in out[q]:
                            out[q].append(entry.id)
            except Exception:  # noqa: BLE001 - another ruleset's oddities are not this check's business
                continue
    return out


def _sorted(report: CheckReport) -> CheckReport:
    def key(p: Problem) -> Any:
        return (p.file or "", p.line if p.line is not None else 10 ** 9)
    report.errors.sort(key=key)
    report.warnings.sort(key=key)
    return report
