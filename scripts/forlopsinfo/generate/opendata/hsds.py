"""Export to Open Referral HSDS 3 (api/hsds/<nummer>.json): one organization per kommune with its services,
locations, phones and schedules."""

from __future__ import annotations

from typing import Any

from forlopsinfo.generate.texts import fill
from forlopsinfo.layout import Layout
from forlopsinfo.validate.dataset import Dataset
from forlopsinfo.validate.model import DAYS, LANG_CODE, Hours

HSDS_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _uuid(base: str, *parts: str) -> str:
    """A stable identifier: the same data gives the same id in every build."""
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, base + "hsds/" + "/".join(parts)))


def _hsds_schedules(base: str, owner: str, rows: list[Hours], kind: str, description: str,
                    link: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for i, h in enumerate(rows):
        item: dict[str, Any] = {
            "id": _uuid(base, owner, kind, str(i)), **link,
            "freq": "WEEKLY", "wkst": "MO",
            "byday": ",".join(HSDS_DAYS[DAYS[d]] for d in h.days),
            "opens_at": h.opens, "closes_at": h.closes,
            "description": description,
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


def hsds_organization(dataset: Dataset, number: str, layout: Layout, t: dict[str, str]) -> dict[str, Any]:
    """One kommune as an HSDS 3 organization with its services, locations, phones and schedules.
    `t`: the texts of the site's root language (one export per kommune, in one language)."""
    entry = dataset.kommuner[number]
    k, kommune = entry.data, entry.kommune
    ke = k.coordinating_unit
    src = k.language_form
    mark = f"{t['opendata_eksempel_merke']}: " if k.example else ""
    alert = {"alert": t["opendata_eksempel"]} if k.example else {}
    hours_text = {"telefontid": t["hsds_telefontid"], "åpningstid": t["hsds_apningstid"]}
    base = layout.url  # the namespace of the stable ids
    org_id = _uuid(base, number)
    url = layout.kommune_url(LANG_CODE[src], kommune)
    language = {"name": fill(t["hsds_sprak"], malform=src), "code": LANG_CODE[src]}
    area = {"name": kommune.name, "description": fill(t["hsds_omrade"], kommune=kommune.name, nummer=kommune.number),
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
            schedules += _hsds_schedules(base, f"{number}/{key}", rows, kind, hours_text[kind], link)
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
        fill(t["hsds_enhet_navn"], enhet=ke.name),
        fill(t["hsds_enhet_om"], kommune=kommune.name),
        url=url, email=ke.email,
        application_process=" ".join(x for x in [
            fill(t["hsds_digital"], lenke=app.digital) if app and app.digital else None,
            fill(t["hsds_skjema"], lenke=app.form) if app and app.form else None,
            app.who_may_apply if app and app.who_may_apply else None,
        ] if x) or None,
        fees_description=app.cost if app and app.cost else None,
        phone_numbers=[ke.phone], hours=[("telefontid", ke.phone_hours), ("åpningstid", ke.opening_hours)],
        at=[loc for loc in locations if loc["location_type"] == "physical"],
    )]
    own = [(f"tjeneste-{i}", s, language) for i, s in enumerate(k.services)]
    shared = [(f"interkommunal-{e.id}", e.data, {"name": fill(t["hsds_sprak"], malform=e.data.language_form),
                                                      "code": LANG_CODE[e.data.language_form]})
              for e in dataset.shared_for(number)]
    for key, s, lang in own + shared:
        services.append(service(
            key, s.name, s.description, url=s.web, email=s.email,
            application_process=t["hsds_henvisning_ja"] if s.referral else t["hsds_henvisning_nei"],
            phone_numbers=[s.phone] if s.phone else [], hours=[("telefontid", s.phone_hours), ("åpningstid", s.opening_hours)],
            language=lang,
        ))
    identifiers = [{"id": _uuid(base, number, "identifikator"), "organization_id": org_id,
                    "identifier_scheme": "NO-KOMMUNENUMMER", "identifier_type": "kommunenummer",
                    "identifier": kommune.number}]
    registered = dataset.registered(number)
    if registered is not None:  # NO-BRC: Brønnøysundregistrene's code in org-id.guide, the scheme HSDS names
        identifiers.append({"id": _uuid(base, number, "organisasjonsnummer"), "organization_id": org_id,
                            "identifier_scheme": "NO-BRC", "identifier_type": "organisasjonsnummer",
                            "identifier": registered.org_number})
    return {
        "id": org_id,
        "name": mark + fill(t["kommune_navn"], kommune=kommune.name),
        "description": (t["opendata_eksempel"] + " " if k.example else "")
        + fill(t["hsds_om"], kommune=kommune.name, fylke=kommune.county_name),
        "website": url,
        "email": k.report_to.email,
        "organization_identifiers": identifiers,
        "phones": [_hsds_phone(base, number, ke.phone, {"organization_id": org_id}, ke.name)],
        "locations": locations,
        "services": services,
    }


def drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [drop_none(v) for v in value]
    return value
