"""Exceptions of the domain. Validation collects every problem before raising."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located the way a spreadsheet user finds it."""

    file: str
    where: str  # "line 7", "feature 12", "file"
    field: str
    message: str

    def __str__(self) -> str:
        place = f"{self.file}, {self.where}"
        if self.field:
            place += f", field '{self.field}'"
        return f"{place}: {self.message}"


class AfsprakenkaartError(Exception):
    """Base class of every error meant to reach a user as one clear message."""


class DataValidationError(AfsprakenkaartError):
    """A data file (or directory) failed validation; `problems` lists all of it."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the data"
        super().__init__(head + ":\n" + "\n".join(f"  {p}" for p in self.problems))


class ConfigError(AfsprakenkaartError):
    """The configuration file or an environment variable is wrong."""
