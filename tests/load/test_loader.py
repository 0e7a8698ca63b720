"""Table tests for strict loading and validation. The Norwegian messages are the contract with kommune editors:
each case asserts the exact line an editor would read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, copy_project
from forlopsinfo.validate.dataset import load_dataset

# A minimal valid kommune file (Bergen). Cases replace one line (or add lines) to break it.
VALID = """\
# yaml-language-server: $schema=schema.json
kommunenummer: "4601"
målform: bokmål
sist_kontrollert: 2026-11-20
vedlikeholdere:
  - "@ola"
meld_feil_til:
  epost: post@bergen.kommune.no
koordinerende_enhet:
  navn: Koordinerende enhet
  telefon: "55 00 00 00"
  telefontid:
    - dager: [mandag, fredag]
      fra: "09:00"
      til: "14:00"
  epost: ke@bergen.kommune.no
  sikker_melding: https://bergen.kommune.no/melding
"""

F = "municipalities/4601-bergen.yaml"

CASES = [
    (
        "duplicate key",
        VALID.replace("målform: bokmål\n", "målform: bokmål\nmålform: nynorsk\n"),
        f"{F}:4:1: målform: Feltet står to ganger i samme del av filen (første gang på linje 3). — "
        "Slå dem sammen til ett felt, så ingen opplysning går tapt. Er det to ulike punkter i en liste, mangler det "
        "«- » foran det andre.",
    ),
    (
        "yaml 1.1 boolean no",
        VALID + "eksempel: no\n",
        f"{F}:18:11: eksempel: Verdien kan leses som ja/nei av noen YAML-verktøy og som tekst av andre. (fant: «no») — "
        'Mener du ja eller nei, skriv true eller false. Mener du teksten, sett den i anførselstegn: "no".',
    ),
    (
        "yaml 1.1 boolean yes",
        VALID + "eksempel: yes\n",
        f"{F}:18:11: eksempel: Verdien kan leses som ja/nei av noen YAML-verktøy og som tekst av andre. (fant: «yes») — "
        'Mener du ja eller nei, skriv true eller false. Mener du teksten, sett den i anførselstegn: "yes".',
    ),
    (
        "unquoted number with leading zero",
        VALID.replace('kommunenummer: "4601"', "kommunenummer: 0301"),
        f"{F}:2:16: kommunenummer: Et tall som begynner med 0 blir forvandlet av YAML (0301 kan bli 301 eller 193). "
        '(fant: «0301») — Sett verdien i anførselstegn: "0301".',
    ),
    (
        "unquoted time",
        VALID.replace('fra: "09:00"', "fra: 12:30").replace('til: "14:00"', 'til: "15:00"'),
        f"{F}:14:12: koordinerende_enhet.telefontid[1].fra: Et klokkeslett uten anførselstegn kan bli lest som et tall "
        '(12:30 blir 750). (fant: «12:30») — Sett klokkeslettet i anførselstegn: "12:30".',
    ),
    (
        "unknown key with a suggestion",
        VALID.replace('  telefon: "55', '  telefn: "55'),
        f"{F}:11:3: koordinerende_enhet.telefn: Ukjent felt. (fant: «telefn») — Mente du «telefon»? Rett stavemåten.",
    ),
    (
        "unknown key without a suggestion",
        VALID + "farge: blå\n",
        f"{F}:18:1: farge: Ukjent felt. (fant: «farge») — Slett feltet eller flytt det dit det hører hjemme. "
        "Tillatte felt her: kommunenummer, målform, eksempel, sist_kontrollert, vedlikeholdere, meld_feil_til, "
        "tilgjengelighetserklæring, samisk, koordinerende_enhet, forløpskoordinering, koordinator_og_individuell_plan, "
        "barnekoordinator, spesialisthelsetjenesten, tjenester, interkommunale_tjenester.",
    ),
    (
        "wrong type: text where a list belongs",
        VALID.replace('vedlikeholdere:\n  - "@ola"\n', 'vedlikeholdere: "@ola"\n'),
        f"{F}:5:17: vedlikeholdere: Verdien skal være en liste. (fant: «@ola») — "
        "Skriv hvert punkt på en egen linje som begynner med «- » (to mellomrom innrykk).",
    ),
    (
        "wrong type: number where text belongs",
        VALID.replace('telefon: "55 00 00 00"', "telefon: 55000000"),
        f'{F}:11:12: koordinerende_enhet.telefon: Verdien skal være tekst. (fant: «55000000») — '
        'Sett verdien i anførselstegn: "55000000".',
    ),
    (
        "choice with wrong capitals",
        VALID.replace("målform: bokmål", "målform: Bokmål"),
        f"{F}:3:10: målform: Verdien er ikke en av de tillatte. (fant: «Bokmål») — Skriv den nøyaktig slik: bokmål.",
    ),
    (
        "missing required field",
        VALID.replace('  telefon: "55 00 00 00"\n', ""),
        f"{F}:9:1: koordinerende_enhet.telefon: Feltet «telefon» mangler. — "
        "Legg til «telefon:» med en verdi. Se hvordan i templates/kommune-mal.yaml.",
    ),
    (
        "bad phone number",
        VALID.replace('telefon: "55 00 00 00"', 'telefon: "123"'),
        f"{F}:11:12: koordinerende_enhet.telefon: Dette er ikke et gyldig telefonnummer. (fant: «123») — "
        'Skriv nummeret med åtte sifre i anførselstegn, for eksempel "22 40 00 40" eller "+47 22 40 00 40".',
    ),
    (
        "bad e-mail",
        VALID.replace("epost: ke@bergen.kommune.no", "epost: ke(at)bergen"),
        f"{F}:16:10: koordinerende_enhet.epost: Dette er ikke en gyldig e-postadresse. (fant: «ke(at)bergen») — "
        "Skriv adressen slik: navn@kommune.kommune.no (uten «mailto:» og uten mellomrom).",
    ),
    (
        "javascript: URL",
        VALID.replace("sikker_melding: https://bergen.kommune.no/melding", "sikker_melding: javascript:alert(1)"),
        f"{F}:17:19: koordinerende_enhet.sikker_melding: Bare nettadresser som begynner med https:// (eller http://) "
        "er tillatt her. (fant: «javascript:alert(1)») — Kopier adressen fra adressefeltet i nettleseren, så den "
        "begynner med https://.",
    ),
    (
        "unknown kommunenummer",
        VALID.replace('kommunenummer: "4601"', 'kommunenummer: "4699"'),
        f"{F}:2:16: kommunenummer: Kommunenummeret finnes ikke i kommuneregisteret. (fant: «4699») — "
        "Finn riktig nummer i municipalities/register/kommuner.csv (fire sifre, i anførselstegn).",
    ),
    (
        "file name does not match the kommune",
        VALID.replace('kommunenummer: "4601"', 'kommunenummer: "0301"'),
        f"{F}:2:16: kommunenummer: Filnavnet 4601-bergen.yaml passer ikke med kommunenummeret 0301 (Oslo). "
        "(fant: «0301») — Rett kommunenummeret hvis det er feil. Er nummeret riktig, gi filen navnet "
        "municipalities/0301-oslo.yaml.",
    ),
    (
        "dangling interkommunal reference",
        VALID + "interkommunale_tjenester:\n  - legevakt-bergen\n",
        f"{F}:19:5: interkommunale_tjenester[1]: Finner ingen interkommunal tjeneste med dette navnet. "
        "(fant: «legevakt-bergen») — Navnet er filnavnet i municipalities/interkommunale/ uten .yaml. "
        "Tilgjengelige: samtaletilbod-unge-orsta-volda.",
    ),
    (
        "shared service that does not list the kommune",
        VALID + "interkommunale_tjenester:\n  - samtaletilbod-unge-orsta-volda\n",
        f"{F}:19:5: interkommunale_tjenester[1]: Tjenesten gjelder ikke for kommune 4601 ifølge "
        "municipalities/interkommunale/samtaletilbod-unge-orsta-volda.yaml. (fant: «samtaletilbod-unge-orsta-volda») — "
        'Legg til "4601" under «kommuner» i municipalities/interkommunale/samtaletilbod-unge-orsta-volda.yaml, '
        "eller fjern henvisningen.",
    ),
    (
        "anchors and aliases",
        VALID.replace("    - dager: [mandag, fredag]", "    - dager: &d [mandag, fredag]")
        + "åpningstider_kopi: *d\n",
        None,  # checked separately below: the alias is reported, whatever else is
    ),
    (
        "tab in indentation",
        VALID.replace("  navn: Koordinerende enhet", "\tnavn: Koordinerende enhet"),
        f"{F}:10:1: (hele filen): Filen kan ikke leses som YAML: Det står et tabulatortegn (Tab) i filen. — "
        "Bruk mellomrom i stedet for Tab.",
    ),
    (
        "hidden bidi control character",
        VALID.replace("navn: Koordinerende enhet", "navn: Koordinerende \u202eenhet"),
        f"{F}:10:9: koordinerende_enhet.navn: Teksten inneholder et usynlig styringstegn (U+202E). — "
        "Skriv teksten på nytt for hånd i stedet for å lime den inn, eller slett tegnet.",
    ),
    (
        "missing schema modeline",
        VALID.replace("# yaml-language-server: $schema=schema.json\n", "# Bergen\n"),
        f"{F}:1:1: (hele filen): Første linje skal koble filen til skjemaet, slik at redigeringsprogrammet kan hjelpe "
        "deg. (fant: «# Bergen») — Sett inn denne linjen øverst: # yaml-language-server: $schema=schema.json",
    ),
    (
        "date in the future",
        VALID.replace("sist_kontrollert: 2026-11-20", "sist_kontrollert: 2027-01-01"),
        f"{F}:4:19: sist_kontrollert: Datoen er frem i tid. (fant: «2027-01-01») — "
        "Skriv datoen da noen faktisk sjekket opplysningene.",
    ),
]


SERVICES = """\
tjenester:
  - navn: Psykisk helse- og rustjenesten
    kategori: psykisk-helse-og-rustjeneste
    beskrivelse: Samtaler for voksne.
    krever_henvisning: false
  - navn: Frisklivssentralen
    kategori: frisklivssentral
    beskrivelse: Trening og kurs.
    krever_henvisning: false
"""

# The slips of issue 20: each message names the line the editor got wrong, says why, and never advises deleting data.
SLIPS = [
    (
        "forgotten closing quote",
        VALID.replace("  navn: Koordinerende enhet", '  navn: "Koordinerende enhet'),
        f'{F}:10:9: (hele filen): Filen kan ikke leses som YAML: Anførselstegnet (") som begynner teksten her, er ikke '
        'lukket. — Sett et " også på slutten av teksten på denne linjen. Teksten kan ikke gå over flere linjer.',
    ),
    (
        "forgotten closing quote at the end of the file",
        VALID.replace("sikker_melding: https://bergen.kommune.no/melding", "sikker_melding: 'https://bergen.kommune.no"),
        f"{F}:17:19: (hele filen): Filen kan ikke leses som YAML: Anførselstegnet (') som begynner teksten her, er ikke "
        "lukket. — Sett et ' også på slutten av teksten på denne linjen. Teksten kan ikke gå over flere linjer.",
    ),
    (
        "no space after the colon",
        VALID.replace('  telefon: "55 00 00 00"', '  telefon:"55 00 00 00"'),
        f"{F}:11:10: (hele filen): Filen kan ikke leses som YAML: Det mangler et mellomrom etter kolonet i «telefon:». — "
        "Skriv et mellomrom mellom kolonet og verdien: «telefon: …».",
    ),
    (
        "service pasted without its dash",
        VALID + SERVICES.replace("  - navn: Frisklivssentralen", "    navn: Frisklivssentralen"),
        f"{F}:23:5: tjenester[1]: Her begynner trolig et nytt punkt i listen, men linjen mangler «- » foran «navn:». "
        "Derfor står feltene to ganger i samme punkt (første gang fra linje 19). — Skriv «- » foran «navn:», rett "
        "under «- » i punktet over. Ikke slett noe.",
    ),
    (
        "service pasted without its dash, at the dash's indentation",
        VALID + SERVICES.replace("  - navn: Frisklivssentralen", "  navn: Frisklivssentralen"),
        f"{F}:23:3: (hele filen): Filen kan ikke leses som YAML: Et nytt punkt i listen mangler «- » foran seg. — "
        "Begynn linjen med «- » på samme innrykk som «- » i punktet over. Ikke slett noe.",
    ),
    (
        "wrapped line",
        VALID + SERVICES.replace("    beskrivelse: Samtaler for voksne.", "    beskrivelse: Samtaler for\nvoksne."),
        f"{F}:22:1: (hele filen): Filen kan ikke leses som YAML: Linjen ser ut som fortsettelsen av teksten på linje 21, "
        "men den mangler innrykk. — Flytt teksten opp på slutten av linje 21, så teksten står på én linje.",
    ),
    (
        "# inside an unquoted text",
        VALID + SERVICES.replace("Trening og kurs.", "Ring oss #2 for kurs."),
        f"{F}:25:18: tjenester[2].beskrivelse: Teksten stopper foran « #», fordi # etter et mellomrom begynner en "
        "kommentar. Resten av linjen kommer ikke med på siden. (fant: «Ring oss #2 for kurs.») — Sett hele teksten i "
        'anførselstegn, fra første ord til slutten av linjen: "… #…". Er det ment som en kommentar, sett to mellomrom '
        "foran #.",
    ),
]
CASES += SLIPS


def test_a_comment_two_spaces_after_a_text_is_a_comment(root: Path) -> None:
    assert check(root, VALID.replace("  navn: Koordinerende enhet", "  navn: Koordinerende enhet  # navnet")) == []


def test_a_field_really_written_twice_in_a_service_is_not_taken_for_a_missing_dash(root: Path) -> None:
    text = VALID + SERVICES.replace("    beskrivelse: Trening og kurs.\n", "    beskrivelse: Trening og kurs.\n"
                                                                         "    beskrivelse: Og mer.\n")
    assert [m.split(": ", 2)[2] for m in check(root, text)] == [
        "Feltet står to ganger i samme del av filen (første gang på linje 25). — Slå dem sammen til ett felt, så "
        "ingen opplysning går tapt. Er det to ulike punkter i en liste, mangler det «- » foran det andre."
    ]


def check(root: Path, text: str | bytes) -> list[str]:
    path = root / F
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    _, problems = load_dataset(root / "municipalities", root, only=[path], today=TODAY)
    return [p.format() for p in problems]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("loader"))


def test_valid_file_has_no_problems(root: Path) -> None:
    assert check(root, VALID) == []


@pytest.mark.parametrize("name,text,expected", [c for c in CASES if c[2]], ids=[c[0] for c in CASES if c[2]])
def test_message(root: Path, name: str, text: str, expected: str) -> None:
    assert check(root, text) == [expected]


def test_alias_is_rejected(root: Path) -> None:
    text = next(c[1] for c in CASES if c[0] == "anchors and aliases")
    messages = check(root, text)
    assert f"{F}:18:1: åpningstider_kopi: Ankere og alias (& og *) er ikke tillatt. — " \
           "Skriv verdien helt ut på hvert sted den skal stå." in messages


def test_all_problems_are_reported_at_once(root: Path) -> None:
    broken = (
        VALID.replace('kommunenummer: "4601"', "kommunenummer: 0301")
        .replace('telefon: "55 00 00 00"', 'telefon: "1"')
        .replace("epost: ke@bergen.kommune.no", "epost: nei")
        + "farge: blå\n"
    )
    messages = check(root, broken)
    assert len(messages) == 4
    assert [m.split(":")[1] for m in messages] == ["2", "11", "16", "18"]  # sorted by line


def test_not_utf8(root: Path) -> None:
    text = VALID.replace("Koordinerende enhet", "Koordinerende enhet på Ø").encode("latin-1")
    assert check(root, text) == [
        f"{F}:3:2: (hele filen): Filen er ikke lagret som UTF-8, så æ, ø og å blir feil. (fant: byte 0xe5) — "
        "Lagre filen med tegnkoding UTF-8 (i de fleste redigeringsprogram: «Lagre som» → «UTF-8»)."
    ]


def test_too_large_file_is_refused_before_parsing(root: Path) -> None:
    messages = check(root, VALID + "# " + "x" * 300_000 + "\n")
    assert len(messages) == 1 and "Filen er for stor (293 KB; grensen er 256 KB)." in messages[0]


def test_alias_bomb_is_cheap_and_rejected(root: Path) -> None:
    bomb = VALID + 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i in range(1, 12):
        bomb += f"b{i}: &b{i} [" + ",".join([f"*{'a' if i == 1 else 'b' + str(i - 1)}"] * 9) + "]\n"
    messages = check(root, bomb)
    assert any("Ankere og alias" in m for m in messages)


def test_every_shipped_file_is_valid() -> None:
    data, problems = load_dataset(ROOT / "municipalities", ROOT, today=TODAY)
    assert [p.format() for p in problems] == []
    assert len(data.kommuner) >= 3 and data.national is not None


@pytest.mark.parametrize("name", ["kommune-mal.yaml", "kommune-mal-nn.yaml"])
def test_template_file_validates(root: Path, name: str) -> None:
    template = (ROOT / "templates" / name).read_text(encoding="utf-8")
    path = root / "municipalities" / "0301-oslo.yaml"
    path.write_text(template, encoding="utf-8")
    _, problems = load_dataset(root / "municipalities", root, only=[path], today=TODAY)
    assert [p.format() for p in problems] == []
    path.unlink()


def test_parallel_and_serial_checking_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Many files are checked in worker processes; the result must be the same as checking them one by one."""
    from forlopsinfo.validate import dataset
    from forlopsinfo.measure.synthetic import write_synthetic

    root = copy_project(tmp_path)
    write_synthetic(root / "municipalities", count=80)
    broken = root / "municipalities" / "0301-oslo.yaml"
    broken.write_text(re.sub(r"målform: \w+", "målform: svensk", broken.read_text("utf-8"), count=1), "utf-8")
    monkeypatch.setattr(dataset, "PARALLEL_FROM", 10**9)
    serial = load_dataset(root / "municipalities", root, today=TODAY)
    monkeypatch.setattr(dataset, "PARALLEL_FROM", 2)
    parallel = load_dataset(root / "municipalities", root, today=TODAY)
    assert [p.format() for p in parallel[1]] == [p.format() for p in serial[1]]
    assert len(serial[1]) >= 1 and len(parallel[0].kommuner) == len(serial[0].kommuner) > 70
    assert parallel[0].kommuner["1103"].data == serial[0].kommuner["1103"].data


def test_a_service_may_give_a_national_short_number(root: Path) -> None:
    """A legevakt answers on 116 117: a service may give it. The kommune's own contact point may not."""
    from forlopsinfo.generate.render import tel_link
    from forlopsinfo.validate.fieldtypes import format_phone

    text = VALID + SERVICES.replace("    krever_henvisning: false\n  - navn", '    krever_henvisning: false\n    telefon: "116 117"\n  - navn')
    assert check(root, text) == []
    assert check(root, VALID.replace('telefon: "55 00 00 00"', 'telefon: "116 117"')) == [
        f"{F}:11:12: koordinerende_enhet.telefon: Dette er ikke et gyldig telefonnummer. (fant: «116 117») — "
        'Skriv nummeret med åtte sifre i anførselstegn, for eksempel "22 40 00 40" eller "+47 22 40 00 40".'
    ]
    assert [m.split(" — ")[0].split(": ", 2)[2] for m in check(root, text.replace('"116 117"', '"116 006"'))] == [
        "Dette er ikke et gyldig telefonnummer. (fant: «116 006»)"]
    from forlopsinfo.validate.model import Service

    stored = Service.model_validate({"navn": "Legevakt", "kategori": "legevakt", "beskrivelse": "Ring.",
                                     "krever_henvisning": False, "telefon": "116 117"}).phone
    assert (stored, format_phone(stored), str(tel_link(stored))) == ("116117", "116 117", "tel:116117")
