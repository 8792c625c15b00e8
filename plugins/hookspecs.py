"""The hooks a cyberplan plugin can implement (entry-point group `cyberplan`).

A plugin is a module (or object) whose functions are marked with `cyberplan.hookimpl`:

    from cyberplan import hookimpl

    @hookimpl
    def cyberplan_frameworks():
        return [Path(__file__).parent / "framework"]

registered in its package's pyproject.toml:

    [project.entry-points.cyberplan]
    my_framework = "my_package.plugin"

The built-in plugins (`cyberplan.plugins.builtin`) implement these very hooks. docs/plugin-hooks.md
is the reference, with an example per hook; tests/test_plugin_hooks.py holds a test per hook.

Calling order and arguments follow pluggy's contract: implementations run last-registered first
(built-ins are registered before any entry point, so a plugin's implementation runs before ours),
`tryfirst=True` ones before the rest and `trylast=True` ones after; each receives only the
arguments it names; `wrapper=True` (and old-style `hookwrapper=True`) implementations wrap the
others and may change the list of results. Unlike a plain pluggy call, each implementation is
isolated: one that raises (or returns something unusable) is reported by its plugin's name and
skipped, and the others still count.

Override policy for ids. A framework, ruleset, threat profile or output format id belongs to the
first plugin that provides it in *loading* order — the built-ins first, then entry points in the
order Python lists them — whatever the calling order. A later plugin offering an id already taken
is reported (a warning naming both plugins) and that item is skipped: a plugin can add frameworks
and formats, never silently replace one of ours. To ship a variant of a built-in framework, give it
an id of its own (e.g. `nist-csf-2.0-acme`).
"""
from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("cyberplan")
hookimpl = pluggy.HookimplMarker("cyberplan")
"""Marker for hook implementations: `from cyberplan import hookimpl`."""


@hookspec
def cyberplan_frameworks():
    """The frameworks this plugin provides.

    :return: a list, each item a path to a framework folder (``framework.yaml`` and optionally
        ``questions.yaml`` and ``controls.yaml``), a path to a framework YAML/JSON file, or a
        :class:`cyberplan.engine.models.Framework` object. Files are read only when used.
    """


@hookspec
def cyberplan_rulesets():
    """The rulesets this plugin provides.

    :return: a list, each item a path to a ruleset YAML/JSON file or a
        :class:`cyberplan.engine.models.Ruleset` object; its ``framework`` names the framework it
        is for. A ruleset called ``<framework>/default`` is that framework's default.
    """


@hookspec
def cyberplan_mappings():
    """The mapping sets this plugin provides: relations between two frameworks' outcomes.

    :return: a list, each item a path to a mapping-set YAML/JSON file or a
        :class:`cyberplan.engine.models.mapping.MappingSet` object (its ``from`` and ``to`` name
        the frameworks); ``cyberplan assess --against`` finds them by the frameworks they relate.
    """


@hookspec
def cyberplan_threat_profiles():
    """The threat profiles this plugin provides (docs/formats.md §3.4).

    :return: a list of ``(name, path)`` pairs; ``name`` is what ``--threats NAME`` and a plan
        configuration's ``threats:`` refer to, ``path`` the profile's YAML/JSON file.
    """


@hookspec
def cyberplan_output_formats():
    """The output formats this plugin provides (``--format NAME``, or chosen by ``-o`` suffix).

    :return: a list of :class:`cyberplan.engine.render.OutputFormat` objects: a name, a file
        extension, ``render(output) -> str | bytes`` and the kinds of output it applies to.
    """


@hookspec
def cyberplan_commands(cli):
    """Add commands to the ``cyberplan`` command line.

    :param cli: the ``cyberplan`` :class:`click.Group`; add commands with ``@cli.command()`` or
        ``cli.add_command(...)``.
    :return: nothing.
    """
