"""The pages in a real browser: the OS's headless Chromium, driven by Playwright.

Needs Debian's ``chromium`` package (``apt-get install chromium``; ``.ci/run`` installs it) and
the ``playwright`` Python package (test extra). Playwright's own browser download is never
used: the tests launch ``/usr/bin/chromium``. Skipped, with the reason, where either is absent.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from monitor.store import Store
from monitor.web import make_app
from monitor.web.app import serve_in_thread
from monitor.web.chart import GRADE_COLOURS
from tests.web_data import CAMDEN, CWAC, HOSTILE_TITLE, HULL, LATEST, NOW, fill

CHROMIUM = (
    os.environ.get("MONITOR_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-extensions",
]
# the browser only renders what the server sends: it runs without an LD_PRELOAD the suite runs
# under (libfaketime, in the any-date check, stalls Chromium's page loads)
BROWSER_ENV = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="the playwright package is not installed (test extra)"
)
if not Path(CHROMIUM).exists():
    pytest.skip(
        f"no Chromium at {CHROMIUM}: apt-get install chromium to run the browser tests",
        allow_module_level=True,
    )


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("web")
    store = Store(f"sqlite:///{folder / 'monitor.db'}")
    store.migrate()
    fill(store)
    server, thread = serve_in_thread(make_app(store, lambda: NOW))
    host, port = server.server_address[:2]
    yield f"http://{host}:{port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, env=BROWSER_ENV
            )
        except Exception as exc:  # a Chromium that cannot start here: say why, do not fail
            pytest.skip(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.dialogs = dialogs
    yield tab
    context.close()


def rgb(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_map_shows_one_hex_per_authority_in_the_right_colour(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    hexes = page.locator("#hexmap polygon")
    assert hexes.count() == 153
    for code, grade in LATEST.items():
        polygon = page.locator(f"#hexmap polygon[data-code='{code}']")
        painted = polygon.evaluate("p => getComputedStyle(p).fill")
        assert painted == rgb(GRADE_COLOURS[grade]), code
        assert polygon.bounding_box()["width"] > 5  # drawn, visible
    page.get_by_role("link", name="Area SEND outcome (2023 framework)").click()
    assert "colour=send" in page.url
    assert page.locator("#hexmap polygon[data-value='systemic']").count() == 1


def test_hex_links_open_the_council_page(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    page.locator(f"#hexmap a[href='/council/{HULL}']").click()
    page.wait_for_url(f"**/council/{HULL}")
    assert page.locator("h1").inner_text() == "Kingston upon Hull, City of"
    assert page.locator("svg.chart circle").count() == 2
    page.get_by_role("link", name="England").click()
    page.wait_for_url(base_url + "/")


def test_summary_table_sorts_by_clicking_a_header(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    rows = page.locator("#summary tbody tr")
    assert rows.count() == 153
    page.locator("#summary thead a[data-sort='judgement']").click()
    page.wait_for_url("**sort=judgement**")
    assert rows.nth(0).get_attribute("data-code") == HULL  # inadequate first
    assert rows.nth(1).get_attribute("data-code") == CWAC
    page.locator("#summary thead a[data-sort='judgement']").click()
    page.wait_for_url("**dir=desc**")
    assert rows.nth(0).get_attribute("data-code") == CAMDEN  # outstanding first
    header = page.locator("#summary thead th[aria-sort]")
    assert header.get_attribute("aria-sort") == "descending"


def test_search_finds_the_right_stories(page: Any, base_url: str) -> None:
    page.goto(base_url + "/stories")
    assert page.locator("#stories tbody tr").count() == 13
    page.get_by_label("Search the coverage").fill('"widespread failings"')
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=**")
    councils = page.locator("#stories tbody td:nth-child(2) a").all_inner_texts()
    assert councils == ["Cumberland"]
    page.get_by_label("Search the coverage").fill("damning OR improve")
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state()
    councils = page.locator("#stories tbody td:nth-child(2) a").all_inner_texts()
    assert sorted(councils) == ["Cheshire West and Chester", "Kingston upon Hull, City of"]


def test_a_hostile_title_is_shown_as_text(page: Any, base_url: str) -> None:
    page.goto(base_url + f"/council/{HULL}")
    links = page.locator("ul.coverage a").all_inner_texts()
    assert HOSTILE_TITLE in links
    assert page.locator("script").count() == 0  # nothing the headline carried was run or built
    assert page.locator("ul.coverage b").count() == 0
    page.goto(base_url + "/stories?q=pwned")
    assert HOSTILE_TITLE in page.locator("#stories .headlines a").all_inner_texts()
    assert page.dialogs == []
