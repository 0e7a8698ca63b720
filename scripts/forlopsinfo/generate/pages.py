"""Every generated Markdown page of the site (plan_pages): front page, national pages, fylke pages and one page per
kommune in each language, rendered from templates/*.md.j2. Pure: it returns texts and writes nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from forlopsinfo.generate.parts import WHOLE, Part
from forlopsinfo.generate.render import Renderer, md_escape
from forlopsinfo.generate.searchindex import INDEX_NAME
from forlopsinfo.generate.texts import Texts
from forlopsinfo.layout import Layout
from forlopsinfo.load.register import Kommune
from forlopsinfo.project import Project
from forlopsinfo.validate.dataset import Dataset
from forlopsinfo.validate.model import LANG_CODE, ServiceCategory

# Sami languages of the kommuner in the administrative area for Sami languages (samelova; domain brief §6.3).
# A name after " / " in the register is Kven (fkv). Outside the area no language is claimed for a name.
SAMI_LANG = {
    "5610": "se", "5612": "se", "5628": "se", "5622": "se", "5636": "se", "5540": "se", "5518": "se", "5512": "se",
    "1875": "smj",
    "1826": "sma", "5043": "sma", "5025": "sma", "5041": "sma",
}  # fmt: skip
NATIONAL_PAGES = ("forlop", "akutt-hjelp", "rettigheter", "parorende", "sok")
CATEGORY_ORDER = list(ServiceCategory.__args__)  # type: ignore[attr-defined]

def sami_name(kommune: Kommune) -> Markup:
    """The Sami (and Kven) name, language-tagged only where the language is known."""
    if not kommune.sami_name:
        return Markup("")
    parts = [p.strip() for p in kommune.sami_name.split(" / ")]
    sami = SAMI_LANG.get(kommune.number)
    if sami is None:
        return md_escape(kommune.sami_name)
    tagged = [Markup(f'<span lang="{sami}">') + md_escape(parts[0]) + Markup("</span>")]
    tagged += [Markup('<span lang="fkv">') + md_escape(p) + Markup("</span>") for p in parts[1:]]
    return Markup(" / ").join(tagged)


def kommune_href(kommune: Kommune, dataset: Dataset, layout: Layout, lang: str, md_prefix: str, url_prefix: str) -> str:
    """Link to a kommune page in the kommune's own målform.

    md_prefix: from the page's source file to its language root (for .md links, which the builder resolves);
    url_prefix: from the page's URL folder to its language root (for plain URLs into the other language, which is
    a separate build and so cannot be an .md link; the build test checks every such link resolves).
    """
    entry = dataset.kommuner.get(kommune.number)
    target = LANG_CODE[entry.data.language_form] if entry else lang
    if target == lang:
        return md_prefix + layout.kommune_source(lang, kommune).removeprefix(f"{lang}/")
    return url_prefix + layout.up_to_site_root(lang) + layout.kommune_path(target, kommune)


_NORWEGIAN_LAST = str.maketrans({"æ": "{", "ø": "|", "å": "}", "ä": "{", "ö": "|", "á": "a", "č": "c", "đ": "d",
                                 "ŋ": "n", "š": "s", "ŧ": "t", "ž": "z"})


def norwegian_order(name: str) -> str:
    """A sort key for names in Norwegian alphabetical order: æ, ø and å after z (Sami letters with their base)."""
    return name.casefold().translate(_NORWEGIAN_LAST)


def _listing(
    kommuner: tuple[Kommune, ...],
    dataset: Dataset,
    layout: Layout,
    lang: str,
    md_prefix: str,
    url_prefix: str,
    kommune_filter: frozenset[str] | None = None,
) -> list[dict[str, Any]]:
    """The kommuner of a list page. In a restricted build (`kommune_filter`) kommuner whose pages are not
    generated get no link (href None): the list stays complete, and no link points at a missing page."""
    return [
        {
            "name": k.name,
            "sami_name": sami_name(k) if k.sami_name else None,
            "href": kommune_href(k, dataset, layout, lang, md_prefix, url_prefix)
            if kommune_filter is None or k.number in kommune_filter
            else None,
            "published": k.number in dataset.kommuner and not dataset.kommuner[k.number].data.example,
            "example": k.number in dataset.kommuner and dataset.kommuner[k.number].data.example,
        }
        for k in sorted(kommuner, key=lambda k: norwegian_order(k.name))
    ]


def _services_by_category(number: str, dataset: Dataset) -> list[tuple[str, list[tuple[Any, str, list[str] | None]]]]:
    entry = dataset.kommuner[number]
    own_lang = LANG_CODE[entry.data.language_form]
    items: list[tuple[Any, str, list[str] | None]] = [(s, own_lang, None) for s in entry.data.services]
    for shared in dataset.shared_for(number):
        names = [dataset.register.by_number[n].name for n in shared.data.kommuner]
        items.append((shared.data, LANG_CODE[shared.data.language_form], names))  # «Ørsta og Volda»: and_list
    grouped: dict[str, list[tuple[Any, str, list[str] | None]]] = {}
    for item in items:
        grouped.setdefault(item[0].category, []).append(item)
    return [(c, grouped[c]) for c in CATEGORY_ORDER if c in grouped]


def plan_pages(
    dataset: Dataset,
    project: Project,
    texts: Texts,
    *,
    renderer: Renderer | None = None,
    only: tuple[str, str] | None = None,
    kommune_filter: frozenset[str] | None = None,
    part: Part = WHOLE,
) -> dict[str, str]:
    """Every generated page: relative path under build/docs -> Markdown text.
    `only=(lang, template)` renders just the pages made from that template in that language (used by lix.py).
    `kommune_filter` (kommunenumre): a restricted build for a fast preview: all national, front and fylke pages,
    but kommune pages only for these kommuner (in both languages); the lists name the others without a link.
    `part`: only the pages of that share of the work (parts.py)."""
    assert dataset.national is not None
    renderer = renderer or Renderer(project.templates, texts)
    if only is not None:
        renderer = _Filtered(renderer, *only)
    common = {"national": dataset.national}
    fetched = dataset.enterprises.fetched if dataset.enterprises is not None else None
    pages: dict[str, str | None] = {}
    register = dataset.register
    layout = Layout.of(project)
    for lang in layout.codes:
        if part.national:
            pages[f"{lang}/index.md"] = renderer.render(
                "forside.md.j2",
                lang,
                counties=[
                    {"county": c, "href": layout.fylke_link(c),
                     "kommuner": _listing(c.kommuner, dataset, layout, lang, "", "", kommune_filter)}
                    for c in sorted(register.counties, key=lambda c: norwegian_order(c.name))
                ],
                published_count=sum(1 for e in dataset.kommuner.values() if not e.data.example),
                total=len(register.kommuner),
                **common,
            )
            for name in NATIONAL_PAGES:
                pages[f"{lang}/{name}.md"] = renderer.render(f"{name}.md.j2", lang, index_name=INDEX_NAME, **common)
            for county in register.counties:
                pages[layout.fylke_source(lang, county)] = renderer.render(
                    "fylke.md.j2", lang, prefix="../", county=county,
                    items=_listing(county.kommuner, dataset, layout, lang, "../", "../../", kommune_filter), **common,
                )
        for kommune in register.kommuner:
            if (kommune_filter is not None and kommune.number not in kommune_filter) or not part.takes(kommune.number):
                continue
            path = layout.kommune_source(lang, kommune)
            entry = dataset.kommuner.get(kommune.number)
            if entry is None:
                pages[path] = renderer.render(
                    "ikke-publisert.md.j2", lang, prefix="../", kommune=kommune, sami_name=sami_name(kommune),
                    reg=dataset.registered(kommune.number), reg_fetched=fetched, **common
                )
                continue
            pages[path] = renderer.render(
                "kommune.md.j2",
                lang,
                prefix="../",
                k=entry.data,
                kommune=kommune,
                sami_name=sami_name(kommune),
                src=LANG_CODE[entry.data.language_form],
                services_by_category=_services_by_category(kommune.number, dataset),
                edit_url=f"{project.repo_url}/edit/{project.branch}/{entry.file}",
                report_mail=_report_mail(project, layout, texts[lang], lang, kommune),
                snippet_href=Markup("../" + layout.snippet_link(kommune)),
                reg=dataset.registered(kommune.number),
                **common,
            )
    return {path: text for path, text in pages.items() if text is not None}


def _report_mail(project: Project, layout: Layout, t: dict[str, str], lang: str, kommune: Any) -> str | None:
    """An e-mail to the site's publisher about this page, subject and page address filled in: a way to report an
    error without a GitHub account. None while the publisher is the shipped placeholder (project.Publisher)."""
    if not project.publisher.reachable:
        return None
    subject = t["meld_feil_emne"].replace("{kommune}", kommune.name)
    body = t["meld_feil_tekst"].replace("{adresse}", layout.kommune_url(lang, kommune))
    return f"mailto:{quote(project.publisher.email, safe='@')}?subject={quote(subject)}&body={quote(body)}"


class _Filtered:
    """A renderer that only renders one template in one language and skips (None) the rest."""

    def __init__(self, renderer: Renderer, lang: str, template: str):
        self.renderer, self.lang, self.template = renderer, lang, template

    def render(self, template: str, lang: str, **context: Any) -> str | None:  # type: ignore[override]
        if (lang, template) != (self.lang, self.template):
            return None
        return self.renderer.render(template, lang, **context)


