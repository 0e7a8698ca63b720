"""Citizen pages, checked in the built HTML: each section is there when the kommune gave the data, and is left
out (or replaced by a plain sentence) when it did not, in both language forms."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT


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
        "Spesialisthelsetjenesten"]),
    "nn": ("nn/kommune/3305-ringerike", [
        "Kontakt koordinerande eining (døme)", "Treng du hjelp no?", "Kort fortalt",
        "Kva er nasjonale pasientforløp?", "Slik startar det", "Dette kan du vente deg", "Kven er kontaktpersonen din?",
        "Koordinator, individuell plan og barnekoordinator", "Tilbod i kommunen", "Pårørande",
        "Spesialisthelsetenesta"]),
}


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_full_kommune_page_has_every_section_in_order(built: Path, lang: str) -> None:
    path, expected = FULL[lang]
    p = page(built, path)
    assert p.h("h1") == ["Ringerike"]
    assert p.h("h2") == expected


@pytest.mark.parametrize("lang,h3", [
    ("nb", ["Slik søker du om koordinator og individuell plan", "Slik søker du om barnekoordinator", "Psykisk helse- og rustjeneste",
            "Rask psykisk helsehjelp", "ACT- og FACT-team", "Frisklivssentral", "Tilbud til pårørende"]),
    ("nn", ["Slik søkjer du om koordinator og individuell plan", "Slik søkjer du om barnekoordinator", "Psykisk helse- og rusteneste",
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
        assert 'class="finn-kommune-filter" role="search" hidden' in html  # revealed by the script only
        fylker = re.findall(r'<h2 id="[^"]*"><a href="fylke/[^"]*">([^<]+)</a>', listing)
        assert fylker[:3] == ["Agder", "Akershus", "Buskerud"] and fylker[-1] == "Østfold"  # alphabetical


def search_index(built: Path, lang: str) -> list[dict[str, str]]:
    return json.loads((built / "site" / ("" if lang == "nb" else "nn/") / "sok.json").read_text("utf-8"))


def test_search_index_finds_kommune_and_service_names(built: Path) -> None:
    index = search_index(built, "nb")
    titles = {doc["t"] for doc in index}
    text = " ".join(doc["x"] for doc in index)
    assert any(t.startswith("Ringerike") for t in titles) and any(t.startswith("Bergen") for t in titles)
    assert "Frisklivssentralen" in text and "Samtaletilbod for unge i Ørsta og Volda" in text


def test_footer_links(built: Path) -> None:
    p = page(built, "kommune/3305-ringerike")
    assert "https://github.com/forlopsinfo/forlopsinfo/edit/main/municipalities/3305-ringerike.yaml" in p.links
    assert "https://uustatus.example/erklaringer/ringerike" in p.links
    assert "Sist kontrollert av kommunen: 10. november 2026." in p.html


def test_search_index_is_per_language_and_for_citizens(built: Path) -> None:
    """Each language has its own small index (generate/searchindex.py), read only on the search page: its own pages,
    no page for kommune staff, the general text that every kommune page repeats indexed once (on the national
    pages), and no script of the site puts an index value into a page as HTML."""
    for lang, other in (("nb", "nn"), ("nn", "nb")):
        index = search_index(built, lang)
        addresses = [doc["u"] for doc in index]
        assert not [a for a in addresses if a.startswith(("nn/", "nb/", "for-kommuner", "redigering", "feltreferanse",
                                                          "vanlige-feil", "sok"))]
        assert "rettigheter/" in addresses and "fylke/46-vestland/" in addresses
        kommune_docs = [d for d in index if d["u"].startswith("kommune/")]
        assert not [d for d in kommune_docs if "Slik starter" in d["x"] or "fast kontaktperson" in d["x"]]
        path = built / "site" / ("" if lang == "nb" else "nn/") / "sok.json"
        assert path.stat().st_size < 150_000
    rights = next(d for d in search_index(built, "nb") if d["u"] == "rettigheter/")
    assert "barnekoordinator" in rights["x"] and "Kontaktlege" in rights["h"]
    for script in ("sok.js", "finn-kommune.js"):
        code = (ROOT / "docs" / "assets" / script).read_text("utf-8")
        assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "textContent" in code


def test_each_kommune_page_has_one_search_entry_from_its_own_data(built: Path) -> None:
    """One entry per kommune page in each language, pointing at a page that exists, with the kommune's own names and
    descriptions as plain text (sok.js shows it with textContent)."""
    for lang, prefix in (("nb", ""), ("nn", "nn/")):
        kommune_docs = [d for d in search_index(built, lang) if d["u"].startswith("kommune/")]
        addresses = [d["u"] for d in kommune_docs]
        assert len(addresses) == len(set(addresses)) == 357
        assert all((built / "site" / prefix / a / "index.html").is_file() for a in addresses)
    by_address = {d["u"]: d for d in search_index(built, "nb") if d["u"].startswith("kommune/")}
    by_address_nn = {d["u"]: d for d in search_index(built, "nn") if d["u"].startswith("kommune/")}
    ringerike, ringerike_nn = by_address["kommune/3305-ringerike/"], by_address_nn["kommune/3305-ringerike/"]
    assert ringerike["t"] == "Ringerike (eksempel)" and ringerike_nn["t"] == "Ringerike (døme)"
    assert "Frisklivssentralen" in ringerike["x"] and ringerike["f"] == "Buskerud"
    assert by_address["kommune/5610-karasjok/"]["t"] == "Karasjok – Kárášjohka (eksempel)"
    unpublished = by_address_nn["kommune/4601-bergen/"]
    assert unpublished["t"] == "Bergen" and unpublished["f"] == "Vestland" and "4601" in unpublished["x"]
    hostile = by_address["kommune/1101-eigersund/"]["x"]
    assert "<script>alert" in hostile  # plain text, as written: sok.js never makes it HTML
