"""Issue 19: what Enhetsregisteret says of a kommune reaches its pages and the open data. The `built` site has the
register file written by `forlopsinfo register --write` from a recorded answer with ten kommuner (conftest.py):
0301 Oslo with a switchboard, 4601 Bergen with a website only, 1577 Volda published without a website of its own.
Without the file the pages say what they said before (the reference build, tests/sitebuilder/, has none)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from conftest import TODAY

OSLO_ORGNR, BERGEN_ORGNR = "958935420", "964338531"


def page(built: Path, rel: str) -> str:
    return (built / "site" / rel / "index.html").read_text("utf-8")


def card(html: str) -> str:
    match = re.search(r'<div class="kontaktboks" id="kontakt">(.*?)<div class="admonition', html, re.S)
    assert match, "no contact card before the note"
    return match.group(1)


def test_a_page_without_data_gives_the_switchboard_from_the_register(built: Path) -> None:
    for rel, fetched, checked in (("kommune/0301-oslo", "23. november 2026", "Oslo kommune har ikke sjekket"),
                                  ("nn/kommune/0301-oslo", "23. november 2026", "Oslo kommune har ikkje sjekka")):
        html = page(built, rel)
        box = card(html)
        assert 'href="tel:+4721802180"' in box and "Ring 21 80 21 80" in box
        assert "ring--kommune" in box
        assert "https://www.oslo.kommune.no" in box
        assert fetched in box and checked in box
        assert ("Enhetsregisteret" if rel.startswith("kommune") else "Einingsregisteret") in box
        # the switchboard bullet is gone from «what you can do now»: the card says it, with the number
        assert "Ring sentralbordet i Oslo" not in html
        # urgent help still comes first
        assert html.index('href="tel:113"') < html.index('href="tel:+4721802180"')


def test_without_a_switchboard_the_card_sends_the_reader_to_the_website(built: Path) -> None:
    for rel, words in (("kommune/4601-bergen", "Finn telefonnummeret på nettstedet"),
                       ("nn/kommune/4601-bergen", "Finn telefonnummeret på nettstaden")):
        html = page(built, rel)
        box = card(html)
        assert words in box and "ring--kommune" not in box
        assert '<a class="adresse-synlig" href="https://www.bergen.kommune.no">www.bergen.kommune.no</a>' in box
        assert "Postboks 7700, 5020 BERGEN" in box
        # and «what you can do now» still says to call the switchboard
        assert "Ring sentralbordet i Bergen kommune" in html


def test_a_kommune_the_register_does_not_have_keeps_the_plain_page(built: Path) -> None:
    html = page(built, "kommune/4602-kinn")
    assert 'class="kontaktboks"' not in html and "Enhetsregisteret" not in html
    assert "Ring sentralbordet i Kinn kommune" in html
    assert "application/ld+json" not in html


def test_a_published_page_shows_the_register_website_when_the_file_has_none(built: Path) -> None:
    html = page(built, "nn/kommune/1577-volda")
    assert re.search(r"Nettstaden til kommunen \(frå Einingsregisteret\): <a class=\"adresse-synlig\" href=\"https://www\.volda\.kommune\.no\">", html)
    # a kommune whose file gives the unit's own website shows that one only
    ringerike = page(built, "kommune/3305-ringerike")
    assert "https://ringerike.kommune.example/koordinering" in ringerike and "(fra Enhetsregisteret)" not in ringerike


def test_printed_page_without_data_has_the_card_and_a_qr_code_but_no_file_name(built: Path) -> None:
    html = page(built, "kommune/0301-oslo")
    assert 'class="utskrift-qr"' in html
    hint = html[html.index("ansatt-hint") - 400:]
    assert "kun-skjerm" in hint  # the staff hint with the file name is for the screen only


def _jsonld(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_jsonld_carries_the_organisasjonsnummer(built: Path) -> None:
    unpublished = _jsonld(page(built, "kommune/0301-oslo"))["@graph"][0]
    assert unpublished["@type"] == "GovernmentOrganization"
    assert {"@type": "PropertyValue", "propertyID": "organisasjonsnummer (Enhetsregisteret)", "value": OSLO_ORGNR} in unpublished["identifier"]
    assert {"@type": "PropertyValue", "propertyID": "kommunenummer (SSB)", "value": "0301"} in unpublished["identifier"]
    assert unpublished["telephone"] == "+4721802180" and unpublished["url"] == "https://www.oslo.kommune.no"
    published = _jsonld(page(built, "nn/kommune/1577-volda"))["@graph"][0]
    assert [i["propertyID"] for i in published["identifier"]] == ["kommunenummer (SSB)", "organisasjonsnummer (Enhetsregisteret)"]


def test_open_data_carries_the_organisasjonsnummer(built: Path) -> None:
    api = built / "site" / "api"
    index = json.loads((api / "kommuner.json").read_text("utf-8"))
    schema = json.loads((api / "schema" / "kommuner.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema).validate(index)
    assert index["enhetsregisteret"]["hentet"] == TODAY.isoformat()
    assert "NLOD" in index["enhetsregisteret"]["lisens"]
    rows = {r["kommunenummer"]: r for r in index["kommuner"]}
    assert rows["4601"]["organisasjonsnummer"] == BERGEN_ORGNR and rows["4601"]["sentralbord"] is None
    assert rows["0301"]["sentralbord"] == "+4721802180"
    assert rows["4602"]["organisasjonsnummer"] is None and rows["4602"]["nettsted"] is None
    volda = json.loads((api / "kommuner" / "1577.json").read_text("utf-8"))
    assert re.fullmatch(r"[0-9]{9}", volda["organisasjonsnummer"])
    hsds = json.loads((api / "hsds" / "1577.json").read_text("utf-8"))
    brc = [i for i in hsds["organization_identifiers"] if i["identifier_scheme"] == "NO-BRC"]
    assert [(i["identifier_type"], i["identifier"]) for i in brc] == [("organisasjonsnummer", volda["organisasjonsnummer"])]


def test_the_schema_refuses_a_malformed_organisasjonsnummer(built: Path) -> None:
    api = built / "site" / "api"
    index = json.loads((api / "kommuner.json").read_text("utf-8"))
    schema = json.loads((api / "schema" / "kommuner.schema.json").read_text("utf-8"))
    index["kommuner"][0]["organisasjonsnummer"] = "96433853"
    assert not jsonschema.Draft202012Validator(schema).is_valid(index)
