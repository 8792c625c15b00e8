"""Progress in measures that move when a plan does something (SPEC §4): per entity, function and
portfolio, at every period t = 0..H (t = H: once every action in the horizon is complete):

- target attainment = sum of min(level, target) / sum of target over leaves (a share, 0..1);
- level steps gained = sum over leaves of (level_t - level_0) (steps above target count here);
- gaps closed = entity-leaf pairs below target at the start that have reached it.
"""
from __future__ import annotations

from pydantic import BaseModel, Field


class Measure(BaseModel):
    scope: str = Field(description="`portfolio`, an entity id, or `<entity>/<function>`.")
    attainment: list[float] = Field(description="Target attainment (0..1) at t = 0..H.")
    steps_gained: list[int] = Field(description="Level steps gained over the start at t = 0..H.")
    gaps_closed: list[int] = Field(description="Entity-leaf pairs that reached their target at t = 0..H.")
    gaps_open_at_start: int


def _measure(scope: str, pairs: list[tuple[str, str]], levels: list[dict[str, dict[str, int]]],
             targets: dict[str, dict[str, int]]) -> Measure:
    need = sum(targets[e][o] for e, o in pairs)
    start = levels[0]
    open0 = [(e, o) for e, o in pairs if start[e][o] < targets[e][o]]
    att, steps, closed = [], [], []
    for lv in levels:
        att.append(round(sum(min(lv[e][o], targets[e][o]) for e, o in pairs) / need, 6) if need else 1.0)
        steps.append(sum(lv[e][o] - start[e][o] for e, o in pairs))
        closed.append(sum(1 for e, o in open0 if lv[e][o] >= targets[e][o]))
    return Measure(scope=scope, attainment=att, steps_gained=steps, gaps_closed=closed, gaps_open_at_start=len(open0))


def progress_measures(fw, entities: list[str], levels: list[dict[str, dict[str, int]]],
                      targets: dict[str, dict[str, int]]) -> list[Measure]:
    """The portfolio first, then each entity, then each entity's functions. `levels`: t -> entity
    -> leaf -> level."""
    out = [_measure("portfolio", [(e, o) for e in entities for o in fw.leaves], levels, targets)]
    out += [_measure(e, [(e, o) for o in fw.leaves], levels, targets) for e in entities]
    for e in entities:
        for f in fw.outcomes:
            out.append(_measure(f"{e}/{f.id}", [(e, o) for o in fw.leaves_under[f.id]], levels, targets))
    return out
