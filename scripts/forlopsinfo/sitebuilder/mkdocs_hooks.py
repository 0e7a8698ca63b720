"""The MkDocs hooks of the site build (build/mkdocs.yml `hooks:`, written by config.py).

* on_page_markdown: stop the build if a page's front matter could not be read; tell the Markdown extension mdtrim whether this page is a generated kommune or fylke page,
  where inline syntax the generator never writes is skipped (same HTML, less time); and replace text marked as the
  same on every kommune page by the HTML converted once (sharedhtml.py).
* on_page_content: put that HTML back.
* on_env: parts of the page template that are the same on every kommune page of a folder are rendered once
  (themeparts.py).
* on_post_page: on a page with a contact card (id="kontakt"), a second skip link right after the theme's «Gå til
  innhold» goes to it, so the kommune's call button is the third Tab stop from the top; then fold the theme
  templates' indentation (a newline and the spaces after it become one newline): 12 % smaller kommune pages, the
  same rendering (htmlfold.py).
* on_pre_build: forget what an earlier build in this process kept.

FORLOPSINFO_PLAIN_BUILD=1 turns the speed levers off (levers.py).
"""

import os
import re
from html import escape

from mkdocs.exceptions import PluginError

from forlopsinfo.sitebuilder import levers
from forlopsinfo.sitebuilder.htmlfold import fold_whitespace
from forlopsinfo.sitebuilder.mdtrim import is_generated_list_or_kommune_page
from forlopsinfo.sitebuilder.sharedhtml import SharedBlocks
from forlopsinfo.sitebuilder.themeparts import ThemeParts

SHARED = SharedBlocks()
THEME_PARTS = ThemeParts()
_pending = {}  # page source path -> keys of the shared blocks converted in full on that page
PLAIN = levers.plain()


def front_matter_lost(markdown, meta):
    """MkDocs reads a page's front matter only when it parses as YAML; otherwise it keeps the whole text and gives
    the page no metadata, silently: the front matter is shown as text and the page loses its title, description,
    search setting and JSON-LD. The generator always writes front matter, so that is a broken page."""
    return markdown.lstrip("\ufeff").startswith("---") and not meta


def on_page_markdown(markdown, page, config, files, **kwargs):
    if front_matter_lost(markdown, page.meta):
        raise PluginError(f"{page.file.src_uri}: Forsideinformasjonen (front matter, mellom linjene ---) kunne ikke "
                          "leses, så siden ville mistet tittel og beskrivelse. Sjekk tegnene i den.")
    trim = is_generated_list_or_kommune_page(page.file.src_uri) and not PLAIN
    config["mdx_configs"].setdefault("forlopsinfo.sitebuilder.mdtrim", {})["trim"] = trim
    if PLAIN:
        return markdown
    context = (os.path.dirname(page.file.src_uri), page.url.count("/"), page.is_index, trim)
    markdown, _pending[page.file.src_uri] = SHARED.before_conversion(markdown, context)
    return markdown


def on_page_content(html, page, config, files, **kwargs):
    return SHARED.after_conversion(html, _pending.pop(page.file.src_uri, []))


def on_env(env, config, files, **kwargs):
    env.globals["forlopsinfo_once"] = (lambda name, page, caller: caller()) if PLAIN else THEME_PARTS
    return env


_THEME_SKIP_LINK = re.compile(r'<a href="[^"]*" class="md-skip">.*?</a>', re.S)


def with_contact_skip_link(output, text):
    """Add «Gå til kontakt og ringeknapp» after the theme's skip link on pages with a contact card."""
    if 'id="kontakt"' not in output or not text:
        return output
    link = f'<a href="#kontakt" class="md-skip">{escape(text)}</a>'
    return _THEME_SKIP_LINK.sub(lambda m: m.group(0) + link, output, count=1)


def on_post_page(output, page, config, **kwargs):
    texts = ((config.extra.get("forlopsinfo") or {}).get("skip_contact") or {})
    output = with_contact_skip_link(output, texts.get(config.theme.get("language")))
    return fold_whitespace(output)


def on_pre_build(config, **kwargs):
    SHARED.reset()
    THEME_PARTS.reset()
    _pending.clear()
