"""schema.org JSON-LD for every kommune page with data: GovernmentOrganization, GovernmentOffice (koordinerende enhet,
with ContactPoint and OpeningHoursSpecification) and GovernmentService; for a page without data, the
GovernmentOrganization alone when Enhetsregisteret has been read. The kommune's identifiers are PropertyValues: its
kommunenummer and its organisasjonsnummer. The theme puts it in <head>."""

from __future__ import annotations

import json
from typing import Any

from forlopsinfo.generate.texts import fill
from forlopsinfo.layout import Layout
from forlopsinfo.validate.dataset import Dataset
from forlopsinfo.validate.model import DAYS, LANG_CODE, Hours

SCHEMA_ORG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def script_safe_json(data: Any) -> str:
    """JSON that cannot end a <script> element or open a comment, whatever the data says."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    return (
        text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


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


def jsonld(dataset: Dataset, number: str, lang: str, layout: Layout, t: dict[str, str]) -> dict[str, Any]:
    """The graph of one kommune page in `lang`; `t`: the texts of that language (templates/tekst/<lang>.yaml)."""
    entry = dataset.kommuner[number]
    k, kommune = entry.data, entry.kommune
    ke = k.coordinating_unit
    url = layout.kommune_url(lang, kommune)
    own = LANG_CODE[k.language_form]
    mark = (t["opendata_eksempel"] + " ") if k.example else ""
    prefix = f"{t['opendata_eksempel_merke']}: " if k.example else ""
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
        # the languages staff answer in: bokmål, the kommune's own målform, and its Sami language if it has one
        "availableLanguage": sorted({"nb", own} | ({k.sami.language} if k.sami else set())),
        "areaServed": area,
    }
    if ke.email:
        contact["email"] = ke.email
    office: dict[str, Any] = {
        "@type": "GovernmentOffice",
        "@id": office_id,
        "name": prefix + ke.name,
        "description": mark + fill(t["jsonld_enhet"], kommune=kommune.name),
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
        "name": prefix + t["jsonld_tjeneste"],
        "description": mark + t["jsonld_tjeneste_om"],
        "serviceType": "Koordinerende enhet",
        "url": url,
        "provider": {"@id": org_id},
        "serviceOperator": {"@id": office_id},
        "jurisdiction": area,
        "areaServed": area,
        "availableChannel": channel,
    }
    organization = kommune_organization(dataset, number, t, org_id, area_id)
    return {"@context": "https://schema.org", "@graph": [organization, office, service]}


# The register an identifier comes from, as schema.org's PropertyValue.propertyID names it.
KOMMUNENUMMER = "kommunenummer (SSB)"
ORGNR = "organisasjonsnummer (Enhetsregisteret)"


def identifiers(dataset: Dataset, number: str) -> list[dict[str, Any]]:
    """The kommune's identifiers: its kommunenummer, and its organisasjonsnummer when Enhetsregisteret has been read."""
    out = [{"@type": "PropertyValue", "propertyID": KOMMUNENUMMER, "value": number}]
    registered = dataset.registered(number)
    if registered is not None:
        out.append({"@type": "PropertyValue", "propertyID": ORGNR, "value": registered.org_number})
    return out


def kommune_organization(dataset: Dataset, number: str, t: dict[str, str], org_id: str, area_id: str) -> dict[str, Any]:
    """The kommune as a GovernmentOrganization, with what Enhetsregisteret says of it."""
    kommune = dataset.register.by_number[number]
    organization: dict[str, Any] = {
        "@type": "GovernmentOrganization",
        "@id": org_id,
        "name": fill(t["kommune_navn"], kommune=kommune.name),
        "identifier": identifiers(dataset, number),
        "areaServed": {"@type": "AdministrativeArea", "@id": area_id, "name": kommune.name, "identifier": number},
    }
    registered = dataset.registered(number)
    if registered is not None:
        if registered.website:
            organization["url"] = registered.website
        if registered.phone:
            organization["telephone"] = registered.phone
        if registered.postal_address:
            organization["address"] = _postal(registered.postal_address)
    return organization


def unpublished_jsonld(dataset: Dataset, number: str, lang: str, layout: Layout, t: dict[str, str]) -> dict[str, Any] | None:
    """The graph of a page without kommune data: the kommune itself, when Enhetsregisteret has been read."""
    if dataset.registered(number) is None:
        return None
    url = layout.kommune_url(lang, dataset.register.by_number[number])
    organization = kommune_organization(dataset, number, t, f"{url}#kommune", f"{url}#omrade")
    return {"@context": "https://schema.org", "@graph": [organization]}


