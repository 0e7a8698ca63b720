"""`forlopsinfo changes --base <ref>`: which kommune pages a change touches and what changed in them, as Norwegian
Markdown for the pull request's job summary. Compares the files at the merge base with the working tree, field by
field, using the project's strict YAML loader (so values are read exactly as the site reads them).

The change comes from a pull request, so every file name, key and value in it is hostile input. Both sides are read
as bytes through `load_bytes` (size limit, UTF-8, strict YAML); a link, a folder or a device is refused by name and
never opened; one file that cannot be read or summarised never stops the summary. Everything from data or file
names is made inert for Markdown (`md_code`, `md_text`), and the summary stays below GitHub's 1 MiB limit for a job
summary (`MAX_FIELDS` per file, `MAX_SUMMARY_BYTES` in all)."""

from __future__ import annotations

import os
import re
import stat
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forlopsinfo.generate.render import md_escape
from forlopsinfo.layout import Layout, register_path
from forlopsinfo.load.problems import inert
from forlopsinfo.load.register import Register
from forlopsinfo.load.yamlload import MAX_FILE_BYTES, load_bytes
from forlopsinfo.project import Project
from forlopsinfo.validate.files import NATIONAL_FILE, SHARED_DIR

MAX_VALUE = 80  # characters of a value shown
MAX_KEY = 120  # characters of a field path shown
MAX_FIELDS = 40  # changed fields listed per file
MAX_SECTIONS = 30  # top-level fields named for a new file
MAX_SUMMARY_BYTES = 800 * 1024  # GitHub refuses a job summary over 1 MiB


class GitError(Exception):
    pass


def _git_bytes(root: Path, *args: str) -> bytes:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(inert(message or f"git {' '.join(args)} feilet"))
    return result.stdout


def _git(root: Path, *args: str) -> str:
    return _git_bytes(root, *args).decode("utf-8", "replace")


def _names(output: bytes) -> list[str]:
    """NUL-separated paths from git (-z: never quoted), as str the file system functions accept (surrogateescape)."""
    return [os.fsdecode(name) for name in output.split(b"\0") if name]


def merge_base(root: Path, base: str) -> str:
    return _git(root, "merge-base", base, "HEAD").strip()


def changed_paths(root: Path, base_commit: str) -> list[str]:
    """Paths changed between the base commit and the working tree (committed or not), plus new untracked files."""
    changed = _names(_git_bytes(root, "diff", "--name-only", "-z", "--no-renames", base_commit, "--"))
    untracked = _names(_git_bytes(root, "ls-files", "-z", "--others", "--exclude-standard"))
    return sorted(set(changed) | set(untracked))


# What a side of a comparison can be besides data: absent (None), not loadable, or not a regular file.
_UNREADABLE = object()
_NOT_A_FILE = object()


def _old_bytes(root: Path, base_commit: str, rel: str) -> bytes | object | None:
    """The file's bytes at the base commit (at most one byte over the size limit), None when it was not there."""
    listing = _git_bytes(root, "--literal-pathspecs", "ls-tree", "-z", base_commit, "--", rel)  # * and [ are text
    if not listing:
        return None
    mode = listing.split(b" ", 1)[0]
    if mode not in (b"100644", b"100755"):  # a link (120000), a folder (040000) or a submodule (160000)
        return _NOT_A_FILE
    with subprocess.Popen(["git", "cat-file", "blob", f"{base_commit}:{rel}"], cwd=root,
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        assert proc.stdout is not None
        raw = proc.stdout.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            proc.kill()  # too large: load_bytes refuses it, the rest is never read
            return raw
    return raw if proc.returncode == 0 else _UNREADABLE


def _new_bytes(path: Path) -> bytes | object | None:
    """The file's bytes in the working tree (at most one byte over the size limit), None when it is gone. A link,
    a folder, a pipe or a device is refused by name, without being opened or followed."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return _NOT_A_FILE
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError:
        return _UNREADABLE
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):  # replaced after lstat
            return _NOT_A_FILE
        return fh.read(MAX_FILE_BYTES + 1)


def _data(raw: bytes | object | None, display: str) -> Any:
    if not isinstance(raw, bytes):
        return raw
    loaded, _ = load_bytes(raw, display)
    return loaded.data if loaded is not None else _UNREADABLE


def _key(item: Any, index: int) -> str:
    if isinstance(item, dict) and isinstance(item.get("navn"), str):
        return f"[«{item['navn']}»]"
    if isinstance(item, dict) and isinstance(item.get("målgruppe"), str):
        return f"[«{item['målgruppe']}»]"
    return f"[{index + 1}]"


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{'a.b[«Navn»].c': leaf}. List items with a «navn» are keyed by it, so inserting one does not shift the rest."""
    out: dict[str, Any] = {}
    if isinstance(value, dict):
        for k, v in value.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            out.update(flatten(v, prefix + _key(v, i)))
    else:
        out[prefix] = value
    return out


@dataclass
class FileChange:
    path: str
    kind: str  # "ny", "endret", "slettet"
    added: dict[str, Any] = field(default_factory=dict)
    removed: dict[str, Any] = field(default_factory=dict)
    changed: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    unreadable: bool = False
    not_a_file: bool = False


def diff_file(old: Any, new: Any, path: str) -> FileChange:
    if old is _NOT_A_FILE:  # a link or a folder at the base: compared as if the file were new
        old = None
    kind = "ny" if old is None else "slettet" if new is None else "endret"
    change = FileChange(path, kind)
    if new is _NOT_A_FILE:
        change.not_a_file = True
        return change
    if kind == "slettet":
        return change
    if old is _UNREADABLE or new is _UNREADABLE:
        change.unreadable = True
        return change
    before, after = flatten(old or {}), flatten(new or {})
    for key in after.keys() - before.keys():
        change.added[key] = after[key]
    for key in before.keys() - after.keys():
        change.removed[key] = before[key]
    for key in before.keys() & after.keys():
        if before[key] != after[key]:
            change.changed[key] = (before[key], after[key])
    return change


# --- Markdown that data cannot break out of ---------------------------------------------------------------------


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def md_text(text: object) -> str:
    """Plain text from data in Markdown: invisible characters shown as escapes (problems.inert), then every piece
    of Markdown and HTML syntax escaped (render.md_escape; also ~, GitHub's strikethrough)."""
    return str(md_escape(inert(text))).replace("~", "\\~")


def md_code(text: object, *, table: bool = False) -> str:
    """Text from data as one inline code span that no backtick, line break or invisible character in it can end or
    hide: the fence is one backtick longer than the longest run inside. `table`: in a GitHub table cell, where a
    `|` would end the cell even inside code."""
    body = inert(text)
    if table:
        body = body.replace("|", "\\|")
    if not body:
        return "(tomt)"
    fence = "`" * (max((len(run) for run in re.findall("`+", body)), default=0) + 1)
    pad = " " if body[0] in "` " or body[-1] in "` " else ""  # CommonMark strips one space from each end
    return f"{fence}{pad}{body}{pad}{fence}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(tom)"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value) if value else "(tom liste)"
    return f"«{md_text(_cut(' '.join(str(value).split()), MAX_VALUE))}»"


def _field(key: str) -> str:
    return md_code(_cut(key, MAX_KEY))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _lines(change: FileChange) -> list[str]:
    if change.not_a_file:
        return ["- Dette er ikke en vanlig fil (men en snarvei, en mappe eller en spesialfil), så den er ikke lest. "
                "Legg en vanlig tekstfil her i stedet, eller slett den."]
    if change.unreadable:
        return ["- Filen kan ikke leses som YAML (se feilene fra sjekken over)."]
    if change.kind == "ny":
        sections = sorted({k.split(".")[0].split("[")[0] for k in change.added})
        example = " Filen er merket som eksempeldata (`eksempel: true`)." if change.added.get("eksempel") is True else ""
        named = ", ".join(_field(s) for s in sections[:MAX_SECTIONS])
        more = f" og {len(sections) - MAX_SECTIONS} til" if len(sections) > MAX_SECTIONS else ""
        return [f"- Ny fil med {len(change.added)} verdier i {len(sections)} felt: {named}{more}.{example}"]
    if change.kind == "slettet":
        return ["- Filen er slettet. Siden viser da at kommunen ikke har publisert informasjon."]
    out = [f"- Endret {_field(k)}: {_show(a)} → {_show(b)}" for k, (a, b) in sorted(change.changed.items())]
    out += [f"- Lagt til {_field(k)}: {_show(v)}" for k, v in sorted(change.added.items())]
    out += [f"- Fjernet {_field(k)} (var {_show(v)})" for k, v in sorted(change.removed.items())]
    if len(out) > MAX_FIELDS:
        out = out[:MAX_FIELDS] + [f"- … og {len(out) - MAX_FIELDS} endrede felt til i denne filen, som ikke er vist "
                                  "her. Se alle endringene under «Files changed» i pull requesten."]
    return out


def _section(root: Path, base_commit: str, rel: str, register: Register, layout: Layout) -> tuple[str, list[str]]:
    """("kommune" | "interkommunal", the Markdown lines) for one changed kommune or shared-service file."""
    name = Path(rel).name
    change = diff_file(_data(_old_bytes(root, base_commit, rel), rel), _data(_new_bytes(root / rel), rel), rel)
    if Path(rel).parent.name == SHARED_DIR:
        verb = {"ny": "ny", "endret": "endret", "slettet": "slettet"}[change.kind]
        return "interkommunal", [
            f"### Interkommunal tjeneste: {md_text(Path(rel).stem)} ({verb})", "",
            f"Fil: {md_code(rel)}. Vises på sidene til alle kommunene i feltet «kommuner».", "",
            *(_lines(change) or ["- Bare kommentarer eller formatering er endret."]), "",
        ]
    number = name[:4]
    kommune = register.by_number.get(number)
    page = layout.kommune_path(layout.root, kommune) if kommune else f"{Path(rel).stem}/"
    title = f"{kommune.name} ({number})" if kommune else name
    verb = {"ny": "ny kommuneside", "endret": "endret", "slettet": "siden blir «ikke publisert»"}[change.kind]
    return "kommune", [
        f"### {md_text(title)}: {verb}", "", f"Fil: {md_code(rel)} · side: {md_code(page)}", "",
        *(_lines(change) or ["- Bare kommentarer eller formatering er endret. Siden blir lik."]), "",
    ]


def _failed_section(rel: str, err: Exception) -> list[str]:
    what = f"{md_text(type(err).__name__)}: {md_text(_cut(str(err), 200))}"
    return [f"### {md_text(Path(rel).name)}", "", f"Fil: {md_code(rel)}", "",
            f"- Endringen i denne filen kunne ikke vises ({what}). "
            "Se endringene under «Files changed» i pull requesten, og meld gjerne fra om feilen.", ""]


def _size(lines: list[str]) -> int:
    return sum(len(line.encode("utf-8", "replace")) + 1 for line in lines)


def summarize(root: Path, base: str) -> str:
    """Norwegian Markdown describing the change against `base` (a branch, tag or commit)."""
    base_commit = merge_base(root, base)
    register = Register.load(register_path(root / "municipalities"))
    paths = changed_paths(root, base_commit)
    layout = Layout.of(Project.load(root))
    kommune_lines: list[str] = []
    shared_lines: list[str] = []
    counts = {"kommune": 0, "interkommunal": 0}
    national = False
    other_site = []
    left_out = 0
    budget = MAX_SUMMARY_BYTES - 4096  # room for the heading and the closing lines
    for rel in paths:
        if not rel.startswith("municipalities/") or not rel.endswith(".yaml"):
            if rel.startswith(("templates/", "docs/")) or rel == "pyproject.toml":
                other_site.append(rel)
            continue
        if Path(rel).name == NATIONAL_FILE:
            national = True
            continue
        if budget <= 0:  # the summary is full: the rest is only counted
            left_out += 1
            continue
        try:
            kind, lines = _section(root, base_commit, rel, register, layout)
        except Exception as err:  # noqa: BLE001 - one bad file must never stop the summary
            kind, lines = "kommune", _failed_section(rel, err)
        if _size(lines) > budget:
            left_out += 1
            budget = 0
            continue
        counts[kind] += 1
        budget -= _size(lines)
        (shared_lines if kind == "interkommunal" else kommune_lines).extend(lines)

    out = ["## Endringer i kommunesidene", ""]
    if not (kommune_lines or shared_lines or national or other_site or left_out):
        out.append("Denne endringen rører ingen kommunefil, ingen mal og ingen side.")
        return "\n".join(out) + "\n"
    if national:
        out += ["**Nasjonale opplysninger er endret** (`municipalities/nasjonalt.yaml`): det påvirker alle sidene.", ""]
    if other_site:
        out += [f"**Maler eller faste sider er endret** ({len(other_site)} filer): det kan påvirke alle sidene.", ""]
    out += kommune_lines + shared_lines
    if left_out:
        out += [f"**{_count(left_out, 'fil til', 'filer til')} i municipalities/ er endret, men ikke vist her**: "
                "oppsummeringen ville blitt for lang for GitHub. Se dem under «Files changed» i pull requesten.", ""]
    out.append(f"{_count(counts['kommune'], 'kommunefil', 'kommunefiler')} og "
               f"{_count(counts['interkommunal'], 'interkommunal fil', 'interkommunale filer')} er endret"
               + (" (de som ikke er vist her, ikke medregnet)." if left_out else "."))
    return "\n".join(out) + "\n"
