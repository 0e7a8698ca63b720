"""Hostile and broken input (issue 16): every case ends in a Norwegian message with file and line, with no traceback,
no hang and nothing read that is not a kommune file. The messages are the contract: each case names the words an
editor must see."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, TODAY, copy_project, run_cli

ORSTA = "municipalities/1520-orsta.yaml"
NAVN_LINE = next(i for i, line in enumerate((ROOT / ORSTA).read_text("utf-8").splitlines(), 1)
                 if line == "  navn: Tildelingskontoret")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The shipped data, with Ørsta's messages in bokmål: these tests are about hostile input, not about målform
    (tests/load/test_nynorsk.py is)."""
    root = copy_project(tmp_path / "proj")
    path = root / ORSTA
    path.write_text(path.read_text("utf-8").replace("målform: nynorsk\n", "målform: bokmål\n", 1), "utf-8")
    return root


def problems_for(root: Path) -> list[str]:
    from forlopsinfo.validate.dataset import load_dataset

    _, problems = load_dataset(root / "municipalities", root, today=TODAY, languages=("nb", "nn"))
    return [p.format() for p in problems]


def replace_in_orsta(root: Path, old: str, new: str) -> None:
    path = root / ORSTA
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def append_to_orsta(root: Path, text: str) -> None:
    path = root / ORSTA
    path.write_text(path.read_text("utf-8") + text, "utf-8")


# --- 1. small files that used to give a traceback ------------------------------------------------------------------

NAVN = "  navn: Tildelingskontoret\n"
TRACEBACK_CASES = {
    "integer of 5,000 digits": (lambda r: append_to_orsta(r, "ekstra: " + "1" * 5000 + "\n"), ":", "Tallet har for mange sifre (5000)."),
    "integer of 5,000 digits as a key": (lambda r: append_to_orsta(r, "1" * 5000 + ": x\n"), ":", "Filen kan ikke leses som YAML"),
    "float of 5,000 digits": (lambda r: append_to_orsta(r, "ekstra: " + "1" * 5000 + ".5\n"), ":", "Tallet har for mange sifre (5002)."),
    "500 levels of [": (lambda r: append_to_orsta(r, "ekstra: " + "[" * 500 + "]" * 500 + "\n"), ":", "for mange nivåer inne i hverandre (mer enn 50)"),
    "500 levels of block mappings": (lambda r: append_to_orsta(r, "".join(" " * i + f"n{i}:\n" for i in range(500))), ":", "for mange nivåer"),
    "a NUL byte": (lambda r: replace_in_orsta(r, NAVN, "  navn: Tildelings\x00kontoret\n"), f":{NAVN_LINE}:", "et tegn som ikke er tillatt (U+0000)"),
    "a bad surrogate escape": (lambda r: replace_in_orsta(r, NAVN, '  navn: "\\ud800"\n'), f":{NAVN_LINE}:", "er ikke et tegn"),
    "a %TAG directive": (lambda r: (r / ORSTA).write_text("%TAG !e! tag:example.com,2000:\n---\n" + (r / ORSTA).read_text("utf-8"), "utf-8"), ":1:1:", "YAML-direktiver"),
    "a %YAML directive": (lambda r: (r / ORSTA).write_text("%YAML 1.1\n---\n" + (r / ORSTA).read_text("utf-8"), "utf-8"), ":1:1:", "YAML-direktiver"),
    "CR-only line endings": (lambda r: (r / ORSTA).write_text((r / ORSTA).read_text("utf-8").replace("\n", "\r"), "utf-8"), ":1:1:", "bare vognretur (CR)"),
}


@pytest.mark.parametrize("case", sorted(TRACEBACK_CASES))
def test_small_hostile_files_give_a_norwegian_message(project: Path, case: str) -> None:
    setup, where, message = TRACEBACK_CASES[case]
    setup(project)
    found = problems_for(project)
    assert any(f.startswith(ORSTA + where) and message in f for f in found), found


def test_100000_levels_of_nesting_are_refused_before_the_parser_recurses(project: Path) -> None:
    """100,000 levels (200 KB, under the size limit) crashed the process with a segmentation fault and no output."""
    append_to_orsta(project, "ekstra: " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run_cli(project, "validate", ORSTA)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert f"{ORSTA}:" in result.stderr and "for mange nivåer inne i hverandre" in result.stderr


# --- 2. things in municipalities/ that are not plain files ---------------------------------------------------------


def _fifo(root: Path, name: str) -> None:
    os.mkfifo(root / "municipalities" / name)


NOT_PLAIN_CASES = {
    "a folder with a kommune file's name": (lambda r: (r / "municipalities" / "4601-bergen.yaml").mkdir(),
                                            "municipalities/4601-bergen.yaml:1:1", "Dette er en mappe"),
    "a folder in interkommunale/": (lambda r: (r / "municipalities" / "interkommunale" / "legevakt.yaml").mkdir(),
                                    "municipalities/interkommunale/legevakt.yaml:1:1", "Dette er en mappe"),
    "a broken symbolic link": (lambda r: (r / "municipalities" / "4601-bergen.yaml").symlink_to("finnes-ikke.yaml"),
                               "municipalities/4601-bergen.yaml:1:1", "snarvei (symbolsk lenke)"),
    "a link to /dev/zero": (lambda r: (r / "municipalities" / "4601-bergen.yaml").symlink_to("/dev/zero"),
                            "municipalities/4601-bergen.yaml:1:1", "snarvei (symbolsk lenke)"),
    "a link to another kommune's file": (lambda r: (r / "municipalities" / "4601-bergen.yaml").symlink_to("1520-orsta.yaml"),
                                         "municipalities/4601-bergen.yaml:1:1", "snarvei (symbolsk lenke)"),
    "a link to a file outside the project": (lambda r: (r / "municipalities" / "4601-bergen.yaml").symlink_to("/etc/hostname"),
                                             "municipalities/4601-bergen.yaml:1:1", "snarvei (symbolsk lenke)"),
    "a named pipe": (lambda r: _fifo(r, "4601-bergen.yaml"), "municipalities/4601-bergen.yaml:1:1", "ikke en vanlig fil"),
    "a link in place of interkommunale/": (lambda r: ((r / "municipalities" / "interkommunale").rename(r / "delt"),
                                                     (r / "municipalities" / "interkommunale").symlink_to(r / "delt")),
                                           "municipalities/interkommunale:1:1", "skal være en vanlig mappe"),
    "a link as the national file": (lambda r: ((r / "municipalities" / "nasjonalt.yaml").rename(r / "nasjonalt.yaml"),
                                               (r / "municipalities" / "nasjonalt.yaml").symlink_to(r / "nasjonalt.yaml")),
                                    "municipalities/nasjonalt.yaml:1:1", "snarvei (symbolsk lenke)"),
}


@pytest.mark.parametrize("case", sorted(NOT_PLAIN_CASES))
def test_what_is_not_a_plain_file_is_refused_by_name_without_reading_it(project: Path, case: str) -> None:
    setup, where, message = NOT_PLAIN_CASES[case]
    setup(project)
    result = subprocess.run([sys.executable, "-m", "forlopsinfo.cli", "validate"], cwd=project, capture_output=True,
                            text=True, timeout=60)  # a pipe once hung for ever
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert any(line.startswith(where) and message in line for line in result.stderr.splitlines()), result.stderr
    assert "localhost" not in result.stderr and os.uname().nodename not in result.stderr  # /etc/hostname not echoed


def test_a_named_link_is_refused_when_validated_by_name(project: Path) -> None:
    (project / "municipalities" / "4601-bergen.yaml").symlink_to("1520-orsta.yaml")
    result = run_cli(project, "validate", "municipalities/4601-bergen.yaml")
    assert result.returncode == 1
    assert "municipalities/4601-bergen.yaml:1:1: (hele filen): Dette er en snarvei" in result.stderr
    assert "1520-orsta" not in result.stderr  # not checked as the file it points at


def test_an_unreadable_file_is_a_message() -> None:
    from forlopsinfo.load.yamlload import load_file

    loaded, problems = load_file(Path("/"), "municipalities/x.yaml")  # a folder: open() fails as for no permission
    assert loaded is None and [p.message for p in problems] == ["Filen kan ikke leses (Is a directory)."]


# --- 3. files that were silently not read --------------------------------------------------------------------------

IGNORED_CASES = {
    "4640-sogndal.yml": ("municipalities/4640-sogndal.yml", "Gi den navnet 4640-sogndal.yaml."),
    "4640-sogndal.yaml.txt": ("municipalities/4640-sogndal.yaml.txt", "Gi den navnet 4640-sogndal.yaml."),
    "notat.txt": ("municipalities/notat.txt", "En kommunefil heter kommunenummer-navn.yaml"),
    "gamle/4640-sogndal.yaml": ("municipalities/gamle", "Filer i undermapper blir ikke lest."),
    "interkommunale/Legevakt.YAML": ("municipalities/interkommunale/Legevakt.YAML", "Gi den navnet Legevakt.yaml."),
    "interkommunale/legevakt.yml": ("municipalities/interkommunale/legevakt.yml", "Gi den navnet legevakt.yaml."),
    "register/kommuner-2027.csv": ("municipalities/register/kommuner-2027.csv", "En kommunefil heter"),
}


@pytest.mark.parametrize("name", sorted(IGNORED_CASES))
def test_a_file_that_would_not_be_read_is_an_error_that_says_the_right_name(project: Path, name: str) -> None:
    path = project / "municipalities" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text((project / ORSTA).read_text("utf-8"), "utf-8")
    where, fix = IGNORED_CASES[name]
    found = problems_for(project)
    assert any(f.startswith(where + ":1:1: (hele filen): Ukjent") and fix in f for f in found), found


# --- 5. invisible characters and non-characters, in values and in keys --------------------------------------------

INVISIBLE = {
    "U+FFFE (a non-character) in a name": ("\\ufffe", "U+FFFE"),
    "U+FFFF": ("\\uffff", "U+FFFF"),
    "a tag character U+E0041": ("\\U000e0041", "U+E0041"),
    "U+3164 Hangul filler": ("\\u3164", "U+3164"),
    "U+2800 Braille blank": ("\\u2800", "U+2800"),
    "U+180E Mongolian vowel separator": ("\\u180e", "U+180E"),
    "U+115F Hangul choseong filler": ("\\u115f", "U+115F"),
    "U+202E right-to-left override": ("\\u202e", "U+202E"),
}


@pytest.mark.parametrize("case", sorted(INVISIBLE))
def test_invisible_characters_in_a_value_are_refused(project: Path, case: str) -> None:
    escape, code = INVISIBLE[case]
    replace_in_orsta(project, NAVN, f'  navn: "Tildelings{escape}kontoret"\n')
    found = problems_for(project)
    assert any(f.startswith(f"{ORSTA}:{NAVN_LINE}:") and f"usynlig styringstegn ({code})" in f for f in found), found


@pytest.mark.parametrize("case", ["U+202E right-to-left override", "U+FFFE (a non-character) in a name",
                                  "a tag character U+E0041"])
def test_invisible_characters_in_a_key_are_refused_and_shown_visibly(project: Path, case: str) -> None:
    escape, code = INVISIBLE[case]
    replace_in_orsta(project, NAVN, f'  "na{escape}vn": Tildelingskontoret\n')
    result = run_cli(project, "validate", ORSTA)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(line for line in result.stderr.splitlines() if "Feltnavnet inneholder" in line)
    assert line.startswith(f"{ORSTA}:{NAVN_LINE}:3:") and f"usynlig tegn ({code})" in line


def test_a_page_whose_front_matter_is_lost_stops_the_build(project: Path) -> None:
    """MkDocs keeps a page whose front matter does not parse, silently, with the front matter shown as text."""
    page = project / "docs" / "nb" / "om-nettstedet.md"
    page.write_text("---\ntitle: [ikke lukket\n---\n\n" + page.read_text("utf-8"), "utf-8")
    result = run_cli(project, "build", "--kommune", "3305")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "nb/om-nettstedet.md: Forsideinformasjonen (front matter" in result.stderr
    assert not (project / "site").exists()


def test_the_front_matter_check_itself() -> None:
    from forlopsinfo.sitebuilder.mkdocs_hooks import front_matter_lost

    assert front_matter_lost("---\ntitle: x\n---\n# x", {})
    assert not front_matter_lost("---\ntitle: x\n---\n# x", {"title": "x"})
    assert not front_matter_lost("# En håndskrevet side uten forsideinformasjon", {})


# --- 6. an e-mail address that would add headers to the mailto: link ----------------------------------------------

EMAILS = ["post?cc=angriper%40evil.example&body=Hei@ringerike.kommune.example", "post&bcc=x@ringerike.kommune.example",
          "post%0Acc@ringerike.kommune.example", "post#x@ringerike.kommune.example", "post/x@ringerike.kommune.example"]


@pytest.mark.parametrize("address", EMAILS)
def test_an_email_address_that_would_add_to_the_mailto_link_is_refused(project: Path, address: str) -> None:
    replace_in_orsta(project, NAVN, f'{NAVN}  epost: "{address}"\n')
    found = problems_for(project)
    assert any(f.startswith(ORSTA + ":") and "som ville lagt noe til i e-postlenken" in f for f in found), found


# --- 8. smaller ones -----------------------------------------------------------------------------------------------


def test_a_phone_number_with_an_extension_is_refused_not_cut(project: Path) -> None:
    replace_in_orsta(project, 'telefon: "70 00 00 20"', 'telefon: "70 00 00 20 ext. 99"')
    found = problems_for(project)
    assert any(f.startswith(ORSTA + ":") and "internnummer (ext.)" in f for f in found), found


@pytest.mark.parametrize("handle", ["@org/..", "@org/.hidden", "@org/a/b", "@-ola"])
def test_a_maintainer_that_is_not_a_github_name_is_refused(project: Path, handle: str) -> None:
    path = project / "municipalities" / "3305-ringerike.yaml"
    text = path.read_text("utf-8")
    first = re.search(r'^  - "@[^"]+"$', text, re.M).group(0)
    path.write_text(text.replace(first, f'  - "{handle}"', 1), "utf-8")
    found = problems_for(project)
    assert any("vedlikeholdere[1]: Dette er ikke et GitHub-brukernavn." in f for f in found), found


REGISTER_CASES = {
    'a «"» in a name': (lambda row: row.replace("Ørsta", 'Ørsta" onmouseover="x', 1), "navn", "U+0022"),
    "a «<» in a fylke name": (lambda row: row.replace("Møre og Romsdal", "Møre <b>og</b> Romsdal", 1), "fylkesnavn", "U+003C"),
    "a right-to-left override": (lambda row: row.replace("Ørsta", "Ørs\u202eta", 1), "navn", "U+202E"),
    "a three-digit number": (lambda row: row.replace("1520", "152", 1), "kommunenummer", "fire sifre"),
    "a missing column": (lambda row: row.rsplit(",", 1)[0], "", "kolonner"),
}


@pytest.mark.parametrize("case", sorted(REGISTER_CASES))
def test_a_broken_register_row_is_a_message_with_its_line(project: Path, case: str) -> None:
    change, field, message = REGISTER_CASES[case]
    path = project / "municipalities" / "register" / "kommuner.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("1520,"))
    lines[index] = change(lines[index].rstrip("\n")) + "\n"
    path.write_text("".join(lines), "utf-8")
    result = run_cli(project, "validate")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert any(line.startswith(f"municipalities/register/kommuner.csv:{index + 1}:1: {field or '(hele filen)'}:")
               and message in line for line in result.stderr.splitlines()), result.stderr


def test_a_quote_in_a_name_cannot_end_the_description_attribute() -> None:
    """Defence in depth behind the register check: the description the theme prints in an attribute as it is."""
    from forlopsinfo.generate.render import Renderer

    renderer = Renderer(Path("."), {"nb": {}})
    assert renderer.env.filters["attribute"]('Ørsta" onmouseover="x') == "Ørsta&quot; onmouseover=&quot;x"
