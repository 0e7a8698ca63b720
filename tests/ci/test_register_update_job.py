"""The scheduled register update (.github/workflows/registeroppdatering.yml): its step scripts, taken out of the
workflow and run with bash here, offline, in a temporary git repository whose `origin` is a local bare repository,
with stand-ins for `.venv/bin/forlopsinfo` and `gh`. The job may push only the branch oppdatering/registre, opens
or updates one pull request, and never commits to main."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "registeroppdatering.yml"
FETCH_STEP = "Hent registrene"
PR_STEP = "Åpne eller oppdater pull request"
BRANCH = "oppdatering/registre"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8"}
STORED = "municipalities/register/enhetsregisteret.yaml"
REPORT = ("## Oppdatering av registrene\n\n### Enhetsregisteret (Brønnøysundregistrene)\n\n"
          "- 4601 Bergen: nettsted «https://a» → «https://b»\n- «VOLDA\\n::error::x»\n")

# Stands in for gh: logs every call, answers «pr list» with $OPEN_PR (empty: no open pull request).
GH_STUB = """#!/bin/sh
printf '%s\\0' "$@" >> "$GH_LOG"; printf '\\n' >> "$GH_LOG"
if [ "$1 $2" = "pr list" ]; then printf '%s\\n' "$OPEN_PR"; fi
if [ "$1 $2" = "pr create" ]; then echo "https://github.com/o/r/pull/8"; fi
"""


def step(name: str) -> str:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    steps = [s for s in data["jobs"]["oppdater"]["steps"] if s.get("name") == name]
    assert len(steps) == 1, name
    return steps[0]["run"]


def command_lines(output: str) -> list[str]:
    lines = output.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


def git(cwd: Path, *args: str, home: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**GIT_ENV, "HOME": str(home), "PATH": "/usr/bin:/bin"}).stdout


def setup(tmp_path: Path, change: bool) -> tuple[Path, Path, Path]:
    remote = tmp_path / "origin.git"
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(remote)], check=True)
    (repo / "municipalities" / "register").mkdir(parents=True)
    (repo / STORED).write_text("hentet: null\nkommuner: {}\n", "utf-8")
    (repo / "municipalities" / "1577-volda.yaml").write_text("x: 1\n", "utf-8")
    git(repo.parent, "init", "-q", "-b", "main", str(repo), home=tmp_path)
    git(repo, "add", "-A", home=tmp_path)
    git(repo, "commit", "-q", "-m", "base", home=tmp_path)
    git(repo, "remote", "add", "origin", str(remote), home=tmp_path)
    git(repo, "push", "-q", "origin", "main", home=tmp_path)
    if change:  # what `forlopsinfo register --write` leaves behind
        (repo / STORED).write_text('hentet: 2026-12-07\nkommuner:\n  "4601":\n    navn: "BERGEN KOMMUNE"\n', "utf-8")
    runner = tmp_path / "runner"
    runner.mkdir()
    (runner / "registre.md").write_text(REPORT, "utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(GH_STUB, "utf-8")
    (bin_dir / "gh").chmod(0o755)
    return repo, remote, runner


def run_pr_step(tmp_path: Path, change: bool, open_pr: str = ""):
    repo, remote, runner = setup(tmp_path, change)
    log = tmp_path / "gh.log"
    log.write_text("", "utf-8")
    script = tmp_path / "step.sh"
    script.write_text(step(PR_STEP), "utf-8")
    # No GIT_AUTHOR_* here: the step sets the bot's name itself.
    env = {"GIT_CONFIG_NOSYSTEM": "1", "LANG": "C.UTF-8", "HOME": str(tmp_path),
           "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "RUNNER_TEMP": str(runner),
           "GH_LOG": str(log), "OPEN_PR": open_pr, "BASE": "main", "GH_TOKEN": "stub"}
    result = subprocess.run(["bash", "-e", str(script)], cwd=repo, capture_output=True, text=True, env=env, timeout=60)
    calls = [chunk.split("\0") for chunk in log.read_text("utf-8").split("\0\n") if chunk]
    return result, calls, repo, remote, runner


def remote_branches(remote: Path, home: Path) -> dict[str, str]:
    out = git(remote, "for-each-ref", "--format=%(refname:short) %(objectname)", "refs/heads", home=home)
    return dict(line.split(" ", 1) for line in out.splitlines())


def test_nothing_changed_means_no_branch_and_no_pull_request(tmp_path: Path) -> None:
    result, calls, _, remote, _ = run_pr_step(tmp_path, change=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Ingen endringer i registrene. Ingen pull request." in result.stdout
    assert calls == [] and set(remote_branches(remote, tmp_path)) == {"main"}


def test_a_change_is_pushed_to_its_own_branch_and_a_pull_request_is_opened(tmp_path: Path) -> None:
    result, calls, repo, remote, runner = run_pr_step(tmp_path, change=True)
    assert result.returncode == 0, result.stdout + result.stderr
    branches = remote_branches(remote, tmp_path)
    base = git(remote, "rev-list", "--max-parents=0", "main", home=tmp_path).strip()
    assert set(branches) == {"main", BRANCH}
    assert branches["main"] == base  # main is never committed to: still the one base commit
    assert git(remote, "rev-parse", f"{BRANCH}~1", home=tmp_path).strip() == base
    changed = git(remote, "diff", "--name-only", "main", BRANCH, home=tmp_path).split()
    assert changed == [STORED]
    assert git(remote, "log", "-1", "--format=%an <%ae>", BRANCH, home=tmp_path).strip() == (
        "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>")
    assert calls[0] == ["auth", "setup-git"]
    assert calls[1][:2] == ["pr", "list"] and BRANCH in calls[1]
    create = calls[2]
    assert create[:2] == ["pr", "create"]
    assert create[create.index("--base") + 1] == "main" and create[create.index("--head") + 1] == BRANCH
    body = Path(create[create.index("--body-file") + 1]).read_text("utf-8")
    assert body.startswith(REPORT)
    assert "Lukk pull requesten og åpne den igjen" in body
    assert command_lines(result.stdout + result.stderr) == []


def test_an_open_pull_request_is_updated_not_doubled(tmp_path: Path) -> None:
    result, calls, *_ = run_pr_step(tmp_path, change=True, open_pr="7")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [c[:2] for c in calls] == [["auth", "setup-git"], ["pr", "list"], ["pr", "edit"]]
    assert calls[2][2] == "7" and "--body-file" in calls[2]
    assert "Oppdaterte pull request #7." in result.stdout


def test_the_fetch_step_keeps_the_exit_code_and_puts_the_report_in_the_summary(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".venv" / "bin").mkdir(parents=True)
    stub = repo / ".venv" / "bin" / "forlopsinfo"
    stub.write_text("#!/bin/sh\necho \"$*\" > \"$RUNNER_TEMP/args\"\nprintf '## Rapport\\n'\nexit 1\n", "utf-8")
    stub.chmod(0o755)
    runner = tmp_path / "runner"
    runner.mkdir()
    summary, output = tmp_path / "summary.md", tmp_path / "output"
    script = tmp_path / "step.sh"
    script.write_text(step(FETCH_STEP), "utf-8")
    env = {"PATH": "/usr/bin:/bin", "RUNNER_TEMP": str(runner), "GITHUB_STEP_SUMMARY": str(summary),
           "GITHUB_OUTPUT": str(output)}
    result = subprocess.run(["bash", "-e", str(script)], cwd=repo, capture_output=True, text=True, env=env, timeout=30)
    assert result.returncode == 0, result.stderr  # the job fails in its last step, after the pull request
    assert (runner / "args").read_text("utf-8").split() == ["register", "--write", "--markdown"]
    assert summary.read_text("utf-8") == "## Rapport\n" and output.read_text("utf-8") == "rc=1\n"


def test_the_job_validates_before_it_opens_the_pull_request_and_fails_last() -> None:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    names = [s["name"] for s in data["jobs"]["oppdater"]["steps"]]
    assert names.index(FETCH_STEP) < names.index("Sjekk dataene") < names.index(PR_STEP) < len(names) - 1
    assert data["jobs"]["oppdater"]["steps"][-1]["if"] == "${{ steps.hent.outputs.rc != '0' }}"
    assert "git push --force origin \"HEAD:refs/heads/$branch\"" in step(PR_STEP)
    assert f"branch={BRANCH}" in step(PR_STEP)
