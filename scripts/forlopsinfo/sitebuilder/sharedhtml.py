"""Turn the national text that is the same on every kommune page into HTML once per build, not once per page.

The generator marks such text in the Markdown it writes (templates/kommune.md.j2 and others):

    <!-- felles -->

    Markdown that is the same on every page of a folder, with no headings.

    <!-- /felles -->

Any Markdown renderer shows the text as usual; the comments are invisible. The MkDocs hook
(mkdocs_hooks.py) uses them to save work: the first page that has a marked block is converted in full,
and the HTML between the markers is kept; on every later page in the same folder the same block is replaced,
before conversion, by a short reference comment, and the kept HTML is put back after conversion. The national text
is about 40 % of a kommune page's Markdown and ~30 % of its conversion time.

What makes this safe:
* The key is the block's exact text, the page's folder and URL depth (relative links resolve the same), and the
  Markdown set-up of that page (kommune pages skip some inline syntax, see mdtrim.py).
* Blocks with headings or ids are never reused (they feed the table of contents and must be unique), nor blocks
  with a relative link into the page's own folder (a page's link to itself is written differently).
* Both markers are removed from every page, and the whitespace around a block is the same either way, so the HTML
  is byte for byte what a full conversion gives. tests/sitebuilder/test_build.py builds the site both ways and compares.
* The store is emptied at the start of each build (a `mkdocs serve` rebuild may have moved a link's target).
"""

from __future__ import annotations

import re
from collections.abc import Hashable

_MARKDOWN_BLOCK = re.compile(r"^<!-- felles -->\n(.*?)\n<!-- /felles -->$", re.S | re.M)
_HTML_BLOCK = re.compile(r"\s*<!-- felles -->(.*?)<!-- /felles -->\s*", re.S)
_HTML_REFERENCE = re.compile(r"\s*<!-- felles:(\d+) -->\s*")
_LINK_INTO_OWN_FOLDER = re.compile(r"\]\((?!\.\./|[a-z]+:|#)")

Key = tuple[Hashable, str]


class SharedBlocks:
    """What one build has converted: block key -> HTML. One instance per build process."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._html: list[str] = []
        self._index: dict[Key, int] = {}
        self.reused = 0

    def before_conversion(self, markdown: str, context: Hashable) -> tuple[str, list[Key | None]]:
        """The page's Markdown with every block already converted replaced by a reference, and the keys of the
        blocks left in it (in order; None: not to be kept), for after_conversion."""
        pending: list[Key | None] = []

        def replace(match: re.Match[str]) -> str:
            if _LINK_INTO_OWN_FOLDER.search(match.group(1)):
                pending.append(None)
                return match.group(0)
            key = (context, match.group(1))
            index = self._index.get(key)
            if index is None:
                pending.append(key)
                return match.group(0)
            self.reused += 1
            return f"<!-- felles:{index} -->"

        return _MARKDOWN_BLOCK.sub(replace, markdown), pending

    def after_conversion(self, html: str, pending: list[Key | None]) -> str:
        """The page's HTML with the kept blocks put back and all markers removed; keeps the HTML of `pending`."""
        converted = [inner.strip() for inner in _HTML_BLOCK.findall(html)]
        if len(converted) == len(pending):  # otherwise a marker was lost in conversion: keep nothing from this page
            for key, inner in zip(pending, converted):
                if key is not None and key not in self._index and ' id="' not in inner and "<!-- felles" not in inner:
                    self._index[key] = len(self._html)
                    self._html.append(inner)
        html = _HTML_BLOCK.sub(lambda m: "\n" + m.group(1).strip() + "\n", html)
        return _HTML_REFERENCE.sub(lambda m: "\n" + self._html[int(m.group(1))] + "\n", html)
