"""A portfolio planned by entity gives the same plan, byte for byte, in this process, on local
worker processes and on a real Dask cluster (a LocalCluster: a scheduler and worker processes on
localhost); and the decomposition keeps the planner's promises on cases small enough to check by
exhaustive search."""
from __future__ import annotations

import json

import pytest
from test_plan import Spec, enumerable_seeds, make, run, schedule_of

from cyberplan.engine.assess.levels import assess
from cyberplan.engine.inputs.resolve import inputs_from_models
from cyberplan.engine.plan import plan_portfolio
from cyberplan.engine.plan.executor import DaskExecutor, ProcessExecutor, SerialExecutor


def decomposed(config):
    return config.model_copy(update={"solver": config.solver.model_copy(update={"method": "decompose", "gap": 0.0})})


def case():
    fw, rs, assessment, config = make(7, n_entities=4, n_controls=5, horizon=4, budget=200)
    return fw, rs, assessment, decomposed(config)


def plan_json(executor) -> str:
    fw, rs, assessment, config = case()
    plan = plan_portfolio(inputs_from_models(fw, rs, assessment), assess(rs, assessment), config, options=False,
                          executor=executor)
    assert plan.method.startswith("decomposition")
    return json.dumps(plan.to_json_dict(), sort_keys=True)


@pytest.mark.parametrize("seed", enumerable_seeds(6, n_entities=lambda s: 2, n_controls=lambda s: 3 + s % 2))
def test_a_decomposed_plan_is_the_exhaustive_optimum(seed):
    fw, rs, assessment, config = make(seed, n_entities=2, n_controls=3 + seed % 2)
    spec = Spec(fw, rs, assessment, config)
    plan = run(fw, rs, assessment, decomposed(config))
    sched = schedule_of(plan, spec)
    assert spec.feasible(sched)
    assert plan.objective.benefit == pytest.approx(spec.exhaustive_optimum(), abs=1e-6)
    assert plan.status == "optimal" and plan.verification.levels_match


def test_the_same_plan_on_any_executor():
    serial = plan_json(SerialExecutor())
    pool = ProcessExecutor(2)
    try:
        assert plan_json(pool) == serial
    finally:
        pool.close()
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        dask = DaskExecutor(cluster.scheduler_address)
        try:
            assert dask.workers == 2
            assert plan_json(dask) == serial
        finally:
            dask.close()


def test_an_unreachable_cluster_is_bad_input(monkeypatch):
    import cyberplan.engine.plan.executor as executor
    from cyberplan.engine.errors import InputError
    pytest.importorskip("distributed")
    monkeypatch.setattr(executor, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        DaskExecutor("tcp://127.0.0.1:9")


@pytest.mark.parametrize("carry_over", [True, False])
def test_a_second_pass_keeps_every_plan_and_the_portfolio_within_budget(carry_over):
    """The second pass's budgets: each re-planned entity can still afford what it spent, and the
    new budgets with everyone else's spend stay within the configured budget (recomputed here
    from the configuration, period by period or cumulatively)."""
    import random

    from cyberplan.engine.plan import prepare_instance
    from cyberplan.engine.plan.decompose import reallot
    fw, rs, assessment, config = make(11, n_entities=4, n_controls=5, horizon=4, budget=200)
    config = config.model_copy(update={"budget": config.budget.model_copy(update={"carry_over": carry_over})})
    inst = prepare_instance(inputs_from_models(fw, rs, assessment), assess(rs, assessment), config)
    ids = [e.id for e in inst.entities]
    rng = random.Random(5)
    for _ in range(20):
        # spends that fit the budget: a random quarter of each period's budget per entity, less a bit
        spent = {e: [200 / 4 * rng.random() for _t in range(4)] for e in ids}
        to = rng.sample(ids, rng.randint(1, 3))
        new = reallot(inst, {}, spent, to, {e: rng.random() + 0.1 for e in to})
        assert set(new) == set(to)
        for e in to:
            assert all(x >= -1e-9 for x in new[e])
            for t in range(4):
                if carry_over:
                    assert sum(spent[e][:t + 1]) <= sum(new[e][:t + 1]) + 1e-6
                else:
                    assert spent[e][t] <= new[e][t] + 1e-6
        for t in range(4):
            per = [sum(new[e][t] if e in to else spent[e][t] for e in ids) for t in range(4)]
            if carry_over:
                assert sum(per[:t + 1]) <= 200 * (t + 1) + 1e-6
            else:
                assert per[t] <= 200 + 1e-6
        # nothing is kept back: the budget the configuration gives is handed out in full
        per = [sum(new[e][t] if e in to else spent[e][t] for e in ids) for t in range(4)]
        assert sum(per) == pytest.approx(800) if carry_over else all(x == pytest.approx(200) for x in per)


def test_a_portfolio_lp_that_does_not_finish_is_never_read(monkeypatch):
    """A stopped LP holds no solution: its values must not guide the plan nor its status give a
    bound. The decomposition then takes its bound from the entity LPs at budget prices."""
    import importlib
    decompose_module = importlib.import_module("cyberplan.engine.plan.decompose")
    solve_module = importlib.import_module("cyberplan.engine.plan.solve")   # the package's `solve` is the function
    real = solve_module.solve

    def stopped_lp(model, options, *args, **kwargs):
        if any(v.cat == "Integer" for v in model.prob.variables()):    # a MILP: solved as usual
            return real(model, options, *args, **kwargs)
        for v in model.prob.variables():
            v.varValue = 0.7          # what a stopped simplex leaves: numbers that are no solution
        return solve_module.SolveOutcome("no-solution", None, None, None, 0.0, "HiGHS", "stopped by its time limit")
    monkeypatch.setattr(solve_module, "solve", stopped_lp)
    monkeypatch.setattr(decompose_module, "POLISH_LIMIT", 0)     # the bound must come from the decomposition
    fw, rs, assessment, config = make(7, n_entities=2, n_controls=4, horizon=4, budget=200)
    spec = Spec(fw, rs, assessment, config)
    said: list[str] = []
    plan = plan_portfolio(inputs_from_models(fw, rs, assessment), assess(rs, assessment), decomposed(config),
                          progress=said.append, options=False, executor=SerialExecutor())
    assert any("did not finish" in m for m in said), said
    assert plan.objective.bound_source.startswith("Lagrangian")
    # a valid bound: no plan beats it, the best one by exhaustive search included
    assert plan.objective.bound >= spec.exhaustive_optimum() - 1e-6
    assert spec.feasible(schedule_of(plan, spec)) and plan.verification.levels_match
