"""The MkDocs configuration of a build, made from the project: build/mkdocs.yml.

The site builder's own settings are in mkdocs.base.yml next to this module. What comes from the project is added
here, so that the languages, their texts and the address each have one source:

* site_url from layout.Layout (FORLOPSINFO_SITE_URL or pyproject.toml);
* mkdocs-static-i18n's languages from [tool.forlopsinfo] languages, with each language's site name, description,
  footer and menu titles from templates/tekst/<lang>.yaml;
* the menu from layout.NAVIGATION, the static outputs (left out, linked in afterwards) from layout.Layout;
* the texts the theme shows itself (the 404 page, names Material leaves in English), under extra.forlopsinfo,
  read by theme/404.html and theme/partials/language.html.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from forlopsinfo.generate.render import tel_link
from forlopsinfo.generate.texts import Texts, TextsError, texts_of
from forlopsinfo.layout import LIST_AND_KOMMUNE_FOLDERS, NAVIGATION, STAFF_PAGES, Layout, NavItem
from forlopsinfo.project import Project

HERE = Path(__file__).resolve().parent
BASE = HERE / "mkdocs.base.yml"
THEME = HERE / "theme"
HOOKS = HERE / "mkdocs_hooks.py"
THEME_TEXTS = {"header": "tema_toppfelt", "footer": "tema_bunnfelt", "consent.reject": "tema_avvis"}
ERROR_PAGE_TEXTS = ("feilside_tittel", "feilside_tekst", "feilside_lenke", "akutt_kort", "akutt_selvmord")


def material_languages() -> frozenset[str]:
    """The languages Material for MkDocs has its own translation for."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return frozenset(p.stem for p in folder.glob("*.html"))


def config_path(project: Project) -> Path:
    return project.root / "build" / "mkdocs.yml"


def _nav(items: tuple[NavItem, ...], t: dict[str, str]) -> list[dict[str, Any]]:
    return [{t[key]: _nav(target, t) if isinstance(target, tuple) else target} for key, target in items]


def _titles(items: tuple[NavItem, ...]) -> list[str]:
    return [key for key, target in items for key in (key, *(_titles(target) if isinstance(target, tuple) else []))]


def configuration(project: Project, layout: Layout, texts: Texts) -> dict[str, Any]:
    config = yaml.safe_load(BASE.read_text("utf-8"))
    root = texts[layout.root]
    site = {
        "site_name": root["nettsted"],
        "site_description": root["nettsted_beskrivelse"],
        "site_url": layout.url,
        "docs_dir": str(project.build_docs.resolve()),
        "site_dir": str((project.root / "site").resolve()),
        "copyright": root["bunntekst"],
    }
    config = {**site, **config}
    config["theme"] = {"name": "material", "language": layout.root, "custom_dir": str(THEME),
                       **{k: v for k, v in config["theme"].items() if k != "name"}}
    config["extra"]["forlopsinfo"] = {
        "languages": [{"code": lang, "prefix": layout.prefix(lang), **{k: texts[lang][k] for k in ERROR_PAGE_TEXTS},
                       "urgent": _urgent_lines(project, lang)}
                      for lang in layout.codes],
        "theme": {lang: {name: texts[lang][key] for name, key in THEME_TEXTS.items()} for lang in layout.codes},
        "footer": {lang: _footer(project, layout, texts[lang], lang) for lang in layout.codes},
        "skip_contact": {lang: texts[lang]["hopp_til_kontakt"] for lang in layout.codes},
        "search": {lang: {"href": layout.prefix(lang) + "sok/", "label": texts[lang]["hode_sok"]} for lang in layout.codes},
        "menu": {lang: texts[lang]["hode_meny"] for lang in layout.codes},
        # the language whose Material translation the theme's own words come from: the language itself where
        # Material has one, else the root language (the page keeps its own lang)
        "material_language": {lang: lang if lang in material_languages() else layout.root for lang in layout.codes},
    }
    # Served as they are, linked into site/ after the build (layout.Layout.static_outputs). Links from pages to
    # them are still resolved; MkDocs only notes them at INFO level.
    config["exclude_docs"] = "".join(f"/{folder}/\n" for folder in layout.static_outputs)
    # Kommune and fylke pages are reached from «Finn din kommune» and search. Keeping them out of the navigation
    # keeps every page small and the build linear in the number of kommuner.
    config["not_in_nav"] = "".join(f"/{lang}/{folder}/\n" for folder in LIST_AND_KOMMUNE_FOLDERS
                                  for lang in layout.codes)
    # the pages for kommune staff: linked from the footer and from «For kommuner», not in the citizens' menu
    config["not_in_nav"] += "".join(f"/{lang}/{page}\n" for page in STAFF_PAGES for lang in layout.codes)
    config["nav"] = _nav(NAVIGATION, root)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    i18n["languages"] = [_language(layout, texts, language.code, language.name) for language in layout.languages]
    config["hooks"] = [str(HOOKS)]
    return config


def _footer(project: Project, layout: Layout, t: dict[str, str], lang: str) -> dict[str, Any]:
    """What the footer of every page says in `lang` (theme/partials/copyright.html): who publishes the site and how
    to reach them, and the links for kommune staff and about the site. Plain text, escaped by the template."""
    publisher = project.publisher
    prefix = layout.prefix(lang)
    return {
        "publisher": (t["utgiver"].replace("{utgiver}", publisher.name) if not publisher.placeholder
                      else t["utgiver_ikke_satt"]),
        "publisher_url": publisher.url if not publisher.placeholder else "",
        "publisher_name": publisher.name if not publisher.placeholder else "",  # in the header, once it is set
        "contact": t["utgiver_kontakt"] if publisher.reachable else "",
        "email": publisher.email if publisher.reachable else "",
        "links": [{"text": t[key], "href": prefix + page} for key, page in (
            ("meny_for_kommuner", "for-kommuner/"), ("meny_om", "om-nettstedet/"),
            ("meny_tilgjengelighet", "tilgjengelighet/"))],
        "links_label": t["bunn_lenker"],
    }


def _urgent_lines(project: Project, lang: str) -> list[dict[str, str]]:
    """The help lines of the short urgent-help line on the 404 page (the national data's «øverst»), in `lang`.
    Empty while the national file is not valid: the build then stops at the data check and publishes nothing."""
    from forlopsinfo.validate.dataset import load_national

    national = load_national(project.municipalities)
    if national is None:
        return []
    return [{"name": (line.short_name or line.name).root.get(lang, ""), "number": line.number,
             "tel": str(tel_link(line.number))}
            for line in national.help_lines if line.top]


def _language(layout: Layout, texts: Texts, lang: str, name: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"locale": lang, "name": name, "default": lang == layout.root, "build": True}
    if lang != layout.root:
        t, root = texts[lang], texts[layout.root]
        entry |= {"site_name": t["nettsted"], "site_description": t["nettsted_beskrivelse"],
                  "copyright": t["bunntekst"],
                  "nav_translations": {root[key]: t[key] for key in _titles(NAVIGATION)}}
    return entry


def write_config(project: Project, layout: Layout | None = None, texts: Texts | None = None) -> Path:
    """Write build/mkdocs.yml for this checkout (only when it changed); returns its path."""
    layout = layout or Layout.of(project)
    texts = texts or texts_of(project)
    try:
        config = configuration(project, layout, texts)
    except KeyError as err:  # every language has the same keys (texts.py), so all of them lack this one
        raise TextsError(f"templates/tekst/ mangler teksten {err}, som nettstedsbyggeren trenger "
                         "(sitebuilder/config.py). Legg den inn i tekstfilen for hvert språk.") from None
    text = ("# Written by forlopsinfo (sitebuilder/config.py) for each build. Do not edit: change\n"
            "# scripts/forlopsinfo/sitebuilder/mkdocs.base.yml, pyproject.toml or templates/tekst/ instead.\n"
            + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=120))
    path = config_path(project)
    if not path.is_file() or path.read_text("utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return path
