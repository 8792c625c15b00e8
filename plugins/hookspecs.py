"""The hooks a cyberplan plugin can implement (entry-point group `cyberplan`).

Built-in plugins in `plugins/builtin/` implement these very hooks; a third-party package does the
same from its own module, registered in its pyproject.toml:

    [project.entry-points.cyberplan]
    my_framework = "my_package.plugin"
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("cyberplan")
hookimpl = pluggy.HookimplMarker("cyberplan")


@hookspec
def cyberplan_frameworks():
    """Return a list of frameworks this plugin provides: each a path to a framework directory
    (framework.yaml, optional questions.yaml and controls.yaml), a path to a framework YAML/JSON
    file, or an `engine.model.Framework` object."""


@hookspec
def cyberplan_rulesets():
    """Return a list of rulesets: each a path to a ruleset YAML/JSON file or an
    `engine.model.Ruleset` object. A ruleset's `framework` names the framework it is for."""


@hookspec
def cyberplan_mappings():
    """Return a list of mapping sets (relations between two frameworks' outcomes, the format of
    `engine/models/mapping.py`): each a path to a YAML/JSON file or a `MappingSet` object.
    `cyberplan assess --against` finds them by the frameworks they relate."""


@hookspec
def cyberplan_threat_profiles():
    """Return a list of threat profiles: each a `(name, path)` pair of a SPEC §3.4 file."""


@hookspec
def cyberplan_output_formats():
    """Return a list of `engine.render.OutputFormat` objects (name, media type, what they render)."""


@hookspec
def cyberplan_commands(cli):
    """Add click commands or groups to the `cyberplan` command group `cli`."""
