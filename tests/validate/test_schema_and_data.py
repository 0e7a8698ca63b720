"""One schema, many uses: the committed JSON Schemas must equal what the model generates; the register, the
texts and the shipped data must be consistent."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, copy_project
from forlopsinfo.validate import schema
from forlopsinfo.validate.dataset import KOMMUNE_MODELINE, kommune_files
from forlopsinfo.generate.texts import load_texts, texts_of
from forlopsinfo.project import Project
from forlopsinfo.load.register import Register, slugify
from forlopsinfo.load.yamlload import load_file

MUNI = ROOT / "municipalities"


def test_committed_schemas_are_in_sync_with_the_model() -> None:
    assert schema.stale(MUNI) == [], "Kjør «forlopsinfo schema» og commit municipalities/*.schema.json"


def test_stale_schema_is_detected(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    path = root / "municipalities" / "schema.json"
    data = json.loads(path.read_text("utf-8"))
    data["properties"]["målform"]["description"] = "gammel tekst"
    path.write_text(json.dumps(data), "utf-8")
    assert schema.stale(root / "municipalities") == [path]


def test_editor_schema_accepts_every_shipped_kommune_file() -> None:
    """The JSON Schema editors get must agree with the validator on real files (YAML 1.2 view of the data)."""
    validator = jsonschema.Draft202012Validator(json.loads((MUNI / "schema.json").read_text("utf-8")))
    for path in kommune_files(MUNI):
        loaded, problems = load_file(path, path.name)
        assert problems == []
        data = json.loads(json.dumps(loaded.data, default=str))
        errors = [e.message for e in validator.iter_errors(data)]
        assert errors == [], path.name


def test_every_kommune_file_starts_with_the_modeline() -> None:
    for path in [*kommune_files(MUNI), ROOT / "templates" / "kommune-mal.yaml", ROOT / "templates" / "kommune-mal-nn.yaml"]:
        assert path.read_text("utf-8").splitlines()[0] == KOMMUNE_MODELINE, path.name


def test_register() -> None:
    register = Register.load(MUNI / "register" / "kommuner.csv")
    assert len(register.kommuner) == 357
    assert len(register.counties) == 15
    assert len({k.slug for k in register.kommuner}) == 357
    assert sum(k.sami_area for k in register.kommuner) == 13
    assert register.by_number["0301"].name == "Oslo"  # leading zero kept


@pytest.mark.parametrize(
    "name,slug",
    [("Aurskog-Høland", "aurskog-holand"), ("Ålesund", "alesund"), ("Bø", "bo"), ("Nord-Aurdal", "nord-aurdal"),
     ("Unjárga", "unjarga"), ("Ærø", "aero")],
)
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_texts_exist_in_both_language_forms() -> None:
    texts = texts_of(Project.load(ROOT))
    assert set(texts["nb"]) == set(texts["nn"])
    identical_by_nature = {
        "rettigheter_tittel",  # «Koordinator, individuell plan og barnekoordinator»
        "innbygging_kopier",  # «1. Kopier koden inn i publiseringsverktøyet»
        "hsds_omrade",  # «{kommune} kommune (kommunenummer {nummer})»
        "hsds_enhet_navn",  # «{enhet}: koordinator, individuell plan og forløpskoordinator»
        "maneder",  # the month names are the same in both
        "enhetstype_BUP",  # «Barne- og ungdomspsykiatrisk poliklinikk (BUP)»
    }
    same = [k for k in texts["nb"] if texts["nb"][k] == texts["nn"][k] and len(texts["nb"][k]) > 40]
    same = [k for k in same if k not in identical_by_nature]
    assert same == [], f"Lange tekster som er like på bokmål og nynorsk (ikke oversatt?): {same}"


# The texts of the embeddable contact box and its editor page (snippet.py, and the link to it on kommune pages) and
# the print QR label (opendata.qr_block): they live in templates/tekst/ so that the nb/nn key check covers them.
# Read from nb.yaml alone: load_texts would stop the collection of this whole file if nn.yaml lacked one.
_NB_TEXTS = load_file(ROOT / "templates" / "tekst" / "nb.yaml", "nb.yaml")[0]
INNBYGGING_KEYS = sorted(k for k in (_NB_TEXTS.data if _NB_TEXTS else {}) if k.startswith("innbygging_")) + ["utskrift_qr"]


def test_snippet_texts_come_from_the_text_files_as_plain_text() -> None:
    from forlopsinfo.validate.dataset import load_dataset
    from forlopsinfo.measure.lix import snippet_keys
    from forlopsinfo.project import Project

    data, problems = load_dataset(MUNI, ROOT)
    assert problems == []
    texts = texts_of(Project.load(ROOT))
    for lang in ("nb", "nn"):
        used = set().union(*snippet_keys(data, Project.load(ROOT), texts, lang).values())
        # and the words that write opening hours (shared with the pages)
        # and the urgent-help texts shared with the pages (templates/_akutt_kort.md.j2, _akutt.md.j2)
        assert used == set(INNBYGGING_KEYS) - {"innbygging_lenke", "utskrift_qr"} | {
            "ukedager", "og", "klokka", "akutt_kort", "akutt_selvmord", "akutt_svarer_ikke"}
        # put in HTML escaped, as plain text: Markdown or HTML would show as it is written
        marked = [k for k in used | {"utskrift_qr"} if any(c in texts[lang][k] for c in "*_[]<>`#")]
        assert marked == [], f"{lang}: Markdown or HTML in plain texts: {marked}"


def _without_key(yaml_text: str, key: str) -> str:
    """The text file without one entry (its first line and any indented continuation lines)."""
    kept, inside = [], False
    for line in yaml_text.splitlines(keepends=True):
        inside = line.startswith(f"{key}:") or (inside and line.startswith(" "))
        if not inside:
            kept.append(line)
    return "".join(kept)


@pytest.mark.parametrize("key", INNBYGGING_KEYS)
def test_a_snippet_text_missing_in_nynorsk_stops_the_build(tmp_path: Path, key: str) -> None:
    from forlopsinfo.generate.texts import TextsError

    (tmp_path / "tekst").mkdir()
    for lang in ("nb", "nn"):
        text = (ROOT / "templates" / "tekst" / f"{lang}.yaml").read_text("utf-8")
        (tmp_path / "tekst" / f"{lang}.yaml").write_text(_without_key(text, key) if lang == "nn" else text, "utf-8")
    with pytest.raises(TextsError, match=f"tekst/nn.yaml mangler {key}\\b"):
        load_texts(tmp_path, ("nb", "nn"))


def test_national_help_lines_have_source_and_date() -> None:
    from forlopsinfo.validate.model import NationalData

    loaded, problems = load_file(MUNI / "nasjonalt.yaml", "nasjonalt.yaml")
    assert problems == []
    national = NationalData.model_validate(loaded.data)
    acute = [line for line in national.help_lines if line.acute]
    assert [line.number for line in sorted(acute, key=lambda l: l.urgency)][:2] == ["113", "116 117"]
    assert all(line.source and line.verified_on for line in national.help_lines)
    assert len(national.pathways) == 9


def test_a_national_text_missing_in_one_language_is_an_error_with_its_line(project: Path) -> None:
    """Languages are data: every national text must exist in each language of the site, never falling back."""
    from conftest import run_cli

    path = project / "municipalities" / "nasjonalt.yaml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.strip().startswith("nn:"))
    del lines[index]
    path.write_text("".join(lines), "utf-8")
    result = run_cli(project, "validate")
    assert result.returncode == 1
    assert "municipalities/nasjonalt.yaml:" in result.stderr and "Teksten mangler på språket «nn»." in result.stderr
    assert "Nettstedet har disse språkene: nb, nn." in result.stderr
