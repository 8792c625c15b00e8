"""The collection report as an Output: per workbook what was read, what is missing, what is wrong."""
from __future__ import annotations

from pathlib import Path

from cyberplan.engine.inputs.collect import CollectReport
from cyberplan.engine.render import Output, Table


def collect_output(report: CollectReport, written: Path | None = None) -> Output:
    data = report.model_dump(mode="json")
    data["merged"] = report.merged
    data["written"] = None if written is None else str(written)
    n = report.questions
    files = Table(
        f"Workbooks read ({len(report.files)}) against {report.framework}"
        + (f" version {report.framework_version}" if report.framework_version else ""),
        ["file", "entities", "answered", "unknown", "unanswered", "evidence", "comments", "status"],
        [[f.file, ", ".join(e.id for e in f.entities), sum(e.answered for e in f.entities),
          sum(len(e.unknown) for e in f.entities), sum(len(e.unanswered) for e in f.entities),
          sum(e.evidence for e in f.entities), sum(e.comments for e in f.entities), f.status] for f in report.files],
        name="files")
    tables = [files]
    issues = [[f.file, i.kind, i.where or "", i.message] for f in report.files for i in f.issues
              if i.kind != "note"]
    if issues:
        tables.append(Table("Problems (errors and conflicts stop the merge)", ["file", "kind", "where", "problem"],
                            issues, name="problems"))
    missing = [[f.file, e.id, len(e.unanswered), len(e.unknown), f"{e.share_unanswered(n):.0%}",
                ", ".join(e.unanswered[:8]) + (" …" if len(e.unanswered) > 8 else "")]
               for f in report.files for e in f.entities if e.unanswered or e.unknown]
    if missing:
        tables.append(Table(f"What is missing: unanswered questions by entity (of {n})",
                            ["file", "entity", "unanswered", "unknown", "share", "unanswered questions"],
                            missing, name="missing"))
    notes_rows = [[f.file, i.where or "", i.message] for f in report.files for i in f.issues if i.kind == "note"]
    if notes_rows:
        tables.append(Table("How values were read", ["file", "where", "note"], notes_rows, name="notes"))
    entities = sum(1 for f in report.files for e in f.entities if e.merged)
    notes = list(report.notes)
    blocking = report.count("error", "conflict")
    if report.merged:
        notes.insert(0, f"{entities} entities from {len(report.files)} workbook(s) merged"
                        + (f" into {written}" if written else "")
                        + f"; assessed {report.assessed.isoformat() if report.assessed else '(no date)'}")
    elif blocking:
        notes.insert(0, f"nothing was written: {report.count('error')} error(s) and {report.count('conflict')} "
                        "conflict(s) must be resolved first (see Problems)")
    elif report.strict and report.count("warning"):
        notes.insert(0, f"nothing was written: {report.count('warning')} warning(s) with --strict")
    else:
        notes.insert(0, "nothing was written: no entity could be read")
    return Output("collect", data, tables, notes=notes, result=report)
