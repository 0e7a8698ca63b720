"""Pages of the editor guide that are generated, never hand-written, and committed under docs/ so they can be read on
GitHub too (`forlopsinfo schema` writes them; a test fails when they are stale):

* feltreferanse.md — every field of a kommune file and a shared-service file, from the data model (model.py);
* vanlige-feil.md — typical mistakes, each shown with the message the real validator gives for it.

Both are made for every language of the site, with that language's texts. Field descriptions in the model are bokmål
(MODEL_LANGUAGE); the pages in other languages mark them lang="nb" (WCAG 3.1.2). The validator speaks the file's
målform (load/nynorsk.py), so the nynorsk page shows the messages a file with `målform: nynorsk` gets; a language
with no målform of its own shows the bokmål messages, marked lang="nb".
"""

from __future__ import annotations

import datetime as dt
import functools
import tempfile
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter

from forlopsinfo.validate.dataset import load_dataset
from forlopsinfo.validate.model import KommuneFile, SharedService
from forlopsinfo.generate.render import md_escape
from forlopsinfo.generate.texts import Texts, texts_of
from forlopsinfo.project import Project

MODEL_LANGUAGE = "nb"  # the language of the descriptions in validate/model.py
MESSAGE_FORM = {"nb": "bokmål", "nn": "nynorsk"}  # the målform whose messages a page of that language shows
GENERATED_NOTE = "<!-- Generert av «forlopsinfo schema» fra datamodellen og valideringen. Ikke rediger for hånd. -->"
PAGES = ("feltreferanse.md", "vanlige-feil.md")

# --- field reference ------------------------------------------------------------------------------------------


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


def _type_schema(info: Any) -> dict[str, Any]:
    annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    schema = TypeAdapter(annotation).json_schema(by_alias=True, mode="validation")
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    return options[0] if options else schema


def _value_text(schema: dict[str, Any], nested: type[BaseModel] | None) -> str:
    if schema.get("type") == "array":
        item = _value_text(schema.get("items", {}), nested)
        least = schema.get("minItems")
        return f"En liste{f' (minst {least})' if least else ''}. Hvert element: {item}"
    if nested is not None:
        return f"Felt, se [{_heading_text(nested)}](#{_anchor(nested)})."
    if "enum" in schema:
        return "Én av: " + ", ".join(f"`{v}`" for v in schema["enum"]) + "."
    if schema.get("type") == "boolean":
        return "`true` eller `false`."
    if schema.get("description"):
        return str(md_escape(schema["description"]))
    if schema.get("type") == "string":
        most = schema.get("maxLength")
        return "Tekst på én linje." if most == 200 else "Tekst, gjerne flere setninger." if most else "Tekst."
    return "Se skjemaet."


_ALIASES: dict[type[BaseModel], list[str]] = {}


def _collect(root: type[BaseModel]) -> list[type[BaseModel]]:
    """The root and every model reachable from it, breadth first; records which YAML keys lead to each."""
    order, queue = [root], [root]
    while queue:
        model = queue.pop(0)
        for name, info in model.model_fields.items():
            for nested in _models_in(info.annotation):
                aliases = _ALIASES.setdefault(nested, [])
                if (info.alias or name) not in aliases:
                    aliases.append(info.alias or name)
                if nested not in order:
                    order.append(nested)
                    queue.append(nested)
    return order


def _anchor(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _heading_text(model: type[BaseModel]) -> str:
    aliases = _ALIASES.get(model)
    return " / ".join(aliases) if aliases else "Kommunefilen"


def _field_line(name: str, info: Any) -> str:
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
    need = "**påkrevd**" if info.is_required() else "anbefalt" if extra.get("x-anbefalt") else "valgfritt"
    nested = next(iter(_models_in(info.annotation)), None)
    text = (info.description or "").removesuffix(" Anbefalt.")  # the marker says it already
    description = md_escape(text) if text else ""
    return f"- `{info.alias or name}` · {need}. {description} *Verdi:* {_value_text(_type_schema(info), nested)}"


def field_reference_body() -> str:
    _ALIASES.clear()
    kommune_models = _collect(KommuneFile)
    shared_models = [m for m in _collect(SharedService) if m not in kommune_models]
    out: list[str] = []
    for model in kommune_models + shared_models:
        if model is SharedService:
            out += ["## Interkommunal tjeneste {#sharedservice}", "",
                    "Filer i `municipalities/interkommunale/`. " + str(md_escape(model.__doc__ or "")), ""]
        else:
            title = "Kommunefilen" if model is KommuneFile else f"`{_heading_text(model)}`"
            out += [f"## {title} {{#{_anchor(model)}}}", "", str(md_escape((model.__doc__ or "").strip())), ""]
        out += [_field_line(name, info) for name, info in model.model_fields.items()]
        out.append("")
    return "\n".join(out)


def field_reference(lang: str, t: Texts) -> str:
    """The field reference in `lang` (`t`: its texts); the field descriptions stay in the model's bokmål."""
    title, intro = t["veileder_felt_tittel"], t["veileder_felt_ingress"]
    body = field_reference_body()
    if lang != MODEL_LANGUAGE:
        body = f'<div lang="{MODEL_LANGUAGE}" markdown>\n\n{body}\n</div>\n'
    return f"---\ntitle: {title}\n---\n\n{GENERATED_NOTE}\n\n# {title}\n\n{intro}\n\n{body}".rstrip() + "\n"


# --- common errors --------------------------------------------------------------------------------------------

EXAMPLE_FILE = "0301-oslo.yaml"
EXAMPLE_TODAY = dt.date(2026, 11, 24)  # fixed, so the generated page does not change with the calendar
EXAMPLE = """\
# yaml-language-server: $schema=schema.json
kommunenummer: "0301"
målform: bokmål
eksempel: true
sist_kontrollert: 2026-11-02
vedlikeholdere:
  - "@ola-nordmann"
meld_feil_til:
  epost: postmottak@kommune.example
koordinerende_enhet:
  navn: Koordinerende enhet
  telefon: "22 00 00 00"
  telefontid:
    - dager: [mandag, tirsdag, onsdag, torsdag, fredag]
      fra: "09:00"
      til: "14:00"
  nettside: https://www.kommune.example/koordinerende-enhet/
  besøksadresse:
    adresse: Rådhusgata 1
    postnummer: "0150"
    poststed: Oslo
tjenester:
  - navn: Psykisk helse- og rustjenesten
    kategori: psykisk-helse-og-rustjeneste
    beskrivelse: "Merk: samtaler og oppfølging for voksne."
    krever_henvisning: false
  - navn: Frisklivssentralen
    kategori: frisklivssentral
    beskrivelse: "Trening og kurs for voksne. Kurs #2 starter i januar."
    krever_henvisning: true
"""


@dataclass(frozen=True)
class Mistake:
    key: str  # its title is the text vanlig_feil_<key> of templates/tekst/<lang>.yaml
    right: str  # lines as they stand in EXAMPLE
    wrong: str  # what an editor wrote instead


MISTAKES = [
    Mistake("telefon", '  telefon: "22 00 00 00"\n', "  telefon: 22000000\n"),
    Mistake("klokkeslett", '      fra: "09:00"\n', "      fra: 09:00\n"),
    Mistake("null_foran", 'kommunenummer: "0301"\n', "kommunenummer: 0301\n"),
    Mistake("ja_nei", "    krever_henvisning: false\n", "    krever_henvisning: nei\n"),
    Mistake("feltnavn", "  telefontid:\n", "  telefontider:\n"),
    Mistake("mangler", '  telefon: "22 00 00 00"\n', ""),
    Mistake("kolon", '    beskrivelse: "Merk: samtaler og oppfølging for voksne."\n',
            "    beskrivelse: Merk: samtaler og oppfølging for voksne.\n"),
    Mistake("innrykk", "    poststed: Oslo\n", "     poststed: Oslo\n"),
    Mistake("https", "  nettside: https://www.kommune.example/koordinerende-enhet/\n",
            "  nettside: www.kommune.example/koordinerende-enhet/\n"),
    Mistake("dato", "sist_kontrollert: 2026-11-02\n", "sist_kontrollert: 02.11.2026\n"),
    Mistake("anforselstegn", '  navn: Koordinerende enhet\n', '  navn: "Koordinerende enhet\n'),
    Mistake("mellomrom", '  telefon: "22 00 00 00"\n', '  telefon:"22 00 00 00"\n'),
    Mistake("strek", "  - navn: Frisklivssentralen\n", "    navn: Frisklivssentralen\n"),
    Mistake("linjeskift", "  - navn: Psykisk helse- og rustjenesten\n", "  - navn: Psykisk helse- og\nrustjenesten\n"),
    Mistake("emneknagg", '    beskrivelse: "Trening og kurs for voksne. Kurs #2 starter i januar."\n',
            "    beskrivelse: Trening og kurs for voksne. Kurs #2 starter i januar.\n"),
]


class GuideError(Exception):
    pass


def messages_for(municipalities: Path, text: str) -> list[str]:
    """What `forlopsinfo validate` says about `text` as municipalities/0301-oslo.yaml in a checkout."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "municipalities" / EXAMPLE_FILE
        path.parent.mkdir()
        path.write_text(text, "utf-8")
        _, problems = load_dataset(municipalities, Path(tmp), only=[path], today=EXAMPLE_TODAY)
    return [p.format() for p in problems]


# The messages do not depend on the language of the page: each mistake is validated once per `forlopsinfo schema`
# (expected_files empties the cache, so a changed data folder is read again).
_messages = functools.lru_cache(maxsize=64)(messages_for)


def _indented(code: str) -> str:
    return "\n".join("    " + line for line in code.rstrip("\n").split("\n"))


def common_errors(lang: str, t: Texts, municipalities: Path) -> str:
    """The page «Vanlige feil» in `lang` (`t`: its texts); the messages are the validator's own, in the målform of
    the page (the example file says `målform: nynorsk` on the nynorsk page), else in bokmål."""
    title, intro = t["veileder_feil_tittel"], t["veileder_feil_ingress"]
    was, message_label = t["veileder_feil_slik_stod"], t["veileder_feil_meldingen"]
    right_label, insert = t["veileder_feil_riktig"], t["veileder_feil_sett_inn"]
    form = MESSAGE_FORM.get(lang, "bokmål")
    message_lang = next(code for code, name in MESSAGE_FORM.items() if name == form)
    example = EXAMPLE.replace("målform: bokmål\n", f"målform: {form}\n", 1)
    if _messages(municipalities, example):
        raise GuideError("Eksempelfilen i editor/guide.py er ikke gyldig: " + "; ".join(_messages(municipalities, example)))
    out = ["---", f"title: {title}", "---", "", GENERATED_NOTE, "", f"# {title}", "", intro, ""]
    for i, m in enumerate(MISTAKES, 1):
        if EXAMPLE.count(m.right) != 1:
            raise GuideError(f"Feil {i}: «{m.right.strip()}» står ikke nøyaktig én gang i eksempelfilen.")
        found = _messages(municipalities, example.replace(m.right, m.wrong))
        if not found:
            raise GuideError(f"Feil {i} («{m.key}») gir ingen feilmelding; da hører den ikke hjemme i veiledningen.")
        out += [f"## {i}. {t['vanlig_feil_' + m.key]}", ""]
        if m.wrong:
            out += [was, "", _indented(m.wrong), ""]
        quoted = "\n>\n".join(f"> {md_escape(msg)}" for msg in found)
        block = f"{message_label}\n\n{quoted}\n"
        out += [block if lang == message_lang else f'<div lang="{message_lang}" markdown>\n\n{block}\n</div>\n']
        out += [right_label if m.wrong else insert, "", _indented(m.right), ""]
    return "\n".join(out).rstrip() + "\n"


# --- writing and checking -------------------------------------------------------------------------------------

COMMON_FILE = "vanlige-feil.md"  # same path in both languages: the language switcher maps paths 1:1


def expected_files(project: Project) -> dict[Path, str]:
    """Both pages in every language of the site, under docs/<lang>/."""
    _messages.cache_clear()
    out = {}
    for lang, texts in texts_of(project).items():
        out[project.docs / lang / "feltreferanse.md"] = field_reference(lang, texts)
        out[project.docs / lang / COMMON_FILE] = common_errors(lang, texts, project.municipalities)
    return out


def stale(project: Project) -> list[Path]:
    return [p for p, text in expected_files(project).items() if not p.is_file() or p.read_text("utf-8") != text]


def write(project: Project) -> list[Path]:
    expected = expected_files(project)
    changed = [p for p, text in expected.items() if not p.is_file() or p.read_text("utf-8") != text]
    for path in changed:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected[path], "utf-8")
    return changed
