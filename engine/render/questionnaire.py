"""Blank questionnaires (answers files) for a framework."""
from __future__ import annotations

import csv
import io
import json

from cyberplan.engine.models import Framework
from cyberplan.engine.render.text import csv_cells


def questionnaire_yaml(fw: Framework, entity_ids: list[str], ruleset: str | None) -> str:
    """An answers file with every question, its text and allowed answers as comments, left blank."""
    lines = [f"# Questionnaire for {fw.title} ({fw.id}). Fill in each answer; leave blank if unknown.",
             f"framework: {fw.id}"]
    if ruleset:
        lines.append(f"ruleset: {ruleset}")
    lines.append("assessed: null   # the date of the assessment, YYYY-MM-DD")
    lines.append("entities:")
    for eid in entity_ids or ["example"]:
        lines += [f"  - id: {json.dumps(eid)}", "    name: null", "    sector: null   # e.g. government, energy, water, telecoms, finance, health, transport",
                  "    criticality: 3   # 1..5", "    size_factor: 1.0", "    answers:"]
        current = None
        for q in fw.questions:
            if q.outcome != current:
                current = q.outcome
                lines.append(f"      # {q.outcome} {fw.nodes[q.outcome].title}".rstrip())
            level = f" [evidences level {q.level}]" if q.level is not None else ""
            lines.append(f"      # {' '.join(q.text.split())}{level} -- {q.allowed()}")
            lines.append(f"      {json.dumps(q.id)}: null")
    return "\n".join(lines) + "\n"


def questionnaire_csv(fw: Framework, entity_ids: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["entity", "question", "answer", "outcome", "level", "text", "allowed"])
    for eid in entity_ids or ["example"]:
        for q in fw.questions:
            w.writerow(csv_cells([eid, q.id, "", q.outcome, "" if q.level is None else q.level,
                                  " ".join(q.text.split()), q.allowed()]))
    return buf.getvalue()
