"""Where things are in a checkout, and the project settings in pyproject.toml [tool.forlopsinfo]."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Publisher:
    """Who publishes the site and how readers reach them ([tool.forlopsinfo.publisher]): named in every page's footer,
    and the address for error reports by e-mail. `placeholder`: the shipped example; the footer then says the
    publisher is not set, and no page offers to send e-mail to the example address."""

    name: str
    email: str
    url: str
    placeholder: bool

    @classmethod
    def of(cls, settings: dict[str, Any]) -> "Publisher":
        return cls(name=str(settings.get("name", "")), email=str(settings.get("email", "")),
                   url=str(settings.get("url", "")), placeholder=bool(settings.get("placeholder", True)))

    @property
    def reachable(self) -> bool:
        return not self.placeholder and "@" in self.email


@dataclass(frozen=True)
class Project:
    root: Path
    repo_url: str
    branch: str
    languages: tuple[dict[str, Any], ...]  # [tool.forlopsinfo] languages; read through layout.Layout
    site_url: str  # read through layout.Layout, which lets FORLOPSINFO_SITE_URL override it
    publisher: "Publisher"

    @classmethod
    def load(cls, root: Path) -> "Project":
        with (root / "pyproject.toml").open("rb") as fh:
            settings = tomllib.load(fh).get("tool", {}).get("forlopsinfo", {})
        return cls(root=root, repo_url=settings["repo_url"].rstrip("/"), branch=settings.get("branch", "main"),
                   languages=tuple(settings["languages"]), site_url=settings["site_url"],
                   publisher=Publisher.of(settings.get("publisher", {})))

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
