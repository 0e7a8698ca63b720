"""Hostile file names, keys and values: never a line injected into the CI log, never Markdown injected into a job
summary, never a traceback.

GitHub Actions runs every log line that starts (after blanks) with `::` as a workflow command, and the legacy
`##[command]` anywhere in a line; the `changes` and `report --markdown` summaries are rendered as GitHub Markdown.
Every case here is one file name, key or value a pull request could bring."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import copy_project
from forlopsinfo.editor.changes import MAX_SUMMARY_BYTES, md_code, md_text
from forlopsinfo.editor.report import Freshness, Row, format_markdown, format_text
from forlopsinfo.load.problems import INVISIBLE_CATEGORIES, Problem, inert, show_value

RINGERIKE = "municipalities/3305-ringerike.yaml"
# One of our own annotations: properties escaped (no raw `:` or `,` in them), then the message.
OUR_ANNOTATION = re.compile(r"::error file=[^:,]*,line=[0-9]+,col=[0-9]+,title=[^:,]*::.*")
OUR_BOLD_LINES = re.compile(r"\*\*(Nasjonale opplysninger|Maler eller faste sider|[0-9]+ filer? til) ")


# --- what every output must satisfy -------------------------------------------------------------------------------


def run(root: Path, *args: str, github: bool = False) -> tuple[int, str, str]:
    """The CLI as CI runs it; output kept as bytes until checked, so a raw CR is not hidden by newline translation."""
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    if github:
        env["GITHUB_ACTIONS"] = "true"
    result = subprocess.run([sys.executable, "-m", "forlopsinfo.cli", *args], cwd=root, capture_output=True,
                            env=env, timeout=120)
    return result.returncode, result.stdout.decode("utf-8"), result.stderr.decode("utf-8")  # strict: valid UTF-8


def invisible(text: str) -> list[str]:
    """Characters that could start a line, hide or reorder text (a newline is a line, not data)."""
    return [f"U+{ord(c):04X}" for c in text if c != "\n" and c != "\t"
            and unicodedata.category(c) in INVISIBLE_CATEGORIES]


def assert_no_injected_line(*outputs: str) -> None:
    for output in outputs:
        assert not invisible(output), invisible(output)
        for line in output.splitlines():  # splits at CR, VT, FF, NEL, U+2028 too: stricter than the runner
            if line.lstrip().startswith("::"):
                assert OUR_ANNOTATION.fullmatch(line), f"injected workflow command: {line!r}"
            assert "##[" not in line, f"legacy workflow command: {line!r}"
        assert "Traceback" not in output


def split_code(line: str) -> tuple[list[str], str]:
    """CommonMark inline code on one line: (the contents of the code spans, the rest with backslash escapes and
    spans replaced by placeholders). A backtick run opens a span only when a run of the same length closes it."""
    spans: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(line):
        if line[i] == "\\" and i + 1 < len(line) and line[i + 1] in "\\`*_{}[]()#+-.!|~<>&":
            rest.append("\x01")  # an escaped character: literal
            i += 2
            continue
        if line[i] != "`":
            rest.append(line[i])
            i += 1
            continue
        n = len(re.match("`+", line[i:]).group())
        close = next((m.start() for m in re.finditer("`+", line[i + n:]) if len(m.group()) == n), None)
        if close is None:
            rest.append("`" * n)  # an unmatched run: literal backticks, from data that broke out
            i += n
            continue
        body = line[i + n: i + n + close]
        if body.startswith(" ") and body.endswith(" ") and body.strip(" "):
            body = body[1:-1]
        spans.append(body)
        rest.append("\x02")
        i += n + close + n
    return spans, "".join(rest)


def assert_inert_markdown(markdown: str) -> list[str]:
    """No backtick, emphasis, link, HTML or strikethrough syntax outside our own; returns every code span."""
    assert not invisible(markdown), invisible(markdown)
    spans = []
    for line in markdown.splitlines():
        line_spans, rest = split_code(line)
        spans += line_spans
        assert "`" not in rest, f"a backtick from data ends a code span: {line!r}"
        if not OUR_BOLD_LINES.match(line):
            assert "**" not in rest and "__" not in rest, f"emphasis from data: {line!r}"
        assert not re.search(r"\[[^\]]*\]\(", rest), f"a link from data: {line!r}"
        assert "~~" not in rest, f"strikethrough from data: {line!r}"
        if not line.startswith(("<details>", "</details>")):
            assert "<" not in rest, f"HTML from data: {line!r}"
    return spans


# --- the hostile cases ----------------------------------------------------------------------------------------------


def _append(text: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        with (root / RINGERIKE).open("a", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return make


def _replace(old: str, new: str) -> Callable[[Path], None]:
    def make(root: Path) -> None:
        path = root / RINGERIKE
        path.write_bytes(path.read_bytes().replace(old.encode(), new.encode(), 1))
    return make


def _new_file(name: str | bytes, content: bytes = b'kommunenummer: "3301"\n') -> Callable[[Path], None]:
    def make(root: Path) -> None:
        raw = os.fsencode(root / "municipalities") + b"/" + (name if isinstance(name, bytes) else name.encode())
        with open(raw, "wb") as fh:
            fh.write(content)
    return make


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], None]
    raw: str  # the hostile text, which must never reach the output as it is
    validate_shows: str  # how `validate` shows it (on stderr)
    changes_shows: str | None  # the code span or text `changes` shows it as; None: the loader leaves it out


CASES = [
    Case("key: newline and a workflow command", _append('"x\\n::error file=x::y": 1\n'),
         "x\n::error file=x::y", "x\\n::error file=x::y", "x\\n::error file=x::y"),
    Case("key: carriage return", _append('"a\\rb **fet**": 2\n'), "a\rb", "a\\rb **fet**", None),
    Case("key: right-to-left override", _append('"c\\u202ed": 3\n'), "c\u202ed", "c\\u202ed", None),
    Case("key: legacy ##[command]", _append('"##[error]legacy": 4\n'), "##[error]", "#\\#[error]legacy",
         "#\\#[error]legacy"),
    Case("value: ::stop-commands:: after a newline",
         _replace("målform: bokmål", 'målform: "bokmål\\n::stop-commands::abc"'),
         "\n::stop-commands::abc", "«bokmål⏎::stop-commands::abc»", "bokmål ::stop-commands::abc"),
    Case("value: Markdown, HTML and code", _replace("målform: bokmål", 'målform: "**fet** [lenke](x) `k` <b>~~s~~"'),
         "", "**fet** [lenke](x) `k` <b>~~s~~", "\\*\\*fet\\*\\* \\[lenke\\](x) \\`k\\` &lt;b>\\~\\~s\\~\\~"),
    Case("file name: newline and a workflow command", _new_file("3301-a\n::error file=x::y.yaml"), "a\n::error",
         "municipalities/3301-a\\n::error file=x::y.yaml", "municipalities/3301-a\\n::error file=x::y.yaml"),
    Case("file name: backticks", _new_file("3302-a`b``c.yaml"), "",
         "municipalities/3302-a`b``c.yaml", "municipalities/3302-a`b``c.yaml"),
    Case("file name: bold and a link", _new_file("3303-**fet**[lenke](x).yaml"), "",
         "municipalities/3303-**fet**[lenke](x).yaml", "municipalities/3303-**fet**[lenke](x).yaml"),
    Case("file name: not UTF-8", _new_file(b"3304-\xff.yaml"), "", "municipalities/3304-\\udcff.yaml",
         "municipalities/3304-\\udcff.yaml"),
    Case("file name: right-to-left override", _new_file("3306-\u202elmay.yaml"), "\u202e",
         "municipalities/3306-\\u202elmay.yaml", "municipalities/3306-\\u202elmay.yaml"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_validate_never_writes_an_injected_line(case: Case, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "proj")
    case.make(root)
    code, out, err = run(root, "validate", github=True)
    assert code == 1, out + err
    assert_no_injected_line(out, err)
    assert case.validate_shows in err
    if case.raw:
        assert case.raw not in out + err
    # One annotation per problem and one line per problem plus the summary: nothing else became a line.
    problems = int(re.search(r"^([0-9]+) feil i ", err, re.M).group(1))
    assert [line for line in out.splitlines() if line.startswith("::error ")] == out.splitlines()
    assert len(out.splitlines()) == problems
    assert len(err.splitlines()) == problems + 2


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(root), "PATH": "/usr/bin:/bin"})


def _repo(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "proj")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    return root


def _fifo_instead_of_orsta(root: Path) -> None:
    (root / "municipalities" / "1520-orsta.yaml").unlink()
    os.mkfifo(root / "municipalities" / "1520-orsta.yaml")  # reading it would wait for ever


def _folder_instead_of_volda(root: Path) -> None:
    (root / "municipalities" / "1577-volda.yaml").unlink()
    (root / "municipalities" / "1577-volda.yaml").mkdir()
    (root / "municipalities" / "1577-volda.yaml" / "x").write_text("a: 1\n", "utf-8")


UNREADABLE = "Filen kan ikke leses"
NOT_A_FILE = "Dette er ikke en vanlig fil"
CHANGES_ONLY = [
    ("not UTF-8", _new_file("3320-latin1.yaml", "kommunenummer: \"3320\"\nnavn: Bø\n".encode("latin-1")), UNREADABLE),
    ("300 KB", _new_file("3321-stor.yaml", b"a: " + b"x" * 300_000 + b"\n"), UNREADABLE),
    ("deep [[[[ nesting", _new_file("3322-dyp.yaml", b"a: " + b"[" * 50_000 + b"]" * 50_000 + b"\n"), UNREADABLE),
    ("a link to /dev/zero", lambda root: os.symlink("/dev/zero", root / "municipalities" / "3323-lenke.yaml"),
     NOT_A_FILE),
    ("a pipe where a file was", _fifo_instead_of_orsta, NOT_A_FILE),
    ("a folder where a file was", _folder_instead_of_volda, NOT_A_FILE),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_changes_shows_hostile_names_keys_and_values_literally(case: Case, tmp_path: Path) -> None:
    root = _repo(tmp_path)
    case.make(root)
    code, out, err = run(root, "changes", "--base", "HEAD", github=True)
    assert code == 0, out + err
    assert_no_injected_line(out, err)
    spans = assert_inert_markdown(out)
    if case.raw:
        assert case.raw not in out
    if case.changes_shows is not None:
        assert case.changes_shows in spans or case.changes_shows in out, out


@pytest.mark.parametrize("label, make, expected", CHANGES_ONLY, ids=[c[0] for c in CHANGES_ONLY])
def test_changes_survives_files_it_cannot_read(label: str, make: Callable[[Path], None], expected: str,
                                               tmp_path: Path) -> None:
    root = _repo(tmp_path)
    make(root)
    (root / RINGERIKE).write_text((root / RINGERIKE).read_text("utf-8").replace(
        'telefon: "32 00 00 01"', 'telefon: "32 00 00 77"', 1), "utf-8")  # a good change next to the bad one
    code, out, err = run(root, "changes", "--base", "HEAD")
    assert code == 0, out + err
    assert_no_injected_line(out, err)
    assert_inert_markdown(out)
    assert expected in out, out
    assert "- Endret `koordinerende_enhet.telefon`: «32 00 00 01» → «32 00 00 77»" in out  # the rest still shown
    assert len(out.encode()) < 20_000


def test_one_file_that_breaks_the_summary_does_not_stop_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever goes wrong with one file (here the loader itself fails), the others are still summarised."""
    from forlopsinfo.editor import changes

    root = _repo(tmp_path)
    _new_file("3301-feil.yaml")(root)
    _replace('telefon: "32 00 00 01"', 'telefon: "32 00 00 77"')(root)
    real = changes.load_bytes

    def failing(raw: bytes, display: str):
        if "3301" in display:
            raise RecursionError("maximum recursion depth exceeded")
        return real(raw, display)

    monkeypatch.setattr(changes, "load_bytes", failing)
    out = changes.summarize(root, "HEAD")
    assert_inert_markdown(out)
    assert "Fil: `municipalities/3301-feil.yaml`" in out
    assert "kunne ikke vises (RecursionError: maximum recursion depth exceeded)" in out
    assert "- Endret `koordinerende_enhet.telefon`: «32 00 00 01» → «32 00 00 77»" in out


def test_changes_summary_stays_below_githubs_limit(tmp_path: Path) -> None:
    """60 files, each with 300 changed fields of long keys and escaped values: the summary lists 40 fields a file,
    stops before GitHub's 1 MiB limit for a job summary, and says what it left out."""
    root = copy_project(tmp_path / "proj")
    folder = root / "municipalities"
    for i in range(60):
        (folder / f"4{i:03d}-mange.yaml").write_text("a: 1\n", "utf-8")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    for i in range(60):
        (folder / f"4{i:03d}-mange.yaml").write_text(
            "".join(f"{'k' * 110}{j:04d}: \"{'&<' * 50}\"\n" for j in range(300)), "utf-8")
    with (folder / "nasjonalt.yaml").open("a", encoding="utf-8") as fh:  # sorted after them, still reported
        fh.write("# en kommentar\n")
    code, out, err = run(root, "changes", "--base", "HEAD")
    assert code == 0, err
    assert_no_injected_line(out, err)
    assert_inert_markdown(out)
    assert len(out.encode()) <= MAX_SUMMARY_BYTES < 1024 * 1024
    assert out.count("- … og 261 endrede felt til i denne filen") >= 10  # 300 changed: 40 shown (39 + «a» removed)
    assert re.search(r"\*\*[0-9]+ filer til i municipalities/ er endret, men ikke vist her\*\*", out)
    assert "**Nasjonale opplysninger er endret**" in out


# --- the pieces: problems, annotations, Markdown helpers, report ---------------------------------------------------

HOSTILE_TEXTS = [
    "x\n::error file=x::y",
    "a\rb",
    "a\r\n::stop-commands::abc",
    "c\u202ed\u2066e\u2069",
    "zero\u200bwidth\ufeff",
    "nel\x85::warning::x",
    "line\u2028sep\u2029para",
    "esc\x1b[31mred",
    "nul\x00bell\x07",
    "undecodable \udcff",
    "##[error]legacy",
    "  ::indented command",
    "::debug::starts",
    "100% , : %0A",
    "`back``ticks```",
    "**fet** [lenke](x) <b>",
    "tag \U000e0041 chars",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=[repr(t)[1:-1][:30] for t in HOSTILE_TEXTS])
def test_a_problem_is_one_line_and_one_annotation(text: str) -> None:
    problem = Problem(f"municipalities/{text}.yaml", 3, 7, f"felt.{text}", f"Melding {text}", f"Rett {text}",
                      show_value(text))
    for line in (problem.format(), problem.github_annotation()):
        assert len(line.splitlines()) == 1 and "\n" not in line
        assert not invisible(line)
        assert "##[" not in line
    assert not problem.format().lstrip().startswith("::")
    assert not Problem(text, 1, 1, "", "m", "f").format().lstrip().startswith("::")  # a file name at the start
    annotation = problem.github_annotation()
    assert OUR_ANNOTATION.fullmatch(annotation)
    # What GitHub reads back, by its own rules, is the inert text.
    props, data = annotation[len("::error "):].split("::", 1)
    fields = dict(part.split("=", 1) for part in props.split(","))

    def unescape(value: str) -> str:
        return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
                .replace("%25", "%"))

    assert unescape(fields["file"]) == inert(f"municipalities/{text}.yaml")
    assert unescape(fields["title"]) == inert(f"felt.{text}")
    assert unescape(data).startswith(inert(f"Melding {text}"))


def test_inert_shows_every_invisible_character() -> None:
    """Every control, format, surrogate and separator character of the running Python's Unicode database."""
    missed = [f"U+{c:04X}" for c in range(0x110000)
              if chr(c) != "\t" and unicodedata.category(chr(c)) in INVISIBLE_CATEGORIES and inert(chr(c)) == chr(c)]
    assert not missed
    assert inert("a\nb\rc\u202ed") == "a\\nb\\rc\\u202ed"


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=[repr(t)[1:-1][:30] for t in HOSTILE_TEXTS])
def test_markdown_helpers_show_data_literally(text: str) -> None:
    code = md_code(text)
    spans = assert_inert_markdown(code)
    assert spans == [inert(text)]  # exactly one code span, holding the text as shown
    assert assert_inert_markdown(f"- {md_text(text)}") == []
    assert assert_inert_markdown(f"| {md_code(text, table=True)} |") != []


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=[repr(t)[1:-1][:30] for t in HOSTILE_TEXTS])
def test_report_shows_hostile_names_and_files_literally(text: str) -> None:
    today = dt.date(2026, 11, 23)
    table = [
        Row("3305", text, f"municipalities/{text}.yaml", "publisert", dt.date(2025, 1, 1), Freshness.FLAGGED,
            ("telefon",)),
        Row("3306", text, f"municipalities/{text}b.yaml", "publisert", today, Freshness.OK, ()),
        Row("3307", text, None, "ikke publisert", None, None, ()),
    ]
    markdown = format_markdown(table, today)
    spans = assert_inert_markdown(markdown)
    assert inert(f"municipalities/{text}.yaml").replace("|", "\\|") in spans
    assert_no_injected_line(markdown, format_text(table, today))
    # Each table row is still one row of five cells.
    rows = [line for line in markdown.splitlines() if line.startswith("| ") and "3305" in line]
    assert len(rows) == 1 and len(re.findall(r"(?<!\\)\|", rows[0])) == 6
