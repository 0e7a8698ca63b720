"""Readability (LIX) of the fixed text of each page type, per language form.

LIX = words / sentences + 100 × long words / words, where a long word has more than six letters. Under 40 is
easy-to-read text for a general audience (the project's target); 40–50 is ordinary prose. Inline code (a field
name such as `koordinator_og_individuell_plan`, or a value to copy) counts as one short word: the editor copies it,
it is the same in any wording, and counting it as one long word would score the field reference on its names.

«Fixed text» is what the project writes: the texts in templates/tekst/ that a page type actually uses (found by
rendering the page type and recording which texts it asked for) and the hand-written pages in docs/. The
embeddable contact box and its page for web editors (snippet.py) are measured the same way: their texts are recorded
while they are made. Data from kommune files is not measured: each kommune answers for its own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from forlopsinfo.validate.dataset import Dataset
from forlopsinfo.editor.guide import GENERATED_NOTE
from forlopsinfo.generate.pages import NATIONAL_PAGES, plan_pages
from forlopsinfo.generate.texts import texts_of
from forlopsinfo.layout import Layout
from forlopsinfo.project import Project
from forlopsinfo.generate.render import Renderer

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:]+(?=\s|$)")


@dataclass(frozen=True)
class Lix:
    words: int
    sentences: int
    long_words: int

    @property
    def score(self) -> float:
        if not self.words:
            return 0.0
        return self.words / max(self.sentences, 1) + 100 * self.long_words / self.words


def plain_text(markdown: str) -> str:
    """Markdown -> the words a reader sees. Each heading, list item and paragraph line is its own unit."""
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S)  # front matter
    text = re.sub(r"<[^>]+>", " ", text)  # our own inline HTML tags
    text = re.sub(r"`[^`\n]+`", "kode", text)  # a field name or value to copy: one short word, not prose
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: keep the text
    text = re.sub(r"\{[a-z]+\}", "Volda", text)  # placeholders: a short kommune name
    text = re.sub(r"^\s*(#+|[-*]|\d+\.|!!!\s+\w+)\s*", "", text, flags=re.M)
    return text.replace("**", "").replace("\\", "")


def measure(text: str) -> Lix:
    words = sentences = long_words = 0
    for unit in (line.strip() for line in plain_text(text).splitlines()):
        found = _WORD.findall(unit)
        if not found:
            continue
        words += len(found)
        long_words += sum(1 for w in found if len(w.replace("-", "")) > 6)
        # a sentence is a stretch with words, ended by . ! ? : or by the end of the unit (heading, list item)
        sentences += sum(1 for part in _SENTENCE_END.split(unit) if _WORD.search(part))
    return Lix(words, sentences, long_words)


PAGE_TYPES = {  # page type -> the template its pages are made from
    "kommuneside": "kommune.md.j2",
    "ikke publisert": "ikke-publisert.md.j2",
    "fylkesside": "fylke.md.j2",
    "forside": "forside.md.j2",
    "forløpene": "forlop.md.j2",
    "akutt hjelp": "akutt-hjelp.md.j2",
    "rettigheter": "rettigheter.md.j2",
    "pårørende": "parorende.md.j2",
    "søk": "sok.md.j2",
}
# Texts a page type gets outside its template: the label of the print QR code on kommune pages (opendata.qr_block).
ADDED_KEYS = {"kommune.md.j2": ("utskrift_qr",)}
# The embeddable contact box as a kommune's website shows it, and the page for web editors with its code (snippet.py).
SNIPPET_TYPES = ("kontaktboks", "kontaktboks, side for redaktører")


class _Recording(dict[str, str]):
    """The texts of one language form, remembering which keys were asked for."""

    def __init__(self, texts: dict[str, str]) -> None:
        super().__init__(texts)
        self.used: set[str] = set()

    def __getitem__(self, key: str) -> str:
        self.used.add(key)
        return super().__getitem__(key)


def snippet_keys(dataset: Dataset, project: Project, texts: dict[str, dict[str, str]], lang: str) -> dict[str, set[str]]:
    """Page type in SNIPPET_TYPES -> the keys of templates/tekst/ it uses, over every kommune with data."""
    from forlopsinfo.generate.snippet import editor_page, fragment

    layout = Layout.of(project)
    box, page = _Recording(texts[lang]), _Recording(texts[lang])
    for number in dataset.kommuner:
        fragment(dataset, {lang: box}, number, lang, layout)
        editor_page(dataset, {lang: page}, number, lang, layout)
    return dict(zip(SNIPPET_TYPES, (box.used, page.used)))


def report(dataset: Dataset, project: Project) -> list[tuple[str, str, Lix]]:
    """(page type, language, LIX) for every generated page type and every hand-written page."""
    texts = texts_of(project)
    rows: list[tuple[str, str, Lix]] = []
    recorder = Renderer(project.templates, texts)
    for lang in texts:
        for name, template in PAGE_TYPES.items():
            recorder.used_keys = set()
            pages = _render_once(recorder, template, lang, dataset, project)
            if template.removesuffix(".md.j2") in NATIONAL_PAGES:  # all project text, incl. the national file
                fixed = next(iter(pages.values()))
            else:
                keys = recorder.used_keys | set(ADDED_KEYS.get(template, ()))
                fixed = "\n".join(texts[lang][k] for k in sorted(keys))
            rows.append((name, lang, measure(fixed)))
        for name, keys in snippet_keys(dataset, project, texts, lang).items():
            rows.append((name, lang, measure("\n".join(texts[lang][k] for k in sorted(keys)))))
        for page in sorted((project.docs / lang).glob("*.md")):
            text = page.read_text("utf-8")
            kind = "generert for redaktører" if GENERATED_NOTE in text else "håndskrevet"
            rows.append((f"{page.stem} ({kind})", lang, measure(text)))
    return rows


def _render_once(renderer: Renderer, template: str, lang: str, dataset: Dataset, project: Project) -> dict[str, str]:
    pages = plan_pages(dataset, project, renderer.texts, renderer=renderer, only=(lang, template))
    assert pages, template
    return pages


def print_report(rows: list[tuple[str, str, Lix]], limit: float) -> int:
    """Print a table; return how many page types are over the limit."""
    print(f"{'sidetype':34} {'målform':8} {'LIX':>5} {'ord':>5} {'setninger':>9} {'lange ord':>9}")
    over = 0
    for name, lang, lix in rows:
        flag = "" if lix.score <= limit else f"  over {limit:g}"
        over += bool(flag)
        print(f"{name:34} {lang:8} {lix.score:5.1f} {lix.words:5d} {lix.sentences:9d} {lix.long_words:9d}{flag}")
    return over
