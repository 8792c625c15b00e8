"""Blank questionnaires (answers files) for a framework."""
from __future__ import annotations

import csv
import io
import json

from cyberplan.engine.models import Framework
from cyberplan.engine.render.text import csv_cells


def check_language(fw: Framework, lang: str | None) -> None:
    """A language the framework has no text in is a mistake, not a silent fall-back to the original."""
    if lang and lang not in fw.languages:
        from cyberplan.engine.errors import InputError
        have = ", ".join(fw.languages) or "none"
        raise InputError(f"framework {fw.id} has no text in {lang!r} (translations: {have})", path="--lang")


def questionnaire_yaml(fw: Framework, entity_ids: list[str], ruleset: str | None, lang: str | None = None) -> str:
    """An answers file with every question, its text and allowed answers as comments, left blank;
    with `lang`, the text in that language where the framework has it (answers stay as written)."""
    title = fw.translations.get(lang, {}).get("title", fw.title) if lang else fw.title
    lines = [f"# Questionnaire for {title} ({fw.id}). Fill in each answer; write `unknown` when nobody knows,",
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
                lines.append(f"      # {q.outcome} {fw.nodes[q.outcome].title_in(lang)}".rstrip())
            level = f" [evidences level {q.level}]" if q.level is not None else ""
            when = "" if q.depends_on is None else (
                f" (only if {q.depends_on.question} is " + " or ".join(str(a) for a in q.depends_on.answers) + ")")
            lines.append(f"      # {' '.join(q.text_in(lang).split())}{level}{when} -- {q.allowed()} (or unknown)")
            lines.append(f"      {json.dumps(q.id)}: null")
    return "\n".join(lines) + "\n"


def questionnaire_csv(fw: Framework, entity_ids: list[str], lang: str | None = None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["entity", "question", "answer", "outcome", "level", "text", "allowed", "evidence", "comment"])
    for eid in entity_ids or ["example"]:
        for q in fw.questions:
            w.writerow(csv_cells([eid, q.id, "", q.outcome, "" if q.level is None else q.level,
                                  " ".join(q.text_in(lang).split()), f"{q.allowed()}, or unknown", "", ""]))
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
