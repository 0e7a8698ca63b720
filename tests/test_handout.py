"""The printed handout: each kommune page printed by headless Chromium on A4 is one or two pages, with a QR code to
the page, large acute-help numbers, the example notice where the data is made up, and no navigation or general text.
Chromium's page.pdf() uses the print stylesheet, as «Skriv ut» in the browser does."""

from __future__ import annotations

import functools
import http.server
import io
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import chromium_browser

SITE_URL = "https://forlopsinfo.github.io/forlopsinfo/"
# Every shipped kommune file, both målformer for the longest one, plus the Sami test fixture.
PAGES = ["kommune/3305-ringerike/", "nn/kommune/3305-ringerike/", "nn/kommune/1577-volda/", "kommune/1577-volda/",
         "kommune/1520-orsta/", "nn/kommune/1520-orsta/", "kommune/5610-karasjok/", "kommune/5612-kautokeino/"]
A4 = (595.3, 841.9)  # points (210 × 297 mm)


def is_a4(page: object) -> bool:
    box = page.mediabox  # type: ignore[attr-defined]
    return abs(float(box.width) - A4[0]) < 2 and abs(float(box.height) - A4[1]) < 2


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the browser closing a connection early is not a test failure


@pytest.fixture(scope="module")
def site_server(built: Path) -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    with chromium_browser() as browser:
        yield browser


def printed(chromium: object, url: str, **options: object) -> bytes:
    page = chromium.new_page()  # type: ignore[attr-defined]
    try:
        page.goto(url, wait_until="load")
        return page.pdf(**options)
    finally:
        page.close()


@pytest.mark.parametrize("path", PAGES)
def test_handout_is_one_or_two_a4_pages(chromium: object, site_server: str, path: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(printed(chromium, site_server + path, format="A4")))
    assert 1 <= len(pdf.pages) <= 2, f"{path}: {len(pdf.pages)} sider"
    for page in pdf.pages:
        assert is_a4(page), page.mediabox
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "113" in text and "116 117" in text  # acute help is on the paper
    assert "Eksempel" in text or "Døme" in text  # made-up data says so on paper too
    for general in ("Lovverk", "pasientforløp?", "Slik starter det", "Slik startar det"):  # general text is left out
        assert general not in text, general


@pytest.mark.parametrize("path", ["kommune/3305-ringerike/", "nn/kommune/1577-volda/"])
def test_browser_print_uses_the_pages_own_a4_layout(chromium: object, site_server: str, path: str) -> None:
    """«Skriv ut» in a browser takes the size from the stylesheet's @page rule, not from a PDF option."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(printed(chromium, site_server + path, prefer_css_page_size=True)))
    assert 1 <= len(pdf.pages) <= 2
    assert all(is_a4(p) for p in pdf.pages)


def test_print_layout_shows_qr_and_large_acute_numbers(chromium: object, site_server: str) -> None:
    from forlopsinfo.opendata import qr_svg

    page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(site_server + "kommune/3305-ringerike/")
        assert not page.is_visible(".utskrift-qr")  # on screen the QR code is not shown
        page.emulate_media(media="print")
        assert page.is_visible(".utskrift-qr svg") and page.is_visible(".kontaktboks") and page.is_visible(".akutt")
        box = page.eval_on_selector(".utskrift-qr svg", "e => e.getBoundingClientRect().width")
        assert box > 100  # 32 mm ≈ 121 CSS px: big enough to scan
        assert not page.is_visible(".md-header") and not page.is_visible(".md-sidebar--primary")
        assert all(not page.is_visible(f".generelt >> nth={i}") for i in range(page.locator(".generelt").count()))
        sizes = page.evaluate(
            "() => [parseFloat(getComputedStyle(document.querySelector('.akutt a[href^=\"tel:\"]')).fontSize),"
            " parseFloat(getComputedStyle(document.querySelector('.kontaktboks li')).fontSize)]"
        )
        assert sizes[0] >= 1.5 * sizes[1], sizes
        # the QR code encodes this page's public address, which is also printed under it
        svg = page.eval_on_selector(".utskrift-qr svg", "e => e.outerHTML")
        url = SITE_URL + "kommune/3305-ringerike/"
        assert url in page.inner_text(".utskrift-qr")
    finally:
        page.close()
    expected_path = qr_svg(url).split(' d="')[1].split('"')[0]
    assert f'd="{expected_path}"' in svg


def svg_modules(svg: str) -> list[list[bool]]:
    """The dark modules drawn by the SVG path segno writes (`M x y` / `m dx dy` moves, `h n` dark runs, in module
    units inside `scale(s)`): what a printer prints, read back without trusting segno."""
    import re

    size = int(re.search(r'width="(\d+)"', svg).group(1)) // int(re.search(r"scale\((\d+)\)", svg).group(1))
    grid = [[False] * size for _ in range(size)]
    x = y = 0.0
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", re.search(r' d="([^"]+)"', svg).group(1)):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for col in range(int(x), int(x + float(a))):
                grid[int(y)][col] = True
            x += float(a)
    return grid


def decode(grid: list[list[bool]], px: int = 3) -> list[str]:
    """Decode a module grid with ZXing (zxing-cpp), rendered at `px` pixels per module, white around it."""
    import zxingcpp

    n = len(grid) * px
    image = bytearray(b"\xff" * (n * n))
    for y, row in enumerate(grid):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(px):
                    start = (y * px + dy) * n + x * px
                    image[start:start + px] = b"\x00" * px
    return [r.text for r in zxingcpp.read_barcodes(memoryview(bytes(image)).cast("B", (n, n)))]


def test_every_qr_code_of_the_register_decodes_to_its_page() -> None:
    """The QR code of every kommune page in both målformer, as drawn in the SVG, decodes to the page's address,
    also with a smudge: a 5 × 5 block of modules inverted in the middle of the code. That is what error correction
    level M is for; with the fixed data mask (opendata.QR_MASK) it must still work for every address we print."""
    from forlopsinfo.opendata import qr_svg
    from forlopsinfo.register import Register

    register = Register.load(Path(__file__).parent.parent / "municipalities" / "register" / "kommuner.csv")
    urls = [f"{SITE_URL}{lang}kommune/{k.slug}/" for k in register.kommuner for lang in ("", "nn/")]
    assert len(urls) == 2 * 357
    failures = []
    for url in urls:
        grid = svg_modules(qr_svg(url))
        if decode(grid) != [url]:
            failures.append(("clean", url))
        middle = len(grid) // 2
        for y in range(middle - 2, middle + 3):
            for x in range(middle - 2, middle + 3):
                grid[y][x] = not grid[y][x]
        if decode(grid) != [url]:
            failures.append(("smudged", url))
    assert not failures, failures[:10]


def test_a_damaged_code_beyond_repair_does_not_decode() -> None:
    """The decoder in the test above is not lenient: flipping a third of the modules makes the code unreadable."""
    import random

    from forlopsinfo.opendata import qr_svg

    grid = svg_modules(qr_svg(SITE_URL + "kommune/3305-ringerike/"))
    rng = random.Random(2)
    n = len(grid)
    for y, x in rng.sample([(y, x) for y in range(n) for x in range(n)], n * n // 3):
        grid[y][x] = not grid[y][x]
    assert decode(grid) == []


def test_qr_code_is_a_valid_code_for_the_url() -> None:
    import segno

    from forlopsinfo.opendata import QR_MASK, qr_svg

    url = SITE_URL + "nn/kommune/1577-volda/"
    code = segno.make(url, error="m", mask=QR_MASK)
    assert code.error == "M" and code.designator.startswith(str(code.version)) and code.mask == QR_MASK
    svg = qr_svg(url)
    assert svg.startswith("<svg ") and 'aria-hidden="true"' in svg and "<script" not in svg
    assert qr_svg(url) == svg and qr_svg(url + "x") != svg
    assert decode(svg_modules(svg)) == [url]
