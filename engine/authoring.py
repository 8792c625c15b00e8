"""For ruleset authors: run a ruleset's embedded tests, and check a ruleset for mistakes."""
from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from .errors import InputError, Problem
from .model import Entity
from .ruleset import PreparedRuleset


@dataclass
class TestResult:
    name: str
    passed: bool
    details: list[str] = field(default_factory=list)


def run_ruleset_tests(rs: PreparedRuleset) -> list[TestResult]:
    """Each embedded test's answers assessed by durable-rules, against its expected levels."""
    from .assess import encode_answers
    from .rules import durable_ruleset
    fw = rs.framework
    engine = durable_ruleset(rs)
    out = []
    for t in rs.tests:
        attrs = {k: v for k, v in t.entity.items() if k in ("id", "name", "sector", "criticality", "size_factor")}
        extra = {k: v for k, v in t.entity.items() if k not in attrs}
        entity = Entity(id=str(attrs.pop("id", "test")), attributes=extra, answers=t.answers, **attrs)
        codes, problems = encode_answers(fw, entity)
        if problems:
            out.append(TestResult(t.name, False, [f"bad test input: {p}" for p in problems]))
            continue
        levels, decided, findings, held = engine.evaluate(codes, entity)
        details = []
        for outcome, want in t.expect.items():
            if outcome not in fw.nodes:
                details.append(f"expects unknown outcome {outcome!r}")
                continue
            got = levels.get(outcome)
            if got != want:
                details.append(f"{outcome}: expected level {want}, got {got}"
                               + (f" (decided by {decided[outcome]})" if outcome in decided else "")
                               + "; rules that held: " + (", ".join(sorted(
                                   r for r in held if any(x.id == r and x.outcome in fw.leaves_under[outcome]
                                                          for x in rs.rules))) or "none"))
        if t.expect_findings is not None and sorted(findings) != sorted(t.expect_findings):
            details.append(f"findings: expected {sorted(t.expect_findings)}, got {sorted(findings)}")
        out.append(TestResult(t.name, not details, details))
    return out


def junit_xml(suite: str, results: list[TestResult]) -> str:
    failures = sum(1 for r in results if not r.passed)
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<testsuite name={quoteattr(suite)} tests="{len(results)}" failures="{failures}">']
    for r in results:
        lines.append(f'  <testcase classname={quoteattr(suite)} name={quoteattr(r.name)}>')
        if not r.passed:
            lines.append(f'    <failure message={quoteattr(r.details[0] if r.details else "failed")}>'
                         f'{escape(chr(10).join(r.details))}</failure>')
        lines.append('  </testcase>')
    lines.append('</testsuite>')
    return "\n".join(lines) + "\n"


@dataclass
class CheckReport:
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def check_ruleset(ref: str, registry, framework: str | None = None) -> CheckReport:
    """Errors (schema, references, impossible comparisons) and warnings (unreachable levels,
    leaves without rules, questions no rule reads, shadowed rules, targets no control reaches)."""
    from .lint import lint_ruleset
    report = CheckReport()
    try:
        raw, file = registry.raw_ruleset(ref)
        fw = registry.framework(framework or raw.framework, relative_to=file)
        prepared = registry.ruleset(ref, fw)
    except InputError as e:
        report.errors.extend(e.problems)
        return report
    report.warnings.extend(lint_ruleset(prepared))
    return report
