"""Governance on GitHub: file names from a pull request stay inert in the pull-request workflow, and the weekly
report judges the branch rules publishing relies on (`forlopsinfo rules`, editor/repo_rules.py).

The workflow scripts are taken out of the workflow files and run with bash here, in a temporary git repository,
with stand-ins for `.venv/bin/forlopsinfo` and `gh`. GitHub's runner reads a line as a workflow command when it starts
with `::` after leading blanks, and reads the legacy form `##[` anywhere in a line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from forlopsinfo.editor import repo_rules

WORKFLOWS = ROOT / ".github" / "workflows"
PR_STEP = "Sjekk de endrede kommunefilene"
RULES_STEP = "Regler for main"
GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "PATH": "/usr/bin:/bin"}


def load(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text("utf-8"))
    if True in data:  # PyYAML reads the key `on:` as True
        data["on"] = data.pop(True)
    return data


def step(workflow: str, job: str, name: str) -> dict:
    steps = [s for s in load(workflow)["jobs"][job]["steps"] if s.get("name") == name]
    assert len(steps) == 1, f"{workflow}: expected one step «{name}»"
    return steps[0]


def command_lines(output: str) -> list[str]:
    """Lines GitHub's runner would act on: `::` at the start after blanks, or `##[` anywhere. CR ends a line too."""
    lines = output.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [line for line in lines if line.lstrip().startswith("::") or "##[" in line]


def write_stub(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    path.chmod(0o755)


# --- A. file names in the pull-request workflow -----------------------------------------------------------------

# Names a pull request can add. Each would be a workflow command if printed raw: a newline followed by `::`, a
# carriage return, a name starting with `::`, the legacy `##[` form.
HOSTILE_NAMES = [
    "municipalities/1234-a\n::error file=x::y.yaml",
    "municipalities/1235-b\r::warning::w.yaml",
    "municipalities/interkommunale/::stop-commands::abc.yaml",
    "municipalities/5555-##[error]z.yaml",
]
PLAIN_NAMES = ["municipalities/3305-ringerike.yaml", "municipalities/interkommunale/felles-tilbud.yaml"]

# Stands in for the real command and prints every argument raw: if a hostile name ever reached it, the output would
# hold a workflow command. Each call is also written to a log.
FORLOPSINFO_STUB = """#!/bin/sh
printf '%s\\0' "$@" >> "$STUB_LOG"; printf '\\n' >> "$STUB_LOG"
echo "forlopsinfo $*"
"""



def rules_main(*args: str) -> subprocess.CompletedProcess[str]:
    """`forlopsinfo rules …` in this process (a subprocess per case cost a second each): exit code, stdout, stderr.
    An exception would reach the test, so «no traceback» still holds."""
    import contextlib
    import io

    from forlopsinfo.cli import main

    out, err, cwd = io.StringIO(), io.StringIO(), os.getcwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(["rules", *args])
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        os.chdir(cwd)
    return subprocess.CompletedProcess(["forlopsinfo", "rules", *args], code, out.getvalue(), err.getvalue())


def run_pr_step(tmp_path: Path, names: list[str]) -> tuple[subprocess.CompletedProcess[str], list[list[str]]]:
    """The step's script, run with GitHub's default `bash -e` in a repository whose pull request adds `names`."""
    repo = tmp_path / "repo"
    (repo / "municipalities").mkdir(parents=True)
    (repo / "municipalities" / "nasjonalt.yaml").write_text("x: 1\n", "utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, env={**GIT_ENV, "HOME": str(tmp_path)})

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "base")
    git("update-ref", "refs/remotes/origin/main", "HEAD")
    git("checkout", "-q", "-b", "forslag")
    for name in names:
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("kommunenummer: x\n", "utf-8")
    git("add", "-A")
    git("commit", "-q", "-m", "forslag")
    log = tmp_path / "calls"
    log.write_text("", "utf-8")
    write_stub(repo / ".venv" / "bin" / "forlopsinfo", FORLOPSINFO_STUB)
    script = tmp_path / "step.sh"
    script.write_text(step("pr.yml", "sjekk", PR_STEP)["run"], "utf-8")
    runner_temp = tmp_path / "runner"
    runner_temp.mkdir()
    env = {**GIT_ENV, "HOME": str(tmp_path), "GITHUB_BASE_REF": "main", "RUNNER_TEMP": str(runner_temp),
           "STUB_LOG": str(log), "LANG": "C.UTF-8"}
    result = subprocess.run(["bash", "-e", str(script)], cwd=repo, capture_output=True, text=True, env=env, timeout=60)
    calls = [chunk.split("\0") for chunk in log.read_text("utf-8").split("\0\n") if chunk]
    return result, calls


def test_pr_step_refuses_file_names_that_could_become_workflow_commands(tmp_path: Path) -> None:
    result, calls = run_pr_step(tmp_path, [*HOSTILE_NAMES, PLAIN_NAMES[0]])
    output = result.stdout + result.stderr
    assert command_lines(output) == [], output
    assert result.returncode == 1
    assert "Gi disse filene nye navn (andre tegn vises som ?)" in output
    assert "  - municipalities/1234-a???error?file?x??y.yaml\n" in result.stdout
    assert "  - municipalities/5555-???error?z.yaml\n" in result.stdout
    assert calls == []  # stopped before anything read the files


def test_pr_step_lists_and_validates_plain_names(tmp_path: Path) -> None:
    result, calls = run_pr_step(tmp_path, PLAIN_NAMES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Endrede filer:\n" in result.stdout
    for name in PLAIN_NAMES:
        assert f"  - {name}\n" in result.stdout
    assert calls == [["validate", "--", *PLAIN_NAMES], ["validate"]]


def test_pr_step_printing_shows_control_characters_visibly() -> None:
    """The listing itself (`printf '  - %q'`), apart from the name check: a newline is printed as $'\\n'."""
    script = step("pr.yml", "sjekk", PR_STEP)["run"]
    printing = next(line.strip() for line in script.splitlines() if line.strip().startswith("printf 'Endrede filer"))
    result = subprocess.run(["bash", "-c", f"changed=(\"$@\"); {printing}", "x", *HOSTILE_NAMES],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and result.stdout.count("\n") == 1 + len(HOSTILE_NAMES), result.stdout
    assert command_lines(result.stdout) == [], result.stdout
    assert "  - $'municipalities/1234-a\\n::error file=x::y.yaml'\n" in result.stdout


# --- B. the judgement of the branch rules -----------------------------------------------------------------------

PULL_REQUEST = {"type": "pull_request", "ruleset_source_type": "Repository", "ruleset_source": "o/r", "ruleset_id": 1,
                "parameters": {"required_approving_review_count": 1, "require_code_owner_review": True,
                               "dismiss_stale_reviews_on_push": True, "require_last_push_approval": False,
                               "required_review_thread_resolution": False}}
STATUS_CHECKS = {"type": "required_status_checks", "ruleset_id": 2,
                 "parameters": {"strict_required_status_checks_policy": False,
                                "required_status_checks": [{"context": "lint"},
                                                           {"context": repo_rules.REQUIRED_CHECK,
                                                            "integration_id": 15368}]}}
FORCE_PUSH = {"type": "non_fast_forward", "ruleset_id": 1}
DELETION = {"type": "deletion", "ruleset_id": 2}
# Two rulesets together, as GitHub lists them: the rules of both count.
ALL_RULES = [DELETION, PULL_REQUEST, {"type": "creation", "ruleset_id": 3}, STATUS_CHECKS, FORCE_PUSH]


def with_params(rule: dict, **params: object) -> dict:
    return {**rule, "parameters": {**rule["parameters"], **params}}


# name: (rules, the setting each expected line names)
MISSING = {
    "no pull request rule": (
        [DELETION, STATUS_CHECKS, FORCE_PUSH],
        ["«Require a pull request before merging»", "«Require review from Code Owners»", "«Required approvals»"]),
    "code owners need not approve": (
        [DELETION, with_params(PULL_REQUEST, require_code_owner_review=False), STATUS_CHECKS, FORCE_PUSH],
        ["«Require review from Code Owners»"]),
    "no approval required": (
        [DELETION, with_params(PULL_REQUEST, required_approving_review_count=0), STATUS_CHECKS, FORCE_PUSH],
        ["«Required approvals»"]),
    "another check required, not ours": (
        [DELETION, PULL_REQUEST, with_params(STATUS_CHECKS, required_status_checks=[{"context": "lint"}]), FORCE_PUSH],
        ["«Require status checks to pass»"]),
    "force push allowed": ([DELETION, PULL_REQUEST, STATUS_CHECKS], ["«Block force pushes»"]),
    "branch can be deleted": ([PULL_REQUEST, STATUS_CHECKS, FORCE_PUSH], ["«Restrict deletions»"]),
}
EVERY_SETTING = sorted({s for _, settings in MISSING.values() for s in settings})


def rules_cli(tmp_path: Path, content: bytes | str | list | dict) -> subprocess.CompletedProcess[str]:
    file = tmp_path / "regler.json"
    if isinstance(content, (list, dict)):
        content = json.dumps(content)
    file.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return rules_main("--from-file", str(file))


def test_all_rules_on_gives_no_lines_and_exit_0(tmp_path: Path) -> None:
    assert repo_rules.judge(ALL_RULES).missing == []
    result = rules_cli(tmp_path, ALL_RULES)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("## Regler for grenen main\n")
    assert "Alt publiseringen stoler på, er slått på" in result.stdout
    assert not any(setting in result.stdout for setting in EVERY_SETTING)


@pytest.mark.parametrize("name", list(MISSING))
def test_each_missing_rule_is_named(tmp_path: Path, name: str) -> None:
    rules, settings = MISSING[name]
    lines = repo_rules.judge(rules).missing
    assert len(lines) == len(settings) and all(s in line for s, line in zip(settings, lines)), lines
    result = rules_cli(tmp_path, rules)
    assert result.returncode == 1
    assert "Noe mangler." in result.stdout and "*Settings → Rules → Rulesets*" in result.stdout
    for setting in EVERY_SETTING:
        assert (setting in result.stdout) is (setting in settings), setting


def test_the_missing_check_names_the_checks_that_are_required() -> None:
    (line,) = repo_rules.judge(MISSING["another check required, not ours"][0]).missing
    assert f"«{repo_rules.REQUIRED_CHECK}»" in line and line.endswith("Påkrevd nå: «lint».")


def test_no_rules_at_all_explains_classic_branch_protection(tmp_path: Path) -> None:
    result = rules_cli(tmp_path, [])
    assert result.returncode == 1
    assert all(setting in result.stdout for setting in EVERY_SETTING)
    assert "Klassisk grenbeskyttelse (branch protection) vises ikke her" in result.stdout


MALFORMED = {
    "empty": (b"", "Filen er tom."),
    "not JSON": (b"<html>Bad gateway</html>", "Filen er ikke gyldig JSON."),
    "not UTF-8": (b'[{"type": "deletion\xff"}]', "Filen er ikke gyldig JSON."),
    "an error from GitHub": ({"message": "Not Found", "status": "404"}, "GitHub svarte med en feil: «Not Found»."),
    "an object": ({"rules": []}, "Svaret har ikke formen vi venter"),
    "a list of words": (["deletion"], "Svaret har ikke formen vi venter"),
    "a rule without a type": ([{"parameters": {}}], "Svaret har ikke formen vi venter"),
    "too big": (b"[" + b" " * (repo_rules.MAX_BYTES + 1) + b"]", "Filen er for stor"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_a_malformed_answer_gives_a_norwegian_message(tmp_path: Path, name: str) -> None:
    content, message = MALFORMED[name]
    result = rules_cli(tmp_path, content)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stdout.startswith("## Regler for grenen main\n") and message in result.stdout, result.stdout


def test_a_missing_file_gives_a_norwegian_message(tmp_path: Path) -> None:
    result = rules_main("--from-file", str(tmp_path / "finnes-ikke.json"))
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert "Finner ikke filen" in result.stdout


def test_text_from_github_is_escaped_for_markdown(tmp_path: Path) -> None:
    hostile = "<img src=x onerror=alert(1)>"
    rules = [DELETION, PULL_REQUEST, FORCE_PUSH, {"type": "[lenke](javascript:alert(1))"},
             with_params(STATUS_CHECKS, required_status_checks=[{"context": hostile}])]
    out = rules_cli(tmp_path, rules).stdout
    assert "«&lt;img src=x onerror=alert(1)>»" in out and "<img" not in out
    assert "\\[lenke\\](javascript:alert(1))" in out and " [lenke](" not in out
    error = rules_cli(tmp_path, {"message": "<script>alert(1)</script>\n# Overskrift"}).stdout
    assert "<script>" not in error and "\n# Overskrift" not in error and "&lt;script>" in error
    branch = rules_main("--from-file", str(tmp_path / "regler.json"), "--branch", "<b>x</b>").stdout
    assert branch.startswith("## Regler for grenen &lt;b>x&lt;/b>\n")


def test_the_required_check_is_the_pull_request_job() -> None:
    assert load("pr.yml")["jobs"]["sjekk"]["name"] == repo_rules.REQUIRED_CHECK


# --- C. the weekly step that fetches the rules ------------------------------------------------------------------

# Stands in for the GitHub CLI: records its arguments and whether it got the token, answers with $GH_ANSWER.
GH_STUB = """#!/bin/sh
printf '%s\\n' "$*" > "$GH_ARGS"
printf '%s\\n' "${GH_TOKEN:-no token}" >> "$GH_ARGS"
cat "$GH_ANSWER"
exit "${GH_EXIT:-0}"
"""


def test_weekly_step_reads_the_token_from_env_with_read_only_permissions() -> None:
    workflow = load("weekly.yml")
    job = workflow["jobs"]["rapport"]
    assert job["permissions"] == {"contents": "read"} and workflow["permissions"] == {}
    rules = step("weekly.yml", "rapport", RULES_STEP)
    assert rules["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert "${{" not in rules["run"]  # expressions only through env (zizmor: template-injection)
    assert rules["continue-on-error"] is True and rules["if"] == "${{ !cancelled() }}"
    assert "rules/branches/" in rules["run"] and '>> "$GITHUB_STEP_SUMMARY"' in rules["run"]
    red = job["steps"][-1]
    assert red["if"] == "${{ !cancelled() && steps.rules.outcome == 'failure' }}" and "exit 1" in red["run"]
    assert red["run"].count("\n") == 2  # a fixed message and exit 1: nothing from the answer reaches the log


@pytest.mark.parametrize("answer,gh_exit,returncode,expected", [
    (ALL_RULES, 0, 0, "Alt publiseringen stoler på, er slått på"),
    ([PULL_REQUEST, STATUS_CHECKS, FORCE_PUSH], 0, 1, "«Restrict deletions»"),
    ({"message": "Not Found", "status": "404"}, 1, 1, "GitHub svarte med en feil: «Not Found»."),
])
def test_weekly_step_writes_the_report_to_the_summary(tmp_path: Path, answer: object, gh_exit: int,
                                                      returncode: int, expected: str) -> None:
    work = tmp_path / "work"
    (work / "municipalities").mkdir(parents=True)
    shutil.copy2(ROOT / "pyproject.toml", work / "pyproject.toml")
    write_stub(work / ".venv" / "bin" / "forlopsinfo", f'#!/bin/sh\nexec "{sys.executable}" -m forlopsinfo.cli "$@"\n')
    write_stub(tmp_path / "bin" / "gh", GH_STUB)
    (tmp_path / "answer.json").write_text(json.dumps(answer), "utf-8")
    summary = tmp_path / "summary.md"
    summary.write_text("", "utf-8")
    rules = step("weekly.yml", "rapport", RULES_STEP)
    env = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "PYTHONPATH": str(ROOT / "scripts"), "HOME": str(tmp_path),
           "RUNNER_TEMP": str(tmp_path), "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_REPOSITORY": "eier/navn",
           "GH_ARGS": str(tmp_path / "gh-args"), "GH_ANSWER": str(tmp_path / "answer.json"), "GH_EXIT": str(gh_exit),
           "GH_TOKEN": "token-fra-env", **{k: v for k, v in rules["env"].items() if k != "GH_TOKEN"}}
    result = subprocess.run(["bash", "-e", "-c", rules["run"]], cwd=work, capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == returncode, result.stdout + result.stderr
    assert "Traceback" not in result.stderr and command_lines(result.stdout + result.stderr) == []
    args, token = (tmp_path / "gh-args").read_text("utf-8").splitlines()
    assert args.startswith("api ") and args.endswith(" repos/eier/navn/rules/branches/main?per_page=100")
    assert token == "token-fra-env"
    report = summary.read_text("utf-8")
    assert report.startswith("## Regler for grenen main\n") and expected in report, report
    assert result.stdout == ""  # the report goes to the summary only, never to the log
