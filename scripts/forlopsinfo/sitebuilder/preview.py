"""`forlopsinfo preview [kommunenummer]`: serve the site on 127.0.0.1 and rebuild it when a file changes.

Every rebuild is the same `forlopsinfo build` as CI runs (strict, both languages in parallel), as a subprocess so
edits to the generator's own code are picked up too. With a kommunenummer it is the restricted build: national,
front and fylke pages, and only that kommune's pages (about 2 s). Browsers reload when the new site is in place.
The serving and reloading is MkDocs' own development server (mkdocs.livereload), which injects the reload script.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from forlopsinfo.layout import SITE_URL_VARIABLE
from forlopsinfo.project import Project

WATCHED = ("municipalities", "templates", "docs", "pyproject.toml", "scripts/forlopsinfo")


def rebuild(project: Project, site: Path, *, kommune_filter: frozenset[str] | None, site_url: str) -> bool:
    """One build of the preview into `site`. Prints what the build printed; False when it failed."""
    cmd = [sys.executable, "-m", "forlopsinfo.cli", "build", "--site-dir", str(site)]
    for number in sorted(kommune_filter or ()):
        cmd += ["--kommune", number]
    result = subprocess.run(
        cmd, cwd=project.root, env={**os.environ, SITE_URL_VARIABLE: site_url}, capture_output=True, text=True
    )
    sys.stdout.write(result.stdout)
    sys.stderr.write(result.stderr)
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

    def builder() -> None:
        # A failed build keeps the last good site (build_site swaps only on success), so the browser keeps showing
        # the previous version; the editor reads what to fix in the terminal.
        if not rebuild(project, site, kommune_filter=kommune_filter, site_url=site_url):
            print("Byggingen feilet (se meldingene over). Forhåndsvisningen viser forrige versjon til feilen er rettet.",
                  file=sys.stderr)

    try:
        try:
            started = rebuild(project, site, kommune_filter=kommune_filter, site_url=site_url)
        except KeyboardInterrupt:
            print("Stopper.")
            return 130
        if not started:
            print("Forhåndsvisningen startet ikke: rett feilene over og prøv igjen.", file=sys.stderr)
            return 1
        server = LiveReloadServer(builder=builder, host=host, port=port, root=str(site))

        def error_page(code: int) -> bytes | None:
            page = site / "404.html"
            return page.read_bytes() if code == 404 and page.is_file() else None

        server.error_handler = error_page
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
