"""Unknown is not "no", forgiving where it is safe, and the assessment date in every output (issue 15).

The expected shares, levels and flags are worked out here from the mini framework's own ruleset
(tests/data/mini): seven questions are read by its rules; levels come from the reference evaluator
on the answers as given, never from numbers the assessment printed.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberplan.cli import cli
from cyberplan.engine.assess.levels import assess
from cyberplan.engine.errors import InputError
from cyberplan.engine.inputs.resolve import load_inputs
from cyberplan.engine.models import Assessment
from cyberplan.engine.models.questions import BooleanQuestion, ChoiceQuestion, ScaleQuestion
from cyberplan.engine.rules.reference import assess_entity
from cyberplan.plugins.manager import registry

MINI = Path(__file__).parent / "data" / "mini"
READ = ["PR-1.q1", "PR-1.q2", "PR-1.q3", "PR-2.q1", "PR-2.q2", "DE-1.q1", "DE-1.q2"]   # every question


@pytest.fixture(scope="module")
def mini():
    return load_inputs(MINI / "answers.yaml", registry())


def _assessment(entities, assessed=None) -> Assessment:
    return Assessment(framework="mini", assessed=assessed, entities=entities)


# --------------------------------------------------------------------------- forgiving options

def test_options_match_ignoring_case_and_spaces_and_are_written_back_canonical():
    q = ChoiceQuestion(id="c", outcome="o", text="t", type="choice", options=["no", "partially", "fully"])
    assert [q.encode(v) for v in ("partially", "Partially", " PARTIALLY ", "fully\t")] == [1, 1, 1, 2]
    assert q.canonical("  Partially") == "partially" and q.canonical("FULLY") == "fully"
    with pytest.raises(ValueError, match="one of 'no', 'partially', 'fully'"):
        q.encode("part")
    # options that differ only by case: only the exact spelling is safe
    twin = ChoiceQuestion(id="t", outcome="o", text="t", type="choice", options=["a", "A", "b"])
    assert twin.encode("A") == 1 and twin.encode("a") == 0 and twin.encode(" B ") == 2
    with pytest.raises(ValueError):
        twin.encode(" a ")
    assert BooleanQuestion(id="b", outcome="o", text="t", type="boolean").canonical(" Yes") is True
    assert ScaleQuestion(id="s", outcome="o", text="t", type="scale", min=0, max=4).canonical("3.0") == 3


def test_a_capitalised_option_assesses_like_the_canonical_one(mini):
    fw = mini.framework
    ent = mini.assessment.entities[0].model_copy(deep=True)
    shouting = ent.model_copy(update={"answers": {**ent.answers, "PR-1.q1": "  LARGELY ", "DE-1.q1": "No"}})
    res = assess(mini.ruleset, _assessment([ent, shouting.model_copy(update={"id": "loud"})]))
    assert res.entities[0].levels == res.entities[1].levels
    assert res.entities[1].levels["PR-1"] == 3   # largely, admin MFA and 95% phishing-resistant: all three
    assert fw.question["PR-1.q1"].canonical(shouting.answers["PR-1.q1"]) == "largely"


# --------------------------------------------------------------------------- unknown and unanswered

def test_unknown_is_kept_apart_from_blank_and_satisfies_no_rule(mini):
    from cyberplan.engine.models import Entity
    given = {"PR-1.q1": "largely", "PR-1.q2": True, "PR-2.q1": True}
    e = Entity(id="x", sector="government", answers={**given, "PR-1.q3": "unknown", "PR-2.q2": " Unknown",
                                                     "DE-1.q1": None})
    res = assess(mini.ruleset, _assessment([e])).entities[0]
    assert res.unknown == ["PR-1.q3", "PR-2.q2"]
    assert res.not_assessed == ["DE-1.q1", "DE-1.q2"]
    # 2 unknown + 2 blank of the 7 questions the rules read
    assert res.unanswered_share == pytest.approx(4 / 7) and res.lower_bound
    # unknown satisfies no rule: the levels are those of the answers given alone (reference evaluator)
    assert res.levels == assess_entity(mini.ruleset, given, e).levels
    assert res.levels["PR-1"] == 2 and res.levels["PR-2"] == 1


def test_the_threshold_is_a_share_above_which_levels_are_lower_bounds(mini):
    from cyberplan.engine.models import Entity
    full = {"PR-1.q1": "fully", "PR-1.q2": True, "PR-1.q3": 100, "PR-2.q1": True, "PR-2.q2": 4,
            "DE-1.q1": "fully", "DE-1.q2": True}
    one_blank = Entity(id="a", answers={k: v for k, v in full.items() if k != "DE-1.q2"})     # 1/7 = 14%
    two_blank = Entity(id="b", answers={k: v for k, v in full.items() if k not in ("DE-1.q2", "PR-1.q3")})  # 29%
    res = assess(mini.ruleset, _assessment([Entity(id="c", answers=full), one_blank, two_blank]))
    assert [e.unanswered_share for e in res.entities] == [0, pytest.approx(1 / 7), pytest.approx(2 / 7)]
    assert [e.lower_bound for e in res.entities] == [False, False, True]
    strict = assess(mini.ruleset, _assessment([one_blank]), unanswered_threshold=0.1)
    assert strict.entities[0].lower_bound and strict.unanswered_threshold == 0.1


def test_a_blank_questionnaire_warns_and_its_findings_say_they_rest_on_nothing(tmp_path):
    runner = CliRunner()
    blank = tmp_path / "blank.yaml"
    r = runner.invoke(cli, ["questionnaire", str(MINI / "framework.yaml"), "--entities", "grid", "-o", str(blank)])
    assert r.exit_code == 0, r.output
    text = blank.read_text().replace("sector: null", "sector: water").replace(
        "framework: mini", f"framework: {MINI / 'framework.yaml'}")
    blank.write_text(text.replace("assessed: null", f"ruleset: {MINI / 'ruleset.yaml'}\nassessed: null"))
    r = runner.invoke(cli, ["assess", str(blank), "--allow-outside-paths", "--format", "json"])
    assert r.exit_code == 0, r.output
    assert "warning: grid: 100% of the questions" in r.stderr and "lower bounds" in r.stderr
    ent = json.loads(r.stdout)["entities"][0]
    assert ent["lower_bound"] is True and ent["unanswered_share"] == 1.0 and ent["not_assessed"] == READ
    (finding,) = ent["findings"]
    assert finding["rule"] == "cni-no-monitoring" and finding["unanswered_only"] is True
    # DE-1 reads its own two questions and, through `outcome: PR-1`, PR-1's three
    assert finding["unanswered"] == ["DE-1.q1", "DE-1.q2", "PR-1.q1", "PR-1.q2", "PR-1.q3"]
    table = runner.invoke(cli, ["assess", str(blank), "--allow-outside-paths"]).stdout
    assert "unanswered questions only" in table and "lower bounds" in table


def test_a_finding_resting_partly_on_answers_is_not_called_unanswered(mini):
    res = assess(mini)
    (f,) = res.entity("wat").findings     # water utility: CNI without monitoring
    # wat answered PR-1.q1 and PR-1.q2, which DE-1 reads through PR-1; its DE-1 and PR-1.q3 are blank
    assert f.unanswered == ["DE-1.q1", "DE-1.q2", "PR-1.q3"] and not f.unanswered_only


def test_max_unanswered_option(tmp_path):
    runner = CliRunner()
    args = ["assess", str(MINI / "answers.yaml"), "--format", "json"]
    lax = runner.invoke(cli, args + ["--max-unanswered", "50%"])
    assert lax.exit_code == 0 and "warning" not in lax.stderr
    assert [e["lower_bound"] for e in json.loads(lax.stdout)["entities"]] == [False, False]
    bad = runner.invoke(cli, args + ["--max-unanswered", "lots"])
    assert bad.exit_code == 2 and "--max-unanswered" in bad.stderr


# --------------------------------------------------------------------------- the assessment date

def test_the_date_is_iso_or_a_located_error():
    ok = _assessment([{"id": "a"}], "2026-03-15")
    assert ok.assessed.isoformat() == "2026-03-15"
    for bad in ("15/03/2026", "2026-3-15", 20260315, "2026-02-30"):
        with pytest.raises(Exception) as err:
            _assessment([{"id": "a"}], bad)
        assert "YYYY-MM-DD" in str(err.value)


def test_the_date_appears_in_every_output(tmp_path):
    runner = CliRunner()
    answers = str(MINI / "answers.yaml")
    config = str(MINI / "plan.yaml")
    outs = {
        "assess": runner.invoke(cli, ["assess", answers, "--format", "json"]),
        "gap": runner.invoke(cli, ["gap", answers, "--config", config, "--format", "json"]),
        "plan": runner.invoke(cli, ["plan", answers, "--config", config, "-q", "--format", "json"]),
    }
    for name, r in outs.items():
        assert r.exit_code == 0, (name, r.output)
        assert json.loads(r.stdout)["assessed"] == "2026-11-01", name
    for cmd in (["assess", answers], ["gap", answers, "--config", config], ["plan", answers, "--config", config, "-q"]):
        assert "assessed 2026-11-01" in runner.invoke(cli, cmd).stdout, cmd
    report = tmp_path / "r.html"
    r = runner.invoke(cli, ["report", answers, "--config", config, "-q", "--no-frontier", "-o", str(report)])
    assert r.exit_code == 0, r.output
    assert "assessed 2026-11-01" in report.read_text()


def test_an_answers_file_with_a_bad_date_is_refused_with_its_line(tmp_path):
    f = tmp_path / "a.yaml"
    f.write_text((MINI / "answers.yaml").read_text().replace("assessed: 2026-11-01", "assessed: 01/11/2026")
                 .replace("framework.yaml", str(MINI / "framework.yaml")).replace("ruleset.yaml",
                                                                                 str(MINI / "ruleset.yaml")))
    with pytest.raises(InputError) as err:
        load_inputs(f, registry())
    assert f"{f}:3" in str(err.value) and "01/11/2026" in str(err.value)
