"""Target levels per entity and outcome (SPEC §3.5): the most specific setting wins."""
from __future__ import annotations

from fnmatch import fnmatchcase

from cyberplan.engine.errors import Problem
from cyberplan.engine.models import Assessment, Framework, Targets


def pattern_matches(pattern: str, outcome: str) -> bool:
    return pattern == outcome or fnmatchcase(outcome, pattern)


def _best(patterns: dict[str, int], outcome: str) -> int | None:
    best, best_len = None, -1
    for pattern, level in patterns.items():
        if pattern_matches(pattern, outcome) and len(pattern) > best_len:
            best, best_len = level, len(pattern)
    return best


def target_for(targets: Targets, entity_id: str, outcome: str, top: int) -> int:
    """Entity's outcome pattern, entity default, top-level pattern (longest first), top-level
    default, else the top of the scale."""
    ent = targets.entities.get(entity_id)
    if ent is not None:
        found = _best(ent.outcomes, outcome)
        if found is not None:
            return found
        if ent.default is not None:
            return ent.default
    found = _best(targets.outcomes, outcome)
    if found is not None:
        return found
    if targets.default is not None:
        return targets.default
    return top


def target_problems(targets: Targets, framework: Framework, assessment: Assessment | None,
                    file: str | None = None, prefix: str = "targets") -> list[Problem]:
    top = framework.max_level
    out: list[Problem] = []

    def check_level(level: int, path: str) -> None:
        if level < 0 or level > top:
            out.append(Problem(f"target {level} is outside the framework's scale 0..{top}", file=file, path=path))

    def check_patterns(patterns: dict[str, int], path: str) -> None:
        for pattern, level in patterns.items():
            check_level(level, f"{path}.outcomes.{pattern}")
            if not any(pattern_matches(pattern, n) for n in framework.nodes):
                out.append(Problem(f"pattern {pattern!r} matches no outcome of {framework.id}", file=file,
                                   path=f"{path}.outcomes.{pattern}"))
    if targets.default is not None:
        check_level(targets.default, f"{prefix}.default")
    check_patterns(targets.outcomes, prefix)
    known = {e.id for e in assessment.entities} if assessment else None
    for eid, ent in targets.entities.items():
        if known is not None and eid not in known:
            from cyberplan.engine.errors import did_you_mean
            out.append(Problem(f"unknown entity {eid!r}", file=file, path=f"{prefix}.entities.{eid}",
                               hint=did_you_mean(eid, known)))
        if ent.default is not None:
            check_level(ent.default, f"{prefix}.entities.{eid}.default")
        check_patterns(ent.outcomes, f"{prefix}.entities.{eid}")
    return out
