"""OSCAL 1.0.6 exports (JSON): the assessment as Assessment Results, the plan as a Plan of Action
and Milestones (POA&M).

Mapping:
* Every entity is an OSCAL party (type organization) in the metadata; observations, risks and
  POA&M items name it as their subject.
* Assessment Results: one result; per entity and leaf outcome an observation (the level and the
  rule that decided it) and a finding whose target is the outcome (objective-id) with state
  `satisfied` when the level reaches the target (the plan configuration's targets when known,
  else the top of the scale, as SPEC §3.5 says), and the ruleset's findings as further findings.
* POA&M: per planned action a risk (the gaps the action closes) with a planned remediation whose
  task is a milestone over the action's periods, and a POA&M item pointing at the risk; per
  target left unmet at the end of the horizon a risk with no remediation and an item saying so.

Output is reproducible: every UUID is a uuid5 of its content, and timestamps come from the
assessment date (`assessed:`) or, for the plan, the first period's first day; without either, a
fixed date (2000-01-01) is used rather than the clock.
"""
from __future__ import annotations

import datetime as _dt
import json
import uuid
from typing import Any

from cyberplan.engine.render import Output

OSCAL_VERSION = "1.0.6"
NS = "https://cyberplan.dev/ns/oscal"          # the namespace of cyberplan's own props
_ROOT = uuid.UUID("6f1c2d3e-8b7a-5c4d-9e0f-a1b2c3d4e5f6")
FALLBACK_DATE = _dt.date(2000, 1, 1)


def _uuid(*parts: Any) -> str:
    return str(uuid.uuid5(_ROOT, "\x1f".join(str(p) for p in parts)))


def _text(v: Any, default: str = "-") -> str:
    """An OSCAL string: non-empty, no leading or trailing whitespace, one line."""
    s = " ".join(str(v).split()) if v is not None else ""
    return s or default


def _prop(name: str, value: Any, ns: bool = True) -> dict[str, Any]:
    p = {"name": name, "value": _text(value)}
    if ns:
        p["ns"] = NS
    return p


def _ts(d: _dt.date) -> str:
    return f"{d.year:04d}-{d.month:02d}-{d.day:02d}T00:00:00Z"


def _parse_date(v: Any) -> _dt.date | None:
    if isinstance(v, _dt.datetime):
        return v.date()
    if isinstance(v, _dt.date):
        return v
    if isinstance(v, str):
        try:
            return _dt.date.fromisoformat(v[:10])
        except ValueError:
            return None
    return None


def _context(out: Output) -> tuple[Any, Any, Any]:
    """The framework, assessment and targets the exporter may use, from the Output's context."""
    ctx = out.context or {}
    return ctx.get("framework"), ctx.get("assessment"), ctx.get("targets")


def _entity_info(result_entities, assessment) -> dict[str, dict[str, Any]]:
    info: dict[str, dict[str, Any]] = {}
    by_id = {e.id: e for e in (assessment.entities if assessment is not None else [])}
    for e in result_entities:
        eid = e if isinstance(e, str) else e.id
        src = by_id.get(eid)
        name = (src.name if src is not None else None) or getattr(e, "name", None) or eid
        sector = (src.sector if src is not None else None) or getattr(e, "sector", None)
        crit = src.criticality if src is not None else getattr(e, "criticality", None)
        info[eid] = {"name": name, "sector": sector, "criticality": crit}
    return info


def _parties(doc_key: str, info: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    parties = [{"uuid": _uuid(doc_key, "party", "cyberplan"), "type": "organization", "name": "cyberplan",
                "remarks": "The tool that produced this document."}]
    for eid, i in info.items():
        props = [_prop("entity-id", eid)]
        if i.get("sector"):
            props.append(_prop("sector", i["sector"]))
        if i.get("criticality") is not None:
            props.append(_prop("criticality", i["criticality"]))
        parties.append({"uuid": _uuid("entity", eid), "type": "organization", "name": _text(i["name"], eid),
                        "props": props})
    return parties


def _tool_origin(doc_key: str) -> list[dict[str, Any]]:
    return [{"actors": [{"type": "tool", "actor-uuid": _uuid(doc_key, "party", "cyberplan")}]}]


def _subject(eid: str, name: str) -> dict[str, Any]:
    return {"subject-uuid": _uuid("entity", eid), "type": "party", "title": _text(name, eid)}


def _level_name(levels: dict, value: int) -> str:
    name = levels.get(value) if isinstance(levels, dict) else None
    if name is None and isinstance(levels, dict):
        name = levels.get(str(value))
    return f"{value} ({name})" if name else str(value)


# --------------------------------------------------------------------------- assessment results

def assessment_results(out: Output) -> dict[str, Any]:
    fw, assessment, targets = _context(out)
    data = out.data
    framework_id = data.get("framework")
    ruleset_id = data.get("ruleset")
    levels = {int(k): v for k, v in (data.get("levels") or {}).items()}
    top = max(levels) if levels else None
    assessed = _parse_date(getattr(assessment, "assessed", None)) if assessment is not None else None
    when = _ts(assessed or FALLBACK_DATE)
    entities = data.get("entities") or []
    content_key = json.dumps(data, sort_keys=True, default=str)
    doc_key = _uuid("assessment-results", content_key)
    info = _entity_info([_EntityStub(e) for e in entities], assessment)
    leaves = None
    title_of: dict[str, str] = {}
    if fw is not None:
        leaves = set(fw.leaves)
        title_of = {k: n.title for k, n in fw.nodes.items()}
    observations, findings = [], []
    for e in entities:
        eid = e["id"]
        name = info[eid]["name"]
        for oid, lvl in e.get("levels", {}).items():
            is_leaf = oid in leaves if leaves is not None else oid in e.get("decided_by", {}) or _looks_leaf(oid, e)
            if not is_leaf:
                continue
            rule = e.get("decided_by", {}).get(oid)
            target = _target(targets, eid, oid, top, fw)
            obs_uuid = _uuid(doc_key, "obs", eid, oid)
            desc = (f"{name}: {oid}{' ' + title_of[oid] if oid in title_of else ''} is at level "
                    f"{_level_name(levels, lvl)}"
                    + (f", decided by rule {rule}" if rule else ", no rule holds for level 1")
                    + f" of ruleset {ruleset_id}.")
            obs_props = [_prop("outcome", oid), _prop("level", lvl)]
            if rule:
                obs_props.append(_prop("decided-by", rule))
            observations.append({
                "uuid": obs_uuid, "title": _text(f"{eid} {oid} level {lvl}"), "description": desc,
                "props": obs_props, "methods": ["EXAMINE"], "types": ["finding"],
                "origins": _tool_origin(doc_key), "subjects": [_subject(eid, name)], "collected": when})
            satisfied = target is not None and lvl >= target
            findings.append({
                "uuid": _uuid(doc_key, "finding", eid, oid), "title": _text(f"{eid} {oid}"),
                "description": _text(f"{name}: {oid} at level {lvl}"
                                     + (f" against a target of {target}" if target is not None else "") + "."),
                "props": [_prop("entity", eid), _prop("level", lvl)]
                + ([_prop("target", target)] if target is not None else []),
                "origins": _tool_origin(doc_key),
                "target": {"type": "objective-id", "target-id": _token(oid),
                           "title": _text(title_of.get(oid, oid)),
                           "status": {"state": "satisfied" if satisfied else "not-satisfied"}},
                "related-observations": [{"observation-uuid": obs_uuid}]})
        for f in e.get("findings", []):
            findings.append({
                "uuid": _uuid(doc_key, "rule-finding", eid, f.get("rule"), f.get("text")),
                "title": _text(f"{eid}: {f.get('text')}"),
                "description": _text(f"{name}: {f.get('text')} (severity {f.get('severity')}, rule {f.get('rule')})."),
                "props": [_prop("entity", eid), _prop("severity", f.get("severity")), _prop("rule", f.get("rule"))],
                "origins": _tool_origin(doc_key),
                "target": {"type": "statement-id", "target-id": _token(f.get("rule") or "finding"),
                           "status": {"state": "not-satisfied"}}})
    fw_title = data.get("framework_title") or (fw.title if fw is not None else framework_id)
    result = {
        "uuid": _uuid(doc_key, "result"),
        "title": _text(f"Maturity assessment against {fw_title}"),
        "description": _text(f"Levels of every outcome for {len(entities)} entities, decided by the declarative "
                             f"ruleset {ruleset_id} (evaluated by durable-rules)."),
        "start": when, "end": when,
        "props": [_prop("framework", framework_id), _prop("ruleset", ruleset_id)],
        "reviewed-controls": {"description": "Every outcome of the framework was assessed.",
                              "control-selections": [{"include-all": {}}]},
    }
    if observations:
        result["observations"] = observations
    if findings:
        result["findings"] = findings
    resource = _uuid(doc_key, "resource", "assessment-plan")
    return {"assessment-results": {
        "uuid": doc_key,
        "metadata": {"title": _text(f"cyberplan assessment results: {fw_title}"), "last-modified": when,
                     "version": "1", "oscal-version": OSCAL_VERSION,
                     "props": [_prop("framework", framework_id), _prop("ruleset", ruleset_id)],
                     "parties": _parties(doc_key, info)},
        "import-ap": {"href": f"#{resource}",
                      "remarks": "The questionnaire of the framework plays the part of the assessment plan."},
        "results": [result],
        "back-matter": {"resources": [{"uuid": resource, "title": _text(f"Questionnaire of {fw_title}"),
                                       "description": _text(f"The framework {framework_id}'s questionnaire "
                                                            f"(cyberplan questionnaire {framework_id}).")}]},
    }}


class _EntityStub:
    def __init__(self, e: dict[str, Any]):
        self.id = e["id"]
        self.name = e.get("name")
        self.sector = e.get("sector")
        self.criticality = e.get("criticality")


def _looks_leaf(oid: str, e: dict[str, Any]) -> bool:
    """Without the framework: an outcome is a leaf when no other outcome id extends it."""
    return not any(o != oid and (o.startswith(oid + ".") or o.startswith(oid + "-")) for o in e.get("levels", {}))


def _token(s: str) -> str:
    """An OSCAL token (NCName): letters, digits, '.', '-', '_', starting with a letter or '_'."""
    out = "".join(c if (c.isalnum() or c in "._-") else "_" for c in str(s))
    if not out or not (out[0].isalpha() or out[0] == "_"):
        out = "_" + out
    return out


def _target(targets, eid: str, oid: str, top: int | None, fw) -> int | None:
    if targets is not None:
        from cyberplan.engine.assess.targets import target_for
        return target_for(targets, eid, oid, fw.max_level if fw is not None else (top or 0))
    return top


# --------------------------------------------------------------------------- POA&M

def _period_bounds(config: dict[str, Any], t: int) -> tuple[_dt.date, _dt.date]:
    """The first day of period t and the last day of period t."""
    start = str(config.get("start") or "2000-01")
    year, month = (int(x) for x in start.split("-")[:2])
    months = {"month": 1, "quarter": 3, "year": 12}.get(config.get("period") or "quarter", 3)

    def first(k: int) -> _dt.date:
        m0 = (month - 1) + k * months
        return _dt.date(year + m0 // 12, m0 % 12 + 1, 1)
    return first(t), first(t + 1) - _dt.timedelta(days=1)


def poam(out: Output) -> dict[str, Any]:
    data = out.data
    fw, assessment, _ = _context(out)
    config = data.get("config") or {}
    assessed = _parse_date(getattr(assessment, "assessed", None)) if assessment is not None else None
    when = _ts(assessed or _period_bounds(config, 0)[0] if config.get("start") else assessed or FALLBACK_DATE)
    content_key = json.dumps({k: data.get(k) for k in ("framework", "ruleset", "status", "actions", "spend",
                                                       "unmet_targets", "config")}, sort_keys=True, default=str)
    doc_key = _uuid("poam", content_key)
    entity_ids = list((data.get("maturity") or {}).keys())
    for a in data.get("actions", []):
        for eid in ([a["entity"]] if a["entity"] != "*" else []) + list(a.get("serves") or []):
            if eid not in entity_ids and eid != "*":
                entity_ids.append(eid)
    info = _entity_info(entity_ids, assessment)
    title_of = {k: n.title for k, n in fw.nodes.items()} if fw is not None else {}
    unit = (data.get("objective") or {}).get("unit", "")
    risks, items, observations = [], [], []
    for a in data.get("actions", []):
        key = (a["entity"], a["control"])
        subjects = ([a["entity"]] if a["entity"] in info else [e for e in (a.get("serves") or []) if e in info]
                    or list(info))
        first, _ = _period_bounds(config, a["start"])
        _, last = _period_bounds(config, a["finish"])
        closes = ", ".join(f"{r['entity']} {r['outcome']} {r['from']}→{r['to']}" for r in a.get("raises", []))
        who = "every entity served" if a["entity"] == "*" else info.get(a["entity"], {}).get("name", a["entity"])
        risk_uuid = _uuid(doc_key, "risk", *key)
        obs_uuid = _uuid(doc_key, "obs", *key)
        gaps = [f"{r['outcome']}{' ' + title_of[r['outcome']] if r['outcome'] in title_of else ''} at level "
                f"{r['from']} ({r['entity']})" for r in a.get("raises", [])]
        observations.append({
            "uuid": obs_uuid, "title": _text(f"Gaps {a['control']} closes at {a['entity']}"),
            "description": _text("Below target: " + ("; ".join(gaps) if gaps else "prerequisite of other actions")
                                 + "."),
            "methods": ["EXAMINE"], "types": ["finding"], "origins": _tool_origin(doc_key),
            "subjects": [_subject(e, info[e]["name"]) for e in subjects], "collected": when})
        risks.append({
            "uuid": risk_uuid,
            "title": _text(f"{who}: gaps closed by {a['control']} {a['title']}"),
            "description": _text(f"Outcomes below target at {who} that {a['control']} raises: "
                                 f"{closes or 'none directly (a prerequisite)'}."),
            "statement": _text(a.get("why") or "Planned by cyberplan's optimiser."),
            "props": [_prop("entity", a["entity"]), _prop("control", a["control"]),
                      _prop("benefit", f"{a['benefit']:.2f} {unit}".strip())],
            "status": "open",
            "origins": _tool_origin(doc_key),
            "deadline": _ts(last),
            "remediations": [{
                "uuid": _uuid(doc_key, "response", *key),
                "lifecycle": "planned",
                "title": _text(f"{a['control']} {a['title']}"),
                "description": _text(f"Implement {a['control']} ({a['title']}) at {who}, periods "
                                     f"{a['start_period']} to {a['finish_period']}; capex {a['capex']:,.0f}, "
                                     f"opex {a['opex_per_year']:,.0f} per year, effort {a['effort']:,.1f} "
                                     "person-days."),
                "props": [_prop("rank", a["rank"]), _prop("cost", f"{a['cost']:.2f}"),
                          _prop("capex", f"{a['capex']:.2f}"), _prop("opex-per-year", f"{a['opex_per_year']:.2f}"),
                          _prop("effort-person-days", f"{a['effort']:.1f}")]
                + ([_prop("mandatory", "true")] if a.get("mandatory") else []),
                "origins": _tool_origin(doc_key),
                "tasks": [{"uuid": _uuid(doc_key, "task", *key), "type": "milestone",
                           "title": _text(f"{a['control']} complete at {who}"),
                           "description": _text(f"Work from {a['start_period']} to {a['finish_period']}; complete "
                                                f"at the end of {a['finish_period']}."),
                           "timing": {"within-date-range": {"start": _ts(first), "end": _ts(last)}}}],
            }],
            "related-observations": [{"observation-uuid": obs_uuid}],
        })
        items.append({
            "uuid": _uuid(doc_key, "item", *key),
            "title": _text(f"#{a['rank']} {a['control']} {a['title']} ({a['entity']})"),
            "description": _text(a.get("why") or f"Implement {a['control']}."),
            "props": [_prop("rank", a["rank"]), _prop("entity", a["entity"]), _prop("control", a["control"]),
                      _prop("start-period", a["start_period"]), _prop("finish-period", a["finish_period"]),
                      _prop("cost", f"{a['cost']:.2f}")],
            "related-observations": [{"observation-uuid": obs_uuid}],
            "related-risks": [{"risk-uuid": risk_uuid}],
        })
    for u in data.get("unmet_targets", []):
        key = ("unmet", u["entity"], u["outcome"])
        risk_uuid = _uuid(doc_key, "risk", *key)
        name = info.get(u["entity"], {}).get("name", u["entity"])
        risks.append({
            "uuid": risk_uuid,
            "title": _text(f"{name}: {u['outcome']} stays below target"),
            "description": _text(f"{u['outcome']}{' ' + title_of[u['outcome']] if u['outcome'] in title_of else ''}"
                                 f" is at level {u['current']}, target {u['target']}; the plan reaches "
                                 f"{u['reached']} within the horizon."),
            "statement": _text("No planned action closes this gap within the budget, capacity and horizon."),
            "props": [_prop("entity", u["entity"]), _prop("outcome", u["outcome"]), _prop("target", u["target"]),
                      _prop("reached", u["reached"])],
            "status": "open", "origins": _tool_origin(doc_key)})
        items.append({
            "uuid": _uuid(doc_key, "item", *key),
            "title": _text(f"Open: {u['entity']} {u['outcome']} below target"),
            "description": _text(f"Target {u['target']} not reached within the plan's horizon (reached "
                                 f"{u['reached']}); a larger budget or a longer horizon is needed."),
            "props": [_prop("entity", u["entity"]), _prop("outcome", u["outcome"])],
            "related-risks": [{"risk-uuid": risk_uuid}]})
    if not items:   # a POA&M has at least one item: say why there is nothing to do
        items.append({"uuid": _uuid(doc_key, "item", "none"),
                      "title": _text(f"No actions planned (status {data.get('status')})"),
                      "description": _text(data.get("reason") or "Every target is met or no action fits the budget."),
                      "props": [_prop("status", data.get("status"))]})
    fw_title = fw.title if fw is not None else data.get("framework")
    obj = data.get("objective") or {}
    body: dict[str, Any] = {
        "uuid": doc_key,
        "metadata": {"title": _text(f"cyberplan plan of action and milestones: {fw_title}"), "last-modified": when,
                     "version": "1", "oscal-version": OSCAL_VERSION,
                     "props": [_prop("framework", data.get("framework")), _prop("ruleset", data.get("ruleset")),
                               _prop("status", data.get("status")),
                               _prop("benefit", f"{obj.get('benefit', 0):.2f} {unit}".strip()),
                               _prop("cost", f"{obj.get('cost', 0):.2f}")],
                     "parties": _parties(doc_key, info)},
        "system-id": {"identifier-type": "https://ietf.org/rfc/rfc4122", "id": _uuid("portfolio", *sorted(info))},
    }
    if observations:
        body["observations"] = observations
    if risks:
        body["risks"] = risks
    body["poam-items"] = items
    return {"plan-of-action-and-milestones": body}


def to_oscal(out: Output) -> str:
    if out.kind == "plan":
        doc = poam(out)
    elif out.kind == "assessment":
        doc = assessment_results(out)
    else:
        raise ValueError(f"no OSCAL form for {out.kind} output")
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
