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
  same rendering (htmlfold.py); last, the CSS the page needs for its first paint goes inline in <head> and the style
  sheets move to the end of <body> (critical.py).
* on_post_template: the same for 404.html.
* on_post_build: write that one late style sheet (all the page's sheets joined, in order).
* on_pre_build: forget what an earlier build in this process kept.

FORLOPSINFO_PLAIN_BUILD=1 turns the speed levers off (levers.py).
"""

import os
import posixpath
import re
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

from forlopsinfo.sitebuilder import levers
from forlopsinfo.sitebuilder.critical import combined, inline_first_paint
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


def _style_sheet_files(config, page_dest):
    """href -> the file the builder will copy there (from the docs or the theme), for a page written at page_dest."""
    root = urlsplit(config.site_url or "").path or "/"
    folders = [Path(config.docs_dir), *(Path(d) for d in config.theme.dirs)]

    def resolve(href):
        if "://" in href or href.startswith("//"):
            return None
        if href.startswith("/"):
            if not href.startswith(root):
                return None
            rel = href[len(root):]
        else:
            rel = posixpath.normpath(posixpath.join(posixpath.dirname(page_dest), href))
        if rel.startswith("..") or rel.startswith("/"):
            return None
        return next((folder / rel for folder in folders if (folder / rel).is_file()), None)

    return resolve


_LATE = "assets/stylesheets"  # where the combined late style sheet is written
_late_sheets = {}  # its path under the site -> its content, written in on_post_build


def _late(config, page_dest):
    """The address of the one late style sheet (critical.combined), relative to the page or absolute like its
    first link; the file is written after the build."""
    root = urlsplit(config.site_url or "").path or "/"

    def late(paths, first_href):
        name, data = combined(paths)
        rel = f"{_LATE}/{name}"
        _late_sheets[rel] = data
        if first_href.startswith("/"):
            return root + rel
        return posixpath.relpath(rel, posixpath.dirname(page_dest) or ".")

    return late


def _ours(config):
    """The site's own style sheets (in the docs folder, not the theme): inlined whole, as they also style what the
    site's scripts add to a page."""
    docs = Path(config.docs_dir)
    return lambda path: docs in path.parents


def on_post_page(output, page, config, **kwargs):
    texts = ((config.extra.get("forlopsinfo") or {}).get("skip_contact") or {})
    output = with_contact_skip_link(output, texts.get(config.theme.get("language")))
    dest = page.file.dest_uri
    return inline_first_paint(fold_whitespace(output), _style_sheet_files(config, dest), _late(config, dest),
                              _ours(config))


def on_post_template(output_content, template_name, config, **kwargs):
    if template_name != "404.html":
        return output_content
    return inline_first_paint(output_content, _style_sheet_files(config, template_name),
                              _late(config, template_name), _ours(config))


def on_post_build(config, **kwargs):
    for rel, data in sorted(_late_sheets.items()):
        path = Path(config.site_dir) / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def on_pre_build(config, **kwargs):
    _late_sheets.clear()
    SHARED.reset()
    THEME_PARTS.reset()
    _pending.clear()
