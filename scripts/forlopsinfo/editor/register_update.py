"""Register upkeep from SSB's classification database KLASS: `forlopsinfo register`.

Reads the kommuner (classification 131) and fylker (classification 104) valid on a date, either live from
https://data.ssb.no/api/klass/v1/classifications/<id>/codesAt?date=YYYY-MM-DD or from a saved response, builds
the rows of municipalities/register/kommuner.csv from them, and reports (in Norwegian) what differs from the
current register and which files under municipalities/ must follow.

How SSB's labels are turned into register columns (each rule is tested in tests/editor/test_register_update.py):

* The label joins every official name with " - ", and the order varies: "Oslo - Oslove", but
  "Guovdageaidnu - Kautokeino" and "Gáivuotna - Kåfjord - Kaivuono". The Norwegian name is the part equal to the
  register's current name for that number; the other parts, in SSB's order, become `samisk_navn` joined with " / ".
  When no part equals the current name (a new or renamed kommune with several names) the first part is taken and
  the report says so: someone must check it.
* SSB adds the fylke in brackets to names several kommuner share ("Herøy (Nordland)"); the register does not.
  A trailing " (<fylkesnavn>)" is removed only when the bracket holds a fylke name from classification 104.
* The pseudo-codes 9999 and 99 («Uoppgitt») are dropped.
* KLASS does not carry the administrative area for Sami languages: `samisk_forvaltningsomrade` is kept from the
  current register, and a new kommune gets `false` with a warning in the report.
* KARTVERKET_SPELLING lists the Sami names where the project deliberately keeps Kartverket's spelling over SSB's.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from forlopsinfo.load.problems import inert
from forlopsinfo.load.register import Kommune, Register, slugify
from forlopsinfo.load.yamlload import load_file
from forlopsinfo.layout import register_path

KLASS_URL = "https://data.ssb.no/api/klass/v1/classifications/{id}/codesAt?date={date}"
KOMMUNER = 131
FYLKER = 104
TIMEOUT = 20.0  # seconds
PSEUDO_CODES = {"9999", "99"}  # «Uoppgitt»

COLUMNS = ["kommunenummer", "navn", "fylkesnummer", "fylkesnavn", "samisk_navn", "samisk_forvaltningsomrade"]

# Sami/Kven names where the register keeps Kartverket's spelling although SSB spells them differently.
# Keyed on (kommunenummer, SSB's spelling as it becomes `samisk_navn`): only that exact SSB spelling is replaced, so
# any other change SSB makes to the name is still reported as a change. Every use is printed in the report.
# 5622 Porsanger: Kartverket (the register's base) writes «Porsáŋgu» with ŋ (eng);
# SSB writes «Porsángu». See municipalities/register/README.md.
KARTVERKET_SPELLING: dict[tuple[str, str], str] = {
    ("5622", "Porsángu / Porsanki"): "Porsáŋgu / Porsanki",
}


class KlassError(Exception):
    """A problem with SSB's data or the connection to SSB; the message is Norwegian and says what to do."""


# --- reading -------------------------------------------------------------------------------------------------------


def klass_url(classification: int, date: dt.date) -> str:
    return KLASS_URL.format(id=classification, date=date.isoformat())


def fetch(classification: int, date: dt.date, timeout: float = TIMEOUT) -> dict:
    """One codesAt response from SSB, parsed as JSON."""
    url = klass_url(classification, date)
    hint = ("Ingenting er endret. Prøv igjen senere, eller hent svaret i en nettleser, lagre det som fil og bruk "
            "--from-file og --fylker-file.")
    return _decode(http_get(url, timeout, ("SSB", "SSB (KLASS)"), hint, KlassError), url)


def http_get(url: str, timeout: float, names: tuple[str, str], hint: str, error: type[Exception]) -> bytes:
    """The body of a GET for JSON from a register's open API (KLASS here, Enhetsregisteret in enhetsregisteret.py).
    A failure is `error` with a Norwegian message: `names` is how the service is named when it answers with an error
    and when it cannot be reached; `hint` says what to do."""
    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "forlopsinfo"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        raise error(f"{names[0]} svarte med feil (HTTP {err.code}) på {url}. {hint}") from err
    except (urllib.error.URLError, TimeoutError, OSError) as err:
        reason = getattr(err, "reason", err)
        raise error(f"Får ikke kontakt med {names[1]} på {url}: {inert(reason)}. {hint}") from err


def read_saved(path: Path) -> dict:
    """A saved codesAt response (the JSON SSB returns)."""
    try:
        body = path.read_bytes()
    except OSError as err:
        raise KlassError(f"Kan ikke lese {path}: {err.strerror or err}.") from err
    return _decode(body, str(path))


def _decode(body: bytes, source: str) -> dict:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise KlassError(f"{source}: er ikke gyldig JSON fra KLASS ({err}).") from err
    if not isinstance(data, dict):
        raise KlassError(f"{source}: ventet et JSON-objekt med feltet «codes».")
    return data


def parse_codes(payload: dict, source: str, digits: int) -> dict[str, str]:
    """code -> label from a codesAt response, without the pseudo-codes «Uoppgitt»."""
    codes = payload.get("codes")
    if not isinstance(codes, list) or not codes:
        raise KlassError(f"{source}: fant ingen koder (ventet {{\"codes\": [{{\"code\": …, \"name\": …}}]}}).")
    result: dict[str, str] = {}
    for i, item in enumerate(codes):
        code = item.get("code") if isinstance(item, dict) else None
        name = item.get("name") if isinstance(item, dict) else None
        if not isinstance(code, str) or not isinstance(name, str) or not name.strip():
            raise KlassError(f"{source}: codes[{i}] mangler «code» eller «name» som tekst.")
        if code in PSEUDO_CODES:
            continue
        if not re.fullmatch(rf"\d{{{digits}}}", code):
            raise KlassError(f"{source}: codes[{i}]: koden «{code}» er ikke {digits} sifre.")
        if code in result:
            raise KlassError(f"{source}: koden {code} står flere ganger.")
        result[code] = name.strip()
    return result


# --- building the register -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Name:
    norwegian: str
    others: tuple[str, ...]  # Sami/Kven names in SSB's order
    guessed: bool  # no part matched the known Norwegian name; the first part was taken


def split_name(label: str, known: str | None = None, fylke_names: frozenset[str] = frozenset()) -> Name:
    """'Guovdageaidnu - Kautokeino' (known 'Kautokeino') -> Kautokeino + (Guovdageaidnu,)."""
    bracket = re.fullmatch(r"(.*\S) \(([^()]+)\)", label)
    if bracket and bracket.group(2) in fylke_names:
        label = bracket.group(1)
    parts = [p.strip() for p in label.split(" - ") if p.strip()]
    if len(parts) == 1:
        return Name(parts[0], (), False)
    if known in parts:
        return Name(known, tuple(p for p in parts if p != known), False)
    return Name(parts[0], tuple(parts[1:]), True)


@dataclass
class Build:
    kommuner: list[Kommune]
    guessed: list[tuple[Kommune, str]] = field(default_factory=list)  # kommune, SSB's label
    kept_spelling: list[tuple[Kommune, str]] = field(default_factory=list)  # kommune, SSB's spelling
    new_area_unknown: list[Kommune] = field(default_factory=list)
    fylke_guessed: list[tuple[str, str, str]] = field(default_factory=list)  # number, chosen name, SSB's label


def build(kommune_codes: dict[str, str], fylke_codes: dict[str, str], old: Register) -> Build:
    old_fylker = {k.county_number: k.county_name for k in old.kommuner}
    fylker: dict[str, str] = {}
    fylke_guessed = []
    for number, label in fylke_codes.items():
        name = split_name(label, old_fylker.get(number))
        fylker[number] = name.norwegian
        if name.guessed:
            fylke_guessed.append((number, name.norwegian, label))
    fylke_names = frozenset(fylker.values())
    result = Build(kommuner=[], fylke_guessed=fylke_guessed)
    for number in sorted(kommune_codes):
        label = kommune_codes[number]
        county = number[:2]
        if county not in fylker:
            raise KlassError(
                f"Kommune {number} ({label}) hører til fylke {county}, men fylket finnes ikke i SSBs fylkesliste "
                f"(klassifikasjon {FYLKER}). Bruk kommune- og fylkeslister for samme dato."
            )
        previous = old.by_number.get(number)
        name = split_name(label, previous.name if previous else None, fylke_names)
        sami = " / ".join(name.others)
        ssb_sami = sami
        sami = KARTVERKET_SPELLING.get((number, sami), sami)
        kommune = Kommune(
            number=number,
            name=name.norwegian,
            county_number=county,
            county_name=fylker[county],
            sami_name=sami,
            sami_area=previous.sami_area if previous else False,
        )
        result.kommuner.append(kommune)
        if name.guessed:
            result.guessed.append((kommune, label))
        if sami != ssb_sami:
            result.kept_spelling.append((kommune, ssb_sami))
        if previous is None:
            result.new_area_unknown.append(kommune)
    return result


def render_csv(kommuner: list[Kommune]) -> str:
    """The register file: header, one row per kommune sorted by number, LF line endings, minimal quoting."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for k in sorted(kommuner, key=lambda k: k.number):
        writer.writerow([k.number, k.name, k.county_number, k.county_name, k.sami_name,
                         "true" if k.sami_area else "false"])
    return out.getvalue()


def write_register(path: Path, kommuner: list[Kommune]) -> bool:
    """Write the register; returns False (and leaves the file alone) when nothing changed."""
    text = render_csv(kommuner)
    if path.is_file() and path.read_bytes() == text.encode("utf-8"):
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, path)
    return True


# --- comparing -----------------------------------------------------------------------------------------------------


@dataclass
class Diff:
    added: list[Kommune] = field(default_factory=list)
    removed: list[Kommune] = field(default_factory=list)
    renamed: list[tuple[Kommune, Kommune]] = field(default_factory=list)
    sami_changed: list[tuple[Kommune, Kommune]] = field(default_factory=list)
    county_changed: list[tuple[Kommune, Kommune]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.renamed or self.sami_changed or self.county_changed)


def compare(old: list[Kommune], new: list[Kommune]) -> Diff:
    before = {k.number: k for k in old}
    after = {k.number: k for k in new}
    diff = Diff()
    diff.added = [after[n] for n in sorted(after.keys() - before.keys())]
    diff.removed = [before[n] for n in sorted(before.keys() - after.keys())]
    for number in sorted(before.keys() & after.keys()):
        a, b = before[number], after[number]
        if a.name != b.name:
            diff.renamed.append((a, b))
        if a.sami_name != b.sami_name:
            diff.sami_changed.append((a, b))
        if (a.county_number, a.county_name) != (b.county_number, b.county_name):
            diff.county_changed.append((a, b))
    return diff


@dataclass
class Affected:
    gone: list[tuple[Path, Kommune | None]] = field(default_factory=list)  # file, the removed kommune
    rename: list[tuple[Path, Path]] = field(default_factory=list)  # file, its new name
    shared: list[tuple[Path, list[str]]] = field(default_factory=list)  # interkommunal file, removed numbers in it

    @property
    def empty(self) -> bool:
        return not (self.gone or self.rename or self.shared)


_KOMMUNE_FILE = re.compile(r"(\d{4})-.+\.yaml")


def affected_files(municipalities: Path, old: list[Kommune], new: list[Kommune]) -> Affected:
    """Files under municipalities/ that no longer fit the new register."""
    before = {k.number: k for k in old}
    after = {k.number: k for k in new}
    result = Affected()
    for path in sorted(municipalities.glob("*.yaml")):
        match = _KOMMUNE_FILE.fullmatch(path.name)
        if not match:
            continue
        number = match.group(1)
        if number not in after:
            result.gone.append((path, before.get(number)))
            continue
        expected = f"{number}-{slugify(after[number].name)}.yaml"
        if path.name != expected:
            result.rename.append((path, path.with_name(expected)))
    for path in sorted((municipalities / "interkommunale").glob("*.yaml")):
        loaded, _ = load_file(path, path.name)
        listed = loaded.data.get("kommuner") if loaded and isinstance(loaded.data, dict) else None
        if isinstance(listed, list):
            missing = [str(n) for n in listed if str(n) not in after]
            if missing:
                result.shared.append((path, missing))
    return result


# --- report --------------------------------------------------------------------------------------------------------


def _label(k: Kommune) -> str:
    return f"{k.number} {k.name}"


def _quote(text: str) -> str:
    return f"«{text}»" if text else "(ingen)"


def report(diff: Diff, built: Build, affected: Affected, root: Path) -> list[str]:
    """The Norwegian report, as lines."""
    def rel(p: Path) -> str:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()

    added_names = {k.name: k for k in diff.added}
    by_old_number = {k.number: added_names[k.name] for k in diff.removed if k.name in added_names}  # renumbered
    lines: list[str] = []
    if diff.empty:
        lines.append("Ingen endringer: registeret stemmer med SSB.")
    else:
        sections = [
            ("Nye kommuner", [f"{_label(k)} ({k.county_name})" + (f", samisk/kvensk navn {_quote(k.sami_name)}"
                                                                  if k.sami_name else "") for k in diff.added]),
            ("Kommuner som er borte", [f"{_label(k)} ({k.county_name})" for k in diff.removed]),
            ("Nytt navn (samme nummer)", [f"{a.number}: {a.name} → {b.name}" for a, b in diff.renamed]),
            ("Endret samisk/kvensk navn", [f"{_label(b)}: {_quote(a.sami_name)} → {_quote(b.sami_name)}"
                                           for a, b in diff.sami_changed]),
            ("Endret fylke", [f"{_label(b)}: {a.county_number} {a.county_name} → {b.county_number} {b.county_name}"
                              for a, b in diff.county_changed]),
        ]
        for title, items in sections:
            if items:
                lines.append(f"{title} ({len(items)}):")
                lines.extend(f"  - {item}" for item in items)
        for number, new in by_old_number.items():
            lines.append(f"Merk: {new.name} har trolig fått nytt nummer ({number} → {new.number}).")

    notes: list[str] = []
    for k, ssb in built.kept_spelling:
        notes.append(f"{_label(k)}: beholder Kartverkets skrivemåte {_quote(k.sami_name)} "
                     f"(SSB skriver {_quote(ssb)}). Listen står i KARTVERKET_SPELLING i scripts/forlopsinfo/editor/register_update.py.")
    for k in built.new_area_unknown:
        notes.append(f"SJEKK: {_label(k)} er ny. KLASS sier ikke om kommunen er i forvaltningsområdet for samisk "
                     "språk, så samisk_forvaltningsomrade er satt til false. Er den med, sett true i kommuner.csv "
                     "og legg språket inn i SAMI_LANG i scripts/forlopsinfo/generate/pages.py.")
    for k, label in built.guessed:
        notes.append(f"SJEKK: {k.number} heter {_quote(label)} hos SSB. Ingen del er lik navnet i registeret, så "
                     f"første del ({k.name}) er brukt som norsk navn. Rett navn og samisk_navn i kommuner.csv "
                     "hvis rekkefølgen er en annen.")
    for number, name, label in built.fylke_guessed:
        notes.append(f"SJEKK: fylke {number} heter {_quote(label)} hos SSB; {name} er brukt som norsk navn.")
    if notes:
        lines.append("")
        lines.append("Merknader:")
        lines.extend(f"  - {n}" for n in notes)

    if not affected.empty:
        lines.append("")
        lines.append("Filer som må endres:")
        for path, gone in affected.gone:
            new = by_old_number.get(gone.number) if gone else None
            if gone and new:
                target = path.with_name(f"{new.number}-{slugify(new.name)}.yaml")
                lines.append(f"  - {rel(path)}: {_label(gone)} har trolig fått nummer {new.number}. Kjør: "
                             f"git mv {rel(path)} {rel(target)} og rett kommunenummer i filen.")
                continue
            what = f"{_label(gone)} finnes ikke lenger" if gone else "nummeret finnes ikke i det nye registeret"
            lines.append(f"  - {rel(path)}: {what}. Flytt opplysningene til filen for kommunen som tar over "
                         "(slå sammen hvis den finnes, med riktig kommunenummer), og slett denne filen.")
        for path, target in affected.rename:
            lines.append(f"  - {rel(path)}: navnet passer ikke lenger. Kjør: git mv {rel(path)} {rel(target)}")
        for path, numbers in affected.shared:
            fixes = [f"{n} → {by_old_number[n].number}" if n in by_old_number else n for n in numbers]
            lines.append(f"  - {rel(path)}: kommuner: inneholder {', '.join(fixes)}, som ikke finnes lenger. "
                         "Bytt til det nye kommunenummeret.")
    return lines


# --- command -------------------------------------------------------------------------------------------------------


def run(root: Path, date: str | None, kommuner_file: Path | None, fylker_file: Path | None, write: bool,
        out, err) -> int:
    """`forlopsinfo register`: compare (and with write=True update) the register against KLASS."""
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        print(f"Ugyldig dato «{date}». Skriv ÅÅÅÅ-MM-DD, for eksempel --date 2027-01-01.", file=err)
        return 2
    if (kommuner_file is None) != (fylker_file is None):
        print("Bruk --from-file og --fylker-file sammen (kommuner fra klassifikasjon 131 og fylker fra 104, "
              "samme dato).", file=err)
        return 2
    register_file = register_path(root / "municipalities")
    old = Register.load(register_file)
    try:
        if kommuner_file is not None and fylker_file is not None:
            source = f"filene {kommuner_file} og {fylker_file}"
            kommuner_json, fylker_json = read_saved(kommuner_file), read_saved(fylker_file)
            kommune_source, fylke_source = str(kommuner_file), str(fylker_file)
        else:
            source = f"SSB (KLASS {KOMMUNER} og {FYLKER}) per {day.isoformat()}"
            kommuner_json, fylker_json = fetch(KOMMUNER, day), fetch(FYLKER, day)
            kommune_source, fylke_source = klass_url(KOMMUNER, day), klass_url(FYLKER, day)
        built = build(parse_codes(kommuner_json, kommune_source, 4), parse_codes(fylker_json, fylke_source, 2), old)
    except KlassError as e:
        print(str(e), file=err)
        return 1
    diff = compare(old.kommuner, built.kommuner)
    affected = affected_files(root / "municipalities", old.kommuner, built.kommuner)
    print(f"Kommuneregisteret mot {source}: {len(old.kommuner)} kommuner nå, {len(built.kommuner)} hos SSB.",
          file=out)
    for line in report(diff, built, affected, root):
        print(line, file=out)
    rel = register_file.relative_to(root).as_posix()
    if not write:
        if not diff.empty:
            print(f"\nIngenting er skrevet. Kjør igjen med --write for å oppdatere {rel}.", file=out)
        return 0
    if write_register(register_file, built.kommuner):
        print(f"\nSkrev {rel}. Gå gjennom endringene (git diff) og rett filene over før du committer.", file=out)
    else:
        print(f"\n{rel} er uendret.", file=out)
    return 0
