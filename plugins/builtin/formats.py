"""The output formats that ship with cyberplan, registered through the output-format hook."""
from __future__ import annotations

from engine.render import OutputFormat
from engine.render.text import to_csv, to_json, to_markdown, to_plain
from plugins.hookspecs import hookimpl


@hookimpl
def cyberplan_output_formats():
    return [
        OutputFormat("table", "txt", to_plain, description="aligned text tables (colour on a terminal)"),
        OutputFormat("json", "json", to_json, description="the full result as JSON"),
        OutputFormat("csv", "csv", to_csv, description="the tables as CSV"),
        OutputFormat("md", "md", to_markdown, description="the tables as Markdown"),
    ]
