"""The kommune form's specification: what the staff page «Lag eller endre kommunesiden» (docs/<lang>/kommuneskjema.md,
run by docs/assets/kommuneskjema.js) needs to draw its fields, check them and write the file. One JSON file per
language, written into every build as build/docs/<lang>/kommuneskjema.json, so it can never be stale.

Everything in it comes from a source the rest of the project already uses, never from a second copy:

* the fields, their order, labels, help texts, required/recommended marks, list limits and choices from the data
  model (validate/model.py), and its JSON Schema (the same as municipalities/schema.json);
* the Norwegian messages from the validator itself: each field type's messages are what validating a known-bad value
  of that type gives (validate/fieldtypes.py), each rule of a model what validating a known-bad group gives, and the
  messages for missing, unknown and mistyped values what validate/messages.py `explain` says for such an error;
* the comments of the written file from templates/kommune-mal.yaml;
* the kommuner and their files from the register and the validated data; the repository and the publisher from
  pyproject.toml; the page's own words from templates/tekst/<lang>.yaml (the lagside_* keys and the contact box's).
"""

from __future__ import annotations

import json
import re
import typing
from typing import Any, Literal

from pydantic import BaseModel, TypeAdapter, ValidationError

from forlopsinfo.editor import newfile
from forlopsinfo.load import nynorsk
from forlopsinfo.generate.texts import Texts
from forlopsinfo.layout import Layout
from forlopsinfo.project import Project
from forlopsinfo.validate import fieldtypes as ft
from forlopsinfo.validate.dataset import KOMMUNE_MODELINE, Dataset
from forlopsinfo.validate.messages import allowed_keys, explain
from forlopsinfo.validate.model import DAYS, LANG_CODE, Hours, KommuneFile, PathwayCoordination, ReportTo
from forlopsinfo.validate.schema import schema_text

FILE = "kommuneskjema.json"  # under build/docs/<lang>/, next to the page kommuneskjema.md
MODEL_LANGUAGE = "nb"  # the language of the model's descriptions and the validator's messages
SPEC_VERSION = 1

# The field types the browser checks itself, with values that make the Python check fail in each of its ways. The
# messages in the spec are what the validator answers to these values.
FIELD_TYPES: dict[str, tuple[Any, dict[str, Any]]] = {
    "telefon": (ft.Phone, {"ugyldig": "ikke et nummer", "internnummer": "32 00 00 01 ext. 99"}),
    "epost": (ft.Email, {"lenketegn": "post?cc=x@kommune.no", "ugyldig": "post.kommune.no"}),
    "nettadresse": (ft.WebUrl, {"ikke_https": "ftp://kommune.no", "ugyldig": "https://kommune"}),
    "dato": (ft.Date, {"form": "20.11.2026", "finnes_ikke": "2026-02-30"}),
    "kommunenummer": (ft.KommuneNumber, {"form": "301"}),
    "postnummer": (ft.Postcode, {"form": "150"}),
    "klokkeslett": (ft.Time, {"form": "9.00"}),
    "vedlikeholder": (ft.Maintainer, {"github": "@ola nordmann", "ingen": "ola nordmann",
                                      "epost_lenketegn": "post?cc=x@kommune.no", "epost_ugyldig": "post@kommune"}),
    "tjenestetelefon": (ft.ServicePhone, {"ugyldig": "ikke et nummer"}),
    "kortnavn": (ft.Slug, {"form": "Legevakt Hallingdal"}),
    "kort_tekst": (ft.ShortText, {"en_linje": "to\nlinjer"}),
    "lang_tekst": (ft.LongText, {}),
}

# The rules a model checks across its fields (model_validator), each with a group that breaks it.
_HOURS = {"dager": ["mandag"], "fra": "09:00", "til": "15:00"}
MODEL_RULES: dict[type[BaseModel], dict[str, Any]] = {
    Hours: {"rekkefolge": {**_HOURS, "fra": "15:00", "til": "09:00"},
            "samme_dag": {**_HOURS, "dager": ["mandag", "måndag"]}},
    PathwayCoordination: {"samme_malgruppe": {"oppnevnes_av": "x", "målgrupper": [
        {"målgruppe": "voksne", "enhet": "x"}, {"målgruppe": "voksne", "enhet": "y"}]}},
    ReportTo: {"en_av": {}},
}


def _forlop_error(adapter: TypeAdapter[Any], value: Any) -> dict[str, str]:
    try:
        adapter.validate_python(value)
    except ValidationError as err:
        error = err.errors(include_url=False)[0]
        if error["type"] == "forlop":
            return {"melding": error["msg"], "retting": (error.get("ctx") or {})["fix"]}
        raise AssertionError(f"{value!r} gave {error['type']}, not the validator's own message") from None
    raise AssertionError(f"{value!r} is valid: it cannot show the message")


def _json_schema(annotation: Any) -> dict[str, Any]:
    return TypeAdapter(annotation).json_schema(by_alias=True, mode="validation")


def field_types() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name, (kind, bad) in FIELD_TYPES.items():
        adapter = TypeAdapter(kind)
        schema = _json_schema(kind)
        entry: dict[str, Any] = {"meldinger": {why: _forlop_error(adapter, value) for why, value in bad.items()}}
        if "pattern" in schema and name not in ("telefon", "nettadresse"):
            entry["mønster"] = schema["pattern"]
        if "maxLength" in schema:
            entry["maks"] = schema["maxLength"]
        out[name] = entry
    out["epost"]["lenketegn"] = ft._MAILTO_UNSAFE.pattern  # the same characters the validator refuses
    out["nettadresse"]["vert"] = ft._HOST.pattern
    # a maintainer: a GitHub name (@…) or a role e-mail address, checked as _maintainer does
    out["vedlikeholder"]["mønster"] = f"^{ft._HANDLE.pattern}$"
    out["vedlikeholder"]["lenketegn"] = ft._MAILTO_UNSAFE.pattern
    out["tjenestetelefon"]["kortnummer"] = short_numbers()
    return out


def short_numbers() -> dict[str, Any]:
    """What phonenumbers knows of Norway's short numbers (116 117, 113 …), as validate/fieldtypes.py _short_number
    asks it: libphonenumber-js has no short-number data, so the form gets the same patterns."""
    from phonenumbers import PhoneMetadata

    meta = PhoneMetadata.short_metadata_for_region("NO")
    assert meta is not None and meta.short_code is not None

    def desc(d: Any) -> dict[str, Any]:
        return {"mønster": d.national_number_pattern, "lengder": list(d.possible_length or [])}

    return {"generelt": desc(meta.general_desc), "kortnummer": desc(meta.short_code)}


def _messages(value: Any) -> list[str]:
    """Every «melding» and «retting» text in a part of the spec."""
    if isinstance(value, dict):
        own = [value[k] for k in ("melding", "retting") if isinstance(value.get(k), str)]
        return own + [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list):
        return [m for v in value for m in _messages(v)]
    return []


def _validators(annotation: Any) -> set[Any]:
    """The validator functions in an annotation (Annotated metadata, unions and lists searched too)."""
    found = {getattr(m, "func", None) for m in getattr(annotation, "__metadata__", ())} - {None}
    for arg in typing.get_args(annotation):
        found |= _validators(arg)
    return found


def _kind_of(annotation: Any, metadata: list[Any]) -> str | None:
    """Which of FIELD_TYPES a field is, known by the validator functions it runs."""
    funcs = _validators(annotation) | ({getattr(m, "func", None) for m in metadata} - {None})
    found = [name for name, (kind, _) in FIELD_TYPES.items() if _validators(kind) and _validators(kind) <= funcs]
    # A field that takes one of several types (a union) has no single check the form knows: it gets none, rather
    # than refusing what the validator accepts; tests/editor/test_form_spec.py names such a field.
    return found[0] if len(found) == 1 else None


def model_rules() -> dict[str, dict[str, dict[str, str]]]:
    return {model.__name__: {why: _forlop_error(TypeAdapter(model), value) for why, value in bad.items()}
            for model, bad in MODEL_RULES.items()}


# --- the messages of messages.py, as templates with {placeholders} ----------------------------------------------

_FIELD, _VALUE, _LENGTH, _LIMIT = "feltXyzzy", 987654321, 4321, 1234


def _explained(kind: str, loc: tuple[Any, ...] = (_FIELD,), value: Any = None, ctx: dict[str, Any] | None = None
               ) -> dict[str, str]:
    message, fix, _ = explain({"type": kind, "loc": loc, "input": value, "ctx": ctx or {}, "msg": ""}, KommuneFile)
    return {"melding": message, "retting": fix}


def _template(found: dict[str, str], **placeholders: Any) -> dict[str, str]:
    out = {}
    for key, text in found.items():
        for name, value in placeholders.items():
            text = text.replace(str(value), "{" + name + "}")
        out[key] = text
    return out


def error_messages() -> dict[str, dict[str, str]]:
    allowed = ", ".join(allowed_keys(KommuneFile))
    close = _explained("extra_forbidden", ("koordinerende_enhet", "telefontider"))
    assert "«telefontid»" in close["retting"], close
    unknown = _explained("extra_forbidden", ("qqqqzzzz",))
    assert allowed in unknown["retting"], unknown
    literal_close = explain({"type": "literal_error", "loc": ("x",), "input": "BOKMÅL", "msg": "",
                             "ctx": {"expected": "'bokmål' or 'nynorsk'"}}, KommuneFile)
    return {
        "mangler": _template(_explained("missing"), felt=_FIELD),
        "ukjent_mente_du": _template(close, forslag="telefontid"),
        "ukjent": _template(unknown, tillatte=allowed),
        "tekst_klokkeslett": _explained("string_type", ("fra",), 9),
        "tekst_desimaltall": _explained("string_type", (_FIELD,), 9.5),
        "tekst_tall": _template(_explained("string_type", (_FIELD,), _VALUE), verdi=_VALUE),
        "tekst_gruppe": _explained("string_type", (_FIELD,), {}),
        "tekst": _explained("string_type", (_FIELD,), object()),
        "sann_usann": _explained("bool_type"),
        "heltall": _explained("int_type"),
        "liste": _explained("list_type"),
        "gruppe": _explained("model_type"),
        "valg_nesten": _template({"melding": literal_close[0], "retting": literal_close[1]}, verdi="bokmål"),
        "tom": _explained("string_too_short"),
        "for_lang": _template(_explained("string_too_long", (_FIELD,), "x" * _LENGTH, {"max_length": _LIMIT}),
                              lengde=_LENGTH, grense=_LIMIT),
        "tom_liste": _explained("too_short"),
    }


def _choices_message(choices: list[str]) -> dict[str, str]:
    """What the validator says to a value that is none of `choices` (the same Literal error pydantic gives)."""
    adapter = TypeAdapter(Literal[tuple(choices)])  # type: ignore[misc]
    try:
        adapter.validate_python("qqqqzzzz")
    except ValidationError as err:
        message, fix, _ = explain(err.errors(include_url=False)[0], KommuneFile)
        return {"melding": message, "retting": fix}
    raise AssertionError("a Literal accepted qqqqzzzz")


# --- the fields -------------------------------------------------------------------------------------------------


def _label(key: str) -> str:
    """The YAML key as a label: «sikker_melding» -> «Sikker melding»."""
    text = key.replace("_", " ")
    return text[:1].upper() + text[1:]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _literal_in(annotation: Any) -> list[str] | None:
    if typing.get_origin(annotation) is Literal:
        return [str(a) for a in typing.get_args(annotation)]
    for arg in typing.get_args(annotation):
        found = _literal_in(arg)
        if found:
            return found
    return None


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) is list:
        return True
    return any(_is_list(a) for a in typing.get_args(annotation) if typing.get_origin(a) is not typing.Annotated)


def _is_bool(schema: dict[str, Any]) -> bool:
    return schema.get("type") == "boolean" or any(s.get("type") == "boolean" for s in schema.get("anyOf", []))


def fields(model: type[BaseModel], models: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The fields of `model`, in the model's order; every group's own fields go into `models` once, by name."""
    out = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        schema = model.model_json_schema(by_alias=True, mode="validation")["properties"][key]
        entry: dict[str, Any] = {
            "nøkkel": key,
            "etikett": _label(key),
            "hjelp": (info.description or "").removesuffix(" Anbefalt."),
            "krav": "påkrevd" if info.is_required() else "anbefalt" if extra.get("x-anbefalt") else "valgfritt",
        }
        nested = _models_in(info.annotation)
        choices = _literal_in(info.annotation)
        listed = _is_list(info.annotation)
        least = next((m.min_length for m in info.metadata if hasattr(m, "min_length")), None)
        if type(None) in typing.get_args(info.annotation):
            entry["null"] = True  # «felt:» with no value is allowed (it means: not given)
        if listed:
            entry["liste"] = True
            if least:
                entry["minst"] = least
        if nested:
            entry["form"] = "gruppe"
            entry["modell"] = nested[0].__name__
            if nested[0].__name__ not in models:
                models[nested[0].__name__] = []  # reserved first: a model that contains itself stops here
                models[nested[0].__name__] = fields(nested[0], models)
        elif choices:
            entry["form"] = "valg"
            entry["valg"] = choices
            entry["ukjent_valg"] = _choices_message(choices)
        elif _is_bool(schema):
            entry["form"] = "ja_nei"
            entry["standard"] = info.default if isinstance(info.default, bool) else None
        else:
            kind = _kind_of(info.annotation, info.metadata)
            entry["form"] = "tekst"
            entry["type"] = kind
            if kind is None and "2000" in json.dumps(schema):  # LongText has no validator of its own
                entry["type"] = "lang_tekst"
        out.append(entry)
    return out


# --- the template's comments --------------------------------------------------------------------------------------

_KEY_LINE = re.compile(r"^(?P<indent> *)(?P<dash>- )?(?P<key>[^\s#:\-][^:#]*?):(?P<rest>.*)$")


def _comment(rest: str) -> tuple[str, str]:
    """(value, comment) of the part after «key:» in the template (a # inside quotes is no comment there)."""
    match = re.search(r"\s#\s?(.*)$", rest)
    if not match or rest.count('"', 0, match.start()) % 2:
        return rest.strip(), ""
    return rest[: match.start()].strip(), match.group(1).strip()


def template_comments(template: str) -> dict[str, Any]:
    """What the written file takes from templates/kommune-mal.yaml: the header comment (its «how to use» steps
    replaced, as `forlopsinfo new` does) and the comment after each key, by path of keys («koordinerende_enhet.
    telefon»), keys of commented-out blocks included."""
    header_lines: list[str] = []
    lines = template.split("\n")
    i = 1
    while i < len(lines) and lines[i].startswith("#"):
        header_lines.append(lines[i])
        i += 1
    header = "\n".join(header_lines) + "\n"
    header = newfile._HOWTO.sub(
        "# Fil for {kommune} (kommunenummer {nummer}), laget med skjemaet «Lag eller endre kommunesiden» på\n"
        "# nettstedet. Du kan rette filen her eller i skjemaet.\n#\n", header, count=1)
    header = header.replace("# MAL FOR KOMMUNEFIL — forløpsinfo", "# KOMMUNEFIL FOR {KOMMUNE} — forløpsinfo", 1)
    comments: dict[str, str] = {}
    stack: list[tuple[int, str]] = []
    for line in lines[i:]:
        commented = line.startswith("# ") and _KEY_LINE.match(line[2:])
        body = line[2:] if commented else line
        match = _KEY_LINE.match(body)
        if not match or (line.lstrip().startswith("#") and not commented):
            continue
        indent = len(match["indent"]) + (2 if match["dash"] else 0)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        key = match["key"].strip()
        path = ".".join([k for _, k in stack] + [key])
        _, comment = _comment(match["rest"])
        if comment and path not in comments:
            comments[path] = comment
        stack.append((indent, key))
    return {"modelinje": KOMMUNE_MODELINE, "topp": header, "kommentarer": comments}


# --- the whole spec -------------------------------------------------------------------------------------------------

TEXT_PREFIX = "lagside_"
# The contact box's words, as the kommune page uses them (templates/kommune.md.j2), for the preview.
BOX_TEXTS = ("kontakt_tittel", "eksempel_merke", "ring", "telefontid", "utenfor_telefontid", "sikker_melding",
             "sikker_melding_forklaring", "skjema", "skjema_forklaring", "epost", "epost_advarsel", "kontaktperson",
             "besoksadresse", "postadresse", "apningstider", "nettside", "klokka", "og", "ukedager")


def spec(dataset: Dataset, project: Project, texts: Texts, lang: str) -> dict[str, Any]:
    t = texts[lang]
    layout = Layout.of(project)
    files = {number: entry.file.rsplit("/", 1)[-1] for number, entry in dataset.kommuner.items()}
    language_forms = {number: entry.data.language_form for number, entry in dataset.kommuner.items()}
    publisher = project.publisher
    models: dict[str, list[dict[str, Any]]] = {}
    top = fields(KommuneFile, models)
    types, rules, errors = field_types(), model_rules(), error_messages()
    return {
        "versjon": SPEC_VERSION,
        "språk": lang,
        "modellspråk": MODEL_LANGUAGE,
        "målformer": {form: code for form, code in LANG_CODE.items()},
        "dager": DAYS,
        # the days as each målform writes them (the texts' «ukedager»), for the day boxes and the written file
        "ukedager": {form: [d.strip() for d in texts[code]["ukedager"].split(",")]
                     for form, code in LANG_CODE.items() if code in texts},
        "skjema": json.loads(schema_text(KommuneFile)),
        "felt": top,
        "modeller": models,
        "typer": types,
        "regler": rules,
        "feil": errors,
        "nynorsk": nynorsk.forms_for(_messages([types, rules, errors])),
        "mal": template_comments((project.templates / newfile.TEMPLATE).read_text("utf-8")),
        "mal_nynorsk": template_comments((project.templates / newfile.TEMPLATE_NN).read_text("utf-8")),
        "kommuner": [
            {"nummer": k.number, "navn": k.name, "fil": files.get(k.number), "standardfil": f"{k.slug}.yaml",
             "målform": language_forms.get(k.number),
             "eksempel": bool(k.number in dataset.kommuner and dataset.kommuner[k.number].data.example)}
            for k in dataset.register.kommuner
        ],
        "api": {"kommune": layout.api_kommune("{nummer}")},
        "github": {"repo": project.repo_url, "gren": project.branch, "mappe": "municipalities"},
        "utgiver": {"navn": publisher.name if not publisher.placeholder else "",
                    "epost": publisher.email if publisher.reachable else ""},
        "tekster": {key: value for key, value in t.items() if key.startswith(TEXT_PREFIX) or key in BOX_TEXTS},
    }


def spec_files(dataset: Dataset, project: Project, texts: Texts) -> dict[str, bytes]:
    """build/docs/<lang>/kommuneskjema.json for every language of the site."""
    return {f"{lang}/{FILE}": (json.dumps(spec(dataset, project, texts, lang), ensure_ascii=False, sort_keys=False,
                                          separators=(",", ":")) + "\n").encode("utf-8")
            for lang in texts}
