"""Re-planning from today (`plan --progress`): the plan being followed, its progress, and the
answers -> the inputs of a fresh plan for the periods that are left.

Nearly all of it is a transformation of the planner's inputs, so the re-plan is planned, solved
and verified exactly like any plan:

- completed controls raise the answers they implement (for their entity, or every entity a shared
  control serves), so they are *in place*: complete, at no cost, never scheduled (SPEC §5);
- the horizon starts at the period after `as_of`: `start` moves there and `horizon` shrinks;
- money already spent is sunk: a total budget is reduced by it, and with `carry_over` so is what
  the past periods left over; per-period budgets without carry-over are the periods' own;
- dropped actions are excluded, with the reason, and so is whatever needs them.

Only actions under way enter the planner as something new: each is *locked* (see
`instance.Locked`), running from the first period for its remaining duration at its remaining
capex and effort.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cyberplan.engine.errors import InputError, Problem, did_you_mean
from cyberplan.engine.models import Assessment, Budget, Framework, PlanConfig, Progress
from cyberplan.engine.models.progress import ActionProgress, period_index
from cyberplan.engine.plan.instance import Commitments, Locked


@dataclass
class Replan:
    inputs: Any                          # Inputs with the raised answers
    result: Any                          # their assessment (rules engine)
    config: PlanConfig                   # start, horizon and budget moved
    commitments: Commitments
    as_of: int                           # index of the last period reported, in the original plan
    basis: dict[str, Any] = field(default_factory=dict)   # what the plan's JSON records as `replan`


def located(message: str, path: str, doc=None, hint: str | None = None) -> Problem:
    """A problem at a key path of the progress file (its file and line when the document is known)."""
    from cyberplan.engine.inputs.read import locate
    p = Problem(message, path=path, hint=hint)
    return locate(p, doc) if doc is not None else p


def check_progress(progress: Progress, fw: Framework, assessment: Assessment, config: PlanConfig,
                   doc=None) -> tuple[int, list[Problem]]:
    """The index of `as_of` in the configuration's periods, and what in the progress does not fit
    the framework, the entities or the periods."""
    problems: list[Problem] = []
    labels, months = config.period_labels(), config.period_months()
    k = period_index(progress.as_of, labels, months)
    if k is None:
        problems.append(located(f"as_of {progress.as_of!r} is not a period of the plan: expected one of "
                                f"{labels[0]} .. {labels[-1]} (or its first month, or an index from 0)", "as_of", doc))
    ids = {e.id for e in assessment.entities}
    for i, a in enumerate(progress.actions):
        c = fw.control.get(a.control)
        if c is None:
            problems.append(located(f"unknown control {a.control!r}", f"actions[{i}].control", doc,
                                    did_you_mean(a.control, fw.control)))
            continue
        if c.scope == "entity" and a.entity not in ids:
            problems.append(located(f"unknown entity {a.entity!r}", f"actions[{i}].entity", doc,
                                    did_you_mean(a.entity, ids)))
        if a.finished is not None and period_index(a.finished, labels, months) is None:
            problems.append(located(f"finished {a.finished!r} is not a period of the plan",
                                    f"actions[{i}].finished", doc))
    return (-1 if k is None else k), problems


def raise_answers(fw: Framework, assessment: Assessment, done: list[ActionProgress]) -> Assessment:
    """The answers once the `done` controls are in place: each implemented answer raised to the
    control's value where the entity's is lower, blank or unknown (SPEC §5's answers in force)."""
    entities = [e.model_copy(deep=True) for e in assessment.entities]
    for a in done:
        c = fw.control[a.control]
        targets = [e for e in entities if c.serves_entity(e)] if c.scope == "shared" else \
            [e for e in entities if e.id == a.entity]
        for e in targets:
            for qid, value in c.implements.items():
                q = fw.question[qid]
                have = e.answers.get(qid)
                try:
                    low = have is None or q.is_unknown(have) or q.encode(have) < q.encode(value)
                except ValueError:
                    low = True
                if low:
                    e.answers[qid] = q.canonical(value)
    return assessment.model_copy(update={"entities": entities})


def moved_budget(budget: Budget, used: int, spent: float, horizon: int) -> tuple[Budget, list[str]]:
    """The budget for the periods after the first `used` ones, once `spent` has gone."""
    notes: list[str] = []
    per, total = budget.per_period, budget.total
    if isinstance(per, list):
        past, per = sum(per[:used]), list(per[used:])
    elif per is not None:
        past = float(per) * used
    else:
        past = 0.0
    if per is not None and budget.carry_over:
        left = past - spent
        series = list(per) if isinstance(per, list) else [float(per)] * (horizon - used)
        if left >= 0:
            series[0] += left
            notes.append(f"the past periods' budget ({past:,.0f}) less the money spent ({spent:,.0f}) carries "
                         f"over: {left:,.0f} is added to the first period")
        else:
            deficit = -left
            for t in range(len(series)):
                take = min(series[t], deficit)
                series[t] -= take
                deficit -= take
            notes.append(f"more was spent ({spent:,.0f}) than the past periods' budget ({past:,.0f}): the "
                         f"{-left:,.0f} overspent comes off the first periods' budget")
            if deficit > 1e-9:
                raise InputError(f"the money spent ({spent:,.0f}) exceeds the budget of the whole horizon: nothing "
                                 "is left to re-plan with", path="budget")
        per = series
    elif per is not None:
        notes.append("per-period budgets without carry-over: the periods ahead keep their own budgets, whatever "
                     "was spent before")
    if total is not None:
        if spent >= total - 1e-9:
            raise InputError(f"the money spent ({spent:,.0f}) uses up the total budget ({total:,.0f}): nothing is "
                             "left to re-plan with", path="budget.total")
        notes.append(f"total budget {total:,.0f} less the money spent ({spent:,.0f}): {total - spent:,.0f} remains")
        total = total - spent
    if budget.per_entity is not None:
        notes.append("the per-entity cap applies per period as before; what each entity spent in the past periods "
                     "is not taken off it")
    return budget.model_copy(update={"per_period": per, "total": total}), notes


def replan_inputs(inputs, config: PlanConfig, progress: Progress, *, progress_doc=None,
                  unanswered_threshold: float | None = None) -> Replan:
    """The inputs of the re-plan (see the module)."""
    from cyberplan.engine.assess.levels import UNANSWERED_THRESHOLD, assess
    from cyberplan.engine.inputs.resolve import Inputs
    fw = inputs.framework
    k, problems = check_progress(progress, fw, inputs.assessment, config, progress_doc)
    if problems:
        raise InputError(problems)
    labels = config.period_labels()
    left = config.horizon - (k + 1)
    if left <= 0:
        raise InputError(located(f"the progress is as of {labels[k]}, the last period of the plan: there is nothing "
                                 "left to re-plan", "as_of", progress_doc))
    done = [a for a in progress.actions if a.status == "done"]
    raised = raise_answers(fw, inputs.assessment, done)
    new_inputs = Inputs(fw, inputs.ruleset, raised, inputs.answers_file, inputs.document)
    result = assess(new_inputs, unanswered_threshold=UNANSWERED_THRESHOLD if unanswered_threshold is None
                    else unanswered_threshold)
    budget, notes = moved_budget(config.budget, k + 1, progress.spent, config.horizon)
    moved = PlanConfig.model_validate({**config.model_dump(mode="json", exclude_unset=True),
                                       "start": config.period_months()[k + 1], "horizon": left,
                                       "budget": budget.model_dump(mode="json", exclude_none=True)})
    if moved.problems():
        raise InputError([Problem(f"once moved to {labels[k + 1]}: {p.message}", path=p.path)
                          for p in moved.problems()])

    def entity_of(a: ActionProgress) -> str | None:
        return None if fw.control[a.control].scope == "shared" else a.entity
    commitments = Commitments(
        locked=[Locked(a.control, entity_of(a), a.complete, capex=a.remaining.capex if a.remaining else None,
                       effort=a.remaining.effort if a.remaining else None,
                       months=a.remaining.months if a.remaining else None)
                for a in progress.actions if a.status == "in_progress"],
        excluded={(a.control, entity_of(a)): "dropped in the progress file" + (f" ({a.note})" if a.note else "")
                  for a in progress.actions if a.status == "dropped"})
    basis = {
        "as_of": labels[k], "starts": labels[k + 1], "periods_left": left,
        "spent": round(progress.spent, 2), "sunk": "money already spent is not counted in the re-plan's cost",
        "budget_before": config.budget.model_dump(mode="json", exclude_none=True),
        "budget_now": budget.model_dump(mode="json", exclude_none=True),
        "done": [f"{a.control} for {a.entity}" for a in done],
        "in_progress": [{"control": a.control, "entity": a.entity, "complete": a.complete,
                         "remaining": a.remaining.model_dump(exclude_none=True) if a.remaining else None}
                        for a in progress.actions if a.status == "in_progress"],
        "dropped": [f"{a.control} for {a.entity}" for a in progress.actions if a.status == "dropped"],
        "notes": notes,
    }
    return Replan(new_inputs, result, moved, commitments, k, basis)


def mark_locked(plan, replan: Replan) -> None:
    """Say on each locked action that it is work under way, not a choice of the optimiser."""
    locked = {(lk.control, lk.entity) for lk in replan.commitments.locked}
    for a in plan.actions:
        key = (a.control, None if a.entity == "*" or a.serves else a.entity)
        if key not in locked:
            continue
        lk = next(x for x in replan.commitments.locked if (x.control, x.entity) == key)
        a.locked, a.complete_before, a.mandatory = True, lk.complete, False
        kept = [p for p in a.why.split("; ") if p != "mandatory" and not p.startswith("starts ")]
        a.why = "; ".join([f"in progress: {lk.complete:.0%} done by {replan.basis['as_of']}, the rest locked in from "
                           f"{replan.basis['starts']} at its remaining cost ({a.capex:,.0f}) over "
                           f"{a.finish - a.start + 1} period(s)"] + kept)
    replan.basis["notes"] = list(replan.basis["notes"]) + list(replan.commitments.notes)
    plan.replan = replan.basis
