"""Every hook is documented and tested (datasette's two meta-tests), each hook's happy path works
through the same manager the CLI uses, and calls follow pluggy's contract: order, arguments,
wrappers; ids follow the override policy stated in hookspecs.py."""
from __future__ import annotations

import inspect
import re
from pathlib import Path

import click
import pluggy
import pytest
from click.testing import CliRunner

from cyberplan import hookimpl
from cyberplan.engine.models import Framework
from cyberplan.engine.render import Output, OutputFormat, emit
from cyberplan.plugins import hookspecs
from cyberplan.plugins.manager import add_commands, make_manager, registry

DOCS = Path(__file__).resolve().parent.parent / "docs" / "plugin-hooks.md"
MINI = Path(__file__).resolve().parent / "data" / "mini"
HOOKS = sorted(name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
               if name.startswith("cyberplan_"))


def manager(*plugins):
    return make_manager(entry_points=False, extra=list(plugins))


def test_plugin_hooks_are_documented():
    headings = set(re.findall(r"^## (\w+)$", DOCS.read_text(), re.M))
    assert HOOKS and set(HOOKS) <= headings, f"undocumented hooks: {set(HOOKS) - headings}"
    for name in HOOKS:
        doc = getattr(hookspecs, name).__doc__
        assert ":return:" in doc, f"{name} does not say what it returns"


def test_plugin_hooks_have_tests():
    tests = {name for name in globals() if name.startswith("test_hook_")}
    assert {f"test_hook_{h}" for h in HOOKS} <= tests


# ----------------------------------------------------------------------------- each hook's happy path

def test_hook_cyberplan_frameworks():
    fw = Framework.model_validate({"id": "acme-fw", "title": "Acme", "levels": [{"value": 0, "name": "no"},
                                   {"value": 1, "name": "yes"}], "outcomes": [{"id": "A", "title": "A"}]})

    class Acme:
        @hookimpl
        def cyberplan_frameworks(self):
            return [fw, MINI / "framework.yaml"]
    reg = registry(manager(Acme()))
    assert reg.framework("acme-fw") is fw
    assert reg.framework("mini").id == "mini" and "nist-csf-2.0" in reg.frameworks


def test_hook_cyberplan_rulesets():
    class Acme:
        @hookimpl
        def cyberplan_rulesets(self):
            return [MINI / "ruleset.yaml"]

        @hookimpl
        def cyberplan_frameworks(self):
            return [MINI / "framework.yaml"]
    reg = registry(manager(Acme()))
    entry = reg.rulesets["mini/default"]
    assert entry.framework == "mini"
    assert reg.default_ruleset_id(reg.framework("mini")) == "mini/default"


def test_hook_cyberplan_mappings(tmp_path):
    mapping = tmp_path / "map.yaml"
    mapping.write_text("id: mini-to-mini\nfrom: mini\nto: mini\nmappings:\n"
                       "  - {from: PR-1, to: PR-1, relationship: equal}\n")

    class Acme:
        @hookimpl
        def cyberplan_mappings(self):
            return [mapping]
    reg = registry(manager(Acme()))
    assert reg.mappings["mini-to-mini"].path == mapping
    assert reg.mappings["mini-to-mini"].framework == "mini"
    assert any(e.plugin == "cyberplan.frameworks" for e in reg.mappings.values())   # the built-in CPG -> CSF set


def test_hook_cyberplan_threat_profiles(tmp_path):
    profile = tmp_path / "threats.yaml"
    profile.write_text("currency: EUR\nthreats:\n  - {id: t, frequency: {default: 1}, impact: {default: 10}, "
                       "mitigated_by: {PR: 1}}\n")

    class Acme:
        @hookimpl
        def cyberplan_threat_profiles(self):
            return [("acme/threats", profile)]
    reg = registry(manager(Acme()))
    assert reg.threat_profile_path("acme/threats") == profile
    assert "nist-csf-2.0/threats" in reg.threat_profiles   # the built-in one is still there


def test_hook_cyberplan_output_formats(tmp_path):
    class Acme:
        @hookimpl
        def cyberplan_output_formats(self):
            return [OutputFormat("shout", "shout", lambda out: out.kind.upper() + "\n")]
    reg = registry(manager(Acme()))
    path = emit(Output("plan", {}, []), None, tmp_path / "x.shout", reg.formats)
    assert path.read_text() == "PLAN\n"


def test_hook_cyberplan_commands():
    group = click.Group("cyberplan")

    class Acme:
        @hookimpl
        def cyberplan_commands(self, cli):
            @cli.command()
            def hello():
                click.echo("hello from acme")
    add_commands(group, manager(Acme()))
    res = CliRunner().invoke(group, ["hello"])
    assert res.exit_code == 0 and res.output == "hello from acme\n"


# ----------------------------------------------------------------------------- pluggy's contract

def test_calls_follow_pluggys_order_and_pass_only_declared_arguments():
    """Impls A (first), B (tryfirst) and C (no arguments): pluggy calls B, C, A; so do we."""
    class A:
        @hookimpl
        def cyberplan_commands(self, cli):
            return "A"

    class B:
        @hookimpl(tryfirst=True)
        def cyberplan_commands(self, cli):
            return "B"

    class C:
        @hookimpl
        def cyberplan_commands(self):
            return "C"
    plugins = manager(A(), B(), C())
    ours = [r for _, r in plugins.results("cyberplan_commands", cli=None)]
    theirs = plugins.pm.hook.cyberplan_commands(cli=None)
    assert ours == theirs == ["B", "C", "A"]
    assert not plugins.broken


def test_a_wrapper_sees_and_may_replace_the_results():
    class Filter:
        @hookimpl(wrapper=True)
        def cyberplan_threat_profiles(self):
            results = yield
            return [r for r in results if r != [("drop", Path("x"))]]

    class Drop:
        @hookimpl
        def cyberplan_threat_profiles(self):
            return [("drop", Path("x"))]
    plugins = manager(Filter(), Drop())
    names = [n for n, _ in plugins.results("cyberplan_threat_profiles")]
    assert "drop" not in str(plugins.results("cyberplan_threat_profiles"))
    assert names and not plugins.broken
    # pluggy itself agrees
    assert [("drop", Path("x"))] not in plugins.pm.hook.cyberplan_threat_profiles()


def test_one_failing_implementation_is_reported_and_the_others_still_count():
    class Bad:
        @hookimpl(tryfirst=True)
        def cyberplan_threat_profiles(self):
            raise RuntimeError("licence server unreachable")

    class Good:
        @hookimpl
        def cyberplan_threat_profiles(self):
            return [("good/threats", MINI / "threats.yaml")]
    plugins = manager(Bad(), Good())
    reg = registry(plugins)
    assert "good/threats" in reg.threat_profiles
    assert any("licence server unreachable" in b.error for b in plugins.broken)


def test_a_builtin_id_is_never_replaced_and_the_clash_is_reported(tmp_path):
    impostor = tmp_path / "framework.yaml"
    impostor.write_text((MINI / "framework.yaml").read_text().replace("id: mini", "id: nist-csf-2.0"))

    class Impostor:
        @hookimpl(tryfirst=True)
        def cyberplan_frameworks(self):
            return [impostor]
    reg = registry(manager(Impostor()))
    assert reg.frameworks["nist-csf-2.0"].plugin == "cyberplan.frameworks"
    assert any("nist-csf-2.0" in c and "skipped" in c for c in reg.clashes)


def test_the_marker_is_pluggys():
    assert isinstance(hookimpl, pluggy.HookimplMarker) and hookimpl.project_name == "cyberplan"


@pytest.mark.parametrize("value, loaded", [("", False), ("other", False)])
def test_load_plugins_switch_limits_entry_points(monkeypatch, value, loaded):
    monkeypatch.setenv("CYBERPLAN_LOAD_PLUGINS", value)
    plugins = make_manager()
    names = plugins.names()
    assert "cyberplan.frameworks" in names and "cyberplan.formats" in names
    assert all(n.startswith("cyberplan.") for n in names) != loaded
