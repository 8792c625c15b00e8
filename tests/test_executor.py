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
