"""The project's own documents stay true: HACKING.md's module map lists exactly the modules of the package, every
relative link in README.md, HACKING.md, MEASUREMENTS.md and OPENDATA.md leads to something in the repository, and
the first link in README.md is the editor guide in docs/ (a kommune employee opening the README must land there)."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "scripts" / "forlopsinfo"
DOCUMENTS = ["README.md", "HACKING.md", "MEASUREMENTS.md", "OPENDATA.md"]

# A row of the module map: first cell a backticked path starting with forlopsinfo/.
MODULE_ROW = re.compile(r"^\|\s*`(forlopsinfo/[^`]+)`\s*\|", re.MULTILINE)
# [text](target), [text](<target>) and ![alt](target); an optional "title" may follow the target.
LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*(?:<([^<>\n]+)>|([^\s)]+))(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


def package_modules() -> list[str]:
    """Every .py file of the package, as the map writes it: forlopsinfo/<path>."""
    return sorted(p.relative_to(PACKAGE.parent).as_posix() for p in PACKAGE.rglob("*.py")
                  if "__pycache__" not in p.parts)


def map_rows(text: str) -> list[str]:
    return MODULE_ROW.findall(text)


def links(text: str) -> list[str]:
    """The link targets of a Markdown text, in order, leaving out code blocks and code spans (where [a](b) is code,
    not a link)."""
    text = FENCE.sub("", text)
    text = CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)
    return [angled or plain for angled, plain in LINK.findall(text)]


def module_map_problems(rows: list[str], modules: list[str]) -> list[str]:
    counts = Counter(rows)
    problems = [f"listed {n} times: {row}" for row, n in sorted(counts.items()) if n > 1]
    problems += [f"missing from the map (add a row): {m}" for m in modules if m not in counts]
    problems += [f"in the map but no such file (remove the row): {r}" for r in sorted(counts) if r not in modules]
    return problems


def test_the_module_map_lists_every_module_exactly_once() -> None:
    modules = package_modules()
    assert len(modules) > 30, f"found only {len(modules)} modules under {PACKAGE}"
    rows = map_rows((ROOT / "HACKING.md").read_text("utf-8"))
    problems = module_map_problems(rows, modules)
    assert problems == [], "HACKING.md module map is out of date:\n  " + "\n  ".join(problems)


def test_the_module_map_check_catches_a_missing_a_doubled_and_an_invented_row() -> None:
    modules = ["forlopsinfo/__init__.py", "forlopsinfo/cli.py", "forlopsinfo/load/__init__.py"]
    table = "| module | what |\n|---|---|\n" + "".join(f"| `{m}` | something |\n" for m in modules)
    rows = map_rows(table + "| `scripts/not-a-row.py` | x |\n")
    assert rows == modules
    assert module_map_problems(rows, modules) == []
    assert module_map_problems(rows[1:], modules) == ["missing from the map (add a row): forlopsinfo/__init__.py"]
    assert module_map_problems([*rows, rows[1]], modules) == ["listed 2 times: forlopsinfo/cli.py"]
    invented = "forlopsinfo/generate/nothing.py"
    assert module_map_problems([*rows, invented], modules) == [
        f"in the map but no such file (remove the row): {invented}"]


def test_every_relative_link_in_the_documents_leads_to_a_file_or_folder() -> None:
    broken = []
    checked = 0
    for name in DOCUMENTS:
        document = ROOT / name
        assert document.is_file(), f"{name} is missing"
        for target in links(document.read_text("utf-8")):
            if EXTERNAL.match(target):
                continue
            path = unquote(target.split("#", 1)[0].split("?", 1)[0])
            if not path:
                continue
            checked += 1
            resolved = (document.parent / path).resolve()
            if not resolved.exists():
                broken.append(f"{name}: ({target}) -> {os.path.relpath(resolved, ROOT)} does not exist")
            elif not resolved.is_relative_to(ROOT):
                broken.append(f"{name}: ({target}) leads out of the repository")
    assert checked > 10, f"only {checked} relative links found: is the link pattern still right?"
    assert broken == [], "broken relative links:\n  " + "\n  ".join(broken)


def test_the_link_pattern_finds_links_but_not_code() -> None:
    text = ("See [a](docs/a.md), ![img](x.png \"t\") and [b `c`](<d e.md>).\n\n"
            "`[not](a/link.md)`\n\n```sh\n[not](either.md)\n```\n[last](HACKING.md#x)\n")
    assert links(text) == ["docs/a.md", "x.png", "d e.md", "HACKING.md#x"]


def test_the_first_link_in_the_readme_is_the_editor_guide() -> None:
    found = links((ROOT / "README.md").read_text("utf-8"))
    assert found, "README.md has no Markdown link at all; its first link must be the editor guide in docs/"
    first = found[0]
    assert first.startswith("docs/"), (
        f"the first link in README.md is ({first}); it must be the editor guide in docs/, for example "
        "[Slik endrer du kommunesiden](docs/nb/redigering.md)")
    assert (ROOT / first.split("#", 1)[0]).is_file(), f"the first link in README.md, ({first}), is not a file"
