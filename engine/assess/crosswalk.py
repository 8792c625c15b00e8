"""An assessment made in one framework, read against another through a mapping set.

For every leaf outcome of the target framework and every entity, the evidence the source
assessment gives for it:

- **carried**: some related source outcome covers the target one (`equal`, or the source is the
  `superset`). Reaching level k of the source then evidences the same share of the target's scale:
  level `floor(k × target_max / source_max)`, the best such source counting (any one of them covers
  the target on its own).
- **partial**: the related sources only overlap it (`intersect`) or are narrower than it (`subset`):
  they say something about the target but do not establish a level, so none is claimed; their
  levels are listed, marked as partial.
- **none**: no relation reaches it; these target outcomes are listed as not covered.

A relation to a parent outcome of the target (a category) that covers it (equal, superset) covers
every leaf under it; one that only overlaps it or is narrower says nothing about any one leaf and
is not counted. A relation from a parent of the source reads that parent's rolled-up level. Source outcomes none of
whose questions were answered give no evidence ("not assessed").

These are the semantics CISO Assistant's own mapping engine gives the relationships (equal and
superset: full coverage; subset and intersect: partial).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from cyberplan.engine.assess.levels import AssessmentResult
from cyberplan.engine.errors import InputError
from cyberplan.engine.models import Framework
from cyberplan.engine.models.mapping import MappingSet

CARRIES = ("equal", "superset")
Strength = Literal["carried", "partial", "none"]


@dataclass
class Evidence:
    source: str                  # outcome id in the source framework
    relationship: str            # read from the source to the target
    level: int | None            # the source's level (None: not assessed)

    @property
    def carries(self) -> bool:
        return self.relationship in CARRIES


@dataclass
class TargetEvidence:
    outcome: str
    strength: Strength
    level: int | None            # the carried level (only when strength is "carried")
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class EntityCrosswalk:
    entity: str
    outcomes: list[TargetEvidence]

    def count(self, strength: Strength) -> int:
        return sum(1 for o in self.outcomes if o.strength == strength)


@dataclass
class Crosswalk:
    source: Framework
    target: Framework
    mapping: MappingSet
    uncovered: list[str]                  # target leaves no relation reaches
    entities: list[EntityCrosswalk]
    broad: int = 0                        # partial relations to a whole category: not counted
    def to_json(self) -> dict:
        return {
            "framework": self.source.id, "against": self.target.id, "mapping": self.mapping.id,
            "scale": {"source_max": self.source.max_level, "target_max": self.target.max_level},
            "not_covered": self.uncovered, "category_relations_not_counted": self.broad,
            "entities": [{"id": e.entity, "outcomes": {
                o.outcome: {"evidence": o.strength, "level": o.level,
                            "from": [{"outcome": ev.source, "relationship": ev.relationship, "level": ev.level}
                                     for ev in o.evidence]}
                for o in e.outcomes}} for e in self.entities],
        }


def scaled(level: int, source_max: int, target_max: int) -> int:
    """The same share of the target's scale, rounded down (never claims more than the source shows)."""
    return (level * target_max) // source_max


def relations_by_target_leaf(mapping: MappingSet, source: Framework, target: Framework
                             ) -> dict[str, list[tuple[str, str]]]:
    """target leaf -> [(source outcome, relationship)], relations to a parent spread to its leaves."""
    problems = mapping.problems_against(source.nodes, target.nodes)
    if problems:
        raise InputError(problems)
    out: dict[str, list[tuple[str, str]]] = {}
    for r in mapping.mappings:
        leaves = target.leaves_under[r.to]
        if leaves != [r.to] and r.relationship not in CARRIES:
            continue    # overlapping a whole category says nothing about any one outcome in it
        for leaf in leaves:
            rel = r.relationship if leaves == [r.to] else "superset"   # covering a category covers each part
            pair = (r.from_, rel)
            if pair not in out.setdefault(leaf, []):
                out[leaf].append(pair)
    return out


def crosswalk(result: AssessmentResult, source: Framework, target: Framework, mapping: MappingSet) -> Crosswalk:
    """The source assessment read against the target framework (mapping read from source to target)."""
    if mapping.from_ != source.id or mapping.to != target.id:
        raise InputError(f"mapping set {mapping.id!r} relates {mapping.from_} to {mapping.to}, not {source.id} "
                         f"to {target.id}", path="--mapping")
    related = relations_by_target_leaf(mapping, source, target)
    asked = {leaf: {q.id for q in source.questions if q.outcome == leaf} for leaf in source.leaves}
    entities = []
    for e in result.entities:
        unanswered = set(e.not_assessed)

        def level_of(outcome: str) -> int | None:
            leaves = source.leaves_under[outcome]
            if all(asked[lf] and asked[lf] <= unanswered for lf in leaves):
                return None
            return e.levels.get(outcome, 0)
        rows = []
        for leaf in target.leaves:
            evidence = [Evidence(s, rel, level_of(s)) for s, rel in related.get(leaf, [])]
            carried = [scaled(ev.level, source.max_level, target.max_level) for ev in evidence
                       if ev.carries and ev.level is not None]
            if carried:
                rows.append(TargetEvidence(leaf, "carried", max(carried), evidence))
            elif any(ev.level is not None for ev in evidence):
                rows.append(TargetEvidence(leaf, "partial", None, evidence))
            else:
                rows.append(TargetEvidence(leaf, "none", None, evidence))
        entities.append(EntityCrosswalk(e.id, rows))
    uncovered = [leaf for leaf in target.leaves if leaf not in related]
    broad = sum(1 for r in mapping.mappings if target.leaves_under[r.to] != [r.to] and r.relationship not in CARRIES)
    return Crosswalk(source, target, mapping, uncovered, entities, broad)
