"""MkDocs hooks of the site build (mkdocs.yml `hooks:`). Kept small: the generator itself knows nothing of MkDocs.

* on_page_markdown: tell the Markdown extension forlopsinfo.sitebuilder.mdtrim whether this page is a generated kommune or
  fylke page, where inline syntax the generator never writes is skipped (same HTML, less time).
* on_page_markdown / on_page_content: text marked as the same on every kommune page is converted once per build
  and reused (see forlopsinfo.sitebuilder.sharedhtml). FORLOPSINFO_SHARED=0 converts it on every page (for comparisons).
* on_env: parts of the page template that are the same on every kommune page of a folder are rendered once
  (see forlopsinfo.sitebuilder.themeparts). FORLOPSINFO_THEMEPARTS=0 renders them on every page (for comparisons).
* on_post_page: fold the theme templates' indentation (a newline and the spaces after it become one newline):
  12 % smaller kommune pages, the same rendering (see forlopsinfo.sitebuilder.htmlfold).
* on_pre_build: only with FORLOPSINFO_PREVIEW=1 (a plain `mkdocs serve`): re-run the generator before each
  rebuild. `forlopsinfo preview` does not need it: it rebuilds with `forlopsinfo build`.
"""

import os
import subprocess
import sys

from forlopsinfo.sitebuilder.htmlfold import fold_whitespace
from forlopsinfo.sitebuilder.mdtrim import is_generated_list_or_kommune_page
from forlopsinfo.sitebuilder.sharedhtml import SharedBlocks
from forlopsinfo.sitebuilder.themeparts import ThemeParts

SHARED = SharedBlocks()
THEME_PARTS = ThemeParts()
_pending = {}  # page source path -> keys of the shared blocks converted in full on that page


def on_page_markdown(markdown, page, config, files, **kwargs):
    trim = is_generated_list_or_kommune_page(page.file.src_uri) and os.environ.get("FORLOPSINFO_MDTRIM") != "0"
    config["mdx_configs"].setdefault("forlopsinfo.sitebuilder.mdtrim", {})["trim"] = trim  # FORLOPSINFO_MDTRIM=0: for `make bench`
    if os.environ.get("FORLOPSINFO_SHARED") == "0":
        return markdown
    context = (os.path.dirname(page.file.src_uri), page.url.count("/"), page.is_index, trim)
    markdown, _pending[page.file.src_uri] = SHARED.before_conversion(markdown, context)
    return markdown


def on_page_content(html, page, config, files, **kwargs):
    return SHARED.after_conversion(html, _pending.pop(page.file.src_uri, []))


def on_env(env, config, files, **kwargs):
    if os.environ.get("FORLOPSINFO_THEMEPARTS") == "0":
        env.globals["forlopsinfo_once"] = lambda name, page, caller: caller()
    else:
        env.globals["forlopsinfo_once"] = THEME_PARTS
    return env


def on_post_page(output, page, config, **kwargs):
    return fold_whitespace(output)


def on_pre_build(config, **kwargs):
    SHARED.reset()
    THEME_PARTS.reset()
    _pending.clear()
    if os.environ.get("FORLOPSINFO_PREVIEW") != "1":
        return
    if config.theme["language"] != "nb":  # mkdocs-static-i18n runs a nested build per extra language
        return
    result = subprocess.run([sys.executable, "-m", "forlopsinfo.cli", "generate"], capture_output=True, text=True)
    sys.stderr.write(result.stdout + result.stderr)
