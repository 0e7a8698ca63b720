"""What may stand in municipalities/, and the register's own rows.

Kommune data comes in by pull request, so the folder itself is input too. Only regular files of known kinds inside it
are read: a symbolic link, a folder with a file's name, a pipe or a device is refused by name, without being opened
or followed (a link could point at another kommune's file, at a file outside the project, or at /dev/zero). Any other
file is an error that says what its name should be, because a file that is silently not read (4640-sogndal.yml, a file
in a subfolder) would let the check pass while nothing is published.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from forlopsinfo.load.problems import Problem, show_value
from forlopsinfo.load.yamlload import MAX_FILE_BYTES, decode

NATIONAL_FILE = "nasjonalt.yaml"
SHARED_DIR = "interkommunale"
REGISTER_DIR = "register"
REGISTER_FILES = frozenset({"kommuner.csv", "enhetsregisteret.yaml", "README.md"})
SCHEMA_FILES = frozenset({"schema.json", "interkommunal.schema.json", "nasjonalt.schema.json"})  # validate/schema.py
KOMMUNE_NAME = re.compile(r"[0-9]{4}-[a-z0-9]+(?:-[a-z0-9]+)*\.yaml")
SHARED_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yaml")
_NAMING = ("En kommunefil heter kommunenummer-navn.yaml, for eksempel 4601-bergen.yaml (nummer og navn står i "
           "municipalities/register/kommuner.csv). Er det ikke en kommunefil, slett den.")
# Characters a kommune or fylke name in the register may never have: controls, invisible characters, and what would
# end an HTML attribute or start an element where the name is printed.
_BAD_NAME = re.compile("[\x00-\x1f\x7f-\x9f\"<>&\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\uffff]")


def plain_file_problem(path: Path, display: str) -> Problem | None:
    """Why `path` is not a regular file that can be read, without opening or following it; None when it is one."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return Problem(display, 1, 1, "", "Filen finnes ikke.", "Sjekk navnet og mappen.")
    except OSError as err:
        return Problem(display, 1, 1, "", f"Filen kan ikke leses ({err.strerror}).", "Sjekk at filen finnes og kan leses.")
    if stat.S_ISLNK(info.st_mode):
        return Problem(display, 1, 1, "", "Dette er en snarvei (symbolsk lenke), ikke en fil. Den blir ikke fulgt.",
                       "Legg selve filen her i stedet for snarveien.")
    if stat.S_ISDIR(info.st_mode):
        return Problem(display, 1, 1, "", "Dette er en mappe, men den har navnet til en fil.",
                       "Gi mappen et annet navn, eller slett den. Kommunefiler er vanlige filer.")
    if not stat.S_ISREG(info.st_mode):
        return Problem(display, 1, 1, "", "Dette er ikke en vanlig fil (men for eksempel en rørledning eller en enhet).",
                       "Slett den, og legg en vanlig tekstfil her.")
    return None


def _suggestion(name: str, is_dir: bool, inside: str) -> str:
    if is_dir:
        return ("Filer i undermapper blir ikke lest. Flytt kommunefiler rett inn i municipalities/ (felles tilbud i "
                "municipalities/interkommunale/), og slett mappen.")
    stem = name
    for ending in (".yml", ".yaml.txt", ".yml.txt", ".txt", ".YAML", ".YML", ".Yaml"):
        if name.endswith(ending):
            stem = name[: -len(ending)]
            break
    if stem != name and (KOMMUNE_NAME.fullmatch(stem + ".yaml") or inside == SHARED_DIR):
        return f"Filen blir ikke lest. Gi den navnet {stem}.yaml."
    if inside == SHARED_DIR:
        return ("Et felles tilbud heter et kort navn med små bokstaver a–z, tall og bindestrek, og slutter på .yaml, "
                "for eksempel legevakt-hallingdal.yaml.")
    return "Filen blir ikke lest. " + _NAMING


@dataclass
class DataFolder:
    kommune_files: list[Path] = field(default_factory=list)
    shared_files: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def scan(root: Path, display_of) -> DataFolder:  # noqa: ANN001 (display_of: Path -> str)
    """Every entry of municipalities/ and its known subfolders: kommune and shared-service files that are regular
    files, and a problem for everything else."""
    found = DataFolder()

    def unknown(path: Path, is_dir: bool, inside: str) -> None:
        what = "mappe" if is_dir else "fil"
        where = "municipalities/" + (f"{inside}/" if inside else "")
        found.problems.append(Problem(display_of(path), 1, 1, "", f"Ukjent {what} i {where}: {show_value(path.name)}.",
                                      _suggestion(path.name, is_dir, inside)))

    def plain(path: Path) -> bool:
        problem = plain_file_problem(path, display_of(path))
        if problem:
            found.problems.append(problem)
        return problem is None

    for entry in sorted(os.scandir(root), key=lambda e: e.name):
        path = root / entry.name
        is_dir = entry.is_dir(follow_symlinks=False)
        if entry.name in (SHARED_DIR, REGISTER_DIR) and is_dir:
            for inner in sorted(os.scandir(path), key=lambda e: e.name):
                inner_path = path / inner.name
                inner_dir = inner.is_dir(follow_symlinks=False)
                if entry.name == SHARED_DIR and SHARED_NAME.fullmatch(inner.name):
                    if plain(inner_path):
                        found.shared_files.append(inner_path)
                elif entry.name == REGISTER_DIR and inner.name in REGISTER_FILES:
                    plain(inner_path)
                else:
                    unknown(inner_path, inner_dir, entry.name)
        elif entry.name in (SHARED_DIR, REGISTER_DIR):  # a link or a file where the folder should be
            found.problems.append(Problem(display_of(path), 1, 1, "", "Dette skal være en vanlig mappe, men er det ikke "
                                          "(for eksempel en snarvei). Den blir ikke lest.",
                                          "Legg selve mappen med filene her i stedet."))
        elif entry.name == NATIONAL_FILE or entry.name in SCHEMA_FILES:
            plain(path)
        elif KOMMUNE_NAME.fullmatch(entry.name):
            if plain(path):
                found.kommune_files.append(path)
        else:
            unknown(path, is_dir, "")
    return found


REGISTER_COLUMNS = ["kommunenummer", "navn", "fylkesnummer", "fylkesnavn", "samisk_navn", "samisk_forvaltningsomrade"]


def register_problems(path: Path, display: str) -> tuple[list[Problem], bool]:
    """The register's rows checked: (problems, whether it can be used at all)."""
    problem = plain_file_problem(path, display)
    if problem:
        return [problem], False
    with path.open("rb") as fh:
        raw = fh.read(MAX_FILE_BYTES + 1)
    text, problems = decode(raw, display)
    if text is None:
        return problems, False
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, [])
    if header != REGISTER_COLUMNS:
        return [Problem(display, 1, 1, "", "Første linje i kommuneregisteret har ikke de riktige kolonnene.",
                        f"Første linje skal være: {','.join(REGISTER_COLUMNS)}", show_value(",".join(header)))], False
    seen: dict[str, int] = {}
    out: list[Problem] = []
    for row in reader:
        line = reader.line_num
        if len(row) != len(REGISTER_COLUMNS):
            out.append(Problem(display, line, 1, "", f"Linjen har {len(row)} kolonner, ikke {len(REGISTER_COLUMNS)}.",
                               "Sjekk kommaene; et navn med komma står i anførselstegn."))
            continue
        number, name, county, county_name, sami, area = row
        if not re.fullmatch(r"[0-9]{4}", number):
            out.append(Problem(display, line, 1, "kommunenummer", "Kommunenummeret skal ha fire sifre.",
                               "Rett nummeret etter SSBs kommuneliste.", show_value(number)))
        elif number in seen:
            out.append(Problem(display, line, 1, "kommunenummer", f"Nummeret står også på linje {seen[number]}.",
                               "Hver kommune skal stå én gang.", show_value(number)))
        seen.setdefault(number, line)
        if not re.fullmatch(r"[0-9]{2}", county):
            out.append(Problem(display, line, 1, "fylkesnummer", "Fylkesnummeret skal ha to sifre.",
                               "Rett nummeret etter SSBs fylkesliste.", show_value(county)))
        for column, value in (("navn", name), ("fylkesnavn", county_name), ("samisk_navn", sami)):
            bad = _BAD_NAME.search(value)
            if bad or (column != "samisk_navn" and not value.strip()):
                what = f"et tegn som ikke hører hjemme i et navn (U+{ord(bad.group()):04X})" if bad else "ingen tekst"
                out.append(Problem(display, line, 1, column, f"Navnet har {what}.",
                                   "Skriv navnet slik SSB og Kartverket skriver det.", show_value(value)))
        if area not in ("true", "false"):
            out.append(Problem(display, line, 1, "samisk_forvaltningsomrade", "Verdien skal være true eller false.",
                               "Skriv true eller false.", show_value(area)))
    return out, not out
