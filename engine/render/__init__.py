"""Rendering results: every command builds an `Output` (JSON-able data plus tables), and an
`OutputFormat` (a plugin hook) turns it into text or bytes. Files are written atomically."""
from cyberplan.engine.render.output import Output, OutputFormat, Table, emit, format_for, write_atomic

__all__ = ["Output", "OutputFormat", "Table", "emit", "format_for", "write_atomic"]
