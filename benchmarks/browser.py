"""Page loads in Debian Chromium: time to a visible map, and the map's bytes.

Each load uses a fresh browser context (empty cache, new Streamlit session).

Time: navigation start until, inside `iframe[title="streamlit_folium.st_folium"]`,
the Leaflet map has a size, at least one polygon path per buurt and (for pages
with homes) at least one home cluster. The check runs in the top document on
every animation frame (`polling="raf"`) and returns `performance.now()`, which
counts from the top document's navigation start.

Bytes, from a CDP session:
- HTTP: `Network.loadingFinished.encodedDataLength` (bytes on the wire, headers
  included) of every request made by the component's iframe (the iframe's own
  document, streamlit-folium's bundle, Leaflet and plugins under /app/static, and
  images they pull in). Attributed by CDP frame id: the frame whose document is
  /component/streamlit_folium.st_folium/...
- websocket: payload bytes of the frames (`Network.webSocketFrameReceived`) that
  carry the st_folium component: each frame is one protobuf ForwardMsg, parsed
  here; counted are the `new_element.component_instance` deltas of
  streamlit_folium.st_folium and the `ref_hash` messages that point at one of
  them (Streamlit's front end caches large elements by hash; a map it has seen
  before comes as a reference of a few hundred bytes). Streamlit sends
  websocket frames uncompressed (server.enableWebsocketCompression is off by
  default), so payload bytes are wire bytes (plus a few bytes of framing).
Streamlit's own front end (page HTML, JS/CSS bundle, fonts) is counted apart.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from playwright.sync_api import Browser, CDPSession, Page, sync_playwright
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tools import appserver

CHROMIUM = str(appserver.CHROMIUM)
MAP_IFRAME = 'iframe[title="streamlit_folium.st_folium"]'
COMPONENT_NAME = "streamlit_folium.st_folium"
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
VIEWPORT = {"width": 1920, "height": 1080}
# Offline: every host but the local server fails to resolve (no request
# interception, which would slow every request down).
CHROMIUM_ARGS = [
    *appserver.CHROMIUM_ARGS,
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

VISIBLE_MAP_JS = """
(spec) => {
  const err = document.querySelector('[data-testid="stException"], [data-testid="stAlert"]');
  if (err && /Error|Exception|klopt niet|not valid/.test(err.textContent)) {
    return {error: err.textContent.slice(0, 500)};
  }
  const f = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  if (!f || f.getBoundingClientRect().height < 100) return false;
  const d = f.contentDocument;
  if (!d) return false;
  const c = d.querySelector('.leaflet-container');
  if (!c || c.clientHeight < 100 || c.clientWidth < 100) return false;
  if (d.querySelectorAll('path.leaflet-interactive').length < spec.polygons) return false;
  if (spec.markers && !d.querySelector(spec.markers)) return false;
  return performance.now();
}
"""

YEAR_CHANGE_JS = """
async (year) => {
  const label = String(year);
  const buttons = [...document.querySelectorAll('section[data-testid="stSidebar"] button')];
  const button = buttons.find((b) => b.textContent.trim() === label);
  if (!button) throw new Error('no sidebar button for ' + label);
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const shows = () => {
    const el = frame.contentDocument && frame.contentDocument.querySelector('.afk-title');
    return !!el && el.textContent.includes('· ' + label);
  };
  if (shows()) throw new Error('the map already shows ' + label);
  const t0 = performance.now();
  button.click();
  return await new Promise((resolve, reject) => {
    const check = () => {
      if (shows()) resolve(performance.now() - t0);
      else if (performance.now() - t0 > 30000) reject(new Error('no year change in 30 s'));
      else requestAnimationFrame(check);
    };
    check();
  });
}
"""


class PageError(RuntimeError):
    """The page shows an exception or error message instead of its map."""


@dataclass
class PageSpec:
    name: str
    polygons: int  # at least this many interactive SVG paths (one per buurt)
    markers: str | None  # CSS selector of a home cluster, or None for no homes
    year_button: bool = False  # the page has year buttons and an .afk-title


@dataclass
class LoadResult:
    visible_ms: float
    args_arrive_ms: float | None  # the component's websocket frame arrives (CDP clock)
    http_bytes: dict[str, int]  # per category, component iframe only
    ws_component_bytes: int  # frames carrying the component, up to the visible map
    ws_component_frames: int
    ws_total_bytes: int  # every frame received up to the visible map
    streamlit_http_bytes: int  # Streamlit's own front end (not the map)
    external_requests: list[str]
    failed_requests: list[str]
    page_errors: list[str]
    year_changes_ms: list[float] = field(default_factory=list)
    year_change_ws_bytes: list[int] = field(default_factory=list)

    @property
    def map_bytes(self) -> int:
        return sum(self.http_bytes.values()) + self.ws_component_bytes


def category(url: str) -> str:
    path = urlparse(url).path
    if path.startswith("/component/"):
        return "streamlit-folium frontend"
    if path.startswith("/app/static/vendor/"):
        if path.endswith((".png", ".svg", ".jpg", ".gif")):
            return "images"
        return "leaflet + plugins"
    if path.startswith("/app/static/"):
        return "app map.js/css"
    return "other"


class _Recorder:
    """Collects CDP network events of one page."""

    def __init__(self, cdp: CDPSession, host: str):
        self.host = host
        self.requests: dict[str, dict[str, Any]] = {}
        self.finished: dict[str, int] = {}
        self.failed: list[str] = []
        self.failed_ids: list[str] = []
        self.component_frame: str | None = None
        self.frames: list[tuple[int, bool, bool]] = []  # (bytes, component?, after?)
        self.after_visible = False
        self.component_hashes: set[str] = set()
        self.nav_start: float | None = None  # CDP monotonic seconds, top document request
        self.component_at: float | None = None  # ms after it: first component frame
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.webSocketFrameReceived", self._frame)
        cdp.send("Network.enable")

    def _sent(self, e: dict[str, Any]) -> None:
        url = e["request"]["url"]
        self.requests[e["requestId"]] = {"url": url, "frame": e.get("frameId")}
        if self.nav_start is None and e.get("type") == "Document":
            self.nav_start = float(e["timestamp"])
        if e.get("type") == "Document" and "/component/streamlit_folium.st_folium/" in url:
            self.component_frame = e.get("frameId")

    def _finished(self, e: dict[str, Any]) -> None:
        self.finished[e["requestId"]] = int(e["encodedDataLength"])

    def _failed(self, e: dict[str, Any]) -> None:
        req = self.requests.get(e["requestId"], {})
        self.failed.append(f"{req.get('url', '?')}: {e.get('errorText')}")
        self.failed_ids.append(e["requestId"])

    def _frame(self, e: dict[str, Any]) -> None:
        response = e["response"]
        data = response.get("payloadData", "")
        raw = base64.b64decode(data) if response.get("opcode") == 2 else data.encode()
        component = self._is_component(raw)
        if component and self.component_at is None and self.nav_start is not None:
            self.component_at = (float(e["timestamp"]) - self.nav_start) * 1000
        self.frames.append((len(raw), component, self.after_visible))

    def _is_component(self, raw: bytes) -> bool:
        msg = ForwardMsg()
        try:
            msg.ParseFromString(raw)
        except Exception:  # not a ForwardMsg: not ours
            return False
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            return msg.ref_hash in self.component_hashes
        if kind != "delta" or msg.delta.WhichOneof("type") != "new_element":
            return False
        element = msg.delta.new_element
        if element.WhichOneof("type") != "component_instance":
            return False
        if element.component_instance.component_name != COMPONENT_NAME:
            return False
        if msg.hash:
            self.component_hashes.add(msg.hash)
        return True

    def pending(self) -> list[str]:
        done = set(self.finished) | set(self.failed_ids)
        return [r["url"] for rid, r in self.requests.items() if rid not in done]

    def component_http(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for rid, req in self.requests.items():
            if rid in self.finished and req["frame"] == self.component_frame:
                out[category(req["url"])] += self.finished[rid]
        return dict(out)

    def other_http(self) -> int:
        return sum(
            n
            for rid, n in self.finished.items()
            if self.requests.get(rid, {}).get("frame") != self.component_frame
            and not self.requests.get(rid, {}).get("url", "").startswith("ws")
        )

    def external(self) -> list[str]:
        return sorted(
            {
                r["url"]
                for r in self.requests.values()
                if urlparse(r["url"]).hostname not in (self.host, None)
                and not r["url"].startswith("data:")
            }
        )


def _load_once(browser: Browser, url: str, spec: PageSpec, year_changes: list[int]) -> LoadResult:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page: Page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        cdp = context.new_cdp_session(page)
        rec = _Recorder(cdp, urlparse(url).hostname or "")
        page.goto(url, wait_until="commit", timeout=60_000)
        handle = page.wait_for_function(
            VISIBLE_MAP_JS,
            arg={"polygons": spec.polygons, "markers": spec.markers},
            polling="raf",
            timeout=120_000,
        )
        value = handle.json_value()
        if isinstance(value, dict):
            raise PageError(f"{spec.name} shows an error instead of a map: {value['error']}")
        visible_ms = float(value)
        rec.after_visible = True
        # Let the first run end and late assets (icons) arrive before counting.
        page.wait_for_selector(IDLE, timeout=120_000)
        page.wait_for_load_state("networkidle", timeout=120_000)
        before = [f for f in rec.frames if not f[2]]
        result = LoadResult(
            visible_ms=visible_ms,
            args_arrive_ms=rec.component_at,
            http_bytes=rec.component_http(),
            ws_component_bytes=sum(n for n, comp, _ in before if comp),
            ws_component_frames=sum(1 for _, comp, _ in before if comp),
            ws_total_bytes=sum(n for n, _, _ in before),
            streamlit_http_bytes=rec.other_http(),
            external_requests=rec.external(),
            failed_requests=rec.failed
            + [f"{u}: still open" for u in rec.pending() if "/_stcore/stream" not in u],
            page_errors=errors,
        )
        for year in year_changes:
            count = len(rec.frames)
            result.year_changes_ms.append(float(page.evaluate(YEAR_CHANGE_JS, year)))
            page.wait_for_selector(IDLE, timeout=60_000)
            result.year_change_ws_bytes.append(sum(n for n, comp, _ in rec.frames[count:] if comp))
        return result
    finally:
        context.close()


class Chromium:
    """One Debian Chromium for all loads; every load gets a fresh context."""

    def __enter__(self) -> Chromium:
        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.version = self.browser.version
        return self

    def __exit__(self, *exc: object) -> None:
        self.browser.close()
        self._pw.stop()

    def load(self, url: str, spec: PageSpec, year_changes: list[int] | None = None) -> LoadResult:
        return _load_once(self.browser, url, spec, year_changes or [])
