"""Accessibility, privacy and keyboard use in a real browser: axe-core in Debian's Chromium on every page type at
360 and 1280 px (with search results, the finder's matches and the kommune form filled in shown too), no request to another host, no CSP
violation or script error, the skip link and visible focus. The phone checks are in test_on_a_phone.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from conftest import chromium_browser
from site_server import PAGE_TYPES, PREFIX, served  # noqa: F401 (served: a fixture)

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


# --- 5. accessibility, privacy and keyboard in a real browser -----------------------------------------------


@pytest.fixture(scope="module")  # closed after this module: only one Playwright may run at a time
def browser() -> Iterator[object]:
    with chromium_browser() as browser:
        yield browser


def watch(page: object, url: str) -> tuple[list[str], list[str]]:
    """Lists that fill up as the page (sync or async Playwright) asks another host for anything, and as it reports a
    CSP violation or a script error."""
    outside: list[str] = []
    problems: list[str] = []
    origin = url.split(PREFIX)[0]
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith((origin, "data:", "blob:")) else None)  # type: ignore[attr-defined]
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: problems.append(str(e)))  # type: ignore[attr-defined]
    return outside, problems


def open_page(browser: object, url: str, width: int) -> tuple[object, list[str], list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 800})  # type: ignore[attr-defined]
    outside, problems = watch(page, url)
    page.goto(url, wait_until="load")
    return page, outside, problems


AXE_WIDTHS = (360, 1280)
AXE_AT_ONCE = 3  # pages checked at the same time: axe runs in each page's own renderer process, so cores are used
UNTHROTTLED = ["--disable-background-timer-throttling", "--disable-renderer-backgrounding",
               "--disable-backgrounding-occluded-windows"]
SETTLED = "() => document.getAnimations().every(a => a.playState !== 'running')"


async def _axe_case(browser: object, served: str, path: str, limit: object) -> dict[int, tuple[list, list, list]]:
    """axe in one page at each width, narrowest first (the window is widened, as when a reader turns a tablet):
    width -> (violations, requests to other hosts so far, CSP violations and script errors so far)."""
    from axe_playwright_python.async_playwright import Axe

    out = {}
    async with limit:  # type: ignore[attr-defined]
        page = await browser.new_page(viewport={"width": AXE_WIDTHS[0], "height": 800})  # type: ignore[attr-defined]
        url = served + {"SEARCH": "sok/", "FINDER": "", "FORM": "kommuneskjema/", "FORM_NN": "nn/kommuneskjema/"}.get(path, path)
        outside, problems = watch(page, url)
        try:
            await page.goto(url, wait_until="load")
            if path == "SEARCH":  # the search page, with results
                await page.fill("#sok", "Bergen")
                await page.wait_for_selector(".sok-treff li", timeout=15000)
            if path == "FINDER":  # the front page's finder, with a typo and its «Mente du»
                await page.fill("#finn-kommune", "Bergn")
                await page.wait_for_selector(".finn-kommune-treff a", timeout=15000)
            if path.startswith("FORM"):  # the kommune form with every field drawn, published data and a mistake
                await page.wait_for_selector("#kommuneskjema[data-klar]", timeout=15000)
                await page.select_option("#ks-kommune", "3305" if path == "FORM" else "1577")
                await page.click(".ks-knapper button:nth-child(2)")
                await page.wait_for_selector("#ks-fyll-inn:not([hidden])", timeout=15000)
                await page.fill("#ks-koordinerende_enhet-telefon", "12")
            elif path.endswith("kommuneskjema/"):
                await page.wait_for_selector("#kommuneskjema[data-klar]", timeout=15000)
            await page.evaluate(Axe().axe_script)  # axe-core into the page, once for both widths
            options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
            for width in AXE_WIDTHS:
                await page.set_viewport_size({"width": width, "height": 800})
                # the search overlay fades in: text in mid-animation has too little contrast, and nobody reads it then
                await page.wait_for_function(SETTLED, timeout=5000)
                # every rule of the tags runs; only the violations are reported in full (the rest is not sent back)
                response = await page.evaluate("options => axe.run(document, options)", options)
                violations = [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
                              for v in response["violations"]]
                out[width] = (violations, list(outside), list(problems))
        finally:
            await page.close()
    return out


@pytest.fixture(scope="module")
def axe_results(served: str) -> dict[tuple[str, int], object]:
    """Every page type at both widths (one page load each), AXE_AT_ONCE pages at a time in one headless Chromium (async Playwright, in a
    thread of its own so it never meets the module's sync Playwright). Each case's result, or the error it raised."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from playwright.async_api import async_playwright

    from conftest import BROWSER_ARGS, CHROMIUM

    async def check_all() -> dict[tuple[str, int], object]:
        async with async_playwright() as p:
            # pages opened side by side are background pages to Chromium: keep their timers at full speed
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=[*BROWSER_ARGS, *UNTHROTTLED])
            try:
                limit = asyncio.Semaphore(AXE_AT_ONCE)
                paths = PAGE_TYPES + ["SEARCH", "FINDER", "FORM", "FORM_NN"]
                found = await asyncio.gather(*(_axe_case(browser, served, path, limit) for path in paths),
                                             return_exceptions=True)
            finally:
                await browser.close()
        return {(path, width): result if isinstance(result, BaseException) else result[width]
                for path, result in zip(paths, found) for width in AXE_WIDTHS}

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(check_all())).result()


@pytest.mark.parametrize("width", AXE_WIDTHS)
@pytest.mark.parametrize("path", PAGE_TYPES + ["SEARCH", "FINDER", "FORM", "FORM_NN"])
def test_axe_finds_no_violation_and_nothing_leaves_the_machine(axe_results: dict, path: str, width: int) -> None:
    result = axe_results[(path, width)]
    if isinstance(result, BaseException):
        raise result
    violations, outside, problems = result  # type: ignore[misc]
    assert violations == []
    assert outside == [], "requests to other hosts"
    assert problems == [], "CSP violations or script errors"


@pytest.mark.parametrize("path,skip_text", [("kommune/3305-ringerike/", "Gå til innhold"),
                                            ("nn/kommune/1577-volda/", "Gå til innhald")])
def test_keyboard_skip_link_and_visible_focus(browser: object, served: str, path: str, skip_text: str) -> None:
    page, _, _ = open_page(browser, served + path, 360)
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
            " return {text: e.textContent.trim(), top: r.top, w: r.width, outline: s.outlineStyle, shadow: s.boxShadow}; }"
        )
        assert focused["text"] == skip_text and focused["w"] > 0 and focused["top"] >= 0
        assert focused["outline"] != "none" or focused["shadow"] != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("() => location.hash") != ""
        # then the contact box's phone link is reachable and shows focus
        page.focus(".kontaktboks a[href^='tel:']")
        style = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return [s.outlineStyle, s.outlineWidth]; }")
        assert style[0] != "none" and style[1] != "0px"
    finally:
        page.close()
