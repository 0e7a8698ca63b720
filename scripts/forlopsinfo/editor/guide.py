"""Pages of the editor guide that are generated, never hand-written, and committed under docs/ so they can be read on
GitHub too (`forlopsinfo schema` writes them; a test fails when they are stale):

* feltreferanse.md — every field of a kommune file and a shared-service file, from the data model (model.py);
* vanlige-feil.md — typical mistakes, each shown with the message the real validator gives for it.

Field descriptions in the model are bokmål; the nynorsk pages mark those parts lang="nb" (WCAG 3.1.2).
"""

from __future__ import annotations

import datetime as dt
import tempfile
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter

from forlopsinfo.validate.dataset import load_dataset
from forlopsinfo.validate.model import KommuneFile, SharedService
from forlopsinfo.generate.render import md_escape

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


FIELD_INTRO = {
    "nb": (
        "Alle feltene i kommunefilen",
        "Her er alle feltene en kommunefil kan ha. Listen lages automatisk fra datamodellen, så den stemmer alltid med "
        "det sjekken godtar.\n\n"
        "- **påkrevd**: feltet må stå i filen.\n"
        "- **anbefalt**: feltet bør stå der. Kommandoen `forlopsinfo report` viser hvilke anbefalte felt som mangler.\n"
        "- **valgfritt**: ta med feltet hvis kommunen har noe å skrive der.\n\n"
        "Se også [Slik endrer du kommunesiden](redigering.md) og [Vanlige feil](vanlige-feil.md).",
    ),
    "nn": (
        "Alle felta i kommunefila",
        "Her er alle felta ei kommunefil kan ha. Lista blir laga automatisk frå datamodellen, så ho stemmer alltid med "
        "det kontrollen godtek. Forklaringane til kvart felt står på bokmål.\n\n"
        "- **påkrevd**: feltet må stå i fila.\n"
        "- **anbefalt**: feltet bør stå der. Kommandoen `forlopsinfo report` viser kva tilrådde felt som manglar.\n"
        "- **valgfritt**: ta med feltet viss kommunen har noko å skrive der.\n\n"
        "Sjå også [Slik endrar du kommunesida](redigering.md) og [Vanlege feil](vanlige-feil.md).",
    ),
}


def field_reference(lang: str) -> str:
    title, intro = FIELD_INTRO[lang]
    body = field_reference_body()
    if lang != "nb":
        body = f'<div lang="nb" markdown>\n\n{body}\n</div>\n'
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
"""


@dataclass(frozen=True)
class Mistake:
    title_nb: str
    title_nn: str
    right: str  # lines as they stand in EXAMPLE
    wrong: str  # what an editor wrote instead


MISTAKES = [
    Mistake("Telefonnummeret står uten anførselstegn", "Telefonnummeret står utan hermeteikn",
            '  telefon: "22 00 00 00"\n', "  telefon: 22000000\n"),
    Mistake("Klokkeslettet står uten anførselstegn", "Klokkeslettet står utan hermeteikn",
            '      fra: "09:00"\n', "      fra: 09:00\n"),
    Mistake("Kommunenummeret eller postnummeret mister nullen foran", "Kommunenummeret eller postnummeret mistar nullen framfor",
            'kommunenummer: "0301"\n', "kommunenummer: 0301\n"),
    Mistake("Ja og nei i stedet for true og false", "Ja og nei i staden for true og false",
            "    krever_henvisning: false\n", "    krever_henvisning: nei\n"),
    Mistake("Feltnavnet er skrevet feil", "Feltnamnet er skrive feil",
            "  telefontid:\n", "  telefontider:\n"),
    Mistake("Et påkrevd felt mangler", "Eit påkravd felt manglar",
            '  telefon: "22 00 00 00"\n', ""),
    Mistake("Kolon inne i en tekst", "Kolon inne i ein tekst",
            '    beskrivelse: "Merk: samtaler og oppfølging for voksne."\n',
            "    beskrivelse: Merk: samtaler og oppfølging for voksne.\n"),
    Mistake("Feil innrykk", "Feil innrykk",
            "    poststed: Oslo\n", "     poststed: Oslo\n"),
    Mistake("Nettadressen mangler https://", "Nettadressa manglar https://",
            "  nettside: https://www.kommune.example/koordinerende-enhet/\n",
            "  nettside: www.kommune.example/koordinerende-enhet/\n"),
    Mistake("Datoen er skrevet på norsk måte", "Datoen er skriven på norsk måte",
            "sist_kontrollert: 2026-11-02\n", "sist_kontrollert: 02.11.2026\n"),
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


def _indented(code: str) -> str:
    return "\n".join("    " + line for line in code.rstrip("\n").split("\n"))


COMMON_TEXT = {
    "nb": ("Vanlige feil", "Her er ti vanlige feil i kommunefiler. For hver feil ser du hva som stod i filen, feilmeldingen "
           "sjekken gir, og hvordan det blir riktig. Feilmeldingene er laget av den samme sjekken som kjører på "
           "hver endring, så de ser slik ut også hos deg. Tallene først i meldingen er linje og kolonne.",
           "Slik stod det:", "Feilmeldingen:", "Slik blir det riktig:", "Slett linjen.", "Sett inn linjen:"),
    "nn": ("Vanlege feil", "Her er ti vanlege feil i kommunefiler. For kvar feil ser du kva som stod i fila, feilmeldinga "
           "kontrollen gir, og korleis det blir rett. Feilmeldingane er laga av den same kontrollen som køyrer på "
           "kvar endring, og dei er på bokmål. Tala først i meldinga er linje og kolonne.",
           "Slik stod det:", "Feilmeldinga (på bokmål):", "Slik blir det rett:", "Slett linja.", "Set inn linja:"),
}


def common_errors(lang: str, municipalities: Path) -> str:
    title, intro, was, message_label, right_label, _, insert = COMMON_TEXT[lang]
    if messages_for(municipalities, EXAMPLE):
        raise GuideError("Eksempelfilen i editorguide.py er ikke gyldig: " + "; ".join(messages_for(municipalities, EXAMPLE)))
    out = ["---", f"title: {title}", "---", "", GENERATED_NOTE, "", f"# {title}", "", intro, ""]
    for i, m in enumerate(MISTAKES, 1):
        if EXAMPLE.count(m.right) != 1:
            raise GuideError(f"Feil {i}: «{m.right.strip()}» står ikke nøyaktig én gang i eksempelfilen.")
        found = messages_for(municipalities, EXAMPLE.replace(m.right, m.wrong))
        if not found:
            raise GuideError(f"Feil {i} («{m.title_nb}») gir ingen feilmelding; da hører den ikke hjemme i veiledningen.")
        out += [f"## {i}. {m.title_nb if lang == 'nb' else m.title_nn}", ""]
        if m.wrong:
            out += [was, "", _indented(m.wrong), ""]
        quoted = "\n>\n".join(f"> {md_escape(msg)}" for msg in found)
        block = f"{message_label}\n\n{quoted}\n"
        out += [block if lang == "nb" else f'<div lang="nb" markdown>\n\n{block}\n</div>\n']
        out += [right_label if m.wrong else insert, "", _indented(m.right), ""]
    return "\n".join(out).rstrip() + "\n"


# --- writing and checking -------------------------------------------------------------------------------------

COMMON_FILE = "vanlige-feil.md"  # same path in both languages: the language switcher maps paths 1:1


def expected_files(docs: Path, municipalities: Path) -> dict[Path, str]:
    out = {}
    for lang in ("nb", "nn"):
        out[docs / lang / "feltreferanse.md"] = field_reference(lang)
        out[docs / lang / COMMON_FILE] = common_errors(lang, municipalities)
    return out


def stale(docs: Path, municipalities: Path) -> list[Path]:
    return [p for p, text in expected_files(docs, municipalities).items()
            if not p.is_file() or p.read_text("utf-8") != text]


def write(docs: Path, municipalities: Path) -> list[Path]:
    expected = expected_files(docs, municipalities)
    changed = [p for p, text in expected.items() if not p.is_file() or p.read_text("utf-8") != text]
    for path in changed:
        path.write_text(expected[path], "utf-8")
    return changed

