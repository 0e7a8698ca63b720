"""Markdown extension (build side, MkDocs config): skip inline Markdown syntax that generated pages never contain.

Python-Markdown tries every inline pattern on every piece of text, so with ~100 text pieces per kommune page the
patterns are most of the Markdown time. Kommune and fylke pages are written by the generator from templates, and
every value from a data file is escaped (render.md_escape), so code spans, reference and image links, autolinks,
hard line breaks and entities never occur in them. On those pages only (the hook in mkdocs_hooks.py
sets `trim`), these patterns are switched off: the same HTML, ~25 % less Markdown time. Hand-written pages keep
full Markdown. tests/sitebuilder/test_build.py renders every generated page both ways and requires identical HTML.
"""

from __future__ import annotations

from markdown import Extension, Markdown

from forlopsinfo.layout import LIST_AND_KOMMUNE_FOLDERS

UNUSED_ON_GENERATED_PAGES = (
    "backtick", "reference", "image_link", "image_reference", "short_reference", "short_image_ref",
    "autolink", "automail", "linebreak", "entity",
)


def is_generated_list_or_kommune_page(src_uri: str) -> bool:
    """build/docs/<lang>/kommune/*.md and <lang>/fylke/*.md."""
    parts = src_uri.split("/")
    return len(parts) == 3 and parts[1] in LIST_AND_KOMMUNE_FOLDERS


class TrimExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {"trim": [False, "switch the unused inline patterns off"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        if self.getConfig("trim"):
            for name in UNUSED_ON_GENERATED_PAGES:
                if name in md.inlinePatterns:
                    md.inlinePatterns.deregister(name)


def makeExtension(**kwargs) -> TrimExtension:  # noqa: N802 (Python-Markdown's name)
    return TrimExtension(**kwargs)
