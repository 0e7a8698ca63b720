"""Open data: the JSON API validates against its published JSON Schemas, and every kommune page carries schema.org
JSON-LD that parses, uses only schema.org terms on the types they belong to, and cannot break out of its script."""

from __future__ import annotations

import copy
import csv
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import jsonschema
import pytest

from conftest import HOSTILE_TEXT, ROOT

SITE_URL = "https://forlopsinfo.github.io/forlopsinfo/"


def load(path: Path) -> object:
    return json.loads(path.read_text("utf-8"))


def validator(built: Path, name: str) -> jsonschema.Draft202012Validator:
    schema = load(built / "site" / "api" / "schema" / name)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def site_file(built: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    rel = url[len(SITE_URL):]
    return built / "site" / (rel + "index.html" if rel.endswith("/") or rel == "" else rel)


def register() -> list[dict[str, str]]:
    with (ROOT / "municipalities" / "register" / "kommuner.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- JSON API -------------------------------------------------------------------------------------------------


def test_kommuner_json_lists_all_357_and_validates(built: Path) -> None:
    index = load(built / "site" / "api" / "kommuner.json")
    validator(built, "kommuner.schema.json").validate(index)
    rows = {r["kommunenummer"]: r for r in index["kommuner"]}
    reg = register()
    assert index["antall"] == len(rows) == len(reg) == 357
    assert {r["kommunenummer"]: r["navn"] for r in reg} == {n: r["navn"] for n, r in rows.items()}
    files = {p.name[:4] for p in (built / "municipalities").glob("[0-9]*.yaml")}
    for number, row in rows.items():
        assert (row["data"] is not None) == (number in files), number
        for lang, url in row["sider"].items():
            assert site_file(built, url).is_file(), url
        if row["data"]:
            assert site_file(built, row["data"]).is_file()
    # every shipped file is example data: it is marked, and not «published»
    for number in files:
        assert rows[number]["eksempel"] is True and rows[number]["publisert"] is False
    assert index["antall_publisert"] == sum(r["publisert"] for r in rows.values()) == 0
    assert rows["3305"]["sist_kontrollert"] == "2026-11-10" and rows["3305"]["målform"] == "bokmål"
    assert rows["5612"]["samisk_navn"] == "Guovdageaidnu" and rows["4601"]["samisk_navn"] is None
    assert rows["3305"]["sider"]["nn"] == SITE_URL + "nn/kommune/3305-ringerike/"


def test_schema_rejects_a_broken_index(built: Path) -> None:
    index = load(built / "site" / "api" / "kommuner.json")
    check = validator(built, "kommuner.schema.json")
    for breakage in ("missing", "published example", "bad number"):
        broken = copy.deepcopy(index)
        row = next(r for r in broken["kommuner"] if r["kommunenummer"] == "3305")
        if breakage == "missing":
            del row["sider"]
        elif breakage == "published example":
            row["publisert"] = True
        else:
            row["kommunenummer"] = "33O5"
        assert list(check.iter_errors(broken)), breakage


def test_each_kommune_json_validates_and_round_trips_through_the_model(built: Path) -> None:
    from forlopsinfo.validate.model import KommuneFile

    check = validator(built, "kommune.schema.json")
    paths = sorted((built / "site" / "api" / "kommuner").glob("*.json"))
    assert len(paths) == len(list((built / "municipalities").glob("[0-9]*.yaml"))) >= 6
    for path in paths:
        doc = load(path)
        check.validate(doc)
        assert doc["kommunenummer"] == path.stem == doc["data"]["kommunenummer"]
        assert doc["eksempel"] is True and doc["data"]["eksempel"] is True
        KommuneFile.model_validate(doc["data"])  # the published data is exactly what the validator accepts
        # national facts stay out: no help line numbers, laws or pathways
        text = json.dumps(doc, ensure_ascii=False)
        assert "116 117" not in text and "hjelpetelefoner" not in text and "Lovdata" not in text
    volda = load(built / "site" / "api" / "kommuner" / "1577.json")
    assert [s["id"] for s in volda["interkommunale_tilbud"]] == ["samtaletilbod-unge-orsta-volda"]
    broken = copy.deepcopy(volda)
    broken["data"]["koordinerende_enhet"]["telefon"] = 12
    assert list(check.iter_errors(broken))
    broken = copy.deepcopy(volda)
    broken["data"]["ukjent_felt"] = "x"
    assert list(check.iter_errors(broken))


def test_hostile_text_is_data_in_json(built: Path) -> None:
    doc = load(built / "site" / "api" / "kommuner" / "1101.json")
    assert doc["data"]["koordinerende_enhet"]["navn"] == HOSTILE_TEXT["name"]


# --- JSON-LD --------------------------------------------------------------------------------------------------

# schema.org terms used, per type: property -> allowed value types ("Text", "URL", "Time", "DayOfWeek" are
# literals). Checked by hand against schema.org (domainIncludes / rangeIncludes, release 29).
THING = {"@id": None, "@type": None, "name": {"Text"}, "description": {"Text"}, "url": {"URL"},
         "identifier": {"Text", "PropertyValue"}}
ORGANIZATION = {**THING, "areaServed": {"AdministrativeArea", "Text", "@id"}, "telephone": {"Text"}, "email": {"Text"},
                "address": {"PostalAddress"}, "contactPoint": {"ContactPoint"}, "parentOrganization": {"@id"}}
VOCABULARY: dict[str, dict[str, set[str] | None]] = {
    "GovernmentOrganization": ORGANIZATION,
    # GovernmentOffice < LocalBusiness < Organization, Place
    "GovernmentOffice": {**ORGANIZATION, "openingHoursSpecification": {"OpeningHoursSpecification"}},
    "GovernmentService": {**THING, "serviceType": {"Text"}, "provider": {"@id"}, "serviceOperator": {"@id"},
                          "jurisdiction": {"AdministrativeArea", "@id"}, "areaServed": {"AdministrativeArea", "@id"},
                          "availableChannel": {"ServiceChannel"}, "hoursAvailable": {"OpeningHoursSpecification"}},
    "ContactPoint": {**THING, "contactType": {"Text"}, "telephone": {"Text"}, "email": {"Text"},
                     "hoursAvailable": {"OpeningHoursSpecification"}, "availableLanguage": {"Text"},
                     "areaServed": {"AdministrativeArea", "@id"}},
    "ServiceChannel": {**THING, "servicePhone": {"ContactPoint", "@id"}, "serviceLocation": {"@id"}, "serviceUrl": {"URL"},
                       "servicePostalAddress": {"PostalAddress"}},
    "OpeningHoursSpecification": {"@type": None, "dayOfWeek": {"DayOfWeek"}, "opens": {"Time"}, "closes": {"Time"}},
    "AdministrativeArea": {**THING},
    "PropertyValue": {"@type": None, "propertyID": {"Text", "URL"}, "value": {"Text"}},
    "PostalAddress": {"@type": None, "streetAddress": {"Text"}, "postalCode": {"Text"}, "addressLocality": {"Text"},
                      "addressCountry": {"Text"}},
}
DAYS = {f"https://schema.org/{d}" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}


def check_node(node: dict, problems: list[str], where: str, refs: list | None = None) -> None:
    """Every property and value type of `node` is in VOCABULARY; references ({"@id": …}) go to `refs` as
    (allowed types, id, where) so the caller can check that each one names a node of an allowed type."""
    kind = node.get("@type")
    if kind is None:
        if set(node) != {"@id"}:
            problems.append(f"{where}: node without @type: {node}")
        return
    allowed = VOCABULARY.get(kind)
    if allowed is None:
        problems.append(f"{where}: unknown type {kind}")
        return
    for prop, value in node.items():
        if prop not in allowed:
            problems.append(f"{where}: {prop} is not a property of {kind}")
            continue
        ranges = allowed[prop]
        for item in value if isinstance(value, list) else [value]:
            if ranges is None:
                continue
            if isinstance(item, dict):
                kind_of_item = item.get("@type", "@id")
                if kind_of_item not in ranges:
                    problems.append(f"{where}.{prop}: {kind_of_item} not in {ranges}")
                if kind_of_item == "@id" and refs is not None:
                    refs.append((ranges, item["@id"], f"{where}.{prop}"))
                check_node(item, problems, f"{where}.{prop}", refs)
            elif "Time" in ranges and not re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", str(item)):
                problems.append(f"{where}.{prop}: bad time {item}")
            elif "DayOfWeek" in ranges and item not in DAYS:
                problems.append(f"{where}.{prop}: bad day {item}")
            elif ranges & {"Text", "URL", "Time", "DayOfWeek"} == set() or not isinstance(item, str):
                problems.append(f"{where}.{prop}: literal {item!r} where {ranges} expected")


def identified(data: object) -> dict[str, dict]:
    """Every node with both @id and @type, anywhere in `data`, by @id."""
    found: dict[str, dict] = {}
    if isinstance(data, dict):
        if "@id" in data and "@type" in data:
            found[data["@id"]] = data
        for value in data.values():
            found.update(identified(value))
    elif isinstance(data, list):
        for value in data:
            found.update(identified(value))
    return found


def jsonld_blocks(page: Path) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', page.read_text("utf-8"), re.S)


def test_every_kommune_page_with_data_has_valid_jsonld(built: Path) -> None:
    index = load(built / "site" / "api" / "kommuner.json")
    checked = unpublished = 0
    for row in index["kommuner"]:
        for lang, url in row["sider"].items():
            blocks = jsonld_blocks(site_file(built, url))
            if row["data"] is None:  # no kommune file: the kommune itself, when Enhetsregisteret has it
                if row["organisasjonsnummer"] is None:
                    assert blocks == [], url
                    continue
                assert len(blocks) == 1, url
                data = json.loads(blocks[0])
                assert [n["@type"] for n in data["@graph"]] == ["GovernmentOrganization"], url
                problems = []
                for node in data["@graph"]:
                    check_node(node, problems, url)
                assert problems == []
                unpublished += 1
                continue
            assert len(blocks) == 1, url
            data = json.loads(blocks[0])
            assert data["@context"] == "https://schema.org"
            graph = {n["@type"]: n for n in data["@graph"]}
            assert set(graph) == {"GovernmentOrganization", "GovernmentOffice", "GovernmentService"}
            problems: list[str] = []
            refs: list = []
            for node in data["@graph"]:
                check_node(node, problems, url, refs)
            assert problems == []
            nodes = identified(data)
            for ranges, ref, where in refs:  # every reference names a node in this page's graph, of a fitting type
                assert ref in nodes, (where, ref)
                assert nodes[ref]["@type"] in (ranges - {"@id"} or {nodes[ref]["@type"]}), (where, ref)
            office, service = graph["GovernmentOffice"], graph["GovernmentService"]
            contact = office["contactPoint"]
            assert contact["@type"] == "ContactPoint" and contact["telephone"].startswith("+47")
            assert contact["hoursAvailable"] and all(h["@type"] == "OpeningHoursSpecification" for h in contact["hoursAvailable"])
            assert service["url"] == url and service["provider"]["@id"] == graph["GovernmentOrganization"]["@id"]
            assert nodes[service["availableChannel"]["servicePhone"]["@id"]] is contact
            # example data says so, in the names a machine shows to people
            assert office["name"].startswith(("EKSEMPEL: ", "DØME: ")) and service["name"].startswith(("EKSEMPEL: ", "DØME: "))
            checked += 1
    assert checked >= 12 and unpublished >= 10


def test_ringerike_jsonld_carries_the_data_file(built: Path) -> None:
    data = json.loads(jsonld_blocks(built / "site" / "kommune" / "3305-ringerike" / "index.html")[0])
    office = next(n for n in data["@graph"] if n["@type"] == "GovernmentOffice")
    assert office["telephone"] == "+4732000001" and office["email"] == "koordinering@ringerike.kommune.example"
    assert office["address"]["postalCode"] == "3510"
    phone_hours = office["contactPoint"]["hoursAvailable"]
    assert phone_hours[0]["dayOfWeek"][-1] == "https://schema.org/Thursday" and phone_hours[1]["closes"] == "12:00"
    assert office["openingHoursSpecification"][0]["opens"] == "08:00"


def test_jsonld_cannot_break_out_of_its_script(built: Path) -> None:
    page = built / "site" / "kommune" / "1101-eigersund" / "index.html"
    (block,) = jsonld_blocks(page)
    assert "<" not in block and ">" not in block and "&" not in block
    office = next(n for n in json.loads(block)["@graph"] if n["@type"] == "GovernmentOffice")
    assert office["name"] == "EKSEMPEL: " + HOSTILE_TEXT["name"]
    # and a real HTML parser sees exactly one data block with the same text
    tree = html5lib.parse(page.read_text("utf-8"), namespaceHTMLElements=False)
    scripts = [s for s in tree.iter("script") if s.get("type") == "application/ld+json"]
    assert len(scripts) == 1 and json.loads(scripts[0].text) == json.loads(block)


def test_escaping_function() -> None:
    from forlopsinfo.generate.opendata.jsonld import script_safe_json

    text = script_safe_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


@pytest.mark.parametrize("env,expected", [({}, SITE_URL), ({"FORLOPSINFO_SITE_URL": "https://k.example/x"}, "https://k.example/x/")])
def test_site_url(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    from forlopsinfo.layout import Layout
    from forlopsinfo.project import Project

    monkeypatch.delenv("FORLOPSINFO_SITE_URL", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert Layout.of(Project.load(ROOT)).url == expected
    assert urlsplit(expected).scheme == "https"


# --- Open Referral HSDS 3 -------------------------------------------------------------------------------------

HSDS_SCHEMA = Path(__file__).parent / "fixtures" / "hsds" / "hsds3-subset.schema.json"


def hsds_validator() -> jsonschema.Draft202012Validator:
    schema = load(HSDS_SCHEMA)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def ids(value: object) -> list[str]:
    if isinstance(value, dict):
        return ([value["id"]] if "id" in value else []) + [i for v in value.values() for i in ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in ids(v)]
    return []


def test_hsds_export_validates_and_links_hold(built: Path) -> None:
    check = hsds_validator()
    paths = sorted((built / "site" / "api" / "hsds").glob("*.json"))
    assert [p.stem for p in paths] == sorted(p.name[:4] for p in (built / "municipalities").glob("[0-9]*.yaml"))
    for path in paths:
        org = load(path)
        check.validate(org)
        all_ids = ids(org)
        assert len(all_ids) == len(set(all_ids)), f"{path.name}: duplicate ids"
        services = {s["id"] for s in org["services"]}
        locations = {loc["id"] for loc in org.get("locations", [])}
        for s in org["services"]:
            assert s["organization_id"] == org["id"] and s["alert"].startswith("EKSEMPEL")
            for child in s["phones"] + s["schedules"] + s["service_areas"] + s["languages"] + s["service_at_locations"]:
                assert child["service_id"] == s["id"]
            assert all(sal["location_id"] in locations for sal in s["service_at_locations"])
        assert services and org["name"].startswith("EKSEMPEL: ")
    # the same data gives the same ids, so a harvester can follow changes
    assert load(built / "site" / "api" / "hsds" / "3305.json") == load(built / "site" / "api" / "hsds" / "3305.json")


def test_hsds_ringerike_content(built: Path) -> None:
    org = load(built / "site" / "api" / "hsds" / "3305.json")
    first = org["services"][0]
    assert first["phones"][0]["number"] == "+4732000001"
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in first["schedules"]][:2] == [
        ("MO,TU,WE,TH", "09:00", "15:00"), ("FR", "09:00", "12:00")]
    assert first["assured_date"] == "2026-11-10" and first["service_at_locations"]
    assert org["locations"][0]["addresses"][0]["postal_code"] == "3510"
    assert org["locations"][0]["addresses"][0]["country"] == "NO"
    doc = load(built / "site" / "api" / "kommuner" / "3305.json")
    assert len(org["services"]) == 1 + len(doc["data"]["tjenester"]) + len(doc["interkommunale_tilbud"])


def test_hsds_schema_rejects_broken_data(built: Path) -> None:
    check = hsds_validator()
    org = load(built / "site" / "api" / "hsds" / "1577.json")
    for breakage in ("status", "id", "byday", "missing address field"):
        broken = copy.deepcopy(org)
        if breakage == "status":
            broken["services"][0]["status"] = "open"
        elif breakage == "id":
            broken["services"][0]["id"] = "3305-1"
        elif breakage == "byday":
            broken["services"][0]["schedules"][0]["byday"] = "mandag"
        else:
            del broken["locations"][0]["addresses"][0]["postal_code"]
        assert list(check.iter_errors(broken)), breakage
