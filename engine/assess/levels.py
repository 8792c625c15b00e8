"""Assessment: answers -> maturity level of every outcome, per entity, with the deciding rule."""
from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from cyberplan.engine.errors import InputError, Problem, did_you_mean
from cyberplan.engine.models import Assessment, Entity, Framework
from cyberplan.engine.rules.prepare import PreparedRuleset

Evaluator = Literal["durable", "reference"]


class FindingResult(BaseModel):
    rule: str
    severity: str
    text: str


class EntityResult(BaseModel):
    id: str
    name: str | None = None
    sector: str | None = None
    criticality: int = 1
    levels: dict[str, int]
    decided_by: dict[str, str]
    codes: dict[str, int] = Field(default_factory=dict, exclude=True)   # the encoded answers, for the planner
    not_assessed: list[str] = Field(default_factory=list)
    findings: list[FindingResult] = Field(default_factory=list)


class AssessmentResult(BaseModel):
    framework: str
    framework_title: str | None = None
    ruleset: str
    levels: dict[int, str]
    entities: list[EntityResult]

    def entity(self, entity_id: str) -> EntityResult:
        for e in self.entities:
            if e.id == entity_id:
                return e
        raise KeyError(entity_id)


def encode_answers(fw: Framework, entity: Entity, path: str = "") -> tuple[dict[str, int], list[Problem]]:
    """Validate one entity's answers against the questionnaire and encode them."""
    codes: dict[str, int] = {}
    problems: list[Problem] = []
    for qid, value in entity.answers.items():
        where = f"{path}answers.{qid}"
        q = fw.question.get(qid)
        if q is None:
            problems.append(Problem(f"answer to unknown question {qid!r}", path=where,
                                    hint=did_you_mean(qid, fw.question)))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue  # left blank: not assessed
        try:
            codes[qid] = q.encode(value)
        except ValueError as e:
            problems.append(Problem(f"question {qid}: {e}", path=where))
    return codes, problems


def check_answers(fw: Framework, assessment: Assessment) -> list[tuple[dict[str, int], list[Problem]]]:
    return [encode_answers(fw, e, f"entities[{i}].") for i, e in enumerate(assessment.entities)]


def assess(inputs, assessment: Assessment | None = None, *, evaluator: Evaluator = "durable",
           file: str | None = None, line_of=None) -> AssessmentResult:
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
        results.append(entity_result(rs, entity, codes, levels, decided, findings))
    return AssessmentResult(framework=fw.id, framework_title=fw.title, ruleset=rs.id,
                            levels={lv.value: lv.name for lv in fw.levels}, entities=results)


def entity_result(rs: PreparedRuleset, entity: Entity, codes: dict[str, Any], levels: dict[str, int],
                  decided: dict[str, str], findings: list[str]) -> EntityResult:
    fw = rs.framework
    by_id = {r.id: r for r in rs.rules}
    read = read_questions(rs)
    order = {n: i for i, n in enumerate(fw.nodes)}
    return EntityResult(
        id=entity.id, name=entity.name, sector=entity.sector, criticality=entity.criticality, codes=dict(codes),
        levels={k: levels[k] for k in sorted(levels, key=order.__getitem__)},
        decided_by={k: decided[k] for k in sorted(decided, key=order.__getitem__)},
        not_assessed=[q.id for q in fw.questions if q.id not in codes and q.id in read],
        findings=[FindingResult(rule=f, severity=by_id[f].finding.severity, text=by_id[f].finding.text)
                  for f in findings],
    )


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
