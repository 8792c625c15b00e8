"""A CISO Assistant library (YAML) -> a cyberplan framework, its default ruleset's evidence,
placeholder controls and mapping sets.

- Outcomes come from `requirement_nodes`, a tree by `parent_urn`, keyed on `urn` (`ref_id` is
  missing on some nodes). A topmost assessable node is a leaf outcome; assessable nodes under it
  (a requirement's bullet points) are more questions of that leaf; non-assessable nodes are parents,
  and those with nothing assessable under them (headings, notes, definitions) are left out.
- Levels: from `scores_definition` (level = score - min_score: the lowest score is level 0); else
  from `implementation_groups_definition` when the groups are maturity levels (every requirement's
  groups are the group it starts at and every one above it, as the Essential Eight's '1','2','3'):
  each requirement is then a question of its parent at the level of its lowest group; else the
  stated default scale (`defaults.DEFAULT_SCALE`).
- Questions: the library's own `questions` (unique choice and boolean; `depends_on` kept), else
  one graded question per assessable requirement, its description as the text and its
  `typical_evidence` (and annotation) as help.
- Controls: the `reference_controls` the requirements name (those defined in a library not given
  are titled by their URN), each implementing the best answers of the outcomes that name it; an
  outcome no reference control names gets a control of its own. All are placeholders: cost, effort
  and duration `unknown` until filled.
- `translations` are kept; `copyright`, `provider` and `urn` become the licence, publisher and source.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError, Problem
from cyberplan.engine.importers.defaults import (
    DEFAULT_SCALE,
    LEVEL_OPTIONS,
    Draft,
    Evidence,
    best_answers_of,
    framework_id,
    graded_question,
    placeholder_control,
    unique,
)
from cyberplan.engine.inputs.read import read_document
from cyberplan.engine.models import Framework
from cyberplan.engine.models.mapping import MappingSet

_RESULT_RANK = {"not_applicable": -1, "non_compliant": 0, None: 1, "partially_compliant": 2, "compliant": 3}
_GRADABLE = ("unique_choice", "boolean")


def _tail(urn: str) -> str:
    return urn.rsplit(":", 1)[-1]


def _text(v: Any) -> str:
    return " ".join(str(v).split()) if v is not None else ""


def _short(text: str, limit: int = 110) -> str:
    first = text.split(". ")[0].strip()
    return first if len(first) <= limit else first[:limit - 1].rstrip() + "…"


def _tr(node: dict, fields: dict[str, str]) -> dict:
    """A node's `translations`, its keys renamed to ours ({name: title, ...})."""
    out = {}
    for lang, t in (node.get("translations") or {}).items():
        if isinstance(t, dict):
            kept = {ours: _text(t[theirs]) for theirs, ours in fields.items() if t.get(theirs)}
            if kept:
                out[str(lang)] = kept
    return out


def read_library(path: str | Path) -> tuple[dict, str]:
    doc = read_document(path)
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("objects"), dict):
        raise InputError("not a CISO Assistant library: expected a mapping with `urn` and `objects`", file=str(path),
                         line=1)
    return data, str(path)


def _levels(fw_obj: dict, nodes: list[dict], warnings: list[str]) -> tuple[list[dict], dict[str, int] | None, str]:
    """The scale, the implementation group -> level table when groups are levels, and how it was chosen."""
    scores = fw_obj.get("scores_definition") or []
    if scores:
        lo = min(int(s["score"]) for s in scores)
        levels = [{"value": int(s["score"]) - lo, "name": _text(s.get("name")) or f"Score {s['score']}",
                   **({"description": _text(s["description"])} if s.get("description") else {}),
                   **({"translations": t} if (t := _tr(s, {"name": "name", "description": "description"})) else {})}
                  for s in sorted(scores, key=lambda s: int(s["score"]))]
        return levels, None, f"levels from the library's scores {lo}..{max(int(s['score']) for s in scores)} " \
                             f"(score {lo} is level 0)"
    if fw_obj.get("min_score") is not None and fw_obj.get("max_score") is not None:
        lo, hi = int(fw_obj["min_score"]), int(fw_obj["max_score"])
        return ([{"value": v - lo, "name": f"Score {v}"} for v in range(lo, hi + 1)], None,
                f"levels from the library's score range {lo}..{hi}")
    groups = fw_obj.get("implementation_groups_definition") or []
    order = [str(g["ref_id"]) for g in groups]
    used = [[str(x) for x in n.get("implementation_groups") or []] for n in nodes if n.get("assessable")]
    if order and any(used) and all(not u or u == order[order.index(u[0]):] for u in used if u[0] in order) \
            and all(not u or u[0] in order for u in used):
        levels = [{"value": 0, "name": "Not met"}]
        for i, g in enumerate(groups, start=1):
            name = _text(g.get("name")) or str(g["ref_id"])
            levels.append({"value": i, "name": f"Level {name}" if name.isdigit() else name,
                           **({"description": _text(g["description"])} if g.get("description") else {})})
        return levels, {gid: i for i, gid in enumerate(order, start=1)}, \
            "levels from the implementation groups (" + ", ".join(order) + "), which are maturity levels here"
    if order:
        warnings.append("the implementation groups (" + ", ".join(order) + ") are not cumulative levels, so not used "
                        "as the scale: the default scale is used")
    return ([{"value": i, "name": n} for i, n in enumerate(DEFAULT_SCALE)], None,
            "the library defines no scores or maturity groups: the default scale " + ", ".join(DEFAULT_SCALE))


def _choice_order(q: dict) -> tuple[list[str], list[str], list[str], bool]:
    """Options worst first, the compliant and partly compliant ones, and whether the order was known."""
    choices = q.get("choices") or []
    known = all(c.get("compute_result") is not None or c.get("add_score") is not None for c in choices)
    ranked = sorted(enumerate(choices), key=lambda ic: (_RESULT_RANK.get(ic[1].get("compute_result"), 1),
                                                        float(ic[1].get("add_score") or 0),
                                                        ic[0] if known else -ic[0]))
    options = unique([_text(c.get("value")) or _tail(c["urn"]) for _, c in ranked])
    results = [c.get("compute_result") for _, c in ranked]
    if any(r is not None for r in results):
        met = [o for o, r in zip(options, results) if r in ("compliant", "not_applicable")]
        partial = [o for o, r in zip(options, results) if r == "partially_compliant"]
    else:
        scores = [float(c.get("add_score") or 0) for _, c in ranked]
        best = max(scores) if scores else 0
        met = [o for o, s in zip(options, scores) if s == best]
        partial = [o for o, s in zip(options, scores) if 0 < s < best]
    return options, met, partial, known


def to_draft(data: dict, file: str, *, fid: str | None = None) -> Draft:
    objects = data["objects"]
    fw_obj = objects.get("framework")
    if not isinstance(fw_obj, dict):
        raise InputError("the library holds no `framework` (a mapping-only library is imported with its "
                         "frameworks installed: see `cyberplan import ciso-assistant --help`)", file=file,
                         path="objects")
    warnings: list[str] = []
    summary: list[str] = []
    nodes = [n for n in fw_obj.get("requirement_nodes") or [] if isinstance(n, dict) and n.get("urn")]
    if not nodes:
        raise InputError("the framework has no requirement_nodes", file=file, path="objects.framework")
    deps = [d for d in data.get("dependencies") or []]
    if deps:
        warnings.append("the library depends on " + ", ".join(deps) + " (not given): reference controls defined "
                        "there are titled by their URN; everything else is imported")
    levels, group_level, how = _levels(fw_obj, nodes, warnings)
    summary.append(how)
    by_urn = {n["urn"]: n for n in nodes}
    kids: dict[str | None, list[dict]] = {}
    orphans = 0
    for n in nodes:
        parent = n.get("parent_urn")
        if parent is not None and parent not in by_urn:
            orphans += 1
            parent = None
        kids.setdefault(parent, []).append(n)
    if orphans:
        warnings.append(f"{orphans} requirement nodes name a parent_urn the library lacks: placed at the top")

    assessable_below: dict[str, bool] = {}

    def has_assessable(n: dict) -> bool:
        if n["urn"] not in assessable_below:
            assessable_below[n["urn"]] = bool(n.get("assessable")) or any(
                has_assessable(k) for k in kids.get(n["urn"], []))
        return assessable_below[n["urn"]]

    def is_leaf(n: dict, is_root: bool) -> bool:
        if group_level is None:
            return bool(n.get("assessable"))
        return (bool(n.get("assessable")) and is_root) or any(k.get("assessable") for k in kids.get(n["urn"], []))

    refs = [str(n["ref_id"]) for n in nodes if n.get("ref_id") not in (None, "")]
    unique_refs = {r for r in refs if refs.count(r) == 1}
    used_ids: set[str] = set()

    def node_id(n: dict, parent_id: str | None, index: int) -> str:
        ref = str(n.get("ref_id") or "")
        oid = ref if ref in unique_refs else (f"{parent_id}.{index}" if parent_id else _tail(n["urn"]))
        while oid in used_ids:
            oid += "'"
        used_ids.add(oid)
        return oid

    def title_of(n: dict, oid: str) -> str:
        if n.get("name"):
            return _text(n["name"])
        return _short(_text(n.get("description"))) or oid

    questions: list[dict] = []
    evidence: dict[str, Evidence] = {}
    leaf_of_req: dict[str, str] = {}          # requirement urn -> leaf outcome id
    q_of_urn: dict[str, str] = {}             # library question urn -> question id
    choice_value: dict[str, str] = {}         # choice urn -> option
    pending_deps: list[tuple[dict, dict]] = []
    skipped: dict[str, int] = {}
    unordered = 0
    dropped = 0
    ungrouped = 0

    def questions_for(leaf: str, reqs: list[dict]) -> None:
        nonlocal unordered, ungrouped
        n_q = 0
        for r in reqs:
            leaf_of_req[r["urn"]] = leaf
            text = _text(r.get("description")) or _text(r.get("name")) or str(r.get("ref_id") or leaf)
            helps = [f"Typical evidence: {_text(r['typical_evidence'])}" if r.get("typical_evidence") else "",
                     str(r["annotation"]).strip() if r.get("annotation") else ""]
            help_text = "\n\n".join(h for h in helps if h) or None
            tr = _tr(r, {"description": "text", "typical_evidence": "help"})
            own = r.get("questions") or {}
            made = 0
            for qurn, q in (own.items() if isinstance(own, dict) else []):
                if not isinstance(q, dict):
                    continue
                kind = q.get("type")
                if kind not in _GRADABLE:
                    skipped[str(kind)] = skipped.get(str(kind), 0) + 1
                    continue
                n_q += 1
                qid = f"{leaf}.q{n_q}"
                qtr = {lang: {"text": _text(t["text"])} for lang, t in (q.get("translations") or {}).items()
                       if isinstance(t, dict) and t.get("text")}
                base = {"id": qid, "outcome": leaf, "text": _text(q.get("text")) or text, "urn": qurn,
                        **({"help": help_text} if help_text else {}), **({"translations": qtr} if qtr else {})}
                if kind == "boolean":
                    questions.append({**base, "type": "boolean"})
                    evidence[qid] = Evidence("pass", met=[True])
                else:
                    options, met, partial, known = _choice_order(q)
                    if len(options) < 2 or not met or len(met) == len(options):
                        n_q -= 1
                        skipped["unique_choice without a failing answer"] = skipped.get(
                            "unique_choice without a failing answer", 0) + 1
                        continue
                    unordered += not known
                    for c in q.get("choices") or []:
                        choice_value[c["urn"]] = _text(c.get("value")) or _tail(c["urn"])
                    questions.append({**base, "type": "choice", "options": options})
                    evidence[qid] = Evidence("pass", met=met, partial=partial)
                q_of_urn[qurn] = qid
                if q.get("depends_on"):
                    pending_deps.append((questions[-1], q["depends_on"]))
                made += 1
            if made:
                continue
            n_q += 1
            qid = f"{leaf}.q{n_q}"
            if group_level is not None:
                groups = [str(g) for g in r.get("implementation_groups") or []]
                lv = min((group_level[g] for g in groups if g in group_level), default=1)
                ungrouped += not groups
                questions.append({"id": qid, "outcome": leaf, "type": "choice", "options": list(LEVEL_OPTIONS),
                                  "level": lv, "text": text, "urn": r["urn"],
                                  **({"help": help_text} if help_text else {}),
                                  **({"translations": tr} if tr else {})})
                evidence[qid] = Evidence("level")
            else:
                questions.append({**graded_question(qid, leaf, text, levels, help_text, tr or None), "urn": r["urn"]})
                evidence[qid] = Evidence("graded")

    def assessable_in(n: dict) -> list[dict]:
        out = [n] if n.get("assessable") else []
        for k in kids.get(n["urn"], []):
            out += assessable_in(k)
        return out

    def build(n: dict, parent_id: str | None, index: int, is_root: bool) -> dict | None:
        nonlocal dropped
        if not has_assessable(n):
            dropped += 1 + len(_all_below(n))
            return None
        oid = node_id(n, parent_id, index)
        out: dict[str, Any] = {"id": oid, "title": title_of(n, oid)}
        desc = _text(n.get("description"))
        if desc and desc != out["title"]:
            out["description"] = desc
        out["urn"] = n["urn"]
        tr = _tr(n, {"name": "title", "description": "description"})
        if tr:
            out["translations"] = tr
        if is_leaf(n, is_root):
            reqs = assessable_in(n) if group_level is None else [
                r for k in kids.get(n["urn"], []) for r in assessable_in(k)] or [n]
            if group_level is not None and n.get("assessable") and n not in reqs:
                reqs.insert(0, n)
            dropped += sum(1 for k in _all_below(n) if not k.get("assessable"))
            questions_for(oid, reqs)
            leaf_of_req[n["urn"]] = oid
            return out
        children = []
        for k in kids.get(n["urn"], []):
            child = build(k, oid, len(children) + 1, False)
            if child is not None:
                children.append(child)
        out["children"] = children
        return out

    def _all_below(n: dict) -> list[dict]:
        out = []
        for k in kids.get(n["urn"], []):
            out += [k] + _all_below(k)
        return out

    outcomes = []
    for n in kids.get(None, []):
        o = build(n, None, len(outcomes) + 1, True)
        if o is not None:
            outcomes.append(o)

    # depends_on: the question it names and the answers (choice urns) that make it asked
    for q, dep in pending_deps:
        parent = q_of_urn.get(str(dep.get("question")))
        answers = [choice_value[a] for a in dep.get("answers") or [] if a in choice_value]
        if parent is None or not answers:
            warnings.append(f"question {q['id']}: depends on {dep.get('question')}, which was not imported: "
                            "asked unconditionally")
            continue
        q["depends_on"] = {"question": parent, "answers": answers}
    if skipped:
        warnings.append("questions left out (no answer a level can be read from): " + ", ".join(
            f"{v} {k}" for k, v in sorted(skipped.items())))
    if ungrouped:
        warnings.append(f"{ungrouped} requirements name no implementation group: counted at the first level")
    if unordered:
        warnings.append(f"{unordered} choice questions give no score or result per choice: their choices are read "
                        "as listed best first; check the options' order")
    if dropped:
        summary.append(f"{dropped} headings and notes without an assessable requirement left out")

    fw_data: dict[str, Any] = {
        "id": fid or framework_id(_tail(str(fw_obj.get("urn") or data.get("urn") or "imported"))),
        "title": _text(fw_obj.get("name") or data.get("name")) or "Imported framework",
        "version": str(data.get("version")) if data.get("version") is not None else None,
        "publisher": _text(data.get("provider")) or None,
        "source": f"CISO Assistant library {data.get('urn')}" + (f" (packaged by {data['packager']})"
                                                                  if data.get("packager") else "")
                  + (f", published {data['publication_date']}" if data.get("publication_date") else ""),
        "licence": _text(data.get("copyright")) or None,
        "description": _text(fw_obj.get("description") or data.get("description")) or None,
        "urn": fw_obj.get("urn"),
        "levels": levels, "outcomes": outcomes, "questions": questions,
    }
    tr = _tr(fw_obj, {"name": "title", "description": "description"}) or _tr(
        data, {"name": "title", "description": "description"})
    if tr:
        fw_data["translations"] = tr
    fw_data = {k: v for k, v in fw_data.items() if v is not None}
    fw = _validated(fw_data, file)
    fw_data["controls"] = _controls(fw, evidence, objects, nodes, leaf_of_req, group_level, warnings)
    fw = _validated(fw_data, file)
    summary.insert(0, f"{len(fw.leaves)} leaf outcomes under {len(fw.outcomes)} top-level outcomes, "
                      f"{len(fw.questions)} questions, {len(fw.controls)} controls")
    return Draft(fw, evidence, warnings=warnings, summary=summary)


def _validated(data: dict, file: str) -> Framework:
    from pydantic import ValidationError
    try:
        fw = Framework.model_validate(data)
    except ValidationError as e:
        raise InputError([Problem(f"the import produced an invalid framework: {x['msg']} at "
                                  + ".".join(str(p) for p in x["loc"]), file=file) for x in e.errors()[:10]]) from None
    problems = fw.problems()
    if problems:
        raise InputError([Problem(f"the import produced an invalid framework: {p}", file=file) for p in problems[:10]])
    return fw


def _controls(fw: Framework, evidence, objects: dict, nodes: list[dict], leaf_of_req: dict[str, str],
              group_level: dict[str, int] | None, warnings: list[str]) -> list[dict]:
    defined = {c["urn"]: c for c in objects.get("reference_controls") or [] if isinstance(c, dict) and c.get("urn")}
    named: dict[str, list[str]] = {}          # reference control urn -> leaves naming it
    for n in nodes:
        leaf = leaf_of_req.get(n["urn"])
        if leaf is None:
            continue
        for urn in n.get("reference_controls") or []:
            if leaf not in named.setdefault(str(urn), []):
                named[str(urn)].append(leaf)
    refs = [str(defined[u].get("ref_id") or _tail(u)) if u in defined else _tail(u) for u in named]
    ids = unique(refs)
    out = []
    undefined = 0
    for cid, (urn, leaves) in zip(ids, named.items()):
        c = defined.get(urn)
        if c is None:
            undefined += 1
            title, desc, tr, tags = f"Reference control {_tail(urn)} (defined in {urn.rsplit(':', 2)[-2]})", None, \
                None, None
        else:
            title = _text(c.get("name")) or cid
            desc = _text(c.get("description")) or None
            tr = _tr(c, {"name": "title", "description": "description"}) or None
            tags = [str(t) for t in (c.get("category"), c.get("csf_function")) if t] or None
        out.append(placeholder_control(cid, title, best_answers_of(fw, evidence, leaves), desc, tr, tags))
    if undefined:
        warnings.append(f"{undefined} reference controls are defined in a library not given: titled by their URN")
    unused = len([u for u in defined if u not in named])
    if unused:
        warnings.append(f"{unused} reference controls no imported requirement names: left out")
    covered = {leaf for leaves in named.values() for leaf in leaves}
    taken = set(ids)
    for leaf in fw.leaves:
        if leaf in covered:
            continue
        title = fw.nodes[leaf].title
        if group_level is None:
            cid = _free(f"DO-{leaf}", taken)
            out.append(placeholder_control(cid, f"Achieve {leaf}: {title}", best_answers_of(fw, evidence, [leaf])))
            continue
        previous = None
        for k in range(1, fw.max_level + 1):
            qs = {q.id: q.best_answer() for q in fw.questions if q.outcome == leaf and q.level == k}
            if not qs:
                continue
            cid = _free(f"DO-{leaf}-L{k}", taken)
            c = placeholder_control(cid, f"{title}: reach {fw.level_name(k)}", qs)
            if previous:
                c["requires"] = [previous]
            out.append(c)
            previous = cid
    return out


def _free(cid: str, taken: set[str]) -> str:
    while cid in taken:
        cid += "'"
    taken.add(cid)
    return cid


# --------------------------------------------------------------------------- mapping sets

_PRIORITY = ("equal", "superset", "subset", "intersect")


def _collapse(rel: str, source_whole: bool, target_whole: bool) -> str:
    """A requirement-level relation read between the outcomes holding the requirements: a part of an
    outcome that equals the target leaves the outcome broader (superset); ..."""
    if source_whole and target_whole:
        return rel
    if not source_whole and rel in ("equal", "superset"):
        rel = "superset"
    elif not source_whole:
        rel = "intersect"
    if not target_whole and rel in ("equal", "subset"):
        rel = "subset"
    elif not target_whole:
        rel = "intersect"
    return rel


class UrnIndex:
    """Requirement URN -> (outcome id, whether the requirement is the whole outcome), for one framework."""

    def __init__(self, fw: Framework):
        self.fw = fw
        self.where: dict[str, tuple[str, bool]] = {}
        per_leaf: dict[str, int] = {}
        for q in fw.questions:
            per_leaf[q.outcome] = per_leaf.get(q.outcome, 0) + 1
        for oid, node in fw.nodes.items():
            if node.urn:
                self.where[node.urn] = (oid, True)
        for q in fw.questions:
            if q.urn and q.urn not in self.where:
                self.where[q.urn] = (q.outcome, per_leaf[q.outcome] == 1)


def mapping_sets(data: dict, frameworks: list[Framework], file: str, warnings: list[str]) -> list[MappingSet]:
    """The library's requirement mapping sets (list or single form) between frameworks we have."""
    objects = data["objects"]
    raw = objects.get("requirement_mapping_sets")
    if raw is None and objects.get("requirement_mapping_set") is not None:
        raw = [objects["requirement_mapping_set"]]
    by_urn = {fw.urn: UrnIndex(fw) for fw in frameworks if fw.urn}
    out = []
    for i, ms in enumerate(raw or []):
        if not isinstance(ms, dict):
            continue
        src, tgt = by_urn.get(ms.get("source_framework_urn")), by_urn.get(ms.get("target_framework_urn"))
        if src is None or tgt is None:
            missing = [u for u, x in ((ms.get("source_framework_urn"), src), (ms.get("target_framework_urn"), tgt))
                       if x is None]
            warnings.append(f"mapping set {ms.get('ref_id') or ms.get('urn')}: framework "
                            + " and ".join(str(m) for m in missing) + " not installed or given: left out")
            continue
        pairs: dict[tuple[str, str], str] = {}
        lost = 0
        for rm in ms.get("requirement_mappings") or []:
            a, b = src.where.get(rm.get("source_requirement_urn")), tgt.where.get(rm.get("target_requirement_urn"))
            rel = rm.get("relationship")
            if a is None or b is None or rel not in _PRIORITY:
                lost += 1
                continue
            rel = _collapse(rel, a[1], b[1])
            key = (a[0], b[0])
            if key not in pairs or _PRIORITY.index(rel) < _PRIORITY.index(pairs[key]):
                pairs[key] = rel
        if lost:
            warnings.append(f"mapping set {ms.get('ref_id') or ms.get('urn')}: {lost} relations name requirements "
                            "that are not imported (or an unknown relationship, such as not_related): left out")
        mid = framework_id(str(ms.get("ref_id") or _tail(str(ms.get("urn") or f"mapping-{i}"))))
        out.append(MappingSet.model_validate({
            "id": mid, "title": _text(ms.get("name")) or None, "from": src.fw.id, "to": tgt.fw.id,
            "source": f"CISO Assistant library {data.get('urn')}" + (
                f" ({_text(data['provider'])})" if data.get("provider") else ""),
            "licence": _text(data.get("copyright")) or None, "urn": ms.get("urn"),
            "mappings": [{"from": a, "to": b, "relationship": rel} for (a, b), rel in pairs.items()]}))
    if not raw and not objects.get("framework"):
        raise InputError("the library holds neither a framework nor a mapping set", file=file, path="objects")
    return out


def import_library(path: str | Path, registry=None, *, fid: str | None = None, others: list[Framework] = ()
                   ) -> tuple[Draft | None, list[MappingSet], list[str]]:
    """(the framework draft or None for a mapping-only library, its mapping sets, warnings).
    Mapping sets relate the library's framework, `others` and the installed frameworks."""
    data, file = read_library(path)
    draft = to_draft(data, file, fid=fid) if isinstance(data["objects"].get("framework"), dict) else None
    warnings = draft.warnings if draft is not None else []
    frameworks = [draft.framework] if draft is not None else []
    frameworks += list(others)
    raw = data["objects"].get("requirement_mapping_sets") or data["objects"].get("requirement_mapping_set")
    if raw and registry is not None:
        wanted = {m.get(k) for m in (raw if isinstance(raw, list) else [raw]) if isinstance(m, dict)
                  for k in ("source_framework_urn", "target_framework_urn")}
        have = {fw.urn for fw in frameworks}
        for ref in sorted(registry.frameworks):
            if not (wanted - have):
                break
            try:
                fw = registry.framework(ref)
            except InputError:
                continue
            if fw.urn in wanted and fw.urn not in have:
                frameworks.append(fw)
                have.add(fw.urn)
    mappings = mapping_sets(data, frameworks, file, warnings)
    if draft is not None:
        draft.mappings = [m for m in mappings if draft.framework.id in (m.from_, m.to)]
    elif not mappings:
        raise InputError("no mapping set of the library could be imported: " + "; ".join(warnings), file=file,
                         hint="install (or pass with --with) the frameworks it relates, imported from their "
                              "CISO Assistant libraries")
    return draft, mappings, warnings
