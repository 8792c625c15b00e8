"""Outputs are atomic (SPEC §4): a crash or an interrupt leaves no half-written file, no temporary
file beside it, and the CLI says what was lost; the solver's temporary files are cleaned up."""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import cyberplan.engine.plan as plan_pkg
import cyberplan.engine.render.output as render
from cyberplan.cli import cli

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MINI = HERE / "data" / "mini"
OLD = "the previous report: must survive\n"


def invoke(args, cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, args, catch_exceptions=True)
    finally:
        os.chdir(old)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


class _HalfWriter:
    """A file object that writes the first half of what it is given, then fails."""

    def __init__(self, fh, exc):
        self.fh, self.exc = fh, exc

    def write(self, data):
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise self.exc

    def __getattr__(self, name):
        return getattr(self.fh, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.fh.close()


def _crash_mid_write(monkeypatch, exc):
    real_fdopen = os.fdopen
    seen = {}

    def fdopen(fd, *a, **kw):
        fh = real_fdopen(fd, *a, **kw)
        seen["tmp"] = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else None
        return _HalfWriter(fh, exc)
    monkeypatch.setattr(render.os, "fdopen", fdopen)
    return seen


@pytest.mark.parametrize("existing", [True, False])
def test_disk_full_mid_write(tmp_path, monkeypatch, existing):
    out = tmp_path / "out.json"
    if existing:
        out.write_text(OLD)
    seen = _crash_mid_write(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    before = listing(tmp_path)
    r = invoke(["assess", str(MINI / "answers.yaml"), "--format", "json", "-o", str(out)], tmp_path)
    assert r.exit_code == 2, r.stderr
    assert "Traceback" not in r.stderr and not isinstance(r.exception, OSError)
    assert "out.json" in r.stderr and "No space left on device" in r.stderr and "nothing was written" in r.stderr
    if existing:
        assert out.read_text() == OLD and "previous file is unchanged" in r.stderr
    else:
        assert not out.exists()
    assert listing(tmp_path) == before, "a temporary file was left beside the target"
    assert seen.get("tmp") is None or not os.path.exists(seen["tmp"])


def test_interrupt_mid_write(tmp_path, monkeypatch):
    out = tmp_path / "out.json"
    out.write_text(OLD)
    _crash_mid_write(monkeypatch, KeyboardInterrupt())
    r = invoke(["assess", str(MINI / "answers.yaml"), "--format", "json", "-o", str(out)], tmp_path)
    assert r.exit_code == 130
    assert "interrupted" in r.stderr and "out.json" in r.stderr and "unchanged" in r.stderr
    assert out.read_text() == OLD
    assert listing(tmp_path) == ["out.json"]


def test_write_atomic_never_shows_half_a_file(tmp_path, monkeypatch):
    """The library call itself: a failure between writing and renaming leaves the old file."""
    target = tmp_path / "t.txt"
    target.write_text(OLD)

    def no_rename(src, dst):
        raise KeyboardInterrupt
    monkeypatch.setattr(render.os, "replace", no_rename)
    with pytest.raises(KeyboardInterrupt):
        render.write_atomic(target, "x" * 100_000)
    assert target.read_text() == OLD and listing(tmp_path) == ["t.txt"]
    monkeypatch.undo()
    render.write_atomic(target, "new")
    assert target.read_text() == "new" and listing(tmp_path) == ["t.txt"]


def test_interrupt_during_solve(tmp_path, monkeypatch):
    """Ctrl-C while the solver runs: exit 130, the -o file untouched, the user told what was lost."""
    out = tmp_path / "plan.json"
    out.write_text(OLD)
    called = []

    def interrupted_solve(*a, **kw):
        called.append(1)
        raise KeyboardInterrupt
    monkeypatch.setattr(plan_pkg, "solve", interrupted_solve)
    r = invoke(["plan", str(MINI / "answers.yaml"), "--config", str(MINI / "plan.yaml"), "-o", str(out)], tmp_path)
    assert called, "the patched solver was not reached"
    assert r.exit_code == 130
    assert "Traceback" not in r.stderr
    assert "interrupted" in r.stderr and "plan.json" in r.stderr and "unchanged" in r.stderr
    assert out.read_text() == OLD and listing(tmp_path) == ["plan.json"]


def test_real_sigint_during_solve(tmp_path):
    """A real SIGINT delivered to the `cyberplan plan` process while its (slowed) solver runs."""
    script = tmp_path / "slow_cyberplan.py"
    script.write_text(textwrap.dedent("""
        import sys, time
        import cyberplan.engine.plan as p
        def slow_solve(*a, **kw):
            print("SOLVING", file=sys.stderr, flush=True)
            time.sleep(60)
        p.solve = slow_solve
        import cyberplan.cli as cli
        sys.argv = ["cyberplan"] + sys.argv[1:]
        cli.main()
    """))
    out = tmp_path / "plan.json"
    proc = subprocess.Popen([sys.executable, str(script), "plan", str(MINI / "answers.yaml"), "--config",
                             str(MINI / "plan.yaml"), "-o", str(out)], stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        lines = []
        deadline = time.time() + 60
        while time.time() < deadline:
            line = proc.stderr.readline()
            lines.append(line)
            if "SOLVING" in line or not line:
                break
        assert any("SOLVING" in l for l in lines), "".join(lines)
        proc.send_signal(signal.SIGINT)
        rest = proc.communicate(timeout=30)[1]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, rest
    assert "Traceback" not in rest and "interrupted" in rest and "plan.json" in rest
    assert not out.exists() and listing(tmp_path) == ["slow_cyberplan.py"]


# --------------------------------------------------------------------------- solver temporary files

def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _plan_with_cbc(tmp: Path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    from cyberplan.engine.assess.levels import assess
    from cyberplan.engine.inputs.read import load_plan_config
    from cyberplan.engine.inputs.resolve import load_inputs
    from cyberplan.plugins.manager import registry
    inputs = load_inputs(MINI / "answers.yaml", registry())
    cfg = load_plan_config(MINI / "plan.yaml")
    cfg = cfg.model_copy(update={"solver": cfg.solver.model_copy(update={"name": "cbc"})})
    return plan_pkg.plan_portfolio(inputs, assess(inputs.ruleset, inputs.assessment), cfg)


def test_cbc_leaves_no_temporary_files(tmp_path, monkeypatch):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    p = _plan_with_cbc(tmp, monkeypatch)
    assert p.status == "optimal" and p.actions
    assert _leftovers(tmp) == []
