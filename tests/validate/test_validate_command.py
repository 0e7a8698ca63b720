"""The validate command as editors, pre-commit and CI call it."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli


def test_validate_all_ok(project: Path) -> None:
    result = run_cli(project, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 4 kommunefiler og 1 interkommunal tjeneste er gyldige")


def test_validate_named_file_with_errors_and_github_annotations(project: Path) -> None:
    path = project / "municipalities" / "1520-orsta.yaml"
    path.write_text(path.read_text("utf-8").replace("målform: nynorsk", "målform: nynorks"), "utf-8")
    result = run_cli(project, "validate", "municipalities/1520-orsta.yaml", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert (
        "municipalities/1520-orsta.yaml:5:10: målform: Verdien er ikke en av de tillatte. (fant: «nynorks») — "
        "Bruk en av disse: bokmål eller nynorsk." in result.stderr
    )
    assert (
        "::error file=municipalities/1520-orsta.yaml,line=5,col=10,title=målform::Verdien er ikke en av de "
        "tillatte. (fant: «nynorks») — Bruk en av disse: bokmål eller nynorsk." in result.stdout
    )


def test_schema_check(project: Path) -> None:
    assert run_cli(project, "schema", "--check").returncode == 0
    (project / "municipalities" / "schema.json").write_text("{}", "utf-8")
    result = run_cli(project, "schema", "--check")
    assert result.returncode == 1 and "Utdatert: municipalities/schema.json" in result.stderr
