"""The JSON API under api/: kommuner.json (all kommuner), kommuner/<nummer>.json (one kommune's checked data) and
the JSON Schemas both are published with. Everything comes from validated data; example data is marked."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from forlopsinfo.layout import Layout
from forlopsinfo.load.register import Kommune
from forlopsinfo.validate.dataset import Dataset
from forlopsinfo.validate.model import KommuneFile, SharedService

JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(by_alias=True, mode="json", exclude_none=True)


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

def _county(kommune: Kommune) -> dict[str, str]:
    return {"fylkesnummer": kommune.county_number, "navn": kommune.county_name}


def kommuner_index(dataset: Dataset, layout: Layout, t: dict[str, str]) -> dict[str, Any]:
    """api/kommuner.json; `t`: the texts of the site's root language."""
    rows = []
    for kommune in dataset.register.kommuner:
        entry = dataset.kommuner.get(kommune.number)
        example = bool(entry and entry.data.example)
        rows.append({
            "kommunenummer": kommune.number,
            "navn": kommune.name,
            "samisk_navn": kommune.sami_name or None,
            "fylke": _county(kommune),
            "publisert": entry is not None and not example,
            "eksempel": example,
            "målform": entry.data.language_form if entry else None,
            "sider": layout.kommune_urls(kommune),
            "sist_kontrollert": entry.data.last_checked.isoformat() if entry else None,
            "data": layout.url + layout.api_kommune(kommune.number) if entry else None,
            **_registered(dataset, kommune.number),
        })
    return {
        "$schema": layout.url + layout.api_schema("kommuner.schema.json"),
        "beskrivelse": t["api_beskrivelse"],
        "antall": len(rows),
        "antall_publisert": sum(1 for r in rows if r["publisert"]),
        "enhetsregisteret": _source(dataset),
        "kommuner": rows,
    }


def _registered(dataset: Dataset, number: str) -> dict[str, Any]:
    """What Enhetsregisteret says of a kommune: organisasjonsnummer, website and switchboard (None when unknown)."""
    registered = dataset.registered(number)
    return {
        "organisasjonsnummer": registered.org_number if registered else None,
        "nettsted": registered.website if registered else None,
        "sentralbord": registered.phone if registered else None,
    }


def _source(dataset: Dataset) -> dict[str, Any] | None:
    """Where the register fields come from, and when they were fetched (None before the first fetch)."""
    register = dataset.enterprises
    if register is None or register.fetched is None:
        return None
    return {"kilde": register.source, "lisens": register.licence, "adresse": register.source_url,
            "hentet": register.fetched.isoformat()}


def kommune_document(dataset: Dataset, number: str, layout: Layout) -> dict[str, Any]:
    entry = dataset.kommuner[number]
    kommune = entry.kommune
    return {
        "$schema": layout.url + layout.api_schema("kommune.schema.json"),
        "kommunenummer": kommune.number,
        "navn": kommune.name,
        "samisk_navn": kommune.sami_name or None,
        "fylke": _county(kommune),
        "eksempel": entry.data.example,
        "sider": layout.kommune_urls(kommune),
        "organisasjonsnummer": _registered(dataset, number)["organisasjonsnummer"],
        "data": dump(entry.data),
        "interkommunale_tilbud": [{"id": s.id, **dump(s.data)} for s in dataset.shared_for(number)],
    }


_ORGNR = {"type": ["string", "null"], "pattern": "^[0-9]{9}$",
          "description": "Kommunens organisasjonsnummer i Enhetsregisteret (null før registeret er lest)."}


def _urls(languages: Sequence[str]) -> dict[str, Any]:
    """The addresses of a kommune's page in each of the site's languages."""
    return {"type": "object", "properties": {lang: {"type": "string", "format": "uri"} for lang in languages},
            "required": list(languages), "additionalProperties": False}


_COUNTY = {"type": "object", "properties": {"fylkesnummer": {"type": "string", "pattern": "^[0-9]{2}$"}, "navn": {"type": "string"}},
           "required": ["fylkesnummer", "navn"], "additionalProperties": False}
_NUMBER = {"type": "string", "pattern": "^[0-9]{4}$"}


def kommuner_schema(languages: Sequence[str]) -> dict[str, Any]:
    row = {
        "type": "object",
        "properties": {
            "kommunenummer": _NUMBER,
            "navn": {"type": "string", "minLength": 1},
            "samisk_navn": {"type": ["string", "null"]},
            "fylke": _COUNTY,
            "publisert": {"type": "boolean", "description": "true: kommunen har en fil som ikke er eksempeldata."},
            "eksempel": {"type": "boolean", "description": "true: opplysningene er oppdiktede eksempeldata."},
            "målform": {"enum": ["bokmål", "nynorsk", None]},
            "sider": _urls(languages),
            "sist_kontrollert": {"type": ["string", "null"], "format": "date"},
            "data": {"type": ["string", "null"], "format": "uri"},
            "organisasjonsnummer": _ORGNR,
            "nettsted": {"type": ["string", "null"], "format": "uri",
                         "description": "Kommunens nettsted slik Enhetsregisteret har det."},
            "sentralbord": {"type": ["string", "null"], "pattern": "^\\+[0-9]{6,15}$",
                            "description": "Kommunens telefonnummer i Enhetsregisteret (E.164)."},
        },
        "required": ["kommunenummer", "navn", "samisk_navn", "fylke", "publisert", "eksempel", "målform", "sider",
                     "sist_kontrollert", "data", "organisasjonsnummer", "nettsted", "sentralbord"],
        "additionalProperties": False,
        "if": {"properties": {"eksempel": {"const": True}}},
        "then": {"properties": {"publisert": {"const": False}}},
    }
    return {
        "$schema": JSON_SCHEMA,
        "title": "forløpsinfo: alle kommuner",
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "beskrivelse": {"type": "string"},
            "antall": {"type": "integer", "minimum": 0},
            "antall_publisert": {"type": "integer", "minimum": 0},
            "enhetsregisteret": {
                "description": "Kilden til organisasjonsnummer, nettsted og sentralbord, og datoen de ble hentet.",
                "oneOf": [{"type": "null"}, {
                    "type": "object",
                    "properties": {"kilde": {"type": "string"}, "lisens": {"type": "string"},
                                   "adresse": {"type": "string", "format": "uri"},
                                   "hentet": {"type": "string", "format": "date"}},
                    "required": ["kilde", "lisens", "adresse", "hentet"],
                    "additionalProperties": False,
                }],
            },
            "kommuner": {"type": "array", "items": row},
        },
        "required": ["antall", "antall_publisert", "enhetsregisteret", "kommuner"],
        "additionalProperties": False,
    }


def _model_schema(model: type[BaseModel], defs: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="serialization", ref_template="#/$defs/{model}")
    defs.update(schema.pop("$defs", {}))
    return schema


def kommune_schema(languages: Sequence[str]) -> dict[str, Any]:
    defs: dict[str, Any] = {}
    kommune_file = _model_schema(KommuneFile, defs)
    shared = _model_schema(SharedService, defs)
    shared["properties"] = {"id": {"type": "string"}, **shared["properties"]}
    shared["required"] = ["id", *shared.get("required", [])]
    defs[kommune_file.get("title", "KommuneFile").replace(" ", "_")] = kommune_file
    defs["Interkommunalt_tilbud"] = shared
    return {
        "$schema": JSON_SCHEMA,
        "title": "forløpsinfo: én kommune",
        "description": "Opplysningene én kommune har lagt inn, kontrollert. Nasjonale opplysninger er ikke med.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "kommunenummer": _NUMBER,
            "navn": {"type": "string", "minLength": 1},
            "samisk_navn": {"type": ["string", "null"]},
            "fylke": _COUNTY,
            "eksempel": {"type": "boolean"},
            "sider": _urls(languages),
            "organisasjonsnummer": _ORGNR,
            "data": {"$ref": "#/$defs/" + kommune_file.get("title", "KommuneFile").replace(" ", "_")},
            "interkommunale_tilbud": {"type": "array", "items": {"$ref": "#/$defs/Interkommunalt_tilbud"}},
        },
        "required": ["kommunenummer", "navn", "fylke", "eksempel", "sider", "organisasjonsnummer", "data",
                     "interkommunale_tilbud"],
        "additionalProperties": False,
        "$defs": defs,
    }


