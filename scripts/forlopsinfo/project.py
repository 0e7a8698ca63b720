"""Where things are in a checkout, and the project settings in pyproject.toml [tool.forlopsinfo]."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Project:
    root: Path
    repo_url: str
    branch: str
    languages: tuple[dict[str, Any], ...]  # [tool.forlopsinfo] languages; read through layout.Layout
    site_url: str  # read through layout.Layout, which lets FORLOPSINFO_SITE_URL override it

    @classmethod
    def load(cls, root: Path) -> "Project":
        with (root / "pyproject.toml").open("rb") as fh:
            settings = tomllib.load(fh).get("tool", {}).get("forlopsinfo", {})
        return cls(root=root, repo_url=settings["repo_url"].rstrip("/"), branch=settings.get("branch", "main"),
                   languages=tuple(settings["languages"]), site_url=settings["site_url"])

    @property
    def municipalities(self) -> Path:
        return self.root / "municipalities"

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def build_docs(self) -> Path:
        return self.root / "build" / "docs"
