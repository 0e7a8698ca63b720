"""Search entries for the kommune pages, written by the generator instead of being extracted from each page's HTML.

Why: a kommune page repeats the national text (what a forløp is, what a koordinator is) that is already indexed
once on the national pages. Indexed 714 times it made the search index several megabytes, which every reader's
phone downloads to search, and a search for «koordinator» answered with hundreds of identical kommune hits before
the page that explains it. The site builder's own indexer also spent a fifth of the build time parsing those
pages. So kommune pages are left out of the builder's index (`search: exclude` in their front matter) and get one
entry each from here: the kommune's names, its fylke, and the names and descriptions from its own file, which is
what someone searching for their kommune or a local service types.

The entries are plain data (location, title, text as escaped HTML) in the format of the site's search index;
build.py adds them to it after the site builder has run.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from forlopsinfo.generate.texts import Texts
    from forlopsinfo.layout import Layout
    from forlopsinfo.validate.dataset import Dataset

SEARCH_ENTRIES = "search-entries.json"  # next to build/docs, not in it: not a file of the site


def _p(*parts: str | None) -> str:
    text = " ".join(p for p in parts if p)
    return f"<p>{html.escape(text, quote=False)}</p>" if text else ""


def kommune_entries(dataset: Dataset, layout: Layout, texts: Texts, lang: str,
                    kommune_filter: frozenset[str] | None = None) -> list[dict[str, str]]:
    """One entry per kommune page in `lang`, in register order (the order of the pages)."""
    t = texts[lang]
    entries = []
    for kommune in dataset.register.kommuner:
        if kommune_filter is not None and kommune.number not in kommune_filter:
            continue
        title = kommune.name + (f" – {kommune.sami_name}" if kommune.sami_name else "")
        county = kommune.county_name
        entry = dataset.kommuner.get(kommune.number)
        if entry is not None and entry.data.example:  # the title is what every search result shows
            title += f" ({t['eksempel_merke']})"
        if entry is None:
            text = _p(t["ikke_publisert_sidetittel"].format(kommune=kommune.name)) + _p(county)
        else:
            k = entry.data
            unit = k.coordinating_unit
            parts = [
                _p(t["eksempel_varsel_tittel"]) if k.example else "",
                _p(t["sidetittel_kommune"].format(kommune=kommune.name)),
                _p(county),
                _p(f"{t['kontakt_tittel']}:", unit.name, f"({unit.placement})" if unit.placement else None),
            ]
            if k.pathway_coordination is not None:
                parts.append(_p(k.pathway_coordination.appointed_by))
                parts += [_p(route.unit) for route in k.pathway_coordination.routes]
            services: list[Any] = list(k.services) + [s.data for s in dataset.shared_for(kommune.number)]
            parts += [_p(f"{s.name}:", s.description) for s in services]
            text = " ".join(p for p in parts if p)
        entries.append({"location": layout.search_location(lang, kommune), "title": html.escape(title), "text": text})
    return entries


def all_entries(dataset: Dataset, layout: Layout, texts: Texts,
                kommune_filter: frozenset[str] | None = None) -> dict[str, list[dict[str, str]]]:
    return {lang: kommune_entries(dataset, layout, texts, lang, kommune_filter) for lang in layout.codes}


def write_entries(path: Path, entries: dict[str, list[dict[str, str]]]) -> bool:
    """Write the entries file if its content changed; True when written."""
    data = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True
