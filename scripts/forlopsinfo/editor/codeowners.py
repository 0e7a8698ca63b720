""".github/CODEOWNERS generated from the «vedlikeholdere» of each kommune file, so GitHub asks the kommune's own
maintainers to review changes to its file, and the project's maintainers team everything else. Never edited by hand;
a test fails when the committed file is stale.

Order matters: GitHub uses the LAST pattern that matches a file. So the catch-all `*` comes first, then the
project's own paths, then one line per real kommune file. Shared services (`municipalities/interkommunale/`) are owned
by the team alone: their text is on several kommuner's pages, and with several owners on one line ONE approval from
any of them is enough, so kommune A could approve a change to kommune B's page. The kommuner's own maintainers are
listed in a comment above the rule (GitHub ignores comments) so the project can ask them to review.

`vedlikeholdere` may also hold role e-mail addresses, for kommuner whose editors have no GitHub account. Only the
GitHub names become owners. A kommune file with e-mail addresses only gets an explicit line for the project's team:
the project approves its changes, and the addresses stand in the comment above so the project can ask them.

A kommune's pull request that changes its maintainers cannot change this file from the browser, so the pull-request
check only notes a stale file; the weekly report fails until a maintainer runs «forlopsinfo codeowners» (README,
«Hvem godkjenner endringer»). Until then the old owners stay owners: nobody gains approval rights without review."""

from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path

from forlopsinfo.validate.dataset import Dataset
from forlopsinfo.validate.fieldtypes import is_github_name

# The project's maintainers: a GitHub team with write access to the repository. A placeholder for the upstream
# project; a fork puts its own team here and runs «forlopsinfo codeowners» (README, «Hvem godkjenner endringer»).
# pyproject.toml has no setting for it on purpose: this module is the one place.
MAINTAINERS_TEAM = "@forlopsinfo/vedlikeholdere"

# Paths only the project changes, owned explicitly even though `*` already covers them, so they stay owned if a
# later line is ever added for a folder above them. Leading `/` = from the repository root; trailing `/` = the whole
# folder.
PROJECT_PATHS = (
    "/.github/",
    "/scripts/",
    "/templates/",
    "/docs/",
    "/municipalities/register/",
    "/municipalities/nasjonalt.yaml",
    "/pyproject.toml",
    "/Makefile",
    "/requirements*.lock",
)
SHARED_PATH = "/municipalities/interkommunale/"

HEADER = """\
# Generert av «forlopsinfo codeowners» fra feltet «vedlikeholdere» i kommunefilene. Ikke rediger for hånd:
# endre vedlikeholdere i kommunefilen og kjør «.venv/bin/forlopsinfo codeowners».
#
# Den siste linjen som passer på en fil, gjelder. Derfor står «*» først: alt som ikke har en egen linje lenger ned,
# eies av prosjektets vedlikeholdere, {team}. Det gjelder også denne filen.
# Så kommer prosjektets egne mapper og filer, og til slutt kommunefilene. De eies av kommunens egne vedlikeholdere.
#
# Eksempelfiler (eksempel: true) har oppdiktede vedlikeholdere. De står derfor ikke her, og prosjektet eier dem.
# Vedlikeholdere kan være GitHub-brukernavn eller e-postadresser. Bare brukernavnene kan godkjenne. En kommunefil med
# bare e-postadresser eies av prosjektet; adressene står i en kommentar over linjen.
# En interkommunal tjeneste eies bare av prosjektet. Teksten står på sidene til flere kommuner, og én godkjenning
# fra én av kommunene skal ikke være nok. Kommunenes egne vedlikeholdere står i en kommentar over regelen:
# be dem se over endringen før den godkjennes.
"""


def path(root: Path) -> Path:
    return root / ".github" / "CODEOWNERS"


def _inert(text: str) -> str:
    """Text for a comment line: a character that could end the line or hide text (a newline in a file name, say)
    becomes «?», so nothing from a file name can turn into a rule."""
    return "".join("?" if unicodedata.category(c)[0] == "C" or unicodedata.category(c) in ("Zl", "Zp") else c
                   for c in text)


def codeowners_text(data: Dataset) -> str:
    team = MAINTAINERS_TEAM
    lines = [HEADER.format(team=team), f"* {team}", "", "# Prosjektets egne mapper og filer"]
    lines += [f"{p} {team}" for p in PROJECT_PATHS]
    real = {n: e for n, e in sorted(data.kommuner.items()) if not e.data.example}
    lines += ["", "# Interkommunale tjenester: bare prosjektet godkjenner."]
    asked = []
    for _, shared in sorted(data.shared.items()):
        kommuner = [f"{real[n].kommune.name} ({n}) {' '.join(real[n].data.maintainers)}"
                    for n in sorted(set(shared.data.kommuner)) if n in real]
        if kommuner:
            asked.append(_inert(f"# {Path(shared.file).name}: {'; '.join(kommuner)}"))
    if asked:
        lines += ["# Be kommunenes egne vedlikeholdere se over endringen:", *asked]
    lines.append(f"{SHARED_PATH} {team}")
    if real:
        lines += ["", "# Kommunefilene"]
        for entry in real.values():
            names = [m for m in entry.data.maintainers if is_github_name(m)]
            if not names:
                lines.append(_inert(f"# {Path(entry.file).name}: bare e-post, prosjektet godkjenner. Spør "
                                    f"{' '.join(entry.data.maintainers)}"))
            lines.append(f"/{entry.file} {' '.join(names or [team])}")
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
