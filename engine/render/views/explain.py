"""`assess --explain OUTCOME`: every rule of one outcome, each condition with what it saw."""
from __future__ import annotations

from cyberplan.engine.assess.levels import AssessmentResult
from cyberplan.engine.errors import InputError, did_you_mean
from cyberplan.engine.inputs.resolve import Inputs
from cyberplan.engine.render import Output, Table
from cyberplan.engine.rules.reference import explain_outcome


def explain_output(inputs: Inputs, result: AssessmentResult, outcome: str, entity_id: str | None) -> Output:
    fw = inputs.framework
    if outcome not in fw.nodes:
        dym = did_you_mean(outcome, fw.nodes)
        raise InputError(f"unknown outcome {outcome!r}" + (f" ({dym})" if dym else ""), path="--explain")
    ents = inputs.assessment.entities
    if entity_id is not None:
        ents = [e for e in ents if e.id == entity_id]
        if not ents:
            raise InputError(f"unknown entity {entity_id!r}", path="--entity")
    leaves = fw.leaves_under[outcome]
    data = {"outcome": outcome, "entities": []}
    tables, notes = [], []
    for ent in ents:
        res = result.entity(ent.id)
        answers = {q: v for q, v in ent.answers.items() if v is not None and v != ""}
        ent_data = {"id": ent.id, "level": res.levels.get(outcome), "outcomes": []}
        for leaf in leaves:
            traces = explain_outcome(inputs.ruleset, leaf, answers, ent, res.levels)
            ent_data["outcomes"].append({
                "outcome": leaf, "level": res.levels.get(leaf), "decided_by": res.decided_by.get(leaf),
                "rules": [{"rule": t.rule, "level": t.level, "holds": t.truth is True,
                           "conditions": [{"condition": lf.text, "saw": lf.saw, "holds": lf.truth}
                                          for lf in t.leaves]} for t in traces]})
            rows = [[t.level, t.rule, "yes" if t.truth is True else "no", t.tree] for t in traces]
            tables.append(Table(f"{ent.id} {leaf} {fw.nodes[leaf].title}: level {res.levels.get(leaf)}"
                                f" (decided by {res.decided_by.get(leaf) or 'no rule: level 0'})",
                                ["level", "rule", "holds", "conditions (what each saw)"], rows,
                                name=f"{ent.id}-{leaf}"))
        data["entities"].append(ent_data)
    notes.append("A level counts only when every level below it also has a rule that holds.")
    return Output("explain", data, tables, notes=notes)
