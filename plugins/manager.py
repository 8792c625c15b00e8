"""Loading plugins: the built-ins, then every package registered under the entry-point group
`cyberplan`, one by one so that a broken plugin is reported by name and the rest still work."""
from __future__ import annotations

import dataclasses
import importlib
import importlib.metadata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pluggy

from cyberplan.engine.inputs.registry import BrokenPlugin
from cyberplan.engine.interrupts import is_real_interrupt
from cyberplan.plugins import hookspecs

BUILTIN_PLUGINS = ("cyberplan.plugins.builtin.frameworks", "cyberplan.plugins.builtin.formats")
ENTRY_POINT_GROUP = "cyberplan"


@dataclass
class PluginSet:
    pm: pluggy.PluginManager
    broken: list[BrokenPlugin] = field(default_factory=list)

    def names(self) -> list[str]:
        return [self.pm.get_name(p) or repr(p) for p in self.pm.get_plugins()]

    def results(self, hook: str, *args, **kwargs) -> list[tuple[str, Any]]:
        """Each plugin's result of a hook with that plugin's name; a plugin whose hook raises is
        recorded as broken and skipped."""
        out = []
        caller = getattr(self.pm.hook, hook)
        for impl in caller.get_hookimpls():
            name = self.pm.get_name(impl.plugin) or impl.plugin_name
            ok, result = self.isolated(name, hook, lambda: impl.function(*args, **kwargs))
            if ok and result is not None:
                out.append((name, result))
        return out

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


def make_manager(*, entry_points: bool = True, extra: list[Any] | None = None) -> PluginSet:
    pm = pluggy.PluginManager("cyberplan")
    pm.add_hookspecs(hookspecs)
    plugins = PluginSet(pm)
    for modname in BUILTIN_PLUGINS:
        mod = importlib.import_module(modname)
        pm.register(mod, name="cyberplan." + modname.rsplit(".", 1)[-1])
    if entry_points:
        for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
            if pm.has_plugin(ep.name):
                continue
            plugins.isolated(ep.name, "loading it", lambda ep=ep: pm.register(ep.load(), name=ep.name))
    for obj in extra or []:
        pm.register(obj)
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


def registry(plugins: PluginSet | None = None):
    """The frameworks, rulesets, threat profiles and formats the plugins provide."""
    from cyberplan.engine.inputs.registry import Registry
    plugins = plugins or default_plugins()
    reg = Registry()
    for name, items in plugins.results("cyberplan_frameworks"):
        for item in _as_list(items, name, plugins):
            reg.add_framework(item, plugin=name, broken=plugins.broken)
    for name, items in plugins.results("cyberplan_rulesets"):
        for item in _as_list(items, name, plugins):
            reg.add_ruleset(item, plugin=name, broken=plugins.broken)
    for name, items in plugins.results("cyberplan_threat_profiles"):
        for item in _as_list(items, name, plugins):
            try:
                pname, path = item
                reg.threat_profiles[str(pname)] = Path(path)
            except (TypeError, ValueError):
                plugins.broken.append(BrokenPlugin(name, f"cyberplan_threat_profiles returned {item!r}, "
                                                         "expected (name, path) pairs"))
    for name, items in plugins.results("cyberplan_output_formats"):
        for item in _as_list(items, name, plugins):
            ok, fmt = plugins.isolated(name, "its output format", lambda item=item: _output_format(item, name))
            if not ok:
                continue
            if fmt is None:
                plugins.broken.append(BrokenPlugin(name, f"cyberplan_output_formats returned {item!r}, "
                                                         "expected OutputFormat objects"))
                continue
            reg.formats.setdefault(fmt.name, fmt)
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


def _as_list(items: Any, name: str, plugins: PluginSet) -> list:
    if isinstance(items, (list, tuple)):
        return list(items)
    plugins.broken.append(BrokenPlugin(name, f"a hook returned {type(items).__name__}, expected a list"))
    return []
