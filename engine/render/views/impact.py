"""The impact assessment as an Output: annual loss exposure by entity, sector and threat; the
outcomes carrying the most money at risk; where current maturity leaves the exposure open."""
from __future__ import annotations

from collections import defaultdict

from cyberplan.engine.assess.impact import ImpactReport
from cyberplan.engine.models import Assessment, Framework, ThreatProfile
from cyberplan.engine.render import Output, Table


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def _pct(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole > 0 else None


def impact_output(report: ImpactReport, fw: Framework, assessment: Assessment, profile: ThreatProfile,
                  top: int = 15) -> Output:
    cur = report.currency
    ents = {e.id: e for e in assessment.entities}
    names = {t.id: t.name or t.id for t in profile.threats}
    by_entity: dict[str, list] = defaultdict(list)
    by_sector: dict[str, list] = defaultdict(list)
    by_threat: dict[str, list] = defaultdict(list)
    for x in report.exposures:
        by_entity[x.entity].append(x)
        by_sector[x.sector or "(none)"].append(x)
        by_threat[x.threat].append(x)

    def totals(rows) -> tuple[float, float, float]:
        a = sum(r.ale for r in rows)
        u = sum(r.unmitigated for r in rows)
        addressable = a - sum(r.outside_framework for r in rows)
        return a, u, addressable

    entity_rows = []
    for eid, rows in by_entity.items():
        a, u, addr = totals(rows)
        worst = max(rows, key=lambda r: (r.unmitigated, r.threat))
        crit = report.criticality[eid]
        entity_rows.append([eid, ents[eid].name or "", ents[eid].sector or "", crit, round(a), round(u),
                            _pct(addr - u, addr), round(crit * u), names[worst.threat] if worst.unmitigated else ""])
    entity_rows.sort(key=lambda r: (-r[5], r[0]))
    sector_rows = []
    for sector, rows in by_sector.items():
        a, u, addr = totals(rows)
        sector_rows.append([sector, len({r.entity for r in rows}), round(a), round(u), _pct(addr - u, addr)])
    sector_rows.sort(key=lambda r: (-r[2], r[0]))
    threat_rows = []
    for tid, rows in by_threat.items():
        a, u, addr = totals(rows)
        worst = max(rows, key=lambda r: (r.unmitigated, r.entity))
        threat_rows.append([tid, names[tid], round(a), round(u), _pct(addr - u, addr),
                            round(sum(r.outside_framework for r in rows)), worst.entity if worst.unmitigated else ""])
    threat_rows.sort(key=lambda r: (-r[3], r[0]))

    per_leaf: dict[str, list] = defaultdict(list)
    for r in report.at_risk:
        per_leaf[r.outcome].append(r)
    leaf_rows = []
    for o, rows in per_leaf.items():
        risk = sum(r.at_risk for r in rows)
        if risk <= 0:
            continue
        below = [r for r in rows if r.level < report.max_level]
        leaf_rows.append([o, _short(fw.nodes[o].title), round(risk), round(sum(r.weight for r in rows)), len(below),
                          round(sum(r.level for r in rows) / len(rows), 1)])
    leaf_rows.sort(key=lambda r: (-r[2], r[0]))
    pair_rows = sorted(([r.entity, r.outcome, _short(fw.nodes[r.outcome].title), r.level, round(r.weight), round(r.at_risk)]
                        for r in report.at_risk if r.at_risk > 0), key=lambda r: (-r[5], r[0], r[1]))
    open_rows = sorted(([x.entity, x.threat, round(x.ale), round(x.unmitigated),
                         _pct(x.ale - x.outside_framework - x.unmitigated, x.ale - x.outside_framework),
                         ", ".join(x.weakest)] for x in report.exposures if x.unmitigated > 0),
                       key=lambda r: (-r[3], r[0], r[1]))
    tables = [
        Table(f"Annual loss exposure by entity ({cur} per year)",
              ["entity", "name", "sector", "criticality", "ALE", "unmitigated", "mitigated %",
               "at risk x criticality", "largest open threat"], entity_rows, name="entities",
              styles={"ALE": "money", "unmitigated": "money", "at risk x criticality": "money"}),
        Table(f"Annual loss exposure by sector ({cur} per year)",
              ["sector", "entities", "ALE", "unmitigated", "mitigated %"], sector_rows, name="sectors",
              styles={"ALE": "money", "unmitigated": "money"}),
        Table(f"Annual loss exposure by threat ({cur} per year, whole portfolio)",
              ["threat", "name", "ALE", "unmitigated", "mitigated %", "outside the framework", "most exposed entity"],
              threat_rows, name="threats", styles={"ALE": "money", "unmitigated": "money"}),
        Table(f"Outcomes carrying the most money at risk (top {min(top, len(leaf_rows))} of {len(leaf_rows)}; "
              f"{cur} per year)",
              ["outcome", "title", "at risk", "worth per level step", "entities below top", "mean level"],
              leaf_rows[:top], name="outcomes", styles={"at risk": "money", "worth per level step": "money"}),
        Table(f"Largest money at risk by entity and outcome (top {min(top, len(pair_rows))})",
              ["entity", "outcome", "title", "level", "weight", "at risk"], pair_rows[:top], name="at_risk",
              styles={"weight": "money", "at risk": "money", "level": "level"}),
        Table(f"Where current maturity leaves the exposure open (top {min(top, len(open_rows))} entity-threat pairs)",
              ["entity", "threat", "ALE", "unmitigated", "mitigated %", "weakest outcomes"], open_rows[:top],
              name="unmitigated", styles={"ALE": "money", "unmitigated": "money"}),
    ]
    ale_total = sum(x.ale for x in report.exposures)
    open_total = sum(x.unmitigated for x in report.exposures)
    risk_total = sum(r.at_risk for r in report.at_risk)
    notes = [f"portfolio: annual loss exposure {ale_total:,.0f} {cur}; current maturity leaves {open_total:,.0f} "
             f"{cur} of it unmitigated; {risk_total:,.0f} {cur} at risk in the outcomes below the top level (what "
             "the planner reduces)",
             "ALE = frequency x impact for the entity's sector (else default); unmitigated = ALE x sum over the "
             "outcomes mitigating the threat of share x (top level - level) / top level; at risk = weight x "
             "(top level - level), weight = sum ALE x share / top level: plain money, criticality never multiplies "
             "it (docs/formats.md §3.4); `at risk x criticality` is a priority, not money",
             "--format json carries every frequency, impact, ALE, share and weight behind these figures"]
    notes += [f"warning: {p}" for p in report.problems]
    data = report.model_dump(mode="json")
    data["totals"] = {"ale": round(ale_total, 2), "unmitigated": round(open_total, 2),
                      "at_risk_weighted": round(risk_total, 2)}
    return Output("impact", data, tables, notes=notes, result=report)
