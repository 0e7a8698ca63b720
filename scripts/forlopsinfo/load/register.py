"""The kommune register (municipalities/register/kommuner.csv): the vocabulary every kommune file must use."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


def slugify(name: str) -> str:
    """URL/file slug for a kommune name: 'Aurskog-Høland' -> 'aurskog-holand'."""
    text = name.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass(frozen=True)
class Kommune:
    number: str
    name: str
    county_number: str
    county_name: str
    sami_name: str  # "" when none; several names are joined with " / "
    sami_area: bool  # in the administrative area for Sami languages

    @property
    def slug(self) -> str:
        return f"{self.number}-{slugify(self.name)}"

    @property
    def county_slug(self) -> str:
        return f"{self.county_number}-{slugify(self.county_name)}"


@dataclass(frozen=True)
class County:
    number: str
    name: str
    kommuner: tuple[Kommune, ...]

    @property
    def slug(self) -> str:
        return f"{self.number}-{slugify(self.name)}"


class Register:
    def __init__(self, kommuner: list[Kommune]):
        self.kommuner = kommuner
        self.by_number = {k.number: k for k in kommuner}

    @classmethod
    def load(cls, path: Path) -> "Register":
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        kommuner = [
            Kommune(
                number=r["kommunenummer"],
                name=r["navn"],
                county_number=r["fylkesnummer"],
                county_name=r["fylkesnavn"],
                sami_name=r["samisk_navn"],
                sami_area=r["samisk_forvaltningsomrade"] == "true",
            )
            for r in rows
        ]
        return cls(kommuner)

    @cached_property
    def counties(self) -> list[County]:
        grouped: dict[str, list[Kommune]] = {}
        for k in self.kommuner:
            grouped.setdefault(k.county_number, []).append(k)
        return [
            County(number=num, name=ks[0].county_name, kommuner=tuple(sorted(ks, key=lambda k: k.name)))
            for num, ks in sorted(grouped.items())
        ]
