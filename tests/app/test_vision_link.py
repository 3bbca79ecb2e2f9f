"""A neighbourhood vision given as a web address becomes a link; anything else stays text."""

from __future__ import annotations

import re

import pytest

from ui.workshop import vision_markdown

LINK = re.compile(r"^\[(?P<text>.*)\]\((?P<url>[^()\s]*)\)$")


def test_a_web_address_becomes_a_link_whose_target_cannot_break_out() -> None:
    md = vision_markdown(" https://wijkvisie.example/visie(2024)?a=1&b=<x> ")
    match = LINK.match(md)
    assert match, md
    assert match["url"] == "https://wijkvisie.example/visie%282024%29?a=1&b=%3Cx%3E"
    assert "<" not in match["text"].replace("\\<", "")


@pytest.mark.parametrize(
    "vision",
    ["javascript:alert(1)", "Wijkvisie 2023-2027 (DEMO)", "see https://x.example and more", ""],
)
def test_other_text_is_shown_as_text(vision: str) -> None:
    md = vision_markdown(vision)
    assert not LINK.match(md)
    assert md.replace("\\", "") == vision.strip()
