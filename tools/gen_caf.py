"""Generate the NCSC Cyber Assessment Framework (CAF) v3.2 framework, default ruleset and example answers.

    .venv/bin/python tools/gen_caf.py

Objective, principle and contributing-outcome ids, titles and descriptions and the indicators of good
practice (IGPs) are NCSC's (CAF v3.2, Open Government Licence v3.0). Questions: for each contributing
outcome, the 'Partially achieved' IGPs evidence level 1 and the 'Achieved' IGPs level 2. Where NCSC defines no
'Partially achieved' column, level 1 is evidenced by the absence of the 'Not achieved' IGPs (each restated
positively, marked as such in the question's help). An 'Achieved' IGP identical to a 'Partially achieved' one
is asked once, at level 1. Some long IGPs are lightly shortened.
"""
from __future__ import annotations

import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FW = ROOT / "frameworks" / "ncsc-caf"
RS = ROOT / "rulesets" / "ncsc-caf"

OPTIONS = ["no", "partially", "largely", "fully"]
NA = "na"  # marker: level-1 question restates a 'Not achieved' IGP positively

# Objectives and principles: (id, title, description)
OBJECTIVES = [
    ("A", "Managing security risk",
     "Appropriate organisational structures, policies, processes and procedures in place to understand, assess and "
     "systematically manage security risks to the network and information systems supporting essential functions."),
    ("B", "Protecting against cyber attack",
     "Proportionate security measures are in place to protect the network and information systems supporting "
     "essential functions from cyber attack."),
    ("C", "Detecting cyber security events",
     "Capabilities exist to ensure security defences remain effective and to detect cyber security events "
     "affecting, or with the potential to affect, essential function(s)."),
    ("D", "Minimising the impact of cyber security incidents",
     "Capabilities exist to minimise the adverse impact of a cyber security incident on the operation of essential "
     "functions, including the restoration of those function(s) where necessary."),
]
PRINCIPLES = [
    ("A1", "Governance", "The organisation has appropriate management policies, processes and procedures in place to govern its approach to the security of network and information systems."),
    ("A2", "Risk Management", "The organisation takes appropriate steps to identify, assess and understand security risks to the network and information systems supporting the operation of essential functions. This includes an overall organisational approach to risk management."),
    ("A3", "Asset Management", "Everything required to deliver, maintain or support network and information systems necessary for the operation of essential functions is determined and understood. This includes data, people and systems, as well as any supporting infrastructure (such as power or cooling)."),
    ("A4", "Supply Chain", "The organisation understands and manages security risks to network and information systems supporting the operation of essential functions that arise as a result of dependencies on external suppliers. This includes ensuring that appropriate measures are employed where third party services are used."),
    ("B1", "Service Protection Policies, Processes and Procedures", "The organisation defines, implements, communicates and enforces appropriate policies, processes and procedures that direct its overall approach to securing systems and data that support operation of essential functions."),
    ("B2", "Identity and Access Control", "The organisation understands, documents and manages access to network and information systems supporting the operation of essential functions. Users (or automated functions) that can access data or systems are appropriately verified, authenticated and authorised."),
    ("B3", "Data Security", "Data stored or transmitted electronically is protected from actions such as unauthorised access, modification, or deletion that may cause an adverse impact on essential functions. Such protection extends to the means by which authorised users, devices and systems access critical data necessary for the operation of essential functions. It also covers information that would assist an attacker, such as design details of network and information systems."),
    ("B4", "System Security", "Network and information systems and technology critical for the operation of essential functions are protected from cyber attack. An organisational understanding of risk to essential functions informs the use of robust and reliable protective security measures to effectively limit opportunities for attackers to compromise networks and systems."),
    ("B5", "Resilient Networks and Systems", "The organisation builds resilience against cyber attack and system failure into the design, implementation, operation and management of systems that support the operation of essential functions."),
    ("B6", "Staff Awareness and Training", "Staff have appropriate awareness, knowledge and skills to carry out their organisational roles effectively in relation to the security of network and information systems supporting the operation of essential functions."),
    ("C1", "Security Monitoring", "The organisation monitors the security status of the network and information systems supporting the operation of essential functions in order to detect potential security problems and to track the ongoing effectiveness of protective security measures."),
    ("C2", "Proactive Security Event Discovery", "The organisation detects, within network and information systems, malicious activity affecting, or with the potential to affect, the operation of essential functions even when the activity evades standard signature based security prevent/detect solutions (or when standard solutions are not deployable)."),
    ("D1", "Response and Recovery Planning", "There are well-defined and tested incident management processes in place, that aim to ensure continuity of essential function(s) in the event of system or service failure. Mitigation activities designed to contain or limit the impact of compromise are also in place."),
    ("D2", "Lessons Learned", "When an incident occurs, steps are taken to understand its root causes and to ensure appropriate remediating action is taken to protect against future incidents."),
]

# Contributing outcomes:
# (id, title, description, cost class, establish-control title, achieve-control title, level-1 IGPs, level-2 IGPs)
# A level-1 entry (NA, text) restates a Not-achieved IGP positively (outcomes without a Partially-achieved column).
COS = [
    ("A1.a", "Board Direction", "You have effective organisational security management led at board level and articulated clearly in corresponding policies.", "S",
     "Put network and information security on the board agenda with expert input",
     "Board-owned security policy with a named accountable board member and regular reporting",
     [(NA, "The security of network and information systems related to the operation of essential function(s) is discussed and reported on regularly at board level."),
      (NA, "Board-level discussions on the security of network and information systems are based on complete, up-to-date information, with the benefit of expert guidance."),
      (NA, "Senior management and other parts of the organisation do not consider themselves exempt from policies or expect special accommodations.")],
     ["Your organisation's approach and policy relating to the security of network and information systems supporting the operation of your essential function(s) are owned and managed at board level, and communicated in a meaningful way to risk management decision-makers across the organisation.",
      "Regular board-level discussions on the security of network and information systems supporting your essential function(s) take place, based on timely and accurate information and informed by expert guidance.",
      "There is a board-level individual who has overall accountability for the security of network and information systems and drives regular discussion at board level.",
      "Direction set at board level is translated into effective organisational practices that direct and control the security of the network and information systems supporting your essential function(s)."]),
    ("A1.b", "Roles and Responsibilities", "Your organisation has established roles and responsibilities for the security of network and information systems at all levels, with clear and well-understood channels for communicating and escalating risks.", "S",
     "Fill key security roles formally and tell staff their responsibilities",
     "Reviewed security role framework with capable, resourced post-holders",
     [(NA, "Key security roles are filled formally, not left vacant or fulfilled on an ad-hoc or informal basis."),
      (NA, "Staff assigned security responsibilities have adequate authority and resources to fulfil them."),
      (NA, "Staff know what their responsibilities are for the security of the essential function(s).")],
     ["Key roles and responsibilities for the security of network and information systems supporting your essential function(s) have been identified and are reviewed regularly to ensure they remain fit for purpose.",
      "Appropriately capable and knowledgeable staff fill those roles and are given the time, authority, and resources to carry out their duties.",
      "There is clarity on who in your organisation has overall accountability for the security of the network and information systems supporting your essential function(s)."]),
    ("A1.c", "Decision-making", "You have senior-level accountability for the security of network and information systems, and delegate decision-making authority appropriately and effectively. Risks to network and information systems related to the operation of your essential function(s) are considered in the context of other organisational risks.", "S",
     "Define the risk appetite and the risk escalation route",
     "Delegated, reviewed risk decision-making with senior visibility",
     [(NA, "Straightforward risk decisions are made at the right level rather than constantly referred up the chain or not made."),
      (NA, "Risks are escalated through a formal risk reporting mechanism where appropriate, not resolved informally or ignored locally."),
      (NA, "Decision-makers understand senior management's risk appetite in more than vague terms."),
      (NA, "Risk priorities are specific enough to make meaningful distinctions between risks, and risk decisions are not made in organisational isolation (e.g. engineering and IT talk to each other about risk).")],
     ["Senior management have visibility of key risk decisions made throughout the organisation.",
      "Risk management decision-makers understand their responsibilities for making effective and timely decisions in the context of the risk appetite regarding the essential function(s), as set by senior management.",
      "Risk management decision-making is delegated and escalated where necessary, across the organisation, to people who have the skills, knowledge, tools and authority they need.",
      "Risk management decisions are regularly reviewed to ensure their continued relevance and validity."]),
    ("A2.a", "Risk Management Process", "Your organisation has effective internal processes for managing risks to the security of network and information systems related to the operation of your essential function(s) and communicating associated activities.", "M",
     "Establish a documented risk management process for essential-function systems",
     "Threat-informed, impact-focused risk assessment with clear security requirements",
     ["Your organisational process ensures that security risks to network and information systems relevant to essential function(s) are identified, analysed, prioritised, and managed.",
      "Your risk assessments are informed by an understanding of the vulnerabilities in the network and information systems supporting your essential function(s).",
      "The output from your risk management process is a clear set of security requirements that will address the risks in line with your organisational approach to security.",
      "Significant conclusions reached in the course of your risk management process are communicated to key security decision-makers and accountable individuals.",
      "You conduct risk assessments when significant events potentially affect the essential function(s), such as replacing a system or a change in the cyber security threat."],
     ["Your approach to risk is focused on the possibility of adverse impact to your essential function(s), leading to a detailed understanding of how such impact might arise as a consequence of possible attacker actions and the security properties of your network and information systems.",
      "Your risk assessments are based on a clearly understood set of threat assumptions, informed by an up-to-date understanding of security threats to your essential function(s) and your sector."]),
    ("A2.b", "Assurance", "You have gained confidence in the effectiveness of the security of your technology, people, and processes relevant to your essential function(s).", "M",
     "Start an assurance programme that does not take vendor claims at face value",
     "Independent, reviewed assurance with timely remediation of deficiencies",
     [(NA, "No product or service is seen as a \"silver bullet\" and vendor claims are not taken at face value."),
      (NA, "Assurance methods are applied with an appreciation of their strengths and limitations (e.g. the risks of penetration testing in operational environments)."),
      (NA, "Assurance is actively sought, not assumed because there have been no known problems to date.")],
     ["You validate that the security measures in place to protect the network and information systems are effective and remain effective for the lifetime over which they are needed.",
      "You understand the assurance methods available to you and choose appropriate methods to gain confidence in the security of essential function(s).",
      "Your confidence in the security as it relates to your technology, people, and processes can be justified to, and verified by, a third party.",
      "Security deficiencies uncovered by assurance activities are assessed, prioritised and remedied when necessary in a timely and effective way.",
      "The methods used for assurance are reviewed to ensure they are working as intended and remain the most appropriate method to use."]),
    ("A3.a", "Asset Management", "Everything required to deliver, maintain or support network and information systems necessary for the operation of essential functions is determined and understood.", "M",
     "Build an inventory of essential-function assets and their dependencies",
     "Prioritised, owned, lifecycle-managed asset inventory kept up to date",
     [(NA, "Inventories of assets relevant to the essential function(s) exist, are complete and adequately detailed."),
      (NA, "All domains and types of asset are documented and understood, including dependencies between assets (such as between IT and OT)."),
      (NA, "Information assets (including personal or critical data) are not kept for long periods without a clear business need or retention policy."),
      (NA, "Knowledge critical to the management, operation, or recovery of the essential function(s) is not held by only one or two key individuals without a succession plan.")],
     ["All assets relevant to the secure operation of essential function(s) are identified and inventoried (at a suitable level of detail), and the inventory is kept up to date.",
      "Dependencies on supporting infrastructure (e.g. power, cooling) are recognised and recorded.",
      "You have prioritised your assets according to their importance to the operation of the essential function(s).",
      "You have assigned responsibility for managing all assets, including physical assets, relevant to the operation of the essential function(s).",
      "Assets relevant to the essential function(s) are managed with cyber security in mind throughout their lifecycle, from creation through to eventual decommissioning or disposal."]),
    ("A4.a", "Supply Chain", "The organisation understands and manages security risks to network and information systems supporting the operation of essential functions that arise as a result of dependencies on external suppliers.", "M",
     "Map the supply chain and put security obligations into relevant contracts",
     "Supply chain risk management against capable attackers, with joint incident management",
     ["You understand the general risks suppliers may pose to your essential function(s).",
      "You know the extent of your supply chain that supports your essential function(s), including sub-contractors.",
      "You understand which contracts are relevant and you include appropriate security obligations in relevant contracts.",
      "You are aware of all third-party connections and have assurance that they meet your organisation's security requirements.",
      "Your approach to security incident management considers incidents that might arise in your supply chain.",
      "You have confidence that information shared with suppliers that is necessary for the operation of your essential function(s) is appropriately protected from well-known attacks and known vulnerabilities."],
     ["You have a deep understanding of your supply chain, including sub-contractors and the wider risks it faces (partnerships, competitors, nationality, sub-contracting), which informs your risk assessment and procurement processes.",
      "Your approach to supply chain risk management considers the risks to your essential function(s) arising from supply chain subversion by capable and well-resourced attackers.",
      "You have confidence that information shared with suppliers that is essential to the operation of your function(s) is appropriately protected from sophisticated attacks.",
      "You take a proactive approach to contract management, and customer / supplier ownership of responsibilities is laid out in contracts.",
      "All network connections and data sharing with third parties are managed effectively and proportionately.",
      "When appropriate, your incident management process and that of your suppliers provide mutual support in the resolution of incidents."]),
    ("B1.a", "Policy, Process and Procedure Development", "You have developed and continue to improve a set of cyber security and resilience policies, processes and procedures that manage and mitigate the risk of adverse impact on your essential function(s).", "S",
     "Write the security policy set (governance, technical practice, compliance)",
     "Usable, regularly reviewed policies with KPIs and systems secure by design",
     ["Your policies, processes and procedures document your overarching security governance and risk management approach, technical security practice and specific regulatory compliance.",
      "You review and update policies, processes and procedures in response to major cyber security incidents."],
     ["Cyber security is integrated and embedded throughout policies, processes and procedures and key performance indicators are reported to your executive management.",
      "Your organisation's policies, processes and procedures are developed to be practical, usable and appropriate for your essential function(s) and your technologies, and those that rely on user behaviour are practical, appropriate and achievable.",
      "You review and update policies, processes and procedures at suitably regular intervals, and any change to the essential function(s) or the threat it faces triggers a review.",
      "Your systems are designed so that they remain secure even when user security policies, processes and procedures are not always followed."]),
    ("B1.b", "Policy, Process and Procedure Implementation", "You have successfully implemented your security policies, processes and procedures and can demonstrate the security benefits achieved.", "S",
     "Roll out and monitor the application of security policies",
     "Evaluated, well-communicated policies with action on all significant breaches",
     ["Most of your policies, processes and procedures are followed and their application is monitored.",
      "Your policies, processes and procedures are integrated with other organisational policies, processes and procedures, including HR assessments of individuals' trustworthiness.",
      "All staff are aware of their responsibilities under your policies, processes and procedures.",
      "All breaches of policies, processes and procedures with the potential to adversely impact the essential function(s) are fully investigated; other breaches are tracked, assessed for trends and acted on."],
     ["All your policies, processes and procedures are followed, and their correct application and security effectiveness is evaluated.",
      "Your policies, processes and procedures are effectively and appropriately communicated across all levels of the organisation, resulting in good staff awareness of their responsibilities.",
      "Appropriate action is taken to address all breaches of policies, processes and procedures with potential to adversely impact the essential function(s), including aggregated breaches."]),
    ("B2.a", "Identity Verification, Authentication and Authorisation", "You robustly verify, authenticate and authorise access to the network and information systems supporting your essential function(s).", "M",
     "Individual identities, MFA for privileged and remote access, annual access review",
     "High-assurance identity proofing and MFA for all users with six-monthly access review",
     ["Your process of initial identity verification is robust enough to provide a reasonable level of confidence of a user's identity profile before allowing access to network and information systems that support your essential function(s).",
      "All authorised users and systems with access to network or information systems on which your essential function(s) depends are individually identified and authenticated.",
      "The number of authorised users and systems that have access to essential function(s) network and information systems is limited to the minimum necessary.",
      "You use additional authentication mechanisms, such as multi-factor authentication (MFA), for privileged access to all network and information systems that operate or support your essential function(s).",
      "You individually authenticate and authorise all remote access to all your network and information systems that support your essential function(s).",
      "The list of users and systems with access to network and information systems supporting and delivering the essential function(s) is reviewed on a regular basis, at least annually.",
      "Your approach to authenticating users, devices and systems follows up to date best practice."],
     ["Your process of initial identity verification is robust enough to provide a high level of confidence of a user's identity profile before allowing access to network and information systems that support your essential function(s).",
      "Only authorised and individually authenticated users can physically access and logically connect to your network or information systems on which your essential function(s) depends.",
      "You use additional authentication mechanisms, such as multi-factor authentication (MFA), for all user access, including remote access, to all network and information systems that operate or support your essential function(s).",
      "The list of users and systems with access to network and information systems supporting and delivering the essential function(s) is reviewed on a regular basis, at least every six months."]),
    ("B2.b", "Device Management", "You fully know and have trust in the devices that are used to access your networks, information systems and data that support your essential function(s).", "M",
     "Corporately managed devices only, with network access control",
     "Privileged Access Workstations and certificate-based device identity",
     ["Only corporately owned and managed devices can access your essential function(s) network and information systems.",
      "All privileged operations are performed from corporately owned and managed devices that provide sufficient separation, using a risk-based approach, from the activities of standard users.",
      "You have sought to understand the security properties of third-party devices and networks before they can be connected to your systems, and have taken appropriate steps to mitigate any risks identified.",
      "The act of connecting to a network port or cable does not grant access to any systems.",
      "You are able to detect unknown devices being connected to your network and information systems and investigate such incidents."],
     ["All privileged operations performed on your network and information systems supporting your essential function(s) are conducted from highly trusted devices, such as Privileged Access Workstations, dedicated solely to those operations.",
      "You either obtain independent and professional assurance of the security of third-party devices or networks before they connect to your systems, or you only allow third-party devices or networks dedicated to supporting your systems to connect.",
      "You perform certificate-based device identity management and only allow known devices to access systems necessary for the operation of your essential function(s).",
      "You perform regular scans to detect unknown devices and investigate any findings."]),
    ("B2.c", "Privileged User Management", "You closely manage privileged user access to network and information systems supporting your essential function(s).", "M",
     "Known privileged users with MFA and role-based privileges",
     "Privileged access management: separate monitored accounts, time-bound rights, recorded activity",
     ["All privileged user access to network and information systems supporting your essential function(s) requires strong authentication, such as multi-factor authentication (MFA).",
      "The identities of the individuals with privileged access to network and information systems supporting your essential function(s) are known and managed, including third parties.",
      "Activity by privileged users is routinely reviewed and validated (e.g. at least annually).",
      "Privileged users are only granted specific privileged user access rights which are essential to their business role or function."],
     ["Privileged user access to network and information systems supporting your essential function(s) is carried out from dedicated separate accounts that are closely monitored and managed.",
      "The issuing of temporary, time-bound rights for privileged user access and / or external third-party support access is in place.",
      "Privileged user access rights are regularly reviewed and always updated as part of your joiners, movers and leavers process.",
      "All privileged user activity is routinely reviewed, validated and recorded for offline analysis and investigation."]),
    ("B2.d", "Identity and Access Management (IdAM)", "You closely manage and maintain identity and access control for users, devices and systems accessing the network and information systems supporting your essential function(s).", "M",
     "Joiners-movers-leavers process with least-privilege access and access logging",
     "Audited IdAM with log correlation and alerting on unauthorised access attempts",
     ["You follow a robust procedure to verify each user and issue the minimum required access rights.",
      "You regularly review access rights and those no longer needed are revoked.",
      "User access rights are reviewed when users change roles via your joiners, leavers and movers process.",
      "All user, device and system access to the systems supporting the essential function(s) is logged and monitored (even if not yet compared to other log data or access records)."],
     ["The application of your user verification and access-rights procedure is regularly audited.",
      "User access rights are reviewed both when people change roles and at regular intervals - at least annually.",
      "You regularly review access logs and correlate this data with other access records and expected activity.",
      "Attempts by unauthorised users, devices or systems to connect to the systems supporting the essential function(s) are alerted, promptly assessed and investigated."]),
    ("B3.a", "Understanding Data", "You have a good understanding of data important to the operation of your essential function(s), where it is stored, where it travels and how unavailability or unauthorised access, modification or deletion would adversely impact the essential function(s). This also applies to third parties storing or accessing data important to the operation of your essential function(s).", "S",
     "Catalogue important data, who can access it and the impact of its compromise",
     "Current data map with minimisation and annually validated impact statements",
     ["You have identified and catalogued all the data important to the operation of the essential function(s), or that would assist an attacker.",
      "You have identified and catalogued who has access to the data important to the operation of the essential function(s).",
      "You regularly review location, transmission, quantity and quality of data important to the operation of the essential function(s).",
      "You have identified all mobile devices and media that hold data important to the operation of the essential function(s).",
      "You understand and document the impact on your essential function(s) of all relevant scenarios, including unauthorised data access, modification or deletion, or when authorised users are unable to appropriately access this data.",
      "You occasionally validate these documented impact statements."],
     ["You maintain a current understanding of the location, quantity and quality of data important to the operation of the essential function(s), and of the data links used to transmit it.",
      "You take steps to remove or minimise unnecessary copies or unneeded historic data.",
      "You understand the context, limitations and dependencies of your important data.",
      "You validate the documented impact statements regularly, at least annually."]),
    ("B3.b", "Data in Transit", "You have protected the transit of data important to the operation of your essential function(s). This includes the transfer of data to third parties.", "M",
     "Identify and encrypt data links carrying important data",
     "Assured protection of data in transit with alternative transmission paths",
     ["You have identified and protected (effectively and proportionately) all the data links that carry data important to the operation of your essential function(s).",
      "You apply appropriate technical means (e.g. cryptography) to protect data that travels over non-trusted or openly accessible carriers (even if confidence in the robustness of the protection is limited)."],
     ["You apply appropriate physical and / or technical means to protect data that travels over non-trusted or openly accessible carriers, with justified confidence in the robustness of the protection applied.",
      "Suitable alternative transmission paths are available where there is a significant risk of impact on the operation of the essential function(s) due to resource limitation (e.g. equipment or function failure, or important data being blocked or jammed)."]),
    ("B3.c", "Stored Data", "You have protected stored soft and hard copy data important to the operation of your essential function(s).", "M",
     "Protect stored important data and keep secured (offline or segregated) backups",
     "Assured encryption of stored data and secured archives",
     ["All copies of data important to the operation of your essential function(s) are necessary; where it is transferred to less secure systems, it is provided with limited detail and / or as a read-only copy.",
      "You have applied suitable physical and / or technical means to protect this important stored data from unauthorised access, modification or deletion.",
      "If cryptographic protections are used, you apply suitable technical and procedural means (even if confidence in their robustness is limited).",
      "You have suitable, secured backups of data to allow the operation of the essential function(s) to continue should the original data not be available (e.g. offline or segregated backups, or paper copies)."],
     ["If cryptographic protections are used you apply suitable technical and procedural means, and you have justified confidence in the robustness of the protection applied.",
      "Necessary historic or archive data is suitably secured in storage."]),
    ("B3.d", "Mobile Data", "You have protected data important to the operation of your essential function(s) on mobile devices.", "M",
     "Know and technically secure mobile devices holding important data",
     "Managed, best-practice configured mobile fleet with remote wipe and data minimisation",
     ["You know which mobile devices hold data important to the operation of the essential function(s).",
      "Data important to the operation of the essential function(s) is stored on mobile devices only when they have at least the security standard aligned to your overarching security policies.",
      "Data on mobile devices is technically secured."],
     ["Mobile devices that hold data important to the operation of the essential function(s) are catalogued, are under your organisation's control and configured according to best practice for the platform, with appropriate technical and procedural policies in place.",
      "Your organisation can remotely wipe all mobile devices holding data important to the operation of the essential function(s).",
      "You have minimised this data on these mobile devices; some data may be automatically deleted off mobile devices after a certain period."]),
    ("B3.e", "Media / Equipment Sanitisation", "Before reuse and / or disposal you appropriately sanitise devices, equipment and removable media holding data important to the operation of your essential function(s).", "S",
     "Sanitise devices and media before reuse or disposal",
     "Tracked devices and assured sanitisation product or service",
     ["Data important to the operations of the essential function(s) is removed from all devices, equipment and removable media before reuse and / or disposal."],
     ["You catalogue and track all devices that contain data important to the operation of the essential function(s) (whether a specific storage device or one with integral storage).",
      "Data important to the operation of the essential function(s) is removed from all devices, equipment and removable media before reuse and / or disposal using an assured product or service."]),
    ("B4.a", "Secure by Design", "You design security into the network and information systems that support the operation of your essential function(s). You minimise their attack surface and ensure that the operation of your essential function(s) should not be impacted by the exploitation of any single vulnerability.", "L",
     "Security architecture review: boundary defences, simple data flows, input validation",
     "Segregated security zones and content-based attack mitigation for all inputs",
     ["You employ appropriate expertise to design network and information systems.",
      "You design strong boundary defences where your network and information systems interface with other organisations or the world at large.",
      "You design simple data flows between your network and information systems and any external interface to enable effective monitoring.",
      "You design to make network and information system recovery simple.",
      "All inputs to network and information systems supporting your essential function(s) are checked and validated at the network boundary where possible, or additional monitoring is in place for content-based attacks."],
     ["Your network and information systems are segregated into appropriate security zones (e.g. systems supporting the essential function(s) are segregated in a highly trusted, more secure zone).",
      "The network and information systems supporting your essential function(s) are designed to have simple data flows between components to support effective security monitoring.",
      "The network and information systems supporting your essential function(s) are designed to be easy to recover.",
      "Content-based attacks are mitigated for all inputs to network and information systems that affect the essential function(s) (e.g. via transformation and inspection)."]),
    ("B4.b", "Secure Configuration", "You securely configure the network and information systems that support the operation of your essential function(s).", "M",
     "Secure builds, documented configurations and removal of default accounts",
     "Baseline-enforced configuration management with allowlisted software",
     ["You have identified and documented the assets that need to be carefully configured to maintain the security of the essential function(s).",
      "Secure platform and device builds are used across the estate, with consistent, secure and minimal configurations across the same types of environment.",
      "Changes and adjustments to security configuration at security boundaries with the network and information systems supporting your essential function(s) are approved and documented.",
      "You verify software before installation is permitted.",
      "Generic, shared, default name and built-in accounts have been removed or disabled; where this is not possible, their credentials have been changed."],
     ["You actively manage (e.g. maintain security configurations, patching, updating according to good practice) the assets that need to be carefully configured.",
      "All platforms conform to your secure, defined baseline build, or the latest known good configuration version for that environment.",
      "You closely and effectively manage changes in your environment, ensuring that network and system configurations are secure and documented, and regularly validate that systems have the expected, secure settings.",
      "Only permitted software can be installed, and standard users are not able to change settings that would impact security or the business operation.",
      "If automated decision-making technologies are in use, their operation is well understood, and decisions can be replicated."]),
    ("B4.c", "Secure Management", "You manage your organisation's network and information systems that support the operation of your essential function(s) to enable and maintain security.", "M",
     "Administer from separated devices, keep documentation current, anti-malware",
     "Administration only from dedicated Privileged Access Workstations",
     ["Your systems and devices supporting the operation of the essential function(s) are only administered or maintained by authorised privileged users from devices sufficiently separated, using a risk-based approach, from the activities of standard users.",
      "Technical knowledge about network and information systems, such as documentation and network diagrams, is regularly reviewed and updated.",
      "You prevent, detect and remove malware and unauthorised software, using technical, procedural and physical measures as necessary."],
     ["Your systems and devices supporting the operation of the essential function(s) are only administered or maintained by authorised privileged users from highly trusted devices, such as Privileged Access Workstations, dedicated solely to those operations."]),
    ("B4.d", "Vulnerability Management", "You manage known vulnerabilities in your network and information systems to prevent adverse impact on your essential function(s).", "M",
     "Vulnerability tracking, prompt patching of exposed systems, mitigations for unsupported tech",
     "Full vulnerability management with third-party testing and supported technology",
     ["You maintain a current understanding of the exposure of your essential function(s) to publicly-known vulnerabilities.",
      "Announced vulnerabilities for all software packages, network and information systems used to support your essential function(s) are tracked, prioritised and externally exposed vulnerabilities are mitigated (e.g. by patching) promptly.",
      "You have temporary mitigations for unsupported systems and software while pursuing migration to supported technology.",
      "You regularly test to fully understand the vulnerabilities of the network and information systems that support the operation of your essential function(s)."],
     ["Announced vulnerabilities for all software packages, network and information systems used to support your essential function(s) are tracked, prioritised and mitigated (e.g. by patching) promptly, not only those externally exposed.",
      "You verify your understanding of the vulnerabilities of the network and information systems supporting your essential function(s) with third-party testing.",
      "You maximise the use of supported software, firmware and hardware in your network and information systems supporting your essential function(s)."]),
    ("B5.a", "Resilience Preparation", "You are prepared to restore the operation of your essential function(s) following adverse impact.", "M",
     "Identify the systems needed to restore essential functions and their recovery order",
     "Tested business continuity and disaster recovery plans with threat-driven heightened measures",
     ["You know all network and information systems, and underlying technologies, that are necessary to restore the operation of the essential function(s) and understand their interdependence.",
      "You know the order in which systems need to be recovered to efficiently and effectively restore the operation of the essential function(s)."],
     ["You have business continuity and disaster recovery plans that have been tested for practicality, effectiveness and completeness, making appropriate use of different test methods (e.g. manual fail-over, table-top exercises, or red-teaming).",
      "You use your security awareness and threat intelligence sources to identify new or heightened levels of risk, which result in immediate and potentially temporary security measures to enhance the security of your network and information systems."]),
    ("B5.b", "Design for Resilience", "You design the network and information systems supporting your essential function(s) to be resilient to cyber security incidents. Systems are appropriately segregated and resource limitations are mitigated.", "L",
     "Logically separate essential-function systems and block internet services from them",
     "Physically segregated, geographically resilient infrastructure with mitigated resource limits",
     ["Network and information systems supporting the operation of your essential function(s) are logically separated from your business systems (e.g. within a DMZ), and internet services are not accessible from them.",
      "Resource limitations (e.g. network bandwidth, single network paths) have been identified (even if not yet fully mitigated)."],
     ["Network and information systems supporting the operation of your essential function(s) are segregated from other business and external systems by appropriate technical and physical means (e.g. separate network and system infrastructure with independent user administration).",
      "You have identified and mitigated all resource limitations (e.g. bandwidth limitations and single network paths).",
      "You have identified and mitigated any geographical constraints or weaknesses (e.g. systems replicated in another location, alternative physical paths and service providers for important connectivity).",
      "You review and update assessments of dependencies, resource and geographical limitations and mitigations when necessary."]),
    ("B5.c", "Backups", "You hold accessible and secured current backups of data and information needed to recover operation of your essential function(s).", "M",
     "Secured, routinely tested backups of data, configuration and knowledge",
     "Comprehensive automatic backups at secondary sites, documented and reviewed",
     ["You have appropriately secured backups (including data, configuration information, software, equipment, processes and knowledge) that will be accessible to recover from an extreme event.",
      "You routinely test backups to ensure that the backup process functions correctly and the backups are usable."],
     ["Your comprehensive, automatic and tested technical and procedural backups are secured at centrally accessible or secondary sites to recover from an extreme event.",
      "Backups of all important data and information needed to recover the essential function(s) are made, tested, documented and routinely reviewed."]),
    ("B6.a", "Cyber Security Culture", "You develop and maintain a positive cyber security culture.", "S",
     "Executive-led cyber security culture programme with clear reporting routes",
     "Open, no-blame reporting culture with recognition and staff participation",
     ["Your executive management understand and widely communicate the importance of a positive cyber security culture, and positive attitudes, behaviours and expectations are described for your organisation.",
      "All people in your organisation understand the contribution they make to the essential function(s) cyber security.",
      "All individuals in your organisation know who to contact and where to access more information about cyber security, and know how to raise a cyber security issue."],
     ["Your executive management clearly and effectively communicates the organisation's cyber security priorities and objectives to all staff, and your organisation displays positive cyber security attitudes, behaviours and expectations.",
      "People raising potential cyber security incidents and issues are treated positively, and individuals at all levels routinely report concerns and are recognised for their contribution.",
      "Your management is seen to be committed to and actively involved in cyber security, and your organisation communicates openly about it, taking any concern seriously.",
      "People across your organisation participate in cyber security activities and improvements, building joint ownership and bringing knowledge of their area of expertise."]),
    ("B6.b", "Cyber Security Training", "The people who support the operation of your essential function(s) are appropriately trained in cyber security. A range of approaches to cyber security training, awareness and communications are employed.", "S",
     "Define role-based cyber security training and awareness for all roles",
     "Tracked, refreshed and evaluated training paths for everyone",
     ["You have defined appropriate cyber security training and awareness activities for all roles in your organisation, from executives to the most junior roles.",
      "You use a range of teaching and communication techniques for cyber security training and awareness to reach the widest audience effectively.",
      "Cyber security information is easily available."],
     ["All people in your organisation, from the most senior to the most junior, follow appropriate cyber security training paths.",
      "Each individual's cyber security training is tracked and refreshed at suitable intervals.",
      "You routinely evaluate your cyber security training and awareness activities to ensure they reach the widest audience and are effective.",
      "You make cyber security information and good practice guidance easily accessible, widely available and you know it is referenced and used within your organisation."]),
    ("C1.a", "Monitoring Coverage", "The data sources that you include in your monitoring allow for timely identification of security events which might affect the operation of your essential function(s).", "L",
     "Collect security data, boundary traffic and IoC detection for essential-function systems",
     "Comprehensive host and network monitoring driven by an understanding of attacks",
     ["Data relating to the security and operation of some areas of your essential function(s) is collected (even if coverage is not yet comprehensive).",
      "You easily detect the presence or absence of IoCs on your essential function(s), such as known malicious command and control signatures.",
      "Some user monitoring is done (even if not yet covering a fully agreed list of suspicious or undesirable behaviour).",
      "You monitor traffic crossing your network boundary (including IP address connections as a minimum)."],
     ["Monitoring is based on an understanding of your networks, common cyber attack methods and what you need awareness of in order to detect potential security incidents (e.g. malware, malicious emails, user policy violations).",
      "Your monitoring data provides enough detail to reliably detect security incidents that could affect the operation of your essential function(s).",
      "Extensive monitoring of user activity in relation to the operation of your essential function(s) enables you to detect policy violations and an agreed list of suspicious or undesirable behaviour.",
      "You have extensive monitoring coverage that includes host-based monitoring and network gateways.",
      "All new systems are considered as potential monitoring data sources to maintain a comprehensive monitoring capability."]),
    ("C1.b", "Securing Logs", "You hold log data securely and grant appropriate access only to accounts with business need. No system or user should ever need to modify or delete master copies of log data within an agreed retention period, after which it should be deleted.", "M",
     "Restrict and monitor access to log data",
     "Tamper-evident, time-synchronised logging architecture with attributable access",
     ["Only authorised staff can view log data for investigations.",
      "Authorised users and systems can appropriately access log data.",
      "There is some monitoring of access to log data (e.g. copying, deleting, modifying or viewing)."],
     ["The integrity of log data is protected, or any modification is detected and attributed.",
      "The logging architecture has mechanisms, policies, processes and procedures to ensure that it can protect itself from threats comparable to those it is trying to identify.",
      "Log data analysis and normalisation is only performed on copies of the data keeping the master copy unaltered.",
      "Log data is synchronised, using an accurate common time source, so that separate datasets can be correlated in different ways.",
      "Access to log data is limited to those with business need, all actions involving log data can be traced back to a unique user, and legitimate reasons for access are given in use policies."]),
    ("C1.c", "Generating Alerts", "Evidence of potential security incidents contained in your monitoring data is reliably identified and triggers alerts.", "M",
     "Investigate security tool alerts and review logs at regular intervals",
     "Near real-time, enriched and tested alerting prioritised for all essential functions",
     ["Alerts from third party security software are investigated, and action taken.",
      "Some, but not all, log data can be easily queried with search tools to aid investigations.",
      "The resolution of alerts to a network asset or system is performed regularly.",
      "Security alerts relating to some essential function(s) are prioritised.",
      "Logs are reviewed at regular intervals."],
     ["Log data is enriched with other network knowledge and data when investigating certain suspicious activity or alerts.",
      "A wide range of signatures and indicators of compromise is used for investigations of suspicious activity and alerts.",
      "Alerts can be easily resolved to network assets using knowledge of networks and systems, in almost real time.",
      "Security alerts relating to all essential function(s) are prioritised and this information is used to support incident management.",
      "Logs are reviewed almost continuously, in real time.",
      "Alerts are tested to ensure that they are generated reliably and that it is possible to distinguish genuine security incidents from false alarms."]),
    ("C1.d", "Identifying Security Incidents", "You contextualise alerts with knowledge of the threat and your systems, to identify those security incidents that require some form of response.", "S",
     "Subscribe to threat intelligence and keep protective signatures updated",
     "Risk-based threat intelligence sources with tracked effectiveness and feedback",
     ["Your organisation uses some threat intelligence services (even if not chosen specifically for your business needs or sector).",
      "You receive updates for all your signature based protective technologies (e.g. AV, IDS).",
      "You apply some updates, signatures and IoCs in a timely way.",
      "You know how effective your threat intelligence is (e.g. by tracking how threat intelligence helps you identify security problems)."],
     ["You have selected threat intelligence sources or services using risk-based and threat-informed decisions based on your business needs and sector (e.g. vendor reporting, sector and community-based infoshare).",
      "You apply all new signatures and IoCs within a reasonable (risk-based) time of receiving them.",
      "You track the effectiveness of your intelligence feeds and actively share feedback on the usefulness of IoCs and any other indicators with the threat community (e.g. sector partners, threat intelligence providers, government agencies)."]),
    ("C1.e", "Monitoring Tools and Skills", "Monitoring staff skills, tools and roles, including any that are outsourced, should reflect governance and reporting requirements, expected threats and the complexities of the network or system data they need to use. Monitoring staff have knowledge of the essential function(s) they need to protect.", "L",
     "Staff a monitoring function (in-house or outsourced) with core tools and workflows",
     "Skilled, empowered security operations team using all log data",
     ["Monitoring staff have some investigative skills and a basic understanding of the data they need to work with.",
      "Monitoring staff can report to other parts of the organisation (e.g. security directors, resilience managers).",
      "Monitoring staff are capable of following most of the required workflows.",
      "Your monitoring tools can make use of logging that would capture most unsophisticated and untargeted attack types, and work with most log data, with some configuration.",
      "Monitoring staff are aware of some essential function(s) and can manage alerts relating to them."],
     ["You have monitoring staff, who are responsible for the analysis, investigation and reporting of monitoring alerts covering both security and performance.",
      "Monitoring staff have defined roles and skills that cover all parts of the monitoring and investigation process, and follow procedures that address all governance reporting requirements, internal and external.",
      "Monitoring staff are empowered to look beyond the fixed process to investigate and understand non-standard threats, by developing their own investigative techniques and making new use of data.",
      "Your monitoring tools make use of all log data collected to pinpoint activity within an incident, and monitoring staff and tools drive and shape new log data collection.",
      "Monitoring staff are aware of the operation of essential function(s) and related assets and can identify and prioritise alerts or investigations that relate to them."]),
    ("C2.a", "System Abnormalities for Attack Detection", "You define examples of abnormalities in system behaviour that provide practical ways of detecting malicious activity that is otherwise hard to identify.", "M",
     "Baseline normal system behaviour and list abnormalities to look for",
     "Threat-informed, maintained catalogue of system abnormalities",
     [(NA, "Normal system behaviour is understood well enough to use system abnormalities to detect malicious activity."),
      (NA, "You have an established understanding of what abnormalities to look for that might signify malicious activities.")],
     ["Normal system behaviour is fully understood to such an extent that searching for system abnormalities is a potentially effective way of detecting malicious activity (e.g. you fully understand which systems should and should not communicate and when).",
      "System abnormality descriptions from past attacks and threat intelligence, on yours and other networks, are used to signify malicious activity.",
      "The system abnormalities you search for consider the nature of attacks likely to impact on the network and information systems supporting the operation of your essential function(s).",
      "The system abnormality descriptions you use are updated to reflect changes in your network and information systems and current threat intelligence."]),
    ("C2.b", "Proactive Attack Discovery", "You use an informed understanding of more sophisticated attack methods and of normal system behaviour to monitor proactively for malicious activity.", "L",
     "Start routine threat hunting for abnormalities",
     "Alert-generating threat hunting with justified confidence",
     [(NA, "You routinely search for system abnormalities indicative of malicious activity.")],
     ["You routinely search for system abnormalities indicative of malicious activity on the network and information systems supporting the operation of your essential function(s), generating alerts based on the results of such searches.",
      "You have justified confidence in the effectiveness of your searches for system abnormalities indicative of malicious activity."]),
    ("D1.a", "Response Plan", "You have an up-to-date incident response plan that is grounded in a thorough risk assessment that takes account of your essential function(s) and covers a range of incident scenarios.", "S",
     "Documented incident response plan covering essential functions and known attacks",
     "Risk-based, comprehensive response plan integrated with business and supply chain plans",
     ["Your incident response plan covers your essential function(s).",
      "Your incident response plan comprehensively covers scenarios that are focused on likely impacts of known and well understood attacks.",
      "Your incident response plan is understood by all staff who are involved with your organisation's response function.",
      "Your incident response plan is documented and shared with all relevant stakeholders."],
     ["Your incident response plan is based on a clear understanding of the security risks to the network and information systems supporting your essential function(s).",
      "Your incident response plan is comprehensive (i.e. covers the complete lifecycle of an incident, roles and responsibilities, and reporting) and covers likely impacts of both known attack patterns and of possible attacks, previously unseen.",
      "Your incident response plan is documented and integrated with wider organisational business plans and supply chain response plans, as well as dependencies on supporting infrastructure (e.g. power, cooling).",
      "Your incident response plan is communicated and understood by the business areas involved with the operation of your essential function(s)."]),
    ("D1.b", "Response and Recovery Capability", "You have the capability to enact your incident response plan, including effective limitation of impact on the operation of your essential function(s). During an incident, you have access to timely information on which to base your response decisions.", "M",
     "Resource and equip the response team and arrange back-up operating mechanisms",
     "Response capability with duplicated roles and retained external incident responders",
     [(NA, "Adequate arrangements have been made to make the right resources available to implement your response plan."),
      (NA, "Your response team members are equipped to make good response decisions and put them into effect."),
      (NA, "Adequate back-up mechanisms exist to allow the continued operation of your essential function(s) during an incident.")],
     ["You understand the resources that will likely be needed to carry out any required response activities, and arrangements are in place to make these resources available.",
      "You understand the types of information that will likely be needed to inform response decisions and arrangements are in place to make this information available.",
      "Your response team members have the skills and knowledge required to decide on the response actions necessary to limit harm, and the authority to carry them out.",
      "Key roles are duplicated, and operational delivery knowledge is shared with all individuals involved in the operations and recovery of the essential function(s).",
      "Back-up mechanisms are available that can be readily activated to allow continued operation of your essential function(s), although possibly at a reduced level, if primary network and information systems fail or are unavailable.",
      "Arrangements exist to augment your organisation's incident response capabilities with external support if necessary (e.g. specialist cyber incident responders)."]),
    ("D1.c", "Testing and Exercising", "Your organisation carries out exercises to test response plans, using past incidents that affected your (and other) organisation, and scenarios that draw on threat intelligence and your risk assessment.", "S",
     "Run routine incident response exercises feeding lessons learned",
     "Threat-informed exercise programme testing the whole response cycle",
     [(NA, "Incident response exercises are routinely carried out, not in an ad-hoc way."),
      (NA, "Exercises consider all areas and test all parts of the response cycle, not only a discrete part (e.g. that backups are working)."),
      (NA, "Outputs from exercises are fed into the organisation's lessons learned process.")],
     ["Exercise scenarios are based on incidents experienced by your and other organisations or are composed using experience or threat intelligence.",
      "Exercise scenarios are documented, regularly reviewed, and validated.",
      "Exercises are routinely run, with the findings documented and used to refine incident response plans and protective security, in line with the lessons learned.",
      "Exercises test all parts of your response cycle relating to your essential function(s) (e.g. restoration of normal function(s) levels)."]),
    ("D2.a", "Incident Root Cause Analysis", "When an incident occurs, steps must be taken to understand its root causes and ensure appropriate remediating action is taken.", "S",
     "Formal incident investigation process",
     "Routine, comprehensive root cause analysis with full access to incident data",
     [(NA, "You are usually able to resolve incidents to a root cause."),
      (NA, "You have a formal process for investigating causes.")],
     ["Root cause analysis is conducted routinely as a key part of your lessons learned activities following an incident.",
      "Your root cause analysis is comprehensive, covering organisational process issues, as well as vulnerabilities in your networks, systems or software.",
      "All relevant incident data is made available to the analysis team to perform root cause analysis."]),
    ("D2.b", "Using Incidents to Drive Improvements", "Your organisation uses lessons learned from incidents to improve your security measures.", "S",
     "Capture lessons learned after incidents and prioritise improvements",
     "Documented incident review policy driving prioritised improvements and board reporting",
     [(NA, "Following incidents, lessons learned are captured and are not limited in scope."),
      (NA, "Improvements arising from lessons learned following an incident are implemented and given sufficient organisational priority.")],
     ["You have a documented incident review process/policy which ensures that lessons learned from each incident are identified, captured, and acted upon.",
      "Lessons learned cover issues with reporting, roles, governance, skills and organisational processes as well as technical aspects of network and information systems.",
      "You use lessons learned to improve security measures, including updating and retesting response plans when necessary.",
      "Security improvements identified as a result of lessons learned are prioritised, with the highest priority improvements completed quickly.",
      "Analysis is fed to senior management and incorporated into risk management and continuous improvement."]),
]

# cost class -> (establish: capex, opex, effort, months), (achieve: capex, opex, effort, months)
COST = {
    "S": ((10000, 2000, 20, 2), (25000, 5000, 40, 4)),
    "M": ((30000, 8000, 40, 3), (80000, 20000, 80, 6)),
    "L": ((80000, 25000, 60, 4), (250000, 60000, 150, 9)),
}

CNI = ["energy", "water", "transport", "health", "telecoms", "finance"]
# Shared controls: (id, title, description, capex, opex, effort, months, serves-sectors or None, [(CO, level, n)])
SHARED = [
    ("CAF-SH-01", "Sector regulator's CAF profile, threat assumptions and guidance",
     "The competent authority publishes a sector CAF profile with target IGPs, a sector threat assessment and "
     "threat assumptions, and guidance on risk assessment; operators adopt it in their risk management.",
     150000, 40000, 60, 6, CNI, [("A2.a", 2, 2)]),
    ("CAF-SH-02", "Shared CNI cyber exercise programme",
     "A national programme (e.g. run by the government CSIRT with sector bodies) designs threat-informed exercise "
     "scenarios from real incidents, documents and reviews them, and runs annual multi-operator exercises that "
     "test the whole response cycle.",
     250000, 120000, 90, 9, CNI, [("D1.c", 2, 1), ("D1.c", 2, 2), ("D1.c", 2, 4)]),
    ("CAF-SH-03", "Sector threat-intelligence sharing hub (CiSP-style)",
     "A sector information-sharing platform with curated, sector-relevant threat intelligence and a feedback "
     "channel on IoC usefulness.",
     120000, 60000, 40, 6, CNI, [("C1.d", 1, 1), ("C1.d", 2, 1), ("C1.d", 2, 3)]),
    ("CAF-SH-04", "Government-assured penetration testing and red-team scheme (CHECK/CBEST-style)",
     "A framework contract with assured testing providers giving every operator independent, professional "
     "testing of its systems and defences.",
     80000, 30000, 40, 4, None, [("A2.b", 2, 3), ("B4.d", 2, 2)]),
    ("CAF-SH-05", "National incident response retainer for CNI operators",
     "Pre-arranged access to assured cyber incident response companies for all operators in scope.",
     60000, 150000, 30, 3, CNI, [("D1.b", 2, 6)]),
]


def q_id(co: str, level: int, n: int) -> str:
    return f"{co}.l{level}.q{n}"


def questions() -> list[dict]:
    out = []
    for co, title, _d, _c, _t1, _t2, l1, l2 in COS:
        for n, item in enumerate(l1, 1):
            restated = isinstance(item, tuple)
            text = item[1] if restated else item
            help_ = (f"{co} {title}, level 1 (Partially achieved). "
                     + ("NCSC gives no Partially-achieved indicators for this outcome: this restates one of its "
                        "Not-achieved indicators positively; answer 'no' if the Not-achieved indicator applies."
                        if restated else "Partially-achieved indicator of good practice (CAF v3.2).")
                     + " 'largely' or 'fully' counts as met.")
            out.append({"id": q_id(co, 1, n), "outcome": co, "level": 1, "type": "choice", "options": OPTIONS,
                        "text": text, "help": help_})
        for n, text in enumerate(l2, 1):
            out.append({"id": q_id(co, 2, n), "outcome": co, "level": 2, "type": "choice", "options": OPTIONS,
                        "text": text,
                        "help": f"{co} {title}, level 2 (Achieved). Achieved indicator of good practice (CAF v3.2). "
                                f"'largely' or 'fully' counts as met."})
    return out


def controls() -> list[dict]:
    out = []
    for co, title, _d, cls, t1, t2, l1, l2 in COS:
        (c1, o1, e1, d1), (c2, o2, e2, d2) = COST[cls]
        base = f"CAF v3.2 contributing outcome {co} ({title})"
        est = ("Costs are cyberplan planning estimates (cost class " + cls + ") for one operator of an essential "
               "function, scaled by size_factor; not NCSC figures.")
        out.append({"id": f"CAF-{co}-1", "title": t1,
                    "description": f"Reach 'Partially achieved' for {co} {title}: put in place the practices its "
                                   f"level-1 questions describe.",
                    "cost": {"capex": c1, "opex": o1}, "effort": e1, "duration": d1, "requires": [],
                    "implements": {q_id(co, 1, n): "fully" for n in range(1, len(l1) + 1)}, "scope": "entity",
                    "basis": f"{base}: Partially-achieved indicators of good practice. {est}",
                    "tags": [f"caf:{co}", "caf:partially-achieved"]})
        out.append({"id": f"CAF-{co}-2", "title": t2,
                    "description": f"Reach 'Achieved' for {co} {title}: put in place the practices its level-2 "
                                   f"questions describe.",
                    "cost": {"capex": c2, "opex": o2}, "effort": e2, "duration": d2, "requires": [f"CAF-{co}-1"],
                    "implements": {q_id(co, 2, n): "fully" for n in range(1, len(l2) + 1)}, "scope": "entity",
                    "basis": f"{base}: Achieved indicators of good practice. {est}",
                    "tags": [f"caf:{co}", "caf:achieved"]})
    for sid, title, desc, capex, opex, effort, months, sectors, items in SHARED:
        c = {"id": sid, "title": title, "description": desc, "cost": {"capex": capex, "opex": opex},
             "effort": effort, "duration": months, "requires": [],
             "implements": {q_id(co, lv, n): "fully" for co, lv, n in items}, "scope": "shared",
             "basis": ("Shared capability delivered once for the sector or government (cyberplan estimate); it "
                       "provides the CAF indicators " + ", ".join(f"{co} level {lv} q{n}" for co, lv, n in items)
                       + " for every operator it serves."),
             "tags": ["shared"] + sorted({f"caf:{co}" for co, _l, _n in items})}
        if sectors:
            c["serves"] = {"sector": sectors}
        out.append(c)
    return out


def rules() -> list[dict]:
    out = []
    for co, title, _d, _c, _t1, _t2, l1, l2 in COS:
        slug = co.lower().replace(".", "-")
        for level, items, name in ((1, l1, "Partially achieved"), (2, l2, "Achieved")):
            conds = [{"question": q_id(co, level, n), "gte": "largely"} for n in range(1, len(items) + 1)]
            out.append({"id": f"{slug}-l{level}", "outcome": co, "level": level,
                        "description": f"{co} {title} is {name} when every level-{level} indicator is largely or fully met.",
                        "when": conds[0] if len(conds) == 1 else {"all": conds}})
    out.append({"id": "cni-not-monitoring",
                "when": {"all": [{"entity": "sector", "in": CNI}, {"outcome": "C1.a", "lt": 1}]},
                "finding": {"severity": "high",
                            "text": "Operator of an essential function without even partial security monitoring coverage (CAF C1.a not achieved)"}})
    out.append({"id": "no-board-direction",
                "when": {"outcome": "A1.a", "lt": 1},
                "finding": {"severity": "medium",
                            "text": "Security of network and information systems is not directed at board level (CAF A1.a not achieved)"}})
    return out


def tests() -> list[dict]:
    by = {co: (l1, l2) for co, _t, _d, _c, _1, _2, l1, l2 in COS}
    out = []
    for co in ("A1.a", "B2.a", "C1.a", "D1.c"):
        l1, l2 = by[co]
        none = {q_id(co, lv, n): "no" for lv, items in ((1, l1), (2, l2)) for n in range(1, len(items) + 1)}
        part = dict(none)
        part.update({q_id(co, 1, n): "largely" for n in range(1, len(l1) + 1)})
        full = dict(part)
        full.update({q_id(co, 2, n): "fully" for n in range(1, len(l2) + 1)})
        out.append({"name": f"{co} with no indicator met is Not achieved", "answers": none, "expect": {co: 0}})
        out.append({"name": f"{co} with its level-1 indicators largely met is Partially achieved",
                    "answers": part, "expect": {co: 1}})
        out.append({"name": f"{co} with all indicators met is Achieved", "answers": full, "expect": {co: 2}})
    l1, l2 = by["B2.a"]
    ans = {q_id("B2.a", 1, n): "fully" for n in range(1, len(l1) + 1)}
    ans.update({q_id("B2.a", 2, n): "fully" for n in range(1, len(l2) + 1)})
    ans[q_id("B2.a", 1, 4)] = "partially"
    out.append({"name": "B2.a: MFA for privileged access only partially in place keeps the outcome Not achieved",
                "answers": ans, "expect": {"B2.a": 0}})
    out.append({"name": "an energy operator with no monitoring raises the CNI finding",
                "entity": {"sector": "energy"},
                "answers": {q_id("C1.a", 1, 1): "no", q_id("A1.a", 1, 1): "fully", q_id("A1.a", 1, 2): "fully",
                            q_id("A1.a", 1, 3): "fully"},
                "expect": {"C1.a": 0, "A1.a": 1}, "expect_findings": ["cni-not-monitoring"]})
    return out


ENTITIES = [
    ("gridco", "National Grid Transmission (fictional)", "energy", 5, 2.5, 0.75),
    ("aquaco", "Severn Vale Water (fictional)", "water", 4, 1.0, 0.55),
    ("railnet", "Northern Rail Network (fictional)", "transport", 4, 1.5, 0.45),
    ("nhs-trust", "Midshire NHS Trust (fictional)", "health", 3, 1.0, 0.35),
]


def answers() -> dict:
    rng = random.Random(32)
    ents = []
    for eid, name, sector, crit, size, m in ENTITIES:
        ans = {}
        for co, *_rest in COS:
            l1, l2 = _rest[-2], _rest[-1]
            r = rng.random()
            target = 2 if r < m * 0.45 else 1 if r < m + 0.15 else 0  # the level this operator reached
            for lv, items in ((1, l1), (2, l2)):
                vals = []
                for _n in items:
                    if lv <= target:
                        vals.append(rng.choice([2, 3, 3]))
                    else:
                        vals.append(rng.choice([0, 1, 1, 2, 3]))
                if lv == target + 1 and all(v >= 2 for v in vals):
                    vals[rng.randrange(len(vals))] = 1  # a gap keeps the next level unreached
                for n, v in enumerate(vals, 1):
                    ans[q_id(co, lv, n)] = OPTIONS[v]
        ents.append({"id": eid, "name": name, "sector": sector, "criticality": crit, "size_factor": size,
                     "answers": ans})
    return {"framework": "ncsc-caf", "ruleset": "ncsc-caf/default", "assessed": "2026-11-01",
            "title": "CAF self-assessment of four fictional UK operators of essential services (example)",
            "entities": ents}


def framework() -> dict:
    outcomes = []
    for oid, otitle, odesc in OBJECTIVES:
        prins = []
        for pid, ptitle, pdesc in PRINCIPLES:
            if pid[0] != oid:
                continue
            leaves = [{"id": co, "title": t, "description": d} for co, t, d, *_ in COS if co.split(".")[0] == pid]
            prins.append({"id": pid, "title": ptitle, "description": pdesc, "children": leaves})
        outcomes.append({"id": oid, "title": otitle, "description": odesc, "children": prins})
    return {
        "id": "ncsc-caf",
        "title": "NCSC Cyber Assessment Framework",
        "version": "3.2",
        "publisher": "National Cyber Security Centre (NCSC), United Kingdom",
        "source": "https://www.ncsc.gov.uk/collection/cyber-assessment-framework",
        "licence": (
            "Objective, principle and contributing-outcome ids, titles and descriptions and the indicators of good "
            "practice used as question texts are from the NCSC Cyber Assessment Framework v3.2, (c) Crown copyright, "
            "licensed under the Open Government Licence v3.0 "
            "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/). Attribution: Contains "
            "public sector information licensed under the Open Government Licence v3.0 (National Cyber Security "
            "Centre, Cyber Assessment Framework v3.2). Changes: some indicators are shortened or merged, and for "
            "contributing outcomes without Partially-achieved indicators the Not-achieved indicators are restated "
            "positively as level-1 questions. The rules, controls, shared capabilities and cost estimates are "
            "cyberplan's own and are not endorsed by the NCSC."),
        "description": (
            "The CAF's 4 objectives, 14 principles and 39 contributing outcomes. Each contributing outcome is "
            "assessed Not achieved, Partially achieved or Achieved from its indicators of good practice (IGPs), "
            "each answered no / partially / largely / fully."),
        "levels": [
            {"value": 0, "name": "Not achieved", "description": "The contributing outcome's Partially-achieved (or, where there are none, its basic) indicators are not all met."},
            {"value": 1, "name": "Partially achieved", "description": "All Partially-achieved indicators are largely or fully met."},
            {"value": 2, "name": "Achieved", "description": "All Partially-achieved and Achieved indicators are largely or fully met."},
        ],
        "outcomes": outcomes,
    }


def dump(path: Path, header: str, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=False)
    path.write_text(header + text, encoding="utf-8")


def main() -> None:
    gen = "# GENERATED by tools/gen_caf.py - edit the data there, not this file.\n"
    dump(FW / "framework.yaml", "# NCSC Cyber Assessment Framework v3.2 - Open Government Licence v3.0 (see `licence`).\n" + gen,
         framework())
    dump(FW / "questions.yaml", "# CAF questionnaire: indicators of good practice per contributing outcome (OGL v3.0).\n" + gen,
         {"questions": questions()})
    dump(FW / "controls.yaml", "# CAF implementation actions (cyberplan's own; costs are estimates), incl. shared sector capabilities.\n" + gen,
         {"controls": controls()})
    dump(RS / "default.yaml", "# CAF default ruleset.\n" + gen,
         {"id": "ncsc-caf/default", "framework": "ncsc-caf", "title": "CAF v3.2 - indicators of good practice",
          "description": ("Partially achieved (1) when every level-1 indicator of a contributing outcome is "
                          "answered 'largely' or 'fully'; Achieved (2) when every level-2 indicator is too. Levels "
                          "are cumulative. Findings flag CNI operators without monitoring and missing board "
                          "direction."),
          "rules": rules(), "tests": tests()})
    dump(FW / "example" / "answers.yaml", "# Example CAF assessment (fictional operators, seeded).\n" + gen, answers())


if __name__ == "__main__":
    main()
