"""The site's own search index, one small file per language (<lang>/sok.json), read by docs/assets/sok.js only when
a reader opens the search page and types.

Why not the site builder's search: it sends one index for both languages and the staff pages to every reader on
every page view, with its worker, whether or not anyone searches; a search for «koordinator» answered with the
field reference for kommune staff. Here each language has its own index of the pages a citizen reads: the national
pages and the hand-written ones for citizens (their title, headings and text), each fylke page, and one entry per
kommune page with what someone looking for their kommune or a local service types (the kommune's names, its fylke,
and the names and descriptions from its own file). The general text every kommune page repeats is indexed once, on
the national pages. The pages for kommune staff are not in it.

Plain data: {"t": title, "u": address relative to the language's root, "f": fylke or "", "h": the page's section
headings, "x": text}. The text is
plain (no Markdown, no HTML): sok.js puts every value into the page with textContent.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forlopsinfo.generate.texts import Texts
    from forlopsinfo.layout import Layout
    from forlopsinfo.validate.dataset import Dataset

INDEX_NAME = "sok.json"  # under each language's folder: site/sok.json, site/nn/sok.json
# National and hand-written pages for citizens, by their source under the language's folder (the pages for kommune
# staff, layout.STAFF_PAGES, are left out). Not the front page (its list of every kommune would match every name;
# each kommune has its own entry) nor the search page itself.
CITIZEN_PAGES = ("forlop.md", "rettigheter.md", "parorende.md", "akutt-hjelp.md", "om-nettstedet.md",
                 "tilgjengelighet.md")
TEXT_LIMIT = 4000  # characters of a national page's text: enough for every word a reader searches for


def plain(markdown: str) -> str:
    """Markdown as the words a reader sees: no front matter, tags, link targets, markup or template comments."""
    text = re.sub(r"^---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{[:.#][^}\n]*\}|\{ [.#][^}\n]*\}", " ", text)  # attribute lists
    text = re.sub(r"^\s*(#+|[-*]|\d+\.|!!!\s+\w+(\s+\"[^\"]*\")?)\s*", "", text, flags=re.M)
    text = text.replace("**", "").replace("\\", "")
    return " ".join(text.split())


def _title(markdown: str) -> str:
    found = re.search(r"^# (.+)$", markdown, re.M)
    return plain(found.group(1)) if found else ""


def _page_address(source: str) -> str:
    """«forlop.md» -> «forlop/», «index.md» -> «» (relative to the language's root, as the site builder serves it)."""
    name = source[:-3]
    return "" if name == "index" else f"{name}/"


def page_entries(docs: Path, lang: str) -> list[dict[str, str]]:
    """The national and hand-written citizen pages of `lang`, from the Markdown written to `docs` (build/docs)."""
    entries = []
    for source in CITIZEN_PAGES:
        path = docs / lang / source
        if not path.is_file():
            continue
        markdown = path.read_text("utf-8")
        headings = " · ".join(plain(h) for h in re.findall(r"^#{2,3} (.+)$", markdown, re.M))
        entries.append({"t": _title(markdown), "u": _page_address(source), "f": "", "h": headings,
                        "x": plain(markdown)[:TEXT_LIMIT]})
    return entries


def kommune_entries(dataset: Dataset, layout: Layout, texts: Texts, lang: str,
                    kommune_filter: frozenset[str] | None = None) -> list[dict[str, str]]:
    """One entry per fylke page and per kommune page of `lang`, in register order."""
    t = texts[lang]
    prefix = layout.prefix(lang)
    entries: list[dict[str, str]] = []
    for county in dataset.register.counties:
        entries.append({"t": t["fylke_sidetittel"].replace("{fylke}", county.name),
                        "u": layout.fylke_link(county)[:-3] + "/", "f": "", "x": county.name})
    for kommune in dataset.register.kommuner:
        if kommune_filter is not None and kommune.number not in kommune_filter:
            continue
        title = kommune.name + (f" – {kommune.sami_name}" if kommune.sami_name else "")
        entry = dataset.kommuner.get(kommune.number)
        if entry is not None and entry.data.example:  # the title is what every search result shows
            title += f" ({t['eksempel_merke']})"
        words: list[Any] = [kommune.number]
        if entry is None:
            words.append(t["ikke_publisert_sidetittel"].replace("{kommune}", kommune.name))
        else:
            k = entry.data
            unit = k.coordinating_unit
            words += [t["sidetittel_kommune"].replace("{kommune}", kommune.name), unit.name, unit.placement]
            if k.pathway_coordination is not None:
                words.append(k.pathway_coordination.appointed_by)
                words += [route.unit for route in k.pathway_coordination.routes]
            services: list[Any] = list(k.services) + [s.data for s in dataset.shared_for(kommune.number)]
            words += [f"{s.name}: {s.description}" for s in services]
        entries.append({"t": title, "u": layout.kommune_path(lang, kommune)[len(prefix):], "f": kommune.county_name,
                        "x": " ".join(" ".join(str(w).split()) for w in words if w)})
    return entries


def index_files(docs: Path, dataset: Dataset, layout: Layout, texts: Texts,
                kommune_filter: frozenset[str] | None = None) -> dict[str, bytes]:
    """<lang>/sok.json for each language: path under build/docs -> content."""
    return {
        f"{lang}/{INDEX_NAME}": json.dumps(
            page_entries(docs, lang) + kommune_entries(dataset, layout, texts, lang, kommune_filter),
            ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        for lang in layout.codes
    }
