"""sitebuilder/critical.py: which rules a page keeps inline, and how its style sheets move (issue 18). The browser
check that the inline CSS paints the final page is tests/check/test_first_paint.py."""

from __future__ import annotations

from pathlib import Path

from forlopsinfo.sitebuilder import critical

PAGE = ('<html><head><title>t</title><link rel="stylesheet" href="a.css"><link rel="stylesheet" href="b.css">'
        '</head><body><div class="kort stor" id="kontakt" data-farge="bla"><a href="tel:113">113</a></div>'
        '</body></html>')


def _sheets(tmp_path: Path, a: str, b: str = "") -> dict[str, Path]:
    (tmp_path / "a.css").write_text(a, encoding="utf-8")
    (tmp_path / "b.css").write_text(b, encoding="utf-8")
    return {"a.css": tmp_path / "a.css", "b.css": tmp_path / "b.css"}


def _inline(tmp_path: Path, a: str, b: str = "", page: str = PAGE, whole=lambda path: False) -> str:
    files = _sheets(tmp_path, a, b)
    critical.critical_css.cache_clear()
    critical._sheet.cache_clear()
    critical._mentioned.cache_clear()
    out = critical.inline_first_paint(page, files.get, lambda paths, first: "alle.css", whole)
    return out[out.index("<style>") + 7: out.index("</style>")]


def test_page_tokens() -> None:
    tokens = critical.page_tokens(PAGE)
    assert {"t:div", "t:a", "c:kort", "c:stor", "i:kontakt", "a:data-farge", "a:data-farge=bla", "a:href=tel:113"} <= tokens
    assert "c:kontakt" not in tokens and "t:span" not in tokens


def test_a_rule_is_kept_only_when_the_page_has_what_it_names(tmp_path: Path) -> None:
    css = _inline(tmp_path, ".kort{color:red}.borte{color:blue}div.stor>a{margin:0}span{padding:0}#kontakt{x:1}")
    assert css == ".kort{color:red}div.stor>a{margin:0}#kontakt{x:1}"


def test_a_selector_list_keeps_its_matching_selectors_only(tmp_path: Path) -> None:
    assert _inline(tmp_path, ".borte,.kort .ukjent,.kort a{color:red}") == ".kort a{color:red}"


def test_pseudo_classes_and_negations_never_drop_a_rule(tmp_path: Path) -> None:
    css = _inline(tmp_path, "a:hover{color:red}.kort:not(.borte){x:1}div:is(.borte){y:2}a::before{z:3}")
    assert css == "a:hover{color:red}.kort:not(.borte){x:1}div:is(.borte){y:2}a::before{z:3}"


def test_attribute_values_must_match(tmp_path: Path) -> None:
    css = _inline(tmp_path, '[data-farge=bla]{a:1}[data-farge=rod]{b:2}[data-farge^=r]{c:3}[open]{d:4}')
    assert css == "[data-farge=bla]{a:1}[data-farge^=r]{c:3}"


def test_media_blocks_are_pruned_inside_and_dropped_when_empty(tmp_path: Path) -> None:
    css = _inline(tmp_path, "@media print{.kort{a:1}.borte{b:2}}@media screen{.borte{c:3}}@keyframes k{to{x:1}}")
    assert css == "@media print{.kort{a:1}}@keyframes k{to{x:1}}"


def test_custom_properties_are_kept_when_read(tmp_path: Path) -> None:
    css = _inline(tmp_path, ":root{--a:var(--b);--b:red;--ubrukt:url(data:x);--c:1px}.kort{color:var(--a)}")
    assert css == ":root{--a:var(--b);--b:red}.kort{color:var(--a)}"


def test_order_across_sheets_is_kept_and_own_sheet_whole(tmp_path: Path) -> None:
    css = _inline(tmp_path, ".kort{a:1}.borte{b:2}", ".borte{c:3}.kort{d:4}", whole=lambda p: p.name == "b.css")
    assert css == ".kort{a:1}.borte{c:3}.kort{d:4}"


def test_links_become_one_late_link_after_the_content(tmp_path: Path) -> None:
    files = _sheets(tmp_path, ".kort{a:1}", ".stor{b:2}")
    out = critical.inline_first_paint(PAGE, files.get, lambda paths, first: f"alle-{len(paths)}.css")
    head, body = out.split("</head>")
    assert "<link rel=\"stylesheet\"" not in head and head.count("<style>") == 1
    assert body.endswith('</div><link rel="stylesheet" href="alle-2.css"></body></html>')


def test_the_combined_sheet_is_the_sheets_in_order(tmp_path: Path) -> None:
    files = _sheets(tmp_path, ".a{x:1}\n/*# sourceMappingURL=a.css.map */\n", ".b{y:2}\n")
    name, data = critical.combined((files["a.css"], files["b.css"]))
    assert data == b".a{x:1}\n.b{y:2}\n"
    assert name.startswith("forlopsinfo-alle.") and name.endswith(".css")
    assert critical.combined((files["b.css"], files["a.css"]))[0] != name


def test_a_page_is_left_alone_when_a_sheet_is_unknown_or_would_end_the_style(tmp_path: Path) -> None:
    files = _sheets(tmp_path, ".kort{content:'</style>'}")
    late = lambda paths, first: "alle.css"  # noqa: E731
    assert critical.inline_first_paint(PAGE, lambda href: None, late) == PAGE
    assert critical.inline_first_paint(PAGE, files.get, late) == PAGE
