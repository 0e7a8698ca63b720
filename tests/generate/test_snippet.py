"""The embeddable snippet: what a kommune web editor copies is self-contained HTML (inline styles, no script, nothing
loaded), renders inside a plain host page in Chromium with the host's font, zero axe violations and zero requests;
the iframe variant fits its fixed height; the copy-paste page for editors passes the same checks."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import html5lib
import pytest

from conftest import HOSTILE_TEXT, chromium_browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
SITE_URL = "https://forlopsinfo.github.io/forlopsinfo/"
SHIPPED = ["1520-orsta", "1577-volda", "3305-ringerike", "5610-karasjok"]
HOST_FONT = "Georgia, serif"
HOST = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Testkommune: helse og omsorg</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ font-family: {font}; font-size: 18px; color: #222; background: #fff; margin: 0 1rem; }}</style></head>
<body><header><p>Testkommune</p></header><main><h1>Psykisk helse og rus</h1>
<p>Tekst fra kommunen.</p>
{snippet}
</main></body></html>
"""
ALLOWED_TAGS = {"section", "p", "strong", "span", "a", "ul", "li", "h1", "h2", "h3", "h4"}
ALLOWED_ATTRS = {"style", "href", "lang", "id", "aria-labelledby"}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass


def serve(directory: Path) -> tuple[str, _Server]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="module")
def site(built: Path) -> Iterator[str]:
    url, server = serve(built / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def host_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A plain host page on another origin, as on a kommune's own website."""
    folder = tmp_path_factory.mktemp("host")
    url, server = serve(folder)
    yield folder, url
    server.shutdown()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with chromium_browser() as browser:
        yield browser


def editor_page(built: Path, lang: str, slug: str) -> Path:
    return built / "site" / ("" if lang == "nb" else lang) / "innbygging" / f"{slug}.html"


def copied(built: Path, lang: str, slug: str, field: str = "kode") -> str:
    """What the editor copies: the text of the textarea, as the browser shows it."""
    tree = html5lib.parse(editor_page(built, lang, slug).read_text("utf-8"), namespaceHTMLElements=False)
    (area,) = [t for t in tree.iter("textarea") if t.get("id") == field]
    return area.text or ""


def open_checked(chromium: object, url: str, allowed_origin: str, **page_options: object) -> tuple[object, list[str]]:
    page = chromium.new_page(**page_options)  # type: ignore[attr-defined]
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(allowed_origin) else None)
    page.goto(url, wait_until="load")
    return page, outside


def axe_violations(page: object) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}" for v in result.response["violations"]]


def all_snippets(built: Path) -> list[tuple[str, str]]:
    return [("nb" if p.parts[-3] != "nn" else "nn", p.stem) for p in sorted((built / "site").glob("**/innbygging/*.html"))
            if not p.stem.endswith("-ramme")]


def test_a_snippet_for_every_kommune_file_and_malform(built: Path) -> None:
    files = sorted(p.stem for p in (built / "municipalities").glob("[0-9]*.yaml"))
    assert sorted({slug for _, slug in all_snippets(built)}) == files
    assert {lang for lang, _ in all_snippets(built)} == {"nb", "nn"}
    for lang, slug in all_snippets(built):
        assert editor_page(built, lang, slug).with_name(f"{slug}-ramme.html").is_file()


def test_snippet_is_self_contained_html(built: Path) -> None:
    for lang, slug in all_snippets(built):
        code = copied(built, lang, slug)
        assert code.startswith(f'<section lang="{lang}"') and code.rstrip().endswith("</section>")
        fragment = html5lib.parseFragment(code, namespaceHTMLElements=False)
        for el in fragment.iter():
            if not isinstance(el.tag, str) or el.tag == "DOCUMENT_FRAGMENT":
                continue
            assert el.tag in ALLOWED_TAGS, (slug, el.tag)
            assert set(el.attrib) <= ALLOWED_ATTRS, (slug, el.tag, el.attrib)
            href = el.get("href")
            if href is not None:
                assert href.startswith(("https://", "tel:", "mailto:")), href
            assert "url(" not in el.get("style", "") and "@import" not in el.get("style", "")
        # example data says so inside the snippet itself, where the host page shows it
        assert "Eksempel – ikke ekte kontaktinformasjon" in code or "Døme – ikkje ekte kontaktinformasjon" in code
        page_link = f'href="{SITE_URL}{"" if lang == "nb" else "nn/"}kommune/{slug}/"'
        assert page_link in code


def test_hostile_data_stays_text_in_the_snippet(built: Path) -> None:
    code = copied(built, "nb", "1101-eigersund")
    fragment = html5lib.parseFragment(code, namespaceHTMLElements=False)
    assert [el for el in fragment.iter() if el.tag in ("script", "img", "iframe", "svg")] == []
    assert HOSTILE_TEXT["name"] in "".join(fragment.itertext())


@pytest.mark.parametrize("lang,slug", [("nb", "3305-ringerike"), ("nn", "1577-volda"), ("nb", "5612-kautokeino"),
                                       ("nn", "1520-orsta"), ("nb", "1101-eigersund")])
def test_snippet_in_a_plain_host_page(chromium: object, built: Path, host_dir: tuple[Path, str], lang: str, slug: str) -> None:
    folder, origin = host_dir
    (folder / f"{lang}-{slug}.html").write_text(HOST.format(lang=lang, font=HOST_FONT, snippet=copied(built, lang, slug)), "utf-8")
    for width in (360, 1280):
        page, outside = open_checked(chromium, f"{origin}{lang}-{slug}.html", origin, viewport={"width": width, "height": 900})
        try:
            assert outside == [], "requests to other hosts"
            # nothing loaded at all (the browser's own favicon request for the host page is not the snippet's)
            loaded = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
            assert [u for u in loaded if u != origin + "favicon.ico"] == []
            fonts = page.evaluate("() => [...document.querySelectorAll('section, section h2, section li, section a')]"
                                  ".map(e => getComputedStyle(e).fontFamily)")
            assert fonts and set(fonts) == {HOST_FONT}, set(fonts)
            assert page.is_visible("section a[href^='tel:']")
            width_of = page.evaluate("() => [document.querySelector('section').getBoundingClientRect().right, innerWidth]")
            assert width_of[0] <= width_of[1], "the snippet is wider than the screen"
            assert axe_violations(page) == []
        finally:
            page.close()


@pytest.mark.parametrize("slug", SHIPPED)
@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_iframe_variant_fits_its_fixed_height(chromium: object, built: Path, site: str, host_dir: tuple[Path, str],
                                              lang: str, slug: str) -> None:
    from forlopsinfo.generate.snippet import IFRAME_HEIGHT

    code = copied(built, lang, slug, "ramme")
    assert f'height="{IFRAME_HEIGHT}"' in code and f'src="{SITE_URL}{"" if lang == "nb" else "nn/"}innbygging/{slug}-ramme.html"' in code
    folder, origin = host_dir
    (folder / f"ramme-{lang}-{slug}.html").write_text(
        HOST.format(lang=lang, font=HOST_FONT, snippet=code.replace(SITE_URL, site)), "utf-8")
    page, outside = open_checked(chromium, f"{origin}ramme-{lang}-{slug}.html", origin, viewport={"width": 320, "height": 700})
    try:
        frame = page.frame_locator("iframe")
        frame.locator("a[href^='tel:']").first.wait_for()
        inner = page.frames[1]
        assert inner.evaluate("() => document.documentElement.scrollHeight") <= IFRAME_HEIGHT
        assert [u for u in outside if not u.startswith(site)] == []
    finally:
        page.close()


@pytest.mark.parametrize("path", ["innbygging/3305-ringerike.html", "nn/innbygging/1577-volda.html",
                                  "innbygging/3305-ringerike-ramme.html", "nn/innbygging/5610-karasjok-ramme.html"])
@pytest.mark.parametrize("width", [360, 1280])
def test_editor_page_and_iframe_document_are_accessible(chromium: object, site: str, path: str, width: int) -> None:
    page, outside = open_checked(chromium, f"{site}{path}", site, viewport={"width": width, "height": 900})
    try:
        assert outside == []
        assert axe_violations(page) == []
    finally:
        page.close()
