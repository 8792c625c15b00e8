"""Loading plugins and calling their hooks.

The built-ins are registered first, then every package registered under the entry-point group
`cyberplan`, one by one, so that a plugin that cannot be loaded is reported by name and the rest
still work. Hooks are called by pluggy's contract (see `hookspecs`), with each implementation
isolated: one that fails is reported and skipped. `CYBERPLAN_LOAD_PLUGINS` chooses which entry
points load (a comma-separated list of names; empty: none), as llm's `LLM_LOAD_PLUGINS` does.
"""
from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from cyberplan.engine.inputs.registry import BrokenPlugin, Registry
from cyberplan.engine.interrupts import is_real_interrupt
from cyberplan.plugins import hookspecs

BUILTIN_PLUGINS = ("cyberplan.plugins.builtin.frameworks", "cyberplan.plugins.builtin.formats")
ENTRY_POINT_GROUP = "cyberplan"
LOAD_PLUGINS_ENV = "CYBERPLAN_LOAD_PLUGINS"


@dataclass
class PluginSet:
    pm: pluggy.PluginManager
    broken: list[BrokenPlugin] = field(default_factory=list)
    order: dict[str, int] = field(default_factory=dict)   # plugin name -> loading position

    def names(self) -> list[str]:
        return [self.pm.get_name(p) or repr(p) for p in self.pm.get_plugins()]

    def _name(self, impl) -> str:
        return self.pm.get_name(impl.plugin) or impl.plugin_name

    def results(self, hook: str, **kwargs) -> list[tuple[str, Any]]:
        """Each implementation's result of a hook with its plugin's name, in pluggy's calling order
        (tryfirst, then last-registered first, then trylast), each given only the arguments it
        declares. An implementation that raises is recorded as broken and skipped; wrappers see
        and may replace the list of results, as in pluggy."""
        impls = list(reversed(getattr(self.pm.hook, hook).get_hookimpls()))
        wrappers = [i for i in impls if i.hookwrapper or getattr(i, "wrapper", False)]
        running = []
        for w in wrappers:
            ok, gen = self.isolated(self._name(w), f"{hook} wrapper", lambda w=w: _started(w, kwargs))
            if ok:
                running.append((w, gen))
        out: list[tuple[str, Any]] = []
        for impl in impls:
            if impl in wrappers:
                continue
            ok, result = self.isolated(self._name(impl), hook,
                                       lambda impl=impl: impl.function(**{a: kwargs[a] for a in impl.argnames}))
            if ok and result is not None:
                out.append((self._name(impl), result))
        # wrappers are finished innermost first, each seeing the list the inner ones left
        for w, gen in reversed(running):
            out = self._finish_wrapper(hook, w, gen, out)
        return out

    def _finish_wrapper(self, hook: str, w, gen, out: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        plain = [r for _, r in out]
        names = {id(r): n for n, r in out}
        ok, new = self.isolated(self._name(w), f"{hook} wrapper", lambda: _finished(w, gen, plain))
        if not ok:
            return out
        if not isinstance(new, list):
            self.broken.append(BrokenPlugin(self._name(w), f"{hook} wrapper returned {type(new).__name__}, "
                                                           "expected the list of results"))
            return out
        return [(names.get(id(r), self._name(w)), r) for r in new]

    def isolated(self, name: str, what: str, call) -> tuple[bool, Any]:
        """One call into one plugin. Its failure (an exception, sys.exit, a KeyboardInterrupt that
        no signal caused) is recorded against the plugin by name and the others go on; a real
        Ctrl-C or SIGTERM still stops the run."""
        try:
            return True, call()
        except KeyboardInterrupt as e:
            if is_real_interrupt(e):
                raise
            error: BaseException = e
        except (Exception, SystemExit) as e:  # noqa: BLE001 - a plugin's failure must not stop the others
            error = e
        self.broken.append(BrokenPlugin(name, f"{what} raised {type(error).__name__}: {error}"))
        return False, None

    def by_loading_order(self, results: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
        """Results in the order their plugins were loaded (built-ins first): the precedence of ids."""
        return sorted(results, key=lambda nr: self.order.get(nr[0], len(self.order)))


def _started(w, kwargs: dict) -> Any:
    """A wrapper run up to its yield."""
    gen = w.function(**{a: kwargs[a] for a in w.argnames})
    next(gen)
    return gen


def _finished(w, gen, plain: list) -> Any:
    """A wrapper resumed after the implementations ran: the list of results it leaves."""
    if w.hookwrapper:   # old style: receives a Result, may force another
        outcome = pluggy.Result(plain, None)
        try:
            gen.send(outcome)
        except StopIteration:
            pass
        return outcome.get_result()
    try:
        gen.send(plain)
        return plain
    except StopIteration as stop:
        return stop.value if stop.value is not None else plain


def _wanted_entry_points() -> set[str] | None:
    value = os.environ.get(LOAD_PLUGINS_ENV)
    if value is None:
        return None
    return {n.strip() for n in value.split(",") if n.strip()}


def make_manager(*, entry_points: bool = True, extra: list[Any] | None = None) -> PluginSet:
    pm = pluggy.PluginManager("cyberplan")
    pm.add_hookspecs(hookspecs)
    plugins = PluginSet(pm)

    def register(obj: Any, name: str | None = None) -> None:
        pm.register(obj, name=name)
        plugins.order[pm.get_name(obj)] = len(plugins.order)
    for modname in BUILTIN_PLUGINS:
        register(importlib.import_module(modname), "cyberplan." + modname.rsplit(".", 1)[-1])
    if entry_points:
        wanted = _wanted_entry_points()
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if pm.has_plugin(ep.name) or (wanted is not None and ep.name not in wanted):
                continue
            plugins.isolated(ep.name, "loading it", lambda ep=ep: register(ep.load(), ep.name))
    for obj in extra or []:
        register(obj)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as e:
        plugins.broken.append(BrokenPlugin(getattr(e, "plugin_name", "?") or "?", str(e)))
    return plugins


_DEFAULT: PluginSet | None = None


def default_plugins() -> PluginSet:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = make_manager()
    return _DEFAULT


def registry(plugins: PluginSet | None = None) -> Registry:
    """The frameworks, rulesets, threat profiles and formats the plugins provide (ids by the
    override policy stated in `hookspecs`)."""
    plugins = plugins or default_plugins()
    reg = Registry()

    def each(hook: str):
        for name, items in plugins.by_loading_order(plugins.results(hook)):
            for item in _as_list(items, name, hook, plugins):
                yield name, item
    for name, item in each("cyberplan_frameworks"):
        reg.add_framework(item, plugin=name, broken=plugins.broken)
    for name, item in each("cyberplan_rulesets"):
        reg.add_ruleset(item, plugin=name, broken=plugins.broken)
    for name, item in each("cyberplan_mappings"):
        reg.add_mapping(item, plugin=name, broken=plugins.broken)
    for name, item in each("cyberplan_threat_profiles"):
        try:
            pname, path = item
            reg.add_threat_profile(str(pname), Path(path), plugin=name)
        except (TypeError, ValueError):
            plugins.broken.append(BrokenPlugin(name, f"cyberplan_threat_profiles returned {item!r}, "
                                                     "expected (name, path) pairs"))
    for name, item in each("cyberplan_output_formats"):
        ok, fmt = plugins.isolated(name, "its output format", lambda item=item, name=name: _output_format(item, name))
        if not ok:
            continue
        if fmt is None:
            plugins.broken.append(BrokenPlugin(name, f"cyberplan_output_formats returned {item!r}, "
                                                     "expected OutputFormat objects"))
            continue
        reg.add_format(fmt, plugin=name)
    reg.broken = plugins.broken
    return reg


def _output_format(item: Any, plugin: str):
    """The plugin's format as our OutputFormat, carrying the plugin's name (for its errors)."""
    from cyberplan.engine.render import OutputFormat
    if not hasattr(item, "name") or not callable(getattr(item, "render", None)):
        return None
    if isinstance(item, OutputFormat):
        return dataclasses.replace(item, plugin=plugin)
    return OutputFormat(str(item.name), str(getattr(item, "extension", item.name)), item.render,
                        kinds=tuple(getattr(item, "kinds", ()) or ()), binary=bool(getattr(item, "binary", False)),
                        description=str(getattr(item, "description", "")), plugin=plugin)


def _as_list(items: Any, name: str, hook: str, plugins: PluginSet) -> list:
    if isinstance(items, (list, tuple)):
        return list(items)
    plugins.broken.append(BrokenPlugin(name, f"{hook} returned {type(items).__name__}, expected a list"))
    return []


def add_commands(cli, plugins: PluginSet | None = None) -> None:
    """Let every plugin add its commands to the `cyberplan` group."""
    (plugins or default_plugins()).results("cyberplan_commands", cli=cli)
