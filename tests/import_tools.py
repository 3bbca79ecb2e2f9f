"""What the importer tests share: proving a data directory unchanged, and running
`python -m geo import ...` the way a user does."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.cli import main


def snapshot(directory: Path) -> dict[str, bytes] | None:
    """Every file under `directory` with its bytes (None when it does not exist)."""
    if not directory.exists():
        return None
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file()
    }


def staging_leftovers(directory: Path) -> list[str]:
    """Staging directories an import left beside `directory`."""
    return sorted(p.name for p in directory.parent.glob(f".{directory.name}-import-*"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """`python -m geo *argv`: exit code, stdout, stderr."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_refused(err: str, file: Path, *expected: str) -> None:
    """One clear line per problem, naming the file; no traceback."""
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert lines, "a refused import must say why"
    for line in lines:
        assert line.startswith(f"error: {file}"), line
    for text in expected:
        assert text in err, f"{text!r} not in:\n{err}"
