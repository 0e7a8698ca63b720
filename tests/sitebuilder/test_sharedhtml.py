"""sharedhtml.SharedBlocks: text marked <!-- felles --> is converted once and reused, with the same HTML as a
conversion of every page. The whole-site comparison is in test_build.py; here the rules, one by one."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from forlopsinfo.sitebuilder.sharedhtml import SharedBlocks

EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition"]
CONTEXT = ("nb/kommune", 2, False, True)


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


def page(name: str, shared: str) -> str:
    return f"""# {name}

Kontakt {name}.

<div class="generelt" markdown>

## Felles tittel

<!-- felles -->

{shared}

<!-- /felles -->

</div>

Slutt for {name}.
"""


def through(blocks: SharedBlocks, text: str, context=CONTEXT) -> str:
    text, pending = blocks.before_conversion(text, context)
    return blocks.after_conversion(convert(text), pending)


def without_sharing(text: str) -> str:
    return SharedBlocks().after_conversion(convert(text), [])


SHARED = "- [Rettigheter](../rettigheter.md) og *mer*\n- Ring [113](tel:113)\n\n[Flere](../akutt-hjelp.md)"


def test_second_page_reuses_the_html_and_gets_the_same_result() -> None:
    blocks = SharedBlocks()
    first, second = page("Ringerike", SHARED), page("Volda", SHARED)
    assert through(blocks, first) == without_sharing(first)
    marked, _ = blocks.before_conversion(second, CONTEXT)
    assert "Rettigheter" not in marked and "<!-- felles:0 -->" in marked  # not converted again
    assert through(blocks, second) == without_sharing(second)
    assert blocks.reused == 2
    html = through(blocks, second)
    assert "<!-- felles" not in html and "<em>mer</em>" in html and "Volda" in html


def test_blocks_are_kept_apart_by_text_and_by_folder() -> None:
    blocks = SharedBlocks()
    through(blocks, page("A", SHARED))
    other_text = page("B", SHARED.replace("mer", "annet"))
    assert through(blocks, other_text) == without_sharing(other_text)
    assert blocks.reused == 0
    through(blocks, page("C", SHARED), context=("nb/fylke", 2, False, True))
    assert blocks.reused == 0


@pytest.mark.parametrize("shared", [
    "### En overskrift\n\nTekst.",  # headings feed the table of contents: never reused
    "Tekst med id.\n{ #fast-id }",
    "[Til en side i samme mappe](oslo.md)",  # a page's link to itself is written differently
])
def test_blocks_that_depend_on_the_page_are_converted_every_time(shared: str) -> None:
    blocks = SharedBlocks()
    for name in ("A", "B"):
        text = page(name, shared)
        assert through(blocks, text) == without_sharing(text)
    assert blocks.reused == 0


def test_a_marker_lost_in_conversion_keeps_nothing() -> None:
    """If the HTML has fewer blocks than the Markdown had, the blocks cannot be matched up: nothing is kept."""
    blocks = SharedBlocks()
    text, pending = blocks.before_conversion(page("A", SHARED) + "\n<!-- felles -->\n\nTo\n\n<!-- /felles -->\n", CONTEXT)
    assert len(pending) == 2
    html = blocks.after_conversion(convert(page("A", SHARED)), pending)  # as if the second pair had vanished
    assert "<!-- felles" not in html
    through(blocks, page("B", SHARED))
    assert blocks.reused == 0


def test_markers_in_a_code_block_are_text() -> None:
    text = page("A", SHARED) + "\n    <!-- felles -->\n    kode\n    <!-- /felles -->\n"
    blocks = SharedBlocks()
    assert through(blocks, text) == without_sharing(text)
    assert "&lt;!-- felles --&gt;" in through(blocks, text)


def test_reset_forgets_everything() -> None:
    blocks = SharedBlocks()
    through(blocks, page("A", SHARED))
    blocks.reset()
    through(blocks, page("B", SHARED))
    assert blocks.reused == 0


def test_generated_kommune_pages_share_and_render_the_same(built: Path) -> None:
    """Every generated kommune page, converted in a row as the build does: the same HTML as one by one, and the
    national text is converted once per language, not once per page."""
    docs = built / "build" / "docs"
    blocks = SharedBlocks()
    pages = sorted((docs / "nb" / "kommune").glob("*.md"))
    for path in pages:
        text = path.read_text("utf-8").split("---\n", 2)[2]
        assert through(blocks, text) == without_sharing(text), path
    assert blocks.reused > 5 * len(pages)
