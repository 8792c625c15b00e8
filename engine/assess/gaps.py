"""Gaps: current level against target per entity and leaf outcome, rolled up to categories and
functions, and the portfolio heat map (entities x top-level functions)."""
from __future__ import annotations

import datetime as _dt

from pydantic import BaseModel

from cyberplan.engine.assess.levels import AssessmentResult
from cyberplan.engine.assess.targets import target_for
from cyberplan.engine.models import Framework, Targets


class LeafGap(BaseModel):
    entity: str
    outcome: str
    current: int
    target: int
    gap: int


class NodeGap(BaseModel):
    entity: str
    outcome: str
    current: int
    mean_gap: float        # mean over the leaves under the node of max(0, target - level)
    leaves_below_target: int
    leaves: int


class GapReport(BaseModel):
    framework: str
    ruleset: str
    assessed: _dt.date | None = None            # the date of the answers
    lower_bound: list[str] = []                 # entities whose levels are lower bounds (too much unanswered)
    functions: list[str]
    leaves: list[LeafGap]
    rollup: list[NodeGap]
    heatmap: dict[str, dict[str, int]]          # entity -> function -> level
    heatmap_gap: dict[str, dict[str, float]]    # entity -> function -> mean gap


def compute_gaps(fw: Framework, result: AssessmentResult, targets: Targets) -> GapReport:
    leaves: list[LeafGap] = []
    rollup: list[NodeGap] = []
    heat: dict[str, dict[str, int]] = {}
    heat_gap: dict[str, dict[str, float]] = {}
    functions = [o.id for o in fw.outcomes]
    for ent in result.entities:
        gap_of: dict[str, int] = {}
        for leaf in fw.leaves:
            t = target_for(targets, ent.id, leaf, fw.max_level)
            cur = ent.levels.get(leaf, 0)
            gap_of[leaf] = max(0, t - cur)
            leaves.append(LeafGap(entity=ent.id, outcome=leaf, current=cur, target=t, gap=gap_of[leaf]))
        for node, under in fw.leaves_under.items():
            if fw.nodes[node].children:
                gaps = [gap_of[x] for x in under]
                rollup.append(NodeGap(entity=ent.id, outcome=node, current=ent.levels.get(node, 0),
                                      mean_gap=round(sum(gaps) / len(gaps), 4),
                                      leaves_below_target=sum(1 for g in gaps if g > 0), leaves=len(gaps)))
        heat[ent.id] = {f: ent.levels.get(f, 0) for f in functions}
        heat_gap[ent.id] = {f: round(sum(gap_of[x] for x in fw.leaves_under[f]) / len(fw.leaves_under[f]), 4)
                            for f in functions}
    return GapReport(framework=fw.id, ruleset=result.ruleset, assessed=result.assessed,
                     lower_bound=[e.id for e in result.entities if e.lower_bound], functions=functions, leaves=leaves,
                     rollup=rollup, heatmap=heat, heatmap_gap=heat_gap)


def largest_gaps(report: GapReport, weights: dict[str, int] | None = None, n: int = 10) -> list[LeafGap]:
    """The largest leaf gaps, most critical entities first on ties."""
    weights = weights or {}
    return sorted((g for g in report.leaves if g.gap > 0),
                  key=lambda g: (-g.gap * weights.get(g.entity, 1), -g.gap, g.entity, g.outcome))[:n]


def attainment(fw: Framework, levels: dict[str, int], targets: Targets, entity_id: str) -> float | None:
    """Target attainment (SPEC §4): Σ min(level, target) / Σ target over the leaves, a share 0..1;
    None when every target is 0 (nothing to attain)."""
    got = want = 0
    for leaf in fw.leaves:
        t = target_for(targets, entity_id, leaf, fw.max_level)
        got += min(levels.get(leaf, 0), t)
        want += t
    return got / want if want else None


def portfolio_attainment(fw: Framework, result: AssessmentResult, targets: Targets) -> float | None:
    """The same share over every entity's leaves together."""
    got = want = 0
    for e in result.entities:
        for leaf in fw.leaves:
            t = target_for(targets, e.id, leaf, fw.max_level)
            got += min(e.levels.get(leaf, 0), t)
            want += t
    return got / want if want else None
