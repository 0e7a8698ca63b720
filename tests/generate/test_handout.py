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
    page = chromium.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    try:
        page.goto(site_server + "kommune/3305-ringerike/")
        assert not page.is_visible(".utskrift-qr")  # on screen the QR code is not shown
        page.emulate_media(media="print")
        assert page.is_visible(".utskrift-qr img") and page.is_visible(".kontaktboks") and page.is_visible(".akutt")
        box = page.eval_on_selector(".utskrift-qr img", "e => e.getBoundingClientRect().width")
        assert box > 100  # 32 mm ≈ 121 CSS px: big enough to scan
        assert not page.is_visible(".md-header") and not page.is_visible(".md-sidebar--primary")
        assert all(not page.is_visible(f".generelt >> nth={i}") for i in range(page.locator(".generelt").count()))
        sizes = page.evaluate(
            "() => [parseFloat(getComputedStyle(document.querySelector('.akutt a[href^=\"tel:\"]')).fontSize),"
            " parseFloat(getComputedStyle(document.querySelector('.kontaktboks li')).fontSize)]"
        )
        assert sizes[0] >= 1.5 * sizes[1], sizes
        # What the browser draws for print decodes to this page's public address, which is also printed under it.
        url = SITE_URL + "kommune/3305-ringerike/"
        assert url in page.inner_text(".utskrift-qr")
        shot = page.locator(".utskrift-qr img").screenshot()
    finally:
        page.close()
    assert decode_image(*png_grey(shot)) == [url]


def png_grey(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, one byte per pixel, 0 = black) of a PNG: the 1-bit greyscale ones the generator writes and
    the 8-bit RGB(A) ones a browser screenshot gives. Written out here so the test does not trust the generator's
    own PNG code."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunks[kind] = chunks.get(kind, b"") + data[pos + 8:pos + 8 + length]
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    assert interlace == 0 and (depth, colour) in ((1, 0), (8, 0), (8, 2), (8, 6)), (depth, colour)
    channels = {0: 1, 2: 3, 6: 4}[colour]
    stride = (width * channels * depth + 7) // 8
    step = max(1, channels * depth // 8)  # bytes per pixel for the filters
    raw, prev, rows = zlib.decompress(chunks[b"IDAT"]), bytearray(stride), []
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        if kind == 0:  # no filter: the row as it stands
            rows.append(bytes(line))
            prev = line
            continue
        for i in range(stride):
            a = line[i - step] if i >= step else 0
            b, c = prev[i], prev[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        rows.append(bytes(line))
        prev = line
    grey = bytearray()
    # 1-bit rows: each byte is eight pixels, most significant bit first (1 = white)
    bits = [bytes(255 if byte >> (7 - i) & 1 else 0 for i in range(8)) for byte in range(256)]
    for line in rows:
        if depth == 1:
            grey += b"".join(bits[byte] for byte in line)[:width]
        else:
            grey += bytes(line[x * channels] for x in range(width))  # the red channel is enough for black/white
    return width, height, bytes(grey)


def decode_image(width: int, height: int, grey: bytes) -> list[str]:
    import zxingcpp

    return [r.text for r in zxingcpp.read_barcodes(memoryview(grey).cast("B", (height, width)))]


def image_modules(url: str) -> list[list[bool]]:
    """The modules of the page's QR code, sampled from the middle of each module in the PNG in the page."""
    import base64

    from forlopsinfo.generate.opendata.qr import QR_SCALE, qr_image

    src = qr_image(url).split('src="data:image/png;base64,')[1].split('"')[0]
    width, _, grey = png_grey(base64.b64decode(src))
    n = width // QR_SCALE
    return [[grey[(y * QR_SCALE + QR_SCALE // 2) * width + x * QR_SCALE + QR_SCALE // 2] == 0 for x in range(n)]
            for y in range(n)]


def decode(grid: list[list[bool]], px: int = 3) -> list[str]:
    """Decode a module grid with ZXing (zxing-cpp), rendered at `px` pixels per module."""
    n = len(grid) * px
    image = bytearray(b"\xff" * (n * n))
    for y, row in enumerate(grid):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(px):
                    start = (y * px + dy) * n + x * px
                    image[start:start + px] = b"\x00" * px
    return decode_image(n, n, bytes(image))


def test_every_qr_code_of_the_register_decodes_to_its_page() -> None:
    """The QR code of every kommune page in both målformer, as drawn in the PNG, decodes to the page's address,
    also with a smudge: a 5 × 5 block of modules inverted in the middle of the code. That is what error correction
    level M is for, and it must work for every address we print."""
    from forlopsinfo.load.register import Register

    register = Register.load(Path(__file__).parents[2] / "municipalities" / "register" / "kommuner.csv")
    urls = [f"{SITE_URL}{lang}kommune/{k.slug}/" for k in register.kommuner for lang in ("", "nn/")]
    assert len(urls) == 2 * 357
    failures = []
    for url in urls:
        grid = image_modules(url)
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

    grid = image_modules(SITE_URL + "kommune/3305-ringerike/")
    rng = random.Random(2)
    n = len(grid)
    for y, x in rng.sample([(y, x) for y in range(n) for x in range(n)], n * n // 3):
        grid[y][x] = not grid[y][x]
    assert decode(grid) == []


def test_qr_code_is_a_valid_code_for_the_url() -> None:
    import base64

    import zxingcpp

    from forlopsinfo.generate.opendata.qr import QR_SCALE, qr_image, qr_png

    url = SITE_URL + "nn/kommune/1577-volda/"
    image = qr_image(url)
    assert image.startswith('<img class="qr-kode" src="data:image/png;base64,') and 'alt=""' in image
    assert qr_image(url) == image and qr_image(url + "x") != image
    assert base64.b64decode(image.split("base64,")[1].split('"')[0]) == qr_png(url)
    width, height, grey = png_grey(qr_png(url))
    assert set(grey) == {0, 255}
    (result,) = zxingcpp.read_barcodes(memoryview(grey).cast("B", (height, width)))
    assert result.text == url and result.format == zxingcpp.BarcodeFormat.QRCode
    assert result.extra["ECLevel"] == "M"  # survives a smudge (test above)
    # version v has 17 + 4v modules; a quiet zone of two light modules on each side
    assert width == height == (17 + 4 * int(result.extra["Version"]) + 4) * QR_SCALE
    grid = image_modules(url)
    assert not any(grid[0] + grid[1] + grid[-1] + grid[-2]) and not any(row[0] or row[1] or row[-1] or row[-2] for row in grid)


@pytest.mark.parametrize("path", ["kommune/0301-oslo/", "nn/kommune/4601-bergen/"])
def test_a_page_without_data_prints_the_register_contact_without_file_name_or_urls(chromium: object, site_server: str,
                                                                                  path: str) -> None:
    """Issue 19: the printed page of a kommune without data has the QR code, the contact from Enhetsregisteret with
    its source line, and no file name, law list or address written out twice."""
    from pypdf import PdfReader

    pdf = PdfReader(io.BytesIO(printed(chromium, site_server + path, format="A4")))
    assert 1 <= len(pdf.pages) <= 2
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Skann for å" in text  # the QR code's caption
    assert "Enhetsregisteret" in text or "Einingsregisteret" in text
    assert ".yaml" not in text and "municipalities" not in text and "lovdata.no" not in text
    # the website's link text is its address: not printed again after it
    assert "kommune.no (https://" not in text and "kommune.no)" not in text
    if "oslo" in path:
        assert "Ring 21 80 21 80" in text
