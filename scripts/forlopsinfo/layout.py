"""The site's layout: which languages it has, which one is at the root, and where every page and file is.

The one module that knows the URL scheme, the language list (from pyproject.toml [tool.forlopsinfo] languages),
the static outputs, the register path and the site's address. Every other module asks a Layout.

    <lang>/...            Markdown and files under build/docs/, one folder per language
    <prefix>...           the same in site/: the root language at the root, the others under <lang>/
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from forlopsinfo.load.register import County, Kommune
from forlopsinfo.project import Project

SITE_URL_VARIABLE = "FORLOPSINFO_SITE_URL"  # building for another host: FORLOPSINFO_SITE_URL=https://… make site
REGISTER_FILE = Path("register") / "kommuner.csv"  # under municipalities/
ENTERPRISE_FILE = Path("register") / "enhetsregisteret.yaml"  # under municipalities/: the kommuner in Enhetsregisteret
API = "api"  # open data, the same for every language
SNIPPETS = "innbygging"  # the embeddable contact boxes, per language
KOMMUNE = "kommune"  # a page per kommune, per language
FYLKE = "fylke"  # a page per fylke, per language
LIST_AND_KOMMUNE_FOLDERS = (KOMMUNE, FYLKE)  # the generated pages out of the menu, one folder per kind


def register_path(municipalities: Path) -> Path:
    return municipalities / REGISTER_FILE


def enterprise_register_path(municipalities: Path) -> Path:
    return municipalities / ENTERPRISE_FILE


@dataclass(frozen=True)
class Language:
    code: str  # BCP 47 (nb, nn, se): the lang attribute, the folder and templates/tekst/<code>.yaml
    name: str  # in the language switcher, in the language itself


@dataclass(frozen=True)
class Layout:
    languages: tuple[Language, ...]  # the first is built at the site root
    url: str  # the address the site is published at, ending in /

    @classmethod
    def of(cls, project: Project) -> "Layout":
        """The layout of a checkout: languages and address from its settings; FORLOPSINFO_SITE_URL overrides the
        address when building for another host."""
        url = os.environ.get(SITE_URL_VARIABLE, "").strip() or project.site_url
        return cls(tuple(Language(**entry) for entry in project.languages), url if url.endswith("/") else url + "/")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(language.code for language in self.languages)

    @property
    def root(self) -> str:
        return self.languages[0].code

    def prefix(self, lang: str) -> str:
        """The language's folder in site/, relative to the site root: "" for the root language, else "<lang>/"."""
        return "" if lang == self.root else f"{lang}/"

    def up_to_site_root(self, lang: str) -> str:
        """From the language's root folder in site/ to the site root."""
        return "" if lang == self.root else "../"

    # --- pages: source under build/docs, path under site/, address ------------------------------------------

    @staticmethod
    def kommune_source(lang: str, kommune: Kommune) -> str:
        return f"{lang}/{KOMMUNE}/{kommune.slug}.md"

    def kommune_path(self, lang: str, kommune: Kommune) -> str:
        return f"{self.prefix(lang)}{KOMMUNE}/{kommune.slug}/"

    def kommune_url(self, lang: str, kommune: Kommune) -> str:
        return self.url + self.kommune_path(lang, kommune)

    def kommune_urls(self, kommune: Kommune) -> dict[str, str]:
        return {lang: self.kommune_url(lang, kommune) for lang in self.codes}

    @staticmethod
    def fylke_source(lang: str, county: County) -> str:
        return f"{lang}/{FYLKE}/{county.slug}.md"

    @staticmethod
    def fylke_link(county: County) -> str:
        """From the language's front page to a fylke page (a Markdown link the builder resolves)."""
        return f"{FYLKE}/{county.slug}.md"

    @staticmethod
    def snippet_source(lang: str, kommune: Kommune, *, frame: bool = False) -> str:
        return f"{lang}/{SNIPPETS}/{kommune.slug}{'-ramme' if frame else ''}.html"

    def snippet_url(self, lang: str, kommune: Kommune, *, frame: bool = False) -> str:
        return f"{self.url}{self.prefix(lang)}{SNIPPETS}/{kommune.slug}{'-ramme' if frame else ''}.html"

    @staticmethod
    def snippet_link(kommune: Kommune) -> str:
        """From the language's root folder to the kommune's snippet page (a plain file, not a page of the builder)."""
        return f"{SNIPPETS}/{kommune.slug}.html"

    # --- open data ------------------------------------------------------------------------------------------

    @staticmethod
    def api_index() -> str:
        return f"{API}/kommuner.json"

    @staticmethod
    def api_kommune(number: str) -> str:
        return f"{API}/kommuner/{number}.json"

    @staticmethod
    def api_hsds(number: str) -> str:
        return f"{API}/hsds/{number}.json"

    @staticmethod
    def api_schema(name: str) -> str:
        return f"{API}/schema/{name}"

    # --- what the site builder gets --------------------------------------------------------------------------

    @property
    def static_outputs(self) -> dict[str, str]:
        """Generated files the site builder does not need to see: plain files served as they are (open data,
        embeddable snippets). The builder leaves them out and links them into the built site, so it neither scans
        nor copies 2,000 files / 18 MB at national scale. Folder under build/docs -> folder under site/."""
        return {API: API, **{f"{lang}/{SNIPPETS}": f"{self.prefix(lang)}{SNIPPETS}" for lang in self.codes}}


# The site's menu, in order: (text key in templates/tekst/<lang>.yaml, page) or (text key, (the items under it)).
# Pages are paths under a language's folder; the kommune and fylke pages are reached from «Finn din kommune».
NavItem = tuple[str, "str | tuple[NavItem, ...]"]
NAVIGATION: tuple[NavItem, ...] = (
    ("meny_finn_kommune", "index.md"),
    ("meny_sok", "sok.md"),
    ("meny_forlop", "forlop.md"),
    ("meny_rettigheter", "rettigheter.md"),
    ("meny_parorende", "parorende.md"),
    ("meny_akutt", "akutt-hjelp.md"),
    ("meny_om", "om-nettstedet.md"),
    ("meny_tilgjengelighet", "tilgjengelighet.md"),
)
# The pages for kommune staff: not in the citizens' menu. Staff reach them from the footer (sitebuilder/theme/
# partials/copyright.html) and from «For kommuner», which links to the others.
STAFF_PAGES: tuple[str, ...] = ("for-kommuner.md", "kommuneskjema.md", "redigering.md", "feltreferanse.md", "vanlige-feil.md")
