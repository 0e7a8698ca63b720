"""The site as a citizen meets it on a phone (issue 18), in Debian's Chromium at 360 px: urgent help and the
kommune's call button in the first screen and large enough to tap, no staff link in the citizen menu, one language
per page, the kommune's call button three Tab stops from the top, a finder that forgives typos, and a search that
loads nothing until the reader searches and stays in the reader's language."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import chromium_browser
from site_server import PAGE_TYPES, served  # noqa: F401 (served: a fixture)

FIRST_SCREEN = 740  # px: what a 360 px wide phone shows before scrolling (the measure)
MIN_TARGET = 44  # px: WCAG 2.5.5 tap target
STAFF_PAGES = ("for-kommuner/", "kommuneskjema/", "redigering/", "feltreferanse/", "vanlige-feil/")
CITIZEN_PAGES = [p for p in PAGE_TYPES if not any(p.endswith(s) for s in STAFF_PAGES) and p != "404.html"]
PUBLISHED = ("kommune/3305-ringerike/", "nn/kommune/1577-volda/", "kommune/5612-kautokeino/")
BOX = "e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.width, r.height]; }"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with chromium_browser() as browser:
        yield browser


@pytest.fixture
def phone(browser: object) -> Iterator[object]:
    page = browser.new_page(viewport={"width": 360, "height": FIRST_SCREEN})  # type: ignore[attr-defined]
    yield page
    page.close()


def in_first_screen_and_tappable(box: list[float]) -> bool:
    top, bottom, width, height = box
    return 0 <= top and bottom <= FIRST_SCREEN and width >= MIN_TARGET and height >= MIN_TARGET


def test_every_citizen_page_type_on_a_phone(phone: object, served: str) -> None:
    """113 (and on a kommune page the kommune's call button) in the first screen, at least 44 × 44 px; the menu has
    no page for kommune staff; the page has one language (html lang, and every lang-marked element outside the
    content is the page's)."""
    wrong = []
    for path in CITIZEN_PAGES + ["nn/finnes-ikke/"]:
        phone.goto(served + path, wait_until="load")  # type: ignore[attr-defined]
        lang = "nn" if path.startswith("nn/") else "nb"
        box = phone.evaluate(  # type: ignore[attr-defined]
            "() => { const e = [...document.querySelectorAll(\"a[href='tel:113']\")].find(e => e.offsetParent !== null);"
            " const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.width, r.height]; }")
        if not in_first_screen_and_tappable(box):
            wrong.append((path, "113", box))
        # A kommune page with data has the call button; a page without data has one when Enhetsregisteret gives the
        # kommune's switchboard.
        if path in PUBLISHED or phone.query_selector(".kontaktboks a.ring--kommune"):  # type: ignore[attr-defined]
            call = phone.eval_on_selector(".kontaktboks a.ring--kommune", BOX)  # type: ignore[attr-defined]
            if not in_first_screen_and_tappable(call):
                wrong.append((path, "call button", call))
        menu = phone.eval_on_selector_all(  # type: ignore[attr-defined]
            ".md-nav--primary a", "links => links.map(a => a.getAttribute('href'))")
        staff = [href for href in menu if any(s in href for s in STAFF_PAGES)]
        if staff:
            wrong.append((path, "staff links in the menu", staff))
        langs = phone.evaluate(  # type: ignore[attr-defined]
            "() => [document.documentElement.lang, ...[...document.querySelectorAll('[lang]')]"
            ".filter(e => e.offsetParent !== null && !e.closest('.md-content'))"
            ".map(e => e.getAttribute('lang'))]")
        if set(langs) != {lang}:
            wrong.append((path, "languages", sorted(set(langs))))
    assert wrong == []


def test_call_button_is_three_tab_stops_from_the_top(phone: object, served: str) -> None:
    phone.goto(served + "kommune/3305-ringerike/", wait_until="load")  # type: ignore[attr-defined]
    reached = None
    for stop in range(1, 4):
        phone.keyboard.press("Tab")  # type: ignore[attr-defined]
        focused = phone.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")  # type: ignore[attr-defined]
        if focused[1] == "#kontakt":  # the skip link to the contact card: follow it
            phone.keyboard.press("Enter")  # type: ignore[attr-defined]
        if "ring--kommune" in (focused[0] or ""):
            reached = stop
            break
    assert reached is not None and reached <= 3
    style = phone.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }")  # type: ignore[attr-defined]
    assert style[0] != "none" and style[1] != "0px"


def test_menu_opens_and_closes_from_the_keyboard(phone: object, served: str) -> None:
    """On a phone the menu sits behind a button: it has a name and a Tab stop, Enter opens it with focus on its first
    link, Escape closes it and gives focus back to the button (docs/assets/meny.js)."""
    phone.goto(served + "rettigheter/", wait_until="load")  # type: ignore[attr-defined]
    phone.focus("button.meny-knapp")  # type: ignore[attr-defined]
    assert phone.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Meny"  # type: ignore[attr-defined]
    phone.keyboard.press("Enter")  # type: ignore[attr-defined]
    phone.wait_for_function("() => document.activeElement.classList.contains('md-nav__link')")  # type: ignore[attr-defined]
    assert phone.evaluate("() => document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    phone.keyboard.press("Escape")  # type: ignore[attr-defined]
    assert not phone.evaluate("() => document.getElementById('__drawer').checked")  # type: ignore[attr-defined]
    assert phone.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Meny"  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", [360, 1280])
def test_focus_never_lands_on_something_invisible(phone: object, served: str, width: int) -> None:
    """The closed menu drawer (on a phone) and anything hidden take no Tab stop, at either width."""
    phone.set_viewport_size({"width": width, "height": FIRST_SCREEN})  # type: ignore[attr-defined]
    phone.goto(served + "rettigheter/", wait_until="load")  # type: ignore[attr-defined]
    for _ in range(14):
        phone.keyboard.press("Tab")  # type: ignore[attr-defined]
        visible = phone.evaluate(  # type: ignore[attr-defined]
            "() => { const e = document.activeElement; const r = e.getBoundingClientRect();"
            " return e === document.body || (r.width > 0 && r.height > 0 && r.right > 0 && r.left < innerWidth"
            " && getComputedStyle(e).visibility !== 'hidden'); }")
        assert visible, phone.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")  # type: ignore[attr-defined]


@pytest.mark.parametrize("typed,first,says", [
    ("Bergn", "Bergen", "Mente du"),  # a typo
    ("trondhiem", "Trondheim", "Mente du"),  # two letters swapped
    ("Hå", "Hå", ""),  # the exact name before longer ones
    ("4601", "Bergen", ""),  # the kommunenummer
    ("Guovdageaidnu", "Kautokeino", ""),  # the Sami name
])
def test_finder_forgives_and_opens_the_first_match(phone: object, served: str, typed: str, first: str, says: str) -> None:
    phone.goto(served, wait_until="load")  # type: ignore[attr-defined]
    phone.fill("#finn-kommune", typed)  # type: ignore[attr-defined]
    buttons = phone.eval_on_selector_all(".finn-kommune-treff a", "as => as.map(a => a.firstChild.textContent)")  # type: ignore[attr-defined]
    assert buttons and buttons[0] == first
    assert says in phone.inner_text(".finn-kommune-status")  # type: ignore[attr-defined]
    box = phone.eval_on_selector(".finn-kommune-treff a", BOX)  # type: ignore[attr-defined]
    assert box[3] >= MIN_TARGET
    phone.press("#finn-kommune", "Enter")  # type: ignore[attr-defined]
    phone.wait_for_load_state()  # type: ignore[attr-defined]
    assert "/kommune/" in phone.url  # type: ignore[attr-defined]


def test_finder_does_not_match_link_addresses(phone: object, served: str) -> None:
    phone.goto(served, wait_until="load")  # type: ignore[attr-defined]
    phone.fill("#finn-kommune", "kommune")  # type: ignore[attr-defined]
    assert phone.eval_on_selector_all(".finn-kommune-treff a", "as => as.length") == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("path,lang", [("sok/", "nb"), ("nn/sok/", "nn")])
def test_search_loads_its_index_only_when_used_and_stays_in_the_language(
        phone: object, served: str, path: str, lang: str) -> None:
    requests: list[str] = []
    phone.on("request", lambda r: requests.append(r.url))  # type: ignore[attr-defined]
    for page_path in ("kommune/3305-ringerike/", path):
        phone.goto(served + page_path, wait_until="networkidle")  # type: ignore[attr-defined]
    assert not [r for r in requests if r.endswith((".json", "search.js")) or "/workers/" in r]
    phone.fill("#sok", "Frisklivssentralen")  # type: ignore[attr-defined]
    phone.wait_for_selector(".sok-treff li")  # type: ignore[attr-defined]
    assert [r for r in requests if r.endswith("sok.json")] == [served + ("" if lang == "nb" else "nn/") + "sok.json"]
    links = phone.eval_on_selector_all(".sok-treff a", "as => as.map(a => a.href)")  # type: ignore[attr-defined]
    assert links and all(link.startswith(served + ("" if lang == "nb" else "nn/")) for link in links)
    assert all("/nn/" not in link for link in links) if lang == "nb" else True
    assert not [link for link in links if any(s in link for s in STAFF_PAGES)]
    assert any(link.endswith("kommune/3305-ringerike/") for link in links)
