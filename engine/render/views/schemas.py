"""The input formats and their JSON Schemas, listed (`cyberplan schema` without a format)."""
from __future__ import annotations

from cyberplan.engine.models.schemas import FORMATS
from cyberplan.engine.render import Output, Table


def schemas_output() -> Output:
    entries = [{"format": f.name, "title": f.title, "file": f.file, "section": f"docs/formats.md §{f.section}",
                "id": f.schema_id} for f in FORMATS.values()]
    return Output("schemas", {"formats": entries},
                  [Table("Input formats (cyberplan schema FORMAT prints one's JSON Schema)",
                         ["format", "what", "usual file", "described in"],
                         [[e["format"], e["title"], e["file"], e["section"]] for e in entries], name="formats")],
                  notes=["Editors validate and complete a YAML file against its schema: see docs/formats.md §2."])
