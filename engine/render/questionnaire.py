"""Blank questionnaires (answers files) for a framework."""
from __future__ import annotations

import csv
import io
import json

from cyberplan.engine.models import Framework


def questionnaire_yaml(fw: Framework, entity_ids: list[str], ruleset: str | None) -> str:
    """An answers file with every question, its text and allowed answers as comments, left blank."""
    lines = [f"# Questionnaire for {fw.title} ({fw.id}). Fill in each answer; write `unknown` when nobody knows,",
             "# and leave it blank (null) only when the question was not assessed.",
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
            lines.append(f"      # {' '.join(q.text.split())}{level} -- {q.allowed()} (or unknown)")
            lines.append(f"      {json.dumps(q.id)}: null")
    return "\n".join(lines) + "\n"


def questionnaire_csv(fw: Framework, entity_ids: list[str]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["entity", "question", "answer", "outcome", "level", "text", "allowed", "evidence", "comment"])
    for eid in entity_ids or ["example"]:
        for q in fw.questions:
            w.writerow([eid, q.id, "", q.outcome, "" if q.level is None else q.level, " ".join(q.text.split()),
                        f"{q.allowed()}, or unknown", "", ""])
    return buf.getvalue()


def split_names(entity_ids: list[str], extension: str) -> list[tuple[str, str]]:
    """(entity id, file name) for `questionnaire --split`: one file per entity, named by its id
    made safe for any file system; ids that clash once made safe get a suffix."""
    import re
    out, used = [], set()
    for eid in entity_ids:
        base = re.sub(r"[^A-Za-z0-9._-]+", "_", eid).strip("._") or "entity"
        name, n = f"{base}.{extension}", 2
        while name.lower() in used:
            name, n = f"{base}~{n}.{extension}", n + 1
        used.add(name.lower())
        out.append((eid, name))
    return out
