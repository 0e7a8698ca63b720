"""One validation problem, formatted for kommune editors (Norwegian) and for GitHub annotations."""

from __future__ import annotations

from dataclasses import dataclass

MAX_FOUND = 60  # characters of the offending value shown in a message


def show_value(value: object) -> str:
    """Short, single-line rendering of a found value for an error message."""
    if value is None:
        return "ingen verdi"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "en liste med felt (oppslag)"
    if isinstance(value, list):
        return "en liste"
    text = str(value).replace("\n", "⏎")
    if len(text) > MAX_FOUND:
        text = text[: MAX_FOUND - 1] + "…"
    return f"«{text}»"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    field: str  # dotted path as the editor wrote it, e.g. "koordinerende_enhet.telefon"
    message: str  # what is wrong
    fix: str  # how to fix it
    found: str | None = None  # already rendered with show_value(), or None

    def format(self) -> str:
        field = self.field or "(hele filen)"
        found = f" (fant: {self.found})" if self.found is not None else ""
        return f"{self.file}:{self.line}:{self.column}: {field}: {self.message}{found} — {self.fix}"

    def github_annotation(self) -> str:
        def esc(text: str, prop: bool = False) -> str:
            text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                text = text.replace(":", "%3A").replace(",", "%2C")
            return text

        found = f" (fant: {self.found})" if self.found is not None else ""
        title = esc(self.field or "kommunefil", prop=True)
        return (
            f"::error file={esc(self.file, True)},line={self.line},col={self.column},title={title}::"
            f"{esc(self.message + found + ' — ' + self.fix)}"
        )
