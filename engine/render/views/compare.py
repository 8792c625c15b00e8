"""A re-assessment compared with the one before it, as an Output."""
from __future__ import annotations

from cyberplan.engine.assess.compare import Comparison
from cyberplan.engine.render import Output, Table


def _pct(v: float | None) -> str:
    return "" if v is None else f"{v:.0%}"


def _when(side) -> str:
    return side.assessed.isoformat() if side.assessed else (side.file or "?")


def compare_output(c: Comparison) -> Output:
    data = c.model_dump(mode="json")
    span = f"{_when(c.old)} → {_when(c.new)}"
    tables = [Table(
        f"Target attainment and levels by entity ({span})",
        ["entity", "status", "rose", "fell", "attainment before", "attainment after", "change", "functions"],
        [[e.entity, e.status, e.rose, e.fell, _pct(e.attainment_old), _pct(e.attainment_new),
          "" if e.attainment_old is None or e.attainment_new is None else
          f"{(e.attainment_new - e.attainment_old) * 100:+.0f} points",
          ", ".join(f"{f} {e.functions_old.get(f, '–')}→{e.functions_new.get(f, '–')}"
                    for f in (e.functions_old or e.functions_new))] for e in c.entities],
        name="entities")]
    rows = [[x.entity, x.outcome, x.title, x.old, x.new, f"{x.change:+d}", x.old_rule or "(none: level 0)",
             x.new_rule or "(none: level 0)", "; ".join(x.answers)] for x in c.changes]
    tables.append(Table(f"What rose and fell ({len([x for x in c.changes if x.change > 0])} rose, "
                        f"{len([x for x in c.changes if x.change < 0])} fell)",
                        ["entity", "outcome", "title", "before", "after", "change", "decided before by",
                         "decided after by", "answers that changed"], rows, name="changes"))
    notes = []
    if c.attainment_old is not None:
        notes.append(f"portfolio target attainment (entities in both): {_pct(c.attainment_old)} → "
                     f"{_pct(c.attainment_new)}")
    if not c.changes:
        notes.append("no level changed")
    notes += c.notes
    return Output("compare", data, tables, notes=notes, result=c)
