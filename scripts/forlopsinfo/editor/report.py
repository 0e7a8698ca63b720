"""`forlopsinfo report`: per kommune, whether its page is published, when its file was last checked, how fresh
that is, and which recommended fields are missing. Read by kommune editors and by the weekly CI job."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import Enum
from typing import Any, Iterator

from pydantic import BaseModel

from forlopsinfo.editor.changes import md_code, md_text
from forlopsinfo.load.problems import inert
from forlopsinfo.validate.dataset import Dataset
from forlopsinfo.validate.model import KommuneFile

WARN_MONTHS = 6  # «sist kontrollert» older than this: warning
FLAG_MONTHS = 12  # older than this: flagged


class Freshness(Enum):
    OK = "ok"
    WARNING = "advarsel"
    FLAGGED = "flagget"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the month's end (31 August + 6 months = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def freshness(last_checked: dt.date, today: dt.date) -> Freshness:
    """Older than 12 months: flagged; older than 6 months: warning. Exactly 6 months old is still fine."""
    if today > add_months(last_checked, FLAG_MONTHS):
        return Freshness.FLAGGED
    if today > add_months(last_checked, WARN_MONTHS):
        return Freshness.WARNING
    return Freshness.OK


def missing_recommended(obj: BaseModel, prefix: str = "") -> Iterator[str]:
    """Dotted YAML paths of recommended fields (marked RECOMMENDED in model.py) that are not filled in.
    A recommended field inside an optional section only counts when that section is there."""
    for name, info in type(obj).model_fields.items():
        key = f"{prefix}{info.alias or name}"
        value = getattr(obj, name)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if value is None:
            if extra.get("x-anbefalt"):
                yield key
        elif isinstance(value, BaseModel):
            yield from missing_recommended(value, key + ".")


@dataclass(frozen=True)
class Row:
    number: str
    name: str
    file: str | None
    state: str  # "publisert", "eksempel", "ikke publisert"
    last_checked: dt.date | None
    freshness: Freshness | None
    missing: tuple[str, ...]


def rows(data: Dataset, today: dt.date) -> list[Row]:
    out = []
    for kommune in data.register.kommuner:
        entry = data.kommuner.get(kommune.number)
        if entry is None:
            out.append(Row(kommune.number, kommune.name, None, "ikke publisert", None, None, ()))
            continue
        k: KommuneFile = entry.data
        missing = tuple(missing_recommended(k))
        if not k.services and not data.shared_for(k.number):
            missing += ("tjenester",)
        out.append(Row(kommune.number, kommune.name, entry.file, "eksempel" if k.example else "publisert",
                       k.last_checked, freshness(k.last_checked, today), missing))
    return out


_FRESH_TEXT = {
    Freshness.OK: "ok",
    Freshness.WARNING: f"ADVARSEL: over {WARN_MONTHS} mnd",
    Freshness.FLAGGED: f"FLAGGET: over {FLAG_MONTHS} mnd",
}


def counts(table: list[Row]) -> dict[str, Any]:
    with_file = [r for r in table if r.file]
    return {
        "publisert": sum(r.state == "publisert" for r in table),
        "eksempel": sum(r.state == "eksempel" for r in table),
        "ikke publisert": sum(r.state == "ikke publisert" for r in table),
        Freshness.WARNING: sum(r.freshness is Freshness.WARNING for r in with_file),
        Freshness.FLAGGED: sum(r.freshness is Freshness.FLAGGED for r in with_file),
        "mangler": sum(bool(r.missing) for r in with_file),
    }


def format_text(table: list[Row], today: dt.date) -> str:
    lines = [f"Status per {today.isoformat()} (advarsel etter {WARN_MONTHS} måneder, flagget etter {FLAG_MONTHS}).", ""]
    lines.append(f"{'nr':<5} {'kommune':<24} {'status':<15} {'sist kontrollert':<17} {'ferskhet':<24} mangler (anbefalt)")
    for r in table:
        checked = r.last_checked.isoformat() if r.last_checked else "–"
        fresh = _FRESH_TEXT[r.freshness] if r.freshness else "–"
        missing = ", ".join(inert(m) for m in r.missing) or "–"
        name = inert(r.name)[:24]
        lines.append(f"{inert(r.number):<5} {name:<24} {r.state:<15} {checked:<17} {fresh:<24} {missing}")
    c = counts(table)
    lines += ["", _summary(c)]
    return "\n".join(lines) + "\n"


def _summary(c: dict[str, Any]) -> str:
    return (
        f"{c['publisert']} publisert, {c['eksempel']} eksempel, {c['ikke publisert']} ikke publisert. "
        f"{c[Freshness.WARNING]} med advarsel (over {WARN_MONTHS} måneder), "
        f"{c[Freshness.FLAGGED]} flagget (over {FLAG_MONTHS} måneder), "
        f"{c['mangler']} mangler anbefalte felt."
    )


def format_markdown(table: list[Row], today: dt.date) -> str:
    """GitHub job summary. Every value from data is escaped (the summary is rendered as Markdown): names as text,
    file names and fields as code that no backtick or line break in them can end (changes.md_text, md_code)."""
    c = counts(table)
    out = [f"## Status for kommunefilene {today.isoformat()}", "", _summary(c), ""]
    attention = [r for r in table if r.file and (r.freshness is not Freshness.OK or r.missing)]
    if attention:
        out += ["### Trenger oppfølging", "",
                "| kommune | fil | sist kontrollert | ferskhet | mangler (anbefalt) |", "|---|---|---|---|---|"]
        for r in attention:
            fresh = _FRESH_TEXT[r.freshness] if r.freshness else "–"
            missing = ", ".join(md_code(m, table=True) for m in r.missing) or "–"
            checked = r.last_checked.isoformat() if r.last_checked else "–"
            name = f"{md_text(r.name)} ({md_text(r.number)})".replace("|", "\\|")
            out.append(f"| {name} | {md_code(r.file, table=True)} | {checked} | {fresh} | {missing} |")
        out.append("")
    else:
        out += ["Alle kommunefilene er kontrollert siste seks måneder og har alle anbefalte felt.", ""]
    fine = [r for r in table if r.file and r not in attention]
    if fine:
        out += ["### I orden", ""] + [f"- {md_text(r.name)} ({md_text(r.number)}), kontrollert {r.last_checked}"
                                      for r in fine]
        out.append("")
    unpublished = [r for r in table if not r.file]
    if unpublished:
        out += [f"<details><summary>{len(unpublished)} kommuner uten fil</summary>", ""]
        out += [f"- {md_text(r.name)} ({md_text(r.number)})" for r in unpublished]
        out += ["", "</details>", ""]
    return "\n".join(out)
