"""The output formats that ship with cyberplan, registered through the output-format hook (a
third-party plugin adds its own the same way)."""
from __future__ import annotations

from cyberplan.engine.render import Output, OutputFormat
from cyberplan.engine.render.text import to_csv, to_json, to_markdown, to_plain
from cyberplan.plugins.hookspecs import hookimpl


def _html(out: Output) -> str:
    from cyberplan.engine.render.html import to_html
    return to_html(out)


def _xlsx(out: Output) -> bytes:
    from cyberplan.engine.render.xlsx import tables_workbook
    return tables_workbook(out)


def _docx(out: Output) -> bytes:
    from cyberplan.engine.render.docx import to_docx
    return to_docx(out)


def _oscal(out: Output) -> str:
    from cyberplan.engine.render.oscal import to_oscal
    return to_oscal(out)


@hookimpl
def cyberplan_output_formats():
    return [
        OutputFormat("table", "txt", to_plain, description="aligned text tables (colour on a terminal)"),
        OutputFormat("json", "json", to_json, description="the full result as JSON"),
        OutputFormat("csv", "csv", to_csv, description="the tables as CSV"),
        OutputFormat("md", "md", to_markdown, description="the tables as Markdown"),
        OutputFormat("html", "html", _html,
                     description="a self-contained HTML page (the full report for `cyberplan report`)"),
        OutputFormat("xlsx", "xlsx", _xlsx, binary=True, description="the tables as an Excel workbook"),
        OutputFormat("docx", "docx", _docx, kinds=("report", "plan"), binary=True,
                     description="the business case as a Word document (economic and financial cases, roadmap)"),
        OutputFormat("oscal", "oscal.json", _oscal, kinds=("plan", "assessment"),
                     description="OSCAL 1.0.6 JSON: Assessment Results (assess), POA&M (plan)"),
    ]
