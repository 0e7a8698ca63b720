"""The kommuner in Enhetsregisteret (Brønnøysundregistrene): the Enhetsregisteret part of `forlopsinfo register`.

Reads every enhet with organisasjonsform KOMM from the open API, either live

    GET https://data.brreg.no/enhetsregisteret/api/enheter?organisasjonsform=KOMM&size=100&page=N&sort=organisasjonsnummer

(HAL JSON: `_embedded.enheter[]`, `page{size,totalElements,totalPages,number}`, `_links`; about 360 enheter, so four
pages; the bulk download /enheter/lastned is the whole register, over a million enheter, and is not used) or from
saved responses, one file per page. It matches them to the kommune register (kommuner.csv) by the kommunenummer of
the forretningsadresse, or of the postadresse when the forretningsadresse has none, and reports in Norwegian what
differs from municipalities/register/enhetsregisteret.yaml. With write=True it rewrites that file, only when an
entry changed (the fetch date alone is no change).

Rules (each tested in tests/editor/test_enhetsregisteret.py):

* An enhet that is deleted (`slettedato`), under avvikling, under tvangsavvikling or konkurs is not used; the report
  names it.
* A kommune no active enhet matches, and a kommune several active enheter match, get no entry; the report names
  each. An enhet whose kommunenummer is not in the register is named too.
* Every entry is checked with the project's own strict YAML loader and the data model (`RegisteredKommune`) before
  it is written. A value that fails (a bad phone number, an odd website, a hidden character) is left out of the
  entry and reported; when the organisasjonsnummer or the name fails, the kommune gets no entry. The finished file
  is loaded and validated once more, exactly as the site build does, before it replaces the old one.
* The website is stored as a URL: «www.bergen.kommune.no» becomes «https://www.bergen.kommune.no». Address lines are
  joined with ", ". Phone numbers and e-mail addresses are stored in the model's normal form (E.164, as the site
  uses them).
* The whole answer is refused (nothing written, exit code 1) when a response is not shaped as documented, the pages
  do not add up to `totalElements`, an enhet is not KOMM, or fewer kommuner than `min_matched` (by default 85 % of
  the register) got an entry.

Everything from the API that reaches the terminal, a log or the pull request goes through `load.problems.inert`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from forlopsinfo.editor.register_update import http_get
from forlopsinfo.layout import enterprise_register_path, register_path
from forlopsinfo.load.problems import inert, safe_line
from forlopsinfo.load.register import Register
from forlopsinfo.load.yamlload import load_file, load_text
from forlopsinfo.validate.messages import explain
from forlopsinfo.validate.model import EnterpriseRegister, RegisteredKommune

API_URL = "https://data.brreg.no/enhetsregisteret/api/enheter"
KOMM = "KOMM"
PAGE_SIZE = 100
MAX_DEPTH = 10_000  # documented: page * size may not exceed 10 000
TIMEOUT = 30.0  # seconds per page
MIN_SHARE = 0.85  # at least this share of the register must get an entry, or the answer looks incomplete

SOURCE = "Enhetsregisteret, Brønnøysundregistrene"
LICENCE = "Norsk lisens for offentlige data (NLOD) 2.0"
SOURCE_URL = f"{API_URL}?organisasjonsform={KOMM}"
FIRST_LINE = ("# Kommunene i Enhetsregisteret (Brønnøysundregistrene). Skrevet av «forlopsinfo register --write»: "
              "rediger ikke for hånd.")

FIELDS = ("organisasjonsnummer", "navn", "hjemmeside", "telefon", "mobil", "epost", "postadresse",
          "forretningsadresse")  # the order in the file
REQUIRED = frozenset({"organisasjonsnummer", "navn"})
ADDRESS_FIELDS = ("adresse", "postnummer", "poststed")
FIELD_NAMES = {"organisasjonsnummer": "organisasjonsnummer", "navn": "navn", "hjemmeside": "nettsted",
               "telefon": "telefon", "mobil": "mobil", "epost": "e-post", "postadresse": "postadresse",
               "forretningsadresse": "forretningsadresse"}
MAX_SHOWN = 120  # characters of a value shown in the report


class EnhetsregisteretError(Exception):
    """A problem with Enhetsregisteret's answer or the connection to it; the message is Norwegian."""


def _q(value: object) -> str:
    """A value from the API for one line of the report: quoted, cut, every invisible character visible."""
    if value is None or value == "":
        return "(ingen)"
    if isinstance(value, dict):  # an address
        value = f"{value.get('adresse', '')}, {value.get('postnummer', '')} {value.get('poststed', '')}".strip(", ")
    text = str(value)
    if len(text) > MAX_SHOWN:
        text = text[: MAX_SHOWN - 1] + "…"
    return f"«{inert(text)}»"


# --- reading -------------------------------------------------------------------------------------------------------


def page_url(page: int, size: int = PAGE_SIZE) -> str:
    query = urllib.parse.urlencode({"organisasjonsform": KOMM, "size": size, "page": page,
                                    "sort": "organisasjonsnummer"})
    return f"{API_URL}?{query}"


HINT = ("Ingenting er endret. Prøv igjen senere, eller lagre svarene (én fil per side) fra en nettleser og bruk "
        "--enheter-file.")


def _get(url: str, timeout: float) -> bytes:
    return http_get(url, timeout, ("Enhetsregisteret", "Enhetsregisteret"), HINT, EnhetsregisteretError)


def decode(body: bytes, source: str) -> dict:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise EnhetsregisteretError(f"{source}: er ikke gyldig JSON fra Enhetsregisteret ({inert(err)}). {HINT}") from err
    if not isinstance(data, dict):
        raise EnhetsregisteretError(f"{source}: ventet et JSON-objekt med «_embedded» og «page». {HINT}")
    return data


def fetch(timeout: float = TIMEOUT) -> list[tuple[str, dict]]:
    """Every page of the KOMM search, as (url, parsed JSON)."""
    first_url = page_url(0)
    first = decode(_get(first_url, timeout), first_url)
    pages = [(first_url, first)]
    info = parse_page(first, first_url)[0]
    if info.total_pages * PAGE_SIZE > MAX_DEPTH:
        raise EnhetsregisteretError(
            f"{first_url}: svaret sier {info.total_elements} enheter på {info.total_pages} sider. Så mange "
            f"kommuner finnes ikke, og API-et gir høyst {MAX_DEPTH} treff. {HINT}")
    for number in range(1, info.total_pages):
        url = page_url(number)
        pages.append((url, decode(_get(url, timeout), url)))
    return pages


def read_saved(paths: list[Path]) -> list[tuple[str, dict]]:
    pages = []
    for path in paths:
        try:
            body = path.read_bytes()
        except OSError as err:
            raise EnhetsregisteretError(f"Kan ikke lese {inert(path)}: {inert(err.strerror or err)}.") from err
        pages.append((inert(path), decode(body, inert(path))))
    return pages


# --- the shape of an answer ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    size: int
    total_elements: int
    total_pages: int
    number: int


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def parse_page(payload: dict, source: str) -> tuple[PageInfo, list[Any]]:
    """The `page` block and the enheter of one search answer."""
    page = payload.get("page")
    numbers = {key: _count(page.get(key)) for key in ("size", "totalElements", "totalPages", "number")} \
        if isinstance(page, dict) else {}
    if not numbers or any(v is None for v in numbers.values()):
        raise EnhetsregisteretError(
            f"{source}: mangler «page» med size, totalElements, totalPages og number (hele tall). Svaret har ikke "
            f"formen Enhetsregisteret dokumenterer. {HINT}")
    info = PageInfo(numbers["size"], numbers["totalElements"], numbers["totalPages"], numbers["number"])
    embedded = payload.get("_embedded")
    if embedded is None and info.total_elements == 0:
        return info, []  # an empty search answer has no _embedded
    enheter = embedded.get("enheter") if isinstance(embedded, dict) else None
    if not isinstance(enheter, list):
        raise EnhetsregisteretError(
            f"{source}: mangler «_embedded.enheter» (en liste). Svaret har ikke formen Enhetsregisteret "
            f"dokumenterer. {HINT}")
    return info, enheter


@dataclass(frozen=True)
class Enhet:
    org_number: str
    name: str
    kommune: str | None  # kommunenummer of the forretningsadresse, else of the postadresse
    inactive: str | None  # why it is not used (Norwegian), or None
    values: dict[str, Any]  # what may go into the file, by the file's field names (not yet checked)

    def label(self) -> str:
        return f"{inert(self.org_number)} {_q(self.name)}"


def _text(value: Any) -> Any:
    """Absent and empty become None; anything else is kept as it is, for the model to judge."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def website(value: Any) -> Any:
    """«www.bergen.kommune.no» -> «https://www.bergen.kommune.no»; a value with a scheme is kept."""
    value = _text(value)
    if isinstance(value, str) and "://" not in value:
        return "https://" + value.strip()
    return value


def address(value: Any) -> Any:
    """The API's address as the file's {adresse, postnummer, poststed}: the lines joined with ", "."""
    if value is None:
        return None
    if not isinstance(value, dict):
        return value  # the model refuses it, and the report says so
    lines = value.get("adresse")
    result = {
        "adresse": ", ".join(line.strip() for line in lines if isinstance(line, str) and line.strip())
        if isinstance(lines, list) else lines,
        "postnummer": value.get("postnummer"),
        "poststed": value.get("poststed"),
    }
    result = {k: v for k, v in result.items() if _text(v) is not None}
    return result or None


def _kommune_number(item: dict) -> str | None:
    for key in ("forretningsadresse", "postadresse"):
        addr = item.get(key)
        number = addr.get("kommunenummer") if isinstance(addr, dict) else None
        if isinstance(number, str) and number.strip():
            return number.strip()
    return None


def _inactive(item: dict) -> str | None:
    deleted = _text(item.get("slettedato"))
    if deleted is not None:
        return f"slettet {inert(deleted)}"
    for key, why in (("underAvvikling", "under avvikling"),
                     ("underTvangsavviklingEllerTvangsopplosning", "under tvangsavvikling eller tvangsoppløsning"),
                     ("konkurs", "konkurs")):
        if item.get(key) is True:
            return why
    return None


def parse_enhet(item: Any, where: str) -> Enhet:
    if not isinstance(item, dict):
        raise EnhetsregisteretError(f"{where}: er ikke et JSON-objekt. {HINT}")
    org_number, name = item.get("organisasjonsnummer"), item.get("navn")
    if not isinstance(org_number, str) or not isinstance(name, str):
        raise EnhetsregisteretError(f"{where}: mangler «organisasjonsnummer» eller «navn» som tekst. {HINT}")
    form = item.get("organisasjonsform")
    code = form.get("kode") if isinstance(form, dict) else None
    if code != KOMM:
        raise EnhetsregisteretError(
            f"{where} ({inert(org_number)}): organisasjonsform er {_q(code)}, ikke {KOMM}. Svaret er ikke det vi "
            f"ba om. {HINT}")
    values = {
        "organisasjonsnummer": org_number,
        "navn": name,
        "hjemmeside": website(item.get("hjemmeside")),
        "telefon": _text(item.get("telefon")),
        "mobil": _text(item.get("mobil")),
        "epost": _text(item.get("epostadresse")),
        "postadresse": address(item.get("postadresse")),
        "forretningsadresse": address(item.get("forretningsadresse")),
    }
    return Enhet(org_number, name, _kommune_number(item), _inactive(item),
                 {k: v for k, v in values.items() if v is not None})


def collect(pages: list[tuple[str, dict]]) -> list[Enhet]:
    """Every enhet of a complete set of pages; refuses a set that is not complete or not consistent."""
    if not pages:
        raise EnhetsregisteretError("Ingen svar å lese.")
    parsed = [(source, *parse_page(payload, source)) for source, payload in pages]
    totals = {(info.total_elements, info.total_pages) for _, info, _ in parsed}
    numbers = sorted(info.number for _, info, _ in parsed)
    total_elements, total_pages = next(iter(totals))
    count = sum(len(items) for _, _, items in parsed)
    if len(totals) > 1 or numbers != list(range(max(total_pages, 1))) or count != total_elements:
        raise EnhetsregisteretError(
            f"Svarene henger ikke sammen: sidene {', '.join(map(str, numbers))} med {count} enheter, men svaret sier "
            f"{total_elements} enheter på {total_pages} sider. Alle sidene må være med, fra samme henting. {HINT}")
    enheter: list[Enhet] = []
    seen: set[str] = set()
    for source, info, items in sorted(parsed, key=lambda p: p[1].number):
        for i, item in enumerate(items):
            enhet = parse_enhet(item, f"{source}: _embedded.enheter[{i}]")
            if enhet.org_number in seen:
                raise EnhetsregisteretError(
                    f"{source}: enhet {inert(enhet.org_number)} står flere ganger. Sidene overlapper. {HINT}")
            seen.add(enhet.org_number)
            enheter.append(enhet)
    return enheter


# --- checking one entry --------------------------------------------------------------------------------------------


def _scalar(value: Any) -> str:
    """A YAML scalar: every string double-quoted (JSON's escapes are YAML's), so no value can be read as a number,
    a date, a boolean or null."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, (int, float)) else json.dumps(str(value))


def _mapping_lines(values: dict[str, Any], indent: str) -> list[str]:
    lines = []
    for key, value in values.items():
        if isinstance(value, dict):
            if not value:
                lines.append(f"{indent}{key}: {{}}")
                continue
            lines.append(f"{indent}{key}:")
            lines.extend(_mapping_lines(value, indent + "  "))
        elif isinstance(value, list):
            lines.append(f"{indent}{key}: [{', '.join(_scalar(v) for v in value)}]")
        else:
            lines.append(f"{indent}{key}: {_scalar(value)}")
    return lines


@dataclass(frozen=True)
class Rejected:
    kommune: str
    field: str
    value: Any
    why: str


def _loader_problem(name: str, value: Any) -> str | None:
    """What the project's strict loader says of this value (hidden characters, …), as the site build would."""
    loaded, problems = load_text("\n".join(_mapping_lines({name: value}, "")) + "\n", "svar")
    if loaded is None or problems:
        return problems[0].message if problems else "Verdien kan ikke leses."
    return None


def check_entry(number: str, values: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Rejected]]:
    """The entry as the file will hold it (the model's normal form, fixed key order), and every value left out.
    None when the organisasjonsnummer or the name fails: then the kommune gets no entry."""
    candidate = dict(values)
    rejected: list[Rejected] = []
    while True:
        bad: dict[str, str] = {}
        for name, value in candidate.items():
            problem = _loader_problem(name, value)
            if problem:
                bad[name] = problem
        if not bad:
            try:
                model = RegisteredKommune.model_validate(candidate)
            except ValidationError as err:
                for error in err.errors(include_url=False):
                    loc = tuple(error["loc"])
                    name = str(loc[0]) if loc else "navn"
                    bad.setdefault(name, explain(error, RegisteredKommune)[0])
            else:
                dumped = model.model_dump(by_alias=True, exclude_none=True, mode="json")
                return _ordered(dumped), rejected
        for name, why in bad.items():
            rejected.append(Rejected(number, name, candidate.get(name), why))
        if bad.keys() & REQUIRED or not bad.keys() & candidate.keys():
            return None, rejected
        for name in bad:
            candidate.pop(name, None)


def _ordered(entry: dict[str, Any]) -> dict[str, Any]:
    result = {}
    for key in FIELDS:
        if key in entry:
            value = entry[key]
            result[key] = {k: value[k] for k in ADDRESS_FIELDS if k in value} if isinstance(value, dict) else value
    return result


# --- matching ------------------------------------------------------------------------------------------------------


@dataclass
class Match:
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # kommunenummer -> entry for the file
    unmatched: list[str] = field(default_factory=list)  # kommuner with no active enhet
    several: list[tuple[str, list[Enhet]]] = field(default_factory=list)  # kommuner with more than one
    inactive: list[Enhet] = field(default_factory=list)  # deleted, under avvikling, …
    outside: list[Enhet] = field(default_factory=list)  # kommunenummer not in the register, or none
    rejected: list[Rejected] = field(default_factory=list)  # values (or whole entries) left out
    dropped: list[str] = field(default_factory=list)  # kommuner whose entry failed the model as a whole
    total: int = 0  # enheter read


def match(enheter: list[Enhet], register: Register) -> Match:
    result = Match(total=len(enheter))
    by_number: dict[str, list[Enhet]] = {}
    for enhet in enheter:
        if enhet.inactive:
            result.inactive.append(enhet)
        elif enhet.kommune not in register.by_number:
            result.outside.append(enhet)
        else:
            by_number.setdefault(enhet.kommune, []).append(enhet)
    for kommune in register.kommuner:
        found = by_number.get(kommune.number, [])
        if not found:
            result.unmatched.append(kommune.number)
        elif len(found) > 1:
            result.several.append((kommune.number, sorted(found, key=lambda e: e.org_number)))
        else:
            entry, rejected = check_entry(kommune.number, found[0].values)
            result.rejected.extend(rejected)
            if entry is None:
                result.dropped.append(kommune.number)
            else:
                result.entries[kommune.number] = entry
    return result


# --- the stored file -----------------------------------------------------------------------------------------------


@dataclass
class Stored:
    first_line: str
    kommuner: dict[str, dict[str, Any]] | None  # None when the file is missing or does not pass the model
    problems: list[str] = field(default_factory=list)


def read_stored(path: Path, display: str) -> Stored:
    first = FIRST_LINE
    if path.is_file():
        with path.open("rb") as fh:
            line = fh.readline(1000).decode("utf-8", "replace").rstrip("\r\n")
        if line.startswith("#") and line.isprintable():
            first = line
    if not path.exists():
        return Stored(first, None)
    loaded, problems = load_file(path, display)
    messages = [p.format() for p in problems]
    if loaded is not None and not problems and isinstance(loaded.data, dict):
        try:
            model = EnterpriseRegister.model_validate(loaded.data)
        except ValidationError as err:
            messages.append(f"{display}: {inert(explain(err.errors(include_url=False)[0], EnterpriseRegister)[0])}")
        else:
            dumped = model.model_dump(by_alias=True, exclude_none=True, mode="json")["kommuner"]
            return Stored(first, {n: _ordered(e) for n, e in dumped.items()})
    return Stored(first, None, messages or [f"{display}: filen kan ikke leses."])


def render(first_line: str, fetched: dt.date | None, kommuner: dict[str, dict[str, Any]]) -> str:
    """The file, deterministically: fixed header, kommuner sorted by number, fixed key order, strings quoted."""
    lines = [first_line, f"kilde: {SOURCE}", f"lisens: {LICENCE}", f"adresse: {SOURCE_URL}",
             f"hentet: {fetched.isoformat() if fetched else 'null'}"]
    if not kommuner:
        lines.append("kommuner: {}")
    else:
        lines.append("kommuner:")
        for number in sorted(kommuner):
            lines.append(f"  {_scalar(number)}:")
            lines.extend(_mapping_lines(kommuner[number], "    "))
    return "\n".join(lines) + "\n"


def verify(text: str, display: str, register: Register) -> list[str]:
    """Problems the site build would find in this file text (the same loader, model and register check)."""
    loaded, problems = load_text(text, display)
    messages = [p.format() for p in problems]
    if loaded is None or problems:
        return messages or [f"{display}: kan ikke leses."]
    try:
        model = EnterpriseRegister.model_validate(loaded.data)
    except ValidationError as err:
        return [f"{display}: {'.'.join(map(str, e['loc']))}: {explain(e, EnterpriseRegister)[0]}"
                for e in err.errors(include_url=False)]
    return [f"{display}: kommuner.{n}: finnes ikke i kommuneregisteret." for n in model.kommuner
            if n not in register.by_number]


def write_file(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)


# --- comparing and the report --------------------------------------------------------------------------------------


@dataclass
class Diff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, list[tuple[str, Any, Any]]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def compare(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> Diff:
    diff = Diff(added=sorted(new.keys() - old.keys()), removed=sorted(old.keys() - new.keys()))
    for number in sorted(old.keys() & new.keys()):
        fields = [(name, old[number].get(name), new[number].get(name)) for name in FIELDS
                  if old[number].get(name) != new[number].get(name)]
        if fields:
            diff.changed.append((number, fields))
    return diff


def report(diff: Diff, found: Match, old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]],
           register: Register, file_name: str) -> list[str]:
    def kommune(number: str) -> str:
        known = register.by_number.get(number)
        return f"{number} {known.name}" if known else inert(number)

    lines: list[str] = []
    if diff.empty:
        lines.append(f"Ingen endringer: {file_name} stemmer med Enhetsregisteret.")
    else:
        sections = [
            (f"Nye i {file_name}", [f"{kommune(n)}: {_q(new[n]['navn'])}, organisasjonsnummer "
                                    f"{new[n]['organisasjonsnummer']}" for n in diff.added]),
            ("Endret", [f"{kommune(n)}: " + "; ".join(f"{FIELD_NAMES[name]} {_q(a)} → {_q(b)}" for name, a, b in fields)
                        for n, fields in diff.changed]),
            (f"Fjernes fra {file_name}", [f"{kommune(n)}: {_q(old[n]['navn'])}, organisasjonsnummer "
                                          f"{old[n]['organisasjonsnummer']} (se merknadene)" for n in diff.removed]),
        ]
        for title, items in sections:
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  - {item}" for item in items)

    notes: list[str] = []
    for number in found.unmatched:
        notes.append(f"SJEKK: {kommune(number)}: ingen aktiv enhet med organisasjonsform {KOMM} har dette "
                     "kommunenummeret i forretnings- eller postadressen. Kommunen får ingen oppføring.")
    for number, enheter in found.several:
        notes.append(f"SJEKK: {kommune(number)}: {len(enheter)} aktive enheter har dette kommunenummeret "
                     f"({', '.join(e.label() for e in enheter)}). Ingen av dem er skrevet; finn ut hvilken som er "
                     "kommunen (en sammenslåing?).")
    for number in found.dropped:
        notes.append(f"SJEKK: {kommune(number)}: oppføringen er utelatt fordi organisasjonsnummeret eller navnet "
                     "ikke er gyldig (se under).")
    for r in found.rejected:
        notes.append(f"{kommune(r.kommune)}: {FIELD_NAMES.get(r.field, inert(r.field))} {_q(r.value)} er ikke med: "
                     f"{inert(r.why)}")
    for enhet in found.inactive:
        where = f" (kommunenummer {inert(enhet.kommune)})" if enhet.kommune else ""
        notes.append(f"Ikke brukt: {enhet.label()}{where} er {enhet.inactive}.")
    for enhet in found.outside:
        why = (f"har kommunenummer {_q(enhet.kommune)}, som ikke finnes i kommuneregisteret" if enhet.kommune
               else "har ikke kommunenummer i forretnings- eller postadressen")
        notes.append(f"SJEKK: {enhet.label()} {why}. Ikke brukt.")
    if notes:
        lines.append("")
        lines.append("Merknader:")
        lines.extend(f"  - {n}" for n in notes)
    return lines


# --- command -------------------------------------------------------------------------------------------------------


def minimum(register: Register) -> int:
    return math.ceil(MIN_SHARE * len(register.kommuner))


def run(root: Path, files: list[Path] | None, write: bool, out, err, *, today: dt.date | None = None,
        min_matched: int | None = None, timeout: float = TIMEOUT) -> int:
    """`forlopsinfo register`, the Enhetsregisteret part: compare (and with write=True update) the stored file."""
    register = Register.load(register_path(root / "municipalities"))
    path = enterprise_register_path(root / "municipalities")
    display = path.relative_to(root).as_posix()
    try:
        if files:
            source = "lagrede svar (" + ", ".join(inert(f) for f in files) + ")"
            pages = read_saved(files)
        else:
            source = f"{API_URL} (organisasjonsform {KOMM})"
            pages = fetch(timeout)
        enheter = collect(pages)
    except EnhetsregisteretError as e:
        print(safe_line(str(e)), file=err)
        return 1
    found = match(enheter, register)
    needed = minimum(register) if min_matched is None else min_matched
    if len(found.entries) < needed:
        print(safe_line(
            f"Bare {len(found.entries)} av {len(register.kommuner)} kommuner fikk en oppføring fra Enhetsregisteret "
            f"(minst {needed} ventet; {found.total} enheter lest, {len(found.unmatched)} uten treff, "
            f"{len(found.several)} med flere treff). Svaret ser ufullstendig ut. Ingenting er skrevet."), file=err)
        return 1
    stored = read_stored(path, display)
    for problem in stored.problems:
        print(safe_line(f"Merk: {display} er ikke gyldig nå og blir skrevet på nytt: {problem}"), file=err)
    old = stored.kommuner or {}
    diff = compare(old, found.entries)
    print(f"Enhetsregisteret mot {source}: {found.total} enheter med organisasjonsform {KOMM}, "
          f"{len(found.entries)} av {len(register.kommuner)} kommuner har en oppføring.", file=out)
    for line in report(diff, found, old, found.entries, register, path.name):
        print(safe_line(line), file=out)
    changed = not diff.empty or stored.kommuner is None
    if not write:
        if changed:
            print(f"\nIngenting er skrevet. Kjør igjen med --write for å oppdatere {display}.", file=out)
        return 0
    if not changed:
        print(f"\n{display} er uendret.", file=out)
        return 0
    text = render(stored.first_line, today or dt.date.today(), found.entries)
    problems = verify(text, display, register)
    if problems:
        print(safe_line(f"Den nye {display} ville ikke bestått valideringen, så ingenting er skrevet:"), file=err)
        for problem in problems:
            print(safe_line(f"  {problem}"), file=err)
        return 1
    write_file(path, text)
    print(f"\nSkrev {display}. Gå gjennom endringene (git diff) før du committer.", file=out)
    return 0
