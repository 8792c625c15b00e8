"""Assessment: answers -> maturity level of every outcome, per entity, with the deciding rule.

Unknown is not "no": a question nobody answered, or answered `unknown`, satisfies no rule, so the
levels it feeds can only be as high as the answers given allow. Each entity's share of such
questions is reported; above the threshold (default 20%) its levels are marked as lower bounds,
and a finding whose every question is unanswered says so.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from cyberplan.engine.errors import InputError, Problem, did_you_mean
from cyberplan.engine.models import Assessment, Entity, Framework
from cyberplan.engine.rules.prepare import PreparedRuleset

Evaluator = Literal["durable", "reference"]

UNANSWERED_THRESHOLD = 0.2   # above this share of unanswered questions an entity's levels are lower bounds


class FindingResult(BaseModel):
    rule: str
    severity: str
    text: str
    unanswered: list[str] = Field(default_factory=list,
                                  description="Questions the finding depends on (directly or through the outcome "
                                              "levels it reads) that are unanswered or answered `unknown`.")
    unanswered_only: bool = Field(default=False,
                                  description="Every question the finding depends on is unanswered: it says what "
                                              "is not known, not what is wrong.")


class EntityResult(BaseModel):
    id: str
    name: str | None = None
    sector: str | None = None
    criticality: int = 1
    levels: dict[str, int]
    decided_by: dict[str, str]
    codes: dict[str, int] = Field(default_factory=dict, exclude=True)   # the encoded answers, for the planner
    not_assessed: list[str] = Field(default_factory=list,
                                    description="Questions the ruleset reads that were left blank.")
    unknown: list[str] = Field(default_factory=list,
                               description="Questions the ruleset reads that were answered `unknown`.")
    unanswered_share: float = Field(default=0.0,
                                    description="(not assessed + unknown) / questions the ruleset reads, 0..1.")
    lower_bound: bool = Field(default=False,
                              description="The unanswered share is above the threshold: the levels are lower "
                                          "bounds (answers could raise them, not lower them).")
    findings: list[FindingResult] = Field(default_factory=list)


class AssessmentResult(BaseModel):
    framework: str
    framework_title: str | None = None
    ruleset: str
    assessed: _dt.date | None = None
    unanswered_threshold: float = UNANSWERED_THRESHOLD
    levels: dict[int, str]
    entities: list[EntityResult]

    def entity(self, entity_id: str) -> EntityResult:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)


def encode_answers(fw: Framework, entity: Entity, path: str = "") -> tuple[dict[str, int], list[Problem]]:
    """Validate one entity's answers (and the questions its evidence and comments name) against
    the questionnaire and encode them; blank and `unknown` answers get no code."""
    codes: dict[str, int] = {}
    problems: list[Problem] = []
    for qid, value in entity.answers.items():
        where = f"{path}answers.{qid}"
        q = fw.question.get(qid)
        if q is None:
            problems.append(Problem(f"answer to unknown question {qid!r}", path=where,
                                    hint=did_you_mean(qid, fw.question)))
            continue
        if is_blank(value) or q.is_unknown(value):
            continue  # not assessed, or explicitly not known: satisfies no rule either way
        try:
            codes[qid] = q.encode(value)
        except ValueError as e:
            problems.append(Problem(f"question {qid}: {e} (or `unknown`)", path=where))
    for key in ("evidence", "comments"):
        for qid in getattr(entity, key):
            if qid not in fw.question:
                problems.append(Problem(f"{key} for unknown question {qid!r}", path=f"{path}{key}.{qid}",
                                        hint=did_you_mean(qid, fw.question)))
    return codes, problems


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_answers(fw: Framework, assessment: Assessment) -> list[tuple[dict[str, int], list[Problem]]]:
    return [encode_answers(fw, e, f"entities[{i}].") for i, e in enumerate(assessment.entities)]


def assess(inputs, assessment: Assessment | None = None, *, evaluator: Evaluator = "durable",
           file: str | None = None, line_of=None,
           unanswered_threshold: float = UNANSWERED_THRESHOLD) -> AssessmentResult:
    """Every entity's levels (leaves and parents), deciding rules, findings and unanswered questions.

    `assess(inputs)` takes the `Inputs` of `load_inputs` (answer errors then name the answers
    file and line); `assess(prepared_ruleset, assessment)` works on models built in memory."""
    from cyberplan.engine.inputs.resolve import Inputs
    if isinstance(inputs, Inputs):
        rs, assessment = inputs.ruleset, inputs.assessment
        file, line_of = file or inputs.answers_file, line_of or inputs.line_of
    else:
        rs = inputs
    fw = rs.framework
    encoded = check_answers(fw, assessment)
    problems = [p for _, ps in encoded for p in ps]
    if problems:
        for p in problems:
            p.file = p.file or file
            if line_of is not None and p.line is None:
                p.line = line_of(p.path)
        raise InputError(problems)
    results = []
    durable = None
    if evaluator == "durable":
        from cyberplan.engine.rules.durable import durable_ruleset
        durable = durable_ruleset(rs)
    for entity, (codes, _) in zip(assessment.entities, encoded):
        if durable is not None:
            levels, decided, findings, _held = durable.evaluate(codes, entity)
        else:
            from cyberplan.engine.rules.reference import assess_entity
            answers = {q: fw.question[q].decode(c) for q, c in codes.items()}
            ref = assess_entity(rs, answers, entity)
            levels, decided, findings = ref.levels, ref.decided_by, ref.findings
        results.append(entity_result(rs, entity, codes, levels, decided, findings, unanswered_threshold))
    return AssessmentResult(framework=fw.id, framework_title=fw.title, ruleset=rs.id, assessed=assessment.assessed,
                            unanswered_threshold=unanswered_threshold,
                            levels={lv.value: lv.name for lv in fw.levels}, entities=results)


def entity_result(rs: PreparedRuleset, entity: Entity, codes: dict[str, Any], levels: dict[str, int],
                  decided: dict[str, str], findings: list[str],
                  unanswered_threshold: float = UNANSWERED_THRESHOLD) -> EntityResult:
    fw = rs.framework
    by_id = {r.id: r for r in rs.rules}
    read = read_questions(rs)
    order = {n: i for i, n in enumerate(fw.nodes)}
    unknown = {qid for qid, v in entity.answers.items() if qid in fw.question and fw.question[qid].is_unknown(v)}
    blank = [q.id for q in fw.questions if q.id not in codes and q.id in read and q.id not in unknown]
    unknown_read = [q.id for q in fw.questions if q.id in unknown and q.id in read]
    share = (len(blank) + len(unknown_read)) / len(read) if read else 0.0
    out = []
    for f in findings:
        behind = questions_behind(rs, by_id[f].when)
        missing = sorted(q for q in behind if q not in codes)
        out.append(FindingResult(rule=f, severity=by_id[f].finding.severity, text=by_id[f].finding.text,
                                 unanswered=missing, unanswered_only=bool(behind) and len(missing) == len(behind)))
    return EntityResult(
        id=entity.id, name=entity.name, sector=entity.sector, criticality=entity.criticality, codes=dict(codes),
        levels={k: levels[k] for k in sorted(levels, key=order.__getitem__)},
        decided_by={k: decided[k] for k in sorted(decided, key=order.__getitem__)},
        not_assessed=blank, unknown=unknown_read, unanswered_share=round(share, 6),
        lower_bound=share > unanswered_threshold + 1e-12, findings=out,
    )


def questions_behind(rs: PreparedRuleset, cond) -> set[str]:
    """The questions a condition depends on: those it reads, and those behind every outcome level
    it reads (the rules of each leaf under that outcome, through the outcomes they read)."""
    from cyberplan.engine.rules.prepare import outcomes_read, questions_read
    memo: dict[str, set[str]] = rs.__dict__.setdefault("_questions_behind_leaf", {})
    fw = rs.framework

    def leaf(o: str) -> set[str]:
        if o not in memo:
            memo[o] = set()   # an outcome read cycle is refused when the ruleset is prepared
            got: set[str] = set()
            for i in rs.level_rules_of.get(o, []):
                got |= questions_read(rs.rules[i].when)
                for other in outcomes_read(rs.rules[i].when):
                    for lf in fw.leaves_under.get(other, []):
                        got |= leaf(lf)
            memo[o] = got
        return memo[o]
    out = set(questions_read(cond))
    for o in outcomes_read(cond):
        for lf in fw.leaves_under.get(o, []):
            out |= leaf(lf)
    return out


def unanswered_warnings(result: AssessmentResult) -> list[str]:
    """One plain sentence per entity whose levels are lower bounds."""
    return [f"{e.id}: {e.unanswered_share:.0%} of the questions the ruleset reads are unanswered or unknown "
            f"(above {result.unanswered_threshold:.0%}); its levels are lower bounds"
            for e in result.entities if e.lower_bound]


def read_questions(rs: PreparedRuleset) -> set[str]:
    """The questions the ruleset reads: an unanswered one of these is 'not assessed'."""
    cached = getattr(rs, "_read_questions", None)
    if cached is None:
        from cyberplan.engine.rules.prepare import questions_read
        cached = set().union(*(questions_read(r.when) for r in rs.rules)) if rs.rules else set()
        rs._read_questions = cached
    return cached


def evaluate_codes(rs: PreparedRuleset, codes: dict[str, int], entity: Entity | None,
                   evaluator: Evaluator = "durable") -> dict[str, int]:
    """Levels of every outcome for encoded answers (used by plan verification)."""
    if evaluator == "durable":
        from cyberplan.engine.rules.durable import durable_ruleset
        return durable_ruleset(rs).evaluate(codes, entity)[0]
    from cyberplan.engine.rules.reference import assess_entity
    fw = rs.framework
    return assess_entity(rs, {q: fw.question[q].decode(c) for q, c in codes.items()}, entity).levels
