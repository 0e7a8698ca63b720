"""`forlopsinfo register`, the Enhetsregisteret part (editor/enhetsregisteret.py) and the choice of parts
(editor/register_run.py).

Never touches the network: urllib's urlopen is replaced in every test (see `no_network`). The recorded responses in
tests/editor/fixtures/enhetsregisteret/ have the documented shape of GET /enhetsregisteret/api/enheter (README there
says which values are real). The tests run in a copy of the project whose kommune register is cut to the ten
kommuner of the fixture, so the «too few kommuner matched» limit (85 % of the register) is 9.
"""

from __future__ import annotations

import copy
import io
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from forlopsinfo.cli import main
from forlopsinfo.editor import enhetsregisteret as ereg
from forlopsinfo.editor import register_run
from forlopsinfo.validate.dataset import load_dataset

from conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "enhetsregisteret"
KOMMUNER_JSON = FIXTURES / "kommuner.json"
BERGEN_JSON = FIXTURES / "bergen.json"
REGISTER = Path("municipalities") / "register" / "kommuner.csv"
STORED = Path("municipalities") / "register" / "enhetsregisteret.yaml"
NUMBERS = ["0301", "1101", "1103", "1520", "1577", "1804", "3305", "4601", "5001", "5610"]
ADDRESS_KEYS = {"adresse", "postnummer", "poststed", "kommunenummer", "kommune", "land", "landkode"}


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to reach the network")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def small(project: Path) -> Path:
    """The project copy with a register of the fixture's ten kommuner (the kommune files' four among them)."""
    lines = (project / REGISTER).read_text("utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line[:4] in NUMBERS]
    assert len(kept) == 11
    (project / REGISTER).write_text("\n".join(kept) + "\n", "utf-8")
    return project


def load(path: Path = KOMMUNER_JSON) -> dict:
    return json.loads(path.read_text("utf-8"))


def enheter(payload: dict) -> list[dict]:
    return payload["_embedded"]["enheter"]


def by_number(payload: dict, number: str) -> dict:
    return next(e for e in enheter(payload) if e["forretningsadresse"]["kommunenummer"] == number)


def with_enheter(payload: dict, items: list[dict]) -> dict:
    result = copy.deepcopy(payload)
    result["_embedded"]["enheter"] = items
    result["page"]["totalElements"] = len(items)
    return result


def saved(tmp_path: Path, payload: dict, name: str = "svar.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    return str(path)


def cli(project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str):
    monkeypatch.chdir(project)
    code = main(["register", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def command_lines(output: str) -> list[str]:
    """Lines GitHub's runner would act on: `::` at the start after blanks, or `##[` anywhere (as in tests/ci)."""
    lines = output.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


def write_first(small: Path, tmp_path: Path, monkeypatch, capsys) -> bytes:
    code, _, err = cli(small, monkeypatch, capsys, "--enheter-file", str(KOMMUNER_JSON), "--write")
    assert code == 0, err
    return (small / STORED).read_bytes()


# --- the recorded responses --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [KOMMUNER_JSON, BERGEN_JSON])
def test_fixtures_have_the_documented_search_shape(path: Path) -> None:
    payload = load(path)
    assert set(payload) == {"_embedded", "_links", "page"}
    assert set(payload["page"]) == {"size", "totalElements", "totalPages", "number"}
    assert payload["page"]["totalElements"] == len(enheter(payload)) and payload["page"]["totalPages"] == 1
    for item in enheter(payload):
        assert item["organisasjonsform"]["kode"] == "KOMM"
        assert set(item["postadresse"]) <= ADDRESS_KEYS and set(item["forretningsadresse"]) <= ADDRESS_KEYS
        assert isinstance(item["postadresse"]["adresse"], list)
        assert item["_links"]["self"]["href"].endswith("/" + item["organisasjonsnummer"])


def test_bergen_fixture_is_bergen_as_the_register_has_it() -> None:
    (bergen,) = enheter(load(BERGEN_JSON))
    assert (bergen["organisasjonsnummer"], bergen["hjemmeside"]) == ("964338531", "www.bergen.kommune.no")
    assert bergen["forretningsadresse"]["kommunenummer"] == bergen["postadresse"]["kommunenummer"] == "4601"
    entry, rejected = ereg.check_entry("4601", ereg.parse_enhet(bergen, "bergen").values)
    assert rejected == []
    assert entry == {
        "organisasjonsnummer": "964338531",
        "navn": "BERGEN KOMMUNE",
        "hjemmeside": "https://www.bergen.kommune.no",
        "postadresse": {"adresse": "Postboks 7700", "postnummer": "5020", "poststed": "BERGEN"},
        "forretningsadresse": {"adresse": "Rådhusgaten 10", "postnummer": "5014", "poststed": "BERGEN"},
    }


# --- how values become entries -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "stored"), [
    ("www.bergen.kommune.no", "https://www.bergen.kommune.no"),
    ("bergen.kommune.no/tjenester", "https://bergen.kommune.no/tjenester"),
    ("http://www.example-kommune.no", "http://www.example-kommune.no"),  # a scheme is kept
    ("  ", None),
    (None, None),
])
def test_website_becomes_a_url(given, stored) -> None:
    assert ereg.website(given) == stored


def test_address_lines_are_joined_and_the_kommune_number_falls_back_to_the_postal_address() -> None:
    item = copy.deepcopy(enheter(load(BERGEN_JSON))[0])
    item["forretningsadresse"]["adresse"] = ["Rådhusgaten 10", "", "2. etasje"]
    assert ereg.address(item["forretningsadresse"])["adresse"] == "Rådhusgaten 10, 2. etasje"
    del item["forretningsadresse"]
    item["postadresse"]["kommunenummer"] = "4601"
    assert ereg.parse_enhet(item, "x").kommune == "4601"


def test_a_value_the_model_refuses_is_left_out_and_named() -> None:
    values = ereg.parse_enhet(enheter(load(BERGEN_JSON))[0], "x").values
    values = {**values, "telefon": "123", "hjemmeside": "https://ikke oppgitt", "epost": "post@bergen.kommune.no"}
    entry, rejected = ereg.check_entry("4601", values)
    assert entry is not None and "telefon" not in entry and "hjemmeside" not in entry
    assert entry["epost"] == "post@bergen.kommune.no"
    assert {r.field for r in rejected} == {"telefon", "hjemmeside"}
    assert next(r for r in rejected if r.field == "telefon").why == "Dette er ikke et gyldig telefonnummer."


def test_a_bad_organisasjonsnummer_drops_the_whole_entry() -> None:
    values = {**ereg.parse_enhet(enheter(load(BERGEN_JSON))[0], "x").values, "organisasjonsnummer": "964338532"}
    entry, rejected = ereg.check_entry("4601", values)
    assert entry is None and [r.field for r in rejected] == ["organisasjonsnummer"]


# --- the command: dry run and --write ------------------------------------------------------------------------------


def test_dry_run_shows_the_changes_and_leaves_the_file_untouched(small, monkeypatch, capsys) -> None:
    before = (small / STORED).read_bytes()
    code, out, err = cli(small, monkeypatch, capsys, "--enheter-file", str(KOMMUNER_JSON))
    assert code == 0, err
    assert out.startswith("Enhetsregisteret mot lagrede svar (")
    assert "10 enheter med organisasjonsform KOMM, 10 av 10 kommuner har en oppføring." in out
    assert "Nye i enhetsregisteret.yaml (10):\n" in out
    assert "  - 4601 Bergen: «BERGEN KOMMUNE», organisasjonsnummer 964338531\n" in out
    assert "Ingenting er skrevet. Kjør igjen med --write" in out
    assert (small / STORED).read_bytes() == before


def test_write_gives_a_file_validate_accepts_and_the_same_bytes_again(small, tmp_path, monkeypatch, capsys) -> None:
    written = write_first(small, tmp_path, monkeypatch, capsys)
    text = written.decode("utf-8")
    assert text.startswith("# Kommunene i Enhetsregisteret (Brønnøysundregistrene). Skrevet av")  # first line kept
    assert "\nhentet: 20" in text and '\n  "0301":\n    organisasjonsnummer: "958935420"\n' in text
    assert [line[3:7] for line in text.splitlines() if line.startswith('  "')] == NUMBERS  # sorted
    assert '    telefon: "+4721802180"\n' in text  # the model's normal form
    monkeypatch.chdir(small)
    assert main(["validate"]) == 0
    data, problems = load_dataset(small / "municipalities", small)
    assert problems == []
    bergen = data.registered("4601")
    assert bergen is not None and bergen.website == "https://www.bergen.kommune.no"
    assert bergen.postal_address.street == "Postboks 7700"
    capsys.readouterr()
    # Nothing changed: the file is not rewritten, so the fetch date does not move.
    code, out, _ = cli(small, monkeypatch, capsys, "--enheter-file", str(KOMMUNER_JSON), "--write")
    assert code == 0 and "Ingen endringer" in out and "enhetsregisteret.yaml er uendret" in out
    assert (small / STORED).read_bytes() == written


def test_render_is_deterministic_and_quotes_every_string() -> None:
    import datetime as dt

    entry = {"organisasjonsnummer": "964338531", "navn": "1234", "postadresse": {"adresse": "true",
                                                                                  "postnummer": "0150",
                                                                                  "poststed": "null"}}
    text = ereg.render("# x", dt.date(2026, 12, 7), {"4601": entry, "0301": entry})
    assert text == ereg.render("# x", dt.date(2026, 12, 7), {"0301": entry, "4601": entry})
    assert '    navn: "1234"\n' in text and '      adresse: "true"\n' in text and '      poststed: "null"\n' in text
    assert ereg.render("# x", None, {}).endswith("hentet: null\nkommuner: {}\n")


def test_changed_website_is_reported(small, tmp_path, monkeypatch, capsys) -> None:
    before = write_first(small, tmp_path, monkeypatch, capsys)
    payload = load()
    by_number(payload, "1577")["hjemmeside"] = "volda.no"
    code, out, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, payload))
    assert code == 0, err
    assert ("Endret (1):\n  - 1577 Volda: nettsted «https://www.volda.kommune.no» → «https://volda.no»\n") in out
    assert "Nye i" not in out and "Fjernes fra" not in out
    assert (small / STORED).read_bytes() == before  # dry run
    code, out, _ = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, payload), "--write")
    assert code == 0 and 'hjemmeside: "https://volda.no"' in (small / STORED).read_text("utf-8")


def test_kommune_missing_from_the_response_is_reported_and_removed(small, tmp_path, monkeypatch, capsys) -> None:
    write_first(small, tmp_path, monkeypatch, capsys)
    payload = load()
    payload = with_enheter(payload, [e for e in enheter(payload) if e["organisasjonsnummer"] != "963376030"])
    code, out, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, payload), "--write")
    assert code == 0, err
    assert "9 av 10 kommuner har en oppføring" in out
    assert "Fjernes fra enhetsregisteret.yaml (1):\n  - 5610 Karasjok: «KARASJOK KOMMUNE»" in out
    assert ("SJEKK: 5610 Karasjok: ingen aktiv enhet med organisasjonsform KOMM har dette kommunenummeret") in out
    assert '"5610"' not in (small / STORED).read_text("utf-8")


def test_merged_kommune_with_two_enheter_gets_no_entry(small, tmp_path, monkeypatch, capsys) -> None:
    write_first(small, tmp_path, monkeypatch, capsys)
    payload = load()
    merged = copy.deepcopy(by_number(payload, "1520"))  # Ørsta's new enhet after a merger, registered in Volda
    merged.update(organisasjonsnummer="999000002", navn="ØRSTA OG VOLDA KOMMUNE")
    merged["forretningsadresse"]["kommunenummer"] = "1577"
    payload = with_enheter(payload, [*enheter(payload), merged])
    code, out, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, payload), "--write")
    assert code == 0, err
    assert ("SJEKK: 1577 Volda: 2 aktive enheter har dette kommunenummeret (939760946 «VOLDA KOMMUNE», "
            "999000002 «ØRSTA OG VOLDA KOMMUNE»). Ingen av dem er skrevet") in out
    assert "Fjernes fra enhetsregisteret.yaml (1):\n  - 1577 Volda" in out
    stored = (small / STORED).read_text("utf-8")
    assert '"1577"' not in stored and "999000002" not in stored and "939760946" not in stored


def test_deleted_and_winding_up_enheter_are_ignored_and_reported(small, tmp_path, monkeypatch, capsys) -> None:
    payload = load()
    old = copy.deepcopy(by_number(payload, "1577"))  # the old kommune's enhet, deleted after a merger
    old.update(organisasjonsnummer="999000010", navn="GAMLE VOLDA KOMMUNE", slettedato="2024-01-01")
    closing = copy.deepcopy(by_number(payload, "1577"))
    closing.update(organisasjonsnummer="999000029", navn="VOLDA KOMMUNE UNDER AVVIKLING", underAvvikling=True)
    payload = with_enheter(payload, [*enheter(payload), old, closing])
    code, out, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, payload), "--write")
    assert code == 0, err
    assert "Ikke brukt: 999000010 «GAMLE VOLDA KOMMUNE» (kommunenummer 1577) er slettet 2024-01-01." in out
    assert "Ikke brukt: 999000029 «VOLDA KOMMUNE UNDER AVVIKLING» (kommunenummer 1577) er under avvikling." in out
    assert "1577 Volda: 2 aktive" not in out
    stored = (small / STORED).read_text("utf-8")
    assert '"939760946"' in stored and "999000010" not in stored and "999000029" not in stored


def test_enhet_outside_the_register_is_named(small, tmp_path, monkeypatch, capsys) -> None:
    payload = load()
    stray = copy.deepcopy(by_number(payload, "1101"))
    stray.update(organisasjonsnummer="999000037", navn="NY KOMMUNE")
    stray["forretningsadresse"]["kommunenummer"] = "1599"
    payload = with_enheter(payload, [*enheter(payload), stray])
    code, out, _ = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, payload))
    assert code == 0
    assert ("SJEKK: 999000037 «NY KOMMUNE» har kommunenummer «1599», som ikke finnes i kommuneregisteret. "
            "Ikke brukt.") in out


# --- errors: nothing written, a Norwegian message ------------------------------------------------------------------


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (urllib.error.HTTPError(ereg.API_URL, 503, "Service Unavailable", {}, None),
         "Enhetsregisteret svarte med feil (HTTP 503)"),
        (urllib.error.HTTPError(ereg.API_URL, 400, "Bad Request", {}, None), "(HTTP 400)"),
        (urllib.error.URLError("[Errno -2] Name or service not known"), "Får ikke kontakt med Enhetsregisteret"),
        (TimeoutError("timed out"), "Får ikke kontakt med Enhetsregisteret"),
        (b"<html>Bad gateway</html>", "er ikke gyldig JSON fra Enhetsregisteret"),
        (b'{"_embedded": {"enheter": []}}', "mangler «page» med size, totalElements, totalPages og number"),
        (b'{"page": {"size": 100, "totalElements": 2, "totalPages": 1, "number": 0}}', "mangler «_embedded.enheter»"),
        (b'[1, 2]', "ventet et JSON-objekt"),
    ],
)
def test_api_error_changes_nothing(answer, expected, small, tmp_path, monkeypatch, capsys) -> None:
    before = write_first(small, tmp_path, monkeypatch, capsys)
    register_before = (small / REGISTER).read_bytes()

    def fake(request, timeout):
        if isinstance(answer, Exception):
            raise answer
        return FakeResponse(answer)

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    code, out, err = cli(small, monkeypatch, capsys, "--kilde", "enhetsregisteret", "--write")
    assert code == 1
    assert expected in err and "Ingenting er endret" in err and "--enheter-file" in err
    assert "Traceback" not in err and out == ""
    assert (small / STORED).read_bytes() == before and (small / REGISTER).read_bytes() == register_before


def test_too_few_kommuner_matched_is_an_error(small, tmp_path, monkeypatch, capsys) -> None:
    before = (small / STORED).read_bytes()
    payload = load()
    payload = with_enheter(payload, enheter(payload)[:8])
    code, out, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, payload), "--write")
    assert code == 1 and out == ""
    assert "Bare 8 av 10 kommuner fikk en oppføring fra Enhetsregisteret (minst 9 ventet;" in err
    assert "Ingenting er skrevet." in err
    assert (small / STORED).read_bytes() == before


def test_the_limit_is_85_percent_of_the_register_and_can_be_set(small) -> None:
    from forlopsinfo.load.register import Register

    assert ereg.minimum(Register.load(ROOT / REGISTER)) == 304  # 357 kommuner
    assert ereg.minimum(Register.load(small / REGISTER)) == 9
    out, err = io.StringIO(), io.StringIO()
    assert ereg.run(small, [BERGEN_JSON], False, out, err, min_matched=1) == 0, err.getvalue()
    assert "1 av 10 kommuner har en oppføring" in out.getvalue()


def test_an_enhet_that_is_not_komm_is_refused(small, tmp_path, monkeypatch, capsys) -> None:
    payload = load()
    enheter(payload)[0]["organisasjonsform"]["kode"] = "AS"
    code, _, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, payload))
    assert code == 1 and "organisasjonsform er «AS», ikke KOMM" in err


def test_saved_pages_must_all_be_there(small, tmp_path, monkeypatch, capsys) -> None:
    payload = load()
    first = with_enheter(payload, enheter(payload)[:5])
    second = with_enheter(payload, enheter(payload)[5:])
    for page, number in ((first, 0), (second, 1)):
        page["page"].update(size=5, totalElements=10, totalPages=2, number=number)
    code, _, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, first, "0.json"))
    assert code == 1 and "Svarene henger ikke sammen: sidene 0 med 5 enheter, men svaret sier 10 enheter på 2" in err
    code, out, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, first, "0.json"),
                         "--enheter-file", saved(tmp_path, second, "1.json"))
    assert code == 0, err
    assert "10 av 10 kommuner" in out
    code, _, err = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, first, "0.json"),
                       "--enheter-file", saved(tmp_path, first, "0b.json"))
    assert code == 1 and "Svarene henger ikke sammen" in err


def test_fetch_reads_every_page(small, monkeypatch, capsys) -> None:
    payload = load()
    pages = [with_enheter(payload, enheter(payload)[:5]), with_enheter(payload, enheter(payload)[5:])]
    for number, page in enumerate(pages):
        page["page"].update(size=5, totalElements=10, totalPages=2, number=number)
    calls = []

    def fake(request, timeout):
        calls.append((request.full_url, timeout, request.get_header("Accept")))
        number = int(request.full_url.rsplit("page=", 1)[1].split("&")[0])
        return FakeResponse(json.dumps(pages[number]).encode("utf-8"))

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    code, out, err = cli(small, monkeypatch, capsys, "--kilde", "enhetsregisteret")
    assert code == 0, err
    assert calls == [(ereg.page_url(n), 30.0, "application/json") for n in (0, 1)]
    assert ereg.page_url(1) == ("https://data.brreg.no/enhetsregisteret/api/enheter?organisasjonsform=KOMM&size=100"
                                "&page=1&sort=organisasjonsnummer")
    assert "10 av 10 kommuner har en oppføring" in out


# --- hostile strings -----------------------------------------------------------------------------------------------

HOSTILE_NAME = "VOLDA KOMMUNE\n::error file=x::injisert"
HOSTILE_PHONE = "\u202e00 00 00 55"
HOSTILE_WEB = "::warning::www.voss.example"
HOSTILE_STREET = "##[error]Storgata 1"


def hostile_payload() -> dict:
    payload = load()
    by_number(payload, "1577")["navn"] = HOSTILE_NAME
    bergen = by_number(payload, "4601")
    bergen["telefon"] = HOSTILE_PHONE
    bergen["hjemmeside"] = HOSTILE_WEB
    bergen["epostadresse"] = "post@bergen.kommune.no\n::notice::x"
    bergen["postadresse"]["adresse"] = [HOSTILE_STREET]
    return payload


@pytest.mark.parametrize("markdown", [False, True])
def test_hostile_strings_never_reach_the_output_raw(markdown, small, tmp_path, monkeypatch, capsys) -> None:
    args = ["--enheter-file", saved(tmp_path, hostile_payload()), "--write"] + (["--markdown"] if markdown else [])
    code, out, err = cli(small, monkeypatch, capsys, *args)
    assert code == 0, err
    both = out + err
    assert command_lines(both) == [], both
    assert "\u202e" not in both and "\n::" not in both
    assert "\\u202e" in both  # shown, visibly
    stored = (small / STORED).read_text("utf-8")
    assert '"1577"' not in stored  # a name on two lines: the whole entry is left out
    assert "::" not in stored.replace("https://", "") and "\u202e" not in stored and "\n::" not in stored
    assert '      adresse: "##[error]Storgata 1"\n' in stored  # the model allows it; quoted, it is only data
    monkeypatch.chdir(small)
    assert main(["validate"]) == 0  # what was written still passes


def test_hostile_values_are_named_in_the_report(small, tmp_path, monkeypatch, capsys) -> None:
    write_first(small, tmp_path, monkeypatch, capsys)
    code, out, _ = cli(small, monkeypatch, capsys, "--enheter-file", saved(tmp_path, hostile_payload()))
    assert code == 0
    assert "  - 1577 Volda: navn «VOLDA KOMMUNE\\n::error file=x::injisert» er ikke med: " in out
    assert "  - 4601 Bergen: telefon «\\u202e00 00 00 55» er ikke med: " in out
    assert "  - 4601 Bergen: nettsted «https://::warning::www.voss.example» er ikke med: " in out
    assert "  - 4601 Bergen: e-post «post@bergen.kommune.no\\n::notice::x» er ikke med: " in out
    assert "postadresse «Postboks 7700, 5020 BERGEN» → «#\\#[error]Storgata 1, 5020 BERGEN»" in out
    assert "SJEKK: 1577 Volda: oppføringen er utelatt" in out


# --- which parts run, and Markdown ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("options", "parts"), [
    (register_run.Options(), ["klass", "enhetsregisteret"]),
    (register_run.Options(date="2027-01-01"), ["klass"]),
    (register_run.Options(kommuner_file=Path("k.json"), fylker_file=Path("f.json")), ["klass"]),
    (register_run.Options(enheter_files=(Path("e.json"),)), ["enhetsregisteret"]),
    (register_run.Options(kommuner_file=Path("k.json"), fylker_file=Path("f.json"), enheter_files=(Path("e"),)),
     ["klass", "enhetsregisteret"]),
    (register_run.Options(kilde="enhetsregisteret"), ["enhetsregisteret"]),
    (register_run.Options(kilde="klass"), ["klass"]),
])
def test_the_parts_that_run(options, parts) -> None:
    assert register_run.select(options) == parts


def test_contradicting_options_are_refused(small, monkeypatch, capsys) -> None:
    code, _, err = cli(small, monkeypatch, capsys, "--kilde", "klass", "--enheter-file", str(KOMMUNER_JSON))
    assert code == 2 and "--enheter-file hører til Enhetsregisteret" in err
    code, _, err = cli(small, monkeypatch, capsys, "--kilde", "enhetsregisteret", "--date", "2027-01-01")
    assert code == 2 and "hører til KLASS" in err


def test_both_parts_run_by_default_klass_first(small, monkeypatch, capsys) -> None:
    klass_dir = Path(__file__).parent / "fixtures" / "klass"

    def fake(request, timeout):
        url = request.full_url
        if "/131/" in url:
            return FakeResponse((klass_dir / "kommuner-2026-01-01.json").read_bytes())
        if "/104/" in url:
            return FakeResponse((klass_dir / "fylker-2026-01-01.json").read_bytes())
        return FakeResponse(KOMMUNER_JSON.read_bytes())

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    code, out, err = cli(small, monkeypatch, capsys, "--markdown")
    assert code == 0, err
    assert out.startswith("## Oppdatering av registrene\n\n### Kommuneregisteret (SSB, KLASS)\n\n")
    assert out.index("### Kommuneregisteret") < out.index("### Enhetsregisteret (Brønnøysundregistrene)")
    assert "- 4601 Bergen: «BERGEN KOMMUNE», organisasjonsnummer 964338531" in out


def test_markdown_names_a_failed_part(small, monkeypatch, capsys) -> None:
    def fake(request, timeout):
        raise urllib.error.HTTPError(request.full_url, 502, "Bad Gateway", {}, None)

    monkeypatch.setattr(urllib.request, "urlopen", fake)
    code, out, err = cli(small, monkeypatch, capsys, "--kilde", "enhetsregisteret", "--markdown")
    assert code == 1 and "HTTP 502" in err
    assert "### Enhetsregisteret (Brønnøysundregistrene)\n\n**Feil:** Enhetsregisteret svarte med feil (HTTP 502)" in out
