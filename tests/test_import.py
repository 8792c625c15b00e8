"""Issue 14: CISO Assistant libraries and OSCAL catalogs imported as framework plugins, placeholder
costs, and assessments read across frameworks through mapping sets.

Every library and catalog here is a tiny file written for these tests (tests/data/ciso-assistant,
tests/data/oscal), in the public formats. Each import goes: import -> rules check --strict ->
rules test -> questionnaire -> assess a filled-in copy -> plan refused while costs are unknown ->
import with --costs -> plan. Expected levels are worked out by hand from the answers below.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cyberplan.cli import cli
from cyberplan.engine.assess.crosswalk import scaled
from cyberplan.engine.errors import InputError
from cyberplan.engine.importers.costs import apply_costs, read_costs
from cyberplan.engine.inputs.read import load_framework
from cyberplan.engine.models import Control
from cyberplan.engine.models.mapping import MappingSet

DATA = Path(__file__).parent / "data"
CA = DATA / "ciso-assistant"
OSCAL = DATA / "oscal"


def run(*args, code=0):
    r = CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)
    assert r.exit_code == code, f"cyberplan {' '.join(map(str, args))}: exit {r.exit_code}\n{r.output}"
    assert "Traceback" not in r.output
    return r.stdout if code == 0 else r.output      # warnings (unanswered shares) go to stderr


class Plugin:
    """An imported plugin folder, used by path (not pip-installed)."""

    def __init__(self, root: Path, fid: str):
        self.root, self.id = root, fid
        self.pkg = root / ("cyberplan_" + fid.replace("-", "_").replace(".", "_"))
        self.fw = self.pkg / "framework"
        self.rs = self.pkg / "rulesets" / "default.yaml"

    def framework(self):
        return load_framework(self.fw)

    def args(self):
        return ["--framework", self.fw, "--ruleset", self.rs]


def import_ca(tmp: Path, name: str, *extra) -> Plugin:
    out = run("import", "ciso-assistant", CA / f"{name}.yaml", "-o", tmp / name, *extra)
    fid = out.split("imported ", 1)[1].split(" ", 1)[0]
    return Plugin(tmp / name, fid)


def answers_file(tmp: Path, fid: str, answers: dict, name="answers.yaml") -> Path:
    p = tmp / name
    p.write_text(yaml.safe_dump({"framework": fid, "assessed": "2026-11-01", "entities": [
        {"id": "dept", "sector": "government", "criticality": 3, "answers": answers}]}))
    return p


def levels_of(plugin: Plugin, answers: Path) -> dict:
    out = json.loads(run("assess", answers, *plugin.args(), "--format", "json"))
    return out["entities"][0]


def checked(plugin: Plugin) -> str:
    out = run("rules", "check", plugin.rs, "--framework", plugin.fw, "--strict")
    assert " 0 errors, 0 warnings" in out
    tests = run("rules", "test", plugin.rs, "--framework", plugin.fw)
    assert " 0 failed" in tests
    return out


# --------------------------------------------------------------------------- CISO Assistant

def test_scored_library_levels_tree_translations_and_placeholders(tmp_path):
    p = import_ca(tmp_path, "scored")
    fw = p.framework()
    assert p.id == "mini-scored"
    # scores 1..3 become levels 0..2, the lowest score level 0
    assert [(lv.value, lv.name) for lv in fw.levels] == [(0, "Absent"), (1, "Partial"), (2, "Complete")]
    assert fw.levels[1].translations == {"fr": {"name": "Partiel"}}
    assert [o.id for o in fw.outcomes] == ["GV", "PR"]
    assert fw.leaves == ["GV-1", "GV-2", "PR-1", "PR-2"]
    assert fw.nodes["GV"].title_in("fr") == "Gouverner"
    assert fw.licence == "Invented for tests; no rights reserved." and fw.publisher == "Test Provider"
    assert "urn:test:risk:library:mini-scored" in fw.source
    q = fw.question["GV-1.q1"]
    assert q.text == "A security policy is approved by the board." and "The signed policy." in q.help
    assert q.options == ["Absent", "Partial", "Complete"]
    assert "Ex1 restore a file every month." in fw.question["PR-1.q1"].help
    # reference controls: one defined, one from the missing library; unreferenced leaves get their own
    assert [c.id for c in fw.controls] == ["RC-1", "roles", "DO-PR-1", "DO-PR-2"]
    assert fw.control["RC-1"].title == "Write the policy" and fw.control["RC-1"].implements == {"GV-1.q1": "Complete"}
    assert "missing-controls" in fw.control["roles"].title
    assert all(c.unknown == ["cost", "effort", "duration"] for c in fw.controls)
    assert all("cost" not in c.model_fields_set for c in fw.controls)   # absent, not zero
    out = checked(p)
    assert "to do: 4 of 4 controls of mini-scored are placeholders" in out


def test_scored_library_assess_plan_refused_then_costs_fill_it(tmp_path):
    p = import_ca(tmp_path, "scored")
    a = answers_file(tmp_path, p.id, {"GV-1.q1": "Complete", "GV-2.q1": "Partial", "PR-2.q1": "Absent"})
    e = levels_of(p, a)
    assert (e["levels"]["GV-1"], e["levels"]["GV-2"], e["levels"]["PR-1"], e["levels"]["PR-2"]) == (2, 1, 0, 0)
    assert e["levels"]["GV"] == 1                      # rounded-down mean of 2 and 1
    assert e["not_assessed"] == ["PR-1.q1"]
    ex = p.pkg / "example"
    out = run("plan", ex / "answers.yaml", *p.args(), "--config", ex / "plan.yaml", "-q", code=2)
    assert "control 'RC-1' of framework mini-scored has no estimate of its cost, effort, duration yet" in out
    costs = tmp_path / "costs.yaml"
    costs.write_text(yaml.safe_dump({"controls": {
        "RC-1": {"cost": {"capex": 1000, "opex": 100}, "effort": 2, "duration": 1, "basis": "test"},
        "roles": {"cost": {"capex": 2000}, "effort": 1, "duration": 2},
        "DO-PR-1": {"capex": 500, "effort": 1, "duration": 1},
        "DO-PR-2": {"opex": 300, "effort": 1, "duration": 1}}}))
    out = run("import", "ciso-assistant", CA / "scored.yaml", "-o", p.root, "--costs", costs, "--force")
    assert "to do" not in out
    fw = p.framework()
    assert not fw.placeholders()
    assert fw.control["roles"].cost.capex == 2000 and fw.control["roles"].cost.opex == 0
    assert fw.control["RC-1"].basis == "test"
    plan = json.loads(run("plan", ex / "answers.yaml", *p.args(), "--config", ex / "plan.yaml", "-q",
                          "--format", "json"))
    assert plan["status"] == "optimal"
    # the example: the ministry is at its best on GV-1 and PR-1 and half-way on GV-2 and PR-2; the
    # operator at its worst everywhere; the target is the top (2) and the budget is ample
    done = {(a["entity"], a["control"]) for a in plan["actions"]}
    assert done == {("ministry", "roles"), ("ministry", "DO-PR-2"), ("operator", "RC-1"), ("operator", "roles"),
                    ("operator", "DO-PR-1"), ("operator", "DO-PR-2")}


def test_plain_library_default_scale_bullets_headings_and_questions(tmp_path):
    p = import_ca(tmp_path, "plain")
    fw = p.framework()
    assert [lv.name for lv in fw.levels] == ["Not implemented", "Partially implemented", "Largely implemented",
                                             "Fully implemented"]
    assert [o.id for o in fw.outcomes] == ["R"]        # the introduction (a heading and a note) is left out
    # the node without ref_id takes its place under its parent; its bullets are more questions
    assert fw.leaves == ["R.1", "R.2", "R.3"]
    assert [q.id for q in fw.questions if q.outcome == "R.2"] == ["R.2.q1", "R.2.q2", "R.2.q3"]
    # the library's questions: choices ordered worst first by their result, the text question left out
    q1, q2 = fw.question["R.3.q1"], fw.question["R.3.q2"]
    assert q1.options == ["No", "Yes, weekly", "Yes, daily"]
    assert q2.type_name == "boolean" and q2.depends_on.question == "R.3.q1"
    assert sorted(q2.depends_on.answers) == ["Yes, daily", "Yes, weekly"]
    assert "R.3.q3" not in fw.question
    checked(p)
    asked = run("questionnaire", p.fw)
    assert "Are restores tested? (only if R.3.q1 is Yes, daily or Yes, weekly)" in asked
    cases = [  # answers -> level of R.3, by the rules the module states
        ({"R.3.q1": "Yes, daily", "R.3.q2": True}, 3),
        ({"R.3.q1": "Yes, daily", "R.3.q2": False}, 0),     # asked (daily) and not met
        ({"R.3.q1": "Yes, weekly", "R.3.q2": True}, 2),     # partly compliant: every level below the top
        ({"R.3.q1": "No"}, 0),
    ]
    for i, (answers, want) in enumerate(cases):
        a = answers_file(tmp_path, p.id, answers, name=f"a{i}.yaml")
        assert levels_of(p, a)["levels"]["R.3"] == want, answers
    a = answers_file(tmp_path, p.id, {"R.2.q1": "Fully implemented", "R.2.q2": "Largely implemented",
                                      "R.2.q3": "Fully implemented"}, name="r2.yaml")
    assert levels_of(p, a)["levels"]["R.2"] == 2       # the weakest bullet decides


def test_plain_library_dependency_not_asked_counts_as_met():
    from cyberplan.engine.importers.ciso_assistant import import_library
    from cyberplan.engine.importers.defaults import default_rules
    draft, _, warnings = import_library(CA / "plain.yaml")
    assert any("1 text" in w for w in warnings)
    fw = draft.framework
    # "Are restores tested?" is asked only when backups are taken: with a "No", only q1 counts
    rules = default_rules(fw, draft.evidence)
    assert [r["level"] for r in rules if r["outcome"] == "R.3"] == [1, 2, 3]
    r3 = next(r for r in rules if r["outcome"] == "R.3" and r["level"] == 3)["when"]["all"][1]
    assert r3 == {"any": [{"not": {"question": "R.3.q1", "in": ["Yes, daily", "Yes, weekly"]}},
                          {"question": "R.3.q2", "in": [True]}]}


def test_groups_as_maturity_levels(tmp_path):
    p = import_ca(tmp_path, "groups")
    fw = p.framework()
    assert [lv.name for lv in fw.levels] == ["Not met", "Level 1", "Level 2", "Level 3"]
    assert fw.leaves == ["1", "2"]                     # each requirement is a question of its strategy
    assert {q.id: q.level for q in fw.questions} == {"1.q1": 1, "1.q2": 3, "2.q1": 1, "2.q2": 2}
    assert [(c.id, c.requires) for c in fw.controls] == [
        ("DO-1-L1", []), ("DO-1-L3", ["DO-1-L1"]), ("DO-2-L1", []), ("DO-2-L2", ["DO-2-L1"])]
    checked(p)
    a = answers_file(tmp_path, p.id, {"1.q1": "fully", "1.q2": "no", "2.q1": "largely", "2.q2": "partially"})
    lv = levels_of(p, a)["levels"]
    # strategy 1: level 1 met, level 2 asks nothing new, level 3 not met -> 2; strategy 2: only level 1
    assert (lv["1"], lv["2"]) == (2, 1)
    a = answers_file(tmp_path, p.id, {"1.q1": "fully", "1.q2": "fully", "2.q1": "fully", "2.q2": "largely"},
                     name="all.yaml")
    lv = levels_of(p, a)["levels"]
    assert (lv["1"], lv["2"]) == (3, 3)                # level 3 of strategy 2 asks nothing beyond level 2


def test_questionnaire_in_another_language(tmp_path):
    p = import_ca(tmp_path, "scored")
    out = run("questionnaire", p.fw, "--lang", "fr")
    assert "Mini référentiel noté" in out and "# GV-1 Politique" in out
    assert "Une politique de sécurité est approuvée." in out
    assert "Roles are assigned." in out                 # no translation: the original
    shown = run("frameworks", "show", p.fw, "--lang", "fr")
    assert "0 Absent, 1 Partiel, 2 Complet" in shown and "Gouverner" in shown
    assert "4 placeholders without cost, effort or duration: plan refuses them" in shown
    assert "error: at --lang: framework mini-scored has no text in 'de'" in run(
        "questionnaire", p.fw, "--lang", "de", code=2)
    xlsx = tmp_path / "q.xlsx"
    run("questionnaire", p.fw, "--lang", "fr", "--format", "xlsx", "-o", xlsx)
    from openpyxl import load_workbook
    ws = load_workbook(xlsx).worksheets[1]
    assert "Une politique de sécurité est approuvée." in [c.value for c in ws["E"]]


def test_plugin_layout_and_refusals(tmp_path):
    import tomllib
    p = import_ca(tmp_path, "scored")
    meta = tomllib.loads((p.root / "pyproject.toml").read_text())
    assert meta["project"]["entry-points"]["cyberplan"] == {"mini-scored": "cyberplan_mini_scored.plugin"}
    assert "mappings/*.yaml" in meta["tool"]["setuptools"]["package-data"]["cyberplan_mini_scored"]
    for f in ("framework/framework.yaml", "framework/questions.yaml", "framework/controls.yaml", "plugin.py",
              "example/answers.yaml", "example/plan.yaml"):
        assert (p.pkg / f).is_file(), f
    assert (p.root / "tests" / "test_cyberplan_mini_scored.py").is_file()
    assert (p.root / "costs.csv").read_text().splitlines()[0] == "control,capex,opex,effort,duration,basis,title"
    # an existing folder is not overwritten; an installed id would hide the import
    assert "already exists and is not empty" in run("import", "ciso-assistant", CA / "scored.yaml", "-o", p.root,
                                                    code=2)
    assert "already installed" in run("import", "ciso-assistant", CA / "scored.yaml", "-o", tmp_path / "x",
                                      "--id", "nist-csf-2.0", code=2)
    bad = tmp_path / "bad.yaml"
    bad.write_text("urn: x\nname: not a library\n")
    assert "not a CISO Assistant library" in run("import", "ciso-assistant", bad, "-o", tmp_path / "y", code=2)


# --------------------------------------------------------------------------- costs

def test_costs_csv_partial_fill_and_errors(tmp_path):
    from cyberplan.engine.importers.ciso_assistant import import_library
    fw = import_library(CA / "scored.yaml")[0].framework
    csv = tmp_path / "c.csv"
    csv.write_text("control,capex,opex,effort,duration,basis\nRC-1,\"12,000\",,5,,quote\nroles,,,,3,\n")
    filled = apply_costs(fw, read_costs(csv))
    rc = filled.control["RC-1"]
    assert (rc.cost.capex, rc.cost.opex, rc.effort, rc.unknown, rc.basis) == (12000, 0, 5, ["duration"], "quote")
    assert filled.control["roles"].unknown == ["cost", "effort"] and filled.control["roles"].duration == 3
    assert len(filled.placeholders()) == 4            # nothing fully estimated yet
    csv.write_text("control,capex\nRC-9,1\n")
    with pytest.raises(InputError, match="unknown control 'RC-9'"):
        apply_costs(fw, read_costs(csv))
    csv.write_text("control,capex\nRC-1,-5\n")
    with pytest.raises(InputError, match="capex: expected a number of at least 0"):
        read_costs(csv)


def test_control_cannot_be_both_estimated_and_unknown():
    with pytest.raises(ValueError, match="both given and listed in `unknown`"):
        Control.model_validate({"id": "c", "title": "t", "cost": {"capex": 1}, "unknown": ["cost"]})


# --------------------------------------------------------------------------- mappings

def test_mapping_set_reversed_swaps_subset_and_superset():
    ms = MappingSet.model_validate({"id": "m", "from": "a", "to": "b", "mappings": [
        {"from": "x", "to": "y", "relationship": "subset"}, {"from": "x", "to": "z", "relationship": "superset"},
        {"from": "w", "to": "y", "relationship": "equal"}]})
    r = ms.reversed()
    assert (r.from_, r.to) == ("b", "a")
    assert [(m.from_, m.to, m.relationship) for m in r.mappings] == [
        ("y", "x", "superset"), ("z", "x", "subset"), ("y", "w", "equal")]
    assert (scaled(2, 2, 3), scaled(1, 2, 3), scaled(3, 4, 3), scaled(1, 4, 3)) == (3, 1, 2, 0)


def test_list_form_mapping_set_carries_levels_through_equal_and_superset(tmp_path):
    plain = import_ca(tmp_path, "plain")
    scored = import_ca(tmp_path, "scored", "--with", plain.fw)
    ms_file = scored.pkg / "mappings" / "mini-scored-to-mini-plain.yaml"
    ms = yaml.safe_load(ms_file.read_text())
    assert (ms["from"], ms["to"]) == ("mini-scored", "mini-plain")
    assert [(m["from"], m["to"], m["relationship"]) for m in ms["mappings"]] == [
        ("GV-1", "R.1", "equal"), ("GV-2", "R.2", "intersect"), ("PR-1", "R.3", "superset")]
    a = answers_file(tmp_path, scored.id, {"GV-1.q1": "Complete", "GV-2.q1": "Partial", "PR-1.q1": "Partial"})
    out = json.loads(run("assess", a, *scored.args(), "--against", plain.fw, "--mapping", ms_file,
                         "--format", "json"))
    got = out["entities"][0]["outcomes"]
    # GV-1 at 2 of 2 -> R.1 at 3 of 3; PR-1 at 1 of 2 -> R.3 at floor(1 * 3 / 2) = 1; GV-2 only overlaps R.2
    assert (got["R.1"]["evidence"], got["R.1"]["level"]) == ("carried", 3)
    assert (got["R.3"]["evidence"], got["R.3"]["level"]) == ("carried", 1)
    assert (got["R.2"]["evidence"], got["R.2"]["level"]) == ("partial", None)
    assert got["R.2"]["from"] == [{"outcome": "GV-2", "relationship": "intersect", "level": 1}]
    assert out["not_covered"] == []
    text = run("assess", a, *scored.args(), "--against", plain.fw, "--mapping", ms_file)
    assert "partial evidence" in text and "level carried" in text


def test_single_form_mapping_library_and_reading_it_backwards(tmp_path):
    plain = import_ca(tmp_path, "plain")
    scored = import_ca(tmp_path, "scored")
    out = run("import", "ciso-assistant", CA / "mapping-single.yaml", "-o", tmp_path / "maps",
              "--with", plain.fw, "--with", scored.fw)
    assert "1 relations name requirements that are not imported" in out
    ms_file = tmp_path / "maps" / "mini-plain-to-mini-scored.yaml"
    ms = yaml.safe_load(ms_file.read_text())
    # R.2's bullet (a part of R.2) is narrower than GV-2: read between the outcomes it only overlaps
    assert [(m["from"], m["to"], m["relationship"]) for m in ms["mappings"]] == [
        ("R.1", "GV-1", "equal"), ("R.2", "GV-2", "intersect"), ("R.3", "PR-1", "intersect")]
    a = answers_file(tmp_path, plain.id, {"R.1.q1": "Largely implemented", "R.3.q1": "Yes, daily",
                                          "R.3.q2": True})
    got = json.loads(run("assess", a, *plain.args(), "--against", scored.fw, "--mapping", ms_file,
                         "--format", "json"))
    o = got["entities"][0]["outcomes"]
    assert (o["GV-1"]["evidence"], o["GV-1"]["level"]) == ("carried", 1)     # 2 of 3 -> floor(2 * 2 / 3) = 1
    assert o["PR-1"]["evidence"] == "partial"
    assert o["GV-2"]["evidence"] == "none" and o["GV-2"]["from"][0]["level"] is None   # R.2 not answered
    assert got["not_covered"] == ["PR-2"]
    # the same set read from mini-scored: equal stays equal
    b = answers_file(tmp_path, scored.id, {"GV-1.q1": "Partial"}, name="b.yaml")
    back = json.loads(run("assess", b, *scored.args(), "--against", plain.fw, "--mapping", ms_file,
                          "--format", "json"))
    assert (back["entities"][0]["outcomes"]["R.1"]["level"], back["not_covered"]) == (1, [])


def test_shipped_cpg_mapping_is_found_by_against():
    root = Path(__file__).resolve().parent.parent
    ms = yaml.safe_load((root / "frameworks" / "cisa-cpg" / "mappings.yaml").read_text())
    targets = {m["to"] for m in ms["mappings"]}
    out = json.loads(run("assess", root / "frameworks" / "cisa-cpg" / "example" / "answers.yaml",
                         "--against", "nist-csf-2.0", "--format", "json"))
    csf = load_framework(root / "frameworks" / "nist-csf-2.0")
    assert out["mapping"] == "cisa-cpg-to-nist-csf-2.0"
    assert sorted(out["not_covered"]) == sorted(set(csf.leaves) - targets)
    for e in out["entities"]:       # CISA's references are intersect: never a carried level
        assert {o["evidence"] for o in e["outcomes"].values()} <= {"partial", "none"}
    assert "no installed mapping set relates" in run(
        "assess", root / "frameworks" / "cisa-cpg" / "example" / "answers.yaml", "--against", "essential-eight",
        code=2)


# --------------------------------------------------------------------------- OSCAL

def test_oscal_catalog_tree_labels_statements_withdrawn(tmp_path):
    out = run("import", "oscal", OSCAL / "catalog.json", "-o", tmp_path / "cat")
    assert "3 controls and 2 enhancements (5 in all)" in out and "1 withdrawn controls left out" in out
    p = Plugin(tmp_path / "cat", "tiny-control-catalog")
    fw = p.framework()
    assert [o.id for o in fw.outcomes] == ["AC", "IR"]
    assert [c.id for c in fw.nodes["AC"].children] == ["AC-1", "AC-2"]        # AC-3 is withdrawn
    # enhancements under their control, ordered by sort-id (listed the other way round)
    assert [c.id for c in fw.nodes["AC-2"].children] == ["AC-2.base", "AC-2(1)", "AC-2(2)"]
    assert fw.nodes["AC-2(1)"].urn == "ac-2.1"
    text = fw.question["AC-1.q1"].text
    assert text.splitlines() == [
        "a. Develop an access policy and give it to [Assignment: organization-defined personnel or roles];",
        "b. Apply it at the [Selection (one or more): organization-level; system-level]."]
    assert fw.question["AC-1.q1"].help == "Policies may be organization-wide."
    assert fw.question["AC-2.base.q1"].text == "Manage system accounts."
    assert fw.publisher == "Test Standards Office" and fw.urn == "11111111-2222-4333-8444-555555555555"
    checked(p)
    a = answers_file(tmp_path, p.id, {"AC-1.q1": "Fully implemented", "AC-2.base.q1": "Largely implemented",
                                      "AC-2(1).q1": "Partially implemented", "AC-2(2).q1": "Fully implemented"})
    lv = levels_of(p, a)["levels"]
    assert (lv["AC-1"], lv["AC-2"], lv["AC"]) == (3, 2, 2)     # AC-2: mean of 2, 1, 3; AC: mean of 3, 2


def test_oscal_resolved_profile_and_unresolved_profile(tmp_path):
    out = run("import", "oscal", OSCAL / "resolved-profile.json", "-o", tmp_path / "low", "--id", "tiny-low")
    fw = Plugin(tmp_path / "low", "tiny-low").framework()
    assert [c.id for c in fw.nodes["AC"].children] == ["AC-1", "AC-2"]
    assert [c.id for c in fw.nodes["AC-2"].children] == ["AC-2.base", "AC-2(1)"]
    assert "3 controls and 1 enhancements (4 in all)" in out
    assert len(fw.leaves) == 4
    err = run("import", "oscal", OSCAL / "profile.json", "-o", tmp_path / "p", code=2)
    assert "an OSCAL profile that is not resolved" in err


def test_oscal_yaml_catalog(tmp_path):
    src = json.loads((OSCAL / "catalog.json").read_text())
    y = tmp_path / "catalog.yaml"
    y.write_text(yaml.safe_dump(src))
    run("import", "oscal", y, "-o", tmp_path / "y", "--id", "tiny-yaml")
    assert len(Plugin(tmp_path / "y", "tiny-yaml").framework().leaves) == 5


def test_relations_to_a_whole_category(tmp_path):
    """Covering a category covers each outcome in it; overlapping one says nothing about any of them."""
    plain = import_ca(tmp_path, "plain")
    scored = import_ca(tmp_path, "scored")
    a = answers_file(tmp_path, scored.id, {"GV-1.q1": "Complete", "GV-2.q1": "Absent"})
    for rel, want in (("intersect", None), ("superset", 3)):
        m = tmp_path / f"{rel}.yaml"
        m.write_text(yaml.safe_dump({"id": rel, "from": "mini-scored", "to": "mini-plain",
                                     "mappings": [{"from": "GV-1", "to": "R", "relationship": rel}]}))
        got = json.loads(run("assess", a, *scored.args(), "--against", plain.fw, "--mapping", m, "--format", "json"))
        outcomes = got["entities"][0]["outcomes"]
        if want is None:
            assert got["not_covered"] == ["R.1", "R.2", "R.3"] and got["category_relations_not_counted"] == 1
            assert {o["evidence"] for o in outcomes.values()} == {"none"}
        else:
            assert got["not_covered"] == [] and got["category_relations_not_counted"] == 0
            assert {(o["evidence"], o["level"]) for o in outcomes.values()} == {("carried", want)}


@pytest.mark.parametrize("kind,source", [("ciso-assistant", CA / "scored.yaml"), ("ciso-assistant", CA / "plain.yaml"),
                                         ("ciso-assistant", CA / "groups.yaml"), ("oscal", OSCAL / "catalog.json")])
def test_every_import_plans_once_its_costs_are_filled(tmp_path, kind, source):
    """The whole way: import, the written costs.csv filled in, import again with it, plan."""
    out = run("import", kind, source, "-o", tmp_path / "p")
    p = Plugin(tmp_path / "p", out.split("imported ", 1)[1].split(" ", 1)[0])
    rows = (tmp_path / "p" / "costs.csv").read_text().splitlines()
    ids = [r.split(",")[0] for r in rows[1:]]
    assert ids == [c.id for c in p.framework().controls]          # every placeholder, in catalogue order
    filled = tmp_path / "costs.csv"
    filled.write_text("control,capex,opex,effort,duration\n" + "".join(
        f"{cid},{1000 * (i + 1)},100,{i + 1},1\n" for i, cid in enumerate(ids)))
    run("import", kind, source, "-o", tmp_path / "p", "--costs", filled, "--force")
    fw = p.framework()
    assert not fw.placeholders()
    assert [fw.control[c].cost.capex for c in ids] == [1000 * (i + 1) for i in range(len(ids))]
    ex = p.pkg / "example"
    plan = json.loads(run("plan", ex / "answers.yaml", *p.args(), "--config", ex / "plan.yaml", "-q",
                          "--format", "json"))
    assert plan["status"] == "optimal" and plan["actions"]
    # the operator answers everything at its worst: with an ample budget every control is done for it
    assert {a["control"] for a in plan["actions"] if a["entity"] == "operator"} == set(ids)
