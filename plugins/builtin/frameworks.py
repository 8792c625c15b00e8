"""The frameworks and rulesets that ship with cyberplan, registered like any plugin's."""
from __future__ import annotations

from pathlib import Path

import cyberplan.frameworks as _frameworks_pkg
import cyberplan.rulesets as _rulesets_pkg
from cyberplan.plugins.hookspecs import hookimpl

FRAMEWORKS_DIR = Path(_frameworks_pkg.__file__).parent
RULESETS_DIR = Path(_rulesets_pkg.__file__).parent


@hookimpl
def cyberplan_frameworks():
    return sorted(p for p in FRAMEWORKS_DIR.iterdir() if (p / "framework.yaml").is_file())


@hookimpl
def cyberplan_rulesets():
    return sorted(RULESETS_DIR.glob("*/*.yaml"))


@hookimpl
def cyberplan_mappings():
    # a framework's folder holds the mapping sets read from it: mappings.yaml or mappings/*.yaml
    return sorted(p for d in FRAMEWORKS_DIR.iterdir() if d.is_dir()
                  for p in [d / "mappings.yaml", *sorted((d / "mappings").glob("*.yaml"))] if p.is_file())


@hookimpl
def cyberplan_threat_profiles():
    return [(f"{p.parent.name}/threats", p) for p in sorted(FRAMEWORKS_DIR.glob("*/threats.yaml"))]
