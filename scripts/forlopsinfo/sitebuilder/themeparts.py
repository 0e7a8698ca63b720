"""Render the parts of the theme's page template that are the same on every generated kommune page once per folder.

The kommune and fylke pages are out of the navigation (`not_in_nav` in the configuration, config.py), so for all of them in one folder
the site navigation, the search dialog, the footer and the script settings come out the same: the links in them
are relative, and every page of a folder is at the same depth. The table of contents is the same for all pages
with the same headings. theme/main.html and partials/search.html wrap those parts in

    {% call forlopsinfo_once("nav", page) %}...{% endcall %}

and the MkDocs hook (mkdocs_hooks.py) registers an instance of ThemeParts under that name. The first page
renders the part and it is kept; later pages with the same key get the kept text. Every other page (the national
pages are in the navigation and mark where the reader is) renders it as before. That saves about a third of the
template time of a kommune page. tests/sitebuilder/test_build.py builds the site with and without it and compares.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Hashable
from typing import Any

from forlopsinfo.sitebuilder.mdtrim import is_generated_list_or_kommune_page


def _toc_signature(items: Any) -> tuple:
    return tuple((item.id, item.title, item.level, _toc_signature(item.children)) for item in items or ())


def _rendered_toc(toc: Any) -> Any:
    """What Material's partials/toc.html lists: the page's headings, without the page title (the first h1)."""
    first = next(iter(toc or ()), None)
    return first.children if first is not None and first.level == 1 else toc


class ThemeParts:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._kept: dict[Hashable, Any] = {}
        self.reused = 0

    @staticmethod
    def key(name: str, page: Any) -> Hashable | None:
        """What the part's text depends on, or None when it must be rendered for this page."""
        file = getattr(page, "file", None)
        if file is None or not is_generated_list_or_kommune_page(file.src_uri):
            return None
        if page.parent is not None or page.previous_page is not None or page.next_page is not None:
            return None  # in the navigation after all
        meta = page.meta or {}
        return (name, posixpath.dirname(file.src_uri), page.url.count("/"), tuple(meta.get("hide") or ()),
                (meta.get("toc_depth"), _toc_signature(_rendered_toc(page.toc))) if name == "sidebars" else None)

    def __call__(self, name: str, page: Any, caller: Callable[[], Any]) -> Any:
        key = self.key(name, page)
        if key is None:
            return caller()
        if key in self._kept:
            self.reused += 1
        else:
            self._kept[key] = caller()
        return self._kept[key]
