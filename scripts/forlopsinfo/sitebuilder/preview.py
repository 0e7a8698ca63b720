"""`forlopsinfo preview [kommunenummer]`: serve the site on 127.0.0.1 and rebuild it when a file changes.

Every rebuild is the same `forlopsinfo build` as CI runs (strict, both languages in parallel), as a subprocess so
edits to the generator's own code are picked up too. With a kommunenummer it is the restricted build: national,
front and fylke pages, and only that kommune's pages (about 2 s). Browsers reload when the new site is in place.
The serving and reloading is MkDocs' own development server (mkdocs.livereload), which injects the reload script.

A failed build is shown in the browser too, not only in the terminal: every page served gets a banner at the top
with what the build said (made inert and HTML-escaped: it quotes kommune data), until a build succeeds. When the
very first build fails there is no site yet; every address then shows a status page with the same text, and the
preview carries on watching.
"""

from __future__ import annotations

import html
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from forlopsinfo.layout import SITE_URL_VARIABLE
from forlopsinfo.load.problems import inert
from forlopsinfo.project import Project

WATCHED = ("municipalities", "templates", "docs", "pyproject.toml", "scripts/forlopsinfo")


MAX_BANNER_LINES = 40
_BANNER_STYLE = ("position:relative;z-index:100;margin:0;padding:1rem;background:#fff3cd;color:#1a1a1a;"
                 "border-bottom:4px solid #b00020;font:16px/1.5 system-ui,sans-serif")


def failure_html(output: str) -> bytes:
    """The banner that says the last build failed and why: the build's own Norwegian messages, each line inert
    (no hidden or line-breaking characters) and HTML-escaped, so nothing from a data file becomes markup."""
    lines = [inert(line) for line in output.splitlines() if line.strip()]
    if len(lines) > MAX_BANNER_LINES:
        lines = lines[:MAX_BANNER_LINES] + [f"… og {len(lines) - MAX_BANNER_LINES} linjer til i terminalen."]
    text = html.escape("\n".join(lines))
    return (
        f'<div role="alert" lang="nb" id="forhandsvisning-feilet" style="{_BANNER_STYLE}">'
        "<p style=\"margin:0 0 .5rem;font-weight:bold\">Byggingen feilet. Du ser forrige versjon av siden. "
        "Rett feilene under, og lagre filen igjen. Siden oppdateres av seg selv.</p>"
        f'<pre style="margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px">{text}</pre></div>'
    ).encode("utf-8")


def with_banner(page: bytes, banner: bytes) -> bytes:
    """`page` with `banner` first in its <body>."""
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start != -1 else 0
    return page[:end] + banner + page[end:]


STATUS_PAGE = (b'<!doctype html><html lang="nb"><head><meta charset="utf-8"><title>Forh\xc3\xa5ndsvisningen venter'
               b"</title></head><body></body></html>")


def rebuild(project: Project, site: Path, *, kommune_filter: frozenset[str] | None, site_url: str,
            output: list[str] | None = None) -> bool:
    """One build of the preview into `site`. Prints what the build printed (and appends it to `output`); False when
    it failed."""
    cmd = [sys.executable, "-m", "forlopsinfo.cli", "build", "--site-dir", str(site)]
    for number in sorted(kommune_filter or ()):
        cmd += ["--kommune", number]
    result = subprocess.run(
        cmd, cwd=project.root, env={**os.environ, SITE_URL_VARIABLE: site_url}, capture_output=True, text=True
    )
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
    if output is not None:
        output.append(result.stderr or result.stdout)
    return result.returncode == 0


def serve(project: Project, *, kommune_filter: frozenset[str] | None, port: int, host: str = "127.0.0.1") -> int:
    from mkdocs.livereload import LiveReloadServer

    logger = logging.getLogger("mkdocs")
    logger.setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    logger.propagate = False

    def stop(signum, frame):  # SIGTERM (kill, a test, an editor's task runner): stop as cleanly as Ctrl+C
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    site_url = f"http://{host}:{port}/"
    scratch = Path(tempfile.mkdtemp(prefix="forlopsinfo-preview-"))
    site = scratch / "site"

    class PreviewServer(LiveReloadServer):
        failure: bytes | None = None  # the banner while the last build has failed

        def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
            content = super()._inject_js_into_html(content, epoch)
            return with_banner(content, self.failure) if self.failure else content

    def build_once() -> bool:
        output: list[str] = []
        ok = rebuild(project, site, kommune_filter=kommune_filter, site_url=site_url, output=output)
        server.failure = None if ok else failure_html("".join(output))
        if ok:
            server.root = str(site)
        return ok

    def builder() -> None:
        # A failed build keeps the last good site (build_site swaps only on success), so the browser keeps showing
        # the previous version, with the banner that says why; the terminal has the same messages.
        if not build_once():
            print("Byggingen feilet (se meldingene over). Forhåndsvisningen viser forrige versjon til feilen er rettet.",
                  file=sys.stderr)

    status = scratch / "status"  # served until the first build succeeds: every address is the status page
    status.mkdir()
    server = PreviewServer(builder=builder, host=host, port=port, root=str(status))

    def error_page(code: int) -> bytes | None:
        if not (site / "index.html").is_file():
            return server._inject_js_into_html(STATUS_PAGE, server._visible_epoch)
        page = site / "404.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = error_page
    try:
        try:
            started = build_once()
        except KeyboardInterrupt:
            print("Stopper.")
            return 130
        if not started:
            print("Den første byggingen feilet: rett feilene over. Forhåndsvisningen viser feilene i nettleseren og "
                  "bygger på nytt når du lagrer en fil.", file=sys.stderr)
        for name in WATCHED:
            if (project.root / name).exists():
                server.watch(str(project.root / name))
        what = f"kommune {', '.join(sorted(kommune_filter))} og de nasjonale sidene" if kommune_filter else "hele nettstedet"
        print(f"Forhåndsvisning av {what} på {site_url} (Ctrl+C for å stoppe). Siden oppdateres når du lagrer en fil.",
              flush=True)

        try:
            server.serve()
        except KeyboardInterrupt:
            print("Stopper.")
        finally:
            server.shutdown()
        return 0
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
