"""Invented contact details must never be published as real. A kommune file that is not marked `eksempel: true` may
not contain the template's example phone numbers, addresses and user names, nor any address on a domain reserved for
examples (RFC 2606/6761: .example, example.com/.org/.net, .test, .invalid). The template's values are read from the template itself,
so the check follows it when the template changes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from forlopsinfo.load.yamlload import load_file

TEMPLATE = Path("templates") / "kommune-mal.yaml"
TEMPLATES = (TEMPLATE, Path("templates") / "kommune-mal-nn.yaml")
# Fields that hold contact details or identities; free text (names, descriptions) may legitimately equal the template.
CONTACT_KEYS = frozenset({
    "telefon", "epost", "nettside", "sikker_melding", "skjema", "digital_søknad", "fullmaktsskjema",
    "tilgjengelighetserklæring", "vedlikeholdere",
})  # fmt: skip
_PHONE = re.compile(r"\+?[0-9 ]{8,20}")
_RESERVED = ("example", "example.com", "example.org", "example.net", "test", "invalid")


def normal(value: str) -> str:
    value = value.strip()
    if _PHONE.fullmatch(value):
        return "tel:" + re.sub(r"\D", "", value)[-8:]
    return value.lower().rstrip("/")


def on_reserved_domain(value: str) -> bool:
    if "@" in value and "://" not in value:
        host = value.rsplit("@", 1)[1]
    else:
        host = urlsplit(value).hostname or ""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in _RESERVED)


def contact_values(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, value) of every text under a contact key, however deeply nested."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from contact_values(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from contact_values(value, (*path, i))
    elif isinstance(data, str):
        key = next((p for p in reversed(path) if isinstance(p, str)), None)
        if key in CONTACT_KEYS:
            yield path, data


def template_values(project_root: Path) -> frozenset[str]:
    """The contact values of both templates (bokmål and nynorsk)."""
    out: set[str] = set()
    for template in TEMPLATES:
        path = project_root / template
        if not path.is_file():
            continue
        loaded, _ = load_file(path, template.as_posix())
        if loaded is not None:
            out |= {normal(v) for _, v in contact_values(loaded.data)}
    return frozenset(out)


def is_placeholder(value: str, template: frozenset[str]) -> bool:
    return normal(value) in template or on_reserved_domain(value)
