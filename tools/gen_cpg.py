"""Generate the CISA Cross-Sector Cybersecurity Performance Goals (CPG 1.0.1) framework.

    .venv/bin/python tools/gen_cpg.py

Writes frameworks/cisa-cpg/{framework,questions,controls,mappings}.yaml,
frameworks/cisa-cpg/example/answers.yaml and rulesets/cisa-cpg/default.yaml.

Goal ids, titles, outcomes and NIST CSF (v1.1) references are CISA's (CPG report v1.0.1, March 2023; a US
Government work). Cost/impact/complexity are the ratings of CISA's CPG worksheet/checklist.
"""
from __future__ import annotations

import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FW = ROOT / "frameworks" / "cisa-cpg"
RS = ROOT / "rulesets" / "cisa-cpg"

FUNCTIONS = [("ID", "Identify"), ("PR", "Protect"), ("DE", "Detect"), ("RS", "Respond"), ("RC", "Recover")]

# id, function, title, outcome (CISA), level-1 question, level-2 question (CISA's recommended action),
# cost ($ count), impact, complexity, CSF 1.1 references (CISA), requires (goal ids)
GOALS = [
    ("1.A", "ID", "Asset Inventory",
     "Better identify known, unknown (shadow), and unmanaged assets, and more rapidly detect and respond to new vulnerabilities.",
     "Is there an inventory of organizational assets with an IP address, even if incomplete (e.g. IT only) or not regularly updated?",
     "Is a regularly updated inventory of all organizational assets with an IP address (including IPv6), including OT, maintained and updated no less than monthly for both IT and OT?",
     2, "high", "medium", ["ID.AM-1", "ID.AM-2", "ID.AM-4", "DE.CM-1", "DE.CM-7"], []),
    ("1.B", "ID", "Organizational Cybersecurity Leadership",
     "A single leader is responsible and accountable for cybersecurity within an organization.",
     "Are cybersecurity responsibilities assigned to someone, even informally or alongside other duties?",
     "Is a named role/position/title identified as responsible and accountable for planning, resourcing, and execution of cybersecurity activities?",
     1, "high", "low", ["ID.GV-1", "ID.GV-2"], []),
    ("1.C", "ID", "OT Cybersecurity Leadership",
     "A single leader is responsible and accountable for OT-specific cybersecurity within an organization with OT assets.",
     "Are OT cybersecurity responsibilities assigned to someone, even informally?",
     "Is a named role/position/title identified as responsible and accountable for planning, resourcing, and execution of OT-specific cybersecurity activities (possibly the same position as in 1.B)?",
     1, "high", "low", ["ID.GV-1", "ID.GV-2"], ["1.B"]),
    ("1.D", "ID", "Improving IT and OT Cybersecurity Relationships",
     "Improve OT cybersecurity and more rapidly and effectively respond to OT cyber incidents.",
     "Do IT and OT security personnel meet regularly, even if only for working events?",
     "Does the organization sponsor at least one social gathering per year (not a working event) focused on strengthening working relationships between IT and OT security personnel?",
     1, "medium", "low", ["ID.GV-2", "PR.AT-5"], []),
    ("1.E", "ID", "Mitigating Known Vulnerabilities",
     "Reduce the likelihood of threat actors exploiting known vulnerabilities to breach organizational networks.",
     "Are known exploited vulnerabilities (CISA KEV catalog) in internet-facing systems tracked and patched, at least for the most critical assets?",
     "Are all known exploited vulnerabilities in internet-facing systems patched or otherwise mitigated within a risk-informed span of time, most critical assets first, with recorded compensating controls for OT assets that cannot be patched?",
     1, "high", "medium", ["ID.RA-1", "PR.IP-12", "DE.CM-8", "RS.MI-3", "ID.RA-6", "RS.AN-5"], ["1.A"]),
    ("1.F", "ID", "Third-Party Validation of Cybersecurity Control Effectiveness",
     "Identify TTPs that lack proper defenses and establish confidence in organizational cyber defenses.",
     "Has a third party tested the organization's cybersecurity defenses (e.g. a penetration test or table-top exercise) at least once?",
     "Do third parties with demonstrated IT/OT expertise regularly validate the effectiveness and coverage of defenses (announced and unannounced tests, including assume-breach lateral movement), with high-impact findings mitigated in a timely manner and not re-observed?",
     3, "high", "high", ["ID.RA-1", "ID.RA-3", "ID.RA-4", "ID.RA-5", "ID.RA-6"], ["1.E"]),
    ("1.G", "ID", "Supply Chain Incident Reporting",
     "Organizations more rapidly learn about and respond to known incidents or breaches across vendors and service providers.",
     "Do some supplier contracts or SLAs require vendors to notify the organization of security incidents?",
     "Do procurement documents and contracts, such as SLAs, stipulate that vendors and/or service providers notify the organization of security incidents within a risk-informed time frame?",
     1, "high", "low", ["ID.SC-1", "ID.SC-3"], []),
    ("1.H", "ID", "Supply Chain Vulnerability Disclosure",
     "Organizations more rapidly learn about and respond to vulnerabilities in assets provided by vendors and service providers.",
     "Do some supplier contracts require vendors to notify the organization of confirmed vulnerabilities in their assets?",
     "Do procurement documents and contracts stipulate that vendors and/or service providers notify the organization of confirmed security vulnerabilities in their assets within a risk-informed time frame?",
     1, "high", "low", ["ID.SC-1", "ID.SC-3"], []),
    ("1.I", "ID", "Vendor/Supplier Cybersecurity Requirements",
     "Reduce risk by buying more secure products and services from more secure suppliers.",
     "Are cybersecurity questions included in at least some procurements?",
     "Do procurement documents include cybersecurity requirements and questions that are evaluated in vendor selection, so that between two offerings of similar cost and function the more secure offering and/or supplier is preferred?",
     1, "high", "low", ["ID.SC-3"], []),
    ("2.A", "PR", "Changing Default Passwords",
     "Prevent threat actors from using default passwords to achieve initial access or move laterally in a network.",
     "Are default manufacturer passwords changed on at least new or internet-facing hardware, software and firmware?",
     "Is there an enforced organization-wide policy and/or process requiring default manufacturer passwords to be changed for all hardware, software and firmware before it is put on any network (with documented compensating controls where not feasible)?",
     1, "medium", "medium", ["PR.AC-1"], []),
    ("2.B", "PR", "Minimum Password Strength",
     "Organizational passwords are harder for threat actors to guess or crack.",
     "Is a minimum password length enforced on at least the central directory (e.g. Active Directory)?",
     "Is a system-enforced minimum password length of 15 or more characters applied to all password-protected IT assets and all OT assets where technically feasible, with compensating controls and logging elsewhere?",
     1, "high", "low", ["PR.AC-1"], []),
    ("2.C", "PR", "Unique Credentials",
     "Attackers are unable to reuse compromised credentials to move laterally across the organization, particularly between IT and OT networks.",
     "Are separate credentials used for at least the most critical IT and OT services?",
     "Are unique and separate credentials provisioned for similar services and asset access on IT and OT networks, with users unable to reuse passwords and service accounts having passwords unique from all user accounts?",
     2, "medium", "medium", ["PR.AC-1"], []),
    ("2.D", "PR", "Revoking Credentials for Departing Employees",
     "Prevent unauthorized access to organizational accounts or resources by former employees.",
     "Are departing employees' accounts usually disabled, even if not always by their last day?",
     "Is a defined and enforced process applied to all departing employees by the day of departure that revokes and recovers badges, key cards and tokens and disables all user accounts and access to organizational resources?",
     1, "medium", "low", ["PR.AC-1", "PR.IP-11"], []),
    ("2.E", "PR", "Separating User and Privileged Accounts",
     "Make it harder for threat actors to gain access to administrator or privileged accounts, even if common user accounts are compromised.",
     "Do administrators have separate accounts for administration, even if some users still hold standing admin rights?",
     "Do no user accounts always have administrator privileges, with administrators using separate accounts for non-administrative activities and privileges re-evaluated on a recurring basis?",
     1, "high", "low", ["PR.AC-4"], []),
    ("2.F", "PR", "Network Segmentation",
     "Reduce the likelihood of threat actors accessing the OT network after compromising the IT network.",
     "Is the OT network separated from the IT network at least by a firewall, even if rules are broad?",
     "Are all connections to the OT network denied by default unless explicitly allowed, with necessary IT-OT communications passing through a monitored intermediary (firewall, bastion host, jump box or DMZ) that logs and only allows approved assets?",
     3, "high", "high", ["PR.AC-5", "PR.PT-4"], ["2.P"]),
    ("2.G", "PR", "Detection of Unsuccessful (Automated) Login Attempts",
     "Protect organizations from automated, credential-based attacks.",
     "Are unsuccessful logins logged on at least the central directory and internet-facing services?",
     "Are all unsuccessful logins logged and sent to the security team, with alerts after a number of consecutive failures in a short period and system-enforced lockout on IT assets where available?",
     1, "medium", "low", ["PR.AC-7"], []),
    ("2.H", "PR", "Phishing-Resistant Multifactor Authentication (MFA)",
     "Add a critical, additional layer of security to protect assets accounts whose credentials have been compromised.",
     "Is MFA (any method) enforced for at least remote access and privileged accounts?",
     "Do all IT accounts use MFA with the strongest available method (hardware-based phishing-resistant first, SMS/voice only as last resort), and is MFA enabled on all remotely accessible OT accounts and systems, including vendor accounts and HMIs?",
     2, "high", "medium", ["PR.AC-7", "PR.AC-1"], []),
    ("2.I", "PR", "Basic Cybersecurity Training",
     "Organizational users learn and perform more secure behaviors.",
     "Do some staff receive cybersecurity awareness training?",
     "Do all employees and contractors receive at least annual training on basic security concepts (phishing, business email compromise, operational and password security), with new staff trained within 10 days of onboarding?",
     1, "high", "low", ["PR.AT-1"], []),
    ("2.J", "PR", "OT Cybersecurity Training",
     "Personnel responsible for securing OT assets received specialized OT-focused cybersecurity training.",
     "Have some personnel who maintain or secure OT received OT-specific cybersecurity training?",
     "Do all personnel who maintain or secure OT as part of their regular duties receive OT-specific cybersecurity training at least annually?",
     1, "high", "low", ["PR.AT-2", "PR.AT-3", "PR.AT-5"], ["2.I"]),
    ("2.K", "PR", "Strong and Agile Encryption",
     "Effective encryption deployed to maintain confidentiality of sensitive data and integrity of IT and OT traffic.",
     "Is TLS used to protect at least externally facing IT traffic?",
     "Is properly configured, up-to-date TLS used to protect data in transit where technically feasible (including remote OT communications), with weak or outdated encryption identified and replaced and post-quantum implications planned for?",
     2, "high", "medium", ["PR.DS-2"], []),
    ("2.L", "PR", "Secure Sensitive Data",
     "Protect sensitive information from unauthorized access.",
     "Are credentials and sensitive data kept out of plaintext in at least the most critical systems?",
     "Are sensitive data, including credentials, never stored in plaintext anywhere in the organization, accessible only to authenticated and authorized users, with credentials kept in a password manager, vault or privileged account management solution?",
     2, "high", "medium", ["PR.DS-1", "PR.DS-5"], []),
    ("2.M", "PR", "Email Security",
     "Reduce risk from common email-based threats, such as spoofing, phishing, and interception.",
     "Are at least some of STARTTLS, SPF, DKIM and DMARC enabled on corporate email?",
     "Are STARTTLS, SPF and DKIM enabled, and DMARC enabled and set to \"reject\", on all corporate email infrastructure?",
     1, "medium", "low", ["PR.DS-5", "PR.AC-7"], []),
    ("2.N", "PR", "Disable Macros by Default",
     "Reduce the risk from embedded macros and similar executive code, a common and highly effective threat actor TTP.",
     "Are Microsoft Office macros disabled by default on at least some devices?",
     "Does a system-enforced policy disable Microsoft Office macros, or similar embedded code, by default on all devices, with a request process for authorized users who need them on specific assets?",
     1, "medium", "low", ["PR.IP-1", "PR.IP-3"], []),
    ("2.O", "PR", "Document Device Configurations",
     "More efficiently and effectively manage, respond to, and recover from cyberattacks against the organization and maintain service continuity.",
     "Are baseline configurations documented for at least some critical IT or OT assets?",
     "Does the organization maintain accurate documentation of the baseline and current configuration of all critical IT and OT assets, reviewed and updated on a recurring, tracked basis?",
     2, "high", "medium", ["PR.IP-1"], ["1.A"]),
    ("2.P", "PR", "Document Network Topology",
     "More efficiently and effectively respond to cyberattacks and maintain service continuity.",
     "Is there network topology documentation for at least the main IT or OT networks, even if out of date?",
     "Does the organization maintain accurate documentation of the network topology and relevant information across all IT and OT networks, with periodic tracked reviews and updates?",
     2, "medium", "medium", ["PR.IP-1", "ID.AM-3"], ["1.A"]),
    ("2.Q", "PR", "Hardware and Software Approval Process",
     "Increase visibility into deployed technology assets, and reduce the likelihood of breach by users installing unapproved hardware, firmware, or software.",
     "Is approval required before at least some new hardware or software is deployed?",
     "Does an administrative policy or automated process require approval before new hardware, firmware or software (versions) are installed, with a risk-informed allowlist of approved items and versions, aligned with OT change control?",
     2, "high", "medium", ["PR.IP-3"], ["1.A"]),
    ("2.R", "PR", "System Backups",
     "Organizations reduce the likelihood and duration of data loss at loss of service delivery or operations.",
     "Are the most important systems backed up, even if backups are not stored separately or tested?",
     "Are all systems necessary for operations backed up at least yearly, with backups stored separately from the source and tested at least yearly (OT: configurations, roles, PLC logic, engineering drawings and tools)?",
     2, "high", "medium", ["PR.IP-4"], []),
    ("2.S", "PR", "Incident Response (IR) Plans",
     "Organizations maintain, practice, and update cybersecurity incident response plans for relevant threat scenarios.",
     "Is there a written cybersecurity incident response plan, even if not drilled?",
     "Are IT and OT incident response plans for common and organization-specific threat scenarios maintained, drilled at least annually as realistically as feasible, and updated after lessons learned?",
     1, "high", "low", ["PR.IP-9", "PR.IP-10"], []),
    ("2.T", "PR", "Log Collection",
     "Achieve better visibility to detect and effectively respond to cyberattacks.",
     "Are security logs (e.g. firewall, VPN) collected from at least some sources?",
     "Are access- and security-focused logs (IDS/IPS, firewall, DLP, VPN) collected and stored for detection and incident response, with alerts when a critical log source is disabled and network traffic collected for OT assets without logs?",
     2, "high", "medium", ["PR.PT-1"], []),
    ("2.U", "PR", "Secure Log Storage",
     "Organizations' security logs are protected from unauthorized access and tampering.",
     "Are collected logs stored somewhere users cannot easily alter them?",
     "Are logs stored in a central system (SIEM or central database) accessible or modifiable only by authorized and authenticated users, and retained for a risk-informed or regulatory period?",
     3, "high", "low", ["PR.PT-1"], ["2.T"]),
    ("2.V", "PR", "Prohibit Connection of Unauthorized Devices",
     "Prevent malicious actors from achieving initial access or data exfiltration via unauthorized portable media devices.",
     "Is the use of removable media or USB devices restricted on at least some assets?",
     "Are policies and processes maintained so that unauthorized media and hardware are not connected to IT and OT assets (e.g. limiting USB and removable media, disabling AutoRun, securing physical OT ports or approved exceptions)?",
     3, "high", "high", ["PR.PT-2"], []),
    ("2.W", "PR", "No Exploitable Services on the Internet",
     "Unauthorized users cannot gain an initial system foothold by exploiting known weaknesses in public-facing assets.",
     "Has the organization checked its public internet exposure and removed the most dangerous exposed services (e.g. RDP)?",
     "Do assets on the public internet expose no exploitable services, with compensating controls where a service must be exposed and all unnecessary OS applications and network protocols disabled on internet-facing assets?",
     1, "high", "low", ["PR.AC-3"], []),
    ("2.X", "PR", "Limit OT Connections to Public Internet",
     "Reduce the risk of threat actors exploiting or interrupting OT assets connected to the public internet.",
     "Have OT assets on the public internet been identified?",
     "Are no OT assets on the public internet unless explicitly required, with exceptions justified, documented and given additional protections (logging, MFA, proxy or other intermediary)?",
     3, "medium", "medium", ["PR.PT-4", "PR.AC-5"], ["1.A"]),
    ("3.A", "DE", "Detecting Relevant Threats and TTPs",
     "Organizations are aware of and able to detect relevant threats and TTPs.",
     "Has the organization documented the threats and actor TTPs relevant to it (e.g. by industry or sector)?",
     "Does the organization maintain the ability (rules, alerting, or commercial prevention and detection systems) to detect instances of the documented key threats and TTPs?",
     3, "medium", "high", ["ID.RA-2", "ID.RA-3", "DE.CM-1"], ["2.T"]),
    ("4.A", "RS", "Incident Reporting",
     "CISA and other organizations are better able to provide assistance or understand the broader scope of a cyberattack.",
     "Does the organization know whom to report confirmed cybersecurity incidents to (regulators, ISAC/ISAO, CISA)?",
     "Are codified policy and procedures maintained for reporting all confirmed incidents to the appropriate external entities, with known incidents reported to CISA and others within required time frames (or as soon as safely capable)?",
     1, "high", "low", ["RS.CO-2", "RS.CO-4"], []),
    ("4.B", "RS", "Vulnerability Disclosure/Reporting",
     "Organizations more rapidly learn about vulnerabilities or weaknesses in their assets discovered by security researchers; researchers are more incentivized to responsibly share their findings.",
     "Can security researchers reach the security team to report vulnerabilities (e.g. a published email address)?",
     "Is a public, easily discoverable vulnerability disclosure method maintained, with valid submissions acknowledged and answered in a timely manner, validated weaknesses mitigated by severity, safe harbor for good-faith researchers and public acknowledgement of reporters?",
     3, "low", "high", ["RS.AN-5"], []),
    ("4.C", "RS", "Deploy Security.txt Files",
     "Allow security researchers to submit discovered weaknesses or vulnerabilities faster.",
     "Does the main public web domain have a security.txt file?",
     "Do all public-facing web domains have a security.txt file that conforms to the recommendations in RFC 9116?",
     1, "high", "low", ["RS.AN-5"], ["4.B"]),
    ("5.A", "RC", "Incident Planning and Preparedness",
     "Organizations are capable of safely and effectively recovering from a cybersecurity incident.",
     "Are there recovery procedures for at least the most critical systems?",
     "Does the organization develop, maintain, and execute plans to recover and restore to service the business- or mission-critical assets or systems that might be impacted by a cybersecurity incident?",
     2, "high", "medium", ["RC.RP-1", "PR.IP-9", "PR.IP-10"], ["2.R", "2.S"]),
]

# NOTE: cost/impact/complexity ratings above are CISA's CPG worksheet ratings as transcribed; see cost_basis.
CAPEX = {1: 10000, 2: 50000, 3: 200000}
OPEX = {1: 2000, 2: 10000, 3: 40000}
DURATION = {"low": 1, "medium": 3, "high": 6}
EFFORT = {"low": 10, "medium": 40, "high": 120}

COST_BASIS = (
    "Each control is one CPG goal. CISA's CPG worksheet rates every goal's cost ($, $$, $$$), impact (low, medium, "
    "high) and complexity (low, medium, high); cyberplan turns them into plan figures as follows: cost $ -> capex "
    "10,000 and opex 2,000 a year, $$ -> capex 50,000 and opex 10,000, $$$ -> capex 200,000 and opex 40,000; "
    "complexity low -> 1 month and 10 person-days, medium -> 3 months and 40 person-days, high -> 6 months and 120 "
    "person-days. The ratings themselves are kept in each control's tags (cpg-cost:, cpg-impact:, "
    "cpg-complexity:) and basis. Figures are indicative planning values in the plan's currency for a mid-sized "
    "organisation (scaled per entity by size_factor), not CISA estimates. The ratings were transcribed from a "
    "structured public copy of the CPG worksheet data; check them against CISA's CPG Checklist before relying on "
    "them.")

# CSF 1.1 subcategory -> CSF 2.0 subcategories, following NIST's CSF 1.1 -> 2.0 core transition notes (CSWP 29).
CSF11_TO_20 = {
    "ID.AM-1": ["ID.AM-01"], "ID.AM-2": ["ID.AM-02"], "ID.AM-3": ["ID.AM-03"], "ID.AM-4": ["ID.AM-04"],
    "ID.GV-1": ["GV.PO-01", "GV.PO-02"], "ID.GV-2": ["GV.RR-02"],
    "ID.RA-1": ["ID.RA-01"], "ID.RA-2": ["ID.RA-02"], "ID.RA-3": ["ID.RA-03"], "ID.RA-4": ["ID.RA-04"],
    "ID.RA-5": ["ID.RA-05"], "ID.RA-6": ["ID.RA-06"],
    "ID.SC-1": ["GV.SC-01"], "ID.SC-3": ["GV.SC-05"],
    "PR.AC-1": ["PR.AA-01", "PR.AA-05"], "PR.AC-3": ["PR.AA-05", "PR.IR-01"], "PR.AC-4": ["PR.AA-05"],
    "PR.AC-5": ["PR.IR-01"], "PR.AC-7": ["PR.AA-03"],
    "PR.AT-1": ["PR.AT-01"], "PR.AT-2": ["PR.AT-02"], "PR.AT-3": ["GV.SC-02"], "PR.AT-5": ["PR.AT-02"],
    "PR.DS-1": ["PR.DS-01"], "PR.DS-2": ["PR.DS-02"], "PR.DS-5": ["PR.DS-01", "PR.DS-02", "PR.DS-10"],
    "PR.IP-1": ["PR.PS-01"], "PR.IP-3": ["PR.PS-01"], "PR.IP-4": ["PR.DS-11"], "PR.IP-9": ["ID.IM-04"],
    "PR.IP-10": ["ID.IM-02", "ID.IM-04"], "PR.IP-11": ["GV.RR-04"], "PR.IP-12": ["ID.RA-01", "PR.PS-02"],
    "PR.PT-1": ["PR.PS-04"], "PR.PT-2": ["PR.DS-01", "PR.PS-01"], "PR.PT-4": ["PR.IR-01"],
    "DE.CM-1": ["DE.CM-01"], "DE.CM-7": ["DE.CM-01", "DE.CM-03", "DE.CM-06", "DE.CM-09"], "DE.CM-8": ["ID.RA-01"],
    "RS.MI-3": ["ID.RA-06"], "RS.AN-5": ["ID.RA-08"], "RS.CO-2": ["RS.CO-02"], "RS.CO-4": ["RS.CO-03"],
    "RC.RP-1": ["RC.RP-01"],
}


def dollars(n: int) -> str:
    return "$" * n


def framework() -> dict:
    children = {f: [] for f, _ in FUNCTIONS}
    for gid, fn, title, outcome, *_ in GOALS:
        children[fn].append({"id": gid, "title": title, "description": outcome})
    return {
        "id": "cisa-cpg",
        "title": "CISA Cross-Sector Cybersecurity Performance Goals (CPGs)",
        "version": "1.0.1",
        "publisher": "Cybersecurity and Infrastructure Security Agency (CISA), U.S. Department of Homeland Security",
        "source": "https://www.cisa.gov/cross-sector-cybersecurity-performance-goals",
        "licence": (
            "The goal ids, titles, outcomes, recommended actions, NIST CSF references and cost/impact/complexity "
            "ratings are from CISA's Cross-Sector Cybersecurity Performance Goals v1.0.1 (March 2023) and its "
            "checklist, a work of the United States Government that is not subject to copyright protection in the "
            "United States (public domain; 17 U.S.C. 105). Attribution (courtesy): Cybersecurity and Infrastructure "
            "Security Agency, Cross-Sector Cybersecurity Performance Goals, version 1.0.1, "
            "https://www.cisa.gov/cross-sector-cybersecurity-performance-goals. The levels, level-1 questions, "
            "rules and cost conversion are cyberplan's own and are not endorsed by CISA or DHS."),
        "description": (
            "The 38 goals of CPG 1.0.1 grouped by the NIST CSF functions CISA uses (Identify, Protect, Detect, "
            "Respond, Recover). Each goal is assessed as Not implemented, Partially implemented or Implemented: "
            "q1 asks for a first, partial step, q2 for CISA's full recommended action."),
        "cost_basis": COST_BASIS,
        "levels": [
            {"value": 0, "name": "Not implemented", "description": "The goal's practice is absent or not known."},
            {"value": 1, "name": "Partially implemented",
             "description": "A first step is in place (e.g. IT only, critical assets only, or not enforced)."},
            {"value": 2, "name": "Implemented",
             "description": "CISA's recommended action is in place across its scope (IT and OT)."},
        ],
        "outcomes": [{"id": f, "title": name, "children": children[f]} for f, name in FUNCTIONS],
    }


OPTIONS = ["no", "partially", "largely", "fully"]


def questions() -> list[dict]:
    out = []
    for gid, _fn, title, _o, q1, q2, *_ in GOALS:
        out.append({"id": f"{gid}.q1", "outcome": gid, "level": 1, "type": "choice", "options": OPTIONS, "text": q1,
                    "help": f"CPG {gid} {title}: a first step. 'largely' or 'fully' counts as partially implemented."})
        out.append({"id": f"{gid}.q2", "outcome": gid, "level": 2, "type": "choice", "options": OPTIONS, "text": q2,
                    "help": f"CPG {gid} {title}: CISA's recommended action. 'largely' or 'fully' counts as "
                            f"implemented (with q1 also met)."})
    return out


def controls() -> list[dict]:
    out = []
    for gid, _fn, title, _o, _q1, q2, cost, impact, cx, csf, req in GOALS:
        out.append({
            "id": f"CPG-{gid}", "title": f"Implement CPG {gid}: {title}",
            "description": q2.rstrip("?").replace("Is ", "Ensure ", 1).replace("Are ", "Ensure ", 1)
                              .replace("Do ", "Ensure ", 1).replace("Does ", "Ensure ", 1) + ".",
            "cost": {"capex": CAPEX[cost], "opex": OPEX[cost]},
            "effort": EFFORT[cx], "duration": DURATION[cx],
            "requires": [f"CPG-{r}" for r in req],
            "implements": {f"{gid}.q1": "fully", f"{gid}.q2": "fully"},
            "scope": "entity",
            "basis": (f"CISA CPG 1.0.1 goal {gid} ({title}); CISA worksheet rating: cost {dollars(cost)}, impact "
                      f"{impact.upper()}, complexity {cx.upper()}; NIST CSF 1.1 refs {', '.join(csf)}. Figures "
                      f"per cost_basis."),
            "tags": [f"cpg:{gid}", f"cpg-cost:{dollars(cost)}", f"cpg-impact:{impact}", f"cpg-complexity:{cx}"],
        })
    return out


def rules() -> list[dict]:
    out = []
    for gid, _fn, title, *_ in GOALS:
        slug = "cpg-" + gid.lower().replace(".", "")
        out.append({"id": f"{slug}-l1", "outcome": gid, "level": 1,
                    "description": f"{title}: a first step is largely or fully in place.",
                    "when": {"question": f"{gid}.q1", "gte": "largely"}})
        out.append({"id": f"{slug}-l2", "outcome": gid, "level": 2,
                    "description": f"{title}: CISA's recommended action is largely or fully in place.",
                    "when": {"question": f"{gid}.q2", "gte": "largely"}})
    out.append({"id": "cpg-ot-exposed-without-segmentation",
                "when": {"all": [{"outcome": "2.X", "lt": 1}, {"outcome": "2.F", "lt": 1}]},
                "finding": {"severity": "high",
                            "text": "OT may be reachable from the internet and is not segmented from IT (CPG 2.X and 2.F not started)"}})
    out.append({"id": "cpg-kev-not-patched-cni",
                "when": {"all": [{"entity": "sector", "in": ["energy", "water", "health", "transport", "telecoms"]},
                                 {"outcome": "1.E", "lt": 2}]},
                "finding": {"severity": "high",
                            "text": "Critical infrastructure operator without timely mitigation of known exploited vulnerabilities (CPG 1.E)"}})
    return out


def tests() -> list[dict]:
    out = []
    for gid in ("1.A", "2.H", "2.F", "5.A"):
        out += [
            {"name": f"{gid} not started is Not implemented",
             "answers": {f"{gid}.q1": "no", f"{gid}.q2": "no"}, "expect": {gid: 0}},
            {"name": f"{gid} first step only is Partially implemented",
             "answers": {f"{gid}.q1": "largely", f"{gid}.q2": "partially"}, "expect": {gid: 1}},
            {"name": f"{gid} recommended action in place is Implemented",
             "answers": {f"{gid}.q1": "fully", f"{gid}.q2": "largely"}, "expect": {gid: 2}},
        ]
    out.append({"name": "a full answer to q2 does not count while q1 is unmet",
                "answers": {"2.H.q1": "partially", "2.H.q2": "fully"}, "expect": {"2.H": 0}})
    out.append({"name": "unanswered goal is Not implemented", "answers": {}, "expect": {"1.B": 0}})
    out.append({"name": "exposed, unsegmented OT raises a finding",
                "answers": {"2.X.q1": "no", "2.F.q1": "partially"},
                "expect": {"2.X": 0, "2.F": 0}, "expect_findings": ["cpg-ot-exposed-without-segmentation"]})
    return out


ENTITIES = [
    ("watercoop", "Valley Water Cooperative (fictional)", "water", 4, 0.5, 0.35),
    ("powerco", "Eastern Power Generation (fictional)", "energy", 5, 2.0, 0.65),
    ("county", "Lakeside County Government (fictional)", "government", 3, 1.0, 0.5),
    ("hospital", "St Brigid Hospital (fictional)", "health", 4, 0.8, 0.45),
]


def answers() -> dict:
    rng = random.Random(2023)
    ents = []
    for eid, name, sector, crit, size, maturity in ENTITIES:
        ans = {}
        for gid, *_rest in GOALS:
            cx = _rest[-3]
            p = maturity - {"low": 0.0, "medium": 0.1, "high": 0.25}[cx]
            r1, r2 = rng.random(), rng.random()
            q1 = 3 if r1 < p else 2 if r1 < p + 0.2 else 1 if r1 < p + 0.35 else 0
            q2 = min(q1, 3 if r2 < p - 0.1 else 2 if r2 < p + 0.05 else 1 if r2 < p + 0.3 else 0)
            ans[f"{gid}.q1"] = OPTIONS[q1]
            ans[f"{gid}.q2"] = OPTIONS[q2]
        ents.append({"id": eid, "name": name, "sector": sector, "criticality": crit, "size_factor": size,
                     "answers": ans})
    return {"framework": "cisa-cpg", "ruleset": "cisa-cpg/default", "assessed": "2026-11-01",
            "title": "CPG self-assessment of four fictional US critical infrastructure organisations (example)",
            "entities": ents}


def mappings() -> dict:
    m, raw = {}, {}
    for gid, _fn, _t, _o, _q1, _q2, _c, _i, _x, csf, _r in GOALS:
        raw[gid] = csf
        seen: list[str] = []
        for ref in csf:
            for new in CSF11_TO_20[ref]:
                if new not in seen:
                    seen.append(new)
        m[gid] = seen
    return {
        "from": "cisa-cpg",
        "to": "nist-csf-2.0",
        "source": ("CISA Cross-Sector Cybersecurity Performance Goals v1.0.1 (March 2023): the NIST CSF subcategory "
                   "references CISA publishes for each goal (CSF v1.1 identifiers, kept verbatim in csf_1_1), "
                   "translated to CSF 2.0 identifiers by cyberplan following NIST's CSF 1.1 -> 2.0 transition of "
                   "the Core (NIST CSWP 29). The translation is ours, not CISA's; CPG 2.0 publishes CSF 2.0 "
                   "references directly."),
        "map": m,
        "csf_1_1": raw,
    }


def dump(path: Path, header: str, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    path.write_text(header + text, encoding="utf-8")


def main() -> None:
    gen = "# GENERATED by tools/gen_cpg.py - edit the data there, not this file.\n"
    dump(FW / "framework.yaml", "# CISA Cross-Sector Cybersecurity Performance Goals 1.0.1 (US Government work, public domain).\n" + gen,
         framework())
    dump(FW / "questions.yaml", "# CPG questionnaire: q1 (a first step, level 1) and q2 (CISA's recommended action, level 2) per goal.\n" + gen,
         {"questions": questions()})
    dump(FW / "controls.yaml", "# One control per CPG goal, costed from CISA's cost/impact/complexity ratings (see cost_basis).\n" + gen,
         {"controls": controls()})
    dump(FW / "mappings.yaml", "# CPG goal -> NIST CSF 2.0 subcategories (from CISA's published CSF references).\n" + gen,
         mappings())
    dump(RS / "default.yaml", "# CPG default ruleset.\n" + gen,
         {"id": "cisa-cpg/default", "framework": "cisa-cpg", "title": "CISA CPG - first step, then recommended action",
          "description": ("Level 1 (Partially implemented) of goal X holds when X.q1 is answered 'largely' or "
                          "'fully'; level 2 (Implemented) when X.q2 is too. Levels are cumulative. Two findings "
                          "flag exposed unsegmented OT and CNI operators without KEV patching."),
          "rules": rules(), "tests": tests()})
    dump(FW / "example" / "answers.yaml", "# Example CPG assessment (fictional organisations, seeded).\n" + gen, answers())


if __name__ == "__main__":
    main()
