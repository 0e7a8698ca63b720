"""One validation problem, formatted for kommune editors (Norwegian) and for GitHub annotations.

File names, field paths (YAML keys), found values and messages can carry any character a file name or a YAML key
may hold. Before any of it reaches a line of output it is made inert (`inert`): characters that could start a new
line, move or hide text (controls, bidi overrides, zero-width characters, line separators, lone surrogates from an
undecodable file name) are shown as visible escapes, and GitHub's legacy `##[command]` form is broken up. A line we
print can then only be a workflow command when we made it one (`github_annotation`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_FOUND = 60  # characters of the offending value shown in a message

# Unicode categories shown as escapes: controls (C0, C1, DEL; newline and carriage return among them), format
# characters (bidi overrides and isolates, zero-width characters, soft hyphen, BOM, tag characters), lone surrogates,
# and the line and paragraph separators. A tab stays as it is: it moves text, but cannot hide it or start a line.
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\r": "\\r"}
_LEGACY_COMMAND = "##["  # GitHub's runner reads `##[command]` anywhere in a line


def _escape(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


# Every character of those categories (Unicode 15), and the Hangul fillers and the combining grapheme joiner, which
# show as nothing. A test checks the class against the running Python's Unicode database.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0a-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f\u1160"
    r"\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ud800-\udfff\ufeff\uffa0\ufff9-\ufffb\U000110bd"
    r"\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)


def inert(text: object) -> str:
    """`text` safe to put inside one line of output: every invisible or line-breaking character shown as an escape
    (a newline as \\n, U+202E as \\u202e), and `##[` broken up so GitHub cannot read it as a legacy command."""
    out = _INVISIBLE.sub(lambda m: _escape(m.group()), str(text))
    return out.replace(_LEGACY_COMMAND, "#\\#[")


def safe_line(text: str) -> str:
    """One line of output built from data: inert, and never starting (after blanks) with `::`, which GitHub Actions
    would run as a workflow command."""
    text = inert(text)
    return "» " + text if text.lstrip().startswith("::") else text


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
    return f"«{inert(text)}»"


def _annotation_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _annotation_property(text: str) -> str:
    return _annotation_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based
    column: int  # 1-based
    field: str  # dotted path as the editor wrote it, e.g. "koordinerende_enhet.telefon"
    message: str  # what is wrong
    fix: str  # how to fix it
    found: str | None = None  # already rendered with show_value(), or None
    lang: str = "nb"  # the language of message and fix: "nn" for a file with målform: nynorsk (load/nynorsk.py)

    def _text(self) -> str:
        found_label = "fann" if self.lang == "nn" else "fant"
        found = f" ({found_label}: {inert(self.found)})" if self.found is not None else ""
        return f"{inert(self.message)}{found} — {inert(self.fix)}"

    def format(self) -> str:
        """One line for the terminal and the CI log: `file:line:column: field: message (fant: …) — fix`."""
        field = inert(self.field) if self.field else ("(heile fila)" if self.lang == "nn" else "(hele filen)")
        return safe_line(f"{inert(self.file)}:{self.line}:{self.column}: {field}: {self._text()}")

    def github_annotation(self) -> str:
        """`::error file=…,line=…,col=…,title=…::message`, every part inert and then escaped by GitHub's rules
        (data: % CR LF; properties also : and ,)."""
        title = _annotation_property(inert(self.field) if self.field else "kommunefil")
        return (
            f"::error file={_annotation_property(inert(self.file))},line={int(self.line)},col={int(self.column)},"
            f"title={title}::{_annotation_data(self._text())}"
        )
