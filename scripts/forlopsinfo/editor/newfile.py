"""`forlopsinfo new <kommunenummer>`: start a kommune file from the commented template, for a kommune in the
register. The file starts as example data (`eksempel: true`), so nothing invented is ever shown as real.
`--nynorsk` starts from the nynorsk template (comments and examples in nynorsk, `målform: nynorsk`); the two
templates have the same fields and contact values (tests/editor/test_editor.py checks it)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from forlopsinfo.validate.dataset import KOMMUNE_MODELINE
from forlopsinfo.project import Project
from forlopsinfo.load.register import Kommune, Register, slugify
from forlopsinfo.layout import register_path

TEMPLATE = "kommune-mal.yaml"
TEMPLATE_NN = "kommune-mal-nn.yaml"
_NUMBER_LINE = re.compile(r'^kommunenummer: "[0-9]{4}"', re.MULTILINE)
_FORM_LINE = re.compile(r"^målform: bokmål", re.MULTILINE)
_CHECKED_LINE = re.compile(r"^sist_kontrollert: [0-9-]+", re.MULTILINE)
# The template's "how to use" block: its first step (copy the file) is what `new` just did.
_HOWTO = re.compile(r"^# Slik bruk(?:er|ar) du malen:\n(?:#.*\n)*?#\n", re.MULTILINE)
_TITLE = re.compile(r"^# MAL FOR KOMMUNEFIL — forløpsinfo.*$", re.MULTILINE)


class NewFileError(Exception):
    """A Norwegian message for the editor; nothing was written."""


def find_kommune(register: Register, wanted: str) -> Kommune:
    wanted = wanted.strip()
    if wanted in register.by_number:
        return register.by_number[wanted]
    by_slug = [k for k in register.kommuner if slugify(k.name) == slugify(wanted)]
    if len(by_slug) == 1:
        return by_slug[0]
    if re.fullmatch(r"[0-9]{1,3}", wanted) and wanted.zfill(4) in register.by_number:
        hint = f" Mente du «{wanted.zfill(4)}» ({register.by_number[wanted.zfill(4)].name})? Kommunenummer har fire sifre."
    else:
        hint = ""
    raise NewFileError(
        f"Fant ingen kommune «{wanted}» i kommuneregisteret.{hint} "
        "Se municipalities/register/kommuner.csv for alle kommunenummer."
    )


def new_file_text(template: str, kommune: Kommune, *, nynorsk: bool, today: dt.date) -> str:
    if not template.startswith(KOMMUNE_MODELINE) or not _NUMBER_LINE.search(template):
        raise NewFileError(f"Malen templates/{TEMPLATE} har ikke forventet form (første linje og kommunenummer).")
    text = _NUMBER_LINE.sub(f'kommunenummer: "{kommune.number}"', template, count=1)
    text = _CHECKED_LINE.sub(f"sist_kontrollert: {today.isoformat()}", text, count=1)
    if nynorsk:
        text = _FORM_LINE.sub("målform: nynorsk", text, count=1)  # already so in the nynorsk template
        intro = (f"# Fil for {kommune.name} (kommunenummer {kommune.number}), laga med «forlopsinfo new».\n"
                 "# Byt ut alle døma med opplysningane til kommunen. Fjern lina «eksempel: true» først\n"
                 "# når alt er ekte og kontrollert. Til då viser sida eit tydeleg varsel om eksempeldata.\n#\n")
    else:
        intro = (f"# Fil for {kommune.name} (kommunenummer {kommune.number}), laget med «forlopsinfo new».\n"
                 "# Bytt ut alle eksempelverdiene med kommunens egne opplysninger. Fjern linjen «eksempel: true»\n"
                 "# først når alt er ekte og kontrollert. Til da viser siden et tydelig varsel om eksempeldata.\n#\n")
    text = _HOWTO.sub(lambda _: intro, text, count=1)
    return _TITLE.sub(lambda _: f"# KOMMUNEFIL FOR {kommune.name.upper()} — forløpsinfo", text, count=1)


def create(project: Project, wanted: str, *, nynorsk: bool = False, today: dt.date | None = None) -> Path:
    register = Register.load(register_path(project.municipalities))
    kommune = find_kommune(register, wanted)
    target = project.municipalities / f"{kommune.slug}.yaml"
    if target.exists():
        raise NewFileError(f"Filen finnes allerede: municipalities/{target.name}. Rediger den i stedet. Ingenting er endret.")
    for other in sorted(project.municipalities.glob(f"{kommune.number}-*.yaml")):
        raise NewFileError(
            f"Kommune {kommune.number} har allerede en fil: municipalities/{other.name}. "
            "En kommune skal ha nøyaktig én fil. Ingenting er endret."
        )
    template = (project.templates / (TEMPLATE_NN if nynorsk else TEMPLATE)).read_text("utf-8")
    text = new_file_text(template, kommune, nynorsk=nynorsk, today=today or dt.date.today())
    with target.open("x", encoding="utf-8") as fh:  # "x": never overwrite, even in a race
        fh.write(text)
    return target
