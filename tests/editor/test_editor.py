"""Editor commands as a kommune editor uses them: new -> fill in -> validate -> build, report with freshness,
changes for the pull-request summary, CODEOWNERS, and the generated pages of the editor guide."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from forlopsinfo.editor import guide as editorguide
from forlopsinfo.validate.model import KommuneFile, SharedService
from forlopsinfo.editor.report import Freshness, add_months, freshness
from forlopsinfo.generate.texts import texts_of
from forlopsinfo.load.yamlload import load_text
from forlopsinfo.project import Project

TEXTS = texts_of(Project.load(ROOT))

# --- new -> fill in -> validate -> build -------------------------------------------------------------------------

# What a Bergen editor types over the template's example values (test data, never shipped).
BERGEN = {
    'telefon: "22 00 00 00"': 'telefon: "55 56 60 00"',
    "navn: Koordinerende enhet    #": "navn: Tildelingskontoret    #",
    '"@ola-nordmann"': '"@bergen-ke"',
    "uustatus.no/nb/erklaringer/publisert/eksempel": "uustatus.no/nb/erklaringer/publisert/bergen-prove",
}


def fill_in_bergen(text: str) -> str:
    for old, new in BERGEN.items():
        assert old in text, old
        text = text.replace(old, new)
    text = re.sub(r'"22 00 00 0(\d)"', r'"55 56 60 1\1"', text)
    text = text.replace("kommune.example", "bergen.kommune.no").replace("helseforetak.example", "helse-bergen.no")
    return re.sub(r"^eksempel: true.*\n", "", text, flags=re.MULTILINE)


def test_new_fill_in_validate_and_build_a_fresh_kommune(project: Path) -> None:
    result = run_cli(project, "new", "4601")
    assert result.returncode == 0, result.stderr
    path = project / "municipalities" / "4601-bergen.yaml"
    text = path.read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    assert 'kommunenummer: "4601"' in text and "eksempel: true" in text
    assert "KOMMUNEFIL FOR BERGEN" in text and "validate municipalities/4601-bergen.yaml" in result.stdout

    # Straight from `new` the file is valid, and marked as example data.
    check = run_cli(project, "validate", "municipalities/4601-bergen.yaml")
    assert check.returncode == 0, check.stderr

    path.write_text(fill_in_bergen(text), "utf-8")
    check = run_cli(project, "validate", "municipalities/4601-bergen.yaml")
    assert check.returncode == 0, check.stderr

    build = run_cli(project, "build", "--kommune", "4601")  # the national pages and this kommune's
    assert build.returncode == 0, build.stdout + build.stderr
    page = (project / "site" / "kommune" / "4601-bergen" / "index.html").read_text("utf-8")
    assert "Tildelingskontoret" in page and 'href="tel:+4755566000"' in page
    assert "Eksempel – ikke ekte kontaktinformasjon" not in page
    assert run_cli(project, "report").stdout.count("publisert") >= 1


def test_template_values_cannot_be_published_as_real(project: Path) -> None:
    """Removing «eksempel: true» while an invented value is left is refused, with the field and how to fix it."""
    assert run_cli(project, "new", "4601").returncode == 0
    path = project / "municipalities" / "4601-bergen.yaml"
    real = fill_in_bergen(path.read_text("utf-8"))
    leftovers = {
        '"55 56 60 12"': ('"22 00 00 02"', "forløpskoordinering.målgrupper[1].telefon"),  # the template's number
        "postmottak@bergen.kommune.no": ("postmottak@kommune.example", "meld_feil_til.epost"),  # reserved domain
        '"@bergen-ke"': ('"@ola-nordmann"', "vedlikeholdere[1]"),
    }
    for old, (bad, field) in leftovers.items():
        assert old in real, old
        path.write_text(real.replace(old, bad, 1), "utf-8")
        result = run_cli(project, "validate", "municipalities/4601-bergen.yaml")
        assert result.returncode == 1, field
        assert f"{field}: Dette er en eksempelverdi, ikke kommunens egen opplysning." in result.stderr
        assert "la «eksempel: true» stå i filen" in result.stderr
    # The same values are fine while the file says it is example data.
    path.write_text("eksempel: true\n".join(real.split("sist_kontrollert", 1)[:1]) + "eksempel: true\nsist_kontrollert"
                    + real.split("sist_kontrollert", 1)[1].replace('"55 56 60 12"', '"22 00 00 02"'), "utf-8")
    assert run_cli(project, "validate", "municipalities/4601-bergen.yaml").returncode == 0


def test_new_refuses_to_overwrite(project: Path) -> None:
    path = project / "municipalities" / "3305-ringerike.yaml"
    before = path.read_bytes()
    result = run_cli(project, "new", "3305")
    assert result.returncode == 1
    assert "Filen finnes allerede: municipalities/3305-ringerike.yaml" in result.stderr
    assert path.read_bytes() == before


def test_new_refuses_a_second_file_for_the_same_kommune(project: Path) -> None:
    (project / "municipalities" / "3305-ringerike.yaml").rename(project / "municipalities" / "3305-gammel.yaml")
    result = run_cli(project, "new", "3305")
    assert result.returncode == 1 and "har allerede en fil: municipalities/3305-gammel.yaml" in result.stderr
    assert not (project / "municipalities" / "3305-ringerike.yaml").exists()


def test_new_explains_unknown_numbers_and_accepts_names(project: Path) -> None:
    result = run_cli(project, "new", "301")
    assert result.returncode == 1 and "Mente du «0301» (Oslo)?" in result.stderr
    result = run_cli(project, "new", "9999")
    assert result.returncode == 1 and "Fant ingen kommune «9999»" in result.stderr
    result = run_cli(project, "new", "Aurskog-Høland", "--nynorsk")
    assert result.returncode == 0, result.stderr
    (created,) = (project / "municipalities").glob("*-aurskog-holand.yaml")
    assert "målform: nynorsk" in created.read_text("utf-8")
    assert run_cli(project, "validate", f"municipalities/{created.name}").returncode == 0


def _shape(value: object, path: tuple = ()) -> set[tuple]:
    """Every key path of a loaded YAML file, list items by position: what the two templates must share."""
    out = {path}
    if isinstance(value, dict):
        for key, inner in value.items():
            out |= _shape(inner, (*path, key))
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            out |= _shape(inner, (*path, i))
    return out


def _commented_keys(text: str) -> list[str]:
    """The optional fields the template shows as comments («# samisk:», «# barnekoordinator:»)."""
    return re.findall(r"^# (?:  )?([a-zæøå_]+):", text, re.M)


def test_the_bokmal_and_nynorsk_templates_have_the_same_fields_and_examples() -> None:
    from forlopsinfo.validate.placeholders import contact_values

    nb_text = (ROOT / "templates" / "kommune-mal.yaml").read_text("utf-8")
    nn_text = (ROOT / "templates" / "kommune-mal-nn.yaml").read_text("utf-8")
    nb, _ = load_text(nb_text, "nb")
    nn, _ = load_text(nn_text, "nn")
    assert _shape(nb.data) == _shape(nn.data)
    assert _commented_keys(nb_text) == _commented_keys(nn_text) and "samisk" in _commented_keys(nb_text)
    assert sorted(contact_values(nb.data)) == sorted(contact_values(nn.data))  # the placeholder check reads both
    assert nb.data["målform"] == "bokmål" and nn.data["målform"] == "nynorsk"


def test_the_template_drift_check_catches_a_missing_field() -> None:
    nb, _ = load_text((ROOT / "templates" / "kommune-mal.yaml").read_text("utf-8"), "nb")
    nn, _ = load_text((ROOT / "templates" / "kommune-mal-nn.yaml").read_text("utf-8").replace("    poststed: Oslo\n", "", 1), "nn")
    assert _shape(nb.data) != _shape(nn.data)


def test_new_nynorsk_starts_from_the_nynorsk_template(project: Path) -> None:
    assert run_cli(project, "new", "1520", "--nynorsk").returncode == 1  # Ørsta has a file already
    result = run_cli(project, "new", "4601", "--nynorsk")
    assert result.returncode == 0 and "Slik går du vidare:" in result.stdout
    text = (project / "municipalities" / "4601-bergen.yaml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n#\n# KOMMUNEFIL FOR BERGEN — forløpsinfo\n")
    assert "laga med «forlopsinfo new»" in text and "Byt ut alle døma" in text and "Slik brukar du malen" not in text
    assert "målform: nynorsk" in text and "Koordinerande eining" in text and "Koordinerende enhet" not in text
    assert run_cli(project, "validate", "municipalities/4601-bergen.yaml").returncode == 0


# --- freshness and report ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("checked", "today", "expected"),
    [
        ("2026-05-24", "2026-11-24", Freshness.OK),  # exactly six months: still fine
        ("2026-05-24", "2026-11-25", Freshness.WARNING),
        ("2025-11-24", "2026-11-24", Freshness.WARNING),  # exactly twelve months: warning, not flagged
        ("2025-11-24", "2026-11-25", Freshness.FLAGGED),
        ("2026-11-24", "2026-11-24", Freshness.OK),
        ("2024-01-01", "2026-11-24", Freshness.FLAGGED),
    ],
)
def test_freshness_thresholds(checked: str, today: str, expected: Freshness) -> None:
    assert freshness(dt.date.fromisoformat(checked), dt.date.fromisoformat(today)) is expected


def test_add_months_clamps_to_month_end() -> None:
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 8, 31), 6) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 1, 15), 12) == dt.date(2027, 1, 15)


def _set_checked(project: Path, file: str, date: str) -> None:
    path = project / "municipalities" / file
    text = re.sub(r"^sist_kontrollert: .*$", f"sist_kontrollert: {date}", path.read_text("utf-8"), flags=re.MULTILINE)
    path.write_text(text, "utf-8")


def test_report_flags_old_files_and_missing_recommended_fields(project: Path) -> None:
    _set_checked(project, "1577-volda.yaml", "2025-10-01")  # > 12 months before 2026-11-24
    _set_checked(project, "3305-ringerike.yaml", "2026-04-30")  # > 6 months
    result = run_cli(project, "report", "--today", "2026-11-24")
    assert result.returncode == 0, result.stderr
    lines = {line[:4]: line for line in result.stdout.splitlines() if re.match(r"\d{4} ", line)}
    assert len(lines) == 357
    assert "FLAGGET: over 12 mnd" in lines["1577"] and "2025-10-01" in lines["1577"]
    assert "ADVARSEL: over 6 mnd" in lines["3305"]
    assert "ikke publisert" in lines["4601"]
    # Ørsta's example file leaves out several recommended sections.
    assert "forløpskoordinering" in lines["1520"] and "spesialisthelsetjenesten" in lines["1520"]
    assert "1 med advarsel (over 6 måneder), 1 flagget (over 12 måneder)" in result.stdout

    md = run_cli(project, "report", "--markdown", "--today", "2026-11-24").stdout
    assert md.startswith("## Status for kommunefilene 2026-11-24")
    assert "| Volda (1577) | `municipalities/1577-volda.yaml` | 2025-10-01 | FLAGGET: over 12 mnd |" in md
    assert "<summary>353 kommuner uten fil</summary>" in md


def test_report_counts_a_removed_recommended_section(project: Path) -> None:
    path = project / "municipalities" / "3305-ringerike.yaml"
    text = path.read_text("utf-8")
    start = text.index("spesialisthelsetjenesten:")
    end = text.index("\ntjenester:")
    path.write_text(text[:start] + text[end + 1:], "utf-8")
    line = next(x for x in run_cli(project, "report").stdout.splitlines() if x.startswith("3305 "))
    assert line.rstrip().endswith("spesialisthelsetjenesten")


def test_report_rejects_a_bad_date(project: Path) -> None:
    result = run_cli(project, "report", "--today", "24.11.2026")
    assert result.returncode == 2 and "Skriv ÅÅÅÅ-MM-DD" in result.stderr


# --- CODEOWNERS --------------------------------------------------------------------------------------------------


@pytest.mark.skipif(os.environ.get("FORLOPSINFO_CODEOWNERS") == "notice",
                    reason="a kommune's pull request: pr.yml notes a stale CODEOWNERS, the weekly report fails on it")
def test_committed_codeowners_is_in_sync() -> None:
    result = run_cli(ROOT, "codeowners", "--check")
    assert result.returncode == 0, result.stderr


def test_codeowners_follows_the_maintainers(project: Path) -> None:
    assert run_cli(project, "codeowners", "--check").returncode == 0
    for file in ("3305-ringerike.yaml", "1577-volda.yaml"):  # become real kommune files with real maintainers
        path = project / "municipalities" / file
        text = path.read_text("utf-8").replace("eksempel: true\n", "").replace("@forlopsinfo-eksempel", "@kommune-" + file[:4])
        text = text.replace(".kommune.example", ".kommune.no").replace("helseforetak.example", "helse-mr.no")
        text = text.replace("uustatus.example", "uustatus.no")
        path.write_text(text, "utf-8")
    result = run_cli(project, "codeowners", "--check")
    assert result.returncode == 1 and "Utdatert: .github/CODEOWNERS" in result.stderr
    assert "  + /municipalities/3305-ringerike.yaml @kommune-3305\n" in result.stderr  # what to add by hand
    assert run_cli(project, "codeowners").returncode == 0
    owners = (project / ".github" / "CODEOWNERS").read_text("utf-8")
    assert "/municipalities/3305-ringerike.yaml @kommune-3305\n" in owners
    assert "/municipalities/1577-volda.yaml @kommune-1577\n" in owners
    # The shared service of Volda and Ørsta needs the project's approval; Volda's maintainers are named in a comment
    # so the project asks them to review. Ørsta is still example data.
    assert "# samtaletilbod-unge-orsta-volda.yaml: Volda (1577) @kommune-1577\n" in owners
    assert "1520-orsta" not in owners and "Ørsta (1520)" not in owners
    assert run_cli(project, "codeowners", "--check").returncode == 0


def _as_real(project: Path, file: str, maintainers: str) -> Path:
    path = project / "municipalities" / file
    text = path.read_text("utf-8").replace("eksempel: true\n", "")
    text = re.sub(r'(vedlikeholdere:\n)(  - "[^"]+"\n)+', lambda m: m.group(1) + maintainers, text)
    text = text.replace(".kommune.example", ".kommune.no").replace("helseforetak.example", "helse-mr.no")
    path.write_text(text.replace("uustatus.example", "uustatus.no"), "utf-8")
    return path


def test_a_role_address_may_maintain_a_file_and_only_github_names_own_it(project: Path) -> None:
    """Kommuner without GitHub accounts name a role address; CODEOWNERS gets the GitHub names only, and a file with
    addresses only is owned by the project's team (the addresses in a comment, so the project can ask them)."""
    _as_real(project, "3305-ringerike.yaml", '  - psykisk.helse@ringerike.kommune.no\n')
    _as_real(project, "1577-volda.yaml", '  - "@kari-volda"\n  - koordinerande.eining@volda.kommune.no\n')
    assert run_cli(project, "validate").returncode == 0
    assert run_cli(project, "codeowners").returncode == 0
    owners = (project / ".github" / "CODEOWNERS").read_text("utf-8")
    assert f"/municipalities/3305-ringerike.yaml {TEAM}\n" in owners
    assert "# 3305-ringerike.yaml: bare e-post, prosjektet godkjenner. Spør psykisk.helse@ringerike.kommune.no\n" in owners
    assert "/municipalities/1577-volda.yaml @kari-volda\n" in owners
    rules = codeowners_rules(owners)
    assert all("@" not in owner.lstrip("@") for _, owners_ in rules for owner in owners_)  # no address is an owner


@pytest.mark.parametrize("value,message", [
    ("ola-nordmann", "Dette er verken et GitHub-brukernavn eller en e-postadresse."),
    ("@ola..x", "Dette er ikke et GitHub-brukernavn."),
    ("psykisk helse@ringerike.kommune.no", "E-postadressen har et tegn"),
])
def test_a_maintainer_must_be_a_github_name_or_an_address(project: Path, value: str, message: str) -> None:
    path = project / "municipalities" / "3305-ringerike.yaml"
    text = path.read_text("utf-8")
    path.write_text(re.sub(r'^  - "@[^"]+"$', f'  - "{value}"', text, count=1, flags=re.M), "utf-8")
    result = run_cli(project, "validate", "municipalities/3305-ringerike.yaml")
    assert result.returncode == 1 and f"vedlikeholdere[1]: {message}" in result.stderr, result.stderr


def test_a_stale_codeowners_is_a_notice_for_a_pull_request(project: Path) -> None:
    _as_real(project, "3305-ringerike.yaml", '  - "@kommune-3305"\n')
    result = run_cli(project, "codeowners", "--notice")
    assert result.returncode == 0
    assert "Du trenger ikke gjøre noe" in result.stdout and "+ /municipalities/3305-ringerike.yaml @kommune-3305" in result.stdout
    assert run_cli(project, "codeowners", "--check").returncode == 1


# --- generated pages of the editor guide -------------------------------------------------------------------------


def test_generated_guide_pages_are_up_to_date() -> None:
    result = run_cli(ROOT, "schema", "--check")
    assert result.returncode == 0, result.stderr


def test_stale_field_reference_is_reported(project: Path) -> None:
    path = project / "docs" / "nn" / "feltreferanse.md"
    path.write_text(path.read_text("utf-8").replace("`telefon`", "`telefonnummer`"), "utf-8")
    result = run_cli(project, "schema", "--check")
    assert result.returncode == 1 and "Utdatert: docs/nn/feltreferanse.md" in result.stderr
    assert run_cli(project, "schema").returncode == 0
    assert run_cli(project, "schema", "--check").returncode == 0


def _aliases(model: type, seen: set[type] | None = None) -> set[str]:
    from pydantic import BaseModel

    seen = seen or set()
    out = set()
    for name, info in model.model_fields.items():
        out.add(info.alias or name)
        for nested in editorguide._models_in(info.annotation):
            if nested not in seen:
                seen.add(nested)
                out |= _aliases(nested, seen)
    assert issubclass(model, BaseModel)
    return out


def test_field_reference_lists_every_field_of_the_model() -> None:
    text = editorguide.field_reference("nb", TEXTS["nb"])
    listed = set(re.findall(r"^- `([^`]+)` · ", text, flags=re.MULTILINE))
    assert _aliases(KommuneFile) | _aliases(SharedService) <= listed
    assert "- `telefon` · **påkrevd**." in text and "- `sikker_melding` · anbefalt." in text
    assert editorguide.field_reference("nn", TEXTS["nn"]).count('<div lang="nb" markdown>') == 1


def test_every_common_error_is_a_real_validator_message() -> None:
    municipalities = ROOT / "municipalities"
    assert editorguide.messages_for(municipalities, editorguide.EXAMPLE) == []
    page = editorguide.common_errors("nb", TEXTS["nb"], municipalities)
    assert page.count("\n## ") == len(editorguide.MISTAKES) == 15
    for mistake in editorguide.MISTAKES:
        messages = editorguide.messages_for(municipalities, editorguide.EXAMPLE.replace(mistake.right, mistake.wrong))
        assert messages and all(m.startswith("municipalities/0301-oslo.yaml:") for m in messages)
        assert all(" — " in m for m in messages)  # every message says how to fix it
        assert not any("Slett det ene" in m for m in messages)  # no advice that deletes a real entry
        if mistake.wrong:  # the first message names a line the editor changed
            first = editorguide.EXAMPLE[: editorguide.EXAMPLE.index(mistake.right)].count("\n") + 1
            changed = range(first, first + mistake.wrong.count("\n"))
            assert int(messages[0].split(":")[1]) in changed, (mistake.key, messages[0])


def test_a_mistake_the_validator_accepts_cannot_enter_the_guide(monkeypatch: pytest.MonkeyPatch) -> None:
    harmless = editorguide.Mistake("x", "    poststed: Oslo\n", "    poststed: Kristiania\n")
    monkeypatch.setattr(editorguide, "MISTAKES", [harmless])
    with pytest.raises(editorguide.GuideError, match="gir ingen feilmelding"):
        editorguide.common_errors("nb", TEXTS["nb"], ROOT / "municipalities")


def test_colon_in_text_gets_a_norwegian_explanation() -> None:
    _, problems = load_text("beskrivelse: Merk: dette er viktig\n", "f.yaml")
    (problem,) = problems
    assert "kolon" in problem.message.lower() and "mapping values" not in problem.format()
    assert "anførselstegn" in problem.fix


# --- validate as pre-commit calls it -----------------------------------------------------------------------------


def test_validate_ignores_non_kommune_files_pre_commit_passes(project: Path) -> None:
    result = run_cli(project, "validate", "municipalities/nasjonalt.yaml",
                     "municipalities/interkommunale/samtaletilbod-unge-orsta-volda.yaml")
    assert result.returncode == 0, result.stderr


# --- changes: the pull-request summary ---------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(root), "PATH": "/usr/bin:/bin"})


def test_changes_lists_changed_pages_and_fields(project: Path) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    _git(project, "checkout", "-q", "-b", "endring")
    ringerike = project / "municipalities" / "3305-ringerike.yaml"
    text = ringerike.read_text("utf-8").replace('telefon: "32 00 00 01"', 'telefon: "32 00 00 77"', 1)
    ringerike.write_text(text.replace("målform: bokmål", "målform: bokmål\n# bare en kommentar"), "utf-8")
    _git(project, "commit", "-q", "-am", "ny telefon")
    assert run_cli(project, "new", "4601").returncode == 0  # not committed: the working tree counts too
    volda = project / "municipalities" / "1577-volda.yaml"
    volda.write_text(volda.read_text("utf-8").replace("navn: Koordinerande eining", 'navn: "<b>Ny</b> eining"'), "utf-8")

    result = run_cli(project, "changes", "--base", "main")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "### Ringerike (3305): endret" in out
    assert "- Endret `koordinerende_enhet.telefon`: «32 00 00 01» → «32 00 00 77»" in out
    assert "### Bergen (4601): ny kommuneside" in out
    assert "«&lt;b>Ny&lt;/b> eining»" in out and "<b>" not in out  # data never becomes HTML in the summary
    assert "Filen er merket som eksempeldata" in out
    assert "3 kommunefiler og 0 interkommunale filer er endret." in out


def test_changes_with_nothing_changed(project: Path) -> None:
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    result = run_cli(project, "changes", "--base", "main")
    assert result.returncode == 0 and "rører ingen kommunefil" in result.stdout
    bad = run_cli(project, "changes", "--base", "finnes-ikke")
    assert bad.returncode == 1 and "Kunne ikke sammenligne med «finnes-ikke»" in bad.stderr


def test_validate_refuses_files_outside_municipalities(project: Path) -> None:
    (project / "bergen.yaml").write_text("kommunenummer: 4601\n", "utf-8")
    result = run_cli(project, "validate", "bergen.yaml")
    assert result.returncode == 1 and "Ikke en kommunefil: bergen.yaml" in result.stderr and "OK" not in result.stdout


def test_time_written_as_a_number_gets_a_time_hint(project: Path) -> None:
    path = project / "municipalities" / "3305-ringerike.yaml"
    path.write_text(path.read_text("utf-8").replace('fra: "09:00"', "fra: 9.00", 1), "utf-8")
    result = run_cli(project, "validate", "municipalities/3305-ringerike.yaml")
    assert result.returncode == 1
    assert 'Skriv klokkeslettet som TT:MM i anførselstegn, for eksempel "09:00".' in result.stderr
    assert '"9.0"' not in result.stderr


# --- CODEOWNERS: every path has an owner -------------------------------------------------------------------------

from types import SimpleNamespace  # noqa: E402

from forlopsinfo.editor import codeowners  # noqa: E402

TEAM = codeowners.MAINTAINERS_TEAM


def codeowners_rules(text: str) -> list[tuple[str, list[str]]]:
    rules = []
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def owners_of(rules: list[tuple[str, list[str]]], path: str) -> list[str]:
    """GitHub's rule for the forms the generator writes: the LAST matching line wins. `*` is every file; `/x` is
    x from the root, `/x/` the whole folder; `*` inside a name matches within one folder level."""
    found: list[str] = []
    for pattern, owners in rules:
        if pattern == "*":
            matches = True
        else:
            assert pattern.startswith("/"), f"a form this test does not know: {pattern}"
            body = re.escape(pattern[1:].rstrip("/")).replace(r"\*", "[^/]*")
            matches = re.fullmatch(body + ("/.*" if pattern.endswith("/") else ""), path) is not None
        if matches:
            found = owners
    return found


PROJECT_FILES = [
    ".github/CODEOWNERS", ".github/workflows/pr.yml", "scripts/forlopsinfo/cli.py", "templates/kommune.md.j2",
    "docs/nb/redigering.md", "municipalities/register/kommuner.csv", "municipalities/nasjonalt.yaml",
    "pyproject.toml", "Makefile", "requirements.lock", "requirements-bench.lock", "tests/conftest.py",
    "municipalities/schema.json", "municipalities/interkommunale/samtaletilbod-unge-orsta-volda.yaml",
    "municipalities/4601-bergen.yaml",  # a kommune file that is new, or example data: the project approves
    "README.md", "en/ny/fil",
]


def test_codeowners_gives_every_path_an_owner() -> None:
    assert re.fullmatch(r"@[A-Za-z0-9-]+/[A-Za-z0-9._-]+", TEAM)  # a team, as GitHub writes one
    rules = codeowners_rules(codeowners.path(ROOT).read_text("utf-8"))
    assert rules[0] == ("*", [TEAM]), "the catch-all must come first: the last matching line wins"
    for pattern in codeowners.PROJECT_PATHS:
        assert (pattern, [TEAM]) in rules
    for file in PROJECT_FILES:
        assert owners_of(rules, file) == [TEAM], file


def _make_real(project: Path, file: str) -> None:
    path = project / "municipalities" / file
    text = path.read_text("utf-8").replace("eksempel: true\n", "").replace("@forlopsinfo-eksempel", "@kommune-" + file[:4])
    text = text.replace(".kommune.example", ".kommune.no").replace("helseforetak.example", "helse-mr.no")
    path.write_text(text.replace("uustatus.example", "uustatus.no"), "utf-8")


def test_kommune_files_are_owned_by_the_kommune_and_shared_services_by_the_project(project: Path) -> None:
    for file in ("3305-ringerike.yaml", "1577-volda.yaml"):
        _make_real(project, file)
    assert run_cli(project, "codeowners").returncode == 0
    text = (project / ".github" / "CODEOWNERS").read_text("utf-8")
    rules = codeowners_rules(text)
    assert rules[0] == ("*", [TEAM])
    assert owners_of(rules, "municipalities/3305-ringerike.yaml") == ["@kommune-3305"]
    assert owners_of(rules, "municipalities/1577-volda.yaml") == ["@kommune-1577"]
    # Volda uses the shared service, but one kommune's approval must not change text on another kommune's page.
    shared = "municipalities/interkommunale/samtaletilbod-unge-orsta-volda.yaml"
    assert owners_of(rules, shared) == [TEAM]
    assert all("@kommune-" not in " ".join(owners) for pattern, owners in rules if "interkommunale" in pattern)
    comment = text.index("# samtaletilbod-unge-orsta-volda.yaml: Volda (1577) @kommune-1577\n")
    assert comment < text.index(f"/municipalities/interkommunale/ {TEAM}\n")
    for file in PROJECT_FILES[:11]:
        assert owners_of(rules, file) == [TEAM], file


def test_a_file_name_cannot_add_a_rule_to_codeowners() -> None:
    """Comment lines carry file names; a newline in one must not start a line of its own."""
    maintainers = SimpleNamespace(example=False, maintainers=["@kommune-1577"], kommuner=[])
    volda = SimpleNamespace(file="municipalities/1577-volda.yaml", kommune=SimpleNamespace(name="Volda"),
                            data=maintainers)
    shared = SimpleNamespace(file="municipalities/interkommunale/x\n* @evil\r* @evil\u2028* @evil.yaml",
                             data=SimpleNamespace(kommuner=["1577"]))
    text = codeowners.codeowners_text(SimpleNamespace(kommuner={"1577": volda}, shared={"x": shared}))
    assert text.count("@evil") == 3
    assert all("@evil" not in " ".join(owners) for _, owners in codeowners_rules(text))
    assert all(line.startswith("#") for line in text.split("\n") if "@evil" in line)
    assert all(line.startswith("#") for line in text.splitlines() if "@evil" in line)  # \u2028 splits here too

