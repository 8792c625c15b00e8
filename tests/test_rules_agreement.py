"""durable-rules and the pure-Python reference evaluator agree on many generated rulesets and
answer sets: levels of every outcome, deciding rules and findings."""
import random

import pytest
from gen import build, random_answers, random_framework, random_ruleset

from cyberplan.engine.assess.levels import assess


@pytest.mark.parametrize("seed", range(60))
def test_durable_and_reference_agree(seed):
    rng = random.Random(seed)
    fw_d = random_framework(rng, n_leaves=rng.randint(2, 5), q_per_leaf=rng.randint(1, 3))
    rs_d = random_ruleset(rng, fw_d)
    ans_d = random_answers(rng, fw_d, n_entities=4, blank=rng.choice([0.0, 0.2, 0.5]))
    fw, rs, assessment = build(fw_d, rs_d, ans_d)
    durable = assess(rs, assessment, evaluator="durable")
    reference = assess(rs, assessment, evaluator="reference")
    for d, r in zip(durable.entities, reference.entities):
        assert d.levels == r.levels
        assert d.decided_by == r.decided_by
        assert [f.rule for f in d.findings] == [f.rule for f in r.findings]


def test_levels_are_cumulative_and_follow_spec():
    """SPEC §3.2 worked by hand: level k needs a holding rule at every level 1..k."""
    fw_d = {"id": "gen", "title": "t", "levels": [{"value": v, "name": str(v)} for v in range(4)],
            "outcomes": [{"id": "F", "title": "F", "children": [{"id": "X", "title": "X"}, {"id": "Y", "title": "Y"}]}],
            "questions": [{"id": f"X.q{k}", "outcome": "X", "text": "?", "type": "boolean", "level": k} for k in (1, 2, 3)]
            + [{"id": "Y.q1", "outcome": "Y", "text": "?", "type": "choice", "options": ["no", "partially", "largely", "fully"]}]}
    rs_d = {"id": "gen/default", "framework": "gen", "rules": [
        {"id": "x1", "outcome": "X", "level": 1, "when": {"question": "X.q1", "eq": True}},
        {"id": "x2", "outcome": "X", "level": 2, "when": {"question": "X.q2", "eq": True}},
        {"id": "x2b", "outcome": "X", "level": 2, "when": {"not": {"question": "X.q3", "eq": False}}},
        {"id": "x3", "outcome": "X", "level": 3, "when": {"question": "X.q3", "eq": True}},
        {"id": "y1", "outcome": "Y", "level": 1, "when": {"question": "Y.q1", "gte": "largely"}},
        {"id": "y2", "outcome": "Y", "level": 2, "when": {"outcome": "X", "gte": 2}},
    ]}
    cases = [
        ({"X.q1": True, "X.q2": False, "X.q3": True}, {"X": 3, "Y": 0}, {"X": "x3"}),
        ({"X.q1": False, "X.q2": True, "X.q3": True}, {"X": 0, "Y": 0}, {}),          # cumulative
        ({"X.q1": True, "X.q2": False}, {"X": 1, "Y": 0}, {"X": "x1"}),                 # not(unanswered) fails
        ({"X.q1": True, "X.q2": True, "Y.q1": "fully"}, {"X": 2, "Y": 2}, {"X": "x2", "Y": "y2"}),
        ({"X.q1": True, "X.q2": False, "X.q3": False, "Y.q1": "largely"}, {"X": 1, "Y": 1}, {"X": "x1", "Y": "y1"}),
    ]
    for answers, want, decided in cases:
        fw, rs, assessment = build(fw_d, rs_d, {"framework": "gen", "entities": [{"id": "e", "answers": answers}]})
        for ev in ("durable", "reference"):
            res = assess(rs, assessment, evaluator=ev).entities[0]
            assert {k: res.levels[k] for k in want} == want, (ev, answers)
            assert res.decided_by == decided, (ev, answers)
            assert res.levels["F"] == (want["X"] + want["Y"]) // 2
