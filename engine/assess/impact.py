"""Threat profile -> annual loss exposure and risk weights per entity and leaf outcome (SPEC §3.4).

ALE(e, threat) = frequency x impact for e's sector (else `default`, else 0) x impact_factor(e).
weight(e, o) = sum_threat ALE(e, threat) x share(threat, o) / max_level, where
share(threat, o) sums, over the `mitigated_by` keys that are o or an ancestor of o, that key's
share divided evenly among the leaves under it: the money per year one level step of o is worth.

Money is money: criticality never multiplies a figure in currency. Without a threat profile the
weight is the entity's criticality (benefit in level-periods); with one, a plan may ask for
`priority: criticality`, which weighs its objective (not its money figures) by criticality.
"""
from __future__ import annotations

from pydantic import BaseModel

from cyberplan.engine.errors import Problem, did_you_mean
from cyberplan.engine.models import Assessment, Entity, Framework, Threat, ThreatProfile


def sector_key(table: dict, sector: str | None) -> str | None:
    """The key of `table` that applies to `sector`: the sector itself, else `default`, else None (0)."""
    if sector is not None and sector in table:
        return sector
    return "default" if "default" in table else None


def by_sector(table: dict[str, float], sector: str | None) -> float:
    key = sector_key(table, sector)
    return table[key] if key is not None else 0.0


def estimate(threat: Threat, what: str, sector: str | None) -> tuple[float, float, float, bool]:
    """(low, likely, high, ranged) of a threat's `frequency` or `impact` for a sector.

    The likely value follows SPEC §3.4 (the sector, else `default`, else 0). The range is the
    `<what>_range` entry of the sector, else (when the likely value is the default) the default's;
    a sector with its own likely value but no range of its own has no uncertainty (low = likely =
    high, ranged False): the default's range describes the default, not that sector."""
    table = getattr(threat, what)
    key = sector_key(table, sector)
    likely = table[key] if key is not None else 0.0
    ranges = getattr(threat, f"{what}_range") or {}
    if sector is not None and sector in ranges:
        rkey = sector
    elif key != sector and "default" in ranges:   # the likely value is the default (or 0): so is the range
        rkey = "default"
    else:
        rkey = None
    if rkey is None:
        return likely, likely, likely, False
    lo, hi = ranges[rkey]
    return float(lo), likely, float(hi), True


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
                                   path=f"threats[{i}].mitigated_by.{key}", hint=did_you_mean(key, fw.nodes)))
        for what in ("frequency", "impact"):
            for sector, (lo, hi) in (getattr(t, f"{what}_range") or {}).items():
                likely = by_sector(getattr(t, what), sector)
                if not lo - 1e-12 <= likely <= hi + 1e-12:
                    out.append(Problem(f"the range [{lo:g}, {hi:g}] does not contain the likely {what} {likely:g} "
                                       f"for {sector!r}", file=file, path=f"threats[{i}].{what}_range.{sector}",
                                       hint="expected low <= likely <= high"))
    return out


def leaf_shares(fw: Framework, mitigated_by: dict[str, float]) -> dict[str, float]:
    shares: dict[str, float] = {}
    for key, share in mitigated_by.items():
        leaves = fw.leaves_under.get(key, [])
        for leaf in leaves:
            shares[leaf] = shares.get(leaf, 0.0) + share / len(leaves)
    return shares


def ale(entity: Entity, profile: ThreatProfile) -> dict[str, float]:
    """ALE(e, threat) of SPEC §3.4: frequency x impact for the entity's sector x its impact_factor."""
    return {t.id: by_sector(t.frequency, entity.sector) * by_sector(t.impact, entity.sector) * entity.loss_factor
            for t in profile.threats}


def weights(fw: Framework, assessment: Assessment, profile: ThreatProfile | None) -> dict[str, dict[str, float]]:
    """weight[entity][leaf]: money per year per level step (plain money), or the criticality without a profile."""
    out: dict[str, dict[str, float]] = {}
    shares = {t.id: leaf_shares(fw, t.mitigated_by) for t in profile.threats} if profile else {}
    top = fw.max_level
    for e in assessment.entities:
        if profile is None:
            out[e.id] = {leaf: float(e.criticality) for leaf in fw.leaves}
            continue
        exposure = ale(e, profile)
        out[e.id] = {leaf: sum(exposure[t] * shares[t].get(leaf, 0.0) for t in exposure) / top
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


# --------------------------------------------------------------------------- impact assessment view

class EntityThreatExposure(BaseModel):
    entity: str
    sector: str | None
    threat: str
    frequency: float               # incidents per year, for the entity's sector
    impact: float                  # loss per incident for the sector (before impact_factor)
    impact_factor: float = 1.0     # the entity's scaling of its losses (SPEC §3.4)
    sector_used: str | None        # the key of `frequency` that applied (the sector, "default", or none: 0)
    ale: float                     # frequency x impact x impact_factor
    unmitigated: float             # the part current maturity leaves open: ALE x sum_o share x (top - level) / top
    outside_framework: float       # ALE x (1 - sum of the threat's shares), when they sum to less than 1
    weakest: list[str] = []        # the outcomes that leave the most of it open, "PR.AA-03 (level 1)"


class OutcomeAtRisk(BaseModel):
    entity: str
    outcome: str
    level: int
    weight: float                  # money per year one level step is worth (SPEC §3.4)
    at_risk: float                 # weight x (top - level)


class ImpactReport(BaseModel):
    framework: str
    currency: str
    max_level: int
    formula: dict[str, str]
    exposures: list[EntityThreatExposure]
    at_risk: list[OutcomeAtRisk]   # every entity and leaf with a weight
    weights: dict[str, dict[str, float]]
    leaf_shares: dict[str, dict[str, float]]   # threat -> leaf -> share (ancestor keys split among leaves)
    criticality: dict[str, int]
    problems: list[str] = []       # threats whose shares do not sum to 1


def impact_report(fw: Framework, assessment: Assessment, levels: dict[str, dict[str, int]],
                  profile: ThreatProfile) -> ImpactReport:
    """Annual loss exposure per entity and threat, what current maturity leaves unmitigated, and
    the money at risk per outcome. `levels`: entity -> outcome -> assessed level."""
    top = fw.max_level
    shares = {t.id: leaf_shares(fw, t.mitigated_by) for t in profile.threats}
    w = weights(fw, assessment, profile)
    exposures, at_risk = [], []
    for e in assessment.entities:
        lv = levels[e.id]
        for t in profile.threats:
            f, i = by_sector(t.frequency, e.sector), by_sector(t.impact, e.sector)
            a = f * i * e.loss_factor
            sh = shares[t.id]
            open_by_leaf = {o: a * s * (top - lv.get(o, 0)) / top for o, s in sh.items()}
            weakest = sorted((x for x in open_by_leaf.items() if x[1] > 0), key=lambda x: (-x[1], x[0]))[:3]
            exposures.append(EntityThreatExposure(
                entity=e.id, sector=e.sector, threat=t.id, frequency=f, impact=i, impact_factor=e.loss_factor,
                sector_used=sector_key(t.frequency, e.sector), ale=a, unmitigated=sum(open_by_leaf.values()),
                outside_framework=a * max(0.0, 1.0 - sum(sh.values())),
                weakest=[f"{o} (level {lv.get(o, 0)})" for o, _ in weakest]))
        for o in fw.leaves:
            if w[e.id][o] > 0:
                at_risk.append(OutcomeAtRisk(entity=e.id, outcome=o, level=lv.get(o, 0), weight=w[e.id][o],
                                             at_risk=w[e.id][o] * (top - lv.get(o, 0))))
    problems = [f"{t.id}: mitigated_by shares sum to {sum(t.mitigated_by.values()):g}, not 1"
                for t in profile.threats if abs(sum(t.mitigated_by.values()) - 1.0) > 1e-6]
    return ImpactReport(
        framework=fw.id, currency=profile.currency, max_level=top,
        formula={"ale": "ALE(e, threat) = frequency x impact for e's sector (else default, else 0) x impact_factor(e) "
                        "(default: size_factor)",
                 "weight": "weight(e, o) = sum_threat ALE(e, threat) x share(threat, o) / max_level (plain money; "
                           "criticality is a priority, never a multiplier of money)",
                 "share": "share(threat, o) = sum over mitigated_by keys that are o or an ancestor of o of "
                          "that key's share / number of leaves under the key",
                 "unmitigated": "unmitigated(e, threat) = ALE x sum_o share(threat, o) x (max_level - level(e, o)) "
                                "/ max_level",
                 "at_risk": "at_risk(e, o) = weight(e, o) x (max_level - level(e, o)), per year"},
        exposures=exposures, at_risk=at_risk,
        weights={e: {o: x for o, x in ws.items() if x} for e, ws in w.items()},
        leaf_shares=shares, criticality={e.id: e.criticality for e in assessment.entities}, problems=problems)
