"""Check our NIST CSF 2.0 outcome tree against a reference copy we did not write.

The reference is an extract of NIST's OSCAL catalog of CSF 2.0 (usnistgov/oscal-content,
see tests/data/nist-csf-2.0/SOURCE.md). Only the standard library and PyYAML are used, so this
test does not depend on the engine.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "data" / "nist-csf-2.0" / "NIST_CSF_v2.0_catalog-extract.json"
FRAMEWORK = ROOT / "frameworks" / "nist-csf-2.0" / "framework.yaml"
QUESTIONS = ROOT / "frameworks" / "nist-csf-2.0" / "questions.yaml"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _withdrawn(node: dict) -> bool:
    return any(p.get("name") == "status" and p.get("value") == "withdrawn" for p in node.get("props", []))


def _prose(node: dict, name: str) -> str:
    return next(p["prose"] for p in node.get("parts", []) if p.get("name") == name)


def reference() -> dict[str, dict[str, tuple[str, str]]]:
    """{'function'|'category'|'subcategory': {id: (title, parent id)}} from the OSCAL catalog."""
    cat = json.loads(REFERENCE.read_text(encoding="utf-8"))["catalog"]
    out: dict[str, dict[str, tuple[str, str]]] = {"function": {}, "category": {}, "subcategory": {}}
    for fn in cat["groups"]:
        if _withdrawn(fn):
            continue
        out["function"][fn["id"]] = (norm(fn["title"]), "")
        for c in fn.get("controls", []):
            if _withdrawn(c):
                continue
            out["category"][c["id"]] = (norm(c["title"]), fn["id"])
            for s in c.get("controls", []):
                if _withdrawn(s):
                    continue
                # a subcategory's outcome text is its statement (its OSCAL title is its id)
                out["subcategory"][s["id"]] = (norm(_prose(s, "statement")), c["id"])
    return out


def ours() -> dict[str, dict[str, tuple[str, str]]]:
    fw = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    out: dict[str, dict[str, tuple[str, str]]] = {"function": {}, "category": {}, "subcategory": {}}
    for fn in fw["outcomes"]:
        out["function"][fn["id"]] = (norm(fn["title"]), "")
        for c in fn.get("children", []):
            out["category"][c["id"]] = (norm(c["title"]), fn["id"])
            for s in c.get("children", []):
                assert not s.get("children"), f"{s['id']} should be a leaf"
                out["subcategory"][s["id"]] = (norm(s["title"]), c["id"])
    return out


def test_reference_counts():
    ref = reference()
    assert (len(ref["function"]), len(ref["category"]), len(ref["subcategory"])) == (6, 22, 106)


def test_framework_counts():
    fw = ours()
    assert (len(fw["function"]), len(fw["category"]), len(fw["subcategory"])) == (6, 22, 106)


def test_framework_header():
    fw = yaml.safe_load(FRAMEWORK.read_text(encoding="utf-8"))
    assert fw["id"] == "nist-csf-2.0"
    assert fw["title"] == "NIST Cybersecurity Framework 2.0"
    assert fw["version"] == "2.0"
    assert [(lv["value"], lv["name"]) for lv in fw["levels"]] == [
        (0, "Not performed"), (1, "Partial"), (2, "Risk Informed"), (3, "Repeatable"), (4, "Adaptive")]


def test_function_ids_and_names_match_reference():
    ref, fw = reference()["function"], ours()["function"]
    assert set(fw) == set(ref)
    # NIST's catalog spells function names in capitals (GOVERN); we use title case (Govern).
    for fid, (title, _) in ref.items():
        assert fw[fid][0].casefold() == title.casefold(), fid


def test_category_ids_titles_and_parents_match_reference():
    ref, fw = reference()["category"], ours()["category"]
    assert set(fw) == set(ref), (sorted(set(fw) ^ set(ref)))
    mismatched = {cid: (fw[cid], ref[cid]) for cid in ref if fw[cid] != ref[cid]}
    assert not mismatched, mismatched


def test_subcategory_ids_texts_and_parents_match_reference():
    ref, fw = reference()["subcategory"], ours()["subcategory"]
    assert set(fw) == set(ref), (sorted(set(fw) ^ set(ref)))
    mismatched = {sid: (fw[sid], ref[sid]) for sid in ref if fw[sid] != ref[sid]}
    assert not mismatched, mismatched


def test_questions_follow_the_convention():
    """Four level questions X.q1..X.q4 and one self-rating X.self per subcategory."""
    if not QUESTIONS.exists():  # pragma: no cover - written alongside the framework
        return
    subs = ours()["subcategory"]
    qs = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]
    ids = [q["id"] for q in qs]
    assert len(ids) == len(set(ids)) == 5 * len(subs)
    by_id = {q["id"]: q for q in qs}
    for sid, (title, _) in subs.items():
        for k in range(1, 5):
            q = by_id[f"{sid}.q{k}"]
            assert (q["outcome"], q["level"], q["type"]) == (sid, k, "choice")
            assert q["options"] == ["no", "partially", "largely", "fully"]
            assert len(q["text"]) > 30
        s = by_id[f"{sid}.self"]
        assert (s["outcome"], s["type"], s["min"], s["max"]) == (sid, "scale", 0, 4)
        assert "level" not in s
        assert norm(s["text"]) == norm(f"Self-rated maturity (0–4) for: {title}")


def test_demo_answers_fit_the_questionnaire():
    """The bundled demo answers only use known questions and options, and leave a few unanswered."""
    demo = ROOT / "frameworks" / "nist-csf-2.0" / "demo" / "answers.yaml"
    if not demo.exists() or not QUESTIONS.exists():  # pragma: no cover
        return
    qs = {q["id"]: q for q in yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))["questions"]}
    level_qs = [q for q in qs if not q.endswith(".self")]
    data = yaml.safe_load(demo.read_text(encoding="utf-8"))
    assert data["framework"] == "nist-csf-2.0" and data["ruleset"] == "nist-csf-2.0/default"
    assert len(data["entities"]) >= 10
    ids = [e["id"] for e in data["entities"]]
    assert len(ids) == len(set(ids))
    for e in data["entities"]:
        assert 1 <= e["criticality"] <= 5 and 0.5 <= e["size_factor"] <= 3
        for qid, value in e["answers"].items():
            assert qid in qs and value in qs[qid]["options"], (e["id"], qid, value)
        unanswered = 1 - len(e["answers"]) / len(level_qs)
        assert 0.02 <= unanswered <= 0.10, (e["id"], unanswered)
