"""The safety rules of every page a citizen can land on (issue 17), checked in the built site:

* urgent help comes first: the first phone link is 113, what to do at suicide risk is said before any section, and
  both come before the kommune's contact box, on every page type, on the 404 page and in the contact box for kommune
  websites;
* the contact box says what to do outside telefontid;
* no note to editors («ikke bekreftet» and the like) reaches a citizen page;
* nynorsk pages name the laws in nynorsk (kommune text in bokmål, marked lang="nb", is the kommune's own words).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT

TEXTS = {lang: yaml.safe_load((ROOT / "templates" / "tekst" / f"{lang}.yaml").read_text("utf-8")) for lang in ("nb", "nn")}
EDITOR_PAGES = ("for-kommuner", "redigering", "feltreferanse", "vanlige-feil")  # for kommune staff, not citizens
FRONT_PAGES = ("index.html", "nn/index.html")  # the short line only: the page's task is to find the kommune
EDITORS_NOTE = re.compile(r"ikke bekreftet|ikkje stadfesta|unverified|ikke kontrollert|nøyaktig dato|todo|fixme|"
                          r"kontroller (?:lenken|tittelen|datoen)|domenegjennomgang", re.I)
BOKMAL_LAW_NAME = re.compile(r"\b[\w-]*(?:loven|lovens)\b|\butredning\b", re.I)  # nynorsk: -lova, utgreiing


def article(html: str) -> str:
    """The page's own content (Material's <article>), without the header, menus and footer."""
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def lang_of(rel: str) -> str:
    return "nn" if rel.startswith("nn/") else "nb"


def citizen_pages(site: Path) -> list[tuple[str, str]]:
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.split("/")[-2:-1] and rel.split("/")[-2] in EDITOR_PAGES:
            continue
        pages.append((rel, path.read_text("utf-8")))
    return pages


@pytest.fixture(scope="module")
def pages(built: Path) -> list[tuple[str, str]]:
    found = citizen_pages(built / "site")
    assert len(found) > 750  # every kommune in both forms, fylker, national pages
    return found


def test_urgent_help_comes_first_on_every_citizen_page(pages: list[tuple[str, str]]) -> None:
    wrong = []
    for rel, html in pages:
        body = article(html)
        suicide = body.find(TEXTS[lang_of(rel)]["akutt_selvmord"])
        first_tel = re.search(r'href="(tel:[^"]+)"', body)
        first_section = body.find("<h2")
        box = body.find('class="kontaktboks"')
        if first_tel is None or first_tel.group(1) != "tel:113":
            wrong.append((rel, "the first phone link is not 113"))
        elif suicide < 0 or (first_section >= 0 and suicide > first_section):
            wrong.append((rel, "the suicide-risk sentence is missing or comes after a section"))
        elif box >= 0 and first_tel.start() > box:
            wrong.append((rel, "113 comes after the kommune's contact box"))
        elif rel not in FRONT_PAGES and 'class="akutt"' not in body:
            wrong.append((rel, "the full list of help lines is missing"))
    assert wrong == []


def test_every_page_type_was_checked(pages: list[tuple[str, str]]) -> None:
    """The rule above saw each kind of page: published and unpublished kommune, fylke, national and hand-written."""
    rels = {rel for rel, _ in pages}
    for rel in ("kommune/3305-ringerike/index.html", "nn/kommune/1577-volda/index.html",
                "kommune/4601-bergen/index.html", "fylke/33-buskerud/index.html", "index.html", "forlop/index.html",
                "akutt-hjelp/index.html", "rettigheter/index.html", "nn/parorende/index.html",
                "om-nettstedet/index.html", "nn/tilgjengelighet/index.html"):
        assert rel in rels, rel


@pytest.mark.parametrize("rel", ["kommune/3305-ringerike/index.html", "nn/kommune/1577-volda/index.html"])
def test_contact_box_says_what_to_do_outside_telefontid(built: Path, rel: str) -> None:
    body = article((built / "site" / rel).read_text("utf-8"))
    box = body.split('class="kontaktboks"', 1)[1].split("</div>", 1)[0]
    outside = TEXTS[lang_of(rel)]["utenfor_telefontid"].split(":", 1)[0]  # «Utenfor telefontiden»
    assert outside in box and 'href="tel:116117"' in box


def test_404_page_gives_urgent_help_first_in_each_language(built: Path) -> None:
    html = article((built / "site" / "404.html").read_text("utf-8"))
    parts = re.findall(r'<section lang="(nb|nn)" data-feilside="[^"]*">(.*?)</section>', html, re.S)
    assert [lang for lang, _ in parts] == ["nb", "nn"]
    for lang, part in parts:
        t = TEXTS[lang]
        assert 'href="tel:113"' in part and 'href="tel:116117"' in part and 'href="tel:116123"' in part
        assert part.index('href="tel:113"') < part.index(t["feilside_tekst"])
        assert t["akutt_selvmord"] in part


def test_contact_box_for_kommune_websites_gives_urgent_help_before_the_contact(built: Path) -> None:
    snippets = sorted((built / "site").glob("**/innbygging/*.html"))
    assert len(snippets) >= 16  # a page and a frame per kommune file and form
    for path in snippets:
        html = path.read_text("utf-8")
        lang = "nn" if "/nn/" in path.as_posix() else "nb"
        t = TEXTS[lang]
        section = html.split("<section", 1)[1]
        tels = re.findall(r'href="(tel:[^"]+)"', section)
        assert tels[:3] == ["tel:113", "tel:116117", "tel:116123"], path
        assert t["akutt_selvmord"] in section.replace("&#x27;", "'"), path
        assert t["innbygging_utenfor"].split(":", 1)[0] in section, path


def test_no_editors_note_on_a_citizen_page(pages: list[tuple[str, str]]) -> None:
    notes = [(rel, m.group(0)) for rel, html in pages for m in [EDITORS_NOTE.search(re.sub(r"<[^>]+>", " ", article(html)))]
             if m]
    assert notes == []


def test_no_markup_shows_as_text(pages: list[tuple[str, str]]) -> None:
    """An attribute list the builder did not take («{ .sist-kontrollert }») must never be what a reader sees, on any
    citizen page. (Kommune data may contain Markdown-like text: it is shown as written.)"""
    leaks = re.compile(r"\{:?\s*[.#][a-z][\w-]*(\s+[.#][a-z][\w-]*)*\s*\}")
    shown = [(rel, m.group(0)) for rel, html in pages
             for m in [leaks.search(re.sub(r"<[^>]+>", " ", article(html)))] if m]
    assert shown == []


def test_editors_note_pattern_catches_what_the_review_found() -> None:
    assert EDITORS_NOTE.search("Innført sammen med de generelle forløpene i 2019. Nøyaktig dato er ikke bekreftet.")
    assert EDITORS_NOTE.search("Nøyaktig dato er ikkje stadfesta.")
    assert not EDITORS_NOTE.search("Kontrollert 22. november 2026. Innført i 2019.")


class _TextOutsideBokmal(HTMLParser):
    """The text of a page, leaving out what is marked lang="nb" (a bokmål kommune's own words)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self, html: str) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._stack: list[bool] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self._stack.append(dict(attrs).get("lang") == "nb" or (bool(self._stack) and self._stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def test_nynorsk_pages_name_the_laws_in_nynorsk(pages: list[tuple[str, str]]) -> None:
    found = []
    for rel, html in pages:
        if rel.startswith("nn/"):
            text = " ".join(_TextOutsideBokmal(article(html)).parts)
            found += [(rel, m.group(0)) for m in BOKMAL_LAW_NAME.finditer(text)]
    assert found == []
    rights = dict(pages)["nn/rettigheter/index.html"]
    for name in ("Helse- og omsorgstenestelova", "Pasient- og brukarrettslova", "Spesialisthelsetenestelova",
                 "Psykisk helsevernlova", "Helsepersonellova"):
        assert name in rights


def test_bokmal_law_name_pattern() -> None:
    assert BOKMAL_LAW_NAME.search("etter helse- og omsorgstjenesteloven § 7-1")
    assert BOKMAL_LAW_NAME.search("Nasjonalt pasientforløp for utredning og behandling")
    assert not BOKMAL_LAW_NAME.search("helse- og omsorgstenestelova og utgreiing")
