"""Run the site builder on the generated Markdown, and replace site/ only when the whole build succeeded."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def data_epoch(dates: list[dt.date]) -> int:
    """SOURCE_DATE_EPOCH for a reproducible build: midnight UTC of the newest date in the data, so the same input
    gives the same sitemap dates and gzip headers on any day, in any checkout."""
    newest = max(dates)
    return int(dt.datetime(newest.year, newest.month, newest.day, tzinfo=dt.timezone.utc).timestamp())


def builder_env(source_date_epoch: int | None = None) -> dict[str, str]:
    env = dict(os.environ)
    if source_date_epoch is not None:
        env.setdefault("SOURCE_DATE_EPOCH", str(source_date_epoch))
    # Material and mkdocs-gen-files print banners about MkDocs 2.0 on every run; they are not build problems.
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    env.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    return env


def run_mkdocs(
    root: Path, site_dir: Path, *, quiet: bool = True, source_date_epoch: int | None = None
) -> subprocess.CompletedProcess[str]:
    # Never pass --quiet: it raises the log level above WARNING, and strict mode then has no warnings to count.
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(root / "mkdocs.yml"),
           "--site-dir", str(site_dir)]
    result = subprocess.run(cmd, cwd=root, env=builder_env(source_date_epoch), text=True, capture_output=True)
    if quiet:
        kept = [line for line in result.stderr.splitlines(keepends=True) if not line.startswith("INFO")]
        result.stderr = "".join(kept)
    return result


def build_site(
    root: Path, site: Path, *, quiet: bool = True, source_date_epoch: int | None = None
) -> subprocess.CompletedProcess[str]:
    """Build into a fresh temporary folder next to `site`, then swap it in. On failure `site` is untouched."""
    site.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=site.parent))
    try:
        result = run_mkdocs(root, tmp, quiet=quiet, source_date_epoch=source_date_epoch)
        if result.returncode != 0:
            return result
        old = None
        if site.exists():
            old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site.parent))
            os.replace(site, old / "site")
        os.replace(tmp, site)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return result
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
