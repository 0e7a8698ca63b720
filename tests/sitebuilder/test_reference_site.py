"""The built site, byte for byte, against a reference: a manifest of every file's SHA-256 in tests/sitebuilder/reference/.

Two data sets: the shipped data with the test fixtures (the `built` site), and 357 synthetic kommuner (every kommune
has a file; 2/3 as rich as Ringerike, 1/3 only the required fields; measure/synthetic.py). The manifests were made
from the site of commit 9aeb9b0, before the package was laid out as the pipeline (issue 15), so a pass says the
restructuring changed nothing a reader gets. The same input in another checkout, on another day, gives the same
bytes: this is also the reproducibility check.

After an intended change to what the site shows, rewrite them and read the diff before committing:
    UPDATE_REFERENCE=1 .venv/bin/python -m pytest tests/sitebuilder/test_reference_site.py
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from conftest import copy_project, run_cli

REFERENCE = Path(__file__).parent / "reference"
DEFAULT_SITE_URL = "https://forlopsinfo.github.io/forlopsinfo/"


def manifest(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()[:20]
            for p in sorted(site.rglob("*")) if p.is_file()}


def manifest_text(entries: dict[str, str]) -> str:
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(entries.items()))


def read_manifest(path: Path) -> dict[str, str]:
    return {line[22:]: line[:20] for line in path.read_text("utf-8").splitlines() if line}


def compare(site: Path, name: str) -> None:
    if os.environ.get("FORLOPSINFO_SITE_URL", DEFAULT_SITE_URL) not in (DEFAULT_SITE_URL, DEFAULT_SITE_URL[:-1]):
        pytest.skip("FORLOPSINFO_SITE_URL is set to another address: the reference is for the default address")
    path = REFERENCE / name
    found = manifest(site)
    if os.environ.get("UPDATE_REFERENCE") == "1":
        path.write_text(manifest_text(found), "utf-8")
    expected = read_manifest(path)
    missing = sorted(expected.keys() - found.keys())
    extra = sorted(found.keys() - expected.keys())
    changed = sorted(p for p in expected.keys() & found.keys() if expected[p] != found[p])
    assert (missing, extra, changed) == ([], [], []), (
        f"{name}: {len(missing)} files missing, {len(extra)} new, {len(changed)} changed; first: "
        f"{missing[:3]} {extra[:3]} {changed[:5]}")
    assert len(found) > 800


def test_site_from_the_shipped_data_is_the_reference(built: Path) -> None:
    compare(built / "site", "shipped.sha256")


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from forlopsinfo.measure.synthetic import write_synthetic

    root = copy_project(tmp_path_factory.mktemp("synthetic"))
    assert len(write_synthetic(root / "municipalities", mix=True, replace=True)) == 357
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


def test_site_of_357_synthetic_kommuner_is_the_reference(synthetic_site: Path) -> None:
    compare(synthetic_site, "synthetic-357.sha256")


def test_the_comparison_notices_a_changed_file(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "a" / "index.html").write_text("x", "utf-8")
    before = manifest(site)
    (site / "a" / "index.html").write_text("y", "utf-8")
    assert manifest(site) != before
    assert read_manifest(_write(tmp_path / "m", before)) == before


def _write(path: Path, entries: dict[str, str]) -> Path:
    path.write_text(manifest_text(entries), "utf-8")
    return path
