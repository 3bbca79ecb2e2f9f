"""Every user-facing string comes from the message catalogue, and every message the code
asks for exists with the placeholders it needs (a static scan of the source with `ast`).

Hard-coded text: a string literal with letters in the text argument of a Streamlit call
(`st.button("Opslaan")`, `column.caption(f"Jaar {year}")`, `label="..."`, `help="..."`,
`placeholder="..."`), in `ui/` or `layers/`. What is not language is allowed by one rule,
not a list: after removing markup (HTML tags, `<style>` and `<script>` blocks, entities,
Streamlit's `:material/icon:` and `:colour[` directives, URLs, CBS codes such as GM1731),
the literal text of the argument contains no letter at all. So "◀", "✕ ", "## ", " · ",
"**{}**" and a CSS template pass; "Jaar" and f"{n} woningen" do not. Text made by `t(...)`
(or by any other call, whose arguments are not user-facing text) is not a literal of the
argument and is not looked at; a module-level constant passed by name is looked at like
a literal.

Not scanned: the titles of `st.Page` in ui/pages.py (the navigation is hidden and every
link to a page has its own translated label) and app.py's page title (the app's name).
"""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from geo.config import PROJECT_ROOT
from geo.i18n import MESSAGES

SCANNED = ("ui", "layers")  # where Streamlit calls and map HTML are made
T_SCANNED = ("ui", "layers", "geo")  # where t() is called

# Streamlit calls whose first positional argument is text shown to the user.
TEXT_CALLS = frozenset(
    {
        "title", "header", "subheader", "markdown", "caption", "write", "text", "html",
        "error", "warning", "info", "success", "exception", "toast", "latex",
        "button", "download_button", "form_submit_button", "link_button", "page_link",
        "checkbox", "toggle", "radio", "selectbox", "multiselect", "select_slider",
        "slider", "number_input", "text_input", "text_area", "date_input", "time_input",
        "file_uploader", "color_picker", "pills", "segmented_control", "feedback",
        "expander", "popover", "tabs", "metric", "chat_input", "status", "spinner",
        "dialog", "camera_input", "audio_input",
    }
)  # fmt: skip
TEXT_KEYWORDS = frozenset({"label", "help", "placeholder", "caption", "title"})

# Markup that is not language: removed before looking for letters.
MARKUP = [
    re.compile(r"<style\b.*?</style>", re.S | re.I),  # a CSS block
    re.compile(r"<script\b.*?</script>", re.S | re.I),  # a script
    re.compile(r"<[^>]*>"),  # an HTML tag with its attributes
    re.compile(r"&#?\w+;"),  # an HTML entity
    re.compile(r":material/\w+:"),  # a Streamlit icon
    re.compile(r":(?:red|orange|yellow|green|blue|violet|gray|grey|rainbow|primary)"
               r"(?:-background|-badge)?\["),  # a Streamlit colour directive
    re.compile(r"\b[a-z][a-z0-9+.-]*://\S+"),  # a URL
    re.compile(r"\b(?:GM|WK|BU)\d{4,8}\b"),  # a CBS code (an example in a placeholder)
]  # fmt: skip


def has_letters(text: str) -> bool:
    for pattern in MARKUP:
        text = pattern.sub(" ", text)
    return any(unicodedata.category(ch).startswith("L") for ch in text)


@dataclass(frozen=True)
class Finding:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(PROJECT_ROOT)}:{self.line}: {self.text!r}"


def python_files(*packages: str) -> list[Path]:
    return sorted(p for package in packages for p in (PROJECT_ROOT / package).rglob("*.py"))


def module_constants(tree: ast.Module) -> dict[str, ast.expr]:
    """NAME = <expr> at the top level of a module (the last assignment wins)."""
    out: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    out[target.id] = node.value
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            out[node.target.id] = node.value
    return out


def is_t_call(node: ast.AST) -> bool:
    """t(...), ctx.t(...), self.t(...): a message from the catalogue."""
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id == "t") or (
        isinstance(func, ast.Attribute) and func.attr == "t"
    )


def literal_parts(
    node: ast.AST, constants: dict[str, ast.expr], seen: frozenset[str] = frozenset()
) -> Iterator[str]:
    """The literal text an argument expression contributes by itself: its string
    constants and f-string parts, through operators, conditionals and module constants;
    not the arguments of calls (t(), plain(), number(), ...), subscripts or format specs."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, str):
            yield node.value
    elif isinstance(node, ast.JoinedStr):
        # The f-string's own text, with {} for each value (so a tag or script split by
        # a value is still one piece of markup); then the text of the values themselves.
        yield "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in node.values)
        for value in node.values:
            if isinstance(value, ast.FormattedValue) and not isinstance(value.value, ast.Name):
                # A name inside an f-string is a value (an anchor, a class), not text.
                yield from literal_parts(value.value, constants, seen)
    elif isinstance(node, ast.BinOp):
        yield from literal_parts(node.left, constants, seen)
        yield from literal_parts(node.right, constants, seen)
    elif isinstance(node, ast.IfExp):
        yield from literal_parts(node.body, constants, seen)
        yield from literal_parts(node.orelse, constants, seen)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from literal_parts(value, constants, seen)
    elif isinstance(node, ast.Call):
        # "text {}".format(...) or "text".upper(): the receiver is literal text.
        if isinstance(node.func, ast.Attribute) and not is_t_call(node):
            receiver = node.func.value
            if isinstance(receiver, ast.Constant | ast.JoinedStr):
                yield from literal_parts(receiver, constants, seen)
    elif isinstance(node, ast.Name) and node.id in constants and node.id not in seen:
        yield from literal_parts(constants[node.id], constants, seen | {node.id})


def text_arguments(call: ast.Call) -> Iterator[ast.expr]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else ""
    # st.column_config.NumberColumn("label", help=...): a table's column heading.
    texts = name in TEXT_CALLS or name.endswith("Column")
    if texts and call.args:
        yield call.args[0]
    if texts:
        for keyword in call.keywords:
            if keyword.arg in TEXT_KEYWORDS:
                yield keyword.value


def hard_coded_strings(path: Path) -> list[Finding]:
    tree = ast.parse(path.read_text(), filename=str(path))
    constants = module_constants(tree)
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for argument in text_arguments(node):
            for text in literal_parts(argument, constants):
                if has_letters(text):
                    found.append(Finding(path, argument.lineno, text.strip()[:80]))
    return found


def test_no_hard_coded_user_facing_strings() -> None:
    found = [f for path in python_files(*SCANNED) for f in hard_coded_strings(path)]
    assert not found, "text not from the message catalogue (geo/i18n.py):\n" + "\n".join(
        map(str, found)
    )


# -- the rule itself ------------------------------------------------------------------------


def _scan(source: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "page.py"
    path.write_text(source)
    return [f.text for f in hard_coded_strings(path)]


@pytest.mark.parametrize(
    "source",
    [
        'st.button("Opslaan")',
        'col.caption(f"{n} woningen")',
        'st.text_input(t("x"), placeholder="Zoek een buurt")',
        'st.markdown("**Let op:** " + t("x"))',
        'st.info(t("x") if ok else "Niet gevonden")',
        'LABEL = "Kaart"\nst.header(LABEL)',
        'st.html("<p>Welkom</p>")',
        'st.write("Jaar {}".format(year))',
        'st.toggle(t("x"), help="Klik hier")',
    ],
)
def test_the_scan_finds_hard_coded_text(source: str, tmp_path: Path) -> None:
    assert _scan(source, tmp_path), source


@pytest.mark.parametrize(
    "source",
    [
        'st.button("◀")',
        "st.button(f\"✕ {t('present.close', lang)}\")",
        'st.markdown(f"## {plain(name)} · {year}")',
        "st.caption(f\":red[**{t('demo.mark', lang)}**]\")",
        'CSS = "<style>.a { color: #333; font-weight: bold }</style>"\nst.html(CSS)',
        "st.markdown(f\"<span class='afk-x'>{esc(t('x'))}</span>\", unsafe_allow_html=True)",
        'st.write(", ".join(names))',
        'st.metric(t("x"), f"{value:,.0f}")',
        'st.page_link(page, label=t("x"), icon=":material/database:")',
        'st.dataframe(frame, column_config={"year": st.column_config.NumberColumn(t("y"))})',
    ],
)
def test_the_scan_allows_what_is_not_language(source: str, tmp_path: Path) -> None:
    assert _scan(source, tmp_path) == [], source


# -- t() calls ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TCall:
    path: Path
    line: int
    key: str | None  # the literal key; None when built with an f-string
    prefix: str  # the literal start of an f-string key
    supplied: frozenset[str] | None  # keyword names given; None with **values

    def where(self) -> str:
        return f"{self.path.relative_to(PROJECT_ROOT)}:{self.line}"


def t_calls(path: Path) -> Iterator[TCall]:
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if not is_t_call(node) or not isinstance(node, ast.Call) or not node.args:
            continue
        key_node = node.args[0]
        supplied = (
            None
            if any(k.arg is None for k in node.keywords)
            else frozenset(k.arg for k in node.keywords if k.arg)
        )
        if isinstance(key_node, ast.Constant) and isinstance(key_node.value, str):
            yield TCall(path, node.lineno, key_node.value, key_node.value, supplied)
        elif isinstance(key_node, ast.JoinedStr):
            first = key_node.values[0] if key_node.values else None
            prefix = str(first.value) if isinstance(first, ast.Constant) else ""
            yield TCall(path, node.lineno, None, prefix, supplied)


ALL_T_CALLS = [call for path in python_files(*T_SCANNED) for call in t_calls(path)]


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_code_asks_for_messages() -> None:
    # A guard for the scans below: they must see the code's t() calls.
    assert sum(c.key is not None for c in ALL_T_CALLS) > 500
    assert sum(c.key is None for c in ALL_T_CALLS) > 20


def test_every_message_key_used_exists() -> None:
    missing = [f"{c.where()}: {c.key}" for c in ALL_T_CALLS if c.key and c.key not in MESSAGES]
    assert not missing, "t() keys missing from geo/i18n.py:\n" + "\n".join(missing)


def test_every_built_message_key_has_messages_with_its_prefix() -> None:
    missing = [
        f"{c.where()}: {c.prefix}..."
        for c in ALL_T_CALLS
        if c.key is None and c.prefix and not any(k.startswith(c.prefix) for k in MESSAGES)
    ]
    assert not missing, "no message key starts with:\n" + "\n".join(missing)


def test_every_placeholder_of_a_message_is_supplied() -> None:
    wrong = []
    for call in ALL_T_CALLS:
        if call.key is None or call.key not in MESSAGES or call.supplied is None:
            continue
        needed = placeholders(MESSAGES[call.key][0]) | placeholders(MESSAGES[call.key][1])
        if needed - call.supplied:
            wrong.append(f"{call.where()}: {call.key} needs {sorted(needed - call.supplied)}")
        elif call.supplied - needed:
            wrong.append(f"{call.where()}: {call.key} has no {sorted(call.supplied - needed)}")
    assert not wrong, "\n".join(wrong)


# -- hover-only text -------------------------------------------------------------------------


def help_keys(path: Path) -> Iterator[tuple[int, str | None]]:
    """(line, message key or None) of every `help=` of a Streamlit call in `path`."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "help":
                continue
            value = keyword.value
            key = None
            if is_t_call(value) and isinstance(value, ast.Call) and value.args:
                first = value.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    key = first.value
            yield keyword.value.lineno, key


def test_help_tooltips_say_nothing_that_is_not_on_the_page() -> None:
    """A `help=` tooltip shows only on hover (DESIGN.md: nothing may depend on hover):
    its text must also be on the page, i.e. the same message is shown by another t()
    call in ui/ (a caption, a label). Better still, no `help=` at all."""
    files = python_files("ui")
    helps = [(path, line, key) for path in files for line, key in help_keys(path)]
    help_lines = {(path, line) for path, line, _ in helps}
    shown = {
        call.key
        for call in ALL_T_CALLS
        if call.path in files and call.key and (call.path, call.line) not in help_lines
    }
    hidden = [
        f"{path.relative_to(PROJECT_ROOT)}:{line}: {key or 'text not from t()'}"
        for path, line, key in helps
        if key is None or key not in shown
    ]
    assert not hidden, "help= text found only in a hover tooltip:\n" + "\n".join(hidden)
