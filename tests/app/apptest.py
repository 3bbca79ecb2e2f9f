"""What the AppTest suites share: a page opened as a link and a role would open it, runs
that must end without an exception, the map component's arguments, and text as shown."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

from geo.agreements import Actor
from geo.config import PROJECT_ROOT
from ui.session import ACTOR

APP = PROJECT_ROOT / "app.py"
COMPONENT = "streamlit_folium.st_folium"


def checked(target: Any) -> AppTest:
    """Run `target` (an AppTest, or a widget just set or clicked); the run must end
    without an exception."""
    at: AppTest = target.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_page(
    script: Path | Callable[[], None] = APP,
    *,
    actor: Actor | None = None,
    state: dict[str, Any] | None = None,
    timeout: float = 60,
    **query: str,
) -> AppTest:
    """A first run of `script` (the app, or a function that makes one page the landing
    page) with the link's `query`, signed in as `actor`, with session `state` set."""
    at = (
        AppTest.from_file(str(script), default_timeout=timeout)
        if isinstance(script, Path)
        else AppTest.from_function(script, default_timeout=timeout)
    )
    for key, value in query.items():
        at.query_params[key] = value
    if actor is not None:
        at.session_state[ACTOR] = actor
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return checked(at)


def map_args(at: AppTest) -> dict[str, Any]:
    """The arguments of the one st_folium component of the last run."""
    components = at.get("component_instance")
    maps = [c for c in components if c.proto.component_name == COMPONENT]
    assert len(maps) == 1, [c.proto.component_name for c in components]
    return dict(json.loads(maps[0].proto.json_args))


def unescape(text: str) -> str:
    """Markdown as it shows: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", text)
