#!/usr/bin/env python3
"""Generate the NIST CSF 2.0 rulesets (rulesets/nist-csf-2.0/default.yaml and quick.yaml).

default: level k of subcategory X holds when question X.qk is answered `largely` or `fully`
         (the built-in convention: a choice question is met at its last two options). Levels are
         cumulative in the engine, so X reaches level k only if X.q1..X.qk are all met.
quick:   level k of X holds when the self-rating X.self is >= k.
Both carry the same finding rules (CNI without monitoring, no tested backups, no incident response
plan, MFA gap at a critical entity, no one owning security, unpatched software) and embedded tests.

Run:  .venv/bin/python tools/gen_csf_rulesets.py   (deterministic)
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FRAMEWORK = ROOT / "frameworks" / "nist-csf-2.0" / "framework.yaml"
OUTDIR = ROOT / "rulesets" / "nist-csf-2.0"
CNI_SECTORS = ["energy", "water", "telecoms", "transport", "health", "finance"]

FINDINGS = [
    {"id": "cni-without-monitoring",
     "when": {"all": [{"entity": "sector", "in": CNI_SECTORS}, {"outcome": "DE.CM-01", "lt": 2}]},
     "finding": {"severity": "high",
                 "text": "Critical infrastructure operator without risk-based continuous network monitoring (DE.CM-01 below level 2)"}},
    {"id": "no-tested-backups",
     "when": {"any": [{"outcome": "PR.DS-11", "lt": 1}, {"outcome": "RC.RP-03", "lt": 1}]},
     "finding": {"severity": "high",
                 "text": "No tested backups: backups are not created and tested (PR.DS-11) or not verified before restoration (RC.RP-03); recovery from ransomware is doubtful"}},
    {"id": "no-incident-response-plan",
     "when": {"outcome": "ID.IM-04", "lt": 1},
     "finding": {"severity": "high",
                 "text": "No incident response plan (ID.IM-04 at level 0)"}},
    {"id": "mfa-gap-critical-entity",
     "when": {"all": [{"entity": "criticality", "gte": 4}, {"outcome": "PR.AA-03", "lt": 2}]},
     "finding": {"severity": "high",
                 "text": "Highly critical entity without management-approved, risk-based MFA (PR.AA-03 below level 2)"}},
    {"id": "no-security-ownership",
     "when": {"all": [{"outcome": "GV.RR-02", "lt": 1}, {"outcome": "GV.RR-03", "lt": 1}]},
     "finding": {"severity": "medium",
                 "text": "No one is assigned cyber security responsibilities (GV.RR-02) and no resources are allocated to it (GV.RR-03)"}},
    {"id": "unpatched-software",
     "when": {"outcome": "PR.PS-02", "lt": 1},
     "finding": {"severity": "medium",
                 "text": "Software is not kept patched or replaced when unsupported (PR.PS-02 at level 0)"}},
]
FINDING_IDS = [f["id"] for f in FINDINGS]


def rid(sub: str) -> str:
    return sub.lower().replace(".", "-")


def subcategories() -> list[str]:
    fw = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    return [s["id"] for fn in fw["outcomes"] for c in fn["children"] for s in c["children"]]


def flow(v) -> str:
    """A one-line YAML flow rendering (JSON strings are valid YAML)."""
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {flow(x)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(flow(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    s = str(v)
    plain = s.replace("-", "").replace(".", "").replace("_", "").isalnum() and s.lower() not in (
        "yes", "no", "on", "off", "true", "false", "null", "y", "n")
    return s if plain and not s[0].isdigit() else json.dumps(s, ensure_ascii=False)


# ------------------------------------------------------------------------ default ruleset tests

def met(sub: str, *levels: int, value: str = "fully") -> dict:
    return {f"{sub}.q{k}": value for k in levels}


# answers that keep every finding quiet (for entities of any sector and criticality)
QUIET = {**met("DE.CM-01", 1, 2), **met("PR.DS-11", 1), **met("RC.RP-03", 1), **met("ID.IM-04", 1),
         **met("PR.AA-03", 1, 2), **met("GV.RR-02", 1), **met("PR.PS-02", 1)}


def without(answers: dict, sub: str) -> dict:
    return {k: v for k, v in answers.items() if not k.startswith(sub + ".")}


def default_tests() -> list[dict]:
    t = []
    for sub in ["PR.AA-03", "DE.CM-01", "PR.DS-11", "GV.OC-01", "RS.MA-01"]:
        t += [
            {"name": f"{sub}: nothing answered is level 0", "answers": {}, "expect": {sub: 0}},
            {"name": f"{sub}: q1 only partially met is level 0", "answers": {f"{sub}.q1": "partially"},
             "expect": {sub: 0}},
            {"name": f"{sub}: q1 largely met is level 1", "answers": {f"{sub}.q1": "largely"}, "expect": {sub: 1}},
            {"name": f"{sub}: q1 and q2 met but q3 not is level 2 (q4 does not count without q3)",
             "answers": {f"{sub}.q1": "fully", f"{sub}.q2": "largely", f"{sub}.q3": "partially",
                         f"{sub}.q4": "fully"}, "expect": {sub: 2}},
            {"name": f"{sub}: q1-q3 met, q4 not is level 3",
             "answers": {**met(sub, 1, 2, 3, value="largely"), f"{sub}.q4": "no"}, "expect": {sub: 3}},
            {"name": f"{sub}: all four met is level 4", "answers": met(sub, 1, 2, 3, 4), "expect": {sub: 4}},
        ]
    t += [
        {"name": "PR.AA-03: q2 met but q1 not is level 0 (levels are cumulative)",
         "answers": {"PR.AA-03.q1": "no", "PR.AA-03.q2": "fully", "PR.AA-03.q3": "fully", "PR.AA-03.q4": "fully"},
         "expect": {"PR.AA-03": 0}},
        {"name": "DE.CM-01: q1, q3, q4 met but q2 not is level 1",
         "answers": {"DE.CM-01.q1": "fully", "DE.CM-01.q2": "partially", "DE.CM-01.q3": "fully",
                     "DE.CM-01.q4": "largely"}, "expect": {"DE.CM-01": 1}},
        {"name": "q2 unanswered stops the ladder at level 1",
         "answers": {"PR.DS-11.q1": "fully", "PR.DS-11.q3": "fully", "PR.DS-11.q4": "fully"},
         "expect": {"PR.DS-11": 1}},
        {"name": "Category PR.AA is the rounded-down mean of its six subcategories",
         "answers": {**met("PR.AA-01", 1, 2), **met("PR.AA-02", 1, 2), **met("PR.AA-03", 1, 2, 3),
                     **met("PR.AA-04", 1, 2), **met("PR.AA-05", 1, 2), **met("PR.AA-06", 1)},
         "expect": {"PR.AA-01": 2, "PR.AA-03": 3, "PR.AA-06": 1, "PR.AA": 2}},
        # findings
        {"name": "A well-run energy operator raises no finding", "entity": {"sector": "energy", "criticality": 5},
         "answers": QUIET, "expect": {"DE.CM-01": 2, "PR.AA-03": 2}, "expect_findings": []},
        {"name": "Energy operator with monitoring only at level 1 is CNI without monitoring",
         "entity": {"sector": "energy", "criticality": 3},
         "answers": {**without(QUIET, "DE.CM-01"), **met("DE.CM-01", 1)}, "expect": {"DE.CM-01": 1},
         "expect_findings": ["cni-without-monitoring"]},
        {"name": "A ministry without monitoring is not flagged as CNI",
         "entity": {"sector": "government", "criticality": 3},
         "answers": without(QUIET, "DE.CM-01"), "expect": {"DE.CM-01": 0}, "expect_findings": []},
        {"name": "No backups at all raises no-tested-backups", "entity": {"sector": "government", "criticality": 2},
         "answers": without(QUIET, "PR.DS-11"), "expect": {"PR.DS-11": 0}, "expect_findings": ["no-tested-backups"]},
        {"name": "Backups never verified before restoration raise no-tested-backups",
         "entity": {"sector": "water", "criticality": 4},
         "answers": {**without(QUIET, "RC.RP-03"), "RC.RP-03.q1": "partially"}, "expect": {"RC.RP-03": 0},
         "expect_findings": ["no-tested-backups"]},
        {"name": "No incident response plan", "entity": {"sector": "health", "criticality": 4},
         "answers": without(QUIET, "ID.IM-04"), "expect": {"ID.IM-04": 0},
         "expect_findings": ["no-incident-response-plan"]},
        {"name": "Critical entity with ad hoc authentication only has an MFA gap",
         "entity": {"sector": "finance", "criticality": 5},
         "answers": {**without(QUIET, "PR.AA-03"), **met("PR.AA-03", 1)}, "expect": {"PR.AA-03": 1},
         "expect_findings": ["mfa-gap-critical-entity"]},
        {"name": "The same authentication at a low-criticality entity raises no MFA finding",
         "entity": {"sector": "finance", "criticality": 2},
         "answers": {**without(QUIET, "PR.AA-03"), **met("PR.AA-03", 1)}, "expect": {"PR.AA-03": 1},
         "expect_findings": []},
        {"name": "Nobody owns security and nothing is resourced", "entity": {"sector": "government", "criticality": 3},
         "answers": without(QUIET, "GV.RR-02"), "expect": {"GV.RR-02": 0, "GV.RR-03": 0},
         "expect_findings": ["no-security-ownership"]},
        {"name": "Resources without named owners are enough to avoid no-security-ownership",
         "entity": {"sector": "government", "criticality": 3},
         "answers": {**without(QUIET, "GV.RR-02"), **met("GV.RR-03", 1)}, "expect": {"GV.RR-03": 1},
         "expect_findings": []},
        {"name": "Unpatched software", "entity": {"sector": "transport", "criticality": 3},
         "answers": {**without(QUIET, "PR.PS-02"), "PR.PS-02.q1": "no"}, "expect": {"PR.PS-02": 0},
         "expect_findings": ["unpatched-software"]},
        {"name": "An empty questionnaire for a critical energy operator raises every finding",
         "entity": {"sector": "energy", "criticality": 5}, "answers": {}, "expect": {"GV": 0, "PR": 0},
         "expect_findings": FINDING_IDS},
    ]
    return t


def quick_tests() -> list[dict]:
    t = []
    for sub in ["PR.AA-03", "DE.CM-01", "RC.RP-01", "GV.PO-01"]:
        t.append({"name": f"{sub}: no self-rating is level 0", "answers": {}, "expect": {sub: 0}})
        for k in range(5):
            t.append({"name": f"{sub}: self-rated {k} is level {k}", "answers": {f"{sub}.self": k},
                      "expect": {sub: k}})
    t += [
        {"name": "Category rollup from self-ratings (DE.CM mean 2.4 rounds down to 2)",
         "answers": {"DE.CM-01.self": 3, "DE.CM-02.self": 2, "DE.CM-03.self": 2, "DE.CM-06.self": 1,
                     "DE.CM-09.self": 4}, "expect": {"DE.CM": 2}},
        {"name": "A well-rated water utility raises no finding", "entity": {"sector": "water", "criticality": 5},
         "answers": {"DE.CM-01.self": 3, "PR.DS-11.self": 3, "RC.RP-03.self": 2, "ID.IM-04.self": 3,
                     "PR.AA-03.self": 2, "GV.RR-02.self": 2, "GV.RR-03.self": 2, "PR.PS-02.self": 2},
         "expect": {"PR.AA-03": 2}, "expect_findings": []},
        {"name": "Self-rated monitoring of 1 at a telecoms operator is CNI without monitoring",
         "entity": {"sector": "telecoms", "criticality": 3},
         "answers": {"DE.CM-01.self": 1, "PR.DS-11.self": 3, "RC.RP-03.self": 2, "ID.IM-04.self": 3,
                     "GV.RR-02.self": 2, "PR.PS-02.self": 2},
         "expect": {"DE.CM-01": 1}, "expect_findings": ["cni-without-monitoring"]},
        {"name": "Nothing self-rated at a critical energy operator raises every finding",
         "entity": {"sector": "energy", "criticality": 5}, "answers": {}, "expect": {"RC": 0},
         "expect_findings": FINDING_IDS},
    ]
    return t


# ------------------------------------------------------------------------ emit

def emit(header: list[str], meta: dict, rules: list[dict], tests: list[dict]) -> str:
    lines = [f"# {h}" if h else "#" for h in header]
    for k, v in meta.items():
        if k == "description":
            lines.append("description: >-")
            lines += [f"  {ln}" for ln in v]
        else:
            lines.append(f"{k}: {flow(v)}")
    lines.append("rules:")
    section = None
    for r in rules:
        fn = r.get("outcome", "")[:2] if "outcome" in r else "findings"
        if fn != section:
            section = fn
            lines.append(f"  # -- {fn}")
        lines.append(f"  - {flow(r)}")
    lines.append("tests:")
    for t in tests:
        lines.append(f"  - name: {json.dumps(t['name'], ensure_ascii=False)}")
        if "entity" in t:
            lines.append(f"    entity: {flow(t['entity'])}")
        lines.append(f"    answers: {flow(t['answers'])}")
        lines.append(f"    expect: {flow(t['expect'])}")
        if "expect_findings" in t:
            lines.append(f"    expect_findings: {flow(t['expect_findings'])}")
    return "\n".join(lines) + "\n"


def main() -> int:
    subs = subcategories()
    assert len(subs) == 106
    default_rules = [{"id": f"{rid(s)}-l{k}", "outcome": s, "level": k,
                      "when": {"question": f"{s}.q{k}", "gte": "largely"}} for s in subs for k in range(1, 5)]
    quick_rules = [{"id": f"{rid(s)}-self-l{k}", "outcome": s, "level": k,
                    "when": {"question": f"{s}.self", "gte": k}} for s in subs for k in range(1, 5)]
    gen = "GENERATED by tools/gen_csf_rulesets.py - edit the generator, not this file."
    files = {
        "default.yaml": emit(
            ["NIST CSF 2.0 default ruleset: questionnaire answers -> maturity level per subcategory.", gen],
            {"id": "nist-csf-2.0/default", "framework": "nist-csf-2.0",
             "title": "NIST CSF 2.0 - tier-evidence questionnaire",
             "description": [
                 "Level k (1 Partial, 2 Risk Informed, 3 Repeatable, 4 Adaptive) of a subcategory X holds when",
                 "question X.qk is answered 'largely' or 'fully'. Levels are cumulative: X is at level k only if",
                 "X.q1..X.qk are all met, so a 'fully' on q3 does not count while q2 is unmet. Unanswered",
                 "questions meet nothing. Findings flag the gaps a national assessor should see first."]},
            default_rules + FINDINGS, default_tests()),
        "quick.yaml": emit(
            ["NIST CSF 2.0 quick ruleset: one self-rated maturity per subcategory.", gen],
            {"id": "nist-csf-2.0/quick", "framework": "nist-csf-2.0",
             "title": "NIST CSF 2.0 - quick self-assessment",
             "description": [
                 "For a first pass: each subcategory's level is its self-rating X.self (0-4). Less evidence",
                 "than the default questionnaire, so treat the result as indicative. Same findings as default."]},
            quick_rules + FINDINGS, quick_tests()),
    }
    for name, text in files.items():
        data = yaml.safe_load(text)
        ids = [r["id"] for r in data["rules"]]
        assert len(ids) == len(set(ids)), name
        (OUTDIR / name).write_text(text, encoding="utf-8")
        print(f"wrote rulesets/nist-csf-2.0/{name}: {len(ids)} rules, {len(data['tests'])} tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
