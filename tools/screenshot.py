"""Screenshot the app in headless Debian Chromium.

Usage: `python -m tools.screenshot URL OUT.png [WxH]` against a running app. Waits
until the map has drawn and Streamlit is idle, so the picture shows what a user sees.
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

from tools.appserver import CHROMIUM, CHROMIUM_ARGS

MAP = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def main() -> None:
    url, out = sys.argv[1], sys.argv[2]
    size = sys.argv[3] if len(sys.argv) > 3 else "1920x1080"
    width, height = (int(v) for v in size.split("x"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.wait_for_selector(IDLE, timeout=60_000)
        page.frame_locator(MAP).locator(".leaflet-container").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # let markers and fitting settle for the picture
        page.wait_for_selector(IDLE, timeout=60_000)
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main()
