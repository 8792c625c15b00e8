"""Results turned into `Output`s: the JSON form (SPEC §4) and the tables every format shows."""
from __future__ import annotations

from typing import Any

from cyberplan.engine.assess.gaps import GapReport, largest_gaps
from cyberplan.engine.assess.levels import AssessmentResult, FindingResult, unanswered_warnings
from cyberplan.engine.models import Framework
from cyberplan.engine.render import Output, Table


def assessment_output(result: AssessmentResult, fw: Framework, *, detail: bool = False) -> Output:
    data = result.model_dump(mode="json")
    data["levels"] = {str(k): v for k, v in result.levels.items()}
    functions = [o.id for o in fw.outcomes]
    heat = Table("Maturity by function (levels " + ", ".join(f"{k} {v}" for k, v in result.levels.items()) + ")"
                 + f", {assessed_phrase(result)}",
                 ["entity", "name", "sector"] + functions
                 + ["findings", "not assessed", "unknown", "unanswered", "levels are"],
                 [[e.id, e.name or "", e.sector or ""] + [e.levels.get(f, 0) for f in functions]
                  + [len(e.findings), len(e.not_assessed), len(e.unknown), f"{e.unanswered_share:.0%}",
                     "lower bounds" if e.lower_bound else "as assessed"] for e in result.entities],
                 name="maturity", styles={f: "level" for f in functions})
    tables = [heat]
    findings = [[e.id, f.severity, f.rule, f.text, finding_basis(f)] for e in result.entities for f in e.findings]
    if findings:
        tables.append(Table("Findings", ["entity", "severity", "rule", "finding", "rests on"], findings,
                            name="findings"))
    if detail:
        rows = [[e.id, o, lvl, e.decided_by.get(o, "")] for e in result.entities
                for o, lvl in e.levels.items() if not fw.nodes[o].children]
        tables.append(Table("Level of every outcome", ["entity", "outcome", "level", "decided by"], rows,
                            name="levels"))
    notes = [f"Assessment date: {result.assessed.isoformat() if result.assessed else 'not stated'}."]
    notes += [f"warning: {w}" for w in unanswered_warnings(result)]
    if any(f.unanswered_only for e in result.entities for f in e.findings):
        notes.append("A finding that rests on unanswered questions only says what is not known, not what is wrong: "
                     "answer those questions to confirm or clear it.")
    return Output("assessment", data, tables, notes=notes, result=result)


def assessed_phrase(result) -> str:
    """'assessed 2026-11-01', for a table title (every output says when the answers were given)."""
    when = getattr(result, "assessed", None)
    return f"assessed {when.isoformat()}" if when else "assessment date not stated"


def finding_basis(f: FindingResult) -> str:
    if f.unanswered_only:
        return "unanswered questions only: " + ", ".join(f.unanswered[:5]) + (" …" if len(f.unanswered) > 5 else "")
    if f.unanswered:
        return f"answers, and {len(f.unanswered)} unanswered question(s)"
    return "answers"


def gap_output(report: GapReport, fw: Framework, criticality: dict[str, int] | None = None,
               top: int = 15) -> Output:
    data = report.model_dump(mode="json")
    functions = report.functions
    heat = Table(f"Portfolio heat map: level (mean gap to target) by function, {assessed_phrase(report)}",
                 ["entity"] + functions,
                 [[e] + [f"{report.heatmap[e][f]} ({report.heatmap_gap[e][f]:.1f})" for f in functions]
                  for e in report.heatmap],
                 name="heatmap", styles={f: "heat" for f in functions})
    cats = [n for n in fw.nodes if fw.nodes[n].children and fw.parent_of.get(n) is not None]
    cat_rows = [[g.entity, g.outcome, fw.nodes[g.outcome].title, g.current, g.mean_gap, g.leaves_below_target,
                 g.leaves] for g in report.rollup if g.outcome in cats]
    worst = largest_gaps(report, criticality, n=top)
    tables = [
        heat,
        Table(f"Largest gaps (top {len(worst)})", ["entity", "outcome", "title", "current", "target", "gap"],
              [[g.entity, g.outcome, fw.nodes[g.outcome].title, g.current, g.target, g.gap] for g in worst],
              name="largest"),
        Table("Gaps by category", ["entity", "category", "title", "level", "mean gap", "below target", "leaves"],
              cat_rows, name="categories"),
    ]
    below = sum(1 for g in report.leaves if g.gap > 0)
    notes = [f"{below} of {len(report.leaves)} entity-outcome pairs are below target."]
    if report.lower_bound:
        notes.append("warning: the levels of " + ", ".join(report.lower_bound) + " are lower bounds (too many "
                     "questions unanswered or unknown), so their gaps may be smaller than shown")
    return Output("gap", data, tables, notes=notes, result=report)


def frameworks_output(entries: list[dict[str, Any]]) -> Output:
    return Output("frameworks", {"frameworks": entries},
                  [Table("Installed frameworks", ["id", "title", "plugin", "rulesets"],
                         [[e["id"], e["title"], e["plugin"], ", ".join(e["rulesets"])] for e in entries],
                         name="frameworks")])


def framework_detail_output(fw: Framework, rulesets: list[str], plugin: str, lang: str | None = None) -> Output:
    cats = [n for n in fw.nodes if fw.nodes[n].children and fw.parent_of.get(n) is not None]
    shared = sum(1 for c in fw.controls if c.scope == "shared")
    data = {"id": fw.id, "title": fw.title, "version": fw.version, "publisher": fw.publisher,
            "source": fw.source, "licence": fw.licence, "plugin": plugin, "rulesets": rulesets,
            "levels": [lv.model_dump() for lv in fw.levels],
            "counts": {"functions": len(fw.outcomes), "categories": len(cats), "leaves": len(fw.leaves),
                       "questions": len(fw.questions), "controls": len(fw.controls), "shared_controls": shared},
            "outcomes": [o.model_dump(exclude_none=True) for o in fw.outcomes]}
    rows = []
    for node_id, node in fw.nodes.items():
        depth = len(fw.ancestors[node_id])
        nq = sum(1 for q in fw.questions if q.outcome == node_id)
        rows.append(["  " * depth + node_id, node.title_in(lang), nq if not node.children else ""])
    summary = Table(f"{fw.title} ({fw.id} {fw.version or ''})".strip(), ["field", "value"], [
        ["publisher", fw.publisher or ""], ["source", fw.source or ""], ["licence", fw.licence or ""],
        ["levels", ", ".join(f"{lv.value} {fw.level_name(lv.value, lang)}" for lv in fw.levels)],
        ["outcomes", f"{len(fw.outcomes)} functions, {len(cats)} categories, {len(fw.leaves)} leaves"],
        ["questions", len(fw.questions)],
        ["controls", f"{len(fw.controls)} ({shared} shared" + (
            f"; {len(fw.placeholders())} placeholders without cost, effort or duration: plan refuses them"
            if fw.placeholders() else "") + ")"],
        ["languages", ", ".join(fw.languages) or "(the original only)"],
        ["rulesets", ", ".join(rulesets)], ["plugin", plugin]], name="summary")
    return Output("framework", data, [summary, Table("Structure", ["outcome", "title", "questions"], rows,
                                                    name="structure")])
