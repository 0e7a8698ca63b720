"""Strict YAML loading for files written by non-programmers.

libyaml (CSafeLoader) parses the text into a node tree; this module then builds Python values itself so that:

* scalars follow YAML 1.2 rules (what editors' yaml-language-server uses), not PyYAML's YAML 1.1 rules;
* values that YAML 1.1 tools would silently change (``no`` -> False, ``0301`` -> 193, ``12:30`` -> 750) are
  reported with a fix, so every tool reads the file the same way;
* duplicate keys, anchors/aliases, merge keys, custom tags and invisible control characters are reported;
* the position of every key and value is kept, so later schema errors can name line and column.

All problems are collected; loading never stops at the first one unless the text cannot be parsed at all.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from forlopsinfo.load.problems import Problem, show_value

try:  # libyaml is bundled with PyYAML's wheels; fall back so a source install still works.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _BaseLoader = yaml.SafeLoader

_KIND_TAG = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Skips PyYAML's YAML 1.1 tag resolution (a regex per scalar, in Python): this module resolves scalars itself.
    The composer calls resolve() only for nodes without an explicit tag, so explicit tags are still detected."""

    def resolve(self, kind, value, implicit):  # noqa: ANN001, ANN201
        return _KIND_TAG[kind]

MAX_FILE_BYTES = 256 * 1024
MAX_SCALAR_CHARS = 10_000

Path_ = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_YAML11_BOOL = {"yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?")
# Plain values that YAML 1.1 tools read as something else than YAML 1.2 ones: (test, what happens, how to fix it).
_YAML11_SURPRISES = (
    (_YAML11_BOOL.__contains__, "Verdien kan leses som ja/nei av noen YAML-verktøy og som tekst av andre.",
     'Mener du ja eller nei, skriv true eller false. Mener du teksten, sett den i anførselstegn: "{value}".'),
    (_LEADING_ZERO.fullmatch, "Et tall som begynner med 0 blir forvandlet av YAML (0301 kan bli 301 eller 193).",
     'Sett verdien i anførselstegn: "{value}".'),
    (_SEXAGESIMAL.fullmatch, "Et klokkeslett uten anførselstegn kan bli lest som et tall (12:30 blir 750).",
     'Sett klokkeslettet i anførselstegn: "{value}".'),
)
# Invisible characters that can hide or reorder text: C0/C1 controls (except tab and newline), bidi
# overrides/isolates, zero-width characters, BOM inside text, line/paragraph separators.
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U000e0000-\U000e0fff]"
)
# Non-characters (U+FDD0–U+FDEF and the last two code points of every plane): never text, and U+FFFE/U+FFFF make
# the site builder drop a page's front matter without a word.
_NONCHARACTER = re.compile(
    "[\ufdd0-\ufdef" + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)) + "]"
)
MAX_DEPTH = 50  # levels of lists and groups inside each other; a kommune file has at most six
MAX_NUMBER_DIGITS = 100  # a longer number is no phone number, date or count: Python refuses to read one of 4,300
_STANDARD_TAGS = {
    "tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")
}


@dataclass
class Loaded:
    """The data of one file and where each part of it stands."""

    data: Any
    value_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path -> (line, col), 1-based
    key_marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)  # path of a mapping key -> its position

    def position(self, path: Path_, *, prefer_key: bool = False) -> tuple[int, int]:
        """Best known position for path: the exact node, else the nearest parent that exists."""
        probe = tuple(path)
        if prefer_key and probe in self.key_marks:
            return self.key_marks[probe]
        while probe:
            if probe in self.value_marks:
                return self.value_marks[probe]
            if probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), (1, 1))


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"  # 1-based: editors count list items from 1
        else:
            out += ("." if out else "") + part
    return out


_TAB = ("Det står et tabulatortegn (Tab) i filen.", "Bruk mellomrom i stedet for Tab.")
_PARSE_HINTS = [
    (
        "mapping values are not allowed",  # PyYAML: "… here"; libyaml: "… in this context"
        "Et kolon (:) står der YAML ikke venter det.",
        "Står det kolon i en tekst, sett hele teksten i anførselstegn: \"Åpent: 09–15\". Sjekk også innrykket.",
    ),
    (
        "could not find expected ':'",
        "Det mangler et kolon etter et feltnavn, eller en tekst går over flere linjer.",
        "Skriv «feltnavn: verdi». Lang tekst over flere linjer skrives som «felt: >» med innrykk på linjene under.",
    ),
    (
        "did not find expected key",
        "Innrykket stemmer ikke.",
        "Felt som hører sammen må ha nøyaktig like mange mellomrom foran seg.",
    ),
    (
        "expected <block end>",
        "Innrykket stemmer ikke.",
        "Felt som hører sammen må ha nøyaktig like mange mellomrom foran seg.",
    ),
    (
        "did not find expected '-' indicator",
        "Innrykket i en liste stemmer ikke.",
        "Alle punkter i en liste må begynne med «- » på samme innrykk.",
    ),
    (
        "found unexpected end of stream",
        "Et anførselstegn er ikke lukket.",
        "Se etter et \" eller ' som mangler sin partner, gjerne på linjen over.",
    ),
    (
        "found invalid Unicode character escape code",
        "En kode som \\ud800 i en tekst med doble anførselstegn er ikke et tegn.",
        "Skriv tegnet direkte i teksten i stedet for koden, eller bruk enkle anførselstegn rundt teksten.",
    ),
    (
        "found unknown escape character",
        "En skråstrek (\\) i en tekst med doble anførselstegn.",
        "Bruk enkle anførselstegn rundt teksten, eller skriv \\\\.",
    ),
    (
        "expected a single document",
        "Filen har mer enn ett YAML-dokument (---).",
        "Fjern linjer med bare --- etter den første.",
    ),
    (
        "found undefined alias",
        "Filen bruker et alias (*navn).",
        "Ankere og alias (& og *) er ikke tillatt. Skriv verdien helt ut.",
    ),
]


# What the editor's own lines look like: indentation, list dashes, then «key:» and a value.
_KEY_NO_SPACE = re.compile(r"^(\s*(?:-\s+)*)([a-zæøå][a-zæøå_]*):(?![\s/])(\S)", re.I)  # field names: letters, _
_QUOTE_START = re.compile(r"^\s*(?:-\s+)*(?:[^\s\"'#\[\]{}][^#\"']*?:\s+)?([\"'])")
_KEY_LINE = re.compile(r"^\s*(?:-\s+)*[^\s\"'#\[\]{}][^#]*?:(\s|$)")


def _unclosed_quote(line: str) -> int | None:
    """The column (0-based) of a quote that opens a value on `line` and is not closed on it, or None. Editors never
    mean a quoted text to run over several lines; libyaml then reads on and stops somewhere below."""
    match = _QUOTE_START.match(line)
    if not match:
        return None
    quote, start = match.group(1), match.end()
    i = start
    while i < len(line):
        char = line[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and line[i + 1 : i + 2] == "'":
                i += 2
                continue
            return None
        i += 1
    return match.start(1)


def _slip(raw: str, context_line: int, problem_line: int, lines: list[str]) -> tuple[int, int, str, str] | None:
    """The editor's slip behind a parse error, told from the lines around libyaml's marks: (line, column, what,
    fix), 1-based, or None. libyaml stops where it gives up, often lines below the mistake."""
    def line_at(n: int) -> str:
        return lines[n - 1] if 0 < n <= len(lines) else ""

    first = max(1, min(context_line, problem_line))
    for n in range(first, min(problem_line, len(lines)) + 1):
        stripped = line_at(n).lstrip()
        if stripped.startswith("#"):
            continue
        col = _unclosed_quote(line_at(n))
        if col is not None:
            quote = line_at(n)[col]
            return (n, col + 1, f"Anførselstegnet ({quote}) som begynner teksten her, er ikke lukket.",
                    f"Sett et {quote} også på slutten av teksten på denne linjen. Teksten kan ikke gå over flere linjer.")
    if "could not find expected ':'" in raw:
        line = line_at(context_line)
        no_space = _KEY_NO_SPACE.match(line)
        if no_space:
            key = no_space.group(2)
            return (context_line, len(no_space.group(1)) + len(key) + 1, f"Det mangler et mellomrom etter kolonet i «{key}:».",
                    f"Skriv et mellomrom mellom kolonet og verdien: «{key}: …».")
        previous = context_line - 1
        while previous > 0 and (not line_at(previous).strip() or line_at(previous).lstrip().startswith("#")):
            previous -= 1
        if previous > 0 and _KEY_LINE.match(line_at(previous)) and not re.search(r":(\s|$)", line.split(" #")[0]):
            return (context_line, len(line) - len(line.lstrip()) + 1,
                    f"Linjen ser ut som fortsettelsen av teksten på linje {previous}, men den mangler innrykk.",
                    f"Flytt teksten opp på slutten av linje {previous}, så teksten står på én linje.")
    if "did not find expected '-' indicator" in raw and _KEY_LINE.match(line_at(problem_line)):
        return (problem_line, len(line_at(problem_line)) - len(line_at(problem_line).lstrip()) + 1,
                "Et nytt punkt i listen mangler «- » foran seg.",
                "Begynn linjen med «- » på samme innrykk som «- » i punktet over. Ikke slett noe.")
    return None


def _parse_problem(display: str, err: yaml.MarkedYAMLError, text: str) -> Problem:
    mark = err.problem_mark or err.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    context_line = err.context_mark.line + 1 if err.context_mark else line
    raw = f"{err.context or ''} {err.problem or ''}".strip()
    lines = text.splitlines()
    if "\t" in (lines[line - 1] if 0 < line <= len(lines) else ""):
        return Problem(display, line, col, "", f"Filen kan ikke leses som YAML: {_TAB[0]}", _TAB[1])
    slip = _slip(raw, context_line, line, lines)
    if slip:
        return Problem(display, slip[0], slip[1], "", f"Filen kan ikke leses som YAML: {slip[2]}", slip[3])
    for needle, what, fix in _PARSE_HINTS:
        if needle in raw:
            return Problem(display, line, col, "", f"Filen kan ikke leses som YAML: {what}", fix)
    return Problem(
        display,
        line,
        col,
        "",
        f"Filen kan ikke leses som YAML ({raw}).",
        "Sjekk innrykk, kolon og anførselstegn på denne linjen og linjen over.",
    )


def decode(raw: bytes, display: str, size: int | None = None) -> tuple[str | None, list[Problem]]:
    """The text of a file's bytes as UTF-8, refusing files that are too large or not UTF-8. `size`: the whole
    file's size when only the start of it was read."""
    size = len(raw) if size is None else size
    if size > MAX_FILE_BYTES:
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                f"Filen er for stor ({size // 1024} KB; grensen er {MAX_FILE_BYTES // 1024} KB).",
                "En kommunefil skal bare ha kontaktinformasjon og korte tekster. Fjern innlimt tekst eller bilder.",
            )
        ]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw.count(b"\n", 0, err.start) + 1
        col = err.start - (raw.rfind(b"\n", 0, err.start) + 1) + 1
        return None, [
            Problem(
                display,
                line,
                col,
                "",
                "Filen er ikke lagret som UTF-8, så æ, ø og å blir feil.",
                "Lagre filen med tegnkoding UTF-8 (i de fleste redigeringsprogram: «Lagre som» → «UTF-8»).",
                found=f"byte 0x{raw[err.start]:02x}",
            )
        ]
    return text, []


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8, refusing files that are too large or not UTF-8. Never reads more than the limit allows."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
            size = max(len(raw), os.fstat(fh.fileno()).st_size)
    except OSError as err:  # unreadable (no permission), gone, or a folder
        return None, [Problem(display, 1, 1, "", f"Filen kan ikke leses ({err.strerror or err}).",
                              "Sjekk at filen finnes og at du har lesetilgang til den.")]
    return decode(raw, display, size)


def load_bytes(raw: bytes, display: str) -> tuple[Loaded | None, list[Problem]]:
    """Strictly load a file's bytes (from disk, git or anywhere): the size limit, UTF-8, then load_text."""
    text, problems = decode(raw, display)
    if text is None:
        return None, problems
    return load_text(text, display)


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


_LINE_START = re.compile(r"^( *)((?:- +)*)", re.M)


def _may_be_deep_or_directed(text: str) -> bool:
    """A cheap upper bound first, so ordinary files are parsed once: every level of nesting needs a bracket, a «- »
    or more indentation (a block mapping nested in a sequence item may share it, hence twice the indentation)."""
    if "%" in text and re.search(r"^%", text, re.M):
        return True
    deepest = max((2 * len(indent) + item.count("-") for indent, item in _LINE_START.findall(text)), default=0)
    return deepest + text.count("[") + text.count("{") + 1 > MAX_DEPTH


def _before_composing(text: str, display: str) -> list[Problem]:
    """What must be refused before the tree is built: the composer recurses once per level (100,000 levels of «[»
    crash the process), so depth is counted on the event stream, which libyaml produces without recursion; and
    YAML directives (%TAG, %YAML), which change how the rest of the file is read."""
    if "\r" in text and "\n" not in text:
        return [Problem(display, 1, 1, "", "Filen har bare vognretur (CR) som linjeskift, så alt står på én linje.",
                        "Lagre filen med vanlige linjeskift (LF eller CRLF), for eksempel «Lagre som» i et annet "
                        "redigeringsprogram.")]
    if not _may_be_deep_or_directed(text):
        return []
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.DocumentStartEvent) and (event.version or event.tags):
            line, col = event.start_mark.line + 1, event.start_mark.column + 1
            return [Problem(display, 1, 1, "", "YAML-direktiver (linjer som begynner med %, som %TAG og %YAML) er "
                            "ikke tillatt.", f"Slett direktivet og linjen med bare --- under det (linje {line}, "
                            f"kolonne {col}).")]
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                return [Problem(display, event.start_mark.line + 1, event.start_mark.column + 1, "",
                                f"Filen har for mange nivåer inne i hverandre (mer enn {MAX_DEPTH}).",
                                "Sjekk klammene [ ] og { } og innrykket. En kommunefil har høyst fem-seks nivåer.")]
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return []


def load_text(text: str, display: str) -> tuple[Loaded | None, list[Problem]]:
    try:
        refused = _before_composing(text, display)
        if refused:
            return None, refused
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        return None, [_parse_problem(display, err, text)]
    except yaml.reader.ReaderError as err:  # a character YAML never allows, such as NUL
        line, col = _position(text, err.position)
        return None, [Problem(display, line, col, "", f"Filen inneholder et tegn som ikke er tillatt (U+{err.character:04X}).",
                              "Slett tegnet. Det er usynlig i de fleste redigeringsprogram: skriv linjen på nytt for hånd.")]
    except yaml.YAMLError as err:  # pragma: no cover - libyaml reports marks for all known errors
        return None, [Problem(display, 1, 1, "", "Filen kan ikke leses som YAML.", "Sjekk innrykk, kolon og anførselstegn.",
                              found=show_value(str(err)))]
    builder = _Builder(display, text)
    if root is None:
        return Loaded(data=None), []
    data = builder.build(root, ())
    return Loaded(data=data, value_marks=builder.value_marks, key_marks=builder.key_marks), builder.problems


def load_file(path: Path, display: str) -> tuple[Loaded | None, list[Problem]]:
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    return load_text(text, display)


class _Builder:
    def __init__(self, display: str, text: str = ""):
        self.display = display
        self.lines = text.splitlines()
        self.problems: list[Problem] = []
        self.value_marks: dict[Path_, tuple[int, int]] = {}
        self.key_marks: dict[Path_, tuple[int, int]] = {}
        self._seen: set[int] = set()

    def _add(self, node: yaml.Node, path: Path_, message: str, fix: str, found: str | None = None) -> None:
        self.problems.append(
            Problem(
                self.display, node.start_mark.line + 1, node.start_mark.column + 1, dotted(path), message, fix, found
            )
        )

    def build(self, node: yaml.Node, path: Path_) -> Any:
        if id(node) in self._seen:  # an alias: the node object is shared, its marks are the anchor's
            line, col = self.key_marks.get(path, (node.start_mark.line + 1, node.start_mark.column + 1))
            self.problems.append(
                Problem(self.display, line, col, dotted(path), "Ankere og alias (& og *) er ikke tillatt.",
                        "Skriv verdien helt ut på hvert sted den skal stå.")
            )
            return None
        self._seen.add(id(node))
        self.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if node.tag not in _STANDARD_TAGS:
            self._add(
                node,
                path,
                "Egne YAML-merker (tagger som begynner med !) er ikke tillatt.",
                "Fjern merket og skriv bare verdien.",
                found=show_value(node.tag),
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        doubled: list[tuple[yaml.Node, Path_, str]] = []
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key is None:
                self._add(
                    key_node,
                    path,
                    "Et feltnavn må være et ord.",
                    "Skriv feltnavnet som vanlig tekst, for eksempel «telefon:».",
                    found=show_value(key_node.value if isinstance(key_node, yaml.ScalarNode) else "…"),
                )
                continue
            if key == "<<":
                self._add(key_node, path, "Sammenslåing med << er ikke tillatt.", "Skriv feltene helt ut.")
                continue
            hidden = _HIDDEN.search(key) or _NONCHARACTER.search(key)
            if hidden:
                self._add(key_node, path, f"Feltnavnet inneholder et usynlig tegn (U+{ord(hidden.group()):04X}).",
                          "Skriv feltnavnet på nytt for hånd, uten å lime det inn.", found=show_value(key))
                continue
            key_path = path + (key,)
            if key in out or key in first_line:
                doubled.append((key_node, key_path, key))
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.key_marks[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, key_path)
        if doubled:
            self._doubled(path, doubled, first_line)
        return out

    def _doubled(self, path: Path_, doubled: list[tuple[yaml.Node, Path_, str]], first_line: dict[str, int]) -> None:
        """Keys that stand twice in one mapping. In a list item, the first key again (or several keys again) means a
        new item was pasted without its «- »: one problem at that line, never advice that deletes a real item."""
        node, key_path, key = doubled[0]
        if path and isinstance(path[-1], int) and (key == next(iter(first_line)) or len(doubled) > 1):
            self._add(
                node,
                path,
                f"Her begynner trolig et nytt punkt i listen, men linjen mangler «- » foran «{key}:». Derfor står "
                f"feltene to ganger i samme punkt (første gang fra linje {first_line[key]}).",
                f"Skriv «- » foran «{key}:», rett under «- » i punktet over. Ikke slett noe.",
            )
            return
        for node, key_path, key in doubled:
            self._add(
                node,
                key_path,
                f"Feltet står to ganger i samme del av filen (første gang på linje {first_line[key]}).",
                "Slå dem sammen til ett felt, så ingen opplysning går tapt. Er det to ulike punkter i en liste, "
                "mangler det «- » foran det andre.",
            )

    def _key(self, node: yaml.Node) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            return None
        if len(node.value) > MAX_NUMBER_DIGITS and _INT.fullmatch(node.value):
            return None  # no field name, and too long a number for Python to read
        if node.style:
            return node.value
        resolved = self._resolve_plain(node.value)
        return resolved if isinstance(resolved, str) else None

    @staticmethod
    def _resolve_plain(value: str) -> Any:
        if value in _NULL:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        if _INT.fullmatch(value):
            return int(value)
        if _FLOAT.fullmatch(value):
            lowered = value.lower()
            if "inf" in lowered:
                return float("-inf") if lowered.startswith("-") else float("inf")
            return float("nan") if "nan" in lowered else float(value)
        return value

    def _scalar(self, node: yaml.ScalarNode, path: Path_) -> Any:
        value: str = node.value
        if len(value) > MAX_SCALAR_CHARS:
            self._add(
                node,
                path,
                f"Teksten er for lang ({len(value)} tegn; grensen er {MAX_SCALAR_CHARS}).",
                "Skriv kortere. Lengre informasjon hører hjemme på kommunens egne nettsider; lenk dit.",
            )
            return value[:MAX_SCALAR_CHARS]
        hidden = _HIDDEN.search(value) or _NONCHARACTER.search(value)
        if hidden:
            self._add(
                node,
                path,
                f"Teksten inneholder et usynlig styringstegn (U+{ord(hidden.group()):04X}).",
                "Skriv teksten på nytt for hånd i stedet for å lime den inn, eller slett tegnet.",
            )
            return _NONCHARACTER.sub("", _HIDDEN.sub("", value))
        if not node.style and (_INT.fullmatch(value) or _FLOAT.fullmatch(value)) and len(value) > MAX_NUMBER_DIGITS:
            self._add(
                node,
                path,
                f"Tallet har for mange sifre ({len(value)}).",
                "Skriv tallet slik det skal stå. Er det en tekst, sett den i anførselstegn.",
            )
            return value
        if node.style:  # quoted or block scalar: always text (libyaml gives "" for plain, PyYAML None)
            return value
        for surprise, what, fix in _YAML11_SURPRISES:
            if surprise(value):
                self._add(node, path, what, fix.format(value=value), found=show_value(value))
                return value
        resolved = self._resolve_plain(value)
        if isinstance(resolved, str):
            self._cut_by_comment(node, path, value)
        return resolved

    def _cut_by_comment(self, node: yaml.ScalarNode, path: Path_, value: str) -> None:
        """« #» ends an unquoted text: «Ring oss #2 …» is read as «Ring oss», the rest as a comment, and nothing
        says so. A comment one space after a text on the same line is taken for that slip; the template's comments
        stand two or more spaces after the value."""
        end = node.end_mark
        if end.line >= len(self.lines):
            return
        rest = self.lines[end.line][end.column :]
        if rest.startswith(" #"):
            self._add(
                node,
                path,
                "Teksten stopper foran « #», fordi # etter et mellomrom begynner en kommentar. Resten av linjen "
                "kommer ikke med på siden.",
                'Sett hele teksten i anførselstegn, fra første ord til slutten av linjen: "… #…". Er det ment som en '
                "kommentar, sett to mellomrom foran #.",
                found=show_value(value + rest),
            )
