"""`cyberplan new framework NAME` and `cyberplan new ruleset NAME`: starting points for consultants.

A framework scaffold is a complete, pip-installable plugin package: it registers its framework and
ruleset under the entry-point group `cyberplan`, passes `cyberplan rules check --strict` and
`cyberplan rules test`, and its example answers can be assessed and planned as they are.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError
from cyberplan.engine.models import Framework

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def _check_name(name: str, what: str) -> None:
    if not NAME.match(name):
        raise InputError(f"{what} name {name!r} must be lower-case letters, digits, '.', '_' or '-', starting with a "
                         "letter or digit (it becomes the id)", path="NAME")


def module_name(name: str) -> str:
    return "cyberplan_" + re.sub(r"[^a-z0-9_]", "_", name)


def _write_new(files: dict[Path, str], overwrite: bool = False) -> None:
    from cyberplan.engine.render import write_atomic
    for path in files:
        if path.exists() and not overwrite:
            raise InputError("already exists; choose another name or -o, or remove it first", file=str(path))
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, text)


# --------------------------------------------------------------------------- new framework

def new_framework(name: str, output_dir: Path | None = None) -> list[str]:
    """Create the plugin package for framework NAME; returns what to tell the user."""
    _check_name(name, "framework")
    root = Path(output_dir) if output_dir is not None else Path(name)
    files = write_plugin(root, name, name.replace("-", " ").replace("_", " ").title(),
                         framework={"framework.yaml": _FRAMEWORK}, ruleset=_RULESET, answers=_ANSWERS, plan=_PLAN,
                         test=_TEST_EXAMPLE)
    return [f"created {root}/ (framework {name!r}, plugin module {module_name(name)})"] + [
        f"  {p.relative_to(root)}" for p in files] + next_steps(root, name)


def next_steps(root: Path, name: str) -> list[str]:
    mod = module_name(name)
    return [
        "next:",
        f"  pip install -e {root}",
        "  cyberplan frameworks",
        f"  cyberplan rules check {name}/default --strict",
        f"  cyberplan rules test {name}/default",
        f"  cyberplan assess {root}/{mod}/example/answers.yaml",
        f"  cyberplan plan {root}/{mod}/example/answers.yaml --config {root}/{mod}/example/plan.yaml",
    ]


def write_plugin(root: Path, name: str, title: str, *, framework: dict[str, str], ruleset: str, answers: str,
                 plan: str, test: str, mappings: dict[str, str] | None = None, extra: dict[str, str] | None = None,
                 replace: bool = False) -> list[Path]:
    """Write the plugin package layout (the one `cyberplan new framework` makes) into `root`, which
    must be new or empty unless `replace`: pyproject.toml with the entry point, README, plugin.py,
    framework/ (the given parts), rulesets/default.yaml, example/answers.yaml and plan.yaml,
    mappings/ (optional), a test file, and any `extra` files (paths relative to root). Templates
    may use {{NAME}}, {{MODULE}}, {{DIST}} and {{TITLE}}. Returns the files written."""
    root = Path(root)
    if not replace and root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise InputError("already exists and is not empty; choose another -o folder", file=str(root))
    mod = module_name(name)
    sub = {"NAME": name, "MODULE": mod, "DIST": "cyberplan-" + re.sub(r"[^a-z0-9-]", "-", name), "TITLE": title}

    def fill(text: str) -> str:
        for k, v in sub.items():
            text = text.replace("{{" + k + "}}", v)
        return text.lstrip("\n")
    files = {
        root / "pyproject.toml": fill(_PYPROJECT),
        root / "README.md": fill(_README),
        root / mod / "__init__.py": fill('"""{{TITLE}}: a cyberplan framework plugin."""\n'),
        root / mod / "plugin.py": fill(_PLUGIN),
        **{root / mod / "framework" / part: fill(text) for part, text in framework.items()},
        root / mod / "rulesets" / "default.yaml": fill(ruleset),
        root / mod / "example" / "answers.yaml": fill(answers),
        root / mod / "example" / "plan.yaml": fill(plan),
        **{root / mod / "mappings" / f: fill(text) for f, text in (mappings or {}).items()},
        root / "tests" / f"test_{mod}.py": fill(_TEST_HEAD + test),
        **{root / f: text for f, text in (extra or {}).items()},
    }
    _write_new(files, overwrite=replace)
    return list(files)


_PYPROJECT = '''
[build-system]
requires = ["setuptools>=64", "wheel"]
build-backend = "setuptools.build_meta"

[project]
name = "{{DIST}}"
version = "0.1.0"
description = "{{TITLE}}: a framework plugin for cyberplan"
requires-python = ">=3.11"
dependencies = ["cyberplan"]

# This is what makes cyberplan find the plugin: the entry-point group `cyberplan`, one entry
# naming the module that holds the hook implementations.
[project.entry-points.cyberplan]
{{NAME}} = "{{MODULE}}.plugin"

[project.optional-dependencies]
test = ["pytest>=7"]

[tool.setuptools.packages.find]
include = ["{{MODULE}}*"]

[tool.setuptools.package-data]
{{MODULE}} = ["framework/*.yaml", "rulesets/*.yaml", "example/*.yaml", "mappings/*.yaml"]
'''

_README = '''
# {{TITLE}} — a cyberplan framework plugin

Framework id `{{NAME}}`, default ruleset `{{NAME}}/default`.

    pip install -e .
    cyberplan frameworks                               # lists {{NAME}}
    cyberplan rules check {{NAME}}/default --strict    # no mistakes, no warnings
    cyberplan rules test {{NAME}}/default              # the ruleset's embedded tests
    cyberplan assess {{MODULE}}/example/answers.yaml
    cyberplan plan {{MODULE}}/example/answers.yaml --config {{MODULE}}/example/plan.yaml
    pytest tests

Edit `{{MODULE}}/framework/framework.yaml` (outcomes, questions, controls) and
`{{MODULE}}/rulesets/default.yaml` (rules and their tests). See cyberplan's
docs/writing-framework-plugins.md and docs/writing-rulesets.md.
'''

_PLUGIN = '''
"""Registers the {{NAME}} framework and its rulesets with cyberplan.

cyberplan loads this module through the entry point in pyproject.toml and calls the hooks below.
Each returns paths to data files packaged with this module.
"""
from pathlib import Path

from cyberplan import hookimpl

HERE = Path(__file__).resolve().parent


@hookimpl
def cyberplan_frameworks():
    # a directory with framework.yaml (it may also hold questions.yaml and controls.yaml)
    return [HERE / "framework"]


@hookimpl
def cyberplan_rulesets():
    return sorted((HERE / "rulesets").glob("*.yaml"))


@hookimpl
def cyberplan_mappings():
    # mapping sets relating this framework to others (`cyberplan assess --against`)
    return sorted((HERE / "mappings").glob("*.yaml"))
'''

_FRAMEWORK = '''
# The {{NAME}} framework: outcomes to assess, the questionnaire that evidences them, and the
# catalogue of controls the planner can schedule. Edit freely; `cyberplan rules check` tells you
# what no longer fits.
id: {{NAME}}
title: {{TITLE}}
version: "0.1"
currency: USD
levels:                       # the maturity scale, 0 = lowest
  - {value: 0, name: Not performed}
  - {value: 1, name: Initial}
  - {value: 2, name: Managed}
  - {value: 3, name: Optimised}
outcomes:                     # a tree; the leaves are assessed, parents are rolled up
  - id: GV
    title: Govern
    children:
      - {id: GV-1, title: Security roles and responsibilities are assigned}
  - id: PR
    title: Protect
    children:
      - {id: PR-1, title: Access is protected by strong authentication}
      - {id: PR-2, title: Data is backed up and restorable}
  - id: DE
    title: Detect
    children:
      - {id: DE-1, title: Networks and systems are monitored}
questions:                    # `level: k` = the maturity level the question evidences
  - {id: GV-1.q1, outcome: GV-1, level: 1, type: boolean, text: Is a named person accountable for cyber security?}
  - {id: GV-1.q2, outcome: GV-1, level: 2, type: choice, options: [no, partially, largely, fully],
     text: Are security roles written down and staffed?}
  - {id: GV-1.q3, outcome: GV-1, level: 3, type: scale, min: 0, max: 4,
     text: "How well does the board oversee cyber risk (0 none - 4 fully)?"}
  - {id: PR-1.q1, outcome: PR-1, level: 1, type: choice, options: [no, partially, largely, fully],
     text: Is multi-factor authentication enforced for remote access?}
  - {id: PR-1.q2, outcome: PR-1, level: 2, type: boolean, text: Is MFA enforced for all administrator accounts?}
  - {id: PR-1.q3, outcome: PR-1, level: 3, type: number, min: 0, max: 100, unit: "%",
     text: Share of users on phishing-resistant MFA}
  - {id: PR-2.q1, outcome: PR-2, level: 1, type: boolean, text: Are backups of important data taken?}
  - {id: PR-2.q2, outcome: PR-2, level: 2, type: choice, options: [no, partially, largely, fully],
     text: Are backups kept offline or immutable?}
  - {id: PR-2.q3, outcome: PR-2, level: 3, type: scale, min: 0, max: 4,
     text: "How often are restores tested (0 never - 4 quarterly)?"}
  - {id: DE-1.q1, outcome: DE-1, level: 1, type: choice, options: [no, partially, largely, fully],
     text: Are security logs collected centrally?}
  - {id: DE-1.q2, outcome: DE-1, level: 2, type: boolean, text: Are alerts watched 24x7?}
  - {id: DE-1.q3, outcome: DE-1, level: 3, type: boolean, text: Is threat hunting performed regularly?}
controls:                     # what the planner can schedule; `implements` = answers once complete
  - id: C-GOV
    title: Appoint a security lead and write down roles
    cost: {capex: 20000, opex: 5000}
    effort: 20
    duration: 2
    implements: {GV-1.q1: true, GV-1.q2: fully}
  - id: C-BOARD
    title: Board cyber risk reporting
    cost: {capex: 10000, opex: 4000}
    effort: 10
    duration: 3
    requires: [C-GOV]
    implements: {GV-1.q3: 4}
  - id: C-MFA
    title: MFA for remote and administrator access
    cost: {capex: 40000, opex: 10000}
    effort: 30
    duration: 3
    implements: {PR-1.q1: fully, PR-1.q2: true}
  - id: C-FIDO
    title: Phishing-resistant MFA for all users
    cost: {capex: 80000, opex: 20000}
    effort: 40
    duration: 6
    requires: [C-MFA]
    implements: {PR-1.q3: 100}
  - id: C-BACKUP
    title: Offline backups with quarterly restore tests
    cost: {capex: 30000, opex: 8000}
    effort: 15
    duration: 2
    implements: {PR-2.q1: true, PR-2.q2: fully, PR-2.q3: 4}
  - id: C-LOGS
    title: Central log collection
    cost: {capex: 25000, opex: 6000}
    effort: 20
    duration: 3
    implements: {DE-1.q1: fully}
  - id: C-SOC
    title: Shared 24x7 security operations centre
    scope: shared             # built once, serves every entity
    cost: {capex: 300000, opex: 120000}
    duration: 6
    implements: {DE-1.q2: true, DE-1.q3: true}
'''

_RULESET = '''
# The default ruleset of {{NAME}}: answers -> maturity level per outcome.
# Level k of an outcome holds when its level-k question is met (a choice at `largely` or better, a
# boolean true, a scale at max - 1 or more). Levels are cumulative: level 2 counts only when
# level 1 holds too.
id: {{NAME}}/default
framework: {{NAME}}
title: {{TITLE}} - default ruleset
rules:
  - {id: gv-1-l1, outcome: GV-1, level: 1, when: {question: GV-1.q1, eq: true}}
  - {id: gv-1-l2, outcome: GV-1, level: 2, when: {question: GV-1.q2, gte: largely}}
  - {id: gv-1-l3, outcome: GV-1, level: 3, when: {question: GV-1.q3, gte: 3}}
  - {id: pr-1-l1, outcome: PR-1, level: 1, when: {question: PR-1.q1, gte: largely}}
  - {id: pr-1-l2, outcome: PR-1, level: 2, when: {question: PR-1.q2, eq: true}}
  - {id: pr-1-l3, outcome: PR-1, level: 3, when: {question: PR-1.q3, gte: 90}}
  - {id: pr-2-l1, outcome: PR-2, level: 1, when: {question: PR-2.q1, eq: true}}
  - {id: pr-2-l2, outcome: PR-2, level: 2, when: {question: PR-2.q2, gte: largely}}
  - {id: pr-2-l3, outcome: PR-2, level: 3, when: {question: PR-2.q3, gte: 3}}
  - {id: de-1-l1, outcome: DE-1, level: 1, when: {question: DE-1.q1, gte: largely}}
  - {id: de-1-l2, outcome: DE-1, level: 2, when: {question: DE-1.q2, eq: true}}
  - {id: de-1-l3, outcome: DE-1, level: 3, when: {question: DE-1.q3, eq: true}}
  # a finding: flagged in the assessment, does not change a level
  - id: cni-without-monitoring
    when: {all: [{entity: sector, in: [energy, water]}, {outcome: DE-1, lt: 2}]}
    finding: {severity: high, text: Critical infrastructure operator without 24x7 monitoring}
tests:                        # `cyberplan rules test {{NAME}}/default` runs these
  - name: nothing answered is level 0 everywhere
    answers: {}
    expect: {GV-1: 0, PR-1: 0, PR-2: 0, DE-1: 0, PR: 0}
  - name: MFA for remote access and admins is level 2
    answers: {PR-1.q1: fully, PR-1.q2: true}
    expect: {PR-1: 2}
  - name: admin MFA alone does not count without level 1
    answers: {PR-1.q1: partially, PR-1.q2: true}
    expect: {PR-1: 0}
  - name: everything in place is level 3, and the parents roll up
    answers: {GV-1.q1: true, GV-1.q2: fully, GV-1.q3: 4, PR-1.q1: fully, PR-1.q2: true, PR-1.q3: 95,
              PR-2.q1: true, PR-2.q2: largely, PR-2.q3: 3, DE-1.q1: largely, DE-1.q2: true, DE-1.q3: true}
    expect: {GV-1: 3, PR-1: 3, PR-2: 3, DE-1: 3, PR: 3, DE: 3}
  - name: a water utility without 24x7 monitoring gets the finding
    entity: {sector: water}
    answers: {DE-1.q1: fully, DE-1.q2: false}
    expect: {DE-1: 1}
    expect_findings: [cni-without-monitoring]
  - name: a ministry without monitoring gets no CNI finding
    entity: {sector: government}
    answers: {DE-1.q1: fully}
    expect: {DE-1: 1}
    expect_findings: []
'''

_ANSWERS = '''
# Example answers: `cyberplan assess` this file (framework and ruleset by installed id).
framework: {{NAME}}
ruleset: {{NAME}}/default
assessed: 2026-11-01
entities:
  - id: ministry
    name: Ministry of Examples
    sector: government
    criticality: 3
    answers: {GV-1.q1: true, GV-1.q2: partially, GV-1.q3: 1, PR-1.q1: largely, PR-1.q2: false, PR-1.q3: 10,
              PR-2.q1: true, PR-2.q2: largely, PR-2.q3: 2, DE-1.q1: partially, DE-1.q2: false, DE-1.q3: false}
  - id: water
    name: Example Water Utility
    sector: water
    criticality: 5
    size_factor: 1.5
    answers: {GV-1.q1: false, GV-1.q2: no, GV-1.q3: 0, PR-1.q1: partially, PR-1.q2: false, PR-1.q3: 0,
              PR-2.q1: true, PR-2.q2: partially, PR-2.q3: 1, DE-1.q1: largely, DE-1.q2: false, DE-1.q3: false}
'''

_PLAN = '''
# Example plan configuration: `cyberplan plan example/answers.yaml --config example/plan.yaml`
start: 2027-01
period: quarter
horizon: 8
budget: {per_period: 150000}
capacity: {per_period: 60}
targets: {default: 2, outcomes: {"DE*": 3}}
objective: max-benefit
solver: {name: highs, time_limit: 30, gap: 0.01}
'''

_TEST_HEAD = '''
"""Checks of the {{NAME}} plugin through the installed `cyberplan` command (pip install -e . first)."""
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PKG = HERE.parent / "{{MODULE}}"
EXE = shutil.which("cyberplan") or str(Path(sys.executable).with_name("cyberplan"))


def cyberplan(*args):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=300)


def test_listed():
    r = cyberplan("frameworks", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "{{NAME}}" in r.stdout


def test_ruleset_is_clean():
    r = cyberplan("rules", "check", "{{NAME}}/default", "--strict")
    assert r.returncode == 0, r.stdout + r.stderr


def test_ruleset_tests_pass():
    r = cyberplan("rules", "test", "{{NAME}}/default")
    assert r.returncode == 0, r.stdout + r.stderr
    assert " 0 failed" in r.stdout
'''

_TEST_EXAMPLE = '''

def test_example_assessment():
    r = cyberplan("assess", str(PKG / "example" / "answers.yaml"), "--format", "json")
    assert r.returncode == 0, r.stderr
    levels = {e["id"]: e["levels"] for e in json.loads(r.stdout)["entities"]}
    assert levels["ministry"]["PR-1"] == 1      # MFA for remote access largely, not for admins
    assert levels["water"]["DE-1"] == 1
'''


# --------------------------------------------------------------------------- new ruleset

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-/]*$")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n", "~"}


def _y(v: Any) -> str:
    """A YAML scalar (flow style), quoted when a reader could take it for something else."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return f"{v:g}" if isinstance(v, float) else str(v)
    s = str(v)
    if _PLAIN.match(s) and s.lower() not in _YAML_WORDS:
        return s
    return json.dumps(s)


_FIRST = ("id", "outcome", "level", "question", "entity", "all", "any", "not")


def _flow(obj: Any) -> str:
    if isinstance(obj, dict):
        keys = sorted(obj, key=lambda k: _FIRST.index(k) if k in _FIRST else len(_FIRST))
        return "{" + ", ".join(f"{_y(k)}: {_flow(obj[k])}" for k in keys) + "}"
    if isinstance(obj, list):
        return "[" + ", ".join(_flow(v) for v in obj) + "]"
    return _y(obj)


def convention_rules(fw: Framework) -> tuple[list[dict], dict[str, dict[int, list]]]:
    """Level k of each leaf holds when all its level-k questions are met; stops at the first
    level without questions (a level counts only when all below it do)."""
    rules, plan = [], {}
    for leaf in fw.leaves:
        plan[leaf] = {}
        for k in range(1, fw.max_level + 1):
            qs = [q for q in fw.questions if q.outcome == leaf and q.level == k and q.met_condition() is not None]
            if not qs:
                break
            plan[leaf][k] = qs
            leaves = [q.met_condition() for q in qs]
            when = leaves[0] if len(leaves) == 1 else {"all": leaves}
            rid = re.sub(r"[^a-z0-9]+", "-", leaf.lower()).strip("-") + f"-l{k}"
            rules.append({"id": rid, "outcome": leaf, "level": k, "when": when})
    return rules, plan


def new_ruleset(name: str, framework: str, registry, output: Path | None = None,
                extends: str | None = None) -> list[str]:
    """Write a ruleset for `framework` following the built-ins' convention (or extending
    another ruleset), with tests that pass as written."""
    _check_name(name.split("/")[-1], "ruleset")
    fw = registry.framework(framework)
    rid = name if "/" in name else f"{fw.id}/{name}"
    out = Path(output) if output is not None else Path(f"{name.split('/')[-1]}.yaml")
    fw_ref = fw.id   # a ruleset names its framework by id; give --framework PATH to check it against a file
    lines = [f"# {rid}: a ruleset for {fw.id} ({fw.title}).",
             "# Check it with `cyberplan rules check FILE` and run its tests with `cyberplan rules test FILE`."]
    if extends:
        parent, _ = registry.raw_ruleset(extends)
        if parent.framework != fw.id:
            raise InputError(f"ruleset {extends!r} is for framework {parent.framework!r}, not {fw.id!r}",
                             path="--extends")
        prepared = registry.ruleset(extends, fw)
        lines += [f"id: {_y(rid)}", f"framework: {_y(fw_ref)}", f"title: {_y(rid)}",
                  f"extends: {_y(extends)}      # its rules first, then these",
                  "# A rule with the id of an inherited rule replaces it; a new id adds a rule.",
                  "rules: []   # replace [] with your rules, for example:"]
        leaf = next((lf for lf in fw.leaves if prepared.by_level.get((lf, 1))), fw.leaves[0])
        inherited = prepared.rules_for(leaf, 1)
        if inherited:
            r = inherited[0]
            when = r.when.model_dump(mode="json", by_alias=True, exclude_unset=True)
            lines.append(f"#  - {{id: {_y(r.id)}, outcome: {_y(leaf)}, level: 1, when: {_flow(when)}}}")
        lines += ["tests:", f"  - name: {_y(leaf + ': nothing answered is level 0')}",
                  "    answers: {}", f"    expect: {{{_y(leaf)}: 0}}"]
        text = "\n".join(lines) + "\n"
    else:
        rules, plan = convention_rules(fw)
        lines += [f"id: {_y(rid)}", f"framework: {_y(fw_ref)}", f"title: {_y(rid)}",
                  "# Level k of an outcome holds when all its level-k questions are met (a choice at its",
                  "# second-best option or better, a boolean true, a scale at max - 1 or more).",
                  "rules:" if rules else "rules: []"]
        for r in rules:
            lines.append("  " + "- " + _flow(r))
        lines.append("tests:")
        shown = [lf for lf in fw.leaves if plan.get(lf)][:3]
        for leaf in shown:
            top = max(plan[leaf])
            answers = {q.id: q.best_answer() for k in plan[leaf] for q in plan[leaf][k]}
            lines += [f"  - name: {_y(leaf + ': nothing answered is level 0')}", "    answers: {}",
                      f"    expect: {{{_y(leaf)}: 0}}",
                      f"  - name: {_y(f'{leaf}: every question met is level {top}')}",
                      f"    answers: {_flow(answers)}", f"    expect: {{{_y(leaf)}: {top}}}"]
            if top >= 2:
                below = {q.id: q.best_answer() for k in plan[leaf] if k != 1 for q in plan[leaf][k]}
                lines += [f"  - name: {_y(f'{leaf}: higher levels do not count without level 1')}",
                          f"    answers: {_flow(below)}", f"    expect: {{{_y(leaf)}: 0}}"]
        if not shown:
            lines[-1] = "tests: []"
        text = "\n".join(lines) + "\n"
    _write_new({out: text})
    return [f"wrote {out} (ruleset {rid} for {fw.id})", f"next: cyberplan rules check {out}",
            f"      cyberplan rules test {out}"]
