"""The layer registry: every layer is tested, has a unique id and a title in each language."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from layer_tools import legend_html_of, render_on_map, visible_texts

from geo.config import PROJECT_ROOT
from geo.i18n import LANGUAGES
from layers.base import MapContext
from layers.registry import LAYER_IDS, LAYERS, LAYERS_BY_ID

HERE = Path(__file__).parent


def test_layer_ids_are_unique_and_name_files():
    ids = [layer.id for layer in LAYERS]
    assert ids, "the registry lists layers"
    assert len(ids) == len(set(ids))
    assert list(LAYER_IDS) == ids
    assert all(LAYERS_BY_ID[i] is layer for i, layer in zip(ids, LAYERS, strict=True))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_every_layer_has_its_own_test_module_with_tests(layer):
    path = HERE / f"test_{layer.id}.py"
    assert path.is_file(), f"{path.name} is missing: every registered layer needs its own tests"
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    tests = [
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.name.startswith("test_")
    ]
    assert tests, f"{path.name} defines no test functions"
    assert f'"{layer.id}"' in source, f"{path.name} does not look the layer up by its id"


def test_every_layer_module_is_registered():
    """A module that defines a LAYER but is missing from the registry is never drawn."""
    defined = sorted(
        path.stem
        for path in (PROJECT_ROOT / "layers").glob("*.py")
        if re.search(r"^LAYER\s*=", path.read_text(encoding="utf-8"), re.MULTILINE)
    )
    assert defined
    registered = sorted(type(layer).__module__.rsplit(".", 1)[-1] for layer in LAYERS)
    assert registered == defined


def test_every_layer_has_a_title_in_each_language(demo_dataset, demo_settings):
    titles = {}
    for lang in LANGUAGES:
        ctx = MapContext(demo_dataset, demo_settings, 2025, lang)
        titles[lang] = [layer.title(ctx) for layer in LAYERS]
        for layer, title in zip(LAYERS, titles[lang], strict=True):
            assert isinstance(title, str)
            assert title.strip(), f"{layer.id} has no {lang} title"
            assert title != layer.id
        # the layer control and the hidden-layer list match overlays by title
        assert len(set(titles[lang])) == len(LAYERS), lang
    assert set(LANGUAGES) >= {"nl", "en"}
    assert titles["nl"] != titles["en"]


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_group_is_an_overlay_named_after_the_layer_with_its_legend(layer, lang, make_ctx):
    ctx = make_ctx(2025, lang)
    group = layer.build(ctx)
    assert group.layer_name == layer.title(ctx)
    assert group.overlay is True
    assert group.control is True
    _, control = render_on_map(group)
    assert dict(control.overlays) == {layer.title(ctx): group.get_name()}
    assert not control.base_layers
    texts = visible_texts(legend_html_of(group))
    assert all(label in texts for label in layer.legend(ctx).labels())
