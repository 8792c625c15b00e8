#!/usr/bin/env python3
"""Generate the bundled NIST CSF 2.0 demo portfolio (frameworks/nist-csf-2.0/demo/answers.yaml).

A fictional Commonwealth state, the Republic of Kestrel Islands, assessed its ministries and
critical national infrastructure operators with the default questionnaire (X.q1..X.q4 per
subcategory). Each entity below has a maturity profile: a base level, offsets per function,
category or subcategory, forced levels for the gaps that make the story (no tested backups at the
hospital, no security staff at the Interior ministry, weak monitoring at the grid), noise, a
share of unanswered questions, and a rate of realistic inconsistencies (a later question met
while an earlier one is not, e.g. an approved policy that nobody follows yet).

Deterministic: the random generator is seeded. Run:  .venv/bin/python tools/gen_demo_answers.py
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "frameworks" / "nist-csf-2.0" / "framework.yaml"
OUT = ROOT / "frameworks" / "nist-csf-2.0" / "demo" / "answers.yaml"
SEED = 20261101
COUNTRY = "the Republic of Kestrel Islands"

# offsets: keys are a function (GV), category (PR.AA) or subcategory (PR.AA-03) id; the most
# specific keys add up with the less specific ones. force: exact level for a subcategory.
ENTITIES = [
    {"id": "mof", "name": "Ministry of Finance", "sector": "government", "criticality": 3, "size_factor": 1.0,
     "base": 1.85, "sd": 0.55, "missing": 0.04, "inconsistent": 0.04,
     "offsets": {"GV": 0.4, "DE": -0.6, "RS": -0.3, "PR.DS": 0.3, "GV.SC": -0.5},
     "force": {"PR.AA-03": 2}},
    {"id": "moh", "name": "Ministry of Health", "sector": "government", "criticality": 3, "size_factor": 1.2,
     "base": 1.2, "sd": 0.6, "missing": 0.07, "inconsistent": 0.05,
     "offsets": {"GV": 0.2, "DE": -0.5, "RC": -0.3, "PR.AT": 0.4},
     "force": {"ID.IM-04": 0, "RS.MA-01": 0}},
    {"id": "moi", "name": "Ministry of the Interior", "sector": "government", "criticality": 4, "size_factor": 1.5,
     "base": 0.15, "sd": 0.45, "missing": 0.08, "inconsistent": 0.03,
     "offsets": {"PR.AA": 0.6, "PR.AT": 0.3, "DE": -0.2, "GV.SC": -0.3},
     "force": {"GV.RR-02": 0, "GV.RR-03": 0, "DE.CM-01": 0, "ID.IM-04": 0, "PR.PS-02": 0}},
    {"id": "cbk", "name": "Central Bank of Kestrel", "sector": "finance", "criticality": 5, "size_factor": 1.5,
     "base": 3.35, "sd": 0.3, "missing": 0.03, "inconsistent": 0.02,
     "offsets": {"GV": 0.25, "DE": 0.3, "ID.IM": 0.5, "PR.AA": 0.4, "GV.RM-07": -0.8, "PR.PS-06": -0.6,
                 "GV.SC": -0.3},
     "force": {"PR.AA-03": 4, "DE.CM-01": 4}},
    {"id": "kwa", "name": "Kestrel Water Authority", "sector": "water", "criticality": 5, "size_factor": 1.0,
     "base": 0.75, "sd": 0.5, "missing": 0.08, "inconsistent": 0.06,
     "offsets": {"DE": -0.5, "RC": -0.4, "GV": -0.2, "PR.IR": 0.3, "PR.AA-06": 1.0},
     "force": {"PR.DS-11": 0, "RC.RP-03": 0, "DE.CM-01": 0, "PR.AA-03": 1}},
    {"id": "grid", "name": "Kestrel National Grid", "sector": "energy", "criticality": 5, "size_factor": 2.5,
     "base": 2.25, "sd": 0.5, "missing": 0.05, "inconsistent": 0.04,
     "offsets": {"DE": -0.8, "PR.IR": 0.6, "GV": 0.3, "ID.AM": 0.3, "RS.CO": 0.4, "PR.AA-06": 0.8},
     "force": {"DE.CM-01": 1, "DE.CM-09": 1, "PR.IR-01": 3}},
    {"id": "ktel", "name": "KestrelTel Communications", "sector": "telecoms", "criticality": 5, "size_factor": 2.0,
     "base": 2.5, "sd": 0.5, "missing": 0.04, "inconsistent": 0.03,
     "offsets": {"DE": 0.8, "PR.IR": 0.5, "RC": -0.4, "GV.SC": -0.5, "GV.OV": -0.4},
     "force": {"DE.CM-01": 3}},
    {"id": "port", "name": "Port Kestrel Authority", "sector": "transport", "criticality": 4, "size_factor": 1.0,
     "base": 1.4, "sd": 0.55, "missing": 0.06, "inconsistent": 0.05,
     "offsets": {"RC": -0.6, "PR.AA": -0.4, "DE": -0.3, "ID.AM": 0.3, "PR.AA-06": 1.2, "DE.CM-02": 1.2},
     "force": {"PR.AA-03": 1}},
    {"id": "kght", "name": "Kestrel General Hospital Trust", "sector": "health", "criticality": 4, "size_factor": 1.2,
     "base": 1.1, "sd": 0.55, "missing": 0.07, "inconsistent": 0.06,
     "offsets": {"RS": -0.3, "PR.AT": 0.4, "GV.OC": 0.3, "PR.PS": -0.4},
     "force": {"PR.DS-11": 0, "PR.PS-02": 1}},
    {"id": "kcb", "name": "Kestrel Commercial Bank", "sector": "finance", "criticality": 4, "size_factor": 1.3,
     "base": 2.75, "sd": 0.45, "missing": 0.03, "inconsistent": 0.03,
     "offsets": {"PR": 0.3, "DE": 0.2, "GV.SC": -0.5, "GV.RM-07": -0.5, "RC.CO": -0.4},
     "force": {"PR.AA-03": 3, "PR.DS-11": 3, "RC.RP-03": 3}},
    {"id": "kiac", "name": "Kestrel Islands Airports Company", "sector": "transport", "criticality": 3,
     "size_factor": 0.8, "base": 1.5, "sd": 0.6, "missing": 0.05, "inconsistent": 0.05,
     "offsets": {"PR.AA-06": 1.0, "DE.CM-02": 0.8, "GV.SC": -0.4, "RC": -0.2},
     "force": {}},
]

MET = ["largely", "fully"]


def subcategories() -> list[str]:
    fw = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    return [s["id"] for fn in fw["outcomes"] for c in fn["children"] for s in c["children"]]


def target_level(p: dict, sub: str, rng: random.Random) -> int:
    if sub in p["force"]:
        return p["force"][sub]
    fn, cat = sub[:2], sub.split("-")[0]
    x = p["base"] + sum(p["offsets"].get(k, 0.0) for k in (fn, cat, sub)) + rng.gauss(0, p["sd"])
    return max(0, min(4, round(x)))


def answers_for(p: dict, sub: str, level: int, rng: random.Random) -> dict[str, str]:
    out = {}
    for k in range(1, 5):
        if k <= level:
            # met; earlier levels are more often fully met
            a = "fully" if rng.random() < (0.65 if k < level else 0.45) else "largely"
        elif k == level + 1:
            a = "partially" if rng.random() < 0.7 else "no"
        else:
            a = "no" if rng.random() < 0.8 else "partially"
        out[f"{sub}.q{k}"] = a
    forced = sub in p["force"]
    if not forced and rng.random() < p["inconsistent"] and level < 4:
        # a later question claimed as met while an earlier one is not
        k = rng.randint(level + 2, 4) if level <= 2 else 4
        if level == 3:
            k = 4  # harmless over-claim would just raise the level; make it a gap instead
            out[f"{sub}.q3"] = "partially"  # q4 met, q3 slipped: level falls to 2
        out[f"{sub}.q{k}"] = rng.choice(MET)
    if not forced:
        # later, harder questions are skipped more often than q1
        for k, weight in zip(range(1, 5), (0.4, 0.8, 1.2, 1.6)):
            if rng.random() < p["missing"] * weight:
                del out[f"{sub}.q{k}"]
    return out


def quote(v: str) -> str:
    return f'"{v}"'


def main() -> int:
    rng = random.Random(SEED)
    subs = subcategories()
    lines = [
        "# Demo portfolio for cyberplan: NIST CSF 2.0 assessment of " + COUNTRY + " (fictional).",
        "# GENERATED by tools/gen_demo_answers.py (seeded) - edit the entity profiles there, not this file.",
        "# Answers are to the default questionnaire (X.q1..X.q4 per subcategory); some are left unanswered.",
        "framework: nist-csf-2.0",
        "ruleset: nist-csf-2.0/default",
        "assessed: 2026-11-01",
        f"title: National cyber security assessment of {COUNTRY} (fictional demo), 2026",
        "entities:",
    ]
    total = answered = 0
    for p in ENTITIES:
        lines += [f"  - id: {p['id']}", f"    name: {p['name']}", f"    sector: {p['sector']}",
                  f"    criticality: {p['criticality']}", f"    size_factor: {p['size_factor']}", "    answers:"]
        for sub in subs:
            level = target_level(p, sub, rng)
            ans = answers_for(p, sub, level, rng)
            total += 4
            answered += len(ans)
            lines += [f"      {q}: {quote(a)}" for q, a in ans.items()]
    text = "\n".join(lines) + "\n"
    data = yaml.safe_load(text)
    assert len(data["entities"]) == len(ENTITIES)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(ENTITIES)} entities, {answered}/{total} answered "
          f"({100 * (total - answered) / total:.1f}% unanswered)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
