"""Re-assessment: what changed between two assessments of the same framework, and the trend of
target attainment over several (SPEC §4: progress in measures that move).

`compare(fw, old, new, targets)` lists, per entity and leaf outcome, each level that rose or fell,
with the rule that decided it before and after and the answers to the outcome's questions that
changed; per entity, the function levels before and after and the target attainment. Entities
present in only one of the two are listed as added or removed, never compared with zero.
`attainment_history` gives target attainment per entity and for the portfolio at each of several
assessments, in date order, for the report's trend chart.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Literal

from pydantic import BaseModel, Field

from cyberplan.engine.assess.gaps import attainment, portfolio_attainment
from cyberplan.engine.assess.levels import AssessmentResult, EntityResult
from cyberplan.engine.errors import InputError
from cyberplan.engine.models import Framework, Targets


class Side(BaseModel):
    file: str | None = None
    assessed: _dt.date | None = None
    ruleset: str


class OutcomeChange(BaseModel):
    entity: str
    outcome: str
    title: str
    old: int
    new: int
    change: int = Field(description="new - old: positive rose, negative fell.")
    old_rule: str | None = Field(default=None, description="The rule that decided the old level (none at level 0).")
    new_rule: str | None = None
    answers: list[str] = Field(default_factory=list,
                               description="The outcome's questions whose answer changed, as 'question: old → new'.")


class EntityChange(BaseModel):
    entity: str
    status: Literal["compared", "added", "removed"]
    rose: int = 0
    fell: int = 0
    functions_old: dict[str, int] = Field(default_factory=dict)
    functions_new: dict[str, int] = Field(default_factory=dict)
    attainment_old: float | None = None
    attainment_new: float | None = None


class Comparison(BaseModel):
    framework: str
    old: Side
    new: Side
    entities: list[EntityChange]
    changes: list[OutcomeChange]
    attainment_old: float | None = None     # the entities in both, together
    attainment_new: float | None = None
    notes: list[str] = Field(default_factory=list)


def _answer(fw: Framework, e: EntityResult, qid: str) -> str:
    if qid in e.codes:
        v = fw.question[qid].decode(e.codes[qid])
        return ("true" if v else "false") if isinstance(v, bool) else str(v)
    return "unknown" if qid in e.unknown else "blank"


def compare(fw: Framework, old: AssessmentResult, new: AssessmentResult, targets: Targets | None = None, *,
            old_file: str | None = None, new_file: str | None = None) -> Comparison:
    if old.framework != new.framework or old.framework != fw.id:
        raise InputError(f"the two assessments are of different frameworks ({old.framework} and {new.framework}): "
                         "levels of different frameworks cannot be compared", path="OLD NEW")
    targets = targets or Targets()
    notes = []
    if old.ruleset != new.ruleset:
        notes.append(f"the rulesets differ ({old.ruleset} then {new.ruleset}): a level may have moved because the "
                     "rules changed, not the answers")
    if old.assessed and new.assessed and new.assessed < old.assessed:
        notes.append(f"NEW ({new.assessed}) is dated before OLD ({old.assessed}): rose and fell read from OLD to NEW")
    by_old = {e.id: e for e in old.entities}
    by_new = {e.id: e for e in new.entities}
    functions = [o.id for o in fw.outcomes]
    questions_of: dict[str, list[str]] = {}
    for q in fw.questions:
        questions_of.setdefault(q.outcome, []).append(q.id)
    entities: list[EntityChange] = []
    changes: list[OutcomeChange] = []
    for eid in list(by_old) + [e for e in by_new if e not in by_old]:
        a, b = by_old.get(eid), by_new.get(eid)
        if a is None or b is None:
            side = b if a is None else a
            entities.append(EntityChange(
                entity=eid, status="added" if a is None else "removed",
                **{("functions_new" if a is None else "functions_old"): {f: side.levels.get(f, 0) for f in functions},
                   ("attainment_new" if a is None else "attainment_old"): attainment(fw, side.levels, targets, eid)}))
            continue
        ec = EntityChange(entity=eid, status="compared",
                          functions_old={f: a.levels.get(f, 0) for f in functions},
                          functions_new={f: b.levels.get(f, 0) for f in functions},
                          attainment_old=attainment(fw, a.levels, targets, eid),
                          attainment_new=attainment(fw, b.levels, targets, eid))
        for leaf in fw.leaves:
            lo, ln = a.levels.get(leaf, 0), b.levels.get(leaf, 0)
            if lo == ln:
                continue
            moved = [f"{q}: {_answer(fw, a, q)} → {_answer(fw, b, q)}" for q in questions_of.get(leaf, [])
                     if _answer(fw, a, q) != _answer(fw, b, q)]
            changes.append(OutcomeChange(entity=eid, outcome=leaf, title=fw.nodes[leaf].title, old=lo, new=ln,
                                         change=ln - lo, old_rule=a.decided_by.get(leaf),
                                         new_rule=b.decided_by.get(leaf), answers=moved))
            if ln > lo:
                ec.rose += 1
            else:
                ec.fell += 1
        entities.append(ec)
    both = [e for e in old.entities if e.id in by_new]
    sub_old = old.model_copy(update={"entities": both})
    sub_new = new.model_copy(update={"entities": [by_new[e.id] for e in both]})
    return Comparison(framework=fw.id, old=Side(file=old_file, assessed=old.assessed, ruleset=old.ruleset),
                      new=Side(file=new_file, assessed=new.assessed, ruleset=new.ruleset), entities=entities,
                      changes=changes, attainment_old=portfolio_attainment(fw, sub_old, targets) if both else None,
                      attainment_new=portfolio_attainment(fw, sub_new, targets) if both else None, notes=notes)


class HistoryPoint(BaseModel):
    label: str                       # the assessment date, or the file's name when it has none
    assessed: _dt.date | None = None
    file: str | None = None
    attainment: dict[str, float | None]   # entity -> share 0..1 (entities it assessed)
    portfolio: float | None = None


def attainment_history(fw: Framework, assessments: list[tuple[str, AssessmentResult]],
                       targets: Targets | None = None) -> list[HistoryPoint]:
    """Target attainment per entity and for the portfolio at each assessment (file, result), in
    date order (undated ones keep their place after the dated ones, in the order given)."""
    targets = targets or Targets()
    for file, r in assessments:
        if r.framework != fw.id:
            raise InputError(f"assessment of {r.framework}, not {fw.id}: a trend needs one framework", file=file)
    order = sorted(range(len(assessments)), key=lambda i: (assessments[i][1].assessed is None,
                                                           assessments[i][1].assessed or _dt.date.min, i))
    out = []
    for i in order:
        file, r = assessments[i]
        label = r.assessed.isoformat() if r.assessed else _stem(file)
        out.append(HistoryPoint(label=label, assessed=r.assessed, file=file,
                                attainment={e.id: attainment(fw, e.levels, targets, e.id) for e in r.entities},
                                portfolio=portfolio_attainment(fw, r, targets)))
    return out


def _stem(file: str) -> str:
    from pathlib import Path
    return Path(file).stem


def history_series(points: list[HistoryPoint]) -> dict[str, list[Any]]:
    """entity -> its attainment at each point (None where that assessment did not include it)."""
    ids: list[str] = []
    for p in points:
        ids += [e for e in p.attainment if e not in ids]
    return {e: [p.attainment.get(e) for p in points] for e in ids}
