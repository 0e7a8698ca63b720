"""The build replaces the whole site folder: it must never be pointed at data, and a full disk or a killed build must
never lose the site that was there.

* `--site-dir` may not be the project, a folder holding it, the project's own folders, or anyone else's non-empty
  folder: refused in Norwegian, exit 1, nothing touched. A new or empty folder, site/, or a folder an earlier build
  made (build/site-folders.json) are built.
* A killed build's temporary folders (`.site-<pid>-…`) are removed by the next build; a running build's never.
* A write that fails (a full disk, here a file size limit) is said in Norwegian, without a traceback, and the old
  site/ is kept."""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import copy_project, run_cli

REFUSED = "Kan ikke bygge nettstedet i"
CHOOSE = "Velg en ny eller tom mappe"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder` with a hash of its content."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


def _foreign(root: Path) -> Path:
    folder = root.parent / "andre-filer"
    folder.mkdir()
    (folder / "viktig.txt").write_text("noen andres fil\n", "utf-8")
    return folder


# (id, --site-dir relative to the project or made by a function of the project root, what the message names)
REFUSED_CASES = [
    ("municipalities", lambda root: root / "municipalities", "municipalities/"),
    ("docs", lambda root: root / "docs", "docs/"),
    ("templates", lambda root: root / "templates", "templates/"),
    ("inside municipalities", lambda root: root / "municipalities" / "register", "municipalities/"),
    ("inside .github", lambda root: root / ".github", ".github/"),
    ("build", lambda root: root / "build" / "nettsted", "build/"),
    ("the project root", lambda root: root, "prosjektmappen"),
    ("a parent folder", lambda root: root.parent, "prosjektmappen"),
    ("a relative way to the project", lambda root: Path("docs/.."), "prosjektmappen"),
    ("a non-empty foreign folder", _foreign, "ikke laget av en tidligere bygging"),
    ("a file of the project", lambda root: root / "pyproject.toml", "er en fil"),
]


@pytest.mark.parametrize("label, target, named", REFUSED_CASES, ids=[c[0] for c in REFUSED_CASES])
def test_a_folder_the_build_must_not_replace_is_refused(label: str, target, named: str, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "proj")
    site_dir = target(root)
    before = snapshot(tmp_path)
    result = run_cli(root, "build", "--site-dir", str(site_dir))
    assert result.returncode == 1, result.stdout + result.stderr
    assert REFUSED in result.stderr and named in result.stderr and CHOOSE in result.stderr
    assert "Ingenting er endret" in result.stderr and "Traceback" not in result.stderr
    assert "Ferdig" not in result.stdout
    assert snapshot(tmp_path) == before  # every file still there, and nothing made (not even build/)


def _build(root: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_cli(root, "build", "--kommune", "3305", "--site-dir", str(site_dir))


def test_new_and_empty_folders_are_built_and_a_built_folder_is_replaced(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "proj")
    new, empty = tmp_path / "ny" / "nettsted", tmp_path / "tom"
    empty.mkdir()
    for site in (new, empty):
        result = _build(root, site)
        assert result.returncode == 0, result.stdout + result.stderr
        assert (site / "index.html").is_file() and (site / "nn" / "index.html").is_file()
    assert not (root / "site").exists()

    # Built before: replaced by the next build, even with a file added since.
    (new / "gammel.txt").write_text("fra forrige bygging\n", "utf-8")
    result = _build(root, new)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (new / "index.html").is_file() and not (new / "gammel.txt").exists()
    assert str(new) in (root / "build" / "site-folders.json").read_text("utf-8")

    # Nothing but the site itself was left next to it.
    assert sorted(p.name for p in new.parent.iterdir()) == ["nettsted"]

    # The built folder emptied and filled with someone's files: refused.
    for path in sorted(new.rglob("*"), reverse=True):
        path.unlink() if path.is_file() or path.is_symlink() else path.rmdir()
    (new / "mitt.txt").write_text("mitt\n", "utf-8")
    result = _build(root, new)
    assert result.returncode == 1 and REFUSED in result.stderr, result.stdout + result.stderr
    assert sorted(p.name for p in new.iterdir()) == ["mitt.txt"]

    # Another folder at the same path, even one that looks like a site: refused.
    new.rename(new.parent / "borte")
    new.mkdir()
    for name in ("index.html", "sitemap.xml", "mitt.txt"):
        (new / name).write_text("mitt\n", "utf-8")
    result = _build(root, new)
    assert result.returncode == 1 and REFUSED in result.stderr, result.stdout + result.stderr
    assert sorted(p.name for p in new.iterdir()) == ["index.html", "mitt.txt", "sitemap.xml"]


def test_leftovers_of_a_killed_build_are_removed_and_a_running_builds_are_not(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "proj")
    live = subprocess.Popen(["sleep", "120"])
    try:
        dead = [".site-999999999-abc", ".site-old-999999999-def", ".logs-999999999-ghi"]
        running = [f".site-{live.pid}-x", f".site-old-{live.pid}-y"]
        for name in dead + running:
            (root / name / "site").mkdir(parents=True)
            (root / name / "site" / "index.html").write_text("halvferdig\n", "utf-8")
        result = run_cli(root, "build", "--kommune", "3305")
        assert result.returncode == 0, result.stdout + result.stderr
        for name in dead:
            assert not (root / name).exists(), name
        for name in running:
            assert (root / name / "site" / "index.html").read_text("utf-8") == "halvferdig\n", name
        # The build's own temporary folders are gone too, and they carried its process id.
        assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == sorted(running + [".github"])
    finally:
        live.kill()
        live.wait()


def test_a_build_killed_during_mkdocs_leaves_a_folder_the_next_build_removes(tmp_path: Path) -> None:
    """SIGKILL while MkDocs writes: the temporary folder stays, named with the dead build's process id, and the next
    build removes it."""
    import time

    root = copy_project(tmp_path / "proj")
    assert run_cli(root, "build", "--kommune", "3305").returncode == 0
    before = snapshot(root / "site")
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    proc = subprocess.Popen([sys.executable, "-m", "forlopsinfo.cli", "build", "--kommune", "3305"], cwd=root,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while not list(root.glob(f".site-{proc.pid}-*/site.*")) and proc.poll() is None:  # MkDocs is writing
            assert time.monotonic() < deadline
            time.sleep(0.005)
        assert proc.poll() is None, "the build ended before it could be killed"
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its site builder processes, as the OOM killer would
        proc.wait()
    leftovers = [p.name for p in root.iterdir() if p.name.startswith(".site")]
    assert len(leftovers) == 1 and leftovers[0].startswith(f".site-{proc.pid}-"), leftovers
    assert snapshot(root / "site") == before  # the old site is still there

    result = run_cli(root, "build", "--kommune", "3305")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not [p.name for p in root.iterdir() if p.name.startswith((".site", ".logs"))]


def test_a_build_killed_during_the_swap_gets_the_old_site_back(tmp_path: Path) -> None:
    """Killed between moving the old site away and moving the new one in: site/ is missing and the old site is in
    .site-old-<pid>-…/site. The next build's cleanup puts it back before it removes the leftover."""
    from forlopsinfo.sitebuilder.build import remove_leftovers

    site = tmp_path / "site"
    kept = tmp_path / ".site-old-999999999-abc" / "site"
    kept.mkdir(parents=True)
    (kept / "index.html").write_text("forrige nettsted\n", "utf-8")
    (tmp_path / ".site-999999999-def" / "site").mkdir(parents=True)
    assert sorted(remove_leftovers(tmp_path, site)) == [".site-999999999-def", ".site-old-999999999-abc"]
    assert (site / "index.html").read_text("utf-8") == "forrige nettsted\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# --- a full disk ----------------------------------------------------------------------------------------------------


def _run_with_file_size_limit(root: Path, limit: int, *args: str) -> subprocess.CompletedProcess[str]:
    """The CLI with no file allowed to grow past `limit` bytes: a write past it fails with EFBIG, as on a full
    disk it fails with ENOSPC (SIGXFSZ ignored, so the process is not killed instead)."""

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    return subprocess.run([sys.executable, "-m", "forlopsinfo.cli", *args], cwd=root, capture_output=True, text=True,
                          env=env, preexec_fn=limit_file_size, timeout=300)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("disk") / "proj")
    result = run_cli(root, "build", "--kommune", "3305")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_a_full_disk_while_generating_keeps_the_old_site(built_once: Path) -> None:
    root = built_once
    before = snapshot(root / "site")
    limit = (root / "build" / "mkdocs.yml").stat().st_size + 1024  # the configuration fits, the pages do not
    assert max(p.stat().st_size for p in (root / "build" / "docs").rglob("*") if p.is_file()) > limit
    for path in sorted((root / "build" / "docs").rglob("*"), reverse=True):  # so every page is written again
        path.unlink() if path.is_file() else path.rmdir()
    for command in (["build", "--kommune", "3305"], ["generate"]):
        result = _run_with_file_size_limit(root, limit, *command)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Kunne ikke skrive (filen ble for stor): build/docs/" in result.stderr, result.stderr
        assert "er ikke endret" in result.stderr and "og prøv igjen." in result.stderr
        assert "Traceback" not in result.stdout + result.stderr
        assert snapshot(root / "site") == before
    result = run_cli(root, "build", "--kommune", "3305")  # with room again, the next build mends build/docs
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_full_disk_while_the_site_builder_writes_keeps_the_old_site(built_once: Path) -> None:
    root = built_once
    assert run_cli(root, "generate", "--kommune", "3305").returncode == 0  # build/ up to date: nothing to write
    before = snapshot(root / "site")
    generated = max(p.stat().st_size for p in (root / "build").rglob("*") if p.is_file())
    limit = generated + 1  # every generated file fits; the site builder writes larger ones (theme, search index)
    assert max(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) > limit
    result = _run_with_file_size_limit(root, limit, "build", "--kommune", "3305")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Kunne ikke skrive (filen ble for stor)" in result.stderr, result.stderr
    assert "Byggingen feilet. site/ er ikke endret." in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(root / "site") == before
    assert not [p.name for p in root.iterdir() if p.name.startswith((".site-", ".logs-"))]
