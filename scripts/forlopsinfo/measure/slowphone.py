"""A kommune page on a slow phone connection (issue 18): how long until the kommune's phone number is painted, our
page against the same HTML without its style sheets and scripts, and how many bytes a page view transfers.

The built site is served on 127.0.0.1 with gzip, as static hosts serve it. Debian's Chromium (headless, Playwright)
loads the page with the cache off and the connection throttled to 1.6 Mbit/s down, 750 kbit/s up and 150 ms latency
(Chrome's «slow 4G»-like preset). A small script injected first in <head> of both variants looks for the call button
in every animation frame: Chromium runs no frame before it may paint (a style sheet in <head> holds the first frame
back), so the first frame that finds the button laid out is when the number is painted, to within one frame, and not
when the page finished loading. The two variants are measured in turn,
`runs` times each, and the medians are reported: the ratio shows what the theme's CSS and JS cost a reader.

Run alone: python -m forlopsinfo.measure.slowphone [--site site] [--page kommune/3305-ringerike/] [--runs 5]
`make bench` runs it on the largest synthetic site. Figures only, never a test verdict.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import statistics
import threading
from pathlib import Path
from typing import Any

TARGET_RATIO = 1.3  # painted at most 1.3 × as late as the bare HTML
TARGET_KB = 60  # at most 60 KB transferred for one kommune page view (gzip)
SLOW = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
BARE = "__bart/"  # the bare variant's address: the same page without style sheets and scripts
MARK = 'data-maling="kommunenummer" '
PROBE = ("<script>(function(){function f(){var e=document.querySelector('[data-maling]');"
         "if(e&&e.getBoundingClientRect().height>0){window.__malt=performance.now();return;}"
         "requestAnimationFrame(f);}requestAnimationFrame(f);})();</script>")
CALL_LINK = re.compile(r'<a [^>]*href="tel:')
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")


def bare(html: str) -> str:
    """The page without <link rel=stylesheet>, <script> and inline <style>: what a browser paints from HTML alone."""
    html = re.sub(r"<link[^>]+rel=\"?stylesheet\"?[^>]*>", "", html)
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    return re.sub(r"<style\b.*?</style>", "", html, flags=re.S)


def marked(html: str) -> str:
    """The kommune's phone link (the first tel: link in the contact card) marked, and the probe that notes when it is
    first laid out in a frame put first in <head>."""
    box = html.find('class="kontaktboks"')
    if box >= 0:
        html = html[:box] + CALL_LINK.sub(lambda m: m.group(0).replace("<a ", "<a " + MARK), html[box:], count=1)
    return re.sub(r"<head>", lambda m: m.group(0) + PROBE, html, count=1)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site gzipped; the page under test (ours or bare) with its call button marked for Element Timing."""

    page = ""

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        path = self.path.split("?", 1)[0]
        is_bare = path.startswith("/" + BARE)
        if is_bare:
            path = "/" + path[len(BARE) + 1:]
        file = Path(self.directory) / path.lstrip("/")
        if file.is_dir():
            file = file / "index.html"
        if not file.is_file():
            self.send_error(404)
            return
        body = file.read_bytes()
        if path.lstrip("/") in (self.page, self.page + "index.html"):
            html = body.decode("utf-8")
            body = marked(bare(html) if is_bare else html).encode("utf-8")
        kind = self.guess_type(str(file))
        if file.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
        else:
            self.send_response(200)
        self.send_header("Content-Type", kind if not kind.startswith("text/") else kind + "; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


PAINTED = "() => window.__malt"
TRANSFERRED = """() => performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
  .reduce((sum, e) => sum + (e.transferSize || 0), 0)"""


def measure(site: Path, page: str = "kommune/3305-ringerike/", runs: int = 5) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(type("H", (_Handler,), {"page": page}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}/"
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    sizes: dict[str, list[int]] = {"ours": [], "bare": []}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            try:
                for _ in range(runs):
                    for variant, url in (("ours", origin + page), ("bare", origin + BARE + page)):
                        context = browser.new_context(viewport={"width": 360, "height": 740})
                        tab = context.new_page()
                        cdp = context.new_cdp_session(tab)
                        cdp.send("Network.enable")
                        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                        cdp.send("Network.emulateNetworkConditions", SLOW)
                        tab.goto(url, wait_until="load", timeout=60_000)
                        tab.wait_for_function("() => window.__malt !== undefined", timeout=60_000)
                        times[variant].append(float(tab.evaluate(PAINTED)))
                        tab.wait_for_load_state("networkidle", timeout=60_000)
                        sizes[variant].append(int(tab.evaluate(TRANSFERRED)))
                        context.close()
            finally:
                browser.close()
    finally:
        server.shutdown()
    ours, plain = statistics.median(times["ours"]), statistics.median(times["bare"])
    return {
        "page": page, "runs": runs, "network": "1.6 Mbit/s ned, 750 kbit/s opp, 150 ms, gzip, tom buffer",
        "painted_ms": round(ours), "painted_bare_ms": round(plain), "ratio": round(ours / plain, 2),
        "transferred_kb": round(statistics.median(sizes["ours"]) / 1024, 1),
        "transferred_bare_kb": round(statistics.median(sizes["bare"]) / 1024, 1),
        "all_ms": {k: [round(v) for v in vs] for k, vs in times.items()},
    }


def report(result: dict[str, Any]) -> str:
    ratio_ok = result["ratio"] <= TARGET_RATIO
    size_ok = result["transferred_kb"] <= TARGET_KB
    return "\n".join([
        f"Treg mobil ({result['network']}), {result['page']}, median av {result['runs']} på omgang:",
        f"  kommunens nummer tegnet etter {result['painted_ms']} ms; samme HTML uten CSS og JS: "
        f"{result['painted_bare_ms']} ms",
        f"  {'OK  ' if ratio_ok else 'IKKE'} forhold {result['ratio']:.2f} (mål ≤ {TARGET_RATIO:g})",
        f"  {'OK  ' if size_ok else 'IKKE'} overført {result['transferred_kb']:.1f} KB "
        f"(uten CSS og JS: {result['transferred_bare_kb']:.1f} KB; mål ≤ {TARGET_KB} KB)",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mål en kommuneside på en treg mobilforbindelse.")
    parser.add_argument("--site", type=Path, default=Path("site"))
    parser.add_argument("--page", default="kommune/3305-ringerike/")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    page = args.site / args.page / "index.html"
    if not page.is_file() or MARK not in marked(page.read_text(encoding="utf-8")):
        print(f"{args.page} har ingen kontaktboks med ringeknapp å måle (velg en kommune med egen fil).")
        return 2
    print(report(measure(args.site, args.page, args.runs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
