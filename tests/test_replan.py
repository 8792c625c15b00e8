"""Plan versus actual (issue 15): `track` measures spend and schedule against the plan, and
`plan --progress` re-plans from today — completed controls in place, work under way locked in at
its remaining cost, money spent sunk, the horizon starting after `as_of`, verified like any plan.

The case (tests/data/replan) is small enough to work by hand. One entity, three outcomes with
target 2, weight 1 (criticality, no threat profile), so benefit is level-periods: a control
finishing in period f adds its levels in every period after f. Controls (capex, quarters):
A 100 (1) -> L1 1; B 200 (2, needs A) -> L1 2; C 300 (2) -> L2 0..2; D 100 (1) -> L3 1;
E 300 (1, needs D) -> L3 2. Budget 300 a quarter and 900 in all, over 2027-Q1 .. 2028-Q4.

The plan being followed does A in 2027-Q1, C in 2027-Q1..Q2, D in 2027-Q2 and E in 2027-Q3.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cyberplan.cli import cli
from cyberplan.engine.assess.levels import assess
from cyberplan.engine.errors import InputError
from cyberplan.engine.inputs.read import load_plan_config, load_plan_result, load_progress
from cyberplan.engine.inputs.resolve import load_inputs
from cyberplan.engine.models import Budget, Progress
from cyberplan.engine.plan import plan_portfolio, replan_portfolio
from cyberplan.engine.plan.replan import moved_budget
from cyberplan.engine.plan.track import track
from cyberplan.plugins.manager import registry

RP = Path(__file__).parent / "data" / "replan"
SCRATCH = RP / "scratch"


@pytest.fixture(scope="module")
def reg():
    return registry()


@pytest.fixture(scope="module")
def original(reg):
    inputs = load_inputs(RP / "answers.yaml", reg)
    return inputs, plan_portfolio(inputs, assess(inputs), load_plan_config(RP / "plan.yaml"))


def _rows(plan):
    return [(a.entity, a.control, a.start_period, a.finish_period, round(a.cost, 6)) for a in plan.actions]


def _replan(reg, progress: str | Progress):
    inputs = load_inputs(RP / "answers.yaml", reg)
    prog, doc = load_progress(RP / progress) if isinstance(progress, str) else (progress, None)
    return replan_portfolio(inputs, load_plan_config(RP / "plan.yaml"), prog, progress_doc=doc)


def _scratch(reg, answers: str, config: str):
    inputs = load_inputs(SCRATCH / answers, reg, allow_outside_paths=True)
    return plan_portfolio(inputs, assess(inputs), load_plan_config(SCRATCH / config))


def test_the_plan_being_followed(original):
    _, plan = original
    assert _rows(plan) == [("mof", "A", "2027-Q1", "2027-Q1", 100), ("mof", "C", "2027-Q1", "2027-Q2", 300),
                           ("mof", "D", "2027-Q2", "2027-Q2", 100), ("mof", "E", "2027-Q3", "2027-Q3", 300)]


def test_half_of_year_one_done_replans_as_the_remainder_from_scratch(reg, original):
    """progress-done.yaml: by the end of 2027-Q2, A, C and D are done (530 spent). Left: B (200,
    two quarters, +1 on L1) and E (300, one quarter, +1 on L3) with 900 - 530 = 370: not both.
    Over the six quarters left, E in 2027-Q3 adds 1 in each of the 5 quarters after it (5);
    B at the earliest adds 1 in 4 (4): E alone, in 2027-Q3, is the plan (cost 300, benefit 5)."""
    _, followed = original
    assert {a.control for a in followed.actions if a.finish <= 1} == {"A", "C", "D"}   # half of year one
    replan, rp = _replan(reg, "progress-done.yaml")
    scratch = _scratch(reg, "answers-done.yaml", "plan-done.yaml")
    assert _rows(replan) == _rows(scratch) == [("mof", "E", "2027-Q3", "2027-Q3", 300)]
    assert replan.periods == scratch.periods == ["2027-Q3", "2027-Q4", "2028-Q1", "2028-Q2", "2028-Q3", "2028-Q4"]
    assert replan.objective.benefit == scratch.objective.benefit == 5
    assert replan.objective.cost == scratch.objective.cost == 300          # the 530 spent is sunk
    assert [s.total for s in replan.spend] == [s.total for s in scratch.spend] == [300, 0, 0, 0, 0, 0]
    assert replan.status == scratch.status == "optimal" and replan.verification.levels_match
    assert replan.unmet_targets == scratch.unmet_targets                  # L1 stays at 1 of 2
    assert rp.config.budget.total == 370 and rp.config.start == "2027-07" and rp.config.horizon == 6
    # the completed controls are in place: raised answers, never scheduled again
    assert rp.inputs.assessment.entities[0].answers["L2.q2"] is True and replan.dropped.controls_in_place == 3
    assert replan.replan["done"] == ["A for mof", "C for mof", "D for mof"] and replan.replan["spent"] == 530


def test_work_under_way_is_locked_in_at_its_remaining_cost(reg):
    """progress-under-way.yaml: A and D done, C half done (250 spent; 470 in all). C's rest costs
    150 and 20 person-days over one quarter, from 2027-Q3, adding 2 on L2 in the 5 quarters after
    it (10). 430 - 150 = 280 is left: B (200) fits, E (300) does not; B in 2027-Q3..Q4 (100 a
    quarter beside C's 150: 250 within 300) adds 1 in 4 quarters. Plan: C and B, benefit 14, cost
    350. Planned from scratch with C cut to its remaining part and made mandatory, the same."""
    replan, rp = _replan(reg, "progress-under-way.yaml")
    scratch = _scratch(reg, "answers-under-way.yaml", "plan-under-way.yaml")
    assert _rows(replan) == _rows(scratch) == [("mof", "C", "2027-Q3", "2027-Q3", 150),
                                               ("mof", "B", "2027-Q3", "2027-Q4", 200)]
    assert replan.objective.benefit == scratch.objective.benefit == 14
    assert replan.objective.cost == 350
    c = replan.actions[0]
    assert c.locked and c.complete_before == 0.5 and not c.mandatory and c.effort == 20
    assert c.why.startswith("in progress: 50% done by 2027-Q2, the rest locked in from 2027-Q3")
    assert not replan.actions[1].locked
    assert replan.verification.levels_match and replan.verification.budget_ok
    assert [s.total for s in replan.spend[:2]] == [250, 100]


def test_a_locked_action_runs_from_period_0_and_waits_for_nothing(reg):
    """B needs A; with B 10% done but A not (the work began anyway), B's rest (180 of capex, 0.9 of
    6 months: two quarters) is offered one start only, period 0, and does not wait for A."""
    from cyberplan.engine.plan import prepare_instance
    from cyberplan.engine.plan.milp import build_model
    from cyberplan.engine.plan.replan import replan_inputs
    prog = Progress.model_validate({"as_of": "2027-Q2", "actions": [
        {"entity": "mof", "control": "B", "status": "in_progress", "complete": 0.1, "spent": 20}]})
    inputs = load_inputs(RP / "answers.yaml", reg)
    rp = replan_inputs(inputs, load_plan_config(RP / "plan.yaml"), prog)
    inst = prepare_instance(rp.inputs, rp.result, rp.config, commitments=rp.commitments)
    b = inst.jobs["B|mof"]
    assert (b.locked, b.mandatory, b.requires, b.dp, b.capex) == (True, True, [], 2, pytest.approx(180))
    assert list(build_model(inst).x["B|mof"]) == [0]
    replan, _ = replan_portfolio(inputs, load_plan_config(RP / "plan.yaml"), prog)
    b_action = next(a for a in replan.actions if a.control == "B")
    a_action = next(a for a in replan.actions if a.control == "A")
    assert b_action.start == 0 and a_action.start >= 0 and replan.verification.prerequisites_ok


def test_remaining_figures_given_in_the_progress_file_are_used(reg):
    prog = Progress.model_validate({"as_of": 1, "actions": [
        {"entity": "mof", "control": "C", "status": "in_progress", "complete": 0.5, "spent": 150,
         "remaining": {"capex": 240, "effort": 5, "months": 6}}]})
    replan, _ = _replan(reg, prog)
    c = next(a for a in replan.actions if a.control == "C")
    assert (c.start_period, c.finish_period, c.capex, c.effort) == ("2027-Q3", "2027-Q4", 240, 5)


def test_dropped_actions_are_not_planned_again_nor_what_needs_them(reg):
    prog = Progress.model_validate({"as_of": "2027-Q2", "actions": [
        {"entity": "mof", "control": "A", "status": "done", "spent": 100},
        {"entity": "mof", "control": "D", "status": "dropped", "spent": 40, "note": "replaced by the EU scheme"}]})
    replan, _ = _replan(reg, prog)
    assert {a.control for a in replan.actions} == {"B", "C"}
    why = {u.control: u.reason for u in replan.unselected}
    assert why["D"] == "dropped in the progress file (replaced by the EU scheme)"
    assert why["E"] == "its prerequisite D cannot be scheduled"


def test_work_under_way_that_outlasts_the_horizon_makes_the_plan_infeasible(reg, tmp_path):
    prog = tmp_path / "late.yaml"
    prog.write_text("as_of: 2028-Q3\nactions:\n  - {entity: mof, control: B, status: in_progress, complete: 0.1, "
                    "spent: 20}\n")
    r = CliRunner().invoke(cli, ["plan", str(RP / "answers.yaml"), "--config", str(RP / "plan.yaml"), "-q",
                                 "--progress", str(prog)])
    assert r.exit_code == 1, r.output
    assert "B for mof cannot be scheduled" in r.stderr and "cannot finish in time" in r.stderr


def test_the_budget_moves_with_the_money_spent():
    # a total: reduced by what was spent
    assert moved_budget(Budget(total=900), 2, 530, 8)[0].total == 370
    # per period with carry-over: what the past periods left is carried into the first period ahead
    b, _ = moved_budget(Budget(per_period=300, carry_over=True), 2, 530, 8)
    assert b.per_period == [370, 300, 300, 300, 300, 300]
    # ... and an overspend comes off the first periods: 300 budgeted so far, 620 spent -> 320 to take
    b, _ = moved_budget(Budget(per_period=[100, 200, 300, 50, 400], carry_over=True), 2, 620, 5)
    assert b.per_period == [0, 30, 400]
    with pytest.raises(InputError, match="exceeds the budget of the whole horizon"):
        moved_budget(Budget(per_period=[100, 200, 300, 50, 400], carry_over=True), 2, 1100, 5)
    # without carry-over each period keeps its own budget
    assert moved_budget(Budget(per_period=[1, 2, 3, 4]), 1, 99, 4)[0].per_period == [2, 3, 4]
    with pytest.raises(InputError, match="uses up the total budget"):
        moved_budget(Budget(total=500), 2, 500, 8)


def test_replan_through_the_cli_writes_what_it_starts_from(tmp_path):
    out = tmp_path / "replan.json"
    r = CliRunner().invoke(cli, ["plan", str(RP / "answers.yaml"), "--config", str(RP / "plan.yaml"), "-q",
                                 "--progress", str(RP / "progress-under-way.yaml"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    data = json.loads(out.read_text())
    assert data["replan"]["as_of"] == "2027-Q2" and data["replan"]["starts"] == "2027-Q3"
    assert data["replan"]["budget_now"] == {"per_period": 300.0, "total": 430.0, "carry_over": False}
    assert data["actions"][0]["locked"] is True and data["periods"][0] == "2027-Q3"
    table = CliRunner().invoke(cli, ["plan", str(RP / "answers.yaml"), "--config", str(RP / "plan.yaml"), "-q",
                                     "--progress", str(RP / "progress-under-way.yaml")]).stdout
    assert "Re-plan from 2027-Q3" in table and "C (in progress)" in table


def test_progress_errors_name_the_file_and_line(reg, tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("as_of: 2029-Q1\nactions:\n  - {entity: mof, control: Z, status: done}\n"
                   "  - {entity: nobody, control: A, status: done}\n")
    with pytest.raises(InputError) as err:
        _replan(reg, str(bad))
    text = str(err.value)
    assert f"{bad}:1" in text and "2029-Q1" in text and "2027-Q1 .. 2028-Q4" in text
    assert f"{bad}:3" in text and "unknown control 'Z'" in text
    assert f"{bad}:4" in text and "unknown entity 'nobody'" in text
    bad.write_text("as_of: 2027-Q2\nactions:\n  - {entity: mof, control: C, status: in_progress}\n")
    r = CliRunner().invoke(cli, ["track", str(RP / "answers.yaml"), str(bad)])
    assert r.exit_code == 2 and "not a plan" in r.stderr
    with pytest.raises(InputError) as err:
        load_progress(bad)
    assert f"{bad}:3" in str(err.value) and "needs `complete`" in str(err.value)


# --------------------------------------------------------------------------- track

def test_track_measures_spend_and_schedule_by_hand(original, tmp_path):
    """progress-under-way.yaml against the plan being followed, to the end of 2027-Q2:
    planned: A 100 (done by Q1), C 300 (Q1..Q2), D 100 (Q2), E not due    -> 500 planned
    spent:   A 100, C 250, D 120                                          -> 470 (30 under)
    done:    A 100% of 100, C 50% of 300, D 100% of 100                   -> worth 350
    schedule variance 350 - 500 = -150, cost variance 350 - 470 = -120;
    late: A (done in Q2, due Q1) and C (due Q2, half done: one quarter behind)."""
    _, plan = original
    f = tmp_path / "plan.json"
    f.write_text(json.dumps(plan.to_json_dict()))
    prog, doc = load_progress(RP / "progress-under-way.yaml")
    r = track(load_plan_result(f), prog, doc=doc)
    assert (r.planned_spend, r.spent, r.spend_variance) == (500, 470, -30)
    assert (r.value_done, r.schedule_variance, r.cost_variance) == (350, -150, -120)
    assert r.planned_spend == sum(s.total for s in plan.spend[:2])        # the plan's own spend table agrees
    assert r.late == ["A for mof", "C for mof"]
    by = {a.control: a for a in r.actions}
    assert (by["C"].planned_share, by["C"].actual_share, by["C"].periods_behind) == (1.0, 0.5, 1.0)
    assert by["C"].schedule == "late: due 2027-Q2, 50% done" and by["C"].note == "supplier delays"
    assert by["A"].schedule == "done 1 period(s) late" and by["D"].spend_variance == 20
    assert by["E"].status == "not started" and by["E"].schedule == "not due yet"
    assert r.schedule_index == pytest.approx(0.7) and r.cost_index == pytest.approx(350 / 470, abs=1e-4)


def test_track_midway_through_an_action_and_unplanned_work(original, tmp_path):
    """As of 2027-Q1, C (Q1..Q2) is planned half done (150 of 300); reported 80% done is ahead.
    Work not in the plan and money besides the actions count in the money spent."""
    _, plan = original
    f = tmp_path / "plan.json"
    f.write_text(json.dumps(plan.to_json_dict()))
    prog = Progress.model_validate({"as_of": "2027-Q1", "other_spent": 15, "actions": [
        {"entity": "mof", "control": "C", "status": "in_progress", "complete": 0.8, "spent": 200},
        {"entity": "mof", "control": "B", "status": "in_progress", "complete": 0.2, "spent": 40}]})
    r = track(load_plan_result(f), prog)
    by = {a.control: a for a in r.actions}
    assert (by["C"].planned_share, by["C"].planned_spend) == (0.5, 150)
    assert by["C"].schedule == "ahead: 50% planned by now, 80% done"
    assert by["A"].late and by["A"].schedule == "late: due 2027-Q1, 0% done"
    assert by["B"].status == "not in the plan" and by["B"].spent == 40
    assert r.planned_spend == 250 and r.spent == 200 + 40 + 15
    out = CliRunner().invoke(cli, ["track", str(f), str(RP / "progress-under-way.yaml")]).stdout
    assert "schedule variance" in out and "-150" in out and "late: due 2027-Q2, 50% done" in out
