"""Installed frameworks, rulesets, threat profiles and output formats, and resolving a reference
(an installed id, or a path to a file) to a loaded, validated model.

Files are only read when a framework or ruleset is used; ids are read from each file's top-level
`id:` line so that listing them stays cheap.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cyberplan.engine.errors import InputError, did_you_mean, shown
from cyberplan.engine.inputs.read import load_framework, load_ruleset, read_document, read_head, validate
from cyberplan.engine.models import Framework, Ruleset
from cyberplan.engine.models.mapping import MappingSet
from cyberplan.engine.rules.prepare import PreparedRuleset, prepare

_TOP_KEY = re.compile(r"^(id|framework|title|from|to):[ \t]*['\"]?([^'\"#\n]+?)['\"]?[ \t]*(#.*)?$", re.M)


def _header(path: Path) -> dict[str, str]:
    head = read_head(path, 20000)
    out: dict[str, str] = {}
    for m in _TOP_KEY.finditer(head):
        out.setdefault(m.group(1), m.group(2).strip())
    return out


@dataclass
class BrokenPlugin:
    """A plugin that failed to load or returned something unusable: reported by name, skipped."""
    name: str
    error: str


@dataclass
class Entry:
    id: str
    plugin: str
    path: Path | None = None
    obj: Any = None
    framework: str | None = None  # for rulesets
    title: str | None = None


@dataclass
class Registry:
    frameworks: dict[str, Entry] = field(default_factory=dict)
    rulesets: dict[str, Entry] = field(default_factory=dict)
    threat_profiles: dict[str, Path] = field(default_factory=dict)
    mappings: dict[str, Entry] = field(default_factory=dict)
    formats: dict[str, Any] = field(default_factory=dict)
    broken: list = field(default_factory=list)
    clashes: list[str] = field(default_factory=list)   # ids offered twice: the later offer was skipped
    _framework_cache: dict[str, Framework] = field(default_factory=dict)
    _ruleset_cache: dict[tuple[str, str], PreparedRuleset] = field(default_factory=dict)
    _owners: dict[tuple[str, str], str] = field(default_factory=dict)

    # -- registration (first come, first served: see the override policy in plugins/hookspecs.py)
    def _claim(self, table: dict, kind: str, key: str, value: Any, plugin: str) -> None:
        if key in table:
            first = getattr(table[key], "plugin", None) or self._owners.get((kind, key), "?")
            if first != plugin:
                self.clashes.append(f"{kind} {key!r} from plugin {plugin!r} was skipped: plugin {first!r} "
                                    "already provides it")
            return
        table[key] = value
        self._owners[(kind, key)] = plugin

    def _add_document(self, item: Any, *, plugin: str, broken: list, kind: str, table: dict, hook: str,
                      model: type, link: str | None, folder_file: str | None = None) -> None:
        """One plugin item of `kind`: a model object, or a path whose header names its id (and, with
        `link`, the header key naming the framework it belongs to; a folder's header is in
        `folder_file`); anything else is the plugin's fault, reported by its name."""
        what = f"{hook} returned {item!r}, expected a path or {model.__name__}"
        if isinstance(item, model):
            framework = None if link is None else getattr(item, "from_" if link == "from" else link)
            self._claim(table, kind, item.id, Entry(item.id, plugin, obj=item, framework=framework, title=item.title),
                        plugin)
            return
        try:
            path = Path(item)
        except TypeError:
            broken.append(BrokenPlugin(plugin, what))
            return
        head = _header(path / folder_file if folder_file and path.is_dir() else path)
        needed = ["id"] + ([link] if link else [])
        if any(k not in head for k in needed):
            keys = " and ".join(f"`{k}:`" for k in needed)
            broken.append(BrokenPlugin(plugin, f"{kind} {path} has no top-level {keys}"))
            return
        self._claim(table, kind, head["id"], Entry(head["id"], plugin, path=path,
                                                   framework=head[link] if link else None,
                                                   title=head.get("title")), plugin)

    def add_framework(self, item: Any, *, plugin: str, broken: list) -> None:
        self._add_document(item, plugin=plugin, broken=broken, kind="framework", table=self.frameworks,
                           hook="cyberplan_frameworks", model=Framework, link=None, folder_file="framework.yaml")

    def add_ruleset(self, item: Any, *, plugin: str, broken: list) -> None:
        self._add_document(item, plugin=plugin, broken=broken, kind="ruleset", table=self.rulesets,
                           hook="cyberplan_rulesets", model=Ruleset, link="framework")

    def add_mapping(self, item: Any, *, plugin: str, broken: list) -> None:
        self._add_document(item, plugin=plugin, broken=broken, kind="mapping set", table=self.mappings,
                           hook="cyberplan_mappings", model=MappingSet, link="from")

    def add_threat_profile(self, name: str, path: Path, *, plugin: str) -> None:
        self._claim(self.threat_profiles, "threat profile", name, path, plugin)

    def add_format(self, fmt: Any, *, plugin: str) -> None:
        self._claim(self.formats, "output format", fmt.name, fmt, plugin)

    # -- resolution --------------------------------------------------------------------
    # `within`: a folder a path reference must resolve into (after following symlinks), unless it
    # lies in an installed plugin's folder; the answers file's folder for the references it holds.

    def framework(self, ref: str, relative_to: str | Path | None = None, *,
                  within: str | Path | None = None) -> Framework:
        """A framework by installed id, or by path (relative to `relative_to`'s folder)."""
        key = f"{ref}\0{relative_to}\0{within}"
        if key in self._framework_cache:
            return self._framework_cache[key]
        entry = self.frameworks.get(ref)
        if entry is not None:
            fw = entry.obj if entry.obj is not None else load_framework(entry.path)
            if fw.id != ref:
                raise InputError(f"the file says id {fw.id!r} but was registered as {ref!r}", file=str(entry.path))
        else:
            path = self._as_path(ref, relative_to, within)
            if path is None:
                raise InputError(f"unknown framework {shown(ref, 300)}: neither an installed framework nor an "
                                 "existing file"
                                 + _hint(ref, self.frameworks))
            fw = load_framework(path)
        self._framework_cache[key] = fw
        return fw

    def raw_ruleset(self, ref: str, relative_to: str | Path | None = None, *,
                    within: str | Path | None = None) -> tuple[Ruleset, str | None]:
        entry = self.rulesets.get(ref)
        if entry is not None:
            if entry.obj is not None:
                return entry.obj, None
            return load_ruleset(entry.path), str(entry.path)
        path = self._as_path(ref, relative_to, within)
        if path is None:
            raise InputError(f"unknown ruleset {shown(ref, 300)}: neither an installed ruleset nor an existing file"
                             + _hint(ref, self.rulesets))
        return load_ruleset(path), str(path)

    def ruleset(self, ref: str, framework: Framework, relative_to: str | Path | None = None, *,
                within: str | Path | None = None) -> PreparedRuleset:
        """A prepared ruleset; its `extends` chain is held to `within` as the ruleset itself is."""
        key = (framework.id, f"{ref}\0{relative_to}\0{within}")
        if key not in self._ruleset_cache:
            rs, file = self.raw_ruleset(ref, relative_to, within=within)
            self._ruleset_cache[key] = prepare(rs, file, framework,
                                               lambda r, rel: self.raw_ruleset(r, rel, within=within))
        return self._ruleset_cache[key]

    def default_ruleset_id(self, framework: Framework) -> str:
        candidates = [e.id for e in self.rulesets.values() if e.framework == framework.id]
        preferred = f"{framework.id}/default"
        if preferred in candidates:
            return preferred
        if candidates:
            return sorted(candidates)[0]
        raise InputError(f"framework {framework.id!r} has no installed ruleset; pass --ruleset FILE")

    def mapping(self, ref: str, relative_to: str | Path | None = None) -> tuple[MappingSet, str | None]:
        """A mapping set by installed id, or by path; with the file it came from."""
        entry = self.mappings.get(ref)
        if entry is not None:
            if entry.obj is not None:
                return entry.obj, None
            return load_mapping_set(entry.path), str(entry.path)
        path = _as_path(ref, relative_to)
        if path is None:
            raise InputError(f"unknown mapping set {ref!r}: neither an installed mapping set nor an existing file"
                             + _hint(ref, self.mappings))
        return load_mapping_set(path), str(path)

    def mappings_between(self, source: str, target: str) -> list[tuple[MappingSet, str | None]]:
        """Installed mapping sets relating two frameworks, each read from `source` to `target`
        (a set written the other way round is reversed)."""
        out = []
        for ref in sorted(self.mappings):
            ms, file = self.mapping(ref)
            if ms.from_ == source and ms.to == target:
                out.append((ms, file))
            elif ms.from_ == target and ms.to == source:
                out.append((ms.reversed(), file))
        return out

    def threat_profile_path(self, ref: str, relative_to: str | Path | None = None) -> Path:
        if ref in self.threat_profiles:
            return self.threat_profiles[ref]
        path = _as_path(ref, relative_to)
        if path is None:
            raise InputError(f"unknown threat profile {shown(ref, 300)}: neither an installed profile nor an "
                             "existing file"
                             + _hint(ref, self.threat_profiles))
        return path

    def plugin_folders(self) -> list[Path]:
        """The folders installed plugins' content lives in."""
        paths = [e.path for e in (*self.frameworks.values(), *self.rulesets.values()) if e.path is not None]
        paths += list(self.threat_profiles.values())
        folders = {(p if p.is_dir() else p.parent).resolve() for p in map(Path, paths)}
        return sorted(folders)

    def _as_path(self, ref: str, relative_to: str | Path | None, within: str | Path | None) -> Path | None:
        path = _as_path(ref, relative_to)
        if path is None or within is None:
            return path
        real, root = path.resolve(), Path(within).resolve()
        if real.is_relative_to(root) or any(real.is_relative_to(f) for f in self.plugin_folders()):
            return path
        raise InputError(f"{shown(ref, 300)} is outside the answers file's folder ({root}): a framework or ruleset an "
                         "answers file names by path must be in that folder or an installed plugin; give "
                         "--allow-outside-paths to read it")


def load_mapping_set(path: str | Path) -> MappingSet:
    return validate(MappingSet, read_document(path))


def _as_path(ref: str, relative_to: str | Path | None) -> Path | None:
    p = Path(ref)
    candidates = [p]
    if relative_to is not None and not p.is_absolute():
        base = Path(relative_to)
        candidates.insert(0, (base.parent if base.suffix else base) / p)
    for c in candidates:
        if c.exists():
            return c
    return None


def _hint(ref: str, known) -> str:
    dym = did_you_mean(ref, known)
    if dym:
        return f" ({dym})"
    return f" (installed: {', '.join(sorted(known))})" if known else ""
