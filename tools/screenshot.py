"""Screenshot the app in headless Debian Chromium.

Usage: `python tools/screenshot.py URL OUT.png [WxH]`.

Waits until the map has drawn and Streamlit is idle, so the picture shows what a user sees.
"""

from __future__ import annotations

import sys

from playwright.sync_api import sync_playwright

MAP = 'iframe[title="streamlit_folium.st_folium"]'
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main() -> None:
    url, out = sys.argv[1], sys.argv[2]
    width, height = (int(v) for v in (sys.argv[3] if len(sys.argv) > 3 else "1920x1080").split("x"))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.wait_for_selector(IDLE, timeout=60_000)
        page.frame_locator(MAP).locator(".leaflet-container").wait_for(timeout=60_000)
        page.wait_for_timeout(1500)  # let tiles/markers settle for the picture
        page.wait_for_selector(IDLE, timeout=60_000)
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main()
