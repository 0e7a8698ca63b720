"""Rendering: golden pages for one kommune per målform, and escaping of everything that comes from a data file."""

from __future__ import annotations

import functools
import html
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from conftest import ROOT, TODAY, copy_project
from forlopsinfo.validate.dataset import load_dataset
from forlopsinfo.generate.pages import plan_pages
from forlopsinfo.generate.texts import texts_of
from forlopsinfo.project import Project
from forlopsinfo.generate.render import format_days, md_escape
from forlopsinfo.sitebuilder.sharedhtml import SharedBlocks

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    data, problems = load_dataset(ROOT / "municipalities", ROOT, today=TODAY)
    assert problems == []
    return plan_pages(data, Project.load(ROOT), texts_of(Project.load(ROOT)))


@pytest.mark.parametrize(
    "page,golden",
    [("nb/kommune/3305-ringerike.md", "nb-3305-ringerike.md"), ("nn/kommune/1577-volda.md", "nn-1577-volda.md"),
     ("nb/kommune/1577-volda.md", "nb-1577-volda.md"), ("nn/kommune/4601-bergen.md", "nn-4601-bergen-ikke-publisert.md")],
)
def test_golden_page(pages: dict[str, str], page: str, golden: str) -> None:
    """Set UPDATE_GOLDEN=1 to rewrite after an intended change, then read the diff before committing."""
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(pages[page], encoding="utf-8")
    assert pages[page] == path.read_text(encoding="utf-8")


def test_page_counts(pages: dict[str, str]) -> None:
    for lang in ("nb", "nn"):
        assert len([p for p in pages if p.startswith(f"{lang}/kommune/")]) == 357
        assert len([p for p in pages if p.startswith(f"{lang}/fylke/")]) == 15


def test_example_pages_are_marked(pages: dict[str, str]) -> None:
    assert "Eksempel – ikke ekte kontaktinformasjon" in pages["nb/kommune/3305-ringerike.md"]
    assert "Døme – ikkje ekte kontaktinformasjon" in pages["nn/kommune/1577-volda.md"]
    assert "Eksempel –" not in pages["nb/kommune/4601-bergen.md"]


def test_kommune_text_in_the_other_language_form_is_marked(pages: dict[str, str]) -> None:
    # Volda writes nynorsk; on the bokmål page its own texts carry lang="nn", the fixed texts do not.
    nb = pages["nb/kommune/1577-volda.md"]
    assert '<span lang="nn">Koordinerande eining</span>' in nb
    assert '<p lang="nn">Får du tenester frå kommunen samtidig' in nb
    assert "lang=" not in pages["nn/kommune/1577-volda.md"].split("# Volda")[1].split("## Tilbod")[0]


def test_cross_language_links_follow_the_kommunes_language_form(pages: dict[str, str]) -> None:
    assert "[Volda](nn/kommune/1577-volda/)" in pages["nb/index.md"]
    assert "[Ringerike](../kommune/3305-ringerike/)" in pages["nn/index.md"]
    assert "[Bergen](kommune/4601-bergen.md)" in pages["nb/index.md"]


def test_tel_links_are_e164(pages: dict[str, str]) -> None:
    page = pages["nb/kommune/3305-ringerike.md"]
    tels = re.findall(r"\(tel:([^)]*)\)", page)
    assert "+4732000001" in tels
    assert all(re.fullmatch(r"\+47\d{8}|1\d{2}|116\d{3}", t) for t in tels), tels


HOSTILE = (
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[klikk](javascript:alert(1))",
        "![bilde](https://evil.example/x.png)",
        "**fet** _kursiv_ `kode`",
        "# overskrift\n\n- liste",
        "{: onclick=alert(1) }",
        "{{ config }} {% raw %}",
        "&lt;script&gt;",
        "<!-- kommentar -->",
    ]
)
class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_is_inert(tmp_path: Path, hostile: str) -> None:
    root = copy_project(tmp_path)
    path = root / "municipalities" / "3305-ringerike.yaml"
    quoted = json.dumps(hostile, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar
    text = path.read_text("utf-8")
    if "\n" not in hostile:  # one-line fields reject line breaks (tested in test_loader)
        text = text.replace("navn: Forvaltning og koordinering", f"navn: {quoted}")
        text = text.replace("  - navn: Psykisk helse- og rustjenesten", f"  - navn: {quoted}")
    text = text.replace("beskrivelse: Samtaler og oppfølging for voksne med psykiske plager eller rusproblemer.",
                        f"beskrivelse: {quoted}")
    path.write_text(text, "utf-8")
    data, problems = load_dataset(root / "municipalities", root, today=TODAY)
    assert problems == []
    page = plan_pages(data, Project.load(root), texts_of(Project.load(root)))["nb/kommune/3305-ringerike.md"]
    html = markdown.markdown(page, extensions=["attr_list", "md_in_html", "admonition", "toc"])
    html = SharedBlocks().after_conversion(html, [])  # the build removes the generator's <!-- felles --> markers
    parsed = _Elements()
    parsed.feed(html)
    tags = {t for t, _ in parsed.tags}
    assert not tags & {"script", "img", "iframe", "code", "em"}
    assert not any(a.startswith("on") for _, attrs in parsed.tags for a in attrs)
    assert not any((attrs.get("href") or "").startswith(("javascript:", "data:")) for _, attrs in parsed.tags)
    assert parsed.comments == []
    assert [h for h in re.findall(r"<h1[^>]*>(.*?)</h1>", html)] == ["Ringerike"]
    assert "<strong>fet</strong>" not in html


def test_md_escape() -> None:
    assert md_escape("a*b_[c](d)<e>&") == r"a\*b\_\[c\](d)&lt;e>&amp;"
    assert md_escape("linje 1\n\n# linje 2") == r"linje 1 \# linje 2"
    # what only counts at the start of a line is escaped there, where a template may print a value
    for value, escaped in (("- a", r"\- a"), ("+ a", r"\+ a"), ("> a", r"\> a"), ("# a", r"\# a"),
                           ("!!! note", r"\!!! note"), ("12. mai", r"12\. mai"), ("C#", r"C\#")):
        assert md_escape(value) == escaped
    # ordinary punctuation is left as it is (fewer escapes for the builder; "|" used to show as "\|")
    assert md_escape("kl. 09.00–15.00 (ikke i juli) | helse- og omsorg!") == "kl. 09.00–15.00 (ikke i juli) | helse- og omsorg!"


@pytest.mark.parametrize("value", ["- a", "+ a", "> a", "# a", "1. a", "!!! note", "a | b", "*a*", "_a_", "`a`",
                                   "[a](b)", "![a](b)", "a {: #x onclick=y }", "<b>a</b>", "&amp;", "C#", "a\\b",
                                   "a  \n  b", "===", "---", "a (b) [c] {d}"])
@pytest.mark.parametrize("line", ["{v}", "- {v}", "**{v}**", "[{v}](https://x.example)", "## {v}", "Tekst {v}"])
def test_escaped_value_renders_as_its_own_text(value: str, line: str) -> None:
    """Printed at the start of a line, in a list, in bold, in a link or in a heading, a value shows exactly as
    written: no HTML element comes from it and no character is lost or added."""
    md = markdown.Markdown(extensions=["toc", "attr_list", "md_in_html", "admonition"])
    no_ids = functools.partial(re.sub, r' id="[^"]*"', "")  # heading ids are made from the text
    html_out = no_ids(md.convert(line.format(v=md_escape(value))))
    template = no_ids(md.reset().convert(line.format(v="XYZ")))
    text = " ".join(value.split())
    assert html_out == template.replace("XYZ", html.escape(text, quote=False)), (value, line, html_out)


@pytest.mark.parametrize(
    "days,lang,text",
    [(["mandag", "tirsdag", "onsdag", "torsdag", "fredag"], "nb", "mandag–fredag"),
     (["måndag", "tysdag", "onsdag", "torsdag", "fredag"], "nn", "måndag–fredag"),
     (["mandag", "onsdag", "fredag"], "nb", "mandag, onsdag og fredag"),
     (["fredag", "mandag", "tirsdag"], "nn", "måndag–tysdag og fredag")],
)
def test_format_days(days: list[str], lang: str, text: str) -> None:
    assert format_days(days, texts_of(Project.load(ROOT))[lang]) == text


def test_every_printed_value_is_escaped_by_default(tmp_path: Path) -> None:
    """The safety net: a template that forgets a filter still cannot print raw HTML or Markdown."""
    from forlopsinfo.generate.render import Renderer

    (tmp_path / "t.md.j2").write_text("{{ value }}|{{ T('x') }}", encoding="utf-8")
    renderer = Renderer(tmp_path, {"nb": {"x": "**egen tekst**"}})
    out = renderer.render("t.md.j2", "nb", value="<b>[x](javascript:y)</b>")
    assert out == r"&lt;b>\[x\](javascript:y)&lt;/b>|**egen tekst**"


def test_folding_theme_indentation_keeps_words_apart_and_preformatted_text_alone() -> None:
    from forlopsinfo.sitebuilder.htmlfold import fold_whitespace

    html = '<ul>\n      <li>Telefon</li>\n      <li><a href="tel:113">113</a>\n   ring</li>\n</ul>  \n\n  <p>a  b</p>'
    assert fold_whitespace(html) == '<ul>\n<li>Telefon</li>\n<li><a href="tel:113">113</a>\nring</li>\n</ul>\n<p>a  b</p>'
    kept = "<pre>\n    kode\n</pre>\n   <p>x</p>"
    assert fold_whitespace(kept) == kept
    assert fold_whitespace("<TEXTAREA rows=2>\n  a\n</TEXTAREA>\n  x") == "<TEXTAREA rows=2>\n  a\n</TEXTAREA>\n  x"


def test_folding_is_exactly_the_regular_expression_it_replaces() -> None:
    """fold_whitespace works line by line for speed; its definition is this substitution. Random strings of the
    characters that matter (several kinds of white space, Unicode spaces among them), and every built page."""
    import random

    from forlopsinfo.sitebuilder.htmlfold import fold_whitespace

    definition = re.compile(r"[ \t]*\n\s*")
    rng = random.Random(6)
    alphabet = [" ", "\t", "\n", "\r", "\x0b", "\xa0", "\u2003", "a", "<", ">"]
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert fold_whitespace(text) == definition.sub("\n", text), repr(text)
    for page in sorted((ROOT / "templates" / "theme").rglob("*.html")):
        text = page.read_text("utf-8")
        if "<pre" not in text and "<textarea" not in text:
            assert fold_whitespace(text) == definition.sub("\n", text), page
