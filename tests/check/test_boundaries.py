"""The site builder behind one boundary: only forlopsinfo/sitebuilder/ may import MkDocs, Material for MkDocs,
mkdocs-static-i18n or Python-Markdown. Replacing the builder then means replacing that one folder."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "scripts" / "forlopsinfo"
BUILDER = PACKAGE / "sitebuilder"
BUILDER_LIBRARIES = {"mkdocs", "material", "mkdocs_static_i18n", "markdown", "pymdownx"}


def builder_imports(package: Path, builder: Path) -> list[str]:
    """`file:line: module` for every import of a builder library outside `builder`, also inside functions."""
    found = []
    for path in sorted(package.rglob("*.py")):
        if path.is_relative_to(builder):
            continue
        tree = ast.parse(path.read_text("utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
                  in ("import_module", "__import__") and node.args and isinstance(node.args[0], ast.Constant)):
                names = [str(node.args[0].value)]
            else:
                continue
            for name in names:
                if name.split(".")[0] in BUILDER_LIBRARIES:
                    found.append(f"{path.relative_to(package.parent)}:{node.lineno}: {name}")
    return found


def test_only_the_site_builder_imports_the_site_builder() -> None:
    assert BUILDER.is_dir() and len(list(PACKAGE.rglob("*.py"))) > 30
    assert builder_imports(PACKAGE, BUILDER) == []


def test_the_boundary_check_finds_every_kind_of_import(tmp_path: Path) -> None:
    package = tmp_path / "forlopsinfo"
    (package / "sitebuilder").mkdir(parents=True)
    (package / "sitebuilder" / "hooks.py").write_text("import mkdocs\n", "utf-8")
    (package / "generate.py").write_text(
        "import os\nimport markdown.extensions\nfrom material.plugins import x\n"
        "def f():\n    from mkdocs_static_i18n import plugin\n    importlib.import_module('pymdownx.blocks')\n",
        "utf-8")
    assert [line.split(": ")[1] for line in builder_imports(package, package / "sitebuilder")] == [
        "markdown.extensions", "material.plugins", "mkdocs_static_i18n", "pymdownx.blocks"]
