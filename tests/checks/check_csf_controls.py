#!/usr/bin/env python3
"""Check the NIST CSF 2.0 control catalogue (and, when present, the default threat catalogue and
the demo plan config) against the conventions the planner relies on.

    python tests/checks/check_csf_controls.py [controls.yaml]

Checks (exit status 1 and a list of problems when any fails):
- ids unique; every control has id, title, cost {capex, opex}, effort, duration 1-18 months,
  scope entity|shared, a one-line `basis`, and implements at least one question;
- every `implements` key is a question of the convention X.q1..X.q4 for the 106 CSF 2.0
  subcategories, with value `largely` or `fully`;
- every question X.qk is implemented (at `largely`/`fully`) by some control, and also by some
  entity-scoped control (so every level of every subcategory is reachable for every entity,
  whatever sector a shared control serves);
- `requires` reference existing ids and are acyclic; `serves` only on shared controls;
- at least 160 controls and at least 12 shared ones;
- threats.yaml (if present): `mitigated_by` keys are outcome ids, shares sum to 1.0, ranges
  bracket the likely values, sources and assumptions given;
- demo/plan.yaml (if present): `mandatory` controls exist.

The subcategory ids come from frameworks/nist-csf-2.0/framework.yaml when it exists, else from
the official CSF 2.0 list stored below (NIST CSWP 29); both are compared when both exist.
"""
from __future__ import annotations

import math
import sys
from pathlib import Path

import yaml

from cyberplan.engine.errors import find_cycle

ROOT = Path(__file__).resolve().parents[2]
FW_DIR = ROOT / "frameworks" / "nist-csf-2.0"

# The 106 CSF 2.0 subcategories (NIST CSWP 29, February 2024), in Core order.
OFFICIAL_SUBCATEGORIES = """
GV.OC-01 GV.OC-02 GV.OC-03 GV.OC-04 GV.OC-05 GV.RM-01 GV.RM-02 GV.RM-03 GV.RM-04 GV.RM-05
GV.RM-06 GV.RM-07 GV.RR-01 GV.RR-02 GV.RR-03 GV.RR-04 GV.PO-01 GV.PO-02 GV.OV-01 GV.OV-02
GV.OV-03 GV.SC-01 GV.SC-02 GV.SC-03 GV.SC-04 GV.SC-05 GV.SC-06 GV.SC-07 GV.SC-08 GV.SC-09
GV.SC-10 ID.AM-01 ID.AM-02 ID.AM-03 ID.AM-04 ID.AM-05 ID.AM-07 ID.AM-08 ID.RA-01 ID.RA-02
ID.RA-03 ID.RA-04 ID.RA-05 ID.RA-06 ID.RA-07 ID.RA-08 ID.RA-09 ID.RA-10 ID.IM-01 ID.IM-02
ID.IM-03 ID.IM-04 PR.AA-01 PR.AA-02 PR.AA-03 PR.AA-04 PR.AA-05 PR.AA-06 PR.AT-01 PR.AT-02
PR.DS-01 PR.DS-02 PR.DS-10 PR.DS-11 PR.PS-01 PR.PS-02 PR.PS-03 PR.PS-04 PR.PS-05 PR.PS-06
PR.IR-01 PR.IR-02 PR.IR-03 PR.IR-04 DE.CM-01 DE.CM-02 DE.CM-03 DE.CM-06 DE.CM-09 DE.AE-02
DE.AE-03 DE.AE-04 DE.AE-06 DE.AE-07 DE.AE-08 RS.MA-01 RS.MA-02 RS.MA-03 RS.MA-04 RS.MA-05
RS.AN-03 RS.AN-06 RS.AN-07 RS.AN-08 RS.CO-02 RS.CO-03 RS.MI-01 RS.MI-02 RC.RP-01 RC.RP-02
RC.RP-03 RC.RP-04 RC.RP-05 RC.RP-06 RC.CO-03 RC.CO-04
""".split()

MET = {"largely", "fully"}
CONTROL_KEYS = {"id", "title", "description", "cost", "effort", "duration", "requires", "implements",
                "scope", "serves", "basis", "tags"}


def framework_outcomes() -> tuple[list[str], set[str]]:
    """(leaf ids, all outcome ids) from framework.yaml, or from the stored official list."""
    fw = FW_DIR / "framework.yaml"
    if not fw.exists():
        cats = {s.split("-")[0] for s in OFFICIAL_SUBCATEGORIES}
        funcs = {c.split(".")[0] for c in cats}
        return list(OFFICIAL_SUBCATEGORIES), set(OFFICIAL_SUBCATEGORIES) | cats | funcs
    data = yaml.safe_load(fw.read_text(encoding="utf-8"))
    leaves: list[str] = []
    every: set[str] = set()

    def walk(node: dict) -> None:
        every.add(node["id"])
        kids = node.get("children") or []
        if not kids:
            leaves.append(node["id"])
        for k in kids:
            walk(k)

    for o in data["outcomes"]:
        walk(o)
    return leaves, every


def check_controls(path: Path, leaves: list[str], problems: list[str]) -> dict:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("cost_basis", "currency", "controls"):
        if key not in doc:
            problems.append(f"{path.name}: missing top-level key {key!r}")
    if doc.get("currency") != "USD":
        problems.append(f"{path.name}: currency should be USD, got {doc.get('currency')!r}")
    controls = doc.get("controls") or []
    questions = {f"{s}.q{k}" for s in leaves for k in range(1, 5)}

    ids = [c.get("id") for c in controls]
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            problems.append(f"duplicate control id {i}")
        seen.add(i)
    known = set(ids)

    covered: dict[str, list[str]] = {}
    covered_entity: set[str] = set()
    for c in controls:
        cid = c.get("id", "?")
        extra = set(c) - CONTROL_KEYS
        if extra:
            problems.append(f"{cid}: unknown keys {sorted(extra)}")
        for key in ("id", "title", "cost", "effort", "duration", "implements", "scope", "basis"):
            if key not in c:
                problems.append(f"{cid}: missing {key!r}")
        cost = c.get("cost") or {}
        for k in ("capex", "opex"):
            v = cost.get(k)
            if not isinstance(v, (int, float)) or v < 0:
                problems.append(f"{cid}: cost.{k} must be a number >= 0, got {v!r}")
        if not isinstance(c.get("effort"), (int, float)) or c.get("effort", -1) < 0:
            problems.append(f"{cid}: effort must be a number >= 0")
        d = c.get("duration")
        if not isinstance(d, (int, float)) or not 1 <= d <= 18:
            problems.append(f"{cid}: duration must be 1-18 months, got {d!r}")
        if c.get("scope") not in ("entity", "shared"):
            problems.append(f"{cid}: scope must be entity or shared")
        if "serves" in c and c.get("scope") != "shared":
            problems.append(f"{cid}: serves is only for shared controls")
        basis = c.get("basis")
        if not isinstance(basis, str) or not basis.strip() or "\n" in basis.strip():
            problems.append(f"{cid}: basis must be one non-empty line")
        imp = c.get("implements") or {}
        if not imp:
            problems.append(f"{cid}: implements nothing (dead weight)")
        for q, v in imp.items():
            if q not in questions:
                problems.append(f"{cid}: implements unknown question {q}")
            if v not in MET:
                problems.append(f"{cid}: {q} is implemented at {v!r}; expected largely or fully")
            elif q in questions:
                covered.setdefault(q, []).append(cid)
                if c.get("scope") == "entity":
                    covered_entity.add(q)
        for r in c.get("requires") or []:
            if r not in known:
                problems.append(f"{cid}: requires unknown control {r}")
            if r == cid:
                problems.append(f"{cid}: requires itself")

    missing = sorted(questions - set(covered))
    for q in missing:
        problems.append(f"question {q} is implemented by no control")
    missing_entity = sorted(questions - covered_entity - set(missing))
    for q in missing_entity:
        problems.append(f"question {q} is implemented only by shared controls")
    cycle = find_cycle({c["id"]: [r for r in c.get("requires") or [] if r in known]
                        for c in controls if "id" in c})
    if cycle:
        problems.append("cyclic requires: " + " -> ".join(cycle + [cycle[0]]))
    shared = [c for c in controls if c.get("scope") == "shared"]
    if len(controls) < 160:
        problems.append(f"only {len(controls)} controls; at least 160 expected")
    if len(shared) < 12:
        problems.append(f"only {len(shared)} shared controls; at least 12 expected")
    return {"controls": len(controls), "shared": len(shared), "questions": len(questions),
            "covered": len(covered), "covered_entity": len(covered_entity), "ids": known}


def check_threats(path: Path, every: set[str], problems: list[str]) -> int:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if doc.get("currency") != "USD":
        problems.append(f"{path.name}: currency should be USD")
    threats = doc.get("threats") or []
    for t in threats:
        tid = t.get("id", "?")
        shares = t.get("mitigated_by") or {}
        for k in shares:
            if k not in every:
                problems.append(f"threat {tid}: mitigated_by key {k} is not an outcome id")
        total = sum(shares.values())
        if not math.isclose(total, 1.0, abs_tol=1e-6):
            problems.append(f"threat {tid}: mitigated_by shares sum to {total}, expected 1.0")
        if not t.get("sources"):
            problems.append(f"threat {tid}: no sources")
        if not t.get("assumptions"):
            problems.append(f"threat {tid}: no assumptions")
        for key in ("frequency", "impact"):
            values = t.get(key) or {}
            if "default" not in values:
                problems.append(f"threat {tid}: {key} has no default")
            ranges = t.get(f"{key}_range") or {}
            for sector, (lo, hi) in ranges.items():
                likely = values.get(sector, values.get("default"))
                if likely is None or not lo <= likely <= hi:
                    problems.append(f"threat {tid}: {key}_range[{sector}] = [{lo}, {hi}] "
                                    f"does not bracket {likely}")
    return len(threats)


def check_plan(path: Path, ids: set[str], problems: list[str]) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    for m in doc.get("mandatory") or []:
        cid = m.split(":", 1)[1] if ":" in m else m
        if cid not in ids:
            problems.append(f"{path.name}: mandatory control {cid} does not exist")


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else FW_DIR / "controls.yaml"
    problems: list[str] = []
    leaves, every = framework_outcomes()
    if len(leaves) != 106:
        problems.append(f"expected 106 subcategories, found {len(leaves)}")
    if sorted(leaves) != sorted(OFFICIAL_SUBCATEGORIES):
        problems.append("framework.yaml subcategories differ from the official CSF 2.0 list: "
                        f"{sorted(set(leaves) ^ set(OFFICIAL_SUBCATEGORIES))}")
    stats = check_controls(path, leaves, problems)
    threats = FW_DIR / "threats.yaml"
    n_threats = check_threats(threats, every, problems) if threats.exists() else 0
    plan = FW_DIR / "demo" / "plan.yaml"
    if plan.exists():
        check_plan(plan, stats["ids"], problems)
    print(f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: {stats['controls']} controls "
          f"({stats['shared']} shared); {stats['covered']}/{stats['questions']} questions implemented "
          f"({stats['covered_entity']} by entity-scoped controls); {n_threats} threats checked")
    for p in problems:
        print("PROBLEM:", p)
    if problems:
        print(f"{len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
