"""Reuse beyond the site: open data (JSON API with JSON Schemas, HSDS), the embeddable snippets, and JSON-LD and a
print QR code in every kommune page. Plain Python, called from the generator for each share of the work; the JSON
files and snippets are static files the site builder serves as they are (layout.STATIC_OUTPUTS).

Everything here comes from validated data. Example data (eksempel: true) is marked as such in every output and
never counts as published.

* api.py     the JSON API and its schemas
* jsonld.py  schema.org JSON-LD in each kommune page
* hsds.py    Open Referral HSDS 3
* qr.py      the print QR code
"""

from __future__ import annotations

import json
import re

from forlopsinfo.generate.opendata.api import json_bytes, kommune_document, kommune_schema, kommuner_index, kommuner_schema
from forlopsinfo.generate.opendata.hsds import drop_none, hsds_organization
from forlopsinfo.generate.opendata.jsonld import jsonld, script_safe_json, unpublished_jsonld
from forlopsinfo.generate.opendata.qr import qr_block, qr_image
from forlopsinfo.generate.parts import WHOLE, Part
from forlopsinfo.generate.snippet import add_snippets
from forlopsinfo.generate.texts import Texts
from forlopsinfo.layout import Layout
from forlopsinfo.project import Project
from forlopsinfo.validate.dataset import Dataset


def add_open_data(
    files: dict[str, bytes], dataset: Dataset, project: Project, texts: Texts, part: Part = WHOLE
) -> None:
    """Add the open data files, the embeddable snippets (snippet.py), JSON-LD to the generated pages of kommuner with
    data, and a print QR code to every kommune page; only what belongs to `part` (parts.py)."""
    add_snippets(files, dataset, project, texts, part)
    layout = Layout.of(project)
    if part.national:
        files[layout.api_index()] = json_bytes(kommuner_index(dataset, layout, texts[layout.root]))
        files[layout.api_schema("kommuner.schema.json")] = json_bytes(kommuner_schema(layout.codes))
        files[layout.api_schema("kommune.schema.json")] = json_bytes(kommune_schema(layout.codes))
    mine = {number: entry for number, entry in dataset.kommuner.items() if part.takes(number)}
    pages = [(number, entry, lang) for number, entry in mine.items() for lang in layout.codes
             if layout.kommune_source(lang, entry.kommune) in files]
    codes = {url: qr_image(url) for url in (layout.kommune_url(lang, entry.kommune) for _, entry, lang in pages)}
    for number, entry in mine.items():
        files[layout.api_kommune(number)] = json_bytes(kommune_document(dataset, number, layout))
        files[layout.api_hsds(number)] = json_bytes(drop_none(hsds_organization(dataset, number, layout, texts[layout.root])))
    # A kommune without data: its page prints with a QR code to itself too; its JSON-LD only says who the kommune is.
    unpublished = [(kommune, lang) for kommune in dataset.register.kommuner
                   if kommune.number not in dataset.kommuner and part.takes(kommune.number) for lang in layout.codes
                   if layout.kommune_source(lang, kommune) in files]
    for kommune, lang in unpublished:
        rel, url = layout.kommune_source(lang, kommune), layout.kommune_url(lang, kommune)
        page = with_block(files[rel].decode("utf-8"), qr_block(url, texts[lang]))
        graph = unpublished_jsonld(dataset, kommune.number, lang, layout, texts[lang])
        if graph is not None:  # the kommune as Enhetsregisteret has it
            page = with_front_matter(page, "jsonld", json.dumps(script_safe_json(graph), ensure_ascii=False))
        files[rel] = page.encode("utf-8")
    for number, entry, lang in pages:
        rel = layout.kommune_source(lang, entry.kommune)
        url = layout.kommune_url(lang, entry.kommune)
        page = with_block(files[rel].decode("utf-8"), qr_block(url, texts[lang], codes[url]))
        # JSON-LD goes in the front matter; the theme puts it in <head> (sitebuilder/theme/main.html).
        ld = script_safe_json(jsonld(dataset, number, lang, layout, texts[lang]))
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

