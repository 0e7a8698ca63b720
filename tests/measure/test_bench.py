"""The benchmark script (`make bench`) is a measurement, not a test: nothing here checks a time. This only makes
sure the script still runs end to end on a tiny synthetic data set and writes the figures the README cites."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import copy_project


def test_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "results"
    result = subprocess.run(
        [sys.executable, "-m", "forlopsinfo.measure.bench", "--sizes", "6", "--runs", "1", "--no-hugo", "--no-levers", "--phone-runs", "1", "--out", str(out)],
        cwd=project, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "full build s" in result.stdout and "Mål (issue 6):" in result.stdout
    report = json.loads((out / "latest.json").read_text("utf-8"))
    (size,) = report["results"]
    assert size["kommuner"] == 6 and size["kommune_pages"] == 2 * 357
    for key in ("full_build", "validate", "preview"):
        assert size[key]["wall_s"] > 0 and size[key]["cpu_s"] > 0 and size[key]["peak_rss_tree_mb"] > 0
    assert 5 < size["html_per_kommune_page_gzip_median_kb"] < size["html_per_kommune_page_median_kb"]
    assert "Referanseløkke" in result.stdout
    phone = report["slow_phone"]  # the slow-phone figures (measure/slowphone.py): printed, never a verdict here
    assert phone["painted_ms"] > 0 and phone["painted_bare_ms"] > 0 and phone["transferred_kb"] > phone["transferred_bare_kb"]
    assert "Treg mobil" in result.stdout
    assert report["machine"]["reference_loop_s"]["before"] > 0
    assert {v["what"] for v in report["verdicts"]} >= {"full build, largest size (s)", "validate, largest size (s)"}
    # the synthetic files stay in the scratch copy; the project's own data is untouched
    assert sorted(p.name for p in (project / "municipalities").glob("[0-9]*.yaml")) == sorted(
        p.name for p in (Path(__file__).parents[2] / "municipalities").glob("[0-9]*.yaml"))


def test_the_benchmark_switches_the_levers_off_with_the_builders_own_switch() -> None:
    """`make bench` compares the standard build with the plain one (every speed lever off). The smoke test above skips
    that part (--no-levers: two more builds); tests/sitebuilder/test_build.py builds with the switch itself."""
    from forlopsinfo.measure import bench
    from forlopsinfo.sitebuilder import levers

    assert bench.LEVERS == {"plain": (levers.SWITCH, "1")}
    assert set(bench.LEVER_TEXT) == {"standard", *bench.LEVERS}
