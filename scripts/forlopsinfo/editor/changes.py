"""`forlopsinfo changes --base <ref>`: which kommune pages a change touches and what changed in them, as Norwegian
Markdown for the pull request's job summary. Compares the files at the merge base with the working tree, field by
field, using the project's strict YAML loader (so values are read exactly as the site reads them)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from forlopsinfo.validate.dataset import NATIONAL_FILE, SHARED_DIR
from forlopsinfo.load.register import Register
from forlopsinfo.generate.render import md_escape
from forlopsinfo.load.yamlload import load_text
from forlopsinfo.layout import Layout, register_path
from forlopsinfo.project import Project

MAX_VALUE = 80


class GitError(Exception):
    pass


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
    if result.returncode != 0:
        raise GitError(result.stderr.strip() or f"git {' '.join(args)} feilet")
    return result.stdout


def merge_base(root: Path, base: str) -> str:
    return _git(root, "merge-base", base, "HEAD").strip()


def changed_paths(root: Path, base_commit: str) -> list[str]:
    """Paths changed between the base commit and the working tree (committed or not), plus new untracked files."""
    changed = _git(root, "diff", "--name-only", "--no-renames", base_commit, "--").splitlines()
    untracked = _git(root, "ls-files", "--others", "--exclude-standard").splitlines()
    return sorted(set(changed) | set(untracked))


def _old_text(root: Path, base_commit: str, rel: str) -> str | None:
    try:
        return _git(root, "show", f"{base_commit}:{rel}")
    except GitError:
        return None


def _data(text: str | None, display: str) -> Any:
    if text is None:
        return None
    loaded, _ = load_text(text, display)
    return loaded.data if loaded is not None else _UNREADABLE


_UNREADABLE = object()


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


def diff_file(old: Any, new: Any, path: str) -> FileChange:
    kind = "ny" if old is None else "slettet" if new is None else "endret"
    change = FileChange(path, kind)
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


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "(tom)"
    if isinstance(value, list):
        value = ", ".join(str(v) for v in value) if value else "(tom liste)"
    text = " ".join(str(value).split())
    if len(text) > MAX_VALUE:
        text = text[: MAX_VALUE - 1] + "…"
    return f"«{md_escape(text)}»"


def _field(key: str) -> str:
    return f"`{key}`" if "`" not in key and "\n" not in key else md_escape(key)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _lines(change: FileChange) -> list[str]:
    if change.unreadable:
        return ["- Filen kan ikke leses som YAML (se feilene fra sjekken over)."]
    if change.kind == "ny":
        sections = sorted({k.split(".")[0].split("[")[0] for k in change.added})
        example = " Filen er merket som eksempeldata (`eksempel: true`)." if change.added.get("eksempel") is True else ""
        return [f"- Ny fil med {len(change.added)} verdier i {len(sections)} felt: "
                + ", ".join(_field(s) for s in sections) + "." + example]
    if change.kind == "slettet":
        return ["- Filen er slettet. Siden viser da at kommunen ikke har publisert informasjon."]
    out = [f"- Endret {_field(k)}: {_show(a)} → {_show(b)}" for k, (a, b) in sorted(change.changed.items())]
    out += [f"- Lagt til {_field(k)}: {_show(v)}" for k, v in sorted(change.added.items())]
    out += [f"- Fjernet {_field(k)} (var {_show(v)})" for k, v in sorted(change.removed.items())]
    return out


def summarize(root: Path, base: str) -> str:
    """Norwegian Markdown describing the change against `base` (a branch, tag or commit)."""
    base_commit = merge_base(root, base)
    register = Register.load(register_path(root / "municipalities"))
    paths = changed_paths(root, base_commit)
    layout = Layout.of(Project.load(root))
    kommune_changes: list[tuple[str, FileChange, str]] = []
    shared_changes: list[FileChange] = []
    national = False
    other_site = []
    for rel in paths:
        if not rel.startswith("municipalities/") or not rel.endswith(".yaml"):
            if rel.startswith(("templates/", "docs/")) or rel == "pyproject.toml":
                other_site.append(rel)
            continue
        current = root / rel
        change = diff_file(_data(_old_text(root, base_commit, rel), rel),
                           _data(current.read_text("utf-8") if current.is_file() else None, rel), rel)
        name = Path(rel).name
        if name == NATIONAL_FILE:
            national = True
        elif Path(rel).parent.name == SHARED_DIR:
            shared_changes.append(change)
        else:
            number = name[:4]
            kommune = register.by_number.get(number)
            page = layout.kommune_path(layout.root, kommune) if kommune else f"{Path(rel).stem}/"
            kommune_changes.append((f"{kommune.name} ({number})" if kommune else name, change, page))

    out = ["## Endringer i kommunesidene", ""]
    if not (kommune_changes or shared_changes or national or other_site):
        out.append("Denne endringen rører ingen kommunefil, ingen mal og ingen side.")
        return "\n".join(out) + "\n"
    if national:
        out += ["**Nasjonale opplysninger er endret** (`municipalities/nasjonalt.yaml`): det påvirker alle sidene.", ""]
    if other_site:
        out += [f"**Maler eller faste sider er endret** ({len(other_site)} filer): det kan påvirke alle sidene.", ""]
    for title, change, page in kommune_changes:
        verb = {"ny": "ny kommuneside", "endret": "endret", "slettet": "siden blir «ikke publisert»"}[change.kind]
        out += [f"### {md_escape(title)}: {verb}", "", f"Fil: `{change.path}` · side: `{page}`", ""]
        out += _lines(change) or ["- Bare kommentarer eller formatering er endret. Siden blir lik."]
        out.append("")
    for change in shared_changes:
        verb = {"ny": "ny", "endret": "endret", "slettet": "slettet"}[change.kind]
        out += [f"### Interkommunal tjeneste: {md_escape(Path(change.path).stem)} ({verb})", "",
                f"Fil: `{change.path}`. Vises på sidene til alle kommunene i feltet «kommuner».", ""]
        out += _lines(change) or ["- Bare kommentarer eller formatering er endret."]
        out.append("")
    out.append(f"{_count(len(kommune_changes), 'kommunefil', 'kommunefiler')} og "
               f"{_count(len(shared_changes), 'interkommunal fil', 'interkommunale filer')} er endret.")
    return "\n".join(out) + "\n"
