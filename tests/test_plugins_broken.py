"""A broken third-party plugin is reported by name and the rest of cyberplan keeps working.

Each plugin here is a real distribution: a package plus a `.dist-info` folder with METADATA and an
`entry_points.txt` under the group `cyberplan`, in a temporary folder put on PYTHONPATH — exactly
what `pip install` leaves behind. The CLI runs in a subprocess so that entry points are discovered
the way they are for a user.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXE = Path(sys.executable).with_name("cyberplan")
MINI = HERE / "data" / "mini"

HOOKIMPL = "from cyberplan import hookimpl\n"

PLUGINS = {
    # the module cannot be imported at all
    "cp_import_error": "raise ImportError('cp_import_error needs libwidget, which is not installed')\n",
    # a module-level bug other than ImportError
    "cp_syntax_error": "def broken(:\n    pass\n",
    # a hook that raises
    "cp_hook_raises": HOOKIMPL + textwrap.dedent("""
        @hookimpl
        def cyberplan_frameworks():
            raise RuntimeError("licence server unreachable")
    """),
    # hooks that return garbage of every kind
    "cp_garbage": HOOKIMPL + textwrap.dedent("""
        @hookimpl
        def cyberplan_frameworks():
            return 42

        @hookimpl
        def cyberplan_rulesets():
            return [object()]

        @hookimpl
        def cyberplan_threat_profiles():
            return [123]

        @hookimpl
        def cyberplan_output_formats():
            return ["not a format"]
    """),
    # a path to a framework that does not exist
    "cp_missing_path": HOOKIMPL + textwrap.dedent("""
        @hookimpl
        def cyberplan_frameworks():
            return ["/nonexistent/cyberplan/framework.yaml"]
    """),
    # a hook implementation with an argument the spec does not have
    "cp_bad_signature": HOOKIMPL + textwrap.dedent("""
        @hookimpl
        def cyberplan_frameworks(registry):
            return []
    """),
    # a module that gives up with sys.exit() while being imported, and a hook that does
    "cp_exit_on_import": "import sys\nsys.exit('cp_exit_on_import gave up')\n",
    "cp_hook_exits": HOOKIMPL + textwrap.dedent("""
        import sys

        @hookimpl
        def cyberplan_rulesets():
            sys.exit(3)
    """),
    # a hook that adds commands raises
    "cp_commands_raise": HOOKIMPL + textwrap.dedent("""
        @hookimpl
        def cyberplan_commands(cli):
            raise ValueError("cannot add my command")
    """),
    # a good third-party plugin: proves the broken ones do not stop other plugins either
    "cp_good": HOOKIMPL + textwrap.dedent("""
        from pathlib import Path

        @hookimpl
        def cyberplan_frameworks():
            return [Path(__file__).parent / "framework.yaml"]

        @hookimpl
        def cyberplan_rulesets():
            return [Path(__file__).parent / "ruleset.yaml"]
    """),
}


def install(site: Path, name: str, code: str) -> None:
    pkg = site / name
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text(code)
    dist = site / f"{name}-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(f"[cyberplan]\n{name.removeprefix('cp_')} = {name}\n")
    (dist / "RECORD").write_text("")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    for name, code in PLUGINS.items():
        install(site, name, code)
    fw = (MINI / "framework.yaml").read_text().replace("id: mini\n", "id: thirdparty\n", 1)
    (site / "cp_good" / "framework.yaml").write_text(fw)
    rs = (MINI / "ruleset.yaml").read_text().replace("id: mini/default\nframework: mini\n",
                                                     "id: thirdparty/default\nframework: thirdparty\n")
    (site / "cp_good" / "ruleset.yaml").write_text(rs)
    return site


def run(site: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT)]))
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, env=env, timeout=120,
                          cwd=cwd or ROOT)


EXPECTED_BROKEN = {
    "import_error": "libwidget",
    "syntax_error": "SyntaxError",
    "hook_raises": "licence server unreachable",
    "garbage": "expected a list",
    "missing_path": "/nonexistent/cyberplan/framework.yaml",
    "bad_signature": "cyberplan_frameworks",
    "commands_raise": "cannot add my command",
    "exit_on_import": "SystemExit",
    "hook_exits": "SystemExit",
}


@pytest.fixture(scope="module")
def listing(site):
    return run(site, "frameworks", "list", "--format", "json")


def test_plugins_are_discovered(site):
    """The fixture really installs entry points (else every other test here proves nothing)."""
    code = ("import importlib.metadata as m; "
            "print(sorted(e.name for e in m.entry_points(group='cyberplan')))")
    env = dict(os.environ, PYTHONPATH=str(site))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    for name in PLUGINS:
        assert repr(name.removeprefix("cp_")) in out


def test_builtins_still_listed(listing):
    assert listing.returncode == 0, listing.stderr
    assert "Traceback" not in listing.stderr
    ids = {f["id"] for f in json.loads(listing.stdout)["frameworks"]}
    assert "nist-csf-2.0" in ids
    assert "thirdparty" in ids          # the good third-party plugin still works


@pytest.mark.parametrize("name", sorted(EXPECTED_BROKEN))
def test_each_broken_plugin_reported_by_name(listing, name):
    lines = [l for l in listing.stderr.splitlines() if l.startswith(f"warning: plugin {name!r}")]
    assert lines, f"no warning naming {name!r}:\n{listing.stderr}"
    assert any(EXPECTED_BROKEN[name] in l for l in lines), lines


def test_garbage_of_every_hook_reported(listing):
    text = "\n".join(l for l in listing.stderr.splitlines() if "'garbage'" in l)
    for hook in ("cyberplan_frameworks", "cyberplan_rulesets", "cyberplan_threat_profiles",
                 "cyberplan_output_formats"):
        assert hook in text or (hook == "cyberplan_frameworks" and "expected a list" in text), (hook, text)


def test_commands_work_with_broken_plugins(site, tmp_path):
    """Assess and plan run end to end with the broken plugins installed, and with the good
    third-party framework by its installed id."""
    r = run(site, "assess", str(MINI / "answers.yaml"), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["framework"] == "mini"
    answers = tmp_path / "answers.yaml"
    answers.write_text((MINI / "answers.yaml").read_text()
                       .replace("framework: framework.yaml\nruleset: ruleset.yaml\n", "framework: thirdparty\n"))
    r = run(site, "assess", str(answers), "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["ruleset"] == "thirdparty/default"
    r = run(site, "plan", str(MINI / "answers.yaml"), "--config", str(MINI / "plan.yaml"), "-q", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["status"] == "optimal"
    assert "Traceback" not in r.stderr


# --------------------------------------------------------------------------- failures after loading (issue 16)

CALL_PLUGINS = {
    # output formats that load fine and fail when used
    "cp_render_raises": HOOKIMPL + textwrap.dedent("""
        from cyberplan.engine.render import OutputFormat

        def render(out):
            raise RuntimeError("template missing")

        @hookimpl
        def cyberplan_output_formats():
            return [OutputFormat("boom", "boom", render)]
    """),
    "cp_render_int": HOOKIMPL + textwrap.dedent("""
        from cyberplan.engine.render import OutputFormat

        @hookimpl
        def cyberplan_output_formats():
            return [OutputFormat("number", "num", lambda out: 42)]
    """),
    "cp_render_ctrl_c": HOOKIMPL + textwrap.dedent("""
        from types import SimpleNamespace

        def render(out):
            raise KeyboardInterrupt

        @hookimpl
        def cyberplan_output_formats():   # duck-typed, not our OutputFormat class
            return [SimpleNamespace(name="ctrlc", extension="cc", render=render)]
    """),
    # a hook raising KeyboardInterrupt: a broken plugin, not the user pressing Ctrl-C
    "cp_hook_ctrl_c": HOOKIMPL + textwrap.dedent("""
        @hookimpl
        def cyberplan_rulesets():
            raise KeyboardInterrupt
    """),
    # a command a plugin adds, failing when run
    "cp_command_fails": HOOKIMPL + textwrap.dedent("""
        import click

        @hookimpl
        def cyberplan_commands(cli):
            @cli.command("explode")
            def explode():
                raise ZeroDivisionError("the plugin's own bug")
    """),
}


@pytest.fixture(scope="module")
def call_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("call_site")
    for name, code in CALL_PLUGINS.items():
        install(site, name, code)
    return site


@pytest.mark.parametrize("fmt, plugin, says", [
    ("boom", "render_raises", "RuntimeError: template missing"),
    ("number", "render_int", "returned int, expected text"),
    ("ctrlc", "render_ctrl_c", "raised KeyboardInterrupt"),
])
def test_failing_renderer_named_by_plugin(call_site, tmp_path, fmt, plugin, says):
    out = tmp_path / "out.txt"
    out.write_text("previous\n")
    r = run(call_site, "assess", str(MINI / "answers.yaml"), "--format", fmt, "-o", str(out))
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr and "interrupted" not in r.stderr
    assert f"output format {fmt!r} of plugin {plugin!r} failed" in r.stderr or \
        f"output format {fmt!r} of plugin {plugin!r} returned" in r.stderr, r.stderr
    assert says in r.stderr
    assert out.read_text() == "previous\n"
    # and the built-in formats still work beside it
    r = run(call_site, "assess", str(MINI / "answers.yaml"), "--format", "json")
    assert r.returncode == 0 and json.loads(r.stdout)["framework"] == "mini"


def test_hook_raising_keyboard_interrupt_is_a_broken_plugin(call_site):
    r = run(call_site, "frameworks", "list", "--format", "json")
    assert r.returncode == 0, r.stderr
    assert "interrupted" not in r.stderr
    assert any(line.startswith("warning: plugin 'hook_ctrl_c'") and "KeyboardInterrupt" in line
               for line in r.stderr.splitlines()), r.stderr
    assert "nist-csf-2.0" in {f["id"] for f in json.loads(r.stdout)["frameworks"]}


def test_failing_plugin_command_named(call_site):
    r = run(call_site, "explode")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "the command 'explode' of plugin 'command_fails' failed: ZeroDivisionError" in r.stderr, r.stderr
