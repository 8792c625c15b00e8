"""cyberplan: assess cyber maturity against a framework, weigh the impact, find the gaps, plan the actions.

The library face. Each step of the flow is a function over pydantic models:

    from cyberplan import registry, load_inputs, assess, compute_gaps, load_plan_config, plan_portfolio

    reg = registry()                                   # installed frameworks, rulesets, formats
    inputs = load_inputs("answers.yaml", reg)          # answers + their framework and ruleset
    result = assess(inputs)                            # levels, deciding rules, findings
    gaps = compute_gaps(inputs.framework, result, load_plan_config("plan.yaml").targets)
    plan = plan_portfolio(inputs, result, load_plan_config("plan.yaml"))

Plugin authors mark their hook implementations with `cyberplan.hookimpl`.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

from cyberplan.plugins.hookspecs import hookimpl, hookspec

# the rest loads on first use: `cyberplan --help` should not import the solver
_LAZY = {
    "registry": "cyberplan.plugins.manager",
    "load_inputs": "cyberplan.engine.inputs.resolve",
    "inputs_from_models": "cyberplan.engine.inputs.resolve",
    "Inputs": "cyberplan.engine.inputs.resolve",
    "load_plan_config": "cyberplan.engine.inputs.read",
    "assess": "cyberplan.engine.assess.levels",
    "compute_gaps": "cyberplan.engine.assess.gaps",
    "plan_portfolio": "cyberplan.engine.plan",
    "emit": "cyberplan.engine.render.output",
    "InputError": "cyberplan.engine.errors",
    "PlanError": "cyberplan.engine.errors",
}

__all__ = ["hookimpl", "hookspec", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cyberplan' has no attribute {name!r}")
    return getattr(import_module(module), name)
