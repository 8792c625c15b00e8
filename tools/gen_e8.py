"""Generate the ASD Essential Eight framework, default ruleset and example answers.

    .venv/bin/python tools/gen_e8.py

Writes frameworks/essential-eight/{framework,questions,controls}.yaml,
frameworks/essential-eight/example/answers.yaml and rulesets/essential-eight/default.yaml.
Edit the data here, not the generated files.

Requirement texts are ASD's (Essential Eight Maturity Model, November 2023, CC BY 4.0). Each
maturity level lists the requirements it introduces (the model restates lower-level requirements at
each level; a level here holds only when all lower levels hold, which has the same effect). Where a
higher level replaces a requirement with a stricter one (e.g. patch timeframes), both are asked: the
stricter one at the higher level.
"""
from __future__ import annotations

import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FW = ROOT / "frameworks" / "essential-eight"
RS = ROOT / "rulesets" / "essential-eight"

# The same text appears in several strategies at ML2/ML3 (logging and incident handling).
LOG_PROT = "Event logs are protected from unauthorised modification and deletion."
LOG_IFS = "Event logs from internet-facing servers are analysed in a timely manner to detect cybersecurity events."
EV_AN = "Cybersecurity events are analysed in a timely manner to identify cybersecurity incidents."
INC_CISO = ("Cybersecurity incidents are reported to the chief information security officer, or one of their "
            "delegates, as soon as possible after they occur or are discovered.")
INC_ASD = "Cybersecurity incidents are reported to ASD as soon as possible after they occur or are discovered."
IRP = "Following the identification of a cybersecurity incident, the cybersecurity incident response plan is enacted."
LOG_NIFS = ("Event logs from non-internet-facing servers are analysed in a timely manner to detect cybersecurity "
            "events.")
LOG_WS = "Event logs from workstations are analysed in a timely manner to detect cybersecurity events."
DISC = ("An automated method of asset discovery is used at least fortnightly to support the detection of assets "
        "for subsequent vulnerability scanning activities.")
SCAN_DB = "A vulnerability scanner with an up-to-date vulnerability database is used for vulnerability scanning activities."
OFFICE = ("office productivity suites, web browsers and their extensions, email clients, PDF software, and security "
          "products")

# (id, title, {level: [requirement, ...]})
STRATEGIES = [
    ("E8-AC", "Application control", {
        1: ["Application control is implemented on workstations.",
            "Application control is applied to user profiles and temporary folders used by operating systems, web "
            "browsers and email clients.",
            "Application control restricts the execution of executables, software libraries, scripts, installers, "
            "compiled HTML, HTML applications and control panel applets to an organisation-approved set."],
        2: ["Application control is implemented on internet-facing servers.",
            "Application control is applied to all locations other than user profiles and temporary folders used by "
            "operating systems, web browsers and email clients.",
            "Microsoft’s recommended application blocklist is implemented.",
            "Application control rulesets are validated on an annual or more frequent basis.",
            "Allowed and blocked application control events are centrally logged.",
            LOG_PROT, LOG_IFS, EV_AN, INC_CISO, INC_ASD, IRP],
        3: ["Application control is implemented on non-internet-facing servers.",
            "Application control restricts the execution of drivers to an organisation-approved set.",
            "Microsoft’s vulnerable driver blocklist is implemented.",
            LOG_NIFS, LOG_WS],
    }),
    ("E8-PA", "Patch applications", {
        1: [DISC, SCAN_DB,
            "A vulnerability scanner is used at least daily to identify missing patches or updates for "
            "vulnerabilities in online services.",
            f"A vulnerability scanner is used at least weekly to identify missing patches or updates for "
            f"vulnerabilities in {OFFICE}.",
            "Patches, updates or other vendor mitigations for vulnerabilities in online services are applied within "
            "48 hours of release when vulnerabilities are assessed as critical by vendors or when working exploits "
            "exist.",
            "Patches, updates or other vendor mitigations for vulnerabilities in online services are applied within "
            "two weeks of release when vulnerabilities are assessed as non-critical by vendors and no working "
            "exploits exist.",
            f"Patches, updates or other vendor mitigations for vulnerabilities in {OFFICE} are applied within two "
            f"weeks of release.",
            "Online services that are no longer supported by vendors are removed.",
            "Office productivity suites, web browsers and their extensions, email clients, PDF software, Adobe Flash "
            "Player, and security products that are no longer supported by vendors are removed."],
        2: [f"A vulnerability scanner is used at least fortnightly to identify missing patches or updates for "
            f"vulnerabilities in applications other than {OFFICE}.",
            f"Patches, updates or other vendor mitigations for vulnerabilities in applications other than {OFFICE} "
            f"are applied within one month of release."],
        3: [f"Patches, updates or other vendor mitigations for vulnerabilities in {OFFICE} are applied within 48 "
            f"hours of release when vulnerabilities are assessed as critical by vendors or when working exploits "
            f"exist.",
            f"Patches, updates or other vendor mitigations for vulnerabilities in {OFFICE} are applied within two "
            f"weeks of release when vulnerabilities are assessed as non-critical by vendors and no working exploits "
            f"exist.",
            "Applications other than office productivity suites, web browsers and their extensions, email clients, "
            "PDF software, Adobe Flash Player, and security products that are no longer supported by vendors are "
            "removed."],
    }),
    ("E8-MO", "Configure Microsoft Office macro settings", {
        1: ["Microsoft Office macros are disabled for users that do not have a demonstrated business requirement.",
            "Microsoft Office macros in files originating from the internet are blocked.",
            "Microsoft Office macro antivirus scanning is enabled.",
            "Microsoft Office macro security settings cannot be changed by users."],
        2: ["Microsoft Office macros are blocked from making Win32 API calls."],
        3: ["Only Microsoft Office macros running from within a sandboxed environment, a Trusted Location or that "
            "are digitally signed by a trusted publisher are allowed to execute.",
            "Microsoft Office macros are checked to ensure they are free of malicious code before being digitally "
            "signed or placed within Trusted Locations.",
            "Only privileged users responsible for checking that Microsoft Office macros are free of malicious code "
            "can write to and modify content within Trusted Locations.",
            "Microsoft Office macros digitally signed by an untrusted publisher cannot be enabled via the Message "
            "Bar or Backstage View.",
            "Microsoft Office macros digitally signed by signatures other than V3 signatures cannot be enabled via "
            "the Message Bar or Backstage View.",
            "Microsoft Office’s list of trusted publishers is validated on an annual or more frequent basis."],
    }),
    ("E8-UH", "User application hardening", {
        1: ["Internet Explorer 11 is disabled or removed.",
            "Web browsers do not process Java from the internet.",
            "Web browsers do not process web advertisements from the internet.",
            "Web browser security settings cannot be changed by users."],
        2: ["Web browsers are hardened using ASD and vendor hardening guidance, with the most restrictive guidance "
            "taking precedence when conflicts occur.",
            "Microsoft Office is blocked from creating child processes.",
            "Microsoft Office is blocked from creating executable content.",
            "Microsoft Office is blocked from injecting code into other processes.",
            "Microsoft Office is configured to prevent activation of Object Linking and Embedding packages.",
            "Office productivity suites are hardened using ASD and vendor hardening guidance, with the most "
            "restrictive guidance taking precedence when conflicts occur.",
            "Office productivity suite security settings cannot be changed by users.",
            "PDF software is blocked from creating child processes.",
            "PDF software is hardened using ASD and vendor hardening guidance, with the most restrictive guidance "
            "taking precedence when conflicts occur.",
            "PDF software security settings cannot be changed by users.",
            "PowerShell module logging, script block logging and transcription events are centrally logged.",
            "Command line process creation events are centrally logged.",
            LOG_PROT, LOG_IFS, EV_AN, INC_CISO, INC_ASD, IRP],
        3: [".NET Framework 3.5 (includes .NET 2.0 and 3.0) is disabled or removed.",
            "Windows PowerShell 2.0 is disabled or removed.",
            "PowerShell is configured to use Constrained Language Mode.",
            LOG_NIFS, LOG_WS],
    }),
    ("E8-RA", "Restrict administrative privileges", {
        1: ["Requests for privileged access to systems, applications and data repositories are validated when "
            "first requested.",
            "Privileged users are assigned a dedicated privileged user account to be used solely for duties "
            "requiring privileged access.",
            "Privileged user accounts (excluding those explicitly authorised to access online services) are "
            "prevented from accessing the internet, email and web services.",
            "Privileged user accounts explicitly authorised to access online services are strictly limited to only "
            "what is required for users and services to undertake their duties.",
            "Privileged users use separate privileged and unprivileged operating environments.",
            "Unprivileged user accounts cannot logon to privileged operating environments.",
            "Privileged user accounts (excluding local administrator accounts) cannot logon to unprivileged "
            "operating environments."],
        2: ["Privileged access to systems, applications and data repositories is disabled after 12 months unless "
            "revalidated.",
            "Privileged access to systems and applications is disabled after 45 days of inactivity.",
            "Privileged operating environments are not virtualised within unprivileged operating environments.",
            "Administrative activities are conducted through jump servers.",
            "Credentials for break glass accounts, local administrator accounts and service accounts are long, "
            "unique, unpredictable and managed.",
            "Privileged access events are centrally logged.",
            "Privileged user account and security group management events are centrally logged.",
            LOG_PROT, LOG_IFS, EV_AN, INC_CISO, INC_ASD, IRP],
        3: ["Privileged access to systems, applications and data repositories is limited to only what is required "
            "for users and services to undertake their duties.",
            "Secure Admin Workstations are used in the performance of administrative activities.",
            "Just-in-time administration is used for administering systems and applications.",
            "Memory integrity functionality is enabled.",
            "Local Security Authority protection functionality is enabled.",
            "Credential Guard functionality is enabled.",
            "Remote Credential Guard functionality is enabled.",
            LOG_NIFS, LOG_WS],
    }),
    ("E8-PO", "Patch operating systems", {
        1: [DISC, SCAN_DB,
            "A vulnerability scanner is used at least daily to identify missing patches or updates for "
            "vulnerabilities in operating systems of internet-facing servers and internet-facing network devices.",
            "A vulnerability scanner is used at least fortnightly to identify missing patches or updates for "
            "vulnerabilities in operating systems of workstations, non-internet-facing servers and "
            "non-internet-facing network devices.",
            "Patches, updates or other vendor mitigations for vulnerabilities in operating systems of "
            "internet-facing servers and internet-facing network devices are applied within 48 hours of release "
            "when vulnerabilities are assessed as critical by vendors or when working exploits exist.",
            "Patches, updates or other vendor mitigations for vulnerabilities in operating systems of "
            "internet-facing servers and internet-facing network devices are applied within two weeks of release "
            "when vulnerabilities are assessed as non-critical by vendors and no working exploits exist.",
            "Patches, updates or other vendor mitigations for vulnerabilities in operating systems of workstations, "
            "non-internet-facing servers and non-internet-facing network devices are applied within one month of "
            "release.",
            "Operating systems that are no longer supported by vendors are replaced."],
        2: [],  # ML2 restates the ML1 requirements without adding any
        3: ["A vulnerability scanner is used at least fortnightly to identify missing patches or updates for "
            "vulnerabilities in drivers.",
            "A vulnerability scanner is used at least fortnightly to identify missing patches or updates for "
            "vulnerabilities in firmware.",
            "Patches, updates or other vendor mitigations for vulnerabilities in operating systems of workstations, "
            "non-internet-facing servers and non-internet-facing network devices are applied within 48 hours of "
            "release when vulnerabilities are assessed as critical by vendors or when working exploits exist.",
            "Patches, updates or other vendor mitigations for vulnerabilities in operating systems of workstations, "
            "non-internet-facing servers and non-internet-facing network devices are applied within one month of "
            "release when vulnerabilities are assessed as non-critical by vendors and no working exploits exist.",
            "Patches, updates or other vendor mitigations for vulnerabilities in drivers are applied within 48 hours "
            "of release when vulnerabilities are assessed as critical by vendors or when working exploits exist.",
            "Patches, updates or other vendor mitigations for vulnerabilities in drivers are applied within one "
            "month of release when vulnerabilities are assessed as non-critical by vendors and no working exploits "
            "exist.",
            "Patches, updates or other vendor mitigations for vulnerabilities in firmware are applied within 48 "
            "hours of release when vulnerabilities are assessed as critical by vendors or when working exploits "
            "exist.",
            "Patches, updates or other vendor mitigations for vulnerabilities in firmware are applied within one "
            "month of release when vulnerabilities are assessed as non-critical by vendors and no working exploits "
            "exist.",
            "The latest release, or the previous release, of operating systems are used."],
    }),
    ("E8-MFA", "Multi-factor authentication", {
        1: ["Multi-factor authentication is used to authenticate users to their organisation’s online services that "
            "process, store or communicate their organisation’s sensitive data.",
            "Multi-factor authentication is used to authenticate users to third-party online services that process, "
            "store or communicate their organisation’s sensitive data.",
            "Multi-factor authentication (where available) is used to authenticate users to third-party online "
            "services that process, store or communicate their organisation’s non-sensitive data.",
            "Multi-factor authentication is used to authenticate users to their organisation’s online customer "
            "services that process, store or communicate their organisation’s sensitive customer data.",
            "Multi-factor authentication is used to authenticate users to third-party online customer services that "
            "process, store or communicate their organisation’s sensitive customer data.",
            "Multi-factor authentication is used to authenticate customers to online customer services that "
            "process, store or communicate sensitive customer data.",
            "Multi-factor authentication uses either: something users have and something users know, or something "
            "users have that is unlocked by something users know or are."],
        2: ["Multi-factor authentication is used to authenticate privileged users of systems.",
            "Multi-factor authentication is used to authenticate unprivileged users of systems.",
            "Multi-factor authentication used for authenticating users of online services is phishing-resistant.",
            "Multi-factor authentication used for authenticating customers of online customer services provides a "
            "phishing-resistant option.",
            "Multi-factor authentication used for authenticating users of systems is phishing-resistant.",
            "Successful and unsuccessful multi-factor authentication events are centrally logged.",
            LOG_PROT, LOG_IFS, EV_AN, INC_CISO, INC_ASD, IRP],
        3: ["Multi-factor authentication is used to authenticate users of data repositories.",
            "Multi-factor authentication used for authenticating customers of online customer services is "
            "phishing-resistant.",
            "Multi-factor authentication used for authenticating users of data repositories is phishing-resistant.",
            LOG_NIFS, LOG_WS],
    }),
    ("E8-RB", "Regular backups", {
        1: ["Backups of data, applications and settings are performed and retained in accordance with business "
            "criticality and business continuity requirements.",
            "Backups of data, applications and settings are synchronised to enable restoration to a common point in "
            "time.",
            "Backups of data, applications and settings are retained in a secure and resilient manner.",
            "Restoration of data, applications and settings from backups to a common point in time is tested as part "
            "of disaster recovery exercises.",
            "Unprivileged user accounts cannot access backups belonging to other user accounts.",
            "Unprivileged user accounts are prevented from modifying and deleting backups."],
        2: ["Privileged user accounts (excluding backup administrator accounts) cannot access backups belonging to "
            "other user accounts.",
            "Privileged user accounts (excluding backup administrator accounts) are prevented from modifying and "
            "deleting backups."],
        3: ["Unprivileged user accounts cannot access their own backups.",
            "Privileged user accounts (excluding backup administrator accounts) cannot access their own backups.",
            "Backup administrator accounts are prevented from modifying and deleting backups during their retention "
            "period."],
    }),
]

STRATEGY_DESC = {
    "E8-AC": "Prevent execution of unapproved or malicious programs, including drivers, on workstations and servers.",
    "E8-PA": "Find and patch security vulnerabilities in applications quickly; remove unsupported applications.",
    "E8-MO": "Block Microsoft Office macros from the internet and allow only vetted macros.",
    "E8-UH": "Harden web browsers, Microsoft Office and PDF software; log PowerShell and command-line activity.",
    "E8-RA": "Limit, separate and monitor privileged access.",
    "E8-PO": "Find and patch security vulnerabilities in operating systems, drivers and firmware; replace unsupported operating systems.",
    "E8-MFA": "Use (phishing-resistant) multi-factor authentication for online services, systems and data repositories.",
    "E8-RB": "Back up data, applications and settings, test restoration, and protect backups from modification and deletion.",
}

LEVEL_NAME = {1: "Maturity Level One", 2: "Maturity Level Two", 3: "Maturity Level Three"}


def qid(sid: str, level: int, n: int) -> str:
    return f"{sid}.ml{level}.r{n}"


def questions() -> list[dict]:
    out = []
    for sid, title, levels in STRATEGIES:
        for level, reqs in levels.items():
            for n, text in enumerate(reqs, 1):
                out.append({"id": qid(sid, level, n), "outcome": sid, "type": "boolean", "level": level,
                            "text": text,
                            "help": f"{title}, {LEVEL_NAME[level]} requirement {n} (ASD Essential Eight Maturity "
                                    f"Model, November 2023). Answer true only if it holds for every system in scope."})
    return out


def find(sid: str, text: str, level: int | None = None) -> list[str]:
    """Question ids of strategy `sid` whose requirement text is `text` (optionally at one level)."""
    for s, _t, levels in STRATEGIES:
        if s == sid:
            return [qid(sid, lv, n) for lv, reqs in levels.items() for n, r in enumerate(reqs, 1)
                    if r == text and (level is None or lv == level)]
    raise KeyError(sid)


def reqs(sid: str, level: int, *numbers: int) -> list[str]:
    for s, _t, levels in STRATEGIES:
        if s == sid:
            n_max = len(levels[level])
            for n in numbers:
                assert 1 <= n <= n_max, (sid, level, n)
            return [qid(sid, level, n) for n in numbers]
    raise KeyError(sid)


LOGGED = ["E8-AC", "E8-UH", "E8-RA", "E8-MFA"]  # strategies whose ML2/ML3 include the logging/incident set

# (id, title, description, capex, opex, effort, duration, requires, implements(list of qids), basis)
CONTROLS = [
    ("E8-VM-01", "Automated asset discovery and vulnerability scanning service",
     "Deploy an authenticated vulnerability scanner with an automatically updated database and automated asset "
     "discovery (at least fortnightly); schedule daily scans of online services and internet-facing servers and "
     "network devices, weekly scans of office suites, browsers, email clients, PDF software and security products, "
     "and fortnightly scans of workstation and internal server operating systems.",
     60000, 25000, 40, 3, [],
     reqs("E8-PA", 1, 1, 2, 3, 4) + reqs("E8-PO", 1, 1, 2, 3, 4),
     "Patch applications ML1 r1-r4 and Patch operating systems ML1 r1-r4"),
    ("E8-PA-01", "Severity-based application patching process (48 hours / two weeks)",
     "Patch management tooling and a documented process that applies vendor patches or mitigations to online "
     "services within 48 hours when critical or exploited (two weeks otherwise) and to office suites, browsers and "
     "extensions, email clients, PDF software and security products within two weeks.",
     40000, 15000, 60, 3, ["E8-VM-01"], reqs("E8-PA", 1, 5, 6, 7),
     "Patch applications ML1 r5-r7"),
    ("E8-PA-02", "Remove unsupported online services and end-user applications",
     "Inventory vendor support dates; decommission or replace online services, office suites, browsers, email "
     "clients, PDF software, Adobe Flash Player and security products that are out of vendor support.",
     30000, 0, 40, 4, ["E8-VM-01"], reqs("E8-PA", 1, 8, 9),
     "Patch applications ML1 r8-r9"),
    ("E8-PA-03", "Extend scanning and patching to all other applications (fortnightly / one month)",
     "Add all remaining applications (line-of-business, server and specialist software) to fortnightly vulnerability "
     "scanning and to a patching cycle that applies fixes within one month of release.",
     35000, 15000, 60, 4, ["E8-PA-01"], reqs("E8-PA", 2, 1, 2),
     "Patch applications ML2 r1-r2"),
    ("E8-PA-04", "Accelerated patching of end-user applications and removal of other unsupported applications",
     "Automate emergency deployment so that critical or exploited vulnerabilities in office suites, browsers, email "
     "clients, PDF software and security products are fixed within 48 hours (two weeks otherwise), and remove every "
     "other application that is out of vendor support.",
     50000, 20000, 80, 6, ["E8-PA-03", "E8-PA-02"], reqs("E8-PA", 3, 1, 2, 3),
     "Patch applications ML3 r1-r3"),
    ("E8-PO-01", "Severity-based operating system patching process",
     "Apply operating system patches or mitigations for internet-facing servers and network devices within 48 hours "
     "when critical or exploited (two weeks otherwise), and for workstations and internal servers and network "
     "devices within one month.",
     40000, 15000, 60, 3, ["E8-VM-01"], reqs("E8-PO", 1, 5, 6, 7),
     "Patch operating systems ML1 r5-r7 (restated unchanged at ML2)"),
    ("E8-PO-02", "Replace unsupported operating systems",
     "Replace or upgrade every operating system that is out of vendor support (hardware refresh where needed).",
     120000, 0, 80, 6, ["E8-VM-01"], reqs("E8-PO", 1, 8),
     "Patch operating systems ML1 r8 (restated at ML2)"),
    ("E8-PO-03", "Driver and firmware vulnerability scanning and patching",
     "Scan drivers and firmware at least fortnightly and apply fixes within 48 hours when critical or exploited, "
     "otherwise within one month (vendor tooling for BIOS/UEFI, NIC and storage firmware).",
     60000, 20000, 70, 6, ["E8-PO-01"], reqs("E8-PO", 3, 1, 2, 5, 6, 7, 8),
     "Patch operating systems ML3 r1, r2, r5-r8"),
    ("E8-PO-04", "Accelerated workstation and server OS patching; current OS releases only",
     "Apply critical or exploited OS fixes on workstations and internal servers within 48 hours (one month "
     "otherwise) and keep every operating system on its latest or previous release.",
     80000, 20000, 90, 6, ["E8-PO-01", "E8-PO-02"], reqs("E8-PO", 3, 3, 4, 9),
     "Patch operating systems ML3 r3, r4, r9"),
    ("E8-AC-01", "Application control on workstations",
     "Deploy application control (e.g. WDAC or AppLocker) on all workstations, covering user profiles and temporary "
     "folders, and restricting executables, libraries, scripts, installers, compiled HTML, HTML applications and "
     "control panel applets to an approved set.",
     50000, 15000, 80, 4, [], reqs("E8-AC", 1, 1, 2, 3),
     "Application control ML1 r1-r3"),
    ("E8-AC-02", "Application control on internet-facing servers and all locations, with blocklist and annual validation",
     "Extend application control to internet-facing servers and to all file-system locations, implement Microsoft's "
     "recommended application blocklist and validate the rulesets at least annually.",
     40000, 15000, 70, 4, ["E8-AC-01"], reqs("E8-AC", 2, 1, 2, 3, 4),
     "Application control ML2 r1-r4"),
    ("E8-AC-03", "Application control on internal servers and for drivers",
     "Extend application control to non-internet-facing servers, restrict drivers to an approved set and implement "
     "Microsoft's vulnerable driver blocklist.",
     40000, 15000, 70, 6, ["E8-AC-02"], reqs("E8-AC", 3, 1, 2, 3),
     "Application control ML3 r1-r3"),
    ("E8-MO-01", "Microsoft Office macro lockdown policy",
     "Group Policy/Intune settings that disable macros for users without a demonstrated business need, block macros "
     "in files from the internet, enable macro antivirus (AMSI) scanning and stop users changing macro settings.",
     10000, 2000, 20, 2, [], reqs("E8-MO", 1, 1, 2, 3, 4),
     "Configure Microsoft Office macro settings ML1 r1-r4"),
    ("E8-MO-02", "Block Win32 API calls from Office macros",
     "Enable the attack surface reduction rule that blocks Win32 API calls from Office macros, after testing "
     "business macros.",
     5000, 1000, 10, 1, ["E8-MO-01"], reqs("E8-MO", 2, 1),
     "Configure Microsoft Office macro settings ML2 r1"),
    ("E8-MO-03", "Trusted macro programme: vetting, signing and Trusted Locations",
     "Allow only macros that run sandboxed, from Trusted Locations or signed (V3) by a trusted publisher; vet macros "
     "before signing or placement; restrict write access to Trusted Locations to the vetting team; block enabling of "
     "untrusted or non-V3 signed macros; validate the trusted publisher list annually.",
     30000, 10000, 50, 4, ["E8-MO-02"], reqs("E8-MO", 3, 1, 2, 3, 4, 5, 6),
     "Configure Microsoft Office macro settings ML3 r1-r6"),
    ("E8-UH-01", "Web browser hardening baseline",
     "Disable or remove Internet Explorer 11, stop browsers processing Java and web advertisements from the internet "
     "and lock browser security settings.",
     10000, 3000, 20, 2, [], reqs("E8-UH", 1, 1, 2, 3, 4),
     "User application hardening ML1 r1-r4"),
    ("E8-UH-02", "Harden browsers, Microsoft Office and PDF software per ASD and vendor guidance",
     "Apply ASD and vendor hardening guidance to browsers, Office and PDF software; block Office from creating child "
     "processes, executable content and code injection and from activating OLE packages; block PDF software child "
     "processes; lock Office and PDF security settings.",
     35000, 8000, 60, 4, ["E8-UH-01"], reqs("E8-UH", 2, *range(1, 11)),
     "User application hardening ML2 r1-r10"),
    ("E8-UH-03", "PowerShell and command-line logging to the central log platform",
     "Enable PowerShell module logging, script block logging and transcription and command-line process creation "
     "auditing, and forward the events to the central log platform.",
     10000, 5000, 20, 2, ["E8-LOG-01"], reqs("E8-UH", 2, 11, 12),
     "User application hardening ML2 r11-r12"),
    ("E8-UH-04", "Remove legacy frameworks and constrain PowerShell",
     "Disable or remove .NET Framework 3.5 and Windows PowerShell 2.0 and enforce PowerShell Constrained Language "
     "Mode for users.",
     25000, 5000, 50, 4, ["E8-UH-02"], reqs("E8-UH", 3, 1, 2, 3),
     "User application hardening ML3 r1-r3"),
    ("E8-RA-01", "Privileged access request validation and dedicated privileged accounts",
     "Validate every privileged access request; issue dedicated privileged accounts used only for privileged "
     "duties; block them from internet, email and web services except where explicitly authorised and then only "
     "for what is required.",
     20000, 5000, 40, 3, [], reqs("E8-RA", 1, 1, 2, 3, 4),
     "Restrict administrative privileges ML1 r1-r4"),
    ("E8-RA-02", "Separate privileged and unprivileged operating environments",
     "Provide separate privileged operating environments and enforce logon restrictions so unprivileged accounts "
     "cannot log on to them and privileged accounts (other than local administrators) cannot log on to "
     "unprivileged ones.",
     40000, 8000, 60, 4, ["E8-RA-01"], reqs("E8-RA", 1, 5, 6, 7),
     "Restrict administrative privileges ML1 r5-r7"),
    ("E8-RA-03", "Privileged access lifecycle: annual revalidation and 45-day inactivity disablement",
     "Automate disabling privileged access after 12 months unless revalidated and after 45 days of inactivity.",
     15000, 5000, 30, 3, ["E8-RA-01"], reqs("E8-RA", 2, 1, 2),
     "Restrict administrative privileges ML2 r1-r2"),
    ("E8-RA-04", "Jump servers for administration; no virtualised privileged environments",
     "Deploy hardened jump servers for all administrative activity and ensure privileged operating environments "
     "are not virtualised within unprivileged ones.",
     60000, 15000, 60, 4, ["E8-RA-02"], reqs("E8-RA", 2, 3, 4),
     "Restrict administrative privileges ML2 r3-r4"),
    ("E8-RA-05", "Managed credentials for break glass, local administrator and service accounts",
     "Deploy a credential vault / LAPS so break glass, local administrator and service account credentials are "
     "long, unique, unpredictable and managed.",
     30000, 10000, 40, 3, ["E8-RA-01"], reqs("E8-RA", 2, 5),
     "Restrict administrative privileges ML2 r5"),
    ("E8-RA-06", "Secure Admin Workstations, just-in-time administration and least privilege",
     "Issue Secure Admin Workstations, introduce just-in-time administration (PAM/PIM) and cut privileged access to "
     "only what users and services need.",
     120000, 30000, 100, 6, ["E8-RA-04", "E8-RA-03"], reqs("E8-RA", 3, 1, 2, 3),
     "Restrict administrative privileges ML3 r1-r3"),
    ("E8-RA-07", "Enable memory integrity, LSA protection and (Remote) Credential Guard",
     "Enable virtualisation-based security features: memory integrity (HVCI), Local Security Authority protection, "
     "Credential Guard and Remote Credential Guard, after compatibility testing.",
     20000, 3000, 40, 3, ["E8-RA-02"], reqs("E8-RA", 3, 4, 5, 6, 7),
     "Restrict administrative privileges ML3 r4-r7"),
    ("E8-MFA-01", "Multi-factor authentication for online services",
     "Enforce MFA (something users have plus something they know or are) for users of the organisation's and "
     "third-party online services holding sensitive or customer data, for third-party services with non-sensitive "
     "data where available, and for customers of online customer services with sensitive data.",
     40000, 20000, 50, 3, [], reqs("E8-MFA", 1, *range(1, 8)),
     "Multi-factor authentication ML1 r1-r7"),
    ("E8-MFA-02", "Multi-factor authentication for users of systems",
     "Extend MFA to privileged and unprivileged users of systems (workstation and server logon, remote access).",
     50000, 20000, 50, 4, ["E8-MFA-01"], reqs("E8-MFA", 2, 1, 2),
     "Multi-factor authentication ML2 r1-r2"),
    ("E8-MFA-03", "Phishing-resistant MFA (FIDO2 / Windows Hello for Business / smart cards)",
     "Replace SMS, voice and OTP methods with phishing-resistant authenticators for users of online services and "
     "systems, and offer customers a phishing-resistant option.",
     90000, 20000, 70, 6, ["E8-MFA-02"], reqs("E8-MFA", 2, 3, 4, 5),
     "Multi-factor authentication ML2 r3-r5"),
    ("E8-MFA-04", "Phishing-resistant MFA for data repositories and customers",
     "Require phishing-resistant MFA for users of data repositories and for customers of online customer services.",
     50000, 15000, 50, 4, ["E8-MFA-03"], reqs("E8-MFA", 3, 1, 2, 3),
     "Multi-factor authentication ML3 r1-r3"),
    ("E8-RB-01", "Backup regime aligned to business continuity requirements",
     "Back up data, applications and settings per business criticality, synchronised to a common point in time, "
     "and retained in a secure and resilient manner (e.g. offline or immutable copy).",
     60000, 20000, 40, 3, [], reqs("E8-RB", 1, 1, 2, 3),
     "Regular backups ML1 r1-r3"),
    ("E8-RB-02", "Restoration testing in disaster recovery exercises",
     "Test restoration of data, applications and settings to a common point in time as part of DR exercises.",
     10000, 8000, 30, 2, ["E8-RB-01"], reqs("E8-RB", 1, 4),
     "Regular backups ML1 r4"),
    ("E8-RB-03", "Backup access controls for unprivileged accounts",
     "Prevent unprivileged accounts from accessing other users' backups and from modifying or deleting backups.",
     10000, 2000, 15, 2, ["E8-RB-01"], reqs("E8-RB", 1, 5, 6),
     "Regular backups ML1 r5-r6"),
    ("E8-RB-04", "Backup access controls for privileged accounts",
     "Restrict privileged accounts other than backup administrators from accessing other users' backups and from "
     "modifying or deleting backups.",
     15000, 3000, 20, 2, ["E8-RB-03"], reqs("E8-RB", 2, 1, 2),
     "Regular backups ML2 r1-r2"),
    ("E8-RB-05", "Immutable backups and no self-service access to backups",
     "Stop users and non-backup privileged accounts accessing even their own backups and make backups immutable "
     "to backup administrators during the retention period.",
     40000, 10000, 30, 3, ["E8-RB-04"], reqs("E8-RB", 3, 1, 2, 3),
     "Regular backups ML3 r1-r3"),
    ("E8-LOG-01", "Central event log platform with tamper protection",
     "Deploy a SIEM / central log store; forward application control allow/block events, privileged access and "
     "account/group management events and MFA success/failure events; protect logs from unauthorised modification "
     "and deletion.",
     90000, 40000, 60, 4, [],
     reqs("E8-AC", 2, 5) + reqs("E8-RA", 2, 6, 7) + reqs("E8-MFA", 2, 6)
     + [q for s in LOGGED for q in find(s, LOG_PROT)],
     "The central logging requirements of Application control, User application hardening, Restrict "
     "administrative privileges and Multi-factor authentication at ML2"),
    ("E8-LOG-02", "Timely analysis of internet-facing server logs and of cybersecurity events",
     "Stand up (or contract) security monitoring that analyses event logs from internet-facing servers and triages "
     "cybersecurity events in a timely manner to identify incidents.",
     50000, 120000, 60, 4, ["E8-LOG-01"],
     [q for s in LOGGED for t in (LOG_IFS, EV_AN) for q in find(s, t)],
     "The event analysis requirements of the four strategies with logging at ML2"),
    ("E8-IR-01", "Incident reporting and response plan enactment",
     "Document and exercise a cybersecurity incident response plan; report incidents to the CISO (or delegate) and "
     "to ASD as soon as possible and enact the plan when an incident is identified.",
     15000, 5000, 30, 2, ["E8-LOG-02"],
     [q for s in LOGGED for t in (INC_CISO, INC_ASD, IRP) for q in find(s, t)],
     "The incident reporting and response requirements of the four strategies with logging at ML2"),
    ("E8-LOG-03", "Timely analysis of workstation and internal server logs",
     "Extend log collection and timely analysis to all workstations and non-internet-facing servers (EDR telemetry "
     "plus SIEM use cases).",
     80000, 100000, 80, 6, ["E8-LOG-02"],
     [q for s in LOGGED for t in (LOG_NIFS, LOG_WS) for q in find(s, t)],
     "The event analysis requirements of the four strategies with logging at ML3"),
]


def controls() -> list[dict]:
    out = []
    for cid, title, desc, capex, opex, effort, dur, req, impl, basis in CONTROLS:
        strategies = sorted({q.split(".")[0] for q in impl})
        levels = sorted({int(q.split(".")[1][2:]) for q in impl})
        out.append({
            "id": cid, "title": title, "description": desc,
            "cost": {"capex": capex, "opex": opex}, "effort": effort, "duration": dur,
            "requires": req, "implements": {q: True for q in impl}, "scope": "entity",
            "basis": f"ASD Essential Eight Maturity Model (Nov 2023): {basis}. Cost, effort and duration are "
                     f"cyberplan planning estimates for an organisation of about 1,000 staff (scaled per entity by "
                     f"size_factor), not ASD figures.",
            "tags": [f"essential-eight:{s}" for s in strategies] + [f"ml{lv}" for lv in levels],
        })
    return out


def rules() -> list[dict]:
    out = []
    for sid, title, levels in STRATEGIES:
        for level in (1, 2, 3):
            ids = [qid(sid, level, n) for n in range(1, len(levels[level]) + 1)]
            desc = f"{title} {LEVEL_NAME[level]}: every ML{level} requirement is met."
            if not ids:  # ML2 adds nothing: it holds on the (restated) ML1 requirements
                ids = [qid(sid, 1, n) for n in range(1, len(levels[1]) + 1)]
                desc = (f"{title} {LEVEL_NAME[level]}: the model adds no requirement at this level, so it holds "
                        f"when the restated ML1 requirements are met.")
            out.append({"id": f"{sid.lower()}-ml{level}", "outcome": sid, "level": level, "description": desc,
                        "when": {"all": [{"question": q, "eq": True} for q in ids]}})
    return out


def level_answers(sid: str, upto: int, value: bool = True) -> dict:
    for s, _t, levels in STRATEGIES:
        if s == sid:
            return {qid(sid, lv, n): value for lv in levels if lv <= upto for n in range(1, len(levels[lv]) + 1)}
    raise KeyError(sid)


def tests() -> list[dict]:
    out = []
    for sid in ("E8-AC", "E8-PA", "E8-MFA", "E8-RB", "E8-PO"):
        all_false = level_answers(sid, 3, False)
        out.append({"name": f"{sid} with no requirement met is Maturity Level Zero",
                    "answers": all_false, "expect": {sid: 0}})
        for k in (1, 2, 3):
            ans = dict(all_false)
            ans.update(level_answers(sid, k, True))
            if sid == "E8-PO" and k == 1:  # the model adds nothing at ML2 for this strategy
                out.append({"name": "E8-PO with every ML1 requirement met is Maturity Level 2 (ML2 restates ML1)",
                            "answers": ans, "expect": {sid: 2}})
                continue
            out.append({"name": f"{sid} with every ML1..ML{k} requirement met is Maturity Level {k}",
                        "answers": ans, "expect": {sid: k}})
    # gaps: ML2 and ML3 met but one ML1 requirement missing -> level 0
    ans = level_answers("E8-MFA", 3, True)
    ans["E8-MFA.ml1.r7"] = False
    out.append({"name": "MFA: strong ML2/ML3 controls do not count while an ML1 requirement is unmet",
                "answers": ans, "expect": {"E8-MFA": 0}})
    ans = level_answers("E8-AC", 3, True)
    ans["E8-AC.ml2.r11"] = False
    out.append({"name": "Application control: one unmet ML2 requirement caps the strategy at ML1",
                "answers": ans, "expect": {"E8-AC": 1}})
    ans = level_answers("E8-RB", 2, True)
    del ans["E8-RB.ml2.r2"]
    out.append({"name": "Regular backups: an unanswered ML2 requirement is not met",
                "answers": ans, "expect": {"E8-RB": 1}})
    return out


ENTITIES = [
    # id, name, sector, criticality, size_factor, {strategy: target level reached}, noise
    ("treasury", "Department of the Treasury (fictional)", "government", 4, 1.5,
     {"E8-AC": 2, "E8-PA": 2, "E8-MO": 3, "E8-UH": 1, "E8-RA": 2, "E8-PO": 2, "E8-MFA": 2, "E8-RB": 2}, 0.1),
    ("gridco", "Northern Grid Operator (fictional)", "energy", 5, 2.0,
     {"E8-AC": 1, "E8-PA": 1, "E8-MO": 1, "E8-UH": 1, "E8-RA": 1, "E8-PO": 0, "E8-MFA": 1, "E8-RB": 2}, 0.15),
    ("waterboard", "Coastal Water Board (fictional)", "water", 4, 0.6,
     {"E8-AC": 0, "E8-PA": 1, "E8-MO": 1, "E8-UH": 0, "E8-RA": 0, "E8-PO": 1, "E8-MFA": 0, "E8-RB": 1}, 0.2),
    ("health", "Regional Health Service (fictional)", "health", 3, 1.2,
     {"E8-AC": 1, "E8-PA": 2, "E8-MO": 2, "E8-UH": 1, "E8-RA": 1, "E8-PO": 1, "E8-MFA": 2, "E8-RB": 1}, 0.15),
]


def answers() -> dict:
    rng = random.Random(8)
    ents = []
    for eid, name, sector, crit, size, reached, noise in ENTITIES:
        ans: dict = {}
        for sid, _t, levels in STRATEGIES:
            for lv, reqs_ in levels.items():
                for n in range(1, len(reqs_) + 1):
                    if lv <= reached[sid]:
                        val = True
                    elif lv == reached[sid] + 1:
                        val = rng.random() < 0.6  # part of the next level in progress
                    else:
                        val = rng.random() < noise
                    ans[qid(sid, lv, n)] = val
        ents.append({"id": eid, "name": name, "sector": sector, "criticality": crit, "size_factor": size,
                     "answers": ans})
    return {"framework": "essential-eight", "ruleset": "essential-eight/default", "assessed": "2026-11-01",
            "title": "Essential Eight assessment of four fictional organisations (example)", "entities": ents}


FRAMEWORK_HEAD = {
    "id": "essential-eight",
    "title": "ASD Essential Eight Maturity Model",
    "version": "November 2023",
    "publisher": "Australian Signals Directorate (ASD), Australian Cyber Security Centre (ACSC)",
    "source": "https://www.cyber.gov.au/resources-business-and-government/essential-cyber-security/essential-eight/essential-eight-maturity-model",
    "licence": (
        "The requirement texts (question texts) and strategy names are from the Essential Eight Maturity Model "
        "(November 2023), (c) Commonwealth of Australia 2023, Australian Signals Directorate, licensed under the "
        "Creative Commons Attribution 4.0 International licence (CC BY 4.0, "
        "https://creativecommons.org/licenses/by/4.0/); the Commonwealth Coat of Arms and the ASD logo are "
        "excluded from that licence and are not reproduced. Attribution: Australian Signals Directorate, "
        "Essential Eight Maturity Model, November 2023. Changes: requirements are split into one question each "
        "and listed at the level that introduces them. The levels' rules, the controls (implementation actions) "
        "and their cost estimates are cyberplan's own and are not endorsed by ASD."),
    "description": (
        "The eight mitigation strategies of ASD's Essential Eight, each assessed on Maturity Levels Zero to Three. "
        "Each question is one requirement of the November 2023 maturity model, asked at the level that "
        "introduces it; a strategy is at Maturity Level k when every requirement of levels 1..k is met."),
    "levels": [
        {"value": 0, "name": "Maturity Level Zero",
         "description": "Weaknesses in the organisation's overall cyber security posture; the ML1 requirements of the strategy are not all met."},
        {"value": 1, "name": "Maturity Level One",
         "description": "Aims to mitigate adversaries using commodity tradecraft that is widely available; all ML1 requirements met."},
        {"value": 2, "name": "Maturity Level Two",
         "description": "Aims to mitigate adversaries operating with a modest step-up in capability; all ML1 and ML2 requirements met."},
        {"value": 3, "name": "Maturity Level Three",
         "description": "Aims to mitigate adversaries who are more adaptive and less reliant on public tools; all requirements met."},
    ],
    "outcomes": [{"id": "E8", "title": "Essential Eight",
                  "description": "ASD's eight essential mitigation strategies.",
                  "children": [{"id": sid, "title": title, "description": STRATEGY_DESC[sid]}
                               for sid, title, _l in STRATEGIES]}],
}


def dump(path: Path, header: str, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    path.write_text(header + text, encoding="utf-8")


def main() -> None:
    gen = "# GENERATED by tools/gen_e8.py - edit the data there, not this file.\n"
    dump(FW / "framework.yaml", "# ASD Essential Eight Maturity Model (November 2023), CC BY 4.0 - see `licence`.\n" + gen,
         FRAMEWORK_HEAD)
    dump(FW / "questions.yaml", "# Essential Eight questionnaire: one boolean question per maturity-model requirement.\n"
         "# Requirement texts (c) Commonwealth of Australia 2023 (ASD), CC BY 4.0.\n" + gen, {"questions": questions()})
    dump(FW / "controls.yaml", "# Essential Eight implementation actions (cyberplan's own; costs are estimates).\n" + gen,
         {"controls": controls()})
    dump(RS / "default.yaml", "# Essential Eight default ruleset: ML k of a strategy holds when all its ML k requirements hold.\n" + gen,
         {"id": "essential-eight/default", "framework": "essential-eight",
          "title": "Essential Eight - all requirements of a maturity level",
          "description": ("One rule per strategy and maturity level: level k holds when every requirement the model "
                          "introduces at level k is met (true). Levels are cumulative, so ML2 also needs every ML1 "
                          "requirement. Unanswered requirements are not met."),
          "rules": rules(), "tests": tests()})
    dump(FW / "example" / "answers.yaml", "# Example Essential Eight assessment (fictional organisations, seeded).\n" + gen,
         answers())


if __name__ == "__main__":
    main()
