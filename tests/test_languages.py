"""Languages are data (layout.py): a third language is its text file, its hand-written pages and one entry in
pyproject.toml, and nothing in the code. A test-only language, «se» with every text marked «SE», is configured in a
copy of the project (never in the repository, never published) and every page kind must show its own texts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, run_cli

MARK = "«SE» "
HTML_LANG = re.compile(r'<html lang="([^"]+)"')


def with_test_language(root: Path) -> Path:
    """Add the test-only language «se» to the project at `root`: the entry, the texts, the pages, the national texts."""
    settings = root / "pyproject.toml"
    text = settings.read_text("utf-8")
    entry = '  { code = "nn", name = "Nynorsk" },\n'
    assert entry in text
    settings.write_text(text.replace(entry, entry + '  { code = "se", name = "Test (ikke publiser)" },\n'), "utf-8")
    texts = yaml.safe_load((root / "templates" / "tekst" / "nb.yaml").read_text("utf-8"))
    own = {key: MARK + value for key, value in texts.items()}
    for key in ("ukedager", "maneder"):  # lists of names: every name marked
        own[key] = ", ".join(f"{name.strip()}-se" for name in texts[key].split(","))
    (root / "templates" / "tekst" / "se.yaml").write_text(yaml.safe_dump(own, allow_unicode=True, width=1000), "utf-8")
    shutil.copytree(root / "docs" / "nb", root / "docs" / "se")  # the hand-written pages: text files too

    def add_se(value: object) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("nb"), str) and "nn" in value:
                value["se"] = MARK + value["nb"]
            for item in value.values():
                add_se(item)
        elif isinstance(value, list):
            for item in value:
                add_se(item)

    national = root / "municipalities" / "nasjonalt.yaml"
    data = yaml.safe_load(national.read_text("utf-8"))
    add_se(data)
    national.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), "utf-8")
    return root


@pytest.fixture(scope="module")
def third(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = with_test_language(copy_project(tmp_path_factory.mktemp("third-language")))
    schema = run_cli(root, "schema")  # the generated pages of the editor guide, in the new language too
    assert schema.returncode == 0, schema.stderr
    result = run_cli(root, "build", "--kommune", "3305", "--kommune", "4601")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def read(site: Path, path: str) -> str:
    return (site / path).read_text("utf-8")


@pytest.mark.parametrize("path,own_text", [
    ("se/index.html", MARK + "Finn din kommune"),  # front page
    ("se/forlop/index.html", MARK + "De nasjonale pasientforløpene"),  # national pages
    ("se/forlop/index.html", MARK + "Psykiske lidelser hos voksne"),  # with the national data's own texts
    ("se/akutt-hjelp/index.html", MARK + "Akutt hjelp og hjelpetelefoner"),
    ("se/rettigheter/index.html", MARK + "Rettighetene dine"),
    ("se/parorende/index.html", MARK + "For pårørende"),
    ("se/fylke/33-buskerud/index.html", MARK + "Kommuner i Buskerud"),  # fylke page
    ("se/kommune/3305-ringerike/index.html", MARK + "Kontakt koordinerende enhet"),  # kommune page with data
    ("se/kommune/3305-ringerike/index.html", "mandag-se–torsdag-se"),  # days and
    ("se/kommune/3305-ringerike/index.html", "10. november-se 2026"),  # months from the texts
    ("se/kommune/4601-bergen/index.html", MARK + "Bergen har ikke lagt inn informasjon ennå"),  # unpublished page
    ("se/innbygging/3305-ringerike.html", MARK + "Kontakt koordinerende enhet i Ringerike"),  # snippet page
    ("se/innbygging/3305-ringerike-ramme.html", MARK + "Akutt hjelp"),  # snippet iframe
    ("se/feltreferanse/index.html", MARK + "Alle feltene i kommunefilen"),  # generated editor guide
    ("se/vanlige-feil/index.html", MARK + "Telefonnummeret står uten anførselstegn"),
    ("se/om-nettstedet/index.html", "Om nettstedet"),  # hand-written page (docs/se/, copied here)
    ("404.html", MARK + "Fant ikke siden"),  # the error page has a part per language
    ("se/index.html", MARK + "Nasjonale pasientforløp"),  # the menu
    ("se/index.html", MARK + "For kommuner"),  # the footer
    ("se/sok/index.html", MARK + "Hva leter du etter?"),  # the search page
    ("se/index.html", f'aria-label="{MARK}Toppfelt"'),  # names the theme leaves in English
])
def test_every_page_kind_renders_with_the_languages_own_texts(third: Path, path: str, own_text: str) -> None:
    assert own_text in read(third, path), path


def test_every_page_of_the_language_says_its_language(third: Path) -> None:
    pages = sorted((third / "se").rglob("*.html"))
    assert len(pages) >= 30  # national, hand-written and fylke pages, two kommune pages, a snippet
    for page in pages:
        html = page.read_text("utf-8")
        found = HTML_LANG.search(html)
        assert found and found.group(1) == "se", page
    snippet = read(third, "se/innbygging/3305-ringerike.html")
    assert '<section lang="se"' in snippet
    assert '<section lang="se" ' in read(third, "404.html")


def test_no_text_falls_back_to_another_language(third: Path) -> None:
    """Every fixed text on a kommune page of the language is its own: no unmarked copy of a bokmål text."""
    nb = yaml.safe_load((Path(__file__).parents[1] / "templates" / "tekst" / "nb.yaml").read_text("utf-8"))
    page = read(third, "se/kommune/3305-ringerike/index.html")
    for key in ("kontakt_tittel", "akutt_tittel", "akutt_kort", "kort_tittel", "hva_tittel", "tjenester_tittel", "vente_tittel",
                "telefontid", "meld_feil"):
        assert page.count(nb[key]) == page.count(MARK + nb[key]) > 0, key


def test_open_data_and_search_know_the_language(third: Path) -> None:
    index = json.loads(read(third, "api/kommuner.json"))
    ringerike = next(row for row in index["kommuner"] if row["kommunenummer"] == "3305")
    assert ringerike["sider"]["se"].endswith("/se/kommune/3305-ringerike/")
    schema = json.loads(read(third, "api/schema/kommuner.schema.json"))
    assert "se" in schema["properties"]["kommuner"]["items"]["properties"]["sider"]["required"]
    jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>',
                       read(third, "se/kommune/3305-ringerike/index.html"), re.S).group(1)
    assert MARK + "Koordinerende enhet i Ringerike kommune." in json.loads(jsonld)["@graph"][1]["description"]
    docs = json.loads(read(third, "se/sok.json"))  # the language's own search index
    assert any(d["u"] == "kommune/3305-ringerike/" and d["t"].startswith("Ringerike (" + MARK.strip()) for d in docs)
    # every language links to the others in its language switcher
    assert 'hreflang="se"' in read(third, "kommune/3305-ringerike/index.html")
    assert 'hreflang="nn"' in read(third, "se/kommune/3305-ringerike/index.html")


def test_a_text_missing_in_the_new_language_stops_the_build(tmp_path: Path) -> None:
    root = with_test_language(copy_project(tmp_path / "missing"))
    path = root / "templates" / "tekst" / "se.yaml"
    texts = yaml.safe_load(path.read_text("utf-8"))
    del texts["akutt_tittel"]
    path.write_text(yaml.safe_dump(texts, allow_unicode=True, width=1000), "utf-8")
    result = run_cli(root, "build", "--kommune", "3305")
    assert result.returncode == 1
    assert "templates/tekst/se.yaml mangler akutt_tittel" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "site").exists()


def test_a_national_text_missing_in_the_new_language_is_a_data_error(tmp_path: Path) -> None:
    root = with_test_language(copy_project(tmp_path / "national"))
    national = root / "municipalities" / "nasjonalt.yaml"
    text, removed = re.subn(rf"^ *se: {MARK}Psykiske lidelser hos voksne\n", "", national.read_text("utf-8"), 1, re.M)
    assert removed == 1
    national.write_text(text, "utf-8")
    result = run_cli(root, "validate")
    assert result.returncode == 1
    assert "forløp[1].kortnavn: Teksten mangler på språket «se»." in result.stderr


def test_a_text_the_site_builder_needs_missing_in_every_language_is_a_message(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "menu")
    for lang in ("nb", "nn"):
        path = root / "templates" / "tekst" / f"{lang}.yaml"
        path.write_text(re.sub(r"^meny_om: .*\n", "", path.read_text("utf-8"), flags=re.M), "utf-8")
    result = run_cli(root, "build", "--kommune", "3305")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "templates/tekst/ mangler teksten 'meny_om', som nettstedsbyggeren trenger" in result.stderr
