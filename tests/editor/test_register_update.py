"""`forlopsinfo register`: the kommune register against SSB's KLASS (classifications 131 and 104).

Never touches the network: every test runs with urllib's urlopen replaced (see `no_network`). The fixtures in
tests/editor/fixtures/klass/ are constructed in KLASS's documented codesAt format from the shipped register (README there).
"""

from __future__ import annotations

import copy
import io
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from forlopsinfo.editor import register_update as klass
from forlopsinfo.cli import main
from forlopsinfo.load.register import Register

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "klass"
KOMMUNER_JSON = FIXTURES / "kommuner-2026-01-01.json"
FYLKER_JSON = FIXTURES / "fylker-2026-01-01.json"
REGISTER = Path("municipalities") / "register" / "kommuner.csv"
KLASS_FIELDS = {"code", "parentCode", "level", "name", "shortName", "presentationName", "validFrom", "validTo", "notes"}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def load(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


def shipped() -> Register:
    return Register.load(ROOT / REGISTER)


def cli(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str):
    monkeypatch.chdir(project)
    code = main(["register", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def saved(tmp_path: Path, kommuner: dict, fylker: dict | None = None) -> list[str]:
    k, f = tmp_path / "k.json", tmp_path / "f.json"
    k.write_text(json.dumps(kommuner, ensure_ascii=False), "utf-8")
    f.write_text(json.dumps(fylker if fylker is not None else load(FYLKER_JSON), ensure_ascii=False), "utf-8")
    return ["--from-file", str(k), "--fylker-file", str(f)]


def set_label(payload: dict, code: str, name: str | None) -> dict:
    """Change (or with name=None remove) one code in a copy of a codesAt response."""
    result = copy.deepcopy(payload)
    codes = result["codes"]
    index = next((i for i, c in enumerate(codes) if c["code"] == code), None)
    if name is None:
        assert index is not None
        del codes[index]
    elif index is None:
        new = dict(codes[0], code=code, name=name)
        codes.append(new)
    else:
        codes[index]["name"] = name
    return result


# --- format and parsing --------------------------------------------------------------------------------------------


def test_fixtures_have_the_klass_codesat_shape() -> None:
    for path in (KOMMUNER_JSON, FYLKER_JSON):
        codes = load(path)["codes"]
        assert codes and all(set(item) == KLASS_FIELDS for item in codes), path
    assert {"code": "9999", "name": "Uoppgitt"}.items() <= load(KOMMUNER_JSON)["codes"][-1].items()


def test_pseudo_code_9999_is_dropped() -> None:
    kommuner = klass.parse_codes(load(KOMMUNER_JSON), "k", 4)
    fylker = klass.parse_codes(load(FYLKER_JSON), "f", 2)
    assert "9999" not in kommuner and "Uoppgitt" not in kommuner.values()
    assert "99" not in fylker
    assert len(kommuner) == len(shipped().kommuner) == 357
    assert len(fylker) == 15


@pytest.mark.parametrize(
    ("label", "known", "norwegian", "sami", "guessed"),
    [
        ("Oslo - Oslove", "Oslo", "Oslo", "Oslove", False),
        ("Guovdageaidnu - Kautokeino", "Kautokeino", "Kautokeino", "Guovdageaidnu", False),  # Sami first
        ("Gáivuotna - Kåfjord - Kaivuono", "Kåfjord", "Kåfjord", "Gáivuotna / Kaivuono", False),
        ("Lyngen - Ivgu - Yykeä", "Lyngen", "Lyngen", "Ivgu / Yykeä", False),
        ("Herøy (Nordland)", "Herøy", "Herøy", "", False),  # SSB's bracket for shared names
        ("Aurskog-Høland", "Aurskog-Høland", "Aurskog-Høland", "", False),  # a hyphen is not a separator
        ("Nyby - Ođđasiida", None, "Nyby", "Ođđasiida", True),  # unknown kommune: first part, flagged
    ],
)
def test_split_name_gives_the_sami_name_column(label, known, norwegian, sami, guessed) -> None:
    name = klass.split_name(label, known, frozenset({"Nordland", "Møre og Romsdal"}))
    assert (name.norwegian, " / ".join(name.others), name.guessed) == (norwegian, sami, guessed)


def test_bracket_is_kept_when_it_is_not_a_fylke() -> None:
    assert klass.split_name("Nes (gammel)", None, frozenset({"Akershus"})).norwegian == "Nes (gammel)"


def test_built_rows_match_the_register_columns() -> None:
    built = klass.build(klass.parse_codes(load(KOMMUNER_JSON), "k", 4),
                        klass.parse_codes(load(FYLKER_JSON), "f", 2), shipped())
    rows = {k.number: k for k in built.kommuner}
    assert rows["5612"].name == "Kautokeino" and rows["5612"].sami_name == "Guovdageaidnu"
    assert rows["5540"].sami_name == "Gáivuotna / Kaivuono"
    assert (rows["5622"].county_number, rows["5622"].county_name) == ("56", "Finnmark")  # not the 104 label
    assert rows["1818"].name == "Herøy" and rows["1818"].county_name == "Nordland"
    assert rows["5612"].sami_area is True and rows["0301"].sami_area is False  # kept from the CSV


# --- unchanged register --------------------------------------------------------------------------------------------


def test_unchanged_register_reports_no_changes_and_writes_identical_bytes(project, monkeypatch, capsys) -> None:
    before = (project / REGISTER).read_bytes()
    code, out, err = cli(project, monkeypatch, capsys, "--from-file", str(KOMMUNER_JSON),
                         "--fylker-file", str(FYLKER_JSON), "--write")
    assert code == 0, err
    assert "Ingen endringer" in out
    assert "Filer som må endres" not in out
    assert (project / REGISTER).read_bytes() == before
    # The serializer itself reproduces the shipped file byte for byte (column order, sorting, quoting, LF).
    assert klass.render_csv(shipped().kommuner).encode("utf-8") == (ROOT / REGISTER).read_bytes()
    # Porsanger: the deliberate exception is reported, not hidden.
    assert ("5622 Porsanger: beholder Kartverkets skrivemåte «Porsáŋgu / Porsanki» "
            "(SSB skriver «Porsángu / Porsanki»)") in out


def test_other_ssb_spelling_of_porsanger_is_a_reported_change(tmp_path, project, monkeypatch, capsys) -> None:
    changed = set_label(load(KOMMUNER_JSON), "5622", "Porsanger - Porsángu")
    code, out, _ = cli(project, monkeypatch, capsys, *saved(tmp_path, changed))
    assert code == 0
    assert "5622 Porsanger: «Porsáŋgu / Porsanki» → «Porsángu»" in out
    assert "beholder Kartverkets" not in out


# --- changes -------------------------------------------------------------------------------------------------------


def changed_response() -> dict:
    data = load(KOMMUNER_JSON)
    data = set_label(data, "1577", None)  # Volda removed
    data = set_label(data, "1599", "Hornindal")  # added
    data = set_label(data, "3305", "Hønefoss")  # Ringerike renamed
    return set_label(data, "5610", "Kárášjohka - Karasjok - Kaarasjoki")  # a Kven name added


def test_changes_are_reported_exactly(tmp_path) -> None:
    built = klass.build(klass.parse_codes(changed_response(), "k", 4),
                        klass.parse_codes(load(FYLKER_JSON), "f", 2), shipped())
    diff = klass.compare(shipped().kommuner, built.kommuner)
    assert [k.number for k in diff.added] == ["1599"]
    assert [k.number for k in diff.removed] == ["1577"]
    assert [(a.name, b.name) for a, b in diff.renamed] == [("Ringerike", "Hønefoss")]
    assert [(a.sami_name, b.sami_name) for a, b in diff.sami_changed] == [
        ("Kárášjohka", "Kárášjohka / Kaarasjoki")
    ]
    assert diff.county_changed == []
    assert [k.number for k in built.new_area_unknown] == ["1599"]


def test_cli_lists_changes_and_affected_files_without_writing(tmp_path, project, monkeypatch, capsys) -> None:
    before = (project / REGISTER).read_bytes()
    code, out, err = cli(project, monkeypatch, capsys, *saved(tmp_path, changed_response()))
    assert code == 0, err
    assert "Nye kommuner (1):\n  - 1599 Hornindal (Møre og Romsdal)\n" in out
    assert "Kommuner som er borte (1):\n  - 1577 Volda (Møre og Romsdal)\n" in out
    assert "Nytt navn (samme nummer) (1):\n  - 3305: Ringerike → Hønefoss\n" in out
    assert ("Endret samisk/kvensk navn (1):\n"
            "  - 5610 Karasjok: «Kárášjohka» → «Kárášjohka / Kaarasjoki»\n") in out
    assert "Endret fylke" not in out
    assert "SJEKK: 1599 Hornindal er ny" in out and "samisk_forvaltningsomrade er satt til false" in out
    # affected files
    assert "municipalities/1577-volda.yaml: 1577 Volda finnes ikke lenger" in out
    assert "Kjør: git mv municipalities/3305-ringerike.yaml municipalities/3305-honefoss.yaml" in out
    assert "municipalities/interkommunale/samtaletilbod-unge-orsta-volda.yaml: kommuner: inneholder 1577," in out
    assert "5610-karasjok.yaml" not in out and "1520-orsta.yaml" not in out  # unaffected files are not listed
    assert "Ingenting er skrevet" in out
    assert (project / REGISTER).read_bytes() == before  # dry run


def test_write_updates_the_register(tmp_path, project, monkeypatch, capsys) -> None:
    code, out, err = cli(project, monkeypatch, capsys, *saved(tmp_path, changed_response()), "--write")
    assert code == 0, err
    assert "Skrev municipalities/register/kommuner.csv" in out
    after = Register.load(project / REGISTER)
    old = shipped()
    assert "1577" not in after.by_number and len(after.kommuner) == len(old.kommuner)
    assert after.by_number["1599"].name == "Hornindal" and after.by_number["1599"].sami_area is False
    assert after.by_number["3305"].name == "Hønefoss"
    assert after.by_number["5610"].sami_name == "Kárášjohka / Kaarasjoki" and after.by_number["5610"].sami_area
    assert [k.number for k in after.kommuner] == sorted(k.number for k in after.kommuner)
    lines = (project / REGISTER).read_text("utf-8").splitlines()
    unchanged = [line for line in (ROOT / REGISTER).read_text("utf-8").splitlines()
                 if not line.startswith(("1577,", "3305,", "5610,"))]
    assert set(unchanged) <= set(lines) and len(lines) == len(unchanged) + 3


def test_renumbered_kommune_is_pointed_out(tmp_path, project, monkeypatch, capsys) -> None:
    data = set_label(set_label(load(KOMMUNER_JSON), "1577", None), "1599", "Volda")
    code, out, _ = cli(project, monkeypatch, capsys, *saved(tmp_path, data))
    assert code == 0
    assert "Merk: Volda har trolig fått nytt nummer (1577 → 1599)." in out
    assert "Kjør: git mv municipalities/1577-volda.yaml municipalities/1599-volda.yaml og rett kommunenummer" in out
    assert "samtaletilbod-unge-orsta-volda.yaml: kommuner: inneholder 1577 → 1599," in out


def test_unknown_name_order_of_a_new_kommune_is_flagged(tmp_path, project, monkeypatch, capsys) -> None:
    data = set_label(load(KOMMUNER_JSON), "5699", "Ođđasiida - Nyby")
    code, out, _ = cli(project, monkeypatch, capsys, *saved(tmp_path, data))
    assert code == 0
    assert "5699 Ođđasiida (Finnmark), samisk/kvensk navn «Nyby»" in out
    assert "SJEKK: 5699 heter «Ođđasiida - Nyby» hos SSB" in out


def test_renamed_fylke_is_reported_for_its_kommuner(tmp_path, project, monkeypatch, capsys) -> None:
    fylker = set_label(load(FYLKER_JSON), "39", "Vestfold og Jarlsberg")
    code, out, _ = cli(project, monkeypatch, capsys, *saved(tmp_path, load(KOMMUNER_JSON), fylker))
    assert code == 0
    count = sum(1 for k in shipped().kommuner if k.county_number == "39")
    assert f"Endret fylke ({count}):" in out
    assert "3901 Horten: 39 Vestfold → 39 Vestfold og Jarlsberg" in out


def test_kommune_without_fylke_is_an_error(tmp_path, project, monkeypatch, capsys) -> None:
    fylker = set_label(load(FYLKER_JSON), "56", None)
    code, _, err = cli(project, monkeypatch, capsys, *saved(tmp_path, load(KOMMUNER_JSON), fylker))
    assert code == 1
    assert "hører til fylke 56, men fylket finnes ikke i SSBs fylkesliste" in err


def test_broken_saved_file_is_a_norwegian_error(tmp_path, project, monkeypatch, capsys) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("<html>Service Unavailable</html>", "utf-8")
    code, _, err = cli(project, monkeypatch, capsys, "--from-file", str(bad), "--fylker-file", str(FYLKER_JSON))
    assert code == 1 and "er ikke gyldig JSON fra KLASS" in err


def test_from_file_needs_fylker_file(project, monkeypatch, capsys) -> None:
    code, _, err = cli(project, monkeypatch, capsys, "--from-file", str(KOMMUNER_JSON))
    assert code == 2 and "Bruk --from-file og --fylker-file sammen" in err


# --- fetching (faked) ----------------------------------------------------------------------------------------------


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def test_fetch_asks_klass_codesat_for_the_date(project, monkeypatch, capsys) -> None:
    calls = []

    def fake(request, timeout):
        calls.append((request.full_url, timeout, request.get_header("Accept")))
        source = KOMMUNER_JSON if "/131/" in request.full_url else FYLKER_JSON
        return FakeResponse(source.read_bytes())

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    code, out, err = cli(project, monkeypatch, capsys, "--date", "2026-01-01")
    assert code == 0, err
    assert calls == [
        ("https://data.ssb.no/api/klass/v1/classifications/131/codesAt?date=2026-01-01", 20.0, "application/json"),
        ("https://data.ssb.no/api/klass/v1/classifications/104/codesAt?date=2026-01-01", 20.0, "application/json"),
    ]
    assert "Ingen endringer" in out


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (urllib.error.URLError("[Errno -2] Name or service not known"), "Får ikke kontakt med SSB (KLASS)"),
        (TimeoutError("timed out"), "Får ikke kontakt med SSB (KLASS)"),
        (urllib.error.HTTPError("https://data.ssb.no/", 503, "Service Unavailable", {}, None), "HTTP 503"),
    ],
)
def test_unreachable_ssb_gives_a_clear_error_and_changes_nothing(error, expected, project, monkeypatch, capsys) -> None:
    def fake(request, timeout):
        raise error

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    before = (project / REGISTER).read_bytes()
    code, out, err = cli(project, monkeypatch, capsys, "--date", "2026-01-01", "--write")
    assert code == 1
    assert expected in err and "Ingenting er endret" in err and "--from-file" in err
    assert "Traceback" not in err and out == ""
    assert (project / REGISTER).read_bytes() == before


def test_bad_date_is_rejected(project, monkeypatch, capsys) -> None:
    code, _, err = cli(project, monkeypatch, capsys, "--date", "1. januar")
    assert code == 2 and "Ugyldig dato «1. januar»" in err
