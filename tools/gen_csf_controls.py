#!/usr/bin/env python3
"""Generate frameworks/nist-csf-2.0/controls.yaml: the NIST CSF 2.0 control catalogue.

The catalogue is kept here as compact Python data and emitted as YAML (SPEC section 3.1).
`implements` is written as "SUB:LEVELS" tokens: "PR.AA-03:12" means PR.AA-03.q1 and PR.AA-03.q2
are answered `fully` once the control is complete; a trailing "~" ("DE.CM-01:1~") means
`largely` (used by shared national services, which cover an entity's outcome only in part).

Run:  .venv/bin/python tools/gen_csf_controls.py   (then tools/check_csf_controls.py)
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "frameworks" / "nist-csf-2.0" / "controls.yaml"
DAY = 650  # blended staff-day rate, USD

COST_BASIS = """\
Estimates are for a mid-sized organisation of about 2,000 staff, 2,000 endpoints, 300 servers and
a 15-30 person IT function, in USD at 2025 prices. `capex` is the one-off cost of implementation
(external consultancy, licences bought outright, hardware, integration); `opex` is the yearly run
cost once complete (subscriptions, managed services, maintenance, dedicated hires). `effort` is the
time of the entity's own staff in person-days, on top of capex (it is what the plan's capacity
limit counts); at a blended internal rate of USD 650 per staff-day it is not included in capex.
External consultancy is costed at USD 1,200-1,800 per consultant-day. Tooling uses public list-price
ranges per user, endpoint or asset (e.g. EDR USD 40-70 per endpoint per year; MFA USD 3-6 per user
per month; SIEM ingestion USD 100-200k per year for ~50 GB/day; managed SOC/MDR USD 150-250 per
endpoint-equivalent per year), and CISA Cross-Sector Cybersecurity Performance Goals (CPG) cost
ratings ($, $$, $$$) to place controls in the low/medium/high bands where they apply. Policies and
procedures are capex USD 5-30k; platform and managed services run from USD 100k to over 1M.
An entity's `size_factor` (SPEC 3.3) scales the capex, opex and effort of entity-scoped controls
(e.g. 2.5 for a large grid operator). Shared (`NAT-...`) controls are national or sector-wide
services costed once at national scale for a small state (about 40 departments and CNI operators
served); they implement answers at `largely`, since a national service covers an entity's outcome
only in part. All figures are planning estimates (+/- 30-50%), not quotes; replace them with local
prices before a budget decision.
"""

CONTROLS: list[dict] = []


def parse_imp(spec: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for tok in spec.split():
        sub, levels = tok.split(":")
        value = "fully"
        if levels.endswith("~"):
            value, levels = "largely", levels[:-1]
        for ch in levels:
            qid = f"{sub}.q{ch}"
            if qid in out:
                raise SystemExit(f"duplicate {qid} in {spec!r}")
            out[qid] = value
    return out


def c(id, title, capex, opex, effort, duration, imp, req="", tags="", basis="", desc="",
      scope="entity", serves=None):
    d = {
        "id": id,
        "title": title,
        "description": desc or title + ".",
        "cost": {"capex": capex, "opex": opex},
        "effort": effort,
        "duration": duration,
        "requires": req.split() if req else [],
        "implements": parse_imp(imp),
        "scope": scope,
    }
    if serves:
        d["serves"] = {"sector": serves}
    d["basis"] = basis
    d["tags"] = tags.split() if tags else []
    CONTROLS.append(d)


def s(id, title, capex, opex, effort, duration, imp, serves=None, **kw):
    c(id, title, capex, opex, effort, duration, imp, scope="shared", serves=serves, **kw)

# =============================================================================== GOVERN
# ---- GV.OC Organisational context
c("CSF-GV-01", "Business impact analysis of mission-critical services", 40000, 5000, 40, 3,
  "GV.OC-01:12 GV.OC-04:12 GV.OC-05:1 ID.AM-05:1",
  tags="govern context foundation",
  basis="~25 consultant-days at USD 1,500 plus workshop costs; light yearly refresh",
  desc="Run a business impact analysis with service owners: list the mission-critical services, "
       "the harm of their loss over time and the maximum tolerable outage, and agree with management "
       "that these services are the first protection priorities.")
c("CSF-GV-02", "Stakeholder and dependency mapping", 25000, 3000, 25, 2,
  "GV.OC-02:12 GV.OC-05:2",
  req="CSF-GV-01", tags="govern context foundation",
  basis="~15 consultant-days; internal workshops counted as effort",
  desc="Map internal and external stakeholders (citizens, regulators, partners, customers) and their "
       "security expectations, and the services, suppliers and utilities the organisation depends on; "
       "communicate obligations to dependants (service levels, notification duties).")
c("CSF-GV-03", "Register of legal, regulatory and contractual cyber obligations", 30000, 10000, 20, 3,
  "GV.OC-03:123",
  tags="govern context compliance process",
  basis="~20 days of legal counsel at USD 1,500; yearly legal update subscription USD 10k",
  desc="Compile and maintain a register of cyber security, privacy and incident-reporting obligations "
       "(laws, sector regulation, contracts), each with an owner, mapped to controls and reviewed annually.")
c("CSF-GV-04", "Documented statement of critical services and dependencies, reviewed annually", 15000, 5000, 20, 2,
  "GV.OC-01:3 GV.OC-02:3 GV.OC-04:3 GV.OC-05:3",
  req="CSF-GV-01 CSF-GV-02", tags="govern context process",
  basis="policy-class document: ~10 consultant-days plus annual review",
  desc="Publish an approved statement of mission-critical services, stakeholders and dependencies that "
       "the risk process refers to, applied by every department and site and reviewed at least annually.")
c("CSF-GV-05", "Context reviews driven by change, incidents and threat intelligence", 10000, 15000, 15, 3,
  "GV.OC-01:4 GV.OC-02:4 GV.OC-03:4 GV.OC-04:4 GV.OC-05:4",
  req="CSF-GV-04 CSF-GV-03", tags="govern context improvement",
  basis="set-up ~7 consultant-days; yearly ~20 staff-days of analyst time bought in",
  desc="Trigger a review of the organisational context after reorganisations, new services, incidents "
       "and major threat changes, with metrics that security priorities still match the mission.")

# ---- GV.RM Risk management strategy
c("CSF-GV-06", "Cyber risk management framework and risk register", 45000, 10000, 40, 4,
  "GV.RM-01:12 GV.RM-03:1 GV.RM-05:1 GV.RM-06:12 ID.RA-05:1 ID.RA-06:1",
  req="CSF-GV-01", tags="govern risk foundation cpg",
  basis="~25 consultant-days plus GRC spreadsheet/tool USD 10k per year",
  desc="Adopt a cyber risk management method (ISO 27005 / NIST SP 800-30 style), agree risk objectives "
       "with management and keep a risk register of the top cyber risks with owners.")
c("CSF-GV-07", "Board-approved cyber risk appetite and tolerance statements", 15000, 0, 10, 2,
  "GV.RM-02:12 GV.RM-04:12",
  req="CSF-GV-06", tags="govern risk policy",
  basis="policy-class: ~8 consultant-days and two board sessions",
  desc="Draft and have the board approve cyber risk appetite and tolerance statements and the "
       "preferred risk responses (accept, mitigate, transfer, avoid) with thresholds.")
c("CSF-GV-08", "Integrate cyber risk into enterprise risk management", 20000, 5000, 25, 3,
  "GV.RM-03:23 GV.RM-05:2 GV.RM-01:3",
  req="CSF-GV-06", tags="govern risk process",
  basis="~12 consultant-days; ERM reporting already exists",
  desc="Report cyber risks through the enterprise risk management process and committee, using the "
       "same scales, with cyber risk owners in the business lines.")
c("CSF-GV-09", "Documented cyber risk methodology and escalation lines applied organisation-wide", 25000, 5000, 30, 3,
  "GV.RM-02:3 GV.RM-04:3 GV.RM-05:3 GV.RM-06:3",
  req="CSF-GV-07 CSF-GV-08", tags="govern risk process",
  basis="~15 consultant-days plus training of risk owners (effort)",
  desc="Document the risk methodology, appetite, response options and escalation lines (including for "
       "supplier risks), train risk owners and apply them in every department; review yearly.")
c("CSF-GV-10", "Security opportunity assessment in investment and digital programmes", 10000, 0, 15, 2,
  "GV.RM-07:123",
  req="CSF-GV-06", tags="govern risk process",
  basis="~6 consultant-days to add a positive-risk step to the investment gate",
  desc="Add a step to the investment and digital-programme gates that records security-enabled "
       "opportunities (e.g. new digital services made safe by shared identity) alongside threats.")
c("CSF-GV-11", "Quantified cyber risk (FAIR-style) and key risk indicators", 60000, 25000, 30, 4,
  "GV.RM-01:4 GV.RM-02:4 GV.RM-03:4 GV.RM-04:4 GV.RM-05:4 GV.RM-06:4 GV.RM-07:4",
  req="CSF-GV-09 CSF-GV-10", tags="govern risk improvement metrics",
  basis="CRQ tool USD 20-30k/yr; ~30 consultant-days to calibrate models",
  desc="Quantify top risks in money, track key risk indicators and adjust appetite, responses and "
       "methodology from metrics, incidents and threat intelligence.")

# ---- GV.RR Roles, responsibilities and authorities
c("CSF-GV-12", "Appoint an accountable senior owner and a CISO with a mandate", 10000, 180000, 10, 3,
  "GV.RR-01:12 GV.RR-02:1",
  tags="govern roles foundation cpg",
  basis="CISO salary+on-costs ~USD 180k/yr (or vCISO service USD 120-200k); recruitment USD 10k",
  desc="Name a board-level owner accountable for cyber risk and appoint a CISO (or virtual CISO "
       "service) with a written mandate and direct reporting line (CISA CPG 1.B).")
c("CSF-GV-13", "Security roles and responsibilities matrix (RACI) and job descriptions", 12000, 0, 15, 2,
  "GV.RR-02:23 GV.RR-01:3",
  req="CSF-GV-12", tags="govern roles process",
  basis="policy-class: ~8 consultant-days",
  desc="Define who is responsible, accountable, consulted and informed for each security process; put "
       "security duties in job descriptions and leadership terms of reference.")
c("CSF-GV-14", "Multi-year cyber security budget and workforce plan", 15000, 0, 15, 3,
  "GV.RR-03:123",
  req="CSF-GV-12", tags="govern roles process",
  basis="~10 consultant-days benchmarking spend (security ~6-10% of IT budget)",
  desc="Agree a multi-year security budget and staffing plan tied to the risk strategy, benchmarked "
       "against peers and reviewed each budget cycle.")
c("CSF-GV-15", "Security in the HR lifecycle: screening, agreements, movers and leavers", 15000, 10000, 25, 3,
  "GV.RR-04:123",
  tags="govern roles hr process",
  basis="procedure ~8 consultant-days; pre-employment screening ~USD 50-100 per hire",
  desc="Screen staff in sensitive roles, include security duties in contracts and onboarding, and "
       "tie role changes and exits to access changes (a documented HR-security procedure).")
c("CSF-GV-16", "Leadership cyber objectives and security culture measurement", 20000, 15000, 20, 3,
  "GV.RR-01:4 GV.RR-02:4 GV.RR-03:4 GV.RR-04:4",
  req="CSF-GV-13 CSF-GV-14 CSF-GV-15", tags="govern roles improvement metrics",
  basis="culture survey tool USD 10-15k/yr; ~10 consultant-days design",
  desc="Set cyber objectives in leaders' performance plans, run a yearly security-culture survey and "
       "adjust roles, resourcing and HR practice from the results and from incidents.")

# ---- GV.PO Policy
c("CSF-GV-17", "Information security policy suite, approved and published", 30000, 5000, 35, 4,
  "GV.PO-01:123 GV.PO-02:1",
  req="CSF-GV-12", tags="govern policy foundation",
  basis="policy-class: ~18 consultant-days for a top-level policy and ~12 topic policies",
  desc="Write an ISO 27001-aligned top-level information security policy and topic policies, approved "
       "by the executive, published to all staff and acknowledged.")
c("CSF-GV-18", "Policy review, exception and enforcement process", 10000, 3000, 15, 2,
  "GV.PO-02:23",
  req="CSF-GV-17", tags="govern policy process",
  basis="policy-class: ~6 consultant-days; compliance checks as effort",
  desc="Review every policy at least yearly and after major change, track exceptions with expiry "
       "dates and enforce non-compliance through management and audit.")
c("CSF-GV-19", "Threat- and metrics-driven policy refresh", 8000, 10000, 10, 2,
  "GV.PO-01:4 GV.PO-02:4",
  req="CSF-GV-18", tags="govern policy improvement",
  basis="~5 consultant-days set-up; yearly USD 10k of analyst time",
  desc="Change policies from compliance metrics, exceptions trends, incidents and threat intelligence, "
       "not only on the calendar.")

# ---- GV.OV Oversight
c("CSF-GV-20", "Cyber security strategy and board reporting cycle", 40000, 5000, 25, 3,
  "GV.OV-01:12 GV.OV-02:12 GV.OV-03:1",
  req="CSF-GV-06", tags="govern oversight foundation",
  basis="~25 consultant-days for a 3-year strategy; board reporting as effort",
  desc="Write a three-year cyber security strategy approved by the board and report progress and "
       "outcomes to the board at least twice a year.")
c("CSF-GV-21", "Security performance dashboard and quarterly oversight reviews", 35000, 15000, 25, 3,
  "GV.OV-03:23 GV.OV-01:3",
  req="CSF-GV-20", tags="govern oversight process metrics",
  basis="BI dashboard build ~20 consultant-days; data upkeep USD 15k/yr",
  desc="Define KPIs and KRIs, publish a dashboard, and hold a quarterly risk committee review that "
       "records decisions to adjust the programme.")
c("CSF-GV-22", "Independent annual review of the cyber strategy and programme", 10000, 50000, 10, 2,
  "GV.OV-02:3 GV.OV-03:3 ID.IM-01:3",
  req="CSF-GV-20", tags="govern oversight audit process",
  basis="external/internal audit review ~30 auditor-days per year",
  desc="Have internal audit or an external assessor review the strategy's coverage of requirements "
       "and risks each year, with findings tracked to closure.")
c("CSF-GV-23", "ISO/IEC 27001 certification of the ISMS", 120000, 40000, 120, 12,
  "GV.PO-01:3 GV.PO-02:3 GV.OV-01:3 GV.OV-02:3 GV.OV-03:3 ID.IM-01:3",
  req="CSF-GV-17 CSF-GV-06", tags="govern oversight certification",
  basis="implementation support ~60 consultant-days plus certification audit USD 25-40k, surveillance audits USD 15-25k/yr",
  desc="Implement an information security management system to ISO/IEC 27001 and certify it; "
       "surveillance audits keep policy, oversight and improvement cycles running.")
c("CSF-GV-24", "Outcome metrics, benchmarking and continuous improvement of the strategy", 20000, 20000, 15, 3,
  "GV.OV-01:4 GV.OV-02:4 GV.OV-03:4",
  req="CSF-GV-21", tags="govern oversight improvement metrics",
  basis="peer benchmarking service USD 15-20k/yr; ~10 consultant-days",
  desc="Benchmark maturity against peers, track outcome metrics (time to detect, recover, patch) and "
       "feed them into yearly strategy adjustments.")

# ---- GV.SC Supply chain
c("CSF-GV-25", "Cyber supply-chain risk management programme and policy", 35000, 5000, 30, 4,
  "GV.SC-01:12 GV.SC-02:1 GV.SC-03:1",
  req="CSF-GV-06", tags="govern supply-chain foundation",
  basis="~20 consultant-days for strategy, policy and operating model",
  desc="Establish a C-SCRM programme: strategy, objectives, policy and owners, agreed with procurement, "
       "legal and the business.")
c("CSF-GV-26", "Supplier inventory and criticality tiering", 25000, 15000, 30, 3,
  "GV.SC-04:123 ID.AM-04:1",
  tags="govern supply-chain foundation",
  basis="~12 consultant-days plus vendor-register module USD 15k/yr",
  desc="List all suppliers and the services they provide, tier them by criticality and data access, "
       "and keep the list current through procurement.")
c("CSF-GV-27", "Standard supplier security clauses in contracts", 25000, 5000, 20, 3,
  "GV.SC-05:12 GV.SC-02:2 GV.SC-10:1",
  req="CSF-GV-25", tags="govern supply-chain contracts",
  basis="~15 days of legal counsel; clause library upkeep USD 5k/yr",
  desc="Adopt tiered security schedules for contracts: security requirements, right to audit, incident "
       "notification within 24-72h, sub-processor rules, return and deletion of data at exit.")
c("CSF-GV-28", "Supplier security due diligence before onboarding", 20000, 30000, 30, 3,
  "GV.SC-06:12 ID.RA-10:12 GV.SC-07:1",
  req="CSF-GV-26", tags="govern supply-chain process",
  basis="questionnaire design ~10 consultant-days; ~40 assessments/yr at ~USD 750 each",
  desc="Assess prospective suppliers by tier before contract (questionnaire, certifications, evidence) "
       "and record the result and conditions in the procurement file.")
c("CSF-GV-29", "Third-party risk management platform and continuous supplier monitoring", 40000, 60000, 25, 4,
  "GV.SC-07:23 GV.SC-09:12 DE.CM-06:1",
  req="CSF-GV-26 CSF-GV-28", tags="govern supply-chain tooling",
  basis="TPRM + external security rating service USD 40-80k/yr; integration USD 40k",
  desc="Run supplier risk assessments, issues and reassessments in a TPRM platform, with external "
       "security ratings and breach alerts on critical suppliers.")
c("CSF-GV-30", "Suppliers included in incident response planning and exercises", 15000, 10000, 15, 3,
  "GV.SC-08:123",
  req="CSF-GV-27 CSF-RS-01", tags="govern supply-chain respond",
  basis="~8 consultant-days; supplier participation in yearly exercise",
  desc="Name supplier contacts and duties in the incident response and recovery plans, and involve "
       "critical suppliers in the yearly exercise.")
c("CSF-GV-31", "Supplier off-boarding and end-of-contract procedure", 8000, 0, 10, 2,
  "GV.SC-10:23",
  req="CSF-GV-27", tags="govern supply-chain process",
  basis="procedure-class: ~5 consultant-days",
  desc="At contract end, revoke access and credentials, recover or certify deletion of data and "
       "assets, and transfer knowledge, following a documented checklist.")
c("CSF-GV-32", "C-SCRM integrated in enterprise risk management with documented procedures", 20000, 5000, 25, 3,
  "GV.SC-01:3 GV.SC-02:3 GV.SC-03:23 GV.SC-05:3 GV.SC-06:3 GV.SC-09:3",
  req="CSF-GV-25 CSF-GV-27 CSF-GV-28 CSF-GV-08", tags="govern supply-chain process",
  basis="~12 consultant-days; procurement training as effort",
  desc="Document C-SCRM procedures applied in every procurement, integrate supplier risks in the ERM "
       "register and review the programme yearly.")
c("CSF-GV-33", "Supply-chain risk metrics and threat-informed supplier reassessment", 15000, 25000, 15, 3,
  "GV.SC-01:4 GV.SC-02:4 GV.SC-03:4 GV.SC-04:4 GV.SC-05:4 GV.SC-06:4 GV.SC-07:4 GV.SC-08:4 GV.SC-09:4 GV.SC-10:4 ID.RA-09:4 ID.RA-10:4",
  req="CSF-GV-32 CSF-GV-29 CSF-GV-30 CSF-GV-31", tags="govern supply-chain improvement metrics",
  basis="~8 consultant-days; supplier threat feed and analyst time USD 25k/yr",
  desc="Track supplier risk metrics (assessment coverage, overdue findings, incidents) and reassess "
       "suppliers when threat intelligence or incidents warrant; improve clauses and tiers from lessons.")
c("CSF-GV-34", "Cyber insurance with risk-transfer review", 5000, 90000, 10, 2,
  "GV.RM-04:1",
  req="", tags="govern risk transfer",
  basis="premium ~USD 60-120k/yr for USD 5-10M cover for a mid-sized organisation (market ranges 2024)",
  desc="Buy cyber insurance sized to the loss exposure and review cover, exclusions and panel "
       "responders each renewal.")
c("CSF-GV-35", "Internal audit of cyber controls", 5000, 45000, 10, 2,
  "GV.OV-03:2 ID.IM-01:12",
  tags="govern oversight audit",
  basis="~30 internal/co-sourced audit days per year at USD 1,500",
  desc="Include cyber controls in the internal audit plan, with findings reported to the audit "
       "committee and tracked.")

# =============================================================================== IDENTIFY
# ---- ID.AM Asset management
c("CSF-ID-01", "Hardware and software asset inventory tooling and process", 60000, 35000, 60, 4,
  "ID.AM-01:12 ID.AM-02:12 ID.AM-08:1",
  tags="identify assets foundation cpg",
  basis="discovery/inventory agent USD 15-20 per device per year for ~2,300 devices; deployment ~30 consultant-days",
  desc="Deploy automated discovery and an inventory of hardware and installed software with owners, "
       "reconciled monthly; critical systems first (CISA CPG 1.A).")
c("CSF-ID-02", "Network and data-flow diagrams maintained", 30000, 5000, 30, 3,
  "ID.AM-03:12",
  req="CSF-ID-01", tags="identify assets architecture",
  basis="~18 consultant-days of network architect time plus diagram tooling",
  desc="Document authorised network connections and internal/external data flows for critical "
       "services, updated through change management.")
c("CSF-ID-03", "Inventory of cloud and supplier-provided services (SaaS discovery)", 20000, 25000, 20, 3,
  "ID.AM-04:2 ID.AM-02:1",
  tags="identify assets cloud",
  basis="SaaS discovery/CASB-lite USD 10-15 per user per year (subset); set-up ~10 consultant-days",
  desc="Discover cloud and SaaS services in use (from DNS, proxy and finance data) and record each "
       "supplier-provided service with an owner and data classification.")
c("CSF-ID-04", "Asset classification and criticality rating", 25000, 5000, 30, 3,
  "ID.AM-05:23",
  req="CSF-ID-01 CSF-GV-01", tags="identify assets process",
  basis="~15 consultant-days to define the scheme and rate critical assets",
  desc="Classify assets by confidentiality, integrity and availability needs and link each to the "
       "mission-critical services it supports; apply the rating in patching, monitoring and recovery.")
c("CSF-ID-05", "Data inventory and data classification scheme", 50000, 20000, 40, 4,
  "ID.AM-07:12 PR.DS-01:1",
  tags="identify data foundation",
  basis="data discovery tool USD 20k/yr; ~25 consultant-days for scheme and labelling",
  desc="Define a data classification scheme, label documents and map where designated data types "
       "(personal, financial, operational) are stored and processed.")
c("CSF-ID-06", "IT asset lifecycle management and secure disposal", 30000, 15000, 25, 3,
  "ID.AM-08:23 PR.PS-03:2",
  req="CSF-ID-01", tags="identify assets lifecycle",
  basis="procedure ~8 consultant-days; certified disposal service USD 10-15k/yr",
  desc="Manage assets from request to disposal: approval, build, ownership, end-of-life dates and "
       "certified media sanitisation (NIST SP 800-88).")
c("CSF-ID-07", "CMDB with automated discovery, reconciliation and documented asset procedure", 150000, 60000, 80, 9,
  "ID.AM-01:3 ID.AM-02:3 ID.AM-03:3 ID.AM-04:3 ID.AM-07:3",
  req="CSF-ID-01 CSF-ID-02 CSF-ID-05 CSF-ID-03", tags="identify assets tooling process",
  basis="ITSM/CMDB module USD 50-70k/yr; implementation ~80 consultant-days",
  desc="Consolidate hardware, software, service, data-flow and data inventories in a CMDB fed by "
       "automated discovery, with a documented procedure applied organisation-wide and annual audit.")
c("CSF-ID-08", "Asset data-quality metrics and continuous reconciliation", 20000, 15000, 20, 3,
  "ID.AM-01:4 ID.AM-02:4 ID.AM-03:4 ID.AM-04:4 ID.AM-05:4 ID.AM-07:4 ID.AM-08:4",
  req="CSF-ID-07 CSF-ID-04 CSF-ID-06", tags="identify assets improvement metrics",
  basis="~10 consultant-days to build reconciliation reports; analyst time USD 15k/yr",
  desc="Measure inventory completeness and accuracy (unknown devices found, orphaned assets, stale "
       "data flows) and fix root causes continuously.")
c("CSF-ID-09", "OT asset inventory by passive discovery", 120000, 40000, 40, 6,
  "ID.AM-01:1 ID.AM-03:1 ID.AM-05:1",
  tags="identify assets ot",
  basis="OT visibility platform sensors USD 80-120k plus subscription USD 30-50k/yr",
  desc="Identify PLCs, RTUs, HMIs and their communications with passive OT network sensors; build "
       "the OT asset and data-flow inventory.")
c("CSF-ID-10", "External attack surface management", 15000, 30000, 10, 2,
  "ID.AM-02:1 ID.RA-01:1",
  tags="identify assets vulnerabilities",
  basis="EASM subscription USD 25-40k/yr",
  desc="Continuously discover internet-facing assets, exposed services and certificates, and feed "
       "findings to the asset inventory and vulnerability process.")

# ---- ID.RA Risk assessment
c("CSF-ID-11", "Authenticated vulnerability scanning of all assets", 30000, 40000, 25, 2,
  "ID.RA-01:12 PR.PS-02:1",
  req="CSF-ID-01", tags="identify vulnerabilities foundation cpg",
  basis="scanner licence USD 30-45k/yr for ~2,500 assets; set-up USD 30k",
  desc="Scan all servers, endpoints and network devices weekly with credentials; scan internet-facing "
       "systems continuously (CISA CPG 1.E).")
c("CSF-ID-12", "Vulnerability management programme with risk-based SLAs", 25000, 10000, 30, 3,
  "ID.RA-01:3 PR.PS-02:23 ID.RA-06:2",
  req="CSF-ID-11 CSF-ID-04", tags="identify vulnerabilities process",
  basis="~12 consultant-days for process and SLAs; reporting upkeep USD 10k/yr",
  desc="Document a vulnerability management procedure: validation, risk rating using asset "
       "criticality and exploitation (CISA KEV), remediation SLAs, exceptions and reporting.")
c("CSF-ID-13", "Threat intelligence subscription and feeds", 10000, 60000, 15, 2,
  "ID.RA-02:12 ID.RA-03:1 DE.AE-07:1",
  tags="identify threat-intel",
  basis="commercial CTI subscription USD 40-80k/yr (mid-tier)",
  desc="Subscribe to a commercial threat intelligence service and national/sector advisories, with a "
       "named recipient who triages them.")
c("CSF-ID-14", "Threat register of relevant actors and techniques", 35000, 10000, 20, 3,
  "ID.RA-03:23 ID.RA-04:1",
  req="CSF-ID-13", tags="identify threat-intel process",
  basis="~20 consultant-days threat modelling with MITRE ATT&CK",
  desc="Record the threat actors and techniques relevant to the organisation's sector and services, "
       "refreshed each quarter from intelligence.")
c("CSF-ID-15", "Risk assessments of critical systems (likelihood and impact)", 40000, 15000, 40, 4,
  "ID.RA-04:23 ID.RA-05:23",
  req="CSF-GV-06 CSF-ID-04", tags="identify risk process",
  basis="~25 consultant-days for the first cycle; yearly refresh USD 15k",
  desc="Assess the likelihood and impact of threats exploiting vulnerabilities for each critical "
       "system with the agreed methodology, and rank inherent risk to prioritise responses.")
c("CSF-ID-16", "Risk treatment plans tracked to closure", 15000, 5000, 20, 2,
  "ID.RA-06:23",
  req="CSF-ID-15", tags="identify risk process",
  basis="~8 consultant-days; GRC workflow in existing tooling",
  desc="Give every high risk a treatment plan with owner, due date and budget, tracked and reported "
       "monthly.")
c("CSF-ID-17", "Change management with security risk assessment and exception register", 30000, 10000, 30, 3,
  "ID.RA-07:123",
  tags="identify change process",
  basis="ITSM change workflow configuration ~15 consultant-days",
  desc="Route changes through a change advisory process that assesses security impact; record and "
       "time-limit security exceptions.")
c("CSF-ID-18", "Vulnerability disclosure policy and intake process", 10000, 5000, 10, 2,
  "ID.RA-08:123",
  req="CSF-ID-12", tags="identify vulnerabilities disclosure",
  basis="policy-class: ~5 consultant-days; security.txt and mailbox",
  desc="Publish a vulnerability disclosure policy and security.txt, with a monitored intake, triage "
       "SLAs and safe-harbour wording.")
c("CSF-ID-19", "Hardware and software integrity checks at acquisition", 25000, 10000, 20, 3,
  "ID.RA-09:123",
  req="CSF-GV-28", tags="identify supply-chain integrity",
  basis="~12 consultant-days for procedure; SBOM/signature tooling USD 10k/yr",
  desc="Buy only from authorised channels, verify code signatures and checksums, require SBOMs for "
       "critical software and inspect critical hardware on receipt.")
c("CSF-ID-20", "Critical supplier security assessment before acquisition (documented)", 10000, 20000, 15, 2,
  "ID.RA-10:3",
  req="CSF-GV-28", tags="identify supply-chain process",
  basis="~5 consultant-days; deeper assessments of ~10 critical suppliers/yr at USD 2k",
  desc="Require a documented, in-depth security assessment (audit reports, testing evidence, site "
       "visit where warranted) before any critical acquisition, applied organisation-wide.")
c("CSF-ID-21", "Threat intelligence process: requirements, triage and distribution", 15000, 10000, 20, 2,
  "ID.RA-02:3 DE.AE-07:2",
  req="CSF-ID-13", tags="identify threat-intel process",
  basis="~8 consultant-days to define intelligence requirements and workflow",
  desc="Define intelligence requirements, triage and distribute relevant intelligence to the SOC, "
       "IT and management with documented timelines.")
c("CSF-ID-22", "Threat-informed risk assessment and risk metrics", 25000, 20000, 20, 3,
  "ID.RA-02:4 ID.RA-03:4 ID.RA-04:4 ID.RA-05:4 ID.RA-06:4",
  req="CSF-ID-14 CSF-ID-16 CSF-ID-21", tags="identify risk improvement metrics",
  basis="~12 consultant-days; analyst time USD 20k/yr",
  desc="Update likelihoods and priorities from intelligence and incidents, track risk reduction "
       "metrics and measure intelligence usefulness.")
c("CSF-ID-23", "Continuous vulnerability prioritisation (EPSS/KEV) and exposure metrics", 30000, 25000, 15, 3,
  "ID.RA-01:4 PR.PS-02:4",
  req="CSF-ID-12 CSF-ID-10", tags="identify vulnerabilities improvement metrics",
  basis="risk-based vulnerability prioritisation module USD 20-30k/yr",
  desc="Prioritise by exploitation likelihood and exposure, measure mean time to remediate and SLA "
       "compliance, and tune the programme from the metrics.")
c("CSF-ID-24", "Change, exception and disclosure process metrics review", 8000, 5000, 10, 2,
  "ID.RA-07:4 ID.RA-08:4",
  req="CSF-ID-17 CSF-ID-18", tags="identify improvement metrics",
  basis="~5 consultant-days for reports",
  desc="Review failed and emergency changes, overdue exceptions and disclosure handling times each "
       "quarter and improve the processes.")

# ---- ID.IM Improvement
c("CSF-ID-25", "Security improvement register fed by audits and assessments", 10000, 5000, 15, 2,
  "ID.IM-01:2 ID.IM-03:12",
  tags="identify improvement process",
  basis="~5 consultant-days; register in existing tooling",
  desc="Record improvement actions from audits, assessments and operations in one register with "
       "owners and due dates.")
c("CSF-ID-26", "Annual penetration test and remediation", 0, 60000, 20, 2,
  "ID.IM-02:12 ID.RA-01:2",
  tags="identify testing",
  basis="~35 tester-days at USD 1,500-1,800 per day per year",
  desc="Commission an independent penetration test of internet-facing and critical internal systems "
       "each year and track fixes to closure.")
c("CSF-ID-27", "Red team / purple team exercise with suppliers", 10000, 150000, 30, 4,
  "ID.IM-02:34",
  req="CSF-ID-26 CSF-DE-03", tags="identify testing improvement",
  basis="threat-led red team USD 120-200k per engagement (e.g. TIBER/CBEST-style)",
  desc="Run a threat-led red or purple team exercise each year, including critical suppliers, and "
       "feed the findings into detection and control improvements.")
c("CSF-ID-28", "Lessons-learned and metrics-driven continuous improvement programme", 20000, 20000, 20, 3,
  "ID.IM-01:4 ID.IM-03:34",
  req="CSF-ID-25", tags="identify improvement metrics",
  basis="~10 consultant-days; analyst time USD 20k/yr",
  desc="Analyse improvement data across evaluations and operations, measure closure rates and the "
       "effect of changes, and reprioritise the programme quarterly.")

# =============================================================================== PROTECT
# ---- PR.AA Identity, authentication and access control
c("CSF-PR-01", "Central identity directory and joiner-mover-leaver process", 40000, 20000, 40, 4,
  "PR.AA-01:12 PR.AA-05:1",
  tags="protect identity foundation cpg",
  basis="directory clean-up and JML workflow ~25 consultant-days; directory licences mostly existing",
  desc="Manage all user, service and device identities in one directory, with HR-driven joiner, "
       "mover and leaver steps that create, change and disable accounts within one working day.")
c("CSF-PR-02", "Identity proofing for account and credential issuance", 15000, 5000, 15, 2,
  "PR.AA-02:12",
  req="CSF-PR-01", tags="protect identity process",
  basis="procedure-class ~8 consultant-days; service-desk verification scripts",
  desc="Verify identity before issuing accounts or resetting credentials (in person or via verified "
       "channel), with stronger proofing for privileged and remote users.")
c("CSF-PR-03", "Enforce MFA for remote and privileged access", 60000, 45000, 45, 3,
  "PR.AA-03:12 PR.AA-04:1",
  req="CSF-PR-01", tags="protect identity mfa cpg",
  basis="MFA service USD 3-6 per user per month for ~1,000 remote/privileged users; integration ~30 consultant-days",
  desc="Require multi-factor authentication for all remote access, e-mail, cloud services and "
       "every privileged account (CISA CPG 2.H).")
c("CSF-PR-04", "Phishing-resistant MFA (FIDO2) for all users", 120000, 20000, 40, 6,
  "PR.AA-03:3 PR.AA-04:2",
  req="CSF-PR-03", tags="protect identity mfa",
  basis="~2,000 FIDO2 keys at USD 50 plus spares and roll-out support ~15 consultant-days",
  desc="Replace SMS/push factors with FIDO2 security keys or platform passkeys for all users, "
       "under a documented authentication standard applied organisation-wide.")
c("CSF-PR-05", "Single sign-on with signed, federated identity assertions", 70000, 40000, 40, 6,
  "PR.AA-04:3 PR.AA-03:2",
  req="CSF-PR-03", tags="protect identity sso",
  basis="SSO/IdP licences USD 2-4 per user per month; app integration ~30 consultant-days",
  desc="Put applications behind an identity provider using SAML/OIDC with signed, audience-bound, "
       "short-lived assertions and central session policy.")
c("CSF-PR-06", "Privileged access management (PAM)", 150000, 70000, 60, 6,
  "PR.AA-05:2 PR.AA-01:2",
  req="CSF-PR-03", tags="protect identity pam",
  basis="PAM licences for ~150 privileged users USD 50-70k/yr; implementation ~60 consultant-days",
  desc="Vault privileged credentials, grant admin rights just in time, record privileged sessions "
       "and rotate service and admin passwords automatically.")
c("CSF-PR-07", "Role-based access model and quarterly access reviews", 30000, 10000, 35, 4,
  "PR.AA-05:3",
  req="CSF-PR-01 CSF-PR-06", tags="protect identity process",
  basis="~18 consultant-days role mining; reviews as effort",
  desc="Define roles on least privilege and separation of duties, and have owners recertify access "
       "to critical systems each quarter, under a documented access control policy.")
c("CSF-PR-08", "Identity governance and administration (IGA) with automated provisioning", 200000, 80000, 80, 9,
  "PR.AA-01:3 PR.AA-02:3",
  req="CSF-PR-07 CSF-PR-02", tags="protect identity iga",
  basis="IGA platform USD 30-40 per identity per year; implementation ~100 consultant-days",
  desc="Automate provisioning, proofing records and recertification across directories and key "
       "applications with an IGA platform and a documented identity lifecycle procedure.")
c("CSF-PR-09", "Physical access control with badges and visitor management", 80000, 15000, 30, 4,
  "PR.AA-06:12 DE.CM-02:1",
  tags="protect physical",
  basis="badge readers and controllers for ~40 doors at USD 1.5-2k each; visitor system USD 10k/yr",
  desc="Control entry to buildings, server rooms and OT sites with badges, log access and escort "
       "visitors; restrict sensitive areas by role.")
c("CSF-PR-10", "Physical security standard and zoning, reviewed yearly", 15000, 5000, 15, 2,
  "PR.AA-06:3",
  req="CSF-PR-09", tags="protect physical process",
  basis="policy-class ~8 consultant-days",
  desc="Document physical zones, access rules and review of access lists for every site, applied "
       "organisation-wide and reviewed yearly.")
c("CSF-PR-11", "Identity threat detection and access analytics", 60000, 50000, 30, 4,
  "PR.AA-01:4 PR.AA-02:4 PR.AA-03:4 PR.AA-04:4 PR.AA-05:4",
  req="CSF-PR-06 CSF-PR-08 CSF-PR-04 CSF-PR-05", tags="protect identity improvement metrics",
  basis="ITDR module USD 40-60k/yr; tuning ~20 consultant-days",
  desc="Detect identity attacks (token theft, MFA fatigue, anomalous privilege use) and use access "
       "metrics and threat intelligence to continuously tighten access control.")
c("CSF-PR-12", "Physical security metrics and continuous improvement", 10000, 10000, 10, 2,
  "PR.AA-06:4 DE.CM-02:4 PR.IR-02:4",
  req="CSF-PR-10 CSF-DE-04", tags="protect physical improvement metrics",
  basis="~6 consultant-days; yearly review USD 10k",
  desc="Track tailgating, alarm and environmental incidents and audit findings, and improve site "
       "controls from them.")
c("CSF-PR-13", "Local admin password management and removal of local admin rights", 15000, 0, 20, 2,
  "PR.AA-05:12",
  req="CSF-PR-01", tags="protect identity hardening",
  basis="LAPS is included in the OS licence; ~8 consultant-days plus exception handling",
  desc="Remove local administrator rights from users, randomise local admin passwords per device "
       "(LAPS) and handle exceptions through an approved process.")
c("CSF-PR-14", "Secrets management vault for service accounts and keys", 50000, 30000, 30, 4,
  "PR.AA-01:1 PR.DS-01:2",
  req="CSF-PR-01", tags="protect identity secrets",
  basis="secrets vault USD 25-35k/yr; integration ~20 consultant-days",
  desc="Inventory service accounts and move application secrets, API keys and certificates into a "
       "vault with rotation and access logging.")
c("CSF-PR-15", "Payment-change verification against business e-mail compromise", 5000, 0, 10, 1,
  "PR.AA-02:1",
  tags="protect fraud bec",
  basis="procedure-class ~3 consultant-days; finance staff time as effort",
  desc="Require out-of-band call-back on a known number for any change of supplier bank details or "
       "unusual payment request, with dual approval above a threshold.")

# ---- PR.AT Awareness and training
c("CSF-PR-16", "Security awareness training for all staff", 10000, 25000, 20, 2,
  "PR.AT-01:12",
  tags="protect awareness foundation cpg",
  basis="e-learning platform USD 10-15 per user per year for 2,000 users",
  desc="Give every member of staff security awareness training at onboarding and yearly, with "
       "completion reported to management (CISA CPG 2.I).")
c("CSF-PR-17", "Phishing simulation programme", 5000, 20000, 10, 2,
  "PR.AT-01:3",
  req="CSF-PR-16", tags="protect awareness",
  basis="phishing simulation licence USD 8-12 per user per year",
  desc="Run monthly phishing simulations with just-in-time training and a one-click report button.")
c("CSF-PR-18", "Role-based security training for IT, developers, executives and OT staff", 15000, 60000, 30, 3,
  "PR.AT-02:12",
  tags="protect awareness specialist",
  basis="~40 specialist course places per year at USD 1.5-2.5k",
  desc="Train administrators, developers, OT engineers, incident responders and executives in the "
       "security skills of their role.")
c("CSF-PR-19", "Documented security training curriculum with completion tracking", 10000, 5000, 15, 2,
  "PR.AT-01:3 PR.AT-02:3",
  req="CSF-PR-16 CSF-PR-18", tags="protect awareness process",
  basis="policy-class ~6 consultant-days",
  desc="Define the training curriculum by role, track completion organisation-wide and review "
       "content yearly.")
c("CSF-PR-20", "Behaviour metrics and threat-informed training content", 10000, 15000, 10, 2,
  "PR.AT-01:4 PR.AT-02:4",
  req="CSF-PR-19 CSF-PR-17", tags="protect awareness improvement metrics",
  basis="~5 consultant-days; content refresh USD 15k/yr",
  desc="Measure reporting and click rates and skills assessments, and update training from incidents "
       "and current attack techniques.")
c("CSF-PR-21", "Security champions network", 5000, 10000, 15, 3,
  "PR.AT-02:2 GV.RR-02:2",
  req="CSF-PR-16", tags="protect awareness culture",
  basis="~3 consultant-days set-up; events and recognition USD 10k/yr",
  desc="Appoint and train a security champion in each department and development team, sponsored "
       "by management.")

# ---- PR.DS Data security
c("CSF-PR-22", "Encryption of endpoints and sensitive data stores", 30000, 15000, 30, 3,
  "PR.DS-01:12",
  tags="protect data encryption cpg",
  basis="OS-native disk encryption plus management; database TDE ~15 consultant-days",
  desc="Encrypt laptops and removable media and the databases and file shares holding sensitive "
       "data, with keys escrowed centrally (CISA CPG 2.K).")
c("CSF-PR-23", "TLS everywhere and protected e-mail for data in transit", 25000, 10000, 20, 3,
  "PR.DS-02:12",
  tags="protect data encryption",
  basis="certificate automation ~10 consultant-days; certificate costs USD 10k/yr",
  desc="Enforce TLS 1.2+ on all services and internal interfaces, disable weak protocols, and use "
       "enforced TLS or encryption for sensitive e-mail (CISA CPG 2.K).")
c("CSF-PR-24", "Data loss prevention (DLP)", 120000, 60000, 50, 6,
  "PR.DS-01:3 PR.DS-02:3 PR.DS-10:2",
  req="CSF-ID-05", tags="protect data dlp",
  basis="DLP licences USD 25-35 per user per year; policy tuning ~40 consultant-days",
  desc="Apply DLP policies by data classification on endpoints, e-mail and cloud, under a documented "
       "data handling standard applied organisation-wide.")
c("CSF-PR-25", "Protection of sensitive data in use (isolation, masking, VDI)", 90000, 40000, 40, 6,
  "PR.DS-10:123",
  req="CSF-ID-05", tags="protect data",
  basis="VDI/browser isolation for ~200 sensitive users; data masking tooling; ~30 consultant-days",
  desc="Process the most sensitive data only in isolated virtual desktops or enclaves, mask data in "
       "non-production, and restrict copy, print and screen capture.")
c("CSF-PR-26", "Tested offline/immutable backups", 90000, 30000, 40, 4,
  "PR.DS-11:12 RC.RP-03:1",
  tags="protect backup foundation cpg",
  basis="immutable backup appliance or object-lock storage USD 60-90k; support USD 30k/yr",
  desc="Back up critical systems and data to immutable or offline storage isolated from the "
       "production domain, and test restores of critical systems (CISA CPG 2.R).")
c("CSF-PR-27", "Backup policy with quarterly restore tests organisation-wide", 15000, 10000, 25, 3,
  "PR.DS-11:3 RC.RP-03:2",
  req="CSF-PR-26", tags="protect backup process",
  basis="policy-class ~8 consultant-days; restore tests as effort",
  desc="Document backup scope, frequency, retention and protection for every system and test "
       "restores of each critical system at least quarterly.")
c("CSF-PR-28", "Data protection metrics and continuous improvement", 15000, 15000, 15, 2,
  "PR.DS-01:4 PR.DS-02:4 PR.DS-10:4",
  req="CSF-PR-24 CSF-PR-25", tags="protect data improvement metrics",
  basis="~8 consultant-days; analyst time USD 15k/yr",
  desc="Track encryption coverage, DLP incidents and data exposures and improve controls from "
       "metrics and threat intelligence.")
c("CSF-PR-29", "Backup resilience metrics and recovery-point improvement", 10000, 10000, 10, 2,
  "PR.DS-11:4 RC.RP-03:4",
  req="CSF-PR-27", tags="protect backup improvement metrics",
  basis="~6 consultant-days; reporting upkeep USD 10k/yr",
  desc="Measure backup coverage, restore success and achieved RPO/RTO, and improve after every test "
       "and incident (e.g. against new ransomware backup-wiping tactics).")
c("CSF-PR-30", "E-mail security: DMARC enforcement, filtering and attachment sandboxing", 20000, 35000, 15, 2,
  "PR.DS-02:1 DE.CM-09:1",
  tags="protect email cpg",
  basis="secure e-mail gateway/sandbox USD 15-20 per mailbox per year; DMARC service",
  desc="Publish SPF, DKIM and DMARC at p=reject, filter inbound mail and detonate attachments and "
       "links in a sandbox (CISA CPG 2.M).")

# ---- PR.PS Platform security
c("CSF-PR-31", "Secure configuration baselines (CIS Benchmarks) for servers and endpoints", 40000, 10000, 40, 4,
  "PR.PS-01:12",
  tags="protect hardening foundation cpg",
  basis="~25 consultant-days to adapt CIS Benchmarks; group-policy/MDM deployment as effort",
  desc="Define hardened builds for each platform from CIS Benchmarks, approved by the CISO, and "
       "apply them to new and critical systems first (CISA CPG 2.O).")
c("CSF-PR-32", "Configuration compliance monitoring", 50000, 30000, 30, 4,
  "PR.PS-01:3",
  req="CSF-PR-31", tags="protect hardening tooling",
  basis="configuration assessment licences USD 25-35k/yr; set-up ~15 consultant-days",
  desc="Scan all systems against the baselines continuously, report drift and remediate under a "
       "documented configuration management procedure.")
c("CSF-PR-33", "Patch management with defined timelines", 30000, 25000, 40, 3,
  "PR.PS-02:12",
  req="CSF-ID-01", tags="protect patching foundation cpg",
  basis="patch orchestration tool USD 10-15 per device per year; ~10 consultant-days",
  desc="Patch operating systems, browsers and common applications automatically, with critical "
       "internet-facing vulnerabilities fixed within 14 days (CISA CPG 1.E).")
c("CSF-PR-34", "End-of-life software and hardware replacement programme", 250000, 0, 80, 12,
  "PR.PS-02:3 PR.PS-03:3",
  req="CSF-ID-06", tags="protect lifecycle",
  basis="replacement of ~10% of the estate that is unsupported: servers, OS and application upgrades",
  desc="Replace or isolate unsupported operating systems, applications and devices on a funded plan, "
       "with a documented end-of-life standard applied organisation-wide.")
c("CSF-PR-35", "Hardware maintenance contracts and refresh cycle", 20000, 50000, 15, 3,
  "PR.PS-03:12",
  req="CSF-ID-01", tags="protect lifecycle",
  basis="vendor support on critical hardware USD 40-60k/yr",
  desc="Keep critical hardware under vendor support with firmware updates and a risk-based refresh "
       "cycle approved in the budget.")
c("CSF-PR-36", "Security logging standard: enable and retain logs on critical systems", 20000, 10000, 25, 2,
  "PR.PS-04:12",
  tags="protect logging foundation cpg",
  basis="~12 consultant-days to define events and retention; storage USD 10k/yr",
  desc="Enable security event logging on critical systems, identity and network devices, synchronise "
       "clocks and retain logs for at least 12 months (CISA CPG 2.T).")
c("CSF-PR-37", "Log centralisation / SIEM", 150000, 120000, 60, 6,
  "PR.PS-04:3 DE.AE-03:12 DE.CM-09:1",
  req="CSF-PR-36", tags="protect detect siem cpg",
  basis="SIEM ingestion ~50 GB/day USD 100-150k/yr; implementation ~80 consultant-days",
  desc="Collect logs from all systems into a SIEM with documented log source coverage, protected "
       "storage and correlation rules (CISA CPG 2.U).")
c("CSF-PR-38", "Application allow-listing on servers and endpoints", 60000, 30000, 45, 6,
  "PR.PS-05:123",
  req="CSF-ID-01", tags="protect hardening",
  basis="allow-listing licences USD 15 per device per year; roll-out ~30 consultant-days",
  desc="Allow only approved applications, scripts and drivers to run, starting with servers and "
       "privileged workstations, under a documented software approval procedure.")
c("CSF-PR-39", "Office macro, script and browser hardening", 10000, 0, 15, 1,
  "PR.PS-05:1 PR.PS-01:1",
  tags="protect hardening",
  basis="policy configuration only: ~6 consultant-days",
  desc="Block internet macros, restrict script interpreters and harden browsers through central "
       "policy.")
c("CSF-PR-40", "Secure software development lifecycle with code scanning", 50000, 40000, 40, 4,
  "PR.PS-06:12",
  tags="protect software",
  basis="SAST/SCA tooling USD 30-50k/yr for ~40 developers; ~15 consultant-days",
  desc="Add threat modelling, code review, static analysis and dependency scanning to in-house "
       "development and require the same from software suppliers.")
c("CSF-PR-41", "SSDLC policy and security gates for all development and procurement", 15000, 5000, 20, 3,
  "PR.PS-06:3",
  req="CSF-PR-40", tags="protect software process",
  basis="policy-class ~10 consultant-days",
  desc="Document secure development standards and release gates, applied to all in-house and "
       "outsourced development and reviewed yearly.")
c("CSF-PR-42", "Platform hardening metrics and continuous improvement", 15000, 15000, 15, 2,
  "PR.PS-01:4 PR.PS-03:4 PR.PS-05:4",
  req="CSF-PR-32 CSF-PR-34 CSF-PR-38", tags="protect hardening improvement metrics",
  basis="~8 consultant-days; analyst time USD 15k/yr",
  desc="Track configuration drift, unsupported assets and blocked executions, and tighten baselines "
       "from attack techniques seen in intelligence and incidents.")
c("CSF-PR-43", "DevSecOps metrics and secure development improvement", 20000, 15000, 15, 3,
  "PR.PS-06:4",
  req="CSF-PR-41", tags="protect software improvement metrics",
  basis="~10 consultant-days; analyst time USD 15k/yr",
  desc="Measure vulnerability escape rate and fix time per team and improve training, tooling and "
       "gates from the metrics.")
c("CSF-PR-44", "Mobile device management (MDM)", 30000, 35000, 25, 3,
  "PR.PS-01:2 ID.AM-01:1",
  tags="protect endpoints",
  basis="MDM licences USD 3-5 per device per month for ~800 mobiles",
  desc="Enrol corporate and BYOD devices accessing data in MDM with enforced PIN, encryption, "
       "OS version and remote wipe.")
c("CSF-PR-45", "Cloud security posture management (CSPM)", 25000, 40000, 20, 3,
  "PR.PS-01:2 DE.CM-09:2",
  req="CSF-ID-03", tags="protect cloud",
  basis="CSPM subscription USD 30-50k/yr",
  desc="Continuously check cloud accounts against secure configuration benchmarks and alert on "
       "misconfiguration and risky changes.")

# ---- PR.IR Technology infrastructure resilience
c("CSF-PR-46", "Network segmentation and firewall rule review", 80000, 15000, 50, 6,
  "PR.IR-01:12",
  req="CSF-ID-02", tags="protect network foundation cpg",
  basis="firewall redesign ~40 consultant-days plus internal firewalls USD 30k",
  desc="Separate user, server, management and third-party networks, deny by default between zones "
       "and review firewall rules twice a year (CISA CPG 2.F).")
c("CSF-PR-47", "Network segmentation of OT (IEC 62443 zones and conduits)", 250000, 30000, 60, 9,
  "PR.IR-01:1 DE.CM-01:1",
  req="CSF-ID-09", tags="protect network ot",
  basis="industrial firewalls and DMZ ~USD 150k, OT network engineering ~60 consultant-days",
  desc="Separate OT from IT through an industrial DMZ, define zones and conduits per IEC 62443 and "
       "monitor the conduits.")
c("CSF-PR-48", "Zero-trust network architecture standard (ZTNA and micro-segmentation)", 180000, 60000, 60, 9,
  "PR.IR-01:3",
  req="CSF-PR-46 CSF-PR-03", tags="protect network",
  basis="ZTNA subscription USD 5-8 per user per month for remote users; design ~40 consultant-days",
  desc="Replace flat VPN access with identity-aware ZTNA, micro-segment critical workloads and "
       "document the network security architecture standard applied organisation-wide.")
c("CSF-PR-49", "Web application firewall for internet-facing services", 20000, 30000, 15, 2,
  "PR.IR-01:1 DE.CM-01:1",
  tags="protect network web",
  basis="cloud WAF USD 2-3k per month for ~10 applications",
  desc="Put public web applications behind a web application firewall with managed rule sets and "
       "bot protection.")
c("CSF-PR-50", "Data-centre environmental protection (UPS, fire suppression, cooling, water)", 150000, 20000, 20, 6,
  "PR.IR-02:12",
  tags="protect resilience physical",
  basis="UPS, gas suppression and environmental sensors for one server room ~USD 150k",
  desc="Protect server rooms and comms rooms against power loss, fire, heat and water with UPS, "
       "generator contract, suppression and sensors.")
c("CSF-PR-51", "Environmental risk standard and site reviews", 10000, 5000, 10, 2,
  "PR.IR-02:3",
  req="CSF-PR-50", tags="protect resilience process",
  basis="policy-class ~6 consultant-days",
  desc="Document environmental protection requirements for every site hosting technology and "
       "review each site yearly.")
c("CSF-PR-52", "High availability and redundancy for critical services", 300000, 60000, 60, 9,
  "PR.IR-03:12 PR.IR-04:1",
  req="CSF-GV-01", tags="protect resilience",
  basis="second site/cloud failover for critical services: infrastructure USD 250-350k; support USD 60k/yr",
  desc="Design critical services for their resilience requirements: redundant links, clustered "
       "systems and a secondary site or cloud region.")
c("CSF-PR-53", "Capacity management and monitoring", 30000, 15000, 20, 3,
  "PR.IR-04:23",
  tags="protect resilience",
  basis="capacity monitoring in existing tooling; ~15 consultant-days",
  desc="Monitor capacity of compute, storage and network for critical services, forecast demand and "
       "plan upgrades through a documented procedure.")
c("CSF-PR-54", "Resilience requirements and annual failover testing", 25000, 20000, 30, 3,
  "PR.IR-03:3",
  req="CSF-PR-52", tags="protect resilience process",
  basis="~10 consultant-days; yearly failover test costs USD 20k",
  desc="Document resilience requirements per service and test failover of each critical service "
       "yearly.")
c("CSF-PR-55", "Infrastructure resilience metrics and improvement", 15000, 15000, 15, 2,
  "PR.IR-01:4 PR.IR-03:4 PR.IR-04:4",
  req="CSF-PR-54 CSF-PR-53 CSF-PR-48", tags="protect resilience improvement metrics",
  basis="~8 consultant-days; analyst time USD 15k/yr",
  desc="Track availability, failover results, capacity incidents and segmentation violations, and "
       "improve the infrastructure from them.")
c("CSF-PR-56", "Network access control (802.1X) for wired and wireless networks", 60000, 20000, 35, 4,
  "PR.IR-01:2 PR.AA-03:1",
  req="CSF-PR-01", tags="protect network",
  basis="NAC licences USD 15-20k/yr plus switch configuration ~20 consultant-days",
  desc="Admit only authenticated, compliant devices to wired and wireless networks.")
c("CSF-PR-57", "Protective DNS and web filtering", 10000, 25000, 10, 1,
  "PR.IR-01:1 DE.CM-01:1",
  tags="protect network dns",
  basis="protective DNS/secure web gateway USD 10-15 per user per year",
  desc="Block known malicious domains and categories at DNS and web proxy for all users.")

# =============================================================================== DETECT
# ---- DE.CM Continuous monitoring
c("CSF-DE-01", "Network intrusion detection and firewall log monitoring", 60000, 25000, 30, 3,
  "DE.CM-01:12",
  req="CSF-PR-36", tags="detect network",
  basis="NIDS sensors USD 40-60k; signature subscription USD 20-25k/yr",
  desc="Deploy intrusion detection at the internet edge and between key zones and review firewall, "
       "proxy and DNS logs for suspicious traffic.")
c("CSF-DE-02", "EDR on all endpoints and servers", 60000, 100000, 40, 3,
  "DE.CM-09:12 DE.AE-02:1 RS.MI-01:1",
  tags="detect endpoints edr cpg",
  basis="EDR USD 40-55 per endpoint per year for ~2,300 endpoints and servers; deployment ~20 consultant-days",
  desc="Deploy endpoint detection and response on every workstation and server, with alerting and "
       "remote isolation.")
c("CSF-DE-03", "24x7 security monitoring service (managed SOC)", 300000, 450000, 60, 6,
  "DE.CM-01:3 DE.CM-03:2 DE.CM-09:3 DE.AE-02:23 DE.AE-03:3 DE.AE-06:12 DE.AE-08:2 RS.MA-02:12",
  req="CSF-PR-37 CSF-DE-02", tags="detect soc",
  basis="managed SOC/MDR USD 150-200 per endpoint-equivalent per year (~USD 450k/yr); onboarding and use-case build USD 300k",
  desc="Stand up round-the-clock monitoring, triage and escalation of alerts from SIEM, EDR and "
       "network sensors by a managed SOC with documented runbooks and service levels.")
c("CSF-DE-04", "CCTV and environmental monitoring of facilities", 70000, 15000, 20, 4,
  "DE.CM-02:23",
  req="CSF-PR-09", tags="detect physical",
  basis="~30 IP cameras, recorder and alarm integration ~USD 70k; maintenance USD 15k/yr",
  desc="Monitor entrances, server rooms and OT sites with CCTV, intrusion and environmental alarms "
       "reviewed by a monitored alarm service.")
c("CSF-DE-05", "Privileged user activity monitoring and UEBA", 60000, 40000, 30, 4,
  "DE.CM-03:123",
  req="CSF-PR-06 CSF-PR-37", tags="detect insider",
  basis="UEBA module USD 30-50k/yr; tuning ~20 consultant-days",
  desc="Monitor privileged sessions and anomalous user behaviour (mass downloads, unusual logins) "
       "under a documented and legally reviewed monitoring policy.")
c("CSF-DE-06", "Monitoring of external service providers and cloud services", 30000, 20000, 20, 3,
  "DE.CM-06:123",
  req="CSF-PR-37 CSF-GV-29", tags="detect supply-chain cloud",
  basis="cloud/SaaS log connectors and supplier session recording ~20 consultant-days",
  desc="Collect cloud and SaaS audit logs and supplier remote-access sessions into the SIEM and "
       "alert on unusual provider activity, under a documented procedure.")
c("CSF-DE-07", "OT network security monitoring (ICS-aware passive IDS)", 200000, 60000, 40, 6,
  "DE.CM-01:2 DE.CM-09:1",
  req="CSF-ID-09", tags="detect ot",
  basis="ICS IDS sensors and console USD 150-200k; subscription USD 50-60k/yr",
  desc="Monitor OT networks with ICS-protocol-aware passive detection feeding the SOC.")
c("CSF-DE-08", "Detection engineering and monitoring coverage metrics (MITRE ATT&CK)", 40000, 60000, 30, 4,
  "DE.CM-01:4 DE.CM-03:4 DE.CM-06:4 DE.CM-09:4 PR.PS-04:4",
  req="CSF-DE-03", tags="detect improvement metrics",
  basis="detection engineer (0.5 FTE) ~USD 60k/yr; coverage mapping ~20 consultant-days",
  desc="Map detections and log sources to ATT&CK techniques relevant to the threat register, "
       "measure coverage and mean time to detect, and add detections from intelligence and tests.")
c("CSF-DE-09", "Deception technology (honeypots and honey-tokens)", 40000, 25000, 15, 2,
  "DE.CM-01:1 DE.AE-02:1",
  tags="detect deception",
  basis="deception platform USD 20-30k/yr",
  desc="Place decoy hosts, credentials and files that raise high-fidelity alerts when touched.")
c("CSF-DE-10", "Insider risk programme", 30000, 30000, 25, 4,
  "DE.CM-03:1 GV.RR-04:1",
  req="CSF-GV-15", tags="detect insider",
  basis="~15 consultant-days for governance; case-management time USD 30k/yr",
  desc="Set up an insider risk working group (HR, legal, security) with indicators, case handling "
       "and privacy safeguards.")

# ---- DE.AE Adverse event analysis
c("CSF-DE-11", "Alert triage procedures and incident declaration criteria", 15000, 5000, 20, 2,
  "DE.AE-02:1 DE.AE-04:12 DE.AE-06:1 DE.AE-08:12 RS.MA-02:1",
  tags="detect process foundation",
  basis="procedure-class ~10 consultant-days",
  desc="Document how alerts are triaged, how impact and scope are estimated and the criteria for "
       "declaring an incident and its severity.")
c("CSF-DE-12", "Security orchestration (SOAR) for enrichment and alert distribution", 80000, 50000, 30, 4,
  "DE.AE-06:3 DE.AE-03:2",
  req="CSF-DE-03", tags="detect soar",
  basis="SOAR licence USD 40-60k/yr; playbook build ~40 consultant-days",
  desc="Automate alert enrichment, deduplication and routing to the right teams and tools with "
       "documented playbooks.")
c("CSF-DE-13", "Threat intelligence platform integrated into SIEM and EDR", 30000, 30000, 20, 3,
  "DE.AE-07:23",
  req="CSF-ID-13 CSF-PR-37", tags="detect threat-intel",
  basis="TIP (e.g. MISP hosting and support) USD 25-35k/yr; integration ~15 consultant-days",
  desc="Feed indicators and actor context into SIEM and EDR automatically and use them in triage "
       "under a documented procedure.")
c("CSF-DE-14", "Impact scoping with asset criticality in triage", 10000, 5000, 10, 2,
  "DE.AE-04:3",
  req="CSF-ID-04 CSF-DE-11", tags="detect process",
  basis="~6 consultant-days to link CMDB criticality to alerts",
  desc="Enrich alerts with asset criticality and business service so that analysts estimate impact "
       "and scope consistently.")
c("CSF-DE-15", "Threat hunting programme and detection analytics improvement", 30000, 80000, 20, 3,
  "DE.AE-02:4 DE.AE-03:4 DE.AE-04:4 DE.AE-06:4 DE.AE-07:4 DE.AE-08:4",
  req="CSF-DE-03 CSF-DE-13 CSF-DE-14", tags="detect improvement hunting",
  basis="managed threat hunting add-on USD 60-90k/yr",
  desc="Hunt proactively for threats from the threat register, measure triage quality and false "
       "positives, and improve analytics and declaration criteria from the results.")
c("CSF-DE-16", "Incident declaration and escalation procedure applied organisation-wide", 8000, 0, 10, 1,
  "DE.AE-08:3 RS.MA-04:1",
  req="CSF-DE-11", tags="detect respond process",
  basis="procedure-class ~4 consultant-days",
  desc="Publish one incident declaration and escalation procedure used by the SOC, IT and business "
       "units, and check adherence after each incident.")

# =============================================================================== RESPOND
c("CSF-RS-01", "Incident response plan and playbooks", 30000, 5000, 30, 3,
  "RS.MA-01:12 RS.MA-03:12 RS.MA-04:12 RS.MA-05:1 ID.IM-04:12 RS.CO-02:1",
  req="CSF-GV-12", tags="respond plan foundation cpg",
  basis="~18 consultant-days for plan and 6 playbooks (ransomware, BEC, data breach, DDoS, insider, supplier)",
  desc="Write and approve an incident response plan with roles, severity scheme, escalation, "
       "third-party contacts and playbooks for the main threats (CISA CPG 2.S).")
c("CSF-RS-02", "Incident response retainer (DFIR)", 5000, 60000, 10, 2,
  "RS.AN-03:12 RS.AN-08:1 RS.MI-02:1 RS.MA-01:1",
  tags="respond retainer",
  basis="DFIR retainer USD 40-80k/yr with pre-paid hours and 4-hour response",
  desc="Contract an incident response firm on retainer for forensic investigation, root cause "
       "analysis and eradication support.")
c("CSF-RS-03", "Incident response plan exercised annually", 25000, 20000, 25, 3,
  "ID.IM-04:3 RS.MA-01:3 RS.MA-03:3 RS.MA-04:3 RS.MA-05:23 ID.IM-02:2",
  req="CSF-RS-01", tags="respond exercise process",
  basis="facilitated tabletop and technical exercise USD 20-25k per year",
  desc="Exercise the incident response plan every year with executives, IT and key suppliers, "
       "update it from the results and apply it organisation-wide.")
c("CSF-RS-04", "Incident case management and records", 40000, 15000, 20, 3,
  "RS.MA-02:23 RS.AN-06:12",
  req="CSF-RS-01", tags="respond tooling",
  basis="incident case-management module USD 15k/yr; set-up ~15 consultant-days",
  desc="Log every reported incident as a case with triage, validation, actions and timestamps, with "
       "tamper-evident records.")
c("CSF-RS-05", "Incident metrics and post-incident reviews", 15000, 15000, 15, 2,
  "RS.MA-01:4 RS.MA-02:4 RS.MA-03:4 RS.MA-04:4 RS.MA-05:4 ID.IM-04:4",
  req="CSF-RS-03 CSF-RS-04", tags="respond improvement metrics",
  basis="~8 consultant-days; review facilitation USD 15k/yr",
  desc="Hold a lessons-learned review after every significant incident and exercise, track "
       "response metrics (time to triage, contain, escalate) and improve the plan from them.")
c("CSF-RS-06", "Forensic readiness: evidence collection tooling and chain of custody", 50000, 15000, 25, 3,
  "RS.AN-06:3 RS.AN-07:123",
  req="CSF-RS-04", tags="respond forensics",
  basis="forensic collection tools and evidence storage USD 50k; upkeep USD 15k/yr",
  desc="Prepare tooling and procedures to collect memory, disk and log evidence with hashing and a "
       "documented chain of custody.")
c("CSF-RS-07", "Root cause analysis and incident magnitude estimation procedure", 12000, 0, 15, 2,
  "RS.AN-03:3 RS.AN-08:23",
  req="CSF-RS-01", tags="respond process",
  basis="procedure-class ~6 consultant-days",
  desc="Document how root cause and the magnitude of an incident (systems, data, people, money "
       "affected) are established and validated.")
c("CSF-RS-08", "Forensic and incident analysis capability improvement", 15000, 20000, 10, 2,
  "RS.AN-03:4 RS.AN-06:4 RS.AN-07:4 RS.AN-08:4",
  req="CSF-RS-06 CSF-RS-07", tags="respond forensics improvement",
  basis="analyst training and tool upgrades USD 20k/yr",
  desc="Measure analysis quality and speed, update tooling and techniques from intelligence and "
       "lessons learned.")
c("CSF-RS-09", "Incident communication plan and regulator notification procedure", 15000, 0, 15, 2,
  "RS.CO-02:123 RS.CO-03:1 RC.CO-04:1",
  req="CSF-RS-01 CSF-GV-03", tags="respond communication",
  basis="procedure-class ~8 consultant-days with legal and communications",
  desc="Define who notifies whom (management, regulators, CSIRT, data subjects, partners) within "
       "legal deadlines, with templates and contact lists.")
c("CSF-RS-10", "Information sharing agreements and liaison with CSIRT and sector ISAC", 5000, 10000, 10, 2,
  "RS.CO-03:23 ID.RA-02:1",
  tags="respond sharing",
  basis="membership fees USD 5-10k/yr; legal review of sharing agreements",
  desc="Sign information sharing agreements (TLP rules) with the national CSIRT, the sector ISAC and "
       "key partners, and share incident information through them.")
c("CSF-RS-11", "Crisis communication exercises and improvement", 10000, 15000, 10, 2,
  "RS.CO-02:4 RS.CO-03:4 RC.CO-03:4 RC.CO-04:4",
  req="CSF-RS-09 CSF-RC-06", tags="respond communication improvement",
  basis="media/crisis training and exercise USD 15k/yr",
  desc="Exercise incident and recovery communications with executives and press office, measure "
       "timeliness and accuracy, and improve messaging.")
c("CSF-RS-12", "Containment playbooks and network isolation capability", 30000, 5000, 25, 3,
  "RS.MI-01:123 RS.MI-02:1",
  req="CSF-DE-02 CSF-RS-01", tags="respond containment",
  basis="~15 consultant-days to build and test isolation playbooks",
  desc="Pre-authorise and document containment actions (isolate hosts, disable accounts, block "
       "traffic, cut OT-IT links) and test them.")
c("CSF-RS-13", "Eradication and rebuild procedures (gold images, credential reset)", 25000, 5000, 25, 3,
  "RS.MI-02:23 RC.RP-05:1",
  req="CSF-PR-31", tags="respond eradication",
  basis="gold-image pipeline ~15 consultant-days",
  desc="Keep gold images and scripted rebuilds, and documented procedures for removing persistence "
       "and resetting credentials, including domain-wide resets.")
c("CSF-RS-14", "Automated containment and mitigation metrics", 20000, 15000, 15, 3,
  "RS.MI-01:4 RS.MI-02:4",
  req="CSF-RS-12 CSF-RS-13 CSF-DE-12", tags="respond improvement automation",
  basis="SOAR playbooks ~12 consultant-days; analyst time USD 15k/yr",
  desc="Automate routine containment via SOAR and measure time to contain and eradicate, improving "
       "playbooks after each incident.")
c("CSF-RS-15", "Out-of-band communications for incidents", 10000, 8000, 5, 1,
  "RS.CO-02:1 RC.CO-03:2",
  tags="respond communication",
  basis="secure messaging/conference service USD 8k/yr",
  desc="Provide a secure communication channel independent of the corporate network for the "
       "incident and crisis teams.")
c("CSF-RS-16", "Executive cyber-crisis tabletop exercise", 15000, 15000, 5, 1,
  "ID.IM-02:1 RS.MA-04:1",
  tags="respond exercise",
  basis="facilitated half-day executive tabletop USD 15k",
  desc="Run a facilitated ransomware crisis tabletop for the executive team each year.")

# =============================================================================== RECOVER
c("CSF-RC-01", "Disaster recovery plan for critical services", 40000, 10000, 40, 4,
  "RC.RP-01:12 RC.RP-02:12 RC.RP-04:1 RC.RP-05:12 RC.RP-06:1",
  req="CSF-GV-01", tags="recover plan foundation",
  basis="~25 consultant-days for DR plan covering ~15 critical services",
  desc="Write an approved disaster recovery plan: recovery order by service priority, RTO/RPO, "
       "responsibilities, restoration and validation steps.")
c("CSF-RC-02", "Cyber recovery runbooks (ransomware recovery, clean-room rebuild)", 50000, 10000, 40, 4,
  "RC.RP-01:3 RC.RP-02:3 RC.RP-05:3",
  req="CSF-RC-01 CSF-PR-26", tags="recover runbooks",
  basis="~30 consultant-days; clean-room environment in existing cloud tenancy",
  desc="Document runbooks for recovering from destructive attacks, including clean-room rebuild of "
       "identity services, integrity checks and service validation, applied to all critical services.")
c("CSF-RC-03", "Business continuity management with post-incident operating norms", 45000, 15000, 40, 6,
  "RC.RP-04:23 RC.RP-06:2",
  req="CSF-GV-01", tags="recover continuity",
  basis="ISO 22301-style BCM ~30 consultant-days",
  desc="Define business continuity plans and the criteria for operating normally after an "
       "incident, including temporary risk acceptance and enhanced monitoring.")
c("CSF-RC-04", "Annual full recovery test with documented closure criteria", 30000, 25000, 30, 3,
  "RC.RP-03:3 RC.RP-04:3 RC.RP-06:3",
  req="CSF-RC-01 CSF-PR-27", tags="recover testing process",
  basis="yearly recovery test ~USD 25k external support plus staff time",
  desc="Restore a critical service end to end from backups once a year, verifying backup integrity "
       "and declaring recovery complete against documented criteria.")
c("CSF-RC-05", "Recovery metrics (RTO/RPO achievement) and improvement", 15000, 10000, 10, 2,
  "RC.RP-01:4 RC.RP-02:4 RC.RP-04:4 RC.RP-05:4 RC.RP-06:4",
  req="CSF-RC-02 CSF-RC-04", tags="recover improvement metrics",
  basis="~8 consultant-days; analyst time USD 10k/yr",
  desc="Measure achieved recovery times and data loss against objectives in tests and incidents, "
       "and improve plans and infrastructure from them.")
c("CSF-RC-06", "Recovery communications plan with pre-approved public messaging", 12000, 0, 10, 2,
  "RC.CO-03:123 RC.CO-04:23",
  req="CSF-RS-09", tags="recover communication",
  basis="procedure-class ~6 consultant-days with communications team",
  desc="Prepare recovery status updates for staff, partners and regulators and pre-approved public "
       "statements, with approval rules and channels.")
c("CSF-RC-07", "Clean-room recovery environment and restore integrity scanning", 80000, 25000, 30, 4,
  "RC.RP-03:2 RC.RP-05:2",
  req="CSF-PR-26", tags="recover backup",
  basis="isolated recovery environment in cloud ~USD 60-80k set-up; scanning tools USD 25k/yr",
  desc="Build an isolated environment to restore and scan backups and rebuilt systems for malware "
       "before returning them to production.")

# =============================================================================== MORE ENTITY ACTIONS
c("CSF-PR-58", "Secure remote access for OT and third-party vendors", 60000, 25000, 25, 4,
  "PR.IR-01:2 DE.CM-06:1",
  req="CSF-PR-03", tags="protect ot supply-chain",
  basis="OT secure remote access gateway USD 40-60k plus USD 20-25k/yr",
  desc="Route all vendor and engineer remote access to OT and critical systems through a brokered, "
       "MFA-protected, recorded gateway with time-limited approval.")
c("CSF-DE-17", "In-house security operations team (business hours)", 30000, 240000, 40, 6,
  "DE.CM-01:2 DE.AE-02:2 DE.AE-06:2 RS.MA-02:2",
  req="CSF-PR-37", tags="detect soc staff",
  basis="two security analysts at ~USD 110-120k/yr each with on-costs; training USD 30k",
  desc="Hire security analysts who review SIEM and EDR alerts daily, prioritised by asset "
       "criticality, and escalate incidents (an alternative or complement to a managed SOC).")
c("CSF-ID-29", "Annual CSF maturity self-assessment and target profile", 15000, 10000, 10, 2,
  "ID.IM-01:1 GV.OV-01:1",
  tags="identify improvement",
  basis="~8 consultant-days facilitation per year",
  desc="Assess current maturity against the CSF each year, agree a target profile and feed the gaps "
       "into the improvement register.")
c("CSF-GV-36", "Data protection officer and privacy compliance programme", 20000, 90000, 15, 4,
  "GV.OC-03:1",
  tags="govern compliance privacy",
  basis="DPO (0.75 FTE) ~USD 90k/yr; privacy notice and RoPA ~12 consultant-days",
  desc="Appoint a data protection officer, keep records of processing and handle privacy obligations "
       "alongside cyber obligations.")

# =============================================================================== SHARED (national / sector)
s("NAT-CSIRT", "National CSIRT incident response support", 2500000, 3500000, 5, 12,
  "RS.MA-01:1~ RS.AN-03:1~ RS.MI-01:1~ RS.MI-02:1~ RS.CO-03:1~",
  tags="shared respond national",
  basis="national CSIRT of ~25 staff (USD 3-3.5M/yr) plus facilities and tooling USD 2.5M (benchmarks from small-state CSIRTs)",
  desc="A national computer security incident response team that takes incident reports 24x7, "
       "coordinates response and sends responders to government and CNI entities.")
s("NAT-GSOC", "Government-wide security operations centre", 6000000, 8000000, 10, 18,
  "DE.CM-01:12~ DE.CM-09:1~ DE.AE-02:12~ DE.AE-03:1~ DE.AE-06:1~ RS.MA-02:1~",
  serves=["government"], req="NAT-CSIRT",
  tags="shared detect government",
  basis="central SOC for ~40 departments: SIEM platform and sensors USD 6M; 24x7 staff of ~45 and licences USD 8M/yr",
  desc="A shared 24x7 SOC that collects logs and sensor data from all departments, detects and "
       "triages attacks and alerts each department.")
s("NAT-PKI", "Shared government public key infrastructure", 2500000, 800000, 10, 12,
  "PR.AA-04:12~ PR.DS-02:1~ PR.AA-01:1~",
  serves=["government"], tags="shared protect identity government",
  basis="root and issuing CAs on HSMs, audited operation: USD 2.5M set-up, USD 0.8M/yr",
  desc="A government PKI issuing device, server and user certificates and signing keys, with "
       "revocation services, for all departments.")
s("NAT-IDF", "Government identity federation and MFA service", 3500000, 1200000, 15, 12,
  "PR.AA-03:12~ PR.AA-04:1~ PR.AA-02:1~",
  serves=["government"], req="NAT-PKI",
  tags="shared protect identity government",
  basis="shared IdP with MFA for ~40,000 civil servants at ~USD 2.5/user/month plus integration USD 3.5M",
  desc="A shared identity provider for departments with strong proofing at enrolment, MFA and "
       "federation to government applications.")
s("NAT-ISAC", "CNI information sharing and analysis centre (ISAC)", 500000, 1200000, 10, 6,
  "ID.RA-02:12~ ID.RA-03:1~ RS.CO-03:2~",
  serves=["energy", "water", "telecoms", "finance", "health", "transport"],
  tags="shared identify threat-intel cni",
  basis="secretariat of ~6 analysts USD 1.2M/yr; platform and legal set-up USD 0.5M",
  desc="A trusted forum for CNI operators to share threat intelligence, incidents and advisories "
       "under TLP rules, run with the national CSIRT.")
s("NAT-CTI", "Shared threat-intelligence platform", 1200000, 900000, 10, 9,
  "DE.AE-07:12~ ID.RA-02:1~",
  req="NAT-CSIRT", tags="shared detect threat-intel national",
  basis="hosted MISP/OpenCTI with commercial feeds licensed nationally USD 0.9M/yr; build USD 1.2M",
  desc="A national threat-intelligence platform distributing machine-readable indicators and "
       "actor reports to every entity's security tools.")
s("NAT-AWARE", "National cyber awareness campaign", 1000000, 2000000, 5, 6,
  "PR.AT-01:1~",
  tags="shared protect awareness national",
  basis="national media campaign USD 2M/yr (benchmark: national campaigns USD 1-5M/yr); content USD 1M",
  desc="A national campaign and free e-learning for public servants and CNI staff on phishing, "
       "passwords, MFA and reporting.")
s("NAT-SKILLS", "National cyber workforce academy", 1500000, 2000000, 10, 12,
  "PR.AT-02:1~",
  tags="shared protect training national",
  basis="academy of ~10 trainers and labs USD 2M/yr; cyber range USD 1.5M",
  desc="A national academy training government and CNI administrators, OT engineers and incident "
       "responders, with a cyber range for hands-on courses.")
s("NAT-VDP", "National coordinated vulnerability disclosure programme", 400000, 600000, 5, 6,
  "ID.RA-08:12~",
  req="NAT-CSIRT", tags="shared identify vulnerabilities national",
  basis="disclosure platform and triage team of ~3: USD 0.6M/yr; legal framework and platform USD 0.4M",
  desc="A national channel for researchers to report vulnerabilities in any government or CNI "
       "system, triaged by the CSIRT and passed to the entity with safe-harbour rules.")
s("NAT-REPORT", "National incident reporting portal", 350000, 250000, 5, 4,
  "RS.CO-02:12~",
  tags="shared respond reporting national",
  basis="web portal, case intake and helpdesk integration USD 0.35M; hosting and support USD 0.25M/yr",
  desc="A single portal and hotline for mandatory and voluntary incident reporting to the CSIRT "
       "and regulators, with templates and deadlines.")
s("NAT-EXER", "National and sector cyber exercise programme", 800000, 1500000, 15, 9,
  "ID.IM-02:12~ GV.SC-08:1~ RS.MA-04:2~",
  serves=["government", "energy", "water", "telecoms", "finance", "health", "transport"],
  tags="shared identify exercise national",
  basis="exercise team of ~5 and scenario platform USD 1.5M/yr; design USD 0.8M",
  desc="Yearly national and sector exercises (tabletop and technical) that include suppliers, "
       "regulators and the CSIRT, with lessons reported to each participant.")
s("NAT-BACKUP", "Government cloud backup service", 4000000, 2500000, 20, 12,
  "PR.DS-11:12~ RC.RP-03:1~",
  serves=["government"], tags="shared protect backup government",
  basis="immutable object storage ~2 PB in government cloud USD 2.5M/yr; onboarding of 40 departments USD 4M",
  desc="A government cloud service that keeps immutable, off-site backups of departments' critical "
       "systems with restore testing support.")
s("NAT-DDOS", "Shared DDoS protection service", 2000000, 1500000, 5, 6,
  "PR.IR-04:1~ PR.IR-03:1~",
  serves=["government", "finance", "health", "transport", "water"],
  tags="shared protect ddos",
  basis="national scrubbing contract and upstream filtering USD 1.5M/yr; set-up USD 2M",
  desc="Upstream DDoS scrubbing and always-on protection for public-facing services of government "
       "and CNI operators, arranged once with the national carriers.")
s("NAT-PDNS", "National protective DNS service", 1500000, 1000000, 5, 6,
  "DE.CM-01:1~ PR.IR-01:1~",
  tags="shared protect dns national",
  basis="protective DNS resolver service for ~60,000 users USD 1M/yr; set-up USD 1.5M",
  desc="A national resolver that blocks known malicious domains and reports hits to each entity "
       "and the CSIRT.")
s("NAT-SCRM", "Government supplier assurance scheme", 700000, 500000, 10, 9,
  "GV.SC-05:12~ GV.SC-06:1~ ID.RA-10:1~",
  serves=["government"], tags="shared govern supply-chain government",
  basis="scheme office of ~4 staff USD 0.5M/yr; standard clauses and assessment framework USD 0.7M",
  desc="Standard security clauses for government contracts and a register of assessed suppliers "
       "that departments can rely on.")
s("NAT-GRC", "Government cyber risk methodology and risk register platform", 900000, 400000, 10, 9,
  "GV.RM-06:12~ GV.RM-01:1~ ID.RA-05:1~",
  serves=["government"], tags="shared govern risk government",
  basis="GRC platform licensed for 40 departments USD 0.4M/yr; method and onboarding USD 0.9M",
  desc="A common risk methodology, scales and a shared risk register platform for all departments.")
s("NAT-DFIR", "National digital forensics laboratory", 1500000, 1200000, 5, 12,
  "RS.AN-07:12~ RS.AN-06:1~",
  req="NAT-CSIRT", tags="shared respond forensics national",
  basis="forensic lab, tools and ~8 analysts USD 1.2M/yr; lab set-up USD 1.5M",
  desc="A national lab that collects and preserves incident evidence with chain of custody for "
       "entities that lack forensic capability.")


# =============================================================================== emit
def main() -> int:
    ids = [c_["id"] for c_ in CONTROLS]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"duplicate ids: {sorted(dup)}")
    doc = {"cost_basis": COST_BASIS, "currency": "USD", "controls": CONTROLS}

    class Dumper(yaml.SafeDumper):
        pass

    def str_rep(dumper, data):
        if "\n" in data:
            return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
        return dumper.represent_scalar("tag:yaml.org,2002:str", data)

    Dumper.add_representer(str, str_rep)
    header = ("# NIST CSF 2.0 control catalogue. GENERATED by tools/gen_csf_controls.py - edit the data\n"
              "# there, not here. Checked by tools/check_csf_controls.py (coverage of all X.q1..X.q4).\n")
    text = yaml.dump(doc, Dumper=Dumper, sort_keys=False, allow_unicode=True, width=100)
    OUT.write_text(header + text, encoding="utf-8")
    shared = sum(1 for c_ in CONTROLS if c_["scope"] == "shared")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(CONTROLS)} controls ({shared} shared)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
