"""The first paint is the final page (issue 18, sitebuilder/critical.py): every page carries inline the CSS it needs
and loads the full style sheets only at the end of <body>. If a rule the page needs were missing from the inline
copy, the page would first paint unstyled and then jump when the sheets arrive.

So each page type is laid out twice in Chromium, at 360 and 1280 px: as built, and with the late style sheet links
cut out (what a reader sees before they arrive). Every element must have the same box and the same look in both."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from conftest import chromium_browser
from site_server import PAGE_TYPES, served  # noqa: F401 (served: a fixture)

LATE_LINKS = re.compile(r'<link rel="stylesheet" href="[^"]+">(?=</body>)')
# Running transitions are finished first: the snapshot is of the page at rest.
SNAPSHOT = """() => {
document.getAnimations().forEach(a => a.finish());
return [...document.querySelectorAll('body *:not(link)')].map(e => {
  const r = e.getBoundingClientRect(), s = getComputedStyle(e);
  return [e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className, Math.round(r.left), Math.round(r.top),
          Math.round(r.width), Math.round(r.height), s.color, s.backgroundColor, s.fontSize, s.fontWeight,
          s.fontFamily, s.display, s.visibility, s.borderTopWidth, s.borderTopColor];
});
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium_browser() as browser:
        yield browser


# One page of each template (the nn pages share their nb twin's template), and the 404 page.
PAGES = [p for p in PAGE_TYPES if not p.startswith("nn/")] + ["nn/kommune/1577-volda/"]


def _cut_late_links(route: object) -> None:
    response = route.fetch()  # type: ignore[attr-defined]
    body = response.text()
    if response.headers.get("content-type", "").startswith("text/html"):
        assert LATE_LINKS.search(body), f"no style sheet link at the end of <body>: {route.request.url}"  # type: ignore[attr-defined]
        body = LATE_LINKS.sub("", body)
    route.fulfill(response=response, body=body)  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [360, 1280])
def test_the_inline_css_paints_the_final_page(browser: object, served: str, width: int) -> None:
    final = browser.new_page(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    first = browser.new_page(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    first.route(lambda url: url.endswith("/") or url.endswith(".html"), _cut_late_links)
    differ = {}
    try:
        for path in PAGES:
            shots = []
            for page in (final, first):
                page.goto(served + path, wait_until="load")
                if path.endswith("kommuneskjema/"):  # the form is drawn once its spec has arrived
                    page.wait_for_selector("#kommuneskjema[data-klar]")
                shots.append(page.evaluate(SNAPSHOT))
            changed = [(a, b) for a, b in zip(*shots) if a != b]
            if len(shots[0]) != len(shots[1]) or changed:
                differ[path] = changed[:3]
    finally:
        final.close()
        first.close()
    assert differ == {}


def test_no_style_sheet_holds_back_the_first_paint(site_dir) -> None:
    """No <link rel=stylesheet> in <head> of any page: the CSS there is inline, the sheets come after the content."""
    blocking = []
    for page in sorted(site_dir.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        head = html[: html.find("</head>")]
        if 'rel="stylesheet"' in head and "innbygging" not in page.parts:
            blocking.append(page.relative_to(site_dir).as_posix())
    assert blocking == []
