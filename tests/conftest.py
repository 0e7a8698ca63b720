"""Shared fixtures: an isolated copy of the project, so tests can break data files without touching the repo."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Debian's Chromium, driven by Playwright: no browser is ever downloaded. The flags keep it off the network.
CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"]
COPY = ["municipalities", "templates", "docs", "pyproject.toml", ".github/CODEOWNERS"]
TODAY = dt.date(2026, 11, 23)  # fixed "today" so date checks do not drift


def copy_project(dest: Path) -> Path:
    for name in COPY:
        src = ROOT / name
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            shutil.copy2(src, target)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "proj")


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {**os.environ, **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if not env or "GITHUB_ACTIONS" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "forlopsinfo.cli", *args], cwd=root, capture_output=True, text=True, env=full_env
    )


# A test-only kommune with Sami text in the contact box (never shipped): Kautokeino, nordsamisk.
SAMI_FIXTURE = """\
# yaml-language-server: $schema=schema.json
kommunenummer: "5612"
målform: bokmål
eksempel: true
sist_kontrollert: 2026-11-01
vedlikeholdere: ["@test"]
meld_feil_til:
  epost: post@kautokeino.kommune.example
samisk:
  språk: se
  kontakttekst: Váldde oktavuođa koordinerejeaddji ovttadagain.
koordinerende_enhet:
  navn: Koordinerende enhet
  telefon: "78 00 00 50"
  telefontid:
    - dager: [mandag, tirsdag, onsdag, torsdag, fredag]
      fra: "09:00"
      til: "15:00"
"""


# A test-only hostile kommune file that passes validation: every text field tries to become HTML, Markdown,
# a link or a template. The built page must show all of it as plain text (see check/test_site_gates.py).
HOSTILE_TEXT = {
    "name": "<script>alert('navn')</script>",
    "placement": '<img src=x onerror="alert(1)"><iframe src="https://evil.example/"></iframe>',
    "role": "[klikk her](javascript:alert(1)) ![bilde](https://evil.example/x.png)",
    "description": "{{ config }} {% raw %} <!-- kommentar --> {: onclick=alert(1) } **fet** `kode`\n\n# Overskrift\n\n- liste\n\n<a href=\"data:text/html,x\">data</a>",
    "service": "<svg onload=alert(1)>Tjeneste</svg> &lt;script&gt;",
}
HOSTILE_FIXTURE = f"""\
# yaml-language-server: $schema=schema.json
kommunenummer: "1101"
målform: bokmål
eksempel: true
sist_kontrollert: 2026-11-01
vedlikeholdere: ["@test"]
meld_feil_til:
  epost: post@eigersund.kommune.example
koordinerende_enhet:
  navn: {json.dumps(HOSTILE_TEXT["name"])}
  plassering: {json.dumps(HOSTILE_TEXT["placement"])}
  telefon: "51 00 00 50"
  telefontid:
    - dager: [mandag]
      fra: "09:00"
      til: "15:00"
  kontaktperson:
    rolle: {json.dumps(HOSTILE_TEXT["role"])}
forløpskoordinering:
  oppnevnes_av: Koordinerende enhet
  beskrivelse: {json.dumps(HOSTILE_TEXT["description"])}
tjenester:
  - navn: {json.dumps(HOSTILE_TEXT["service"])}
    kategori: annet
    beskrivelse: {json.dumps(HOSTILE_TEXT["description"])}
    krever_henvisning: false
"""


ENTERPRISE_FIXTURE = ROOT / "tests" / "editor" / "fixtures" / "enhetsregisteret" / "kommuner.json"


def write_enterprise_register(root: Path) -> None:
    """Enhetsregisteret's kommuner as `forlopsinfo register --write` stores them, from the recorded answer with ten
    kommuner (0301 Oslo with a switchboard, 4601 Bergen with a website only, 1577 Volda published without a website
    of its own …), fetched on TODAY. Ten of 357 is below the command's «too few» guard, which is lowered here."""
    import io

    from forlopsinfo.editor.enhetsregisteret import run

    out, err = io.StringIO(), io.StringIO()
    assert run(root, [ENTERPRISE_FIXTURE], True, out, err, today=TODAY, min_matched=1) == 0, err.getvalue()


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, worker_id: str) -> Path:
    """The whole site built once through the real CLI, from the shipped data plus the Sami fixture. Read only:
    a test that changes a file works on its own copy (`project`). With pytest-xdist the workers share one build:
    the first to get here makes it under a lock, in the run's common temporary folder."""
    import fcntl

    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent  # each worker's folder is popen-gwN inside the run's
    root = shared / "built"
    with (shared / "built.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "built.ok").exists():
            shutil.rmtree(root, ignore_errors=True)  # a build that failed half-way in an earlier worker
            copy_project(root)
            (root / "municipalities" / "5612-kautokeino.yaml").write_text(SAMI_FIXTURE, "utf-8")
            (root / "municipalities" / "1101-eigersund.yaml").write_text(HOSTILE_FIXTURE, "utf-8")
            write_enterprise_register(root)
            result = run_cli(root, "build")
            assert result.returncode == 0, result.stdout + result.stderr
            assert "Ferdig: nettstedet ligger i site/" in result.stdout
            (shared / "built.ok").write_text("ok", "utf-8")
    return root


SITE_DIR_ENV = "FORLOPSINFO_SITE_DIR"


@pytest.fixture(scope="session")
def site_dir(request: pytest.FixtureRequest) -> Path:
    """The built site the site-level gates check: `built`'s site/, or an existing folder named in
    $FORLOPSINFO_SITE_DIR (`make check-site`: the very folder that is then published)."""
    import os

    given = os.environ.get(SITE_DIR_ENV)
    if not given:
        return request.getfixturevalue("built") / "site"
    site = Path(given).resolve()
    if not (site / "index.html").is_file():
        pytest.fail(f"{SITE_DIR_ENV}={given}: fant ingen index.html der. Bygg nettstedet først med «make site».")
    return site


@contextlib.contextmanager
def chromium_browser() -> Iterator[object]:
    """One headless Chromium. Use it from a module-scoped fixture: Playwright allows one instance at a time."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian Chromium mangler: `make test` installerer den (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        try:
            yield browser
        finally:
            browser.close()
