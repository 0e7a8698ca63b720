"""The kommune form «Lag eller endre kommunesiden» in Debian's Chromium (issue 20).

* Agreement: every file of tests/editor/fixtures/form-corpus/ goes through the Python validator (load_dataset, as
  `forlopsinfo validate`) and through the form (pasted into «Har du kommunefilen allerede?» and read in). Both must
  say valid or not, and name the same problems: the same field, message and fix. The browser cannot check what needs
  other files or the file itself (BROWSER_CANNOT_CHECK); the corpus keeps clear of those, and a test shows that the
  Python validator does give them.
* Round trip: a file filled in with the keyboard only, from «Start en ny fil», is valid for `forlopsinfo validate`
  and builds a kommune page with its phone number, in a copy of the project.
* The published data loads for editing, the preview uses the real page's contact box, and the send options follow
  the settings (GitHub's new-file or edit page, no e-mail while the publisher is the placeholder).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, TODAY, chromium_browser, copy_project, run_cli
from site_server import served  # noqa: F401 (served: a fixture)
from forlopsinfo.layout import register_path
from forlopsinfo.load.register import Register
from forlopsinfo.validate.dataset import load_dataset

CORPUS = ROOT / "tests" / "editor" / "fixtures" / "form-corpus"
FORM = "kommuneskjema/"

# What `forlopsinfo validate` checks that the form cannot, and why. Each is named by the start of its message.
BROWSER_CANNOT_CHECK = {
    "Kommunenummeret finnes ikke i kommuneregisteret.": "the form chooses the kommune from the register itself",
    "Filnavnet": "the form names the file itself (<nummer>-<navn>.yaml)",
    "Første linje skal koble filen til skjemaet": "the form writes the modeline itself",
    "Dette er en eksempelverdi": "needs the template's values; a file from the form starts empty, not from the template",
    "Datoen er frem i tid.": "depends on the checking machine's date; the form fills in today",
    "Finner ingen interkommunal tjeneste": "needs the other files in municipalities/interkommunale/",
    "Tjenesten gjelder ikke for kommune": "needs the shared service's own file",
    "Kommunen har allerede en fil": "needs the other kommune files",
    # YAML itself (load/yamlload.py): the form reads YAML 1.2 as the loader does, but only says that a file could not
    # be read and on which line; duplicate keys, anchors, tags, hidden characters and size limits are the loader's.
}


def python_problems(text: str) -> list[tuple[str, str, str]]:
    """What `forlopsinfo validate` says about `text` as the kommune's file: (field, message, fix)."""
    number = re.search(r'^kommunenummer: "([0-9]{4})"', text, re.MULTILINE)
    register = Register.load(register_path(ROOT / "municipalities"))
    name = register.by_number[number.group(1)].slug + ".yaml" if number else "0301-oslo.yaml"
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "templates", Path(tmp) / "templates")  # the template's values: never real data
        path = Path(tmp) / "municipalities" / name
        path.parent.mkdir()
        path.write_text(text, "utf-8")
        _, problems = load_dataset(ROOT / "municipalities", Path(tmp), only=[path], today=TODAY)
    return sorted((p.field, p.message, p.fix) for p in problems)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def form(browser: object, served: str) -> Iterator[object]:
    page = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + FORM, wait_until="load")
    page.wait_for_selector("#kommuneskjema[data-klar]", timeout=15000)
    yield page
    assert errors == []
    page.close()


def checked(page: object, before: str | None) -> None:
    page.wait_for_function(  # type: ignore[attr-defined]
        "b => document.getElementById('kommuneskjema').getAttribute('data-sjekket') !== b", arg=before)


def form_problems(page: object) -> list[tuple[str, str, str]]:
    items = page.eval_on_selector_all(  # type: ignore[attr-defined]
        ".ks-feilliste li", "ls => ls.map(l => [l.dataset.sti, l.querySelector('.ks-melding').textContent,"
        " l.querySelector('.ks-retting').textContent])")
    return sorted(tuple(i) for i in items)


def read_in(page: object, text: str) -> None:
    before = page.get_attribute("#kommuneskjema", "data-sjekket")  # type: ignore[attr-defined]
    if not page.is_visible("#ks-lim-inn"):  # type: ignore[attr-defined]
        page.click(".ks-egen-fil summary")  # type: ignore[attr-defined]
    page.fill("#ks-lim-inn", text)  # type: ignore[attr-defined]
    page.click(".ks-les-inn")  # type: ignore[attr-defined]
    checked(page, before)


def test_the_corpus_is_broad() -> None:
    cases = sorted(CORPUS.glob("*.yaml"))
    assert len(cases) >= 15
    valid = [c for c in cases if not python_problems(c.read_text("utf-8"))]
    assert {c.stem for c in valid} >= {"gyldig-minimal", "gyldig-full"}
    assert len(cases) - len(valid) >= 12


def test_form_and_validator_agree_on_every_corpus_file(form: object) -> None:
    disagree = {}
    for case in sorted(CORPUS.glob("*.yaml")):
        text = case.read_text("utf-8")
        read_in(form, text)
        want = python_problems(text)
        assert not [w for w in want if any(w[1].startswith(k) for k in BROWSER_CANNOT_CHECK)], case.name
        got = form_problems(form)
        verdict = form.get_attribute("#ks-dom", "class")  # type: ignore[attr-defined]
        if got != want or ("ks-dom--ok" in verdict) != (not want):
            disagree[case.stem] = {"python": want, "skjema": got}
    assert disagree == {}


def test_what_the_form_leaves_to_the_validator_is_caught_there() -> None:
    """The checks the browser cannot make are real: the Python validator gives them for a file the form would
    call valid (a template value in a real file, a shared service that does not exist)."""
    text = (CORPUS / "gyldig-minimal.yaml").read_text("utf-8")
    found = python_problems(text.replace("eksempel: true\n", "").replace('"@ola-nordmann"', '"@drammen-redaksjon"')
                            .replace('"32 04 00 00"', '"22 00 00 00"') + "interkommunale_tjenester: [finnes-ikke]\n")
    messages = [m for _, m, _ in found]
    assert any(m.startswith("Dette er en eksempelverdi") for m in messages)
    assert any(m.startswith("Finner ingen interkommunal tjeneste") for m in messages)


def tab_to(page: object, selector: str, limit: int = 80) -> int:
    """Press Tab until the element matching `selector` has focus; returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):  # type: ignore[attr-defined]
            return presses
    raise AssertionError(f"Tab never reached {selector}")


def test_a_minimal_file_by_keyboard_only_validates_and_builds(form: object, tmp_path: Path) -> None:
    """Start a new file for Drammen and fill in what a minimal file needs with Tab, typing, Space and Enter only.
    The file the form writes is valid for `forlopsinfo validate` and builds Drammen's page, in a project copy."""
    page = form
    start = time.monotonic()
    keys = tab_to(page, "#ks-kommune")
    page.keyboard.type("Drammen")  # a select takes typed letters
    assert page.input_value("#ks-kommune") == "3301"
    keys += 7 + tab_to(page, "button.ks-knapp")  # «Start en ny fil»
    page.keyboard.press("Enter")
    page.wait_for_selector("#ks-fyll-inn:not([hidden])")
    steps = [
        ("#ks-vedlikeholdere-1-", "@drammen-redaksjon"),
        ("#ks-meld_feil_til-epost", "postmottak@drammen.kommune.no"),
        ("#ks-koordinerende_enhet-navn", "Tildelingskontoret"),
        ("#ks-koordinerende_enhet-telefon", "32 04 00 00"),
    ]
    for selector, text in steps:
        keys += tab_to(page, selector) + len(text)
        page.keyboard.type(text)
    for day in range(5):  # mandag–fredag
        keys += tab_to(page, f"#ks-koordinerende_enhet-telefontid-1-dager-{day}") + 1
        page.keyboard.press("Space")
    for selector, text in (("#ks-koordinerende_enhet-telefontid-1-fra", "09:00"),
                           ("#ks-koordinerende_enhet-telefontid-1-til", "15:00")):
        keys += tab_to(page, selector) + len(text)
        page.keyboard.type(text)
    page.keyboard.press("Tab")
    seconds = time.monotonic() - start
    assert page.get_attribute("#ks-dom", "class") == "ks-dom ks-dom--ok", form_problems(page)
    assert keys < 200 and seconds < 60, (keys, seconds)
    text = page.input_value("#ks-resultat")
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    assert "# KOMMUNEFIL FOR DRAMMEN" in text and "# Fire sifre, i anførselstegn." in text
    project = copy_project(tmp_path / "proj")
    (project / "municipalities" / "3301-drammen.yaml").write_text(text, "utf-8")
    result = run_cli(project, "validate")
    assert result.returncode == 0, result.stdout + result.stderr
    result = run_cli(project, "build", "--kommune", "3301")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (project / "site" / "kommune" / "3301-drammen" / "index.html").read_text("utf-8")
    assert 'href="tel:+4732040000"' in html and "Tildelingskontoret" in html


def test_the_form_writes_what_it_read(form: object) -> None:
    """Read in, written out, read in again: the same data and no problems (the full template file)."""
    text = (CORPUS / "gyldig-full.yaml").read_text("utf-8")
    read_in(form, text)
    assert form_problems(form) == []
    written = form.input_value("#ks-resultat")  # type: ignore[attr-defined]
    assert python_problems(written) == []
    import yaml

    assert yaml.safe_load(written) == yaml.safe_load(text)


def test_published_data_loads_for_editing_with_the_real_contact_box(form: object, served: str) -> None:
    page = form
    page.select_option("#ks-kommune", "3305")
    page.get_by_role("button", name="Hent det som står på siden nå").click()
    page.wait_for_selector("#ks-fyll-inn:not([hidden])")
    assert page.input_value("#ks-koordinerende_enhet-navn") == "Forvaltning og koordinering"
    assert "Opplysningene er oppdiktet" in page.inner_text("#kommuneskjema")  # Ringerike's file is example data
    assert page.get_attribute("#ks-dom", "class") == "ks-dom ks-dom--ok"
    assert page.input_value("#ks-sist_kontrollert") == dt.date.today().isoformat()
    box = page.eval_on_selector(".ks-forhand .kontaktboks a.ring.ring--kommune", "a => [a.textContent, a.getAttribute('href')]")
    assert box == ["Ring 32 00 00 01", "tel:+4732000001"]
    text = page.input_value("#ks-resultat")
    assert "telefontid: []" not in text and "eksempel: true" in text
    # an existing file: copy it and open GitHub's edit page
    assert page.get_by_role("button", name="Kopier filen og åpne den på GitHub").is_visible()
    # the shipped publisher is the placeholder: the form says so instead of offering its address
    assert page.is_visible("text=Nettstedet har ikke satt opp en e-postadresse for dette ennå.")
    assert page.query_selector(".ks-send a[href^='mailto:']") is None
    page.fill("#ks-koordinerende_enhet-telefon", "12")
    assert "Dette er ikke et gyldig telefonnummer." in page.inner_text("#ks-koordinerende_enhet-telefon-feil")
    assert page.get_attribute("#ks-koordinerende_enhet-telefon", "aria-invalid") == "true"


def test_a_new_file_opens_githubs_new_file_page_with_name_and_content(form: object) -> None:
    page = form
    page.select_option("#ks-kommune", "4601")
    page.get_by_role("button", name="Start en ny fil").click()
    page.wait_for_selector("#ks-fyll-inn:not([hidden])")
    link = page.get_attribute(".ks-send a[href^='https://github.com/']", "href")
    parts = urlsplit(link)
    assert parts.path == "/forlopsinfo/forlopsinfo/new/main"
    query = parse_qs(parts.query)
    assert query["filename"] == ["municipalities/4601-bergen.yaml"]
    assert query["value"][0] == page.input_value("#ks-resultat")
    assert page.get_attribute(".ks-send a[download]", "download") == "4601-bergen.yaml"


def test_the_nynorsk_page_speaks_nynorsk_and_writes_nynorsk_days(browser: object, served: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(served + "nn/" + FORM, wait_until="load")
        page.wait_for_selector("#kommuneskjema[data-klar]")
        assert page.evaluate("document.documentElement.lang") == "nn"
        assert page.input_value("#ks-malform") == "nynorsk"
        page.select_option("#ks-kommune", "1577")
        page.get_by_role("button", name="Start ei ny fil").click()
        page.wait_for_selector("#ks-fyll-inn:not([hidden])")
        page.check("#ks-koordinerende_enhet-telefontid-1-dager-0")
        assert "dager: [måndag]" in page.input_value("#ks-resultat")
        assert page.get_attribute("label[for='ks-koordinerende_enhet-telefon']", "lang") == "nb"  # the model's words
    finally:
        page.close()


def test_mail_goes_to_a_set_publisher_with_the_file_or_asks_to_attach_it(browser: object, tmp_path: Path) -> None:
    """With a real publisher in pyproject.toml the form offers e-mail to that address: the file in the body while the
    link stays short enough for mail programs, else a plain link and a request to attach the downloaded file."""
    import functools
    import http.server
    import threading

    from site_server import PREFIX, _Handler

    project = copy_project(tmp_path / "proj")
    settings = (project / "pyproject.toml").read_text("utf-8")
    settings = settings.replace('email = "utgiver@forlopsinfo.example"', 'email = "nettsted@utgiver.no"')
    (project / "pyproject.toml").write_text(settings.replace("placeholder = true", "placeholder = false"), "utf-8")
    result = run_cli(project, "build", "--kommune", "3301")
    assert result.returncode == 0, result.stdout + result.stderr
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}{PREFIX}{FORM}", wait_until="load")
        page.wait_for_selector("#kommuneskjema[data-klar]")
        page.select_option("#ks-kommune", "3301")
        page.get_by_role("button", name="Start en ny fil").click()
        page.wait_for_selector("#ks-fyll-inn:not([hidden])")
        mail = page.get_attribute(".ks-send a[href^='mailto:']", "href")
        assert mail.startswith("mailto:nettsted@utgiver.no?subject=") and "&body=" in mail
        body = parse_qs(urlsplit(mail).query)["body"][0]
        sent = body[body.index("# yaml-language-server"):]
        assert "# KOMMUNEFIL" not in sent and python_problems(sent) == python_problems(page.input_value("#ks-resultat"))
        page.get_by_role("button", name="Legg til: Forløpskoordinering").click()
        page.fill("#ks-forløpskoordinering-beskrivelse", "Lang tekst. " * 150)
        mail = page.get_attribute(".ks-send a[href^='mailto:']", "href")
        assert "&body=" not in mail
        assert page.is_visible("text=Filen er for lang til å stå i e-posten.")
    finally:
        page.close()
        server.shutdown()


def test_what_people_type_is_tidied_when_they_leave_the_field(form: object) -> None:
    """From the walk-through as a new kommune employee: typed quotation marks are dropped (the messages speak of the
    file's quotes, which the form writes itself), and «kl. 9», «14» and «9.30» become 09:00, 14:00 and 09:30. A
    kommune that has only an example page says so in the list."""
    page = form
    label = page.eval_on_selector("#ks-kommune option[value='1577']", "o => o.textContent")
    assert "eksempelside" in label
    page.select_option("#ks-kommune", "3301")
    page.click("button.ks-knapp")
    page.wait_for_selector("#ks-fyll-inn:not([hidden])")
    for selector, typed, kept in (("#ks-koordinerende_enhet-telefon", '"32 04 00 00"', "32 04 00 00"),
                                  ("#ks-koordinerende_enhet-telefontid-1-fra", "kl. 9", "09:00"),
                                  ("#ks-koordinerende_enhet-telefontid-1-til", "14", "14:00"),
                                  ("#ks-koordinerende_enhet-navn", "«Tildelingskontoret»", "Tildelingskontoret")):
        page.fill(selector, typed)
        page.dispatch_event(selector, "blur")
        assert page.input_value(selector) == kept, selector
    page.fill("#ks-koordinerende_enhet-telefontid-1-til", "9.30")
    page.dispatch_event("#ks-koordinerende_enhet-telefontid-1-til", "blur")
    assert page.input_value("#ks-koordinerende_enhet-telefontid-1-til") == "09:30"
    written = page.input_value("#ks-resultat")
    assert 'telefon: "32 04 00 00"' in written and '"\\"' not in written
