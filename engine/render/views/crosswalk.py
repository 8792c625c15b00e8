"""`cyberplan assess ANSWERS --against FRAMEWORK`: the crosswalk as tables."""
from __future__ import annotations

from cyberplan.engine.assess.crosswalk import Crosswalk
from cyberplan.engine.render import Output, Table

_WORDS = {"carried": "level carried", "partial": "partial evidence", "none": "no evidence"}


def _sources(cw: Crosswalk, evidence) -> str:
    parts = []
    for ev in evidence:
        lvl = "not assessed" if ev.level is None else f"level {ev.level}"
        parts.append(f"{ev.source} ({ev.relationship}, {lvl})")
    return "; ".join(parts)


def crosswalk_output(cw: Crosswalk) -> Output:
    src, tgt = cw.source, cw.target
    covered = len(tgt.leaves) - len(cw.uncovered)
    summary = Table(
        f"{src.title} read against {tgt.title}: evidence per entity ({len(tgt.leaves)} outcomes of {tgt.id}; "
        f"{covered} reached by the mapping)",
        ["entity", "level carried", "partial evidence", "no evidence", "not covered by the mapping"],
        [[e.entity, e.count("carried"), e.count("partial"), e.count("none") - len(cw.uncovered), len(cw.uncovered)]
         for e in cw.entities], name="summary")
    rows = []
    for e in cw.entities:
        for o in e.outcomes:
            if not o.evidence:
                continue
            rows.append([e.entity, o.outcome, tgt.nodes[o.outcome].title, _WORDS[o.strength],
                         "" if o.level is None else f"{o.level} {tgt.level_name(o.level)}", _sources(cw, o.evidence)])
    detail = Table(f"Evidence for each {tgt.id} outcome (levels on the {tgt.id} scale 0-{tgt.max_level}; "
                   f"source levels on the {src.id} scale 0-{src.max_level})",
                   ["entity", "outcome", "title", "evidence", "level", "from"], rows, name="crosswalk")
    uncovered = Table(f"Not covered: {tgt.id} outcomes no relation of {cw.mapping.id} reaches",
                      ["outcome", "title"], [[o, tgt.nodes[o].title] for o in cw.uncovered], name="not_covered")
    notes = [
        "level carried: a related outcome covers this one (equal, or the assessed outcome is the superset); its "
        "level is carried as the same share of the scale, rounded down, the best such outcome counting.",
        "partial evidence: the related outcomes only overlap it (intersect) or are narrower (subset): no level is "
        "claimed; the levels shown are the assessed outcomes' own.",
        f"mapping set {cw.mapping.id}" + (f": {cw.mapping.source}" if cw.mapping.source else ""),
    ]
    if cw.broad:
        notes.insert(2, f"{cw.broad} relations only overlap a whole category of {tgt.id}: they say nothing about any "
                        "one outcome in it and are not counted.")
    return Output("crosswalk", cw.to_json(), [summary, detail, uncovered], notes=notes, result=cw)
