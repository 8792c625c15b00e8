"""Re-assessment (issue 15): `compare OLD NEW` says what rose and fell with the deciding rules, and
the report draws target attainment per entity over time.

tests/data/history holds three assessments of the mini framework. Every expected figure below is
worked out by hand from tests/data/mini/ruleset.yaml and plan.yaml's targets (default 2, wat 3):

2026-11-01  mof: PR-1 3 (largely, admin MFA, 95% ≥ 90), PR-2 2, DE-1 1 (through PR-1 ≥ 2) -> 2+2+1 = 5 of 6
            wat: PR-1 0 (q1 no), PR-2 1 (water needs q2 = 4), DE-1 0                      -> 0+1+0 = 1 of 9
2027-05-01  mof: PR-1 1 (admin MFA lost), PR-2 2, DE-1 2 (partially, 24x7)                 -> 1+2+2 = 5 of 6
            wat: PR-1 2 (fully, admin MFA), PR-2 1, DE-1 1 (through PR-1 ≥ 2)              -> 2+1+1 = 4 of 9
            grid (new): PR-2 1                                                             -> 1 of 6
2025-11-01  mof only: PR-1 0 (partially < largely), PR-2 1, DE-1 0                        -> 1 of 6
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberplan.cli import cli
from cyberplan.engine.assess.compare import attainment_history, compare
from cyberplan.engine.assess.gaps import attainment
from cyberplan.engine.assess.levels import assess
from cyberplan.engine.inputs.read import load_plan_config
from cyberplan.engine.inputs.resolve import load_inputs
from cyberplan.plugins.manager import registry

DATA = Path(__file__).parent / "data"
HIST = DATA / "history"
PLAN = DATA / "mini" / "plan.yaml"


@pytest.fixture(scope="module")
def runs():
    reg = registry()
    out = {}
    for year in ("2025", "2026", "2027"):
        inputs = load_inputs(HIST / f"{year}.yaml", reg, allow_outside_paths=True)
        out[year] = (inputs, assess(inputs))
    return out


def test_attainment_is_the_share_of_target_levels_reached(runs):
    inputs, result = runs["2026"]
    targets = load_plan_config(PLAN).targets
    fw = inputs.framework
    assert attainment(fw, result.entity("mof").levels, targets, "mof") == pytest.approx(5 / 6)
    assert attainment(fw, result.entity("wat").levels, targets, "wat") == pytest.approx(1 / 9)
    # above target counts for nothing more: mof's PR-1 at 3 counts 2
    assert attainment(fw, {"PR-1": 3, "PR-2": 2, "DE-1": 2}, targets, "mof") == 1.0


def test_compare_lists_what_rose_and_fell_with_its_rules_and_answers(runs):
    (old_in, old), (_, new) = runs["2026"], runs["2027"]
    c = compare(old_in.framework, old, new, load_plan_config(PLAN).targets)
    changes = {(x.entity, x.outcome): (x.old, x.new, x.old_rule, x.new_rule, x.answers) for x in c.changes}
    assert changes == {
        ("mof", "PR-1"): (3, 1, "pr1-l3", "pr1-l1", ["PR-1.q2: true → false"]),
        ("mof", "DE-1"): (1, 2, "de1-l1", "de1-l2", ["DE-1.q1: no → partially", "DE-1.q2: blank → true"]),
        ("wat", "PR-1"): (0, 2, None, "pr1-l2", ["PR-1.q1: no → fully"]),
        ("wat", "DE-1"): (0, 1, None, "de1-l1", []),          # risen through PR-1, none of its own answers
    }
    by = {e.entity: e for e in c.entities}
    assert (by["mof"].rose, by["mof"].fell, by["wat"].rose, by["wat"].fell) == (1, 1, 2, 0)
    assert by["grid"].status == "added" and by["grid"].attainment_old is None
    assert by["grid"].attainment_new == pytest.approx(1 / 6)
    assert (by["wat"].attainment_old, by["wat"].attainment_new) == (pytest.approx(1 / 9), pytest.approx(4 / 9))
    assert by["mof"].functions_old == {"PR": 2, "DE": 1} and by["mof"].functions_new == {"PR": 1, "DE": 2}
    # the portfolio over the entities in both: (5 + 1) / 15 then (5 + 4) / 15
    assert (c.attainment_old, c.attainment_new) == (pytest.approx(6 / 15), pytest.approx(9 / 15))
    # the other way round, an entity present only in OLD is removed, and rises become falls
    back = compare(old_in.framework, new, old, load_plan_config(PLAN).targets)
    assert {e.entity: e.status for e in back.entities}["grid"] == "removed"
    assert sorted(x.change for x in back.changes) == sorted(-x.change for x in c.changes)


def test_compare_through_the_cli(tmp_path):
    r = CliRunner().invoke(cli, ["compare", "--allow-outside-paths", str(HIST / "2026.yaml"), str(HIST / "2027.yaml"), "--config", str(PLAN),
                                 "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["old"]["assessed"] == "2026-11-01" and data["new"]["assessed"] == "2027-05-01"
    assert len(data["changes"]) == 4
    table = CliRunner().invoke(cli, ["compare", "--allow-outside-paths", str(HIST / "2026.yaml"), str(HIST / "2027.yaml"), "--config",
                                     str(PLAN)]).stdout
    assert "2026-11-01 → 2027-05-01" in table and "pr1-l3" in table and "+33 points" in table


def test_comparing_two_frameworks_is_refused(tmp_path):
    other = tmp_path / "e8.yaml"
    other.write_text("framework: essential-eight\nentities:\n  - {id: mof}\n")
    r = CliRunner().invoke(cli, ["compare", "--allow-outside-paths", str(HIST / "2026.yaml"), str(other)])
    assert r.exit_code == 2 and "different frameworks" in r.stderr


def test_history_is_in_date_order_and_breaks_where_an_entity_was_not_assessed(runs):
    targets = load_plan_config(PLAN).targets
    fw = runs["2026"][0].framework
    points = attainment_history(fw, [(str(HIST / f"{y}.yaml"), runs[y][1]) for y in ("2027", "2025", "2026")],
                                targets)
    assert [p.label for p in points] == ["2025-11-01", "2026-11-01", "2027-05-01"]
    assert [p.attainment.get("mof") for p in points] == [pytest.approx(1 / 6), pytest.approx(5 / 6),
                                                          pytest.approx(5 / 6)]
    assert [p.attainment.get("wat") for p in points] == [None, pytest.approx(1 / 9), pytest.approx(4 / 9)]
    assert [p.portfolio for p in points] == [pytest.approx(1 / 6), pytest.approx(6 / 15), pytest.approx(10 / 21)]


def test_the_report_draws_the_trend(tmp_path):
    out = tmp_path / "report.html"
    r = CliRunner().invoke(cli, ["report", "--allow-outside-paths", str(HIST / "2027.yaml"), "--config", str(PLAN), "--history",
                                 str(HIST / "2026.yaml"), "--history", str(HIST / "2025.yaml"), "-q", "--no-frontier",
                                 "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text()
    section = html[html.index("<section id=\"trend\">"):html.index("<section id=\"maturity\">")]
    assert "<svg" in section and "Target attainment per entity over time" in section
    # the chart's points carry their values: wat has none for 2025 (not assessed), then 11% and 44%
    assert "wat 2026-11-01: 11%" in section and "wat 2027-05-01: 44%" in section and "wat 2025-11-01" not in section
    assert "portfolio 2027-05-01: 48%" in section
    cells = re.findall(r"<tr><td>wat</td>(.*?)</tr>", section)[0]
    assert re.findall(r"<td class=\"n\">([^<]*)</td>", cells) == ["", "11%", "44%"]
    data = json.loads(CliRunner().invoke(cli, ["report", "--allow-outside-paths", str(HIST / "2027.yaml"), "--config", str(PLAN), "--history",
                                               str(HIST / "2026.yaml"), "-q", "--no-frontier", "--format", "json"]
                                         ).stdout)
    assert [p["label"] for p in data["history"]] == ["2026-11-01", "2027-05-01"]
