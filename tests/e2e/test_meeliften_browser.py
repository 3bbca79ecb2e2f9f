"""Meeliften in a real browser: the panel turns its layer on, a viewer's downloads and
squares keep the small-numbers rule, the facilitator gets the addresses."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from geo.i18n import t
from geo.meeliften import MIN_SHOWN
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_workshop_browser import main, sign_in

pytestmark = pytest.mark.e2e
TIMEOUT = 30_000
SQUARES = re.compile(r"(\d+) woningen in (\d+) vakken")


def legend_squares(app: Any) -> tuple[int, int]:
    """(candidate homes, squares) as the meeliften legend on the map states them."""
    legend = app.page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
        ".afk-legend-section", has_text=t("layer.meeliften")
    )
    expect(legend).to_be_visible(timeout=TIMEOUT)
    match = SQUARES.search(legend.inner_text())
    assert match, legend.inner_text()
    return int(match.group(1)), int(match.group(2))


def download(app: Any, name: str) -> bytes:
    app.wait_idle()
    with app.page.expect_download(timeout=TIMEOUT) as info:
        main(app).get_by_role("button", name=name).click()
    return open(info.value.path(), "rb").read()


def csv_rows(app: Any) -> list[dict[str, str]]:
    """The rows of the CSV the visible tab's download button gives."""
    text = download(app, t("mee.download_csv")).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_a_viewer_sees_only_counts_of_5_or_more(app_url: str, open_app: Any) -> None:
    app = open_app(f"{app_url}/?panel=meeliften", block_outside=True)
    app.wait_idle()
    # Opening the panel turned the layer on: it is named in the map's title line.
    title = app.page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
        ".afk-title"
    )
    expect(title).to_contain_text(t("layer.meeliften"), timeout=TIMEOUT)
    homes, squares = legend_squares(app)
    assert homes > 100 and squares > 0
    expect(main(app).get_by_text(t("mee.privacy"))).to_be_visible()
    # No address list for a viewer.
    expect(main(app).get_by_role("tab", name=t("mee.level.candidates"))).to_have_count(0)

    main(app).get_by_role("tab", name=t("mee.level.streets")).click()
    rows = list(
        csv.DictReader(io.StringIO(download(app, t("mee.download_csv")).decode("utf-8-sig")))
    )
    assert rows, "the viewer's street table is not empty"
    counts = [int(r["candidates"]) for r in rows]
    assert min(counts) >= MIN_SHOWN
    for row in rows:
        for label in ("D", "E", "F", "G", "geen"):
            assert row[label] == "" or int(row[label]) == 0 or int(row[label]) >= MIN_SHOWN

    workbook = openpyxl.load_workbook(io.BytesIO(download(app, t("mee.download_xlsx"))))
    assert "Adressen" not in workbook.sheetnames
    app.assert_no_errors()
    assert not app.aborted


def test_the_facilitator_sees_every_square_and_the_addresses(app_url: str, open_app: Any) -> None:
    viewer = open_app(f"{app_url}/?panel=meeliften", block_outside=True)
    viewer.wait_idle()
    viewer_homes, viewer_squares = legend_squares(viewer)

    app = open_app(f"{app_url}/?panel=meeliften", block_outside=True)
    sign_in(app, t("access.facilitator"), "demo-facilitator")
    homes, squares = legend_squares(app)
    assert homes == viewer_homes  # the same analysis ...
    assert squares > viewer_squares  # ... with the small squares shown
    tab = main(app).get_by_role("tab", name=t("mee.level.candidates"))
    tab.click()
    rows = list(
        csv.DictReader(io.StringIO(download(app, t("mee.download_csv")).decode("utf-8-sig")))
    )
    assert len(rows) == homes
    assert all(re.fullmatch(r"\d{4} S[ADS]", r["postcode"]) for r in rows)
    workbook = openpyxl.load_workbook(io.BytesIO(download(app, t("mee.download_xlsx"))))
    assert workbook["Adressen"].max_row == homes + 1  # a header and one row per home

    # Distance only, and a smaller radius: fewer homes, on the map as in the panel.
    main(app).get_by_text(t("mee.choices")).click()
    main(app).get_by_text(t("mee.same_street")).click()
    app.wait_idle()
    slider = main(app).get_by_role("slider", name=t("mee.radius"))
    slider.focus()
    for _ in range(4):  # 150 m -> 50 m in steps of 25
        app.page.keyboard.press("ArrowLeft")
    app.wait_idle()
    expect(main(app).get_by_text("binnen 50 m ·", exact=False)).to_be_visible(timeout=TIMEOUT)
    legend = app.page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
        ".afk-legend-section", has_text=t("layer.meeliften")
    )
    expect(legend).to_contain_text("binnen 50 m ·", timeout=TIMEOUT)
    fewer, _ = legend_squares(app)
    assert fewer < homes
    # Not app.screenshot: it waits for every table to draw, and the other tabs' don't.
    ARTIFACTS.mkdir(exist_ok=True)
    app.page.screenshot(path=str(ARTIFACTS / "meeliften-facilitator-1920x1080.png"))
    app.assert_no_errors()
