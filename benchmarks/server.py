"""Start and stop a Streamlit server for one page, offline, on a free port.

Streamlit serves `static/` from the folder of the *main script*
(`streamlit.file_util.get_app_static_dir`), not from the working directory. The
real app (app.py) lives at the project root next to `static/`; the benchmark
pages live in benchmarks/, where a `streamlit run benchmarks/naive_app.py` would
answer every /app/static request with 404 and the map would stay empty. So
those pages are run from a throw-away wrapper script in a temporary folder whose
`static` is a symlink to the project's `static/`: nothing is written into the
repository. The working directory stays the project root, so
.streamlit/config.toml (enableStaticServing) applies to every page alike.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tools.appserver import streamlit_server

ROOT = Path(__file__).resolve().parent.parent
WRAPPER = """\
# Written by benchmarks/server.py: Streamlit serves static/ next to the main script.
from benchmarks.{module} import main

main()
"""


def offline_env() -> dict[str, str]:
    """The environment every page and AppTest run in: offline, project importable."""
    env = dict(os.environ)
    env["AFSPRAKENKAART_OFFLINE"] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    return env


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen[bytes]
    script: Path
    log: Path
    startup_s: float


def _check_static(url: str) -> None:
    """A missing static file is answered with 404 (or, on older Streamlit, with the
    app's HTML and status 200): check a real JS file comes back as JavaScript."""
    with urllib.request.urlopen(f"{url}/app/static/vendor/leaflet/leaflet.js", timeout=5) as r:
        kind = r.headers.get("Content-Type", "")
        if "javascript" not in kind:
            raise RuntimeError(f"/app/static is not served (Content-Type {kind!r})")


@contextmanager
def serve(page: str, log_dir: Path, timeout: float = 60.0) -> Iterator[Server]:
    """Run `page` ("app" for app.py, or a module name in benchmarks/)."""
    with tempfile.TemporaryDirectory(prefix="afk-bench-") as tmp:
        if page == "app":
            script = ROOT / "app.py"
        else:
            folder = Path(tmp)
            (folder / "static").symlink_to(ROOT / "static", target_is_directory=True)
            script = folder / f"{page}.py"
            script.write_text(WRAPPER.format(module=page), encoding="utf-8")
        log = log_dir / f"server-{page}.log"
        started = time.perf_counter()
        with streamlit_server(script, offline_env(), log, timeout) as (url, proc):
            startup = time.perf_counter() - started
            _check_static(url)
            port = int(url.rsplit(":", 1)[1])
            yield Server(url, port, proc, script, log, startup)


def wait_idle(pid: int, *, busy: float = 0.05, window: float = 0.5, timeout: float = 90.0) -> float:
    """Wait until process `pid` uses less than `busy` of a core over `window` seconds
    (say, a rerun a page triggered after its map appeared has ended), so the next
    measurement does not share the CPU with it. Returns the seconds waited."""
    stat = Path(f"/proc/{pid}/stat")
    tick = os.sysconf("SC_CLK_TCK")

    def cpu() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime

    started = time.monotonic()
    if not stat.exists():
        time.sleep(2.0)
        return 2.0
    while time.monotonic() - started < timeout:
        before = cpu()
        time.sleep(window)
        if cpu() - before < busy * window:
            break
    return time.monotonic() - started
