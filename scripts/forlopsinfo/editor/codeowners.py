""".github/CODEOWNERS generated from the «vedlikeholdere» of each kommune file, so GitHub asks the kommune's own
maintainers to review changes to its file. Never edited by hand; a test fails when the committed file is stale."""

from __future__ import annotations

import difflib
from pathlib import Path

from forlopsinfo.validate.dataset import Dataset

HEADER = """\
# Generert av «forlopsinfo codeowners» fra feltet «vedlikeholdere» i kommunefilene. Ikke rediger for hånd:
# endre vedlikeholdere i kommunefilen og kjør «.venv/bin/forlopsinfo codeowners».
#
# Eksempelfiler (eksempel: true) har oppdiktede vedlikeholdere og står derfor ikke her.
# En interkommunal tjeneste eies av vedlikeholderne til alle kommunene som bruker den.
"""


def path(root: Path) -> Path:
    return root / ".github" / "CODEOWNERS"


def codeowners_text(data: Dataset) -> str:
    lines = [HEADER]
    real = {n: e for n, e in sorted(data.kommuner.items()) if not e.data.example}
    for entry in real.values():
        lines.append(f"/{entry.file} {' '.join(entry.data.maintainers)}")
    shared_lines = []
    for shared_id, shared in sorted(data.shared.items()):
        owners: list[str] = []
        for number in shared.data.kommuner:
            if number in real:
                owners += [m for m in real[number].data.maintainers if m not in owners]
        if owners:
            shared_lines.append(f"/{shared.file} {' '.join(owners)}")
    if shared_lines:
        lines += ["", *shared_lines]
    return "\n".join(lines).rstrip("\n") + "\n"


def is_stale(root: Path, data: Dataset) -> bool:
    target = path(root)
    return not target.is_file() or target.read_text("utf-8") != codeowners_text(data)


def needed_edits(root: Path, data: Dataset) -> list[str]:
    """Lines to remove (-) and add (+) so the committed file matches the kommune files: what an editor working in
    the browser can do by hand when they cannot run the command."""
    target = path(root)
    current = target.read_text("utf-8").splitlines() if target.is_file() else []
    diff = difflib.ndiff(current, codeowners_text(data).splitlines())
    return [line for line in diff if line[:2] in ("- ", "+ ")]


def write(root: Path, data: Dataset) -> bool:
    """Write the file if it changed; True when it was written."""
    if not is_stale(root, data):
        return False
    target = path(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(codeowners_text(data), "utf-8")
    return True
