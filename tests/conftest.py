"""Shared fixtures: an isolated copy of the project, so tests can break data files without touching the repo."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COPY = ["municipalities", "templates", "docs", "mkdocs.yml", "pyproject.toml", "scripts/preview_hook.py"]
TODAY = dt.date(2026, 11, 23)  # fixed "today" so date checks do not drift


def copy_project(dest: Path) -> Path:
    for name in COPY:
        src = ROOT / name
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, target)
        else:
            shutil.copy2(src, target)
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "proj")


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    import os

    full_env = {**os.environ, **(env or {})}
    full_env.pop("GITHUB_ACTIONS", None) if not env or "GITHUB_ACTIONS" not in env else None
    return subprocess.run(
        [sys.executable, "-m", "forlopsinfo.cli", *args], cwd=root, capture_output=True, text=True, env=full_env
    )
