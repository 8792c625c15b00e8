"""An OSCAL catalog, or a resolved profile catalog (a baseline), JSON or YAML -> a cyberplan framework.

- groups (families) -> controls -> enhancements (controls nested in controls) become the outcome
  tree. A control with enhancements is a parent: its own requirement is assessed as a first leaf
  under it, `<label>.base`. Withdrawn controls (prop `status: withdrawn`) are left out.
- Ids are the controls' `label` props (AC-2, AC-2(1)) where given, else their OSCAL ids; siblings
  are ordered by their `sort-id` props (else as listed). The OSCAL id is kept as the outcome's `urn`.
- The `statement` part (its items labelled, parameters shown as "[Assignment: ...]") is the text of
  one graded question per leaf, on the stated default scale; the `guidance` part is its help.
- One placeholder control per leaf ("Implement ..."), cost, effort and duration unknown.

An OSCAL profile that is not resolved (it imports a catalog by reference) is refused: resolve it
first (NIST publishes resolved-profile catalogs of its baselines; compliance-trestle resolves others).
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError
from cyberplan.engine.importers.ciso_assistant import _validated
from cyberplan.engine.importers.defaults import (
    DEFAULT_SCALE,
    Draft,
    Evidence,
    framework_id,
    graded_question,
    placeholder_control,
)
from cyberplan.engine.inputs.read import read_document

_INSERT = re.compile(r"\{\{\s*insert:\s*param,\s*([^}\s]+)\s*\}\}")
HELP_LIMIT = 2000   # characters of guidance kept as a question's help


def _prop(obj: dict, name: str) -> str | None:
    for p in obj.get("props") or []:
        if p.get("name") == name and not p.get("class"):
            return str(p.get("value"))
    for p in obj.get("props") or []:
        if p.get("name") == name:
            return str(p.get("value"))
    return None


def _withdrawn(c: dict) -> bool:
    return (_prop(c, "status") or "").lower() == "withdrawn"


def _param_text(p: dict | None, pid: str) -> str:
    if p is None:
        return f"[Assignment: {pid}]"
    if p.get("values"):
        return ", ".join(str(v) for v in p["values"])
    sel = p.get("select")
    if isinstance(sel, dict) and sel.get("choice"):
        how = " (one or more)" if sel.get("how-many") == "one-or-more" else ""
        return f"[Selection{how}: " + "; ".join(_INSERT.sub(lambda m: m.group(1), str(c)) for c in sel["choice"]) + "]"
    if p.get("label"):
        label = " ".join(str(p["label"]).split())
        return f"[Assignment: {label if label.startswith('organization-defined') else 'organization-defined ' + label}]"
    return f"[Assignment: {pid}]"


def _prose(part: dict, params: dict[str, dict], indent: int = 0) -> list[str]:
    lines = []
    label = _prop(part, "label")
    text = _INSERT.sub(lambda m: _param_text(params.get(m.group(1)), m.group(1)), str(part.get("prose") or ""))
    text = " ".join(text.split())
    if text or label:
        lines.append(("  " * indent) + (f"{label} " if label else "") + text)
    for sub in part.get("parts") or []:
        lines += _prose(sub, params, indent + 1)
    return lines


def _part(c: dict, name: str) -> dict | None:
    return next((p for p in c.get("parts") or [] if p.get("name") == name), None)


def _sorted(items: list[dict]) -> list[dict]:
    keyed = [(_prop(c, "sort-id"), i, c) for i, c in enumerate(items)]
    if all(k is not None for k, _, _ in keyed):
        keyed.sort(key=lambda t: (t[0], t[1]))
    return [c for _, _, c in keyed]


def read_catalog(path: str | Path) -> tuple[dict, str]:
    doc = read_document(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    if "profile" in data:
        raise InputError("an OSCAL profile that is not resolved: it imports its controls by reference",
                         file=str(path), path="profile",
                         hint="import the resolved-profile catalog (NIST publishes one per baseline), or resolve "
                              "it with compliance-trestle")
    cat = data.get("catalog")
    if not isinstance(cat, dict):
        raise InputError("not an OSCAL catalog: expected a top-level `catalog`", file=str(path), line=1)
    return cat, str(path)


def import_catalog(path: str | Path, *, fid: str | None = None) -> Draft:
    cat, file = read_catalog(path)
    meta = cat.get("metadata") or {}
    levels = [{"value": i, "name": n} for i, n in enumerate(DEFAULT_SCALE)]
    questions: list[dict] = []
    evidence: dict[str, Evidence] = {}
    controls: list[dict] = []
    counts = {"groups": 0, "controls": 0, "enhancements": 0, "withdrawn": 0}
    used: set[str] = set()
    params: dict[str, dict] = {}

    def collect_params(c: dict) -> None:
        for p in c.get("params") or []:
            if p.get("id"):
                params[p["id"]] = p

    def fresh(oid: str) -> str:
        while oid in used:
            oid += "'"
        used.add(oid)
        return oid

    def leaf(oid: str, title: str, c: dict, urn: str | None) -> dict:
        collect_params(c)
        stmt = _part(c, "statement")
        text = textwrap.dedent("\n".join(_prose(stmt, params))).strip() if stmt else ""
        guidance = _part(c, "guidance")
        help_text = " ".join(_prose(guidance, params)) if guidance else None
        if help_text and len(help_text) > HELP_LIMIT:
            help_text = help_text[:HELP_LIMIT - 1].rstrip() + "…"
        qid = f"{oid}.q1"
        q = graded_question(qid, oid, text or title, levels, help_text)
        questions.append({**q, "urn": urn} if urn else q)
        evidence[qid] = Evidence("graded")
        controls.append(placeholder_control(fresh(f"DO-{oid}"), f"Implement {oid}: {title}",
                                            {qid: levels[-1]["name"]}))
        out = {"id": oid, "title": title}
        if urn:
            out["urn"] = urn
        return out

    def control(c: dict, depth: int) -> dict | None:
        if _withdrawn(c):
            counts["withdrawn"] += 1
            return None
        counts["enhancements" if depth else "controls"] += 1
        collect_params(c)
        oid = fresh(_prop(c, "label") or str(c.get("id")))
        title = " ".join(str(c.get("title") or oid).split())
        kids = [k for k in (control(e, depth + 1) for e in _sorted(c.get("controls") or [])) if k is not None]
        if not kids:
            return leaf(oid, title, c, c.get("id"))
        base = leaf(fresh(f"{oid}.base"), f"{title} (the control itself)", c, None)
        return {"id": oid, "title": title, "urn": c.get("id"), "children": [base] + kids}

    def group(g: dict) -> dict | None:
        counts["groups"] += 1
        oid = fresh(_prop(g, "label") or str(g.get("id") or f"group-{counts['groups']}").upper())
        kids = [k for k in (group(s) for s in g.get("groups") or []) if k is not None]
        kids += [k for k in (control(c, 0) for c in _sorted(g.get("controls") or [])) if k is not None]
        if not kids:
            return None
        return {"id": oid, "title": " ".join(str(g.get("title") or oid).split()), "urn": g.get("id"),
                "children": kids}

    outcomes = [o for o in (group(g) for g in cat.get("groups") or []) if o is not None]
    outcomes += [o for o in (control(c, 0) for c in _sorted(cat.get("controls") or [])) if o is not None]
    if not outcomes:
        raise InputError("the catalog holds no controls", file=file, path="catalog")
    title = " ".join(str(meta.get("title") or "Imported OSCAL catalog").split())
    parties = [p.get("name") for p in meta.get("parties") or [] if isinstance(p, dict) and p.get("name")]
    data: dict[str, Any] = {
        "id": fid or framework_id(title)[:60].strip("-._"), "title": title,
        "version": str(meta["version"]) if meta.get("version") else None,
        "publisher": parties[0] if parties else None,
        "source": f"OSCAL catalog {cat.get('uuid')} (OSCAL {meta.get('oscal-version', '?')}"
                  + (f", last modified {meta['last-modified']}" if meta.get("last-modified") else "") + ")",
        "urn": cat.get("uuid"), "levels": levels, "outcomes": outcomes, "questions": questions,
        "controls": controls,
    }
    fw = _validated({k: v for k, v in data.items() if v is not None}, file)
    n_leaf = len(fw.leaves)
    summary = [f"{len(fw.outcomes)} top-level outcomes ({counts['groups']} groups), {counts['controls']} controls "
               f"and {counts['enhancements']} enhancements ({counts['controls'] + counts['enhancements']} in all), "
               f"{n_leaf} leaf outcomes, {len(fw.questions)} questions, {len(fw.controls)} controls",
               "levels: OSCAL catalogs define none; the default scale " + ", ".join(DEFAULT_SCALE)]
    warnings = [f"{counts['withdrawn']} withdrawn controls left out"] if counts["withdrawn"] else []
    return Draft(fw, evidence, warnings=warnings, summary=summary)
