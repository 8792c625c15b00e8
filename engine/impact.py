"""Threat profile -> annual loss exposure and risk weights per entity and leaf outcome (SPEC §3.4).

ALE(e, threat) = frequency x impact for e's sector (else `default`, else 0).
weight(e, o) = criticality(e) x sum_threat ALE(e, threat) x share(threat, o) / max_level, where
share(threat, o) sums, over the `mitigated_by` keys that are o or an ancestor of o, that key's
share divided evenly among the leaves under it: the money per year one level step of o is worth.
"""
from __future__ import annotations

from pydantic import BaseModel

from .errors import Problem
from .model import Assessment, Entity, Framework, ThreatProfile, _did_you_mean


def by_sector(table: dict[str, float], sector: str | None) -> float:
    if sector is not None and sector in table:
        return table[sector]
    return table.get("default", 0.0)


def threat_problems(profile: ThreatProfile, fw: Framework, file: str | None = None) -> list[Problem]:
    out = []
    seen = set()
    for i, t in enumerate(profile.threats):
        if t.id in seen:
            out.append(Problem(f"duplicate threat id {t.id!r}", file=file, path=f"threats[{i}].id"))
        seen.add(t.id)
        for key in t.mitigated_by:
            if key not in fw.nodes:
                out.append(Problem(f"unknown outcome {key!r} of {fw.id}", file=file,
                                   path=f"threats[{i}].mitigated_by.{key}", hint=_did_you_mean(key, fw.nodes)))
    return out


def leaf_shares(fw: Framework, mitigated_by: dict[str, float]) -> dict[str, float]:
    shares: dict[str, float] = {}
    for key, share in mitigated_by.items():
        leaves = fw.leaves_under.get(key, [])
        for leaf in leaves:
            shares[leaf] = shares.get(leaf, 0.0) + share / len(leaves)
    return shares


def ale(entity: Entity, profile: ThreatProfile) -> dict[str, float]:
    return {t.id: by_sector(t.frequency, entity.sector) * by_sector(t.impact, entity.sector)
            for t in profile.threats}


def weights(fw: Framework, assessment: Assessment, profile: ThreatProfile | None) -> dict[str, dict[str, float]]:
    """weight[entity][leaf]: money per year per level step, or the criticality without a profile."""
    out: dict[str, dict[str, float]] = {}
    shares = {t.id: leaf_shares(fw, t.mitigated_by) for t in profile.threats} if profile else {}
    top = fw.max_level
    for e in assessment.entities:
        if profile is None:
            out[e.id] = {leaf: float(e.criticality) for leaf in fw.leaves}
            continue
        exposure = ale(e, profile)
        out[e.id] = {leaf: e.criticality * sum(exposure[t] * shares[t].get(leaf, 0.0) for t in exposure) / top
                     for leaf in fw.leaves}
    return out


class ExposureRow(BaseModel):
    entity: str
    sector: str | None
    threat: str
    ale: float


def exposure_table(assessment: Assessment, profile: ThreatProfile) -> list[ExposureRow]:
    return [ExposureRow(entity=e.id, sector=e.sector, threat=t, ale=v)
            for e in assessment.entities for t, v in ale(e, profile).items()]
