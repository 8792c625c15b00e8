"""Question types as classes (issue 11): the nested `scale:`/`number:` form of SPEC §3.1 loads,
assesses and plans; the flat form still works; each type owns its encoding and checks."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberplan.cli import cli
from cyberplan.engine.errors import InputError
from cyberplan.engine.inputs.read import load_framework
from cyberplan.engine.models import NUMBER_SCALE
from cyberplan.engine.models.questions import BooleanQuestion, ChoiceQuestion, NumberQuestion, ScaleQuestion

SPEC = Path(__file__).parent / "data" / "spec"


def test_a_framework_written_as_the_spec_shows_loads_with_its_nested_bounds():
    fw = load_framework(SPEC / "framework.yaml")
    scale, number = fw.question["PR.AA-04.q1"], fw.question["PR.AA-03.q2"]
    assert isinstance(scale, ScaleQuestion) and (scale.min, scale.max) == (0, 4)
    assert isinstance(number, NumberQuestion) and (number.min, number.max, number.unit) == (0, 100, "%")
    assert isinstance(fw.question["PR.AA-03.q1"], ChoiceQuestion)


def test_the_spec_framework_assesses_and_plans_through_the_cli(tmp_path):
    runner = CliRunner()
    res = runner.invoke(cli, ["assess", str(SPEC / "answers.yaml"), "--format", "json"])
    assert res.exit_code == 0, res.output
    import json
    levels = json.loads(res.stdout)["entities"][0]["levels"]
    assert levels["PR.AA-03"] == 0 and levels["PR.AA-04"] == 0
    out = tmp_path / "plan.json"
    res = runner.invoke(cli, ["plan", str(SPEC / "answers.yaml"), "--config", str(SPEC / "plan.yaml"), "-q",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    plan = json.loads(out.read_text())
    assert {a["control"] for a in plan["actions"]} == {"C-MFA", "C-RESTORE"}
    assert plan["verification"]["levels_match"] is True
    assert not plan["unmet_targets"]


def test_bounds_given_both_flat_and_nested_are_refused(tmp_path):
    text = (SPEC / "framework.yaml").read_text().replace("scale: {min: 0, max: 4}", "scale: {min: 0, max: 4}\n    min: 0")
    (tmp_path / "fw.yaml").write_text(text)
    with pytest.raises(InputError) as e:
        load_framework(tmp_path / "fw.yaml")
    assert "given both flat and in `scale:`" in str(e.value) and "questions[2]" in str(e.value)


def test_each_type_encodes_and_decodes_its_own_answers():
    b = BooleanQuestion(id="b", outcome="o", text="t", type="boolean")
    c = ChoiceQuestion(id="c", outcome="o", text="t", type="choice", options=["no", "partly", "yes"])
    s = ScaleQuestion(id="s", outcome="o", text="t", type="scale", scale={"min": 1, "max": 5})
    n = NumberQuestion(id="n", outcome="o", text="t", type="number", min=0)
    assert [b.encode(True), b.encode("no"), c.encode("partly"), s.encode(4)] == [1, 0, 1, 4 * NUMBER_SCALE]
    assert n.encode("2.5") == round(2.5 * NUMBER_SCALE) and n.decode(n.encode(7)) == 7
    for q, bad in ((b, "maybe"), (c, "perhaps"), (s, 6), (n, -1), (n, float("nan"))):
        with pytest.raises(ValueError):
            q.encode(bad)
    # the built-ins' convention for "met" (SPEC §3.2): best, the two best options, max - 1
    assert b.met_condition() == {"question": "b", "eq": True}
    assert c.met_condition() == {"question": "c", "gte": "partly"}
    assert s.met_condition() == {"question": "s", "gte": 4}
    assert n.met_condition() is None and n.best_answer() is None
    # comparisons that do not fit the type are named
    assert b.operand_problems("gte", [True]) and not b.operand_problems("eq", [False])
    assert c.never_holds("gt", "yes") and c.always_holds("gte", "no")
