"""The built site served on 127.0.0.1 for the site-level checks, under the path it is published at
(/forlopsinfo/, or the path of $FORLOPSINFO_SITE_URL), so absolute links in the 404 page resolve as in production."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

PREFIX = urlsplit(os.environ.get("FORLOPSINFO_SITE_URL") or "https://forlopsinfo.github.io/forlopsinfo/").path.rstrip("/") + "/"
PAGE_TYPES = [
    "", "nn/", "fylke/46-vestland/", "nn/fylke/15-more-og-romsdal/", "kommune/3305-ringerike/",
    "nn/kommune/1577-volda/", "kommune/4601-bergen/", "nn/kommune/4601-bergen/", "kommune/0301-oslo/", "kommune/5612-kautokeino/",
    "forlop/", "nn/forlop/", "akutt-hjelp/", "nn/akutt-hjelp/", "rettigheter/", "nn/rettigheter/", "parorende/",
    "nn/parorende/", "om-nettstedet/", "nn/om-nettstedet/", "tilgjengelighet/", "nn/tilgjengelighet/",
    "for-kommuner/", "nn/for-kommuner/", "kommuneskjema/", "nn/kommuneskjema/", "redigering/", "nn/redigering/", "feltreferanse/", "nn/feltreferanse/",
    "vanlige-feil/", "nn/vanlige-feil/", "sok/", "nn/sok/", "404.html",
]


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("LinkChecker", "forlopsinfo")  # lets LinkChecker lift its per-host throttle (tech.md §4)
        super().end_headers()

    def translate_path(self, path: str) -> str:
        if not path.startswith(PREFIX):
            return "/nonexistent"
        return super().translate_path("/" + path[len(PREFIX):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing address gets the site's own 404 page, as on GitHub Pages and most static hosts."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def served(site_dir: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    server.shutdown()
