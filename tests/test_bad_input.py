"""Every bad input gets a clear error through the real CLI (SPEC §3, issue 8).

The corpus lives in tests/data/bad/: one folder per error class, holding the bad file(s) and a
`case.yaml` with the command line (run from inside the folder; `../../mini` is the good mini
framework, outside the case's folder, so an answers file that names it is run with
--allow-outside-paths), the exit status and the strings the message must contain — the file, the line or key
path, and the offending item. Each case runs through click's CliRunner (the same `cli` group and
`handle_errors` the installed command uses) with `-o out.json` pointing at an existing file, which
must come out untouched. A sample of cases also runs through the installed `cyberplan` executable
in a subprocess, where a traceback would show on stderr.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from cyberplan.cli import cli

HERE = Path(__file__).resolve().parent
BAD = HERE / "data" / "bad"
MINI = HERE / "data" / "mini"
EXE = Path(sys.executable).with_name("cyberplan")
SENTINEL = "previous output: must survive a failed run\n"

CASES = sorted(p.name for p in BAD.iterdir() if (p / "case.yaml").exists())


def load_case(name: str) -> dict:
    return yaml.safe_load((BAD / name / "case.yaml").read_text())


def stage(name: str, tmp_path: Path) -> Path:
    """Copy the case (and the mini data it refers to as ../../mini) to a scratch folder."""
    shutil.copytree(MINI, tmp_path / "mini")
    shutil.copytree(BAD / name, tmp_path / "bad" / name, symlinks=True)
    return tmp_path / "bad" / name


def invoke(args: list[str], cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=True)
    finally:
        os.chdir(old)


def test_corpus_is_complete():
    assert len(CASES) >= 80
    for name in CASES:
        case = load_case(name)
        assert case["what"] and case["args"] and case["expect"], name
        assert case["status"] in (1, 2), name
        # a message that only says "error" would pass anything: every case names its item
        assert any(len(e) > 3 for e in case["expect"]), name


@pytest.mark.parametrize("name", CASES)
def test_bad_input(name, tmp_path):
    case = load_case(name)
    cwd = stage(name, tmp_path)
    args = list(case["args"])
    with_output = case.get("output", True)
    if with_output:
        (cwd / "out.json").write_text(SENTINEL)
        args += ["-o", "out.json"]
    before = sorted(p.name for p in cwd.iterdir())
    result = invoke(args, cwd)
    text = result.stderr + result.stdout
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback
        pytest.fail(f"{name}: unhandled {type(result.exception).__name__} (a traceback for the user):\n"
                    + "".join(traceback.format_exception(result.exception)))
    assert result.exit_code == case["status"], f"{name}: exit {result.exit_code}\n{text}"
    assert "Traceback" not in text
    for want in case["expect"]:
        assert want in text, f"{name}: {want!r} not in the message:\n{text}"
    if case["status"] == 2:
        assert "error" in result.stderr.lower() or "error" in result.stdout.lower()
    if with_output:
        assert (cwd / "out.json").read_text() == SENTINEL, f"{name}: -o target was overwritten"
    # nothing half-written beside it, and no code from the data ran (yaml-python-tag's MARKER)
    assert sorted(p.name for p in cwd.iterdir()) == before


# --------------------------------------------------------------------------- the real executable

SUBPROCESS_SAMPLE = ["yaml-syntax", "unknown-key-plan", "file-missing", "output-folder-missing",
                     "json-deep-nesting", "yaml-alias-bomb", "cyclic-requires", "yaml-python-tag"]


@pytest.mark.parametrize("name", SUBPROCESS_SAMPLE)
def test_bad_input_real_executable(name, tmp_path):
    assert EXE.exists(), f"the cyberplan command is not installed next to {sys.executable}"
    case = load_case(name)
    cwd = stage(name, tmp_path)
    proc = subprocess.run([str(EXE), *case["args"]], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert proc.returncode == case["status"], proc.stderr
    assert "Traceback" not in proc.stderr
    for want in case["expect"]:
        assert want in proc.stderr + proc.stdout
    assert not (cwd / "MARKER").exists()


# --------------------------------------------------------------------------- cases made at run time

def test_file_over_the_size_limit(tmp_path, monkeypatch):
    """A huge file fails fast, before it is parsed (the real limit is 64 MB; see bench/limits_bench.py)."""
    import cyberplan.engine.inputs.read as load
    monkeypatch.setattr(load, "MAX_FILE_BYTES", 1000)
    answers = tmp_path / "answers.yaml"
    answers.write_text("framework: mini\nentities:\n" + "  - {id: e}\n" * 200)
    result = invoke(["assess", str(answers)], tmp_path)
    assert result.exit_code == 2, result.stderr
    assert "answers.yaml" in result.stderr and "limit" in result.stderr


def test_unreadable_file(tmp_path, monkeypatch):
    """A file the user may not read. As root chmod does not stop reading, so the refusal the OS would
    give is simulated; as anyone else the real permission bits are used."""
    answers = tmp_path / "answers.yaml"
    answers.write_text((MINI / "answers.yaml").read_text())
    if os.geteuid() == 0:
        real = os.open

        def refuse(path, *a, **kw):
            if Path(path).name == "answers.yaml":
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *a, **kw)
        monkeypatch.setattr(os, "open", refuse)
    else:
        answers.chmod(0)
    try:
        result = invoke(["assess", str(answers)], tmp_path)
    finally:
        answers.chmod(0o644)
    assert result.exit_code == 2, result.stderr
    assert "answers.yaml" in result.stderr and "Permission denied" in result.stderr


def test_problems_are_all_reported_at_once(tmp_path):
    """Several mistakes in one file: each is listed with its own place, not only the first."""
    fw = (MINI / "framework.yaml").read_text()
    fw = fw.replace("requires: [C-MFA]", "requires: [C-NOPE]").replace("duration: 2\n", "duration: 0\n")
    (tmp_path / "framework.yaml").write_text(fw)
    result = invoke(["frameworks", "show", "framework.yaml"], tmp_path)
    assert result.exit_code == 2
    # pydantic finds the duration first; once fixed, the cross-reference is reported
    assert "controls[2].duration" in result.stderr
    (tmp_path / "framework.yaml").write_text(fw.replace("duration: 0\n", "duration: 2\n")
                                             .replace("{id: PR-1.q2,", "{id: PR-1.q1,"))
    result = invoke(["frameworks", "show", "framework.yaml"], tmp_path)
    lines = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert any("C-NOPE" in l for l in lines) and any("duplicate question id" in l for l in lines), lines


def test_error_lines_point_at_the_offending_line(tmp_path):
    """The line number given is the line holding the bad item, checked against the file itself."""
    for name in ("unknown-key-plan", "answer-outside-options", "unknown-key-control", "duplicate-control",
                 "yaml-duplicate-key", "unknown-question-answer"):
        case = load_case(name)
        cwd = stage(name, tmp_path / name)
        result = invoke(case["args"], cwd)
        first = result.stderr.splitlines()[0]
        location = first.split(": ")[1] if first.startswith("error: ") else ""
        file, _, line = location.partition(":")
        assert line.isdigit(), first
        text = (cwd / file).read_text().splitlines()[int(line) - 1]
        needle = {"unknown-key-plan": "budjet", "answer-outside-options": "mostly", "unknown-key-control": "requirs",
                  "duplicate-control": "C-MFA", "yaml-duplicate-key": "PR-1.q1",
                  "unknown-question-answer": "PR-1.q7"}[name]
        assert needle in text, (name, line, text)


# --------------------------------------------------------------------------- infeasible plans: exit 1, a reason

def _plan(tmp_path: Path, edits: dict[str, str], extra: str = "", fmt: str = "json"):
    cfg = (MINI / "plan.yaml").read_text()
    for old, new in edits.items():
        assert old in cfg
        cfg = cfg.replace(old, new)
    (tmp_path / "plan.yaml").write_text(cfg + extra)
    result = invoke(["plan", str(MINI / "answers.yaml"), "--config", "plan.yaml", "-q", "--format", fmt], tmp_path)
    assert "Traceback" not in result.stderr and not isinstance(result.exception, (KeyError, ValueError, TypeError))
    return result


def _reason(result) -> str:
    lines = [l for l in result.stderr.splitlines() if l.startswith("plan infeasible:")]
    assert lines, result.stderr
    return lines[0]


def test_infeasible_mandatory_over_budget(tmp_path):
    r = _plan(tmp_path, {"per_period: 200": "per_period: 100"}, "mandatory: [C-SOC]\n")
    assert r.exit_code == 1
    reason = _reason(r)
    assert "C-SOC" in reason and "150" in reason and "100" in reason   # needs 300/2 periods; budget 100
    assert "Infeasible" not in reason and "status" not in reason.lower()  # a reason, not a solver status
    import json
    plan = json.loads(r.stdout)
    assert plan["status"] == "infeasible" and "C-SOC" in plan["reason"] and plan["actions"] == []


def test_infeasible_mandatory_beyond_horizon(tmp_path):
    # C-SOC takes 6 months = 2 quarters; a 1-quarter horizon cannot hold it
    r = _plan(tmp_path, {"horizon: 6": "horizon: 1"}, "mandatory: [C-SOC]\n")
    assert r.exit_code == 1
    reason = _reason(r)
    assert "C-SOC" in reason and "horizon" in reason


def test_infeasible_capacity_too_small(tmp_path):
    # C-MFA: 10 person-days in one quarter at mof, 20 at wat (size factor 2); capacity 4
    r = _plan(tmp_path, {"capacity: {per_period: 20}": "capacity: {per_period: 4}"}, "mandatory: [C-MFA]\n")
    assert r.exit_code == 1
    reason = _reason(r)
    assert "C-MFA for mof" in reason and "C-MFA for wat" in reason and "capacity of 4" in reason


def test_infeasible_mandatory_together_over_total_budget(tmp_path):
    r = _plan(tmp_path, {"budget: {per_period: 200, carry_over: false}": "budget: {total: 250}"},
              "mandatory: [C-MFA, C-BAK]\n")
    assert r.exit_code == 1
    reason = _reason(r)
    for item in ("C-MFA for mof", "C-MFA for wat", "C-BAK for mof", "C-BAK for wat", "250"):
        assert item in reason, reason


def test_infeasible_min_cost_target_no_control_reaches(tmp_path):
    # level 3 of PR-1 needs PR-1.q3 >= 90, and no control implements PR-1.q3: wat can never reach it
    r = _plan(tmp_path, {"objective: max-benefit": "objective: min-cost",
                         "targets: {default: 2, entities: {wat: {default: 3}}}": "targets: {default: 2, outcomes: {PR-1: 3}}"})
    assert r.exit_code == 1
    reason = _reason(r)
    assert "wat PR-1 (target 3, at most 2 reachable)" in reason
    assert "mof PR-1" not in reason      # mof already answers PR-1.q3 with 95: it is at level 3


def test_infeasible_min_cost_within_budget(tmp_path):
    # wat's targets need C-MFA (200 in one quarter) or the SOC (150 a quarter): 10 a quarter buys
    # neither. Before the fix the planner called the empty plan "optimal" and exited 0.
    r = _plan(tmp_path, {"objective: max-benefit": "objective: min-cost", "per_period: 200": "per_period: 10",
                         "targets: {default: 2, entities: {wat: {default: 3}}}": "targets: {default: 1}"})
    assert r.exit_code == 1
    reason = _reason(r)
    assert "wat PR-1 (target 1, at most 0 reachable)" in reason and "wat DE-1" in reason


def test_a_frontier_of_a_min_cost_plan_is_bad_input(tmp_path):
    # min-cost does not depend on the budget: there is no frontier to draw (it raised a NameError)
    cfg = (MINI / "plan.yaml").read_text().replace("objective: max-benefit", "objective: min-cost")
    (tmp_path / "plan.yaml").write_text(cfg)
    r = invoke(["plan", str(MINI / "answers.yaml"), "--config", "plan.yaml", "-q", "--sweep", "100,200"], tmp_path)
    assert r.exit_code == 2, r.stderr
    assert "Traceback" not in r.stderr and "min-cost does not depend on the budget" in r.stderr


def test_feasible_plan_exits_zero(tmp_path):
    """The same command with the mini config as shipped succeeds: the failures above are the edits."""
    r = _plan(tmp_path, {})
    assert r.exit_code == 0, r.stderr


# --------------------------------------------------------------------------- rulesets are data

def _data_case(tmp_path: Path, ruleset: str, answers_extra: str = "sector: government") -> tuple:
    shutil.copy(MINI / "framework.yaml", tmp_path / "framework.yaml")
    (tmp_path / "ruleset.yaml").write_text(ruleset)
    (tmp_path / "answers.yaml").write_text(
        "framework: framework.yaml\nruleset: ruleset.yaml\nentities:\n"
        f"  - id: mof\n    {answers_extra}\n    answers: {{PR-1.q1: fully, PR-1.q2: true}}\n")
    result = invoke(["assess", "answers.yaml", "--format", "json"], tmp_path)
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.parametrize("tag", [
    '!!python/object/apply:os.system ["touch {marker}"]',
    '!!python/object/new:os.system ["touch {marker}"]',
    "!!python/name:os.system ''",
    "!!python/module:os ''",
    '!!python/object/apply:subprocess.check_call [["touch", "{marker}"]]',
])
def test_python_tags_are_rejected(tmp_path, tag):
    marker = tmp_path / "MARKER"
    rs = (MINI / "ruleset.yaml").read_text().replace(
        "{question: PR-1.q1, gte: largely}", "{question: PR-1.q1, gte: " + tag.format(marker=marker) + "}")
    r = _data_case(tmp_path, rs)
    assert r.exit_code == 2
    assert "ruleset.yaml:4" in r.stderr and "python/" in r.stderr
    assert not marker.exists()


def test_code_in_strings_is_plain_text(tmp_path):
    """Python source as an operand, a rule id and a finding text is compared and printed as text."""
    marker = tmp_path / "MARKER"
    code = f"__import__('os').system('touch {marker}')"
    rs = f"""id: mini/code
framework: mini
rules:
  - id: "x'); {code}; ('"
    outcome: PR-1
    level: 1
    when: {{entity: sector, eq: "{code}"}}
  - id: "{{{{ {code} }}}}"
    when: {{entity: sector, in: ["{code}", "eval(1)"]}}
    finding: {{severity: high, text: "{code}"}}
"""
    r = _data_case(tmp_path, rs, answers_extra=f'sector: "{code}"')
    assert r.exit_code == 0, r.stderr
    import json
    ent = json.loads(r.stdout)["entities"][0]
    # the strings matched as strings: the sector equals the operand text, so the rules held
    assert ent["levels"]["PR-1"] == 1 and ent["decided_by"]["PR-1"] == f"x'); {code}; ('"
    assert [f["text"] for f in ent["findings"]] == [code]
    assert not marker.exists()
    # and with another sector the same rules do not hold (nothing evaluated the operand to True)
    r = _data_case(tmp_path, rs, answers_extra="sector: government")
    ent = json.loads(r.stdout)["entities"][0]
    assert ent["levels"]["PR-1"] == 0 and ent["findings"] == []
    assert not marker.exists()


def test_code_as_question_operand_is_rejected(tmp_path):
    """A choice question compared with Python source: not one of its options, so an error."""
    marker = tmp_path / "MARKER"
    rs = (MINI / "ruleset.yaml").read_text().replace(
        "{question: PR-1.q1, gte: largely}", f"{{question: PR-1.q1, gte: \"__import__('os').system('touch {marker}')\"}}")
    r = _data_case(tmp_path, rs)
    assert r.exit_code == 2
    assert "rules[0]" in r.stderr and "__import__" in r.stderr and "expected one of" in r.stderr
    assert not marker.exists()
