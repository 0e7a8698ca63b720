"""JSON Schemas for editors, generated from the data model (never edited by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from forlopsinfo.validate.model import KommuneFile, NationalData, SharedService

SCHEMAS: dict[str, type[BaseModel]] = {
    "schema.json": KommuneFile,
    "interkommunal.schema.json": SharedService,
    "nasjonalt.schema.json": NationalData,
}


def schema_text(model: type[BaseModel]) -> str:
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def expected_files(municipalities: Path) -> dict[Path, str]:
    return {municipalities / name: schema_text(model) for name, model in SCHEMAS.items()}


def stale(municipalities: Path) -> list[Path]:
    return [p for p, text in expected_files(municipalities).items() if not p.is_file() or p.read_text("utf-8") != text]


def write(municipalities: Path) -> list[Path]:
    changed = stale(municipalities)
    for path, text in expected_files(municipalities).items():
        if path in changed:
            path.write_text(text, encoding="utf-8")
    return changed
