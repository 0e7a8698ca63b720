"""Quality gates on the site that was actually built: links, anchors, valid HTML, injection, privacy,
accessibility and keyboard use. The site is served on 127.0.0.1 under the path it is published at (/forlopsinfo/, or
the path of $FORLOPSINFO_SITE_URL), so absolute links in the 404 page resolve as they do in production.

The gates marked `site` only read the built folder. `make check-site` runs just them against an existing site/
($FORLOPSINFO_SITE_DIR, see conftest.site_dir): the folder CI then publishes. Accessibility and keyboard use in a real
browser are in test_in_browser.py."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import html5lib
import pytest

from conftest import HOSTILE_TEXT
from site_server import served  # noqa: F401 (a fixture)

def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# --- 1. links -------------------------------------------------------------------------------------------------


@pytest.mark.site
def test_linkchecker_finds_no_broken_internal_link(served: str) -> None:
    """The real LinkChecker over HTTP. External URLs are syntax-checked only; the weekly job checks them live.
    Anchors are checked by test_every_anchor_exists (LinkChecker fetches a page again per anchor: 9 min 42 s)."""
    linkchecker = Path(sys.executable).with_name("linkchecker")
    config_dir = Path(tempfile.mkdtemp())
    try:
        config_dir.chmod(0o755)  # run as root, LinkChecker drops to «nobody», who must read the config
        config = config_dir / "linkcheckerrc"
        config.write_text("[checking]\nmaxrequestspersecond=1000\nthreads=10\n", "utf-8")
        config.chmod(0o644)
        started = time.perf_counter()
        result = subprocess.run([str(linkchecker), "-f", str(config), "--no-status", "-o", "text", served],
                                capture_output=True, text=True, timeout=600)
    finally:
        shutil.rmtree(config_dir, ignore_errors=True)
    summary = re.search(r"(\d+) links in (\d+) URLs checked\. (\d+) warnings? found\. (\d+) errors? found", result.stdout)
    print(f"\nLinkChecker: {summary.group(0) if summary else '?'} ({time.perf_counter() - started:.0f} s)")
    assert result.returncode == 0, result.stdout[-3000:]
    assert summary and int(summary.group(2)) > 1500 and summary.group(4) == "0"


_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="([^"]*#[^"]*)"')


@pytest.mark.site
def test_every_anchor_exists(site_dir: Path) -> None:
    site = site_dir
    ids: dict[Path, set[str]] = {}
    checked, missing = 0, []
    for page in html_pages(site):
        html = page.read_text("utf-8")
        base = "http://x/" + page.relative_to(site).as_posix()
        for href in _HREF.findall(html):
            if re.match(r"[a-z]+:", href):
                continue
            url = urlsplit(urljoin(base, href))
            target = site / unquote(url.path).lstrip("/")
            if target.is_dir():
                target = target / "index.html"
            if target not in ids:
                ids[target] = set(_ID.findall(target.read_text("utf-8"))) if target.is_file() else set()
            checked += 1
            if unquote(url.fragment) and unquote(url.fragment) not in ids[target]:
                missing.append(f"{page.relative_to(site)} -> {href}")
    print(f"\nAnchors: {checked} links with #fragment checked")
    assert missing == [] and checked > 5000


# --- 2. valid HTML --------------------------------------------------------------------------------------------


@pytest.mark.site
def test_every_page_parses_as_html5_without_errors(site_dir: Path) -> None:
    """html5lib implements the WHATWG parsing algorithm; strict mode raises on the first parse error."""
    pages = html_pages(site_dir)
    errors = []
    for page in pages:
        try:
            html5lib.HTMLParser(strict=True).parse(page.read_bytes())
        except Exception as err:  # noqa: BLE001 - html5lib raises ParseError subclasses with position info
            errors.append(f"{page.relative_to(site_dir)}: {err}")
    assert len(pages) > 750 and errors == []


def test_html5_gate_catches_a_parse_error() -> None:
    with pytest.raises(Exception):
        html5lib.HTMLParser(strict=True).parse(b"<!doctype html><html lang=nb><body><p>a</b></p></body></html>")


# --- 3. injection ---------------------------------------------------------------------------------------------


def test_hostile_kommune_file_is_rendered_inert(built: Path) -> None:
    hostile = (built / "site" / "kommune" / "1101-eigersund" / "index.html").read_text("utf-8")
    ordinary = (built / "site" / "kommune" / "1520-orsta" / "index.html").read_text("utf-8")
    tree = html5lib.parse(hostile, namespaceHTMLElements=False)
    main = tree.find(".//article")
    assert main is not None
    # nothing executable or embeddable came from the data
    assert hostile.count("<script") == ordinary.count("<script")
    # the one script allowed is the schema.org data block in <head>, JSON without a single "<" (generate/test_opendata.py)
    assert main.findall(".//script") == []
    scripts = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert ["<" in (s.text or "") for s in scripts] == [False]
    # the one image is the print QR code, a PNG the generator draws from the page address (opendata.qr_png)
    images = main.findall(".//img")
    assert [(i.get("class"), i.get("src", "").startswith("data:image/png;base64,")) for i in images] == [("qr-kode", True)]
    assert main.findall(".//iframe") == []
    assert main.findall(".//svg") == [] or all(s.get("class", "").startswith(("twemoji", "md-")) for s in main.findall(".//svg"))
    for el in main.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            if el in images and name == "src":
                continue
            assert not value.strip().lower().startswith(("javascript:", "data:")), (el.tag, name, value)
    # Markdown and template syntax stayed text
    headings = ["".join(h.itertext()).strip() for h in main.iter() if h.tag in ("h1", "h2", "h3")]
    assert "Overskrift" not in headings
    assert main.findall(".//code") == [] and "<strong>fet</strong>" not in hostile
    text = " ".join("".join(main.itertext()).split())
    for original in HOSTILE_TEXT.values():
        for fragment in ("<script>alert('navn')</script>", "{{ config }}", "{% raw %}", "[klikk her](javascript:alert(1))",
                         "<iframe src=\"https://evil.example/\"></iframe>", "&lt;script&gt;"):
            if fragment in original:
                assert fragment in text, fragment


HUGE = "x" * 100_000


@pytest.mark.parametrize(
    "name,value,expected",
    [
        ("javascript: URL", 'sikker_melding: "javascript:alert(1)"', "Bare nettadresser som begynner med https://"),
        ("data: URL", 'sikker_melding: "data:text/html,<script>alert(1)</script>"', "Bare nettadresser som begynner med https://"),
        ("URL with spaces", 'sikker_melding: "https://a.example/<script> x"', "Nettadressen er ikke gyldig."),
        ("bidi override", 'plassering: "abc\\u202Edef"', "usynlig styringstegn (U+202E)"),
        ("zero-width space", 'plassering: "abc\\u200Bdef"', "usynlig styringstegn (U+200B)"),
        ("100 KB string", f'plassering: "{HUGE}"', "Teksten er for lang (100000 tegn; grensen er 10000)."),
        ("newline in a one-line field", 'plassering: "a\\n# b"', "Teksten skal stå på én linje."),
    ],
)
def test_hostile_values_are_rejected_with_norwegian_messages(project: Path, name: str, value: str, expected: str) -> None:
    from forlopsinfo.validate.dataset import load_dataset

    path = project / "municipalities" / "1520-orsta.yaml"
    text = path.read_text("utf-8").replace("målform: nynorsk\n", "målform: bokmål\n", 1)  # the bokmål messages below
    path.write_text(text.replace("  navn: Tildelingskontoret\n", f"  navn: Tildelingskontoret\n  {value}\n"), "utf-8")
    started = time.perf_counter()
    _, problems = load_dataset(project / "municipalities", project, only=[path])
    assert time.perf_counter() - started < 3
    assert any(expected in p.format() for p in problems), [p.format() for p in problems]


@pytest.mark.parametrize("kind", ["alias bomb", "10 MB file", "not UTF-8", "binary garbage"])
def test_hostile_files_are_refused_quickly_without_traceback(project: Path, kind: str) -> None:
    from conftest import run_cli

    path = project / "municipalities" / "1520-orsta.yaml"
    if kind == "alias bomb":
        text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        for i in range(1, 10):
            text += f"b{i}: &b{i} [" + ",".join([f"*{'a' if i == 1 else f'b{i - 1}'}"] * 9) + "]\n"
        path.write_text(path.read_text("utf-8") + text, "utf-8")
    elif kind == "10 MB file":
        path.write_text(path.read_text("utf-8") + "# " + "x" * 10_000_000 + "\n", "utf-8")
    elif kind == "not UTF-8":
        path.write_bytes(path.read_text("utf-8").replace("Tildelingskontoret", "Tildelingskontoret Ørsta").encode("latin-1"))
    else:
        path.write_bytes(os.urandom(4096))
    started = time.perf_counter()
    result = run_cli(project, "validate", "municipalities/1520-orsta.yaml")
    elapsed = time.perf_counter() - started
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "municipalities/1520-orsta.yaml:" in result.stderr
    assert "Rett feila over" in result.stderr or "Rett feilene over" in result.stderr  # Ørsta is nynorsk, if readable
    assert elapsed < 5, elapsed


# --- 4. privacy -----------------------------------------------------------------------------------------------


@pytest.mark.site
def test_every_page_carries_a_csp_that_forbids_third_parties(site_dir: Path) -> None:
    pages = html_pages(site_dir)
    assert len(pages) > 750
    for page in pages:
        head = page.read_text("utf-8")[:1500]
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)"', head)
        assert csp, page
        policy = dict(part.strip().split(" ", 1) for part in csp.group(1).split(";"))
        assert policy["default-src"] == "'self'" and policy["connect-src"] == "'self'"
        assert all("http" not in sources and "*" not in sources for sources in policy.values()), policy
        assert '<meta name="referrer" content="no-referrer">' in head
        html = page.read_text("utf-8")
        # and nothing is loaded from another host even where CSP is not enforced (old browsers, saved pages)
        assert external_loads(html) == [], page


_TAG = re.compile(r"<[a-zA-Z][^<>]*>")  # real tags only: text that looks like a tag is escaped (&lt;…)
_EXTERNAL_SRC = re.compile(r'\s(?:src|srcset|poster|data)="\s*(?:https?:)?//', re.IGNORECASE)
_LOADING_LINK = re.compile(r'^<link\b.*\srel="[^"]*\b(?:stylesheet|icon|preload|modulepreload|prefetch|preconnect|'
                           r'dns-prefetch|manifest)\b', re.IGNORECASE)
_EXTERNAL_HREF = re.compile(r'\shref="\s*(?:https?:)?//', re.IGNORECASE)


def external_loads(html: str) -> list[str]:
    """Tags that would make a browser fetch something from another host."""
    return [tag for tag in _TAG.findall(html)
            if _EXTERNAL_SRC.search(tag) or (_LOADING_LINK.search(tag) and _EXTERNAL_HREF.search(tag))]


def test_third_party_gate_catches_external_loads_but_not_text_or_links() -> None:
    html = ('<link rel="stylesheet" href="https://fonts.example/x.css"><script src="//cdn.example/a.js"></script>'
            '<img alt="" src="https://img.example/p.png"><link rel="canonical" href="https://forlopsinfo.example/">'
            '<a href="https://www.helsenorge.no/">lenke</a><p>&lt;iframe src="https://evil.example/"&gt;</p>'
            '<script src="assets/a.js"></script>')
    assert [t.split()[0] for t in external_loads(html)] == ["<link", "<script", "<img"]
