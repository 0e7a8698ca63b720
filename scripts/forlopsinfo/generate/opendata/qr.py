"""The QR code on a printed kommune page: the page's address, as a small PNG in the page (no request)."""

from __future__ import annotations

import base64
import struct
import zlib

QR_SCALE = 8  # image pixels per module: 41 modules in 32 mm on paper is ~260 dpi, sharp enough for any printer
QR_BORDER = 2  # quiet zone in modules; the print stylesheet adds white space around it


def qr_modules(url: str) -> list[bytes]:
    """The QR code for `url`, error correction level M, as rows of modules (0 = dark, 255 = light).

    Encoded by ZXing (zxing-cpp, C++): 0.2 ms a code, against 1.2 ms for segno (pure Python) even with a fixed
    mask; a national build has 714 codes. ZXing chooses the data mask by the standard's penalty rules.
    tests/generate/test_handout.py decodes every code of the register from the PNG, clean and smudged, and what
    Chromium prints."""
    import zxingcpp

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    view = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    size = view.shape[0]
    flat = view.tobytes()
    return [flat[y * size:(y + 1) * size] for y in range(size)]


def qr_png(url: str) -> bytes:
    """The QR code for `url` as a 1-bit greyscale PNG.

    A PNG, not an SVG: the code is in every kommune page, and as a data: URL it is ~0.7 KB against 2.3 KB of SVG
    path, and cheaper for the site builder to pass through. Written here (1-bit rows, each module row repeated,
    compressed with zlib) in ~0.3 ms; segno's PNG writer took 3.6 ms."""
    matrix = qr_modules(url)
    size = len(matrix) + 2 * QR_BORDER
    side = size * QR_SCALE
    pad = -side % 8
    white_row = b"\x00" + ((1 << (side + pad)) - 1).to_bytes((side + pad) // 8, "big")
    rows = [white_row] * (QR_BORDER * QR_SCALE)
    module = (1 << QR_SCALE) - 1
    for line in matrix:
        bits = (1 << (QR_BORDER * QR_SCALE)) - 1  # light quiet zone on the left (1 = white)
        for value in line:
            bits = (bits << QR_SCALE) | (module if value else 0)
        bits = (bits << (QR_BORDER * QR_SCALE + pad)) | ((1 << (QR_BORDER * QR_SCALE + pad)) - 1)
        rows += [b"\x00" + bits.to_bytes((side + pad) // 8, "big")] * QR_SCALE
    rows += [white_row] * (QR_BORDER * QR_SCALE)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit greyscale, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def qr_image(url: str) -> str:
    """The QR code as an <img> with a data: URL (allowed by the pages' CSP, no request). Decorative: alt="",
    the URL is printed next to it."""
    data = base64.b64encode(qr_png(url)).decode("ascii")
    return f'<img class="qr-kode" src="data:image/png;base64,{data}" alt="" width="123" height="123">'


def qr_block(url: str, texts: dict[str, str], image: str | None = None) -> str:
    label = texts["utskrift_qr"]  # templates/tekst/<lang>.yaml
    # The URL is a validated register slug under our own site address, but escape it anyway.
    safe = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("/", "/<wbr>")
    return f'<div class="utskrift-qr">{image or qr_image(url)}<p>{label}<br>{safe}</p></div>'


