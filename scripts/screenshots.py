"""Screenshots of the web pages for the README (docs/img/*.png), on invented demo data.

    .venv/bin/python scripts/screenshots.py

Builds a demo archive (``benchmarks/web.py``'s ``fill_demo``: invented outcomes for every
authority), serves it on 127.0.0.1, and photographs the national page and a council page
with the OS's headless Chromium (``apt-get install chromium``) through Playwright.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.web import NOW, fill_demo  # noqa: E402
from monitor.store import Store  # noqa: E402
from monitor.web import make_app  # noqa: E402
from monitor.web.app import serve_in_thread  # noqa: E402

OUT = ROOT / "docs" / "img"
SHOTS = (
    ("national.png", "/", 1100, 1150),
    ("council.png", "/council/E06000010", 1000, 1100),
)


def main() -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        store = Store(f"sqlite:///{folder}/demo.db")
        store.migrate()
        fill_demo(store, stories=3000, articles=1500)
        server, _thread = serve_in_thread(make_app(store, lambda: NOW))
        host, port = server.server_address[:2]
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--headless", "--no-sandbox", "--disable-gpu"],
            )
            for name, path, width, height in SHOTS:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"http://{host}:{port}{path}")
                page.screenshot(path=str(OUT / name))
                print(f"{OUT / name}")
            browser.close()
        server.shutdown()
        store.close()


if __name__ == "__main__":
    main()
