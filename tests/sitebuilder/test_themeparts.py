"""themeparts.ThemeParts: which pages may get a kept part of the theme template, and under which key. The whole
site built with and without it is compared in test_build.py."""

from __future__ import annotations

from types import SimpleNamespace as NS

from forlopsinfo.sitebuilder.themeparts import ThemeParts


def heading(id: str, title: str, level: int, children=()) -> NS:
    return NS(id=id, title=title, level=level, children=list(children))


def page(src_uri: str, url: str, *, headings=("Kontakt", "Lovverk"), title="Volda", in_nav=False, meta=None) -> NS:
    toc = [heading(title.lower(), title, 1, [heading(h.lower(), h, 2) for h in headings])]
    return NS(file=NS(src_uri=src_uri), url=url, parent=None, previous_page=NS() if in_nav else None,
              next_page=None, meta=meta or {"toc_depth": 2}, toc=toc)


def render(parts: ThemeParts, name: str, p: NS, text: str) -> str:
    return parts(name, p, caller=lambda: text)


def test_kommune_pages_of_one_folder_share_a_part() -> None:
    parts = ThemeParts()
    assert render(parts, "footer", page("nb/kommune/1577-volda.md", "kommune/1577-volda/"), "A") == "A"
    assert render(parts, "footer", page("nb/kommune/1520-orsta.md", "kommune/1520-orsta/"), "B") == "A"
    assert parts.reused == 1


def test_the_page_title_is_not_part_of_the_table_of_contents_key() -> None:
    """Material lists the headings under the page's h1, not the h1: pages with the same headings share sidebars,
    pages with other headings do not."""
    volda = page("nb/kommune/1577-volda.md", "kommune/1577-volda/", title="Volda")
    orsta = page("nb/kommune/1520-orsta.md", "kommune/1520-orsta/", title="Ørsta")
    bergen = page("nb/kommune/4601-bergen.md", "kommune/4601-bergen/", title="Bergen", headings=("Kontakt",))
    assert ThemeParts.key("sidebars", volda) == ThemeParts.key("sidebars", orsta)
    assert ThemeParts.key("sidebars", volda) != ThemeParts.key("sidebars", bergen)
    assert ThemeParts.key("sidebars", volda) != ThemeParts.key(
        "sidebars", page("nb/kommune/1520-orsta.md", "kommune/1520-orsta/", meta={"toc_depth": 3}))


def test_other_folders_languages_and_depths_get_their_own() -> None:
    keys = {
        ThemeParts.key("footer", page("nb/kommune/1577-volda.md", "kommune/1577-volda/")),
        ThemeParts.key("footer", page("nn/kommune/1577-volda.md", "nn/kommune/1577-volda/")),
        ThemeParts.key("footer", page("nb/fylke/vestland.md", "fylke/vestland/")),
        ThemeParts.key("search", page("nb/kommune/1577-volda.md", "kommune/1577-volda/")),
    }
    assert len(keys) == 4 and None not in keys


def test_national_pages_and_pages_in_the_navigation_are_rendered_every_time() -> None:
    parts = ThemeParts()
    for p in (page("nb/rettigheter.md", "rettigheter/"), page("nb/index.md", ""),
              page("nb/kommune/1577-volda.md", "kommune/1577-volda/", in_nav=True), NS(file=None), None):
        assert ThemeParts.key("sidebars", p) is None
        assert render(parts, "sidebars", p, "X") == "X"
        assert render(parts, "sidebars", p, "Y") == "Y"
    assert parts.reused == 0


def test_reset_forgets_everything() -> None:
    parts = ThemeParts()
    render(parts, "footer", page("nb/kommune/1577-volda.md", "kommune/1577-volda/"), "A")
    parts.reset()
    assert render(parts, "footer", page("nb/kommune/1520-orsta.md", "kommune/1520-orsta/"), "B") == "B"
