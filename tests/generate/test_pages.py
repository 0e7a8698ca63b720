"""Citizen pages, checked in the built HTML: each section is there when the kommune gave the data, and is left
out (or replaced by a plain sentence) when it did not, in both language forms."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest


class Page(HTMLParser):
    """Headings, lang-marked elements and links of one built page's main content."""

    def __init__(self, html: str):
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.lang_texts: list[tuple[str, str]] = []
        self._heading: str | None = None
        self._lang_stack: list[tuple[str, int]] = []
        self._depth = 0
        self._text: list[str] = []
        self.feed(html)
        self.html = html

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("h1", "h2", "h3"):
            self._heading, self._text = tag, []
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._depth += 1
            if "lang" in a and tag != "html":
                self._lang_stack.append((a["lang"] or "", self._depth))
                self._text_lang: list[str] = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading:
            self.headings.append((tag, " ".join("".join(self._text).split())))
            self._heading = None
        if self._lang_stack and self._lang_stack[-1][1] == self._depth:
            lang, _ = self._lang_stack.pop()
            self.lang_texts.append((lang, " ".join("".join(self._text_lang).split())))
        self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._heading:
            self._text.append(data)
        if self._lang_stack:
            self._text_lang.append(data)

    def h(self, level: str) -> list[str]:
        return [text for tag, text in self.headings if tag == level]


def page(built: Path, path: str) -> Page:
    return Page((built / "site" / path / "index.html").read_text("utf-8"))


FULL = {  # Ringerike gives every section
    "nb": ("kommune/3305-ringerike", [
        "Kontakt koordinerende enhet (eksempel)", "Trenger du hjelp nå?", "Kort fortalt",
        "Hva er nasjonale pasientforløp?", "Slik starter det", "Dette kan du vente deg", "Hvem er kontaktpersonen din?",
        "Koordinator, individuell plan og barnekoordinator", "Tilbud i kommunen", "Pårørende",
        "Spesialisthelsetjenesten", "Les mer"]),
    "nn": ("nn/kommune/3305-ringerike", [
        "Kontakt koordinerande eining (døme)", "Treng du hjelp no?", "Kort fortalt",
        "Kva er nasjonale pasientforløp?", "Slik startar det", "Dette kan du vente deg", "Kven er kontaktpersonen din?",
        "Koordinator, individuell plan og barnekoordinator", "Tilbod i kommunen", "Pårørande",
        "Spesialisthelsetenesta", "Les meir"]),
}


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_full_kommune_page_has_every_section_in_order(built: Path, lang: str) -> None:
    path, expected = FULL[lang]
    p = page(built, path)
    assert p.h("h1") == ["Ringerike"]
    assert p.h("h2") == expected


@pytest.mark.parametrize("lang,h3", [
    ("nb", ["Slik søker du her", "Slik søker du om barnekoordinator", "Psykisk helse- og rustjeneste",
            "Rask psykisk helsehjelp", "ACT- og FACT-team", "Frisklivssentral", "Tilbud til pårørende"]),
    ("nn", ["Slik søkjer du her", "Slik søkjer du om barnekoordinator", "Psykisk helse- og rusteneste",
            "Rask psykisk helsehjelp", "ACT- og FACT-team", "Frisklivssentral", "Tilbod til pårørande"]),
])
def test_full_page_subsections(built: Path, lang: str, h3: list[str]) -> None:
    p = page(built, ("nn/" if lang == "nn" else "") + "kommune/3305-ringerike")
    assert p.h("h3") == h3
    text = p.html
    for must in ["tel:+4732000001", "Hønefoss", "ikke i juli" if lang == "nb" else "ikke i juli"]:
        assert must in text
    group_label = "Gravide som bruker rusmidler" if lang == "nb" else "Gravide som brukar rusmiddel"
    assert group_label in text, "per-target-group route is shown"


def toc_links(html: str) -> list[str]:
    """The #anchors listed in the theme's table of contents (the secondary sidebar)."""
    toc = html.split('data-md-type="toc"', 1)[1].split('<div class="md-content"', 1)[0]
    return re.findall(r'href="#([^"]+)"', toc)


def test_kommune_page_contents_list_only_the_main_headings(built: Path) -> None:
    """Kommune pages set toc_depth: 2 (scripts/forlopsinfo/sitebuilder/theme/partials/toc-item.html): every ## heading is in the table of
    contents, no ### heading is. Hand-written pages keep their ### headings in it."""
    p = page(built, "kommune/3305-ringerike")
    h2_ids = re.findall(r'<h2[^>]*\bid="([^"]+)"', p.html)
    assert len(h2_ids) >= 10 and toc_links(p.html) == h2_ids
    guide = (built / "site" / "redigering" / "index.html").read_text("utf-8")
    h3_ids = re.findall(r'<h3[^>]*\bid="([^"]+)"', guide)
    assert h3_ids and set(h3_ids) <= set(toc_links(guide))


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_minimal_kommune_page_leaves_sections_out_cleanly(built: Path, lang: str) -> None:
    """Ørsta gives only the contact box and one shared service."""
    p = page(built, ("nn/" if lang == "nn" else "") + "kommune/1520-orsta")
    html = p.html
    none_texts = {
        "nb": ["Vet du ikke hvem som er kontaktpersonen din i kommunen? Spør koordinerende enhet.",
               "Kommunen har ikke lagt inn hvordan du søker.",
               "Kommunen har ikke lagt inn hvilket helseforetak den samarbeider med."],
        "nn": ["Veit du ikkje kven som er kontaktpersonen din i kommunen? Spør koordinerande eining.",
               "Kommunen har ikkje lagt inn korleis du søkjer.",
               "Kommunen har ikkje lagt inn kva helseføretak kommunen samarbeider med."],
    }[lang]
    for sentence in none_texts:
        assert sentence in html
    assert not any(h.startswith(("Slik søker", "Slik søkjer")) for h in p.h("h3"))
    assert "Besøksadresse" not in html and "Postadresse" not in html
    # the shared service is listed, marked as shared, naming both kommuner
    assert "Samtaletilbod for unge i Ørsta og Volda" in html
    shared = "Felles tilbud for Ørsta og Volda." if lang == "nb" else "Felles tilbod for Ørsta og Volda."
    assert shared in html


@pytest.mark.parametrize("path", ["kommune/4601-bergen", "nn/kommune/4601-bergen"])
def test_unpublished_page(built: Path, path: str) -> None:
    p = page(built, path)
    assert p.h("h1") == ["Bergen"]
    assert "Bergen har ikke lagt inn informasjon ennå" in p.html or "Bergen har ikkje lagt inn informasjon enno" in p.html
    assert any(link.endswith("for-kommuner/") for link in p.links)
    assert "tel:113" in p.html and "tel:116117" in p.html


def test_acute_numbers_are_ordered_by_urgency(built: Path) -> None:
    html = (built / "site" / "kommune" / "0301-oslo" / "index.html").read_text("utf-8")
    block = html.split('class="akutt"')[1].split("</div>")[0]
    assert re.findall(r'href="tel:([^"]+)"', block) == ["113", "116117", "116123", "+4722400040", "116111"]


def test_tel_links_are_e164_or_short_codes(built: Path) -> None:
    for path in ["kommune/3305-ringerike", "nn/kommune/1577-volda", "akutt-hjelp", "nn/parorende"]:
        for number in re.findall(r'href="tel:([^"]+)"', (built / "site" / path / "index.html").read_text("utf-8")):
            assert re.fullmatch(r"\+47\d{8}|11\d|116\d{3}", number), (path, number)


def test_example_pages_show_the_notice(built: Path) -> None:
    for path in ["kommune/3305-ringerike", "nn/kommune/1577-volda", "kommune/5610-karasjok"]:
        html = (built / "site" / path / "index.html").read_text("utf-8")
        assert "ikke ekte kontaktinformasjon" in html or "ikkje ekte kontaktinformasjon" in html
    assert "ekte kontaktinformasjon" not in (built / "site" / "kommune" / "4601-bergen" / "index.html").read_text("utf-8")


def test_sami_name_and_text_are_marked_and_norwegian_is_not(built: Path) -> None:
    p = page(built, "kommune/5612-kautokeino")
    assert p.h("h1") == ["Kautokeino – Guovdageaidnu"]
    sami = [(lang, text) for lang, text in p.lang_texts if lang in ("se", "smj", "sma", "fkv")]
    assert ("se", "Guovdageaidnu") in sami
    assert ("se", "Váldde oktavuođa koordinerejeaddji ovttadagain.") in sami
    assert all(text in ("Guovdageaidnu", "Váldde oktavuođa koordinerejeaddji ovttadagain.") for _, text in sami), sami
    # Kven names get their own code; names outside the Sami area get no language claim
    kafjord = page(built, "kommune/5540-kafjord")
    assert ("fkv", "Kaivuono") in kafjord.lang_texts and ("se", "Gáivuotna") in kafjord.lang_texts
    oslo = page(built, "kommune/0301-oslo")
    assert oslo.h("h1") == ["Oslo – Oslove"] and not [t for t in oslo.lang_texts if t[0] not in ("nb", "nn")]


def test_front_page_lists_all_kommuner_by_fylke_without_javascript(built: Path) -> None:
    for path, lang_count in [("index.html", 357), ("nn/index.html", 357)]:
        html = (built / "site" / path).read_text("utf-8")
        listing = html.split('class="kommuneliste"')[1]
        assert listing.count("<li>") == lang_count
        assert listing.count("<h2") == 15
        assert 'class="finn-kommune-filter" hidden' in html  # revealed by the script only


def test_search_index_finds_kommune_and_service_names(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text("utf-8"))
    assert index["config"]["lang"] == ["no"]
    titles = {doc["title"] for doc in index["docs"]}
    text = " ".join(doc["text"] for doc in index["docs"])
    assert any(t.startswith("Ringerike") for t in titles) and any(t.startswith("Bergen") for t in titles)
    assert "Frisklivssentralen" in text and "Samtaletilbod for unge i Ørsta og Volda" in text


def test_footer_links(built: Path) -> None:
    p = page(built, "kommune/3305-ringerike")
    assert "https://github.com/forlopsinfo/forlopsinfo/edit/main/municipalities/3305-ringerike.yaml" in p.links
    assert "https://uustatus.example/erklaringer/ringerike" in p.links
    assert "Sist kontrollert av kommunen: 10. november 2026." in p.html


def test_repeated_general_text_stays_out_of_the_search_index(built: Path) -> None:
    """Readers' phones download the whole index: the national text repeated on 700 kommune pages must not be
    in it (it is indexed once, on the national pages)."""
    path = built / "site" / "search" / "search_index.json"
    docs = json.loads(path.read_text("utf-8"))["docs"]
    bergen = [d for d in docs if d["location"].startswith("kommune/4601-bergen/")]
    assert [d["title"] for d in bergen] == ["Bergen"]
    kommune_docs = [d for d in docs if "kommune/" in d["location"]]
    assert not [d for d in kommune_docs if d["title"] in ("Kort fortalt", "Lovverk", "Trenger du hjelp nå?")]
    assert any(d["location"].startswith("rettigheter/") and "barnekoordinator" in d["text"] for d in docs)
    assert not [d for d in kommune_docs if "fast kontaktperson for deg" in d["text"] or "Slik starter" in d["text"]]
    assert path.stat().st_size < 400_000


def test_each_kommune_page_has_one_search_entry_from_its_own_data(built: Path) -> None:
    """Kommune pages are left out of the builder's indexer; searchentries.py gives each exactly one entry, in its
    language, pointing at a page that exists, with the kommune's own names and descriptions, escaped."""
    from conftest import HOSTILE_TEXT

    docs = json.loads((built / "site" / "search" / "search_index.json").read_text("utf-8"))["docs"]
    kommune_docs = [d for d in docs if "kommune/" in d["location"] and "innbygging" not in d["location"]]
    locations = [d["location"] for d in kommune_docs]
    assert len(locations) == len(set(locations)) == 2 * 357
    assert all((built / "site" / loc / "index.html").is_file() for loc in locations)
    by_location = {d["location"]: d for d in kommune_docs}
    ringerike, ringerike_nn = by_location["kommune/3305-ringerike/"], by_location["nn/kommune/3305-ringerike/"]
    assert ringerike["title"] == "Ringerike (eksempel)" and ringerike_nn["title"] == "Ringerike (døme)"
    assert ringerike["text"].startswith("<p>Eksempel – ikke ekte kontaktinformasjon</p>")  # example data says so
    assert "Frisklivssentralen" in ringerike["text"] and "Buskerud" in ringerike["text"]
    assert "Kontakt koordinerande eining:" in ringerike_nn["text"]
    assert by_location["kommune/5610-karasjok/"]["title"] == "Karasjok – Kárášjohka (eksempel)"
    unpublished = by_location["nn/kommune/4601-bergen/"]
    assert unpublished["title"] == "Bergen" and "Vestland" in unpublished["text"]
    hostile = json.dumps(by_location["kommune/1101-eigersund/"])
    assert "<script" not in hostile and "<svg" not in hostile and "<img" not in hostile
    assert "&lt;script&gt;alert" in hostile and "&amp;lt;script&amp;gt;" in hostile
    assert HOSTILE_TEXT["service"] not in hostile
