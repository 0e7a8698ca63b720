"""Reuse beyond the site: open data (JSON API with JSON Schemas), schema.org JSON-LD and a print QR code in every
kommune page. Plain Python, called once from generate(); it writes static files into build/docs/, which any site
builder copies to site/ unchanged.

Everything here comes from validated data. Example data (eksempel: true) is marked as such in every output and
never counts as published.
"""

from __future__ import annotations

import base64
import json
import os
import re
import struct
import zlib
from typing import Any

from pydantic import BaseModel

from .dataset import Dataset
from .model import DAYS, LANG_CODE, Hours, KommuneFile, SharedService
from .parts import WHOLE, Part
from .project import Project
from .register import Kommune

DEFAULT_SITE_URL = "https://forlopsinfo.github.io/forlopsinfo/"
API = "api"
SCHEMA_DIR = f"{API}/schema"
JSON_SCHEMA = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ORG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EXAMPLE_NOTE = {
    "nb": "EKSEMPEL: oppdiktede opplysninger, ikke ekte kontaktinformasjon.",
    "nn": "DØME: oppdikta opplysningar, ikkje ekte kontaktinformasjon.",
}


def site_url(project: Project) -> str:
    """The address the site is published at: FORLOPSINFO_SITE_URL, else the default in mkdocs.yml."""
    url = os.environ.get("FORLOPSINFO_SITE_URL", "").strip()
    if not url:
        config = project.root / "mkdocs.yml"
        text = config.read_text("utf-8") if config.is_file() else ""
        found = re.search(r'^site_url:\s*!ENV\s*\[\s*FORLOPSINFO_SITE_URL\s*,\s*"([^"]+)"\s*\]', text, re.M) or re.search(
            r'^site_url:\s*"?([^"\s]+)"?\s*$', text, re.M
        )
        url = found.group(1) if found else DEFAULT_SITE_URL
    return url if url.endswith("/") else url + "/"


def page_url(base: str, lang: str, kommune: Kommune) -> str:
    return f"{base}{'' if lang == 'nb' else lang + '/'}kommune/{kommune.slug}/"


def page_urls(base: str, kommune: Kommune) -> dict[str, str]:
    return {lang: page_url(base, lang, kommune) for lang in ("nb", "nn")}


def dump(model: BaseModel) -> dict[str, Any]:
    return model.model_dump(by_alias=True, mode="json", exclude_none=True)


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def script_safe_json(data: Any) -> str:
    """JSON that cannot end a <script> element or open a comment, whatever the data says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


# --- JSON API ---------------------------------------------------------------------------------------------------


def _county(kommune: Kommune) -> dict[str, str]:
    return {"fylkesnummer": kommune.county_number, "navn": kommune.county_name}


def kommuner_index(dataset: Dataset, base: str) -> dict[str, Any]:
    rows = []
    for kommune in dataset.register.kommuner:
        entry = dataset.kommuner.get(kommune.number)
        example = bool(entry and entry.data.example)
        rows.append({
            "kommunenummer": kommune.number,
            "navn": kommune.name,
            "samisk_navn": kommune.sami_name or None,
            "fylke": _county(kommune),
            "publisert": entry is not None and not example,
            "eksempel": example,
            "målform": entry.data.language_form if entry else None,
            "sider": page_urls(base, kommune),
            "sist_kontrollert": entry.data.last_checked.isoformat() if entry else None,
            "data": f"{base}{API}/kommuner/{kommune.number}.json" if entry else None,
        })
    return {
        "$schema": f"{base}{SCHEMA_DIR}/kommuner.schema.json",
        "beskrivelse": "Alle kommuner i Norge: om kommunen har publisert opplysninger om koordinerende enhet og "
        "forløpskoordinering på forløpsinfo, og lenker til sidene. «eksempel»: true betyr oppdiktede eksempeldata.",
        "antall": len(rows),
        "antall_publisert": sum(1 for r in rows if r["publisert"]),
        "kommuner": rows,
    }


def kommune_document(dataset: Dataset, number: str, base: str) -> dict[str, Any]:
    entry = dataset.kommuner[number]
    kommune = entry.kommune
    return {
        "$schema": f"{base}{SCHEMA_DIR}/kommune.schema.json",
        "kommunenummer": kommune.number,
        "navn": kommune.name,
        "samisk_navn": kommune.sami_name or None,
        "fylke": _county(kommune),
        "eksempel": entry.data.example,
        "sider": page_urls(base, kommune),
        "data": dump(entry.data),
        "interkommunale_tilbud": [{"id": s.id, **dump(s.data)} for s in dataset.shared_for(number)],
    }


_URLS = {"type": "object", "properties": {"nb": {"type": "string", "format": "uri"}, "nn": {"type": "string", "format": "uri"}},
         "required": ["nb", "nn"], "additionalProperties": False}
_COUNTY = {"type": "object", "properties": {"fylkesnummer": {"type": "string", "pattern": "^[0-9]{2}$"}, "navn": {"type": "string"}},
           "required": ["fylkesnummer", "navn"], "additionalProperties": False}
_NUMBER = {"type": "string", "pattern": "^[0-9]{4}$"}


def kommuner_schema() -> dict[str, Any]:
    row = {
        "type": "object",
        "properties": {
            "kommunenummer": _NUMBER,
            "navn": {"type": "string", "minLength": 1},
            "samisk_navn": {"type": ["string", "null"]},
            "fylke": _COUNTY,
            "publisert": {"type": "boolean", "description": "true: kommunen har en fil som ikke er eksempeldata."},
            "eksempel": {"type": "boolean", "description": "true: opplysningene er oppdiktede eksempeldata."},
            "målform": {"enum": ["bokmål", "nynorsk", None]},
            "sider": _URLS,
            "sist_kontrollert": {"type": ["string", "null"], "format": "date"},
            "data": {"type": ["string", "null"], "format": "uri"},
        },
        "required": ["kommunenummer", "navn", "samisk_navn", "fylke", "publisert", "eksempel", "målform", "sider",
                     "sist_kontrollert", "data"],
        "additionalProperties": False,
        "if": {"properties": {"eksempel": {"const": True}}},
        "then": {"properties": {"publisert": {"const": False}}},
    }
    return {
        "$schema": JSON_SCHEMA,
        "title": "forløpsinfo: alle kommuner",
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "beskrivelse": {"type": "string"},
            "antall": {"type": "integer", "minimum": 0},
            "antall_publisert": {"type": "integer", "minimum": 0},
            "kommuner": {"type": "array", "items": row},
        },
        "required": ["antall", "antall_publisert", "kommuner"],
        "additionalProperties": False,
    }


def _model_schema(model: type[BaseModel], defs: dict[str, Any]) -> dict[str, Any]:
    schema = model.model_json_schema(by_alias=True, mode="serialization", ref_template="#/$defs/{model}")
    defs.update(schema.pop("$defs", {}))
    return schema


def kommune_schema() -> dict[str, Any]:
    defs: dict[str, Any] = {}
    kommune_file = _model_schema(KommuneFile, defs)
    shared = _model_schema(SharedService, defs)
    shared["properties"] = {"id": {"type": "string"}, **shared["properties"]}
    shared["required"] = ["id", *shared.get("required", [])]
    defs[kommune_file.get("title", "KommuneFile").replace(" ", "_")] = kommune_file
    defs["Interkommunalt_tilbud"] = shared
    return {
        "$schema": JSON_SCHEMA,
        "title": "forløpsinfo: én kommune",
        "description": "Opplysningene én kommune har lagt inn, kontrollert. Nasjonale opplysninger er ikke med.",
        "type": "object",
        "properties": {
            "$schema": {"type": "string"},
            "kommunenummer": _NUMBER,
            "navn": {"type": "string", "minLength": 1},
            "samisk_navn": {"type": ["string", "null"]},
            "fylke": _COUNTY,
            "eksempel": {"type": "boolean"},
            "sider": _URLS,
            "data": {"$ref": "#/$defs/" + kommune_file.get("title", "KommuneFile").replace(" ", "_")},
            "interkommunale_tilbud": {"type": "array", "items": {"$ref": "#/$defs/Interkommunalt_tilbud"}},
        },
        "required": ["kommunenummer", "navn", "fylke", "eksempel", "sider", "data", "interkommunale_tilbud"],
        "additionalProperties": False,
        "$defs": defs,
    }


# --- schema.org JSON-LD -----------------------------------------------------------------------------------------


def opening_hours(rows: list[Hours]) -> list[dict[str, Any]]:
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{SCHEMA_ORG_DAYS[DAYS[d]]}" for d in h.days],
            "opens": h.opens,
            "closes": h.closes,
        }
        for h in rows
    ]


def _postal(address: Any) -> dict[str, Any]:
    return {"@type": "PostalAddress", "streetAddress": address.street, "postalCode": address.postcode,
            "addressLocality": address.place, "addressCountry": "NO"}


def jsonld(dataset: Dataset, number: str, lang: str, base: str) -> dict[str, Any]:
    entry = dataset.kommuner[number]
    k, kommune = entry.data, entry.kommune
    ke = k.coordinating_unit
    url = page_url(base, lang, kommune)
    own = LANG_CODE[k.language_form]
    mark = (EXAMPLE_NOTE[lang] + " ") if k.example else ""
    prefix = ("EKSEMPEL: " if lang == "nb" else "DØME: ") if k.example else ""
    org_id, office_id, service_id = f"{url}#kommune", f"{url}#koordinerende-enhet", f"{url}#koordinator"
    # Nodes used more than once are written out once and referred to by @id elsewhere: the same graph in ~40 %
    # fewer bytes (it is in every kommune page).
    area_id, contact_id = f"{url}#omrade", f"{url}#kontakt"
    area = {"@id": area_id}
    contact: dict[str, Any] = {
        "@type": "ContactPoint",
        "@id": contact_id,
        "contactType": "koordinerende enhet",
        "telephone": ke.phone,
        "hoursAvailable": opening_hours(ke.phone_hours),
        "availableLanguage": sorted({"nb", own} | ({k.sami.language} if k.sami else set())),
        "areaServed": area,
    }
    if ke.email:
        contact["email"] = ke.email
    office: dict[str, Any] = {
        "@type": "GovernmentOffice",
        "@id": office_id,
        "name": prefix + ke.name,
        "description": mark + (f"Koordinerende enhet i {kommune.name} kommune." if lang == "nb"
                               else f"Koordinerande eining i {kommune.name} kommune."),
        "telephone": ke.phone,
        "contactPoint": contact,
        "parentOrganization": {"@id": org_id},
        "areaServed": area,
    }
    if ke.email:
        office["email"] = ke.email
    if ke.web:
        office["url"] = ke.web
    if ke.visiting_address:
        office["address"] = _postal(ke.visiting_address)
    if ke.opening_hours:
        office["openingHoursSpecification"] = opening_hours(ke.opening_hours)
    channel: dict[str, Any] = {"@type": "ServiceChannel", "servicePhone": {"@id": contact_id},
                               "serviceLocation": {"@id": office_id}}
    app = k.coordinator_application
    if ke.secure_message or (app and app.digital):
        channel["serviceUrl"] = (app.digital if app and app.digital else None) or ke.secure_message
    if ke.postal_address:
        channel["servicePostalAddress"] = _postal(ke.postal_address)
    service = {
        "@type": "GovernmentService",
        "@id": service_id,
        "name": prefix + ("Koordinator og individuell plan" if lang == "nb" else "Koordinator og individuell plan"),
        "description": mark + ("Søknad om koordinator og individuell plan (helse- og omsorgstjenesteloven § 7-1 og "
                               "§ 7-2), og forløpskoordinering i nasjonale pasientforløp for psykisk helse og rus."
                               if lang == "nb" else
                               "Søknad om koordinator og individuell plan (helse- og omsorgstenestelova § 7-1 og "
                               "§ 7-2), og forløpskoordinering i nasjonale pasientforløp for psykisk helse og rus."),
        "serviceType": "Koordinerende enhet",
        "url": url,
        "provider": {"@id": org_id},
        "serviceOperator": {"@id": office_id},
        "jurisdiction": area,
        "areaServed": area,
        "availableChannel": channel,
    }
    organization = {
        "@type": "GovernmentOrganization",
        "@id": org_id,
        "name": f"{kommune.name} kommune",
        "identifier": kommune.number,
        "areaServed": {"@type": "AdministrativeArea", "@id": area_id, "name": kommune.name, "identifier": kommune.number},
    }
    return {"@context": "https://schema.org", "@graph": [organization, office, service]}


# --- print QR code ----------------------------------------------------------------------------------------------


QR_SCALE = 8  # image pixels per module: 41 modules in 32 mm on paper is ~260 dpi, sharp enough for any printer
QR_BORDER = 2  # quiet zone in modules; the print stylesheet adds white space around it


def qr_modules(url: str) -> list[bytes]:
    """The QR code for `url`, error correction level M, as rows of modules (0 = dark, 255 = light).

    Encoded by ZXing (zxing-cpp, C++): 0.2 ms a code, against 1.2 ms for segno (pure Python) even with a fixed
    mask; a national build has 714 codes. ZXing chooses the data mask by the standard's penalty rules.
    tests/test_handout.py decodes every code of the register from the PNG, clean and smudged, and what
    Chromium prints."""
    import zxingcpp

    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    view = memoryview(code.to_image(scale=1, add_quiet_zones=False))
    size = view.shape[0]
    flat = view.tobytes()
    return [flat[y * size:(y + 1) * size] for y in range(size)]


def qr_png(url: str) -> bytes:
    """The QR code for `url` as a 1-bit greyscale PNG.

    A PNG, not an SVG: the code is in every kommune page, and as a data: URL it is ~0.7 KB against 2.3 KB of SVG
    path, and cheaper for the site builder to pass through. Written here (1-bit rows, each module row repeated,
    compressed with zlib) in ~0.3 ms; segno's PNG writer took 3.6 ms."""
    matrix = qr_modules(url)
    size = len(matrix) + 2 * QR_BORDER
    side = size * QR_SCALE
    pad = -side % 8
    white_row = b"\x00" + ((1 << (side + pad)) - 1).to_bytes((side + pad) // 8, "big")
    rows = [white_row] * (QR_BORDER * QR_SCALE)
    module = (1 << QR_SCALE) - 1
    for line in matrix:
        bits = (1 << (QR_BORDER * QR_SCALE)) - 1  # light quiet zone on the left (1 = white)
        for value in line:
            bits = (bits << QR_SCALE) | (module if value else 0)
        bits = (bits << (QR_BORDER * QR_SCALE + pad)) | ((1 << (QR_BORDER * QR_SCALE + pad)) - 1)
        rows += [b"\x00" + bits.to_bytes((side + pad) // 8, "big")] * QR_SCALE
    rows += [white_row] * (QR_BORDER * QR_SCALE)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1 bit greyscale, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows)))
            + chunk(b"IEND", b""))


def qr_image(url: str) -> str:
    """The QR code as an <img> with a data: URL (allowed by the pages' CSP, no request). Decorative: alt="",
    the URL is printed next to it."""
    data = base64.b64encode(qr_png(url)).decode("ascii")
    return f'<img class="qr-kode" src="data:image/png;base64,{data}" alt="" width="123" height="123">'


def qr_block(url: str, texts: dict[str, str], image: str | None = None) -> str:
    label = texts["utskrift_qr"]  # templates/tekst/<lang>.yaml
    # The URL is a validated register slug under our own site address, but escape it anyway.
    safe = url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("/", "/<wbr>")
    return f'<div class="utskrift-qr">{image or qr_image(url)}<p>{label}<br>{safe}</p></div>'


# --- the hook ---------------------------------------------------------------------------------------------------


def add_reuse(
    files: dict[str, bytes], dataset: Dataset, project: Project, texts: dict[str, dict[str, str]], part: Part = WHOLE
) -> None:
    """Add the open data files, the embeddable snippets (snippet.py), and JSON-LD and a print QR code to the
    generated pages of kommuner with data; only what belongs to `part` (parts.py)."""
    from .snippet import add_snippets

    add_snippets(files, dataset, project, texts, part)
    base = site_url(project)
    if part.national:
        files[f"{API}/kommuner.json"] = json_bytes(kommuner_index(dataset, base))
        files[f"{SCHEMA_DIR}/kommuner.schema.json"] = json_bytes(kommuner_schema())
        files[f"{SCHEMA_DIR}/kommune.schema.json"] = json_bytes(kommune_schema())
    mine = {number: entry for number, entry in dataset.kommuner.items() if part.takes(number)}
    pages = [(number, entry, lang) for number, entry in mine.items() for lang in ("nb", "nn")
             if f"{lang}/kommune/{entry.kommune.slug}.md" in files]
    codes = {url: qr_image(url) for url in (page_url(base, lang, entry.kommune) for _, entry, lang in pages)}
    for number, entry in mine.items():
        files[f"{API}/kommuner/{number}.json"] = json_bytes(kommune_document(dataset, number, base))
        files[f"{API}/hsds/{number}.json"] = json_bytes(_drop_none(hsds_organization(dataset, number, base)))
    for number, entry, lang in pages:
        rel = f"{lang}/kommune/{entry.kommune.slug}.md"
        url = page_url(base, lang, entry.kommune)
        page = with_block(files[rel].decode("utf-8"), qr_block(url, texts[lang], codes[url]))
        # JSON-LD goes in the front matter; the theme puts it in <head> (templates/theme/main.html).
        ld = script_safe_json(jsonld(dataset, number, lang, base))
        files[rel] = with_front_matter(page, "jsonld", json.dumps(ld, ensure_ascii=False)).encode("utf-8")


def with_block(page: str, after_title: str) -> str:
    """Put a raw HTML block right after the page's H1 (the kommune name from the register, before any data)."""
    title = re.search(r"^# .*$", page, re.M)
    if title is None:
        raise ValueError("kommune page without a title")
    return f"{page[:title.end()]}\n\n{after_title}\n{page[title.end():]}"


def with_front_matter(page: str, key: str, yaml_value: str) -> str:
    """Add `key: yaml_value` as the last line of the page's front matter (a JSON string is a YAML string)."""
    if not page.startswith("---\n") or "\n---\n" not in page[3:]:
        raise ValueError("page without front matter")
    end = page.index("\n---\n", 3)
    return f"{page[:end]}\n{key}: {yaml_value}{page[end:]}"


# --- Open Referral HSDS 3 -----------------------------------------------------------------------------------------

HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _uuid(base: str, *parts: str) -> str:
    """A stable identifier: the same data gives the same id in every build."""
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, base + "hsds/" + "/".join(parts)))


def _hsds_schedules(base: str, owner: str, rows: list[Hours], kind: str, link: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for i, h in enumerate(rows):
        item: dict[str, Any] = {
            "id": _uuid(base, owner, kind, str(i)), **link,
            "freq": "WEEKLY", "wkst": "MO",
            "byday": ",".join(HSDS_DAYS[DAYS[d]] for d in h.days),
            "opens_at": h.opens, "closes_at": h.closes,
            "description": ("Telefontid" if kind == "telefontid" else "Åpningstid") + " (norsk tid, Europe/Oslo)",
        }
        if h.note:
            item["notes"] = h.note
        out.append(item)
    return out


def _hsds_phone(base: str, owner: str, number: str, link: dict[str, str], description: str | None = None) -> dict[str, Any]:
    phone: dict[str, Any] = {"id": _uuid(base, owner, "telefon", number), **link, "number": number, "type": "voice"}
    if description:
        phone["description"] = description
    return phone


def _hsds_location(base: str, owner: str, address: Any, kind: str, org_id: str, name: str, county: str) -> dict[str, Any]:
    loc_id = _uuid(base, owner, "sted", kind)
    return {
        "id": loc_id, "organization_id": org_id, "location_type": kind, "name": name,
        "addresses": [{
            "id": _uuid(base, owner, "adresse", kind), "location_id": loc_id, "address_1": address.street,
            "city": address.place, "state_province": county, "postal_code": address.postcode, "country": "NO",
            "address_type": kind,
        }],
    }


def hsds_organization(dataset: Dataset, number: str, base: str) -> dict[str, Any]:
    """One kommune as an HSDS 3 organization with its services, locations, phones and schedules."""
    entry = dataset.kommuner[number]
    k, kommune = entry.data, entry.kommune
    ke = k.coordinating_unit
    src = k.language_form
    mark = "EKSEMPEL: " if k.example else ""
    alert = {"alert": EXAMPLE_NOTE["nb"]} if k.example else {}
    org_id = _uuid(base, number)
    url = page_url(base, LANG_CODE[src], kommune)
    language = {"name": "norsk " + src, "code": LANG_CODE[src]}
    area = {"name": kommune.name, "description": f"{kommune.name} kommune (kommunenummer {kommune.number})",
            "extent_type": "text", "extent": kommune.name}
    locations = []
    if ke.visiting_address:
        locations.append(_hsds_location(base, number, ke.visiting_address, "physical", org_id, mark + ke.name,
                                         kommune.county_name))
    if ke.postal_address:
        locations.append(_hsds_location(base, number, ke.postal_address, "postal", org_id, mark + ke.name,
                                         kommune.county_name))

    def service(key: str, name: str, description: str, **fields: Any) -> dict[str, Any]:
        sid = _uuid(base, number, "tjeneste", key)
        link = {"service_id": sid}
        phones = [_hsds_phone(base, f"{number}/{key}", p, link) for p in fields.pop("phone_numbers", [])]
        schedules = []
        for kind, rows in fields.pop("hours", []):
            schedules += _hsds_schedules(base, f"{number}/{key}", rows, kind, link)
        at = [{"id": _uuid(base, number, key, "sted", loc["id"]), "service_id": sid, "location_id": loc["id"]}
              for loc in fields.pop("at", [])]
        lang = fields.pop("language", language)
        out: dict[str, Any] = {
            "id": sid, "organization_id": org_id, "name": mark + name, "description": description, "status": "active",
            **{key: value for key, value in fields.items() if value is not None}, **alert,
            "assured_date": k.last_checked.isoformat(),
            "phones": phones, "schedules": schedules, "service_at_locations": at,
            "service_areas": [{"id": _uuid(base, number, key, "område"), "service_id": sid, **area}],
            "languages": [{"id": _uuid(base, number, key, "språk"), "service_id": sid, **lang}],
        }
        return out

    app = k.coordinator_application
    services = [service(
        "koordinerende-enhet",
        f"{ke.name}: koordinator, individuell plan og forløpskoordinator",
        f"Koordinerende enhet i {kommune.name} kommune. Her søker du om koordinator og individuell plan "
        "(helse- og omsorgstjenesteloven §§ 7-1 og 7-2), og her får du vite hvem som er forløpskoordinator i "
        "nasjonale pasientforløp for psykisk helse og rus.",
        url=url, email=ke.email,
        application_process=" ".join(x for x in [
            f"Digital søknad: {app.digital}" if app and app.digital else None,
            f"Skjema: {app.form}" if app and app.form else None,
            app.who_may_apply if app and app.who_may_apply else None,
        ] if x) or None,
        fees_description=app.cost if app and app.cost else None,
        phone_numbers=[ke.phone], hours=[("telefontid", ke.phone_hours), ("åpningstid", ke.opening_hours)],
        at=[loc for loc in locations if loc["location_type"] == "physical"],
    )]
    own = [(f"tjeneste-{i}", s, language) for i, s in enumerate(k.services)]
    shared = [(f"interkommunal-{e.id}", e.data, {"name": "norsk " + e.data.language_form, "code": LANG_CODE[e.data.language_form]})
              for e in dataset.shared_for(number)]
    for key, s, lang in own + shared:
        services.append(service(
            key, s.name, s.description, url=s.web, email=s.email,
            application_process="Krever henvisning." if s.referral else "Du kan ta kontakt selv. Du trenger ikke henvisning.",
            phone_numbers=[s.phone] if s.phone else [], hours=[("telefontid", s.phone_hours), ("åpningstid", s.opening_hours)],
            language=lang,
        ))
    return {
        "id": org_id,
        "name": f"{mark}{kommune.name} kommune",
        "description": (EXAMPLE_NOTE["nb"] + " " if k.example else "")
        + f"{kommune.name} kommune, {kommune.county_name}. Kontakt om psykisk helse og rus, koordinator og "
        "nasjonale pasientforløp. Kilde: forløpsinfo.",
        "website": url,
        "email": k.report_to.email,
        "organization_identifiers": [{"id": _uuid(base, number, "identifikator"), "organization_id": org_id,
                                      "identifier_scheme": "NO-KOMMUNENUMMER", "identifier_type": "kommunenummer",
                                      "identifier": kommune.number}],
        "phones": [_hsds_phone(base, number, ke.phone, {"organization_id": org_id}, ke.name)],
        "locations": locations,
        "services": services,
    }


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value
