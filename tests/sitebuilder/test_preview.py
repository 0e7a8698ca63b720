"""The fast one-kommune loop for editors: the restricted build, and `forlopsinfo preview` reloading on a YAML edit."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from conftest import run_cli

NATIONAL = ["index.html", "forlop/index.html", "akutt-hjelp/index.html", "rettigheter/index.html",
            "parorende/index.html", "om-nettstedet/index.html", "fylke/33-buskerud/index.html"]


def test_restricted_build_has_national_pages_and_one_kommune_without_broken_links(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "forhandsvisning"
    result = run_cli(project, "build", "--kommune", "3305", "--site-dir", str(out))
    assert result.returncode == 0, result.stdout + result.stderr  # mkdocs --strict: a broken .md link fails
    assert "Avgrenset bygg" in result.stdout
    assert not (project / "site").exists()  # built where asked, not into site/

    for rel in NATIONAL:
        assert (out / rel).is_file(), rel
        assert (out / "nn" / rel).is_file(), rel
    assert [p.parent.name for p in (out / "kommune").glob("*/index.html")] == ["3305-ringerike"]
    assert [p.parent.name for p in (out / "nn" / "kommune").glob("*/index.html")] == ["3305-ringerike"]
    assert "Ringerike" in (out / "kommune" / "3305-ringerike" / "index.html").read_text("utf-8")
    # the other kommuner's snippets and open data are not made either (they were 0.7 s of a national preview)
    assert sorted(p.name for p in (out / "innbygging").iterdir()) == ["3305-ringerike-ramme.html", "3305-ringerike.html"]
    assert [p.name for p in (out / "api" / "kommuner").iterdir()] == ["3305.json"]
    assert [p.name for p in (out / "api" / "hsds").iterdir()] == ["3305.json"]

    # The front page still lists every kommune; only Ringerike is a link.
    front = (out / "index.html").read_text("utf-8")
    listing = front[front.index('class="kommuneliste"'):]
    assert len(re.findall(r"<li>", listing)) == 357
    assert 'href="kommune/3305-ringerike/"' in listing
    assert "kommune/1577-volda/" not in listing and ">Volda" in listing

    # No relative link on the list pages leads nowhere (the plain links into the other language included).
    checked = 0
    for page in [out / "index.html", out / "nn" / "index.html", *out.glob("fylke/*/index.html"),
                 *out.glob("nn/fylke/*/index.html")]:
        base = "http://x/" + page.relative_to(out).as_posix()
        for href in re.findall(r'href="([^"#]+)[^"]*"', page.read_text("utf-8")):
            if re.match(r"[a-z]+:", href):
                continue
            target = out / urlsplit(urljoin(base, href)).path.lstrip("/")
            assert (target / "index.html").is_file() or target.is_file(), f"{page}: {href}"
            checked += 1
    assert checked > 100


def test_unknown_kommune_is_refused_in_norwegian(project: Path) -> None:
    result = run_cli(project, "build", "--kommune", "9999")
    assert result.returncode != 0
    assert "Fant ikke kommunen «9999»" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _stop(server: subprocess.Popen) -> None:
    """Stop the preview as Ctrl+C would (SIGTERM), and kill it if it does not stop within 30 s."""
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.3)
    return False


def test_preview_reloads_when_the_yaml_file_is_saved(project: Path) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/kommune/3305-ringerike/"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("GITHUB_ACTIONS", None)
    log_path = project.parent / "preview.log"  # read while the server runs: it says when a rebuild failed
    log = log_path.open("w", encoding="utf-8")
    server = subprocess.Popen(
        [sys.executable, "-m", "forlopsinfo.cli", "preview", "3305", "--port", str(port)],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    try:
        assert _wait_for(lambda: (_get(url) or "").count("Forvaltning og koordinering") > 0, 120), "preview never served"
        assert "livereload" in _get(url)  # the page reloads itself when the site changes
        assert _get(f"http://127.0.0.1:{port}/kommune/1577-volda/") is None  # restricted: not built

        path = project / "municipalities" / "3305-ringerike.yaml"
        path.write_text(path.read_text("utf-8").replace("  navn: Forvaltning og koordinering\n",
                                                        "  navn: Tjenestekontoret i forhåndsvisningen\n", 1), "utf-8")
        assert _wait_for(lambda: "Tjenestekontoret i forhåndsvisningen" in (_get(url) or ""), 120), "no rebuild"

        # A broken file: the build fails, the server keeps the last good page and carries on once it is fixed.
        good = path.read_text("utf-8")
        path.write_text(good.replace('telefon: "32 00 00 01"', "telefon: 32000001"), "utf-8")
        assert _wait_for(lambda: "Byggingen feilet" in log_path.read_text("utf-8"), 60), "the failed build is not reported"
        page = _get(url) or ""
        assert "Tjenestekontoret i forhåndsvisningen" in page
        # ... and the browser says so, with the message, first in the page
        assert 'id="forhandsvisning-feilet"' in page and "koordinerende_enhet.telefon: Verdien skal være tekst." in page
        assert re.search(r'<body[^>]*><div role="alert" lang="nb" id="forhandsvisning-feilet"', page)
        path.write_text(good.replace("Tjenestekontoret i forhåndsvisningen", "Rettet kontor"), "utf-8")
        assert _wait_for(lambda: "Rettet kontor" in (_get(url) or ""), 120), "no rebuild after the fix"
        assert "forhandsvisning-feilet" not in (_get(url) or "")  # cleared by the good build
    finally:
        _stop(server)
        log.close()
    output = log_path.read_text("utf-8")
    assert "Forhåndsvisning av kommune 3305" in output
    assert "Stopper." in output  # stopped cleanly, and removed its scratch folder:
    scratch = re.search(r"nettstedet ligger i (\S+)/site/", output).group(1)
    assert scratch.startswith(tempfile.gettempdir()) and not Path(scratch).exists()
    assert "koordinerende_enhet.telefon: Verdien skal være tekst." in output  # the editor is told what to fix
    assert "Byggingen feilet" in output and "Traceback" not in output


def test_the_failure_banner_shows_the_messages_as_text() -> None:
    from forlopsinfo.sitebuilder.preview import failure_html, with_banner

    banner = failure_html('m.yaml:3:1: navn: <script>alert(1)</script> «\u202eevil»\n\n1 feil i 1 fil.\n')
    text = banner.decode("utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text and "\u202e" not in text and "\\u202e" in text
    assert text.startswith('<div role="alert"') and "Byggingen feilet." in text
    page = with_banner(b'<html><body class="x"><h1>Side</h1></body></html>', banner)
    assert page.startswith(b'<html><body class="x"><div role="alert"') and page.endswith(b"<h1>Side</h1></body></html>")
    many = failure_html("\n".join(f"linje {i}" for i in range(100))).decode("utf-8")
    assert "linje 39" in many and "linje 40" not in many and "60 linjer til i terminalen" in many


def test_preview_serves_a_status_page_when_the_first_build_fails(project: Path) -> None:
    path = project / "municipalities" / "3305-ringerike.yaml"
    path.write_text(path.read_text("utf-8").replace('telefon: "32 00 00 01"', "telefon: 32000001"), "utf-8")
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("GITHUB_ACTIONS", None)
    server = subprocess.Popen(
        [sys.executable, "-m", "forlopsinfo.cli", "preview", "3305", "--port", str(port)],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def page() -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/kommune/3305-ringerike/", timeout=5) as response:
                return response.read().decode("utf-8")
        except urllib.error.HTTPError as err:  # the status page comes with 404: there is no page yet
            return err.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return ""

    try:
        assert _wait_for(lambda: "forhandsvisning-feilet" in page(), 120), "no status page"
        assert "koordinerende_enhet.telefon: Verdien skal være tekst." in page() and "livereload" in page()
        path.write_text(path.read_text("utf-8").replace("telefon: 32000001", 'telefon: "32 00 00 01"'), "utf-8")
        assert _wait_for(lambda: "Ringerike" in page() and "forhandsvisning-feilet" not in page(), 120), "no site"
    finally:
        _stop(server)
