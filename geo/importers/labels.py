"""Energy labels from EP-Online (RVO) onto the homes of a data directory.

EP-Online publishes every registered energy label of the Netherlands as one
semicolon-separated CSV (millions of rows, often delivered in a ZIP archive). This
module streams that file in chunks, so memory depends on the municipality, not on
the national file, and joins the labels to `private_homes` and `corporation_homes`:

1. on the BAG verblijfsobject id (`Pand_bagverblijfsobjectid`, 16 digits) when the
   home's `home_id` is one;
2. otherwise on the address: postcode + house number + letter + addition
   (`Pand_huisletter` + `Pand_huisnummertoevoeging`, or the older combined column
   `Pand_huisnummer_toev`), normalised on both sides (see `address_key`). An address
   match is refused when both sides have a BAG id and the ids differ, and an address
   that more than one home of the data directory has is not matched at all (the label
   could belong to either).

Per home the label with the latest `Pand_opnamedatum` wins (a later line in the file
on equal or missing dates); a BAG id match beats any address match. A home that the
file has no label for keeps the label it had.

Every row of the file is checked, matched or not, and the import is all or nothing,
like every importer (DESIGN.md): an unknown energy label, a date that is not one, a
missing required column, a text-encoding error or a truncated file gives a
`DataValidationError` listing the problems (file, line with the header as line 1,
field, what is wrong and what would be right; the first 50, then a count of the
rest) and the data directory is left exactly as it was.
"""

from __future__ import annotations

import argparse
import codecs
import csv
import re
import sys
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from geo.addressing import address_key, bag_id
from geo.addressing import cell_text as _text
from geo.codes import ENERGY_LABELS
from geo.dataset import find_table_file, read_table
from geo.errors import AfsprakenkaartError, DataValidationError, Problem
from geo.importers.target import staged
from geo.manifest import Manifest, Provenance
from geo.schemas import TABLES_BY_NAME

HOME_TABLES = ("private_homes", "corporation_homes")
MAX_LISTED_PROBLEMS = 50
# 100,000 rows of the seven columns read are about 40 MB of Python strings: larger
# chunks were not faster in measurements, only bigger.
CHUNK_ROWS = 100_000
SAMPLE_BYTES = 1 << 20
SOURCE = "EP-Online (RVO)"

# Canonical name of each column read -> the header names that mean it (compared
# case-insensitively, surrounding spaces ignored).
COLUMNS: dict[str, tuple[str, ...]] = {
    "bag": ("pand_bagverblijfsobjectid",),
    "postcode": ("pand_postcode",),
    "huisnummer": ("pand_huisnummer",),
    "huisletter": ("pand_huisletter",),
    "toevoeging": ("pand_huisnummertoevoeging", "pand_huisnummer_toev"),
    "label": ("pand_energieklasse",),
    "date": ("pand_opnamedatum",),
}
CHUNK_COLUMNS = ("line", *COLUMNS)
HEADER_NAMES = {
    "bag": "Pand_bagverblijfsobjectid",
    "postcode": "Pand_postcode",
    "huisnummer": "Pand_huisnummer",
    "label": "Pand_energieklasse",
    "date": "Pand_opnamedatum",
}
DATE_FORMATS_TEXT = "dd-mm-yyyy (15-03-2021), yyyymmdd (20210315) or yyyy-mm-dd (2021-03-15)"
LABELS_TEXT = ", ".join(ENERGY_LABELS)

Progress = Callable[[int, int, int], None]  # (bytes read, bytes in total, rows read)


# -- reading the file -------------------------------------------------------------------


@dataclass(frozen=True)
class LabelFile:
    """What is known about a label file before its first row is read."""

    path: Path
    encoding: str  # a Python codec name: utf-8, utf-8-sig or cp1252
    separator: str
    columns: dict[str, str]  # canonical name -> the header as written in the file
    size: int  # bytes to read (uncompressed size for a ZIP member)
    member: str | None = None  # the CSV inside a ZIP archive

    @property
    def encoding_name(self) -> str:
        return {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "Windows-1252"}.get(
            self.encoding, self.encoding
        )


class _Problems:
    """Problems of one file: the first `limit` listed, the rest counted."""

    def __init__(self, file: str, limit: int = MAX_LISTED_PROBLEMS):
        self.file = file
        self.limit = limit
        self.listed: list[Problem] = []
        self.more = 0

    def add(self, where: str, field: str, message: str) -> None:
        if len(self.listed) < self.limit:
            self.listed.append(Problem(self.file, where, field, message))
        else:
            self.more += 1

    def __bool__(self) -> bool:
        return bool(self.listed)

    def error(self) -> DataValidationError:
        problems = list(self.listed)
        if self.more:
            problems.append(
                Problem(self.file, "file", "", f"and {self.more} more problems like these")
            )
        return DataValidationError(problems)


@contextmanager
def _open_binary(path: Path, problems: _Problems) -> Iterator[tuple[IO[bytes], int, str | None]]:
    """The file's bytes: the CSV itself, or the one CSV inside a ZIP archive."""
    with open(path, "rb") as raw:
        if raw.read(4) != b"PK\x03\x04":
            raw.seek(0)
            yield raw, path.stat().st_size, None
            return
        try:
            archive = zipfile.ZipFile(raw)
        except zipfile.BadZipFile as exc:
            problems.add("file", "", f"is a damaged ZIP archive ({exc}): download it again")
            raise problems.error() from None
        with archive:
            members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
            if len(members) != 1:
                names = ", ".join(i.filename for i in members) or "none"
                problems.add(
                    "file",
                    "",
                    f"a ZIP archive must hold exactly one .csv file (it holds: {names}): "
                    "unpack it and give the CSV",
                )
                raise problems.error()
            try:
                member = archive.open(members[0])
            except (RuntimeError, NotImplementedError) as exc:  # encrypted, Deflate64
                problems.add(
                    "file", "", f"cannot be unpacked here ({exc}): unpack it and give the CSV"
                )
                raise problems.error() from None
            with member:
                yield member, members[0].file_size, members[0].filename


def _choose_encoding(sample: bytes, problems: _Problems) -> str:
    """UTF-8 (with or without BOM) or Windows-1252, decided from the file's start.

    Only the start is looked at, so that a file far larger than memory is read once;
    a later byte that does not fit becomes a problem naming its line.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        problems.add(
            "file",
            "",
            "is UTF-16 text (Excel's 'Unicode text'): save it as CSV UTF-8 or plain CSV",
        )
        raise problems.error()
    try:
        # Incremental, so a character cut off at the end of the sample is no error.
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _header(sample: bytes, encoding: str, problems: _Problems) -> tuple[list[str], str]:
    """The header's names and the separator (';' as EP-Online writes, ',' if re-saved)."""
    text = sample.decode(encoding, errors="replace")
    # pandas ends a line at \r too: so must the header read here.
    end = min((i for i in (text.find("\n"), text.find("\r")) if i >= 0), default=-1)
    if end < 0 and len(sample) >= SAMPLE_BYTES:
        problems.add("line 1", "", "the first line is longer than 1 MB: this is no CSV file")
        raise problems.error()
    first = text[: end if end >= 0 else len(text)]
    separator = ";" if first.count(";") >= first.count(",") else ","
    try:
        names = next(csv.reader([first], delimiter=separator), [])
    except csv.Error as exc:
        problems.add("line 1", "", f"the header cannot be read as CSV ({exc}): is this a CSV file?")
        raise problems.error() from None
    return [name.strip() for name in names], separator


def _map_columns(names: Sequence[str], problems: _Problems) -> dict[str, str]:
    """Canonical column -> header as written; missing required columns are problems."""
    by_lower: dict[str, str] = {}
    for name in names:
        by_lower.setdefault(name.strip().lower(), name)
    found = {
        canonical: next(by_lower[a] for a in aliases if a in by_lower)
        for canonical, aliases in COLUMNS.items()
        if any(a in by_lower for a in aliases)
    }
    missing = [c for c in ("label",) if c not in found]
    has_address = "postcode" in found and "huisnummer" in found
    if "bag" not in found and not has_address:
        missing += [c for c in ("postcode", "huisnummer") if c not in found]
        missing.append("bag")
    for canonical in missing:
        need = (
            "required"
            if canonical == "label"
            else "required unless the file has Pand_bagverblijfsobjectid"
            if canonical != "bag"
            else "required unless the file has Pand_postcode and Pand_huisnummer"
        )
        problems.add("line 1", HEADER_NAMES[canonical], f"column is missing ({need})")
    if problems:
        shown = ";".join(names[:8]) + (";…" if len(names) > 8 else "")
        problems.add("line 1", "", f"the header found is: {shown}")
        raise problems.error()
    return found


def sniff(path: Path | str) -> LabelFile:
    """Open `path` far enough to know its encoding, separator and columns.

    Raises DataValidationError when the file is empty, unreadable or lacks the
    columns the import needs.
    """
    path = Path(path)
    problems = _Problems(str(path))
    if not path.is_file():
        problems.add("file", "", "does not exist (or is not a file)")
        raise problems.error()
    with _open_binary(path, problems) as (stream, size, member):
        try:
            sample = stream.read(SAMPLE_BYTES)
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            problems.add("file", "", f"the ZIP archive is damaged ({exc}): download it again")
            raise problems.error() from None
    if not sample.strip(b"\xef\xbb\xbf \t\r\n"):
        problems.add("file", "", "is empty: expected an EP-Online CSV with a header line")
        raise problems.error()
    encoding = _choose_encoding(sample, problems)
    names, separator = _header(sample, encoding, problems)
    columns = _map_columns(names, problems)
    return LabelFile(path, encoding, separator, columns, size, member)


def _check_labels(frame: pd.DataFrame, header: str, problems: list[tuple[int, str, str]]) -> None:
    """Labels must be A++++ .. G; ' b ' is read as B. Works in place on `frame`, whose
    rows all have some value (blank lines are gone)."""
    labels = frame["label"]
    valid = labels.isin(ENERGY_LABELS)
    if valid.all():
        return
    odd = labels[~valid]
    cleaned = odd.str.strip().str.upper()
    fixed = cleaned.isin(ENERGY_LABELS)
    frame.loc[fixed.index[fixed], "label"] = cleaned[fixed]
    for index, value in odd[~fixed].items():
        if pd.isna(value) or not str(value).strip():
            message = f"is empty: every row needs an energy label ({LABELS_TEXT})"
        else:
            message = f"{value!r} is not an energy label: expected one of {LABELS_TEXT}"
        problems.append((int(index) + 2, header, message))  # type: ignore[call-overload]
        frame.loc[index, "label"] = None


_DUTCH_DATE = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_COMPACT_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_POWERS_OF_TEN = 10 ** np.arange(7, -1, -1, dtype=np.int64)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _valid_ymd(ymd: np.ndarray) -> np.ndarray:
    """Which yyyymmdd integers are days of the calendar between 1900 and 2100."""
    year, month, day = ymd // 10000, ymd // 100 % 100, ymd % 100
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_ok = (month >= 1) & (month <= 12)
    last = _DAYS_IN_MONTH[np.where(month_ok, month, 0)] + (month_ok & (month == 2) & leap)
    return (year >= 1900) & (year <= 2100) & month_ok & (day >= 1) & (day <= last)


def _loose_ymd(text: str) -> int:
    """yyyymmdd of a date written dd-mm-yyyy, yyyy-mm-dd or yyyymmdd with spaces around
    it; 0 when it has none of these forms."""
    text = text.strip()
    for pattern, order in (
        (_COMPACT_DATE, (1, 2, 3)),
        (_ISO_DATE, (1, 2, 3)),
        (_DUTCH_DATE, (3, 2, 1)),
    ):
        match = pattern.fullmatch(text)
        if match:
            year, month, day = (int(match.group(i)) for i in order)
            return year * 10000 + month * 100 + day
    return 0


def _parse_dates(texts: pd.Series, header: str, problems: list[tuple[int, str, str]]) -> pd.Series:
    """Dates in yyyymmdd (EP-Online's own), dd-mm-yyyy or yyyy-mm-dd as datetime64[D];
    NaT when empty.

    Every row of the national file passes here, so the common case (8 digits) is
    parsed and checked by numpy alone, without a Python call per row.
    """
    # U11: one character longer than any accepted form, so "2016-03-23 00:00" is wrong.
    fixed = texts.to_numpy(dtype=object).astype("U11")
    present = fixed != "nan"  # what a missing value (NaN) became ...
    if not present.all():
        present = texts.notna().to_numpy()  # ... unless the file says "nan" itself
    # The characters as numbers (UTF-32 code points): eight digits and then nothing
    # is the yyyymmdd form, read by arithmetic (numpy's own str->int is 4x slower).
    codes = fixed.view(np.uint32).reshape(len(fixed), 11)
    digits = codes[:, :8].astype(np.int64) - ord("0")
    compact = present & (codes[:, 8] == 0) & ((digits >= 0) & (digits <= 9)).all(axis=1)
    ymd = np.where(compact, digits @ _POWERS_OF_TEN, 0)
    rest = np.flatnonzero(present & ~compact)
    if len(rest):
        ymd[rest] = [_loose_ymd(str(v)) for v in texts.iloc[rest]]
    wrong = present & ~_valid_ymd(ymd)
    if wrong.any():
        for index, value in texts[wrong].items():
            problems.append(
                (
                    int(index) + 2,  # type: ignore[call-overload]
                    header,
                    f"{value!r} is not a date between 1900 and 2100: write {DATE_FORMATS_TEXT}",
                )
            )
    good = present & ~wrong
    days = np.full(len(fixed), np.datetime64("NaT"), dtype="datetime64[D]")
    picked = ymd[good]
    days[good] = (
        (picked // 10000 - 1970).astype("datetime64[Y]")
        + (picked // 100 % 100 - 1).astype("timedelta64[M]")
    ).astype("datetime64[D]") + (picked % 100 - 1).astype("timedelta64[D]")
    return pd.Series(days, index=texts.index, name=texts.name)


def _normalise_chunk(
    raw: pd.DataFrame, info: LabelFile, problems: list[tuple[int, str, str]]
) -> pd.DataFrame:
    """The chunk with canonical columns, labels checked and dates parsed; blank lines
    (no value in any column read) dropped."""
    canonical = {header: name for name, header in info.columns.items()}
    frame = raw.rename(columns=lambda c: canonical.get(str(c).strip(), c))
    # Only a row without a label can be blank: test the few, not every cell.
    no_label = frame["label"].isna().to_numpy()
    if no_label.any():
        blank = np.zeros(len(frame), dtype=bool)
        blank[no_label] = frame[no_label].isna().all(axis=1).to_numpy()
        frame = frame[~blank]
    for name in COLUMNS:
        if name not in frame:
            frame[name] = None
    frame["line"] = frame.index.to_numpy() + 2
    _check_labels(frame, info.columns["label"], problems)
    if "date" in info.columns:
        frame["date"] = _parse_dates(frame["date"], info.columns["date"], problems)
    else:
        frame["date"] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[s]")
    return frame[list(CHUNK_COLUMNS)]


def _bad_bytes_line(info: LabelFile, after_line: int) -> tuple[int, str] | None:
    """The first line after `after_line` that the file's encoding cannot decode."""
    scratch = _Problems(str(info.path))
    with _open_binary(info.path, scratch) as (stream, _, _):
        for number, line in enumerate(stream, start=1):
            if number <= after_line:
                continue
            try:
                line.decode(info.encoding)
            except UnicodeDecodeError as exc:
                return number, f"0x{line[exc.start]:02X}"
    return None


def _truncated_last_line(info: LabelFile, last_line: int) -> str | None:
    """Why the file's last record looks cut off, if it does (a download that stopped)."""
    if info.member is not None or last_line < 2:
        return None  # a cut-off ZIP archive already fails its checksum
    with open(info.path, "rb") as raw:
        raw.seek(max(0, info.size - 65536))
        tail = raw.read().decode(info.encoding, errors="replace")
    lines = [line for line in tail.splitlines() if line.strip()]
    if not lines:
        return None
    header = _header_count(info)
    try:
        fields = len(next(csv.reader([lines[-1]], delimiter=info.separator), []))
    except csv.Error:
        return None  # a quoted value over several lines: pandas judged it already
    if fields >= header:
        return None
    return (
        f"has {fields} of the header's {header} fields: the file ends in the middle of "
        "a line (an interrupted download?); download it again"
    )


def _header_count(info: LabelFile) -> int:
    """How many fields the header line of `info` has."""
    scratch = _Problems(str(info.path))
    with _open_binary(info.path, scratch) as (stream, _, _):
        sample = stream.readline(SAMPLE_BYTES)
    names, _ = _header(sample, info.encoding, scratch)
    return len(names)


def stream_labels(
    path: Path | str,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
    max_problems: int = MAX_LISTED_PROBLEMS,
) -> Iterator[pd.DataFrame]:
    """The rows of an EP-Online CSV (or a ZIP holding one), `chunk_rows` at a time.

    Each chunk has the columns of CHUNK_COLUMNS: `line` (in the file, header = 1),
    `bag`, `postcode`, `huisnummer`, `huisletter`, `toevoeging` as written (the older
    `Pand_huisnummer_toev` arrives as `toevoeging`), `label` (one of ENERGY_LABELS)
    and `date` (`Pand_opnamedatum`, NaT when empty). Only these columns are read.

    Problems do not stop the stream: they are collected (the first `max_problems`
    listed) and raised as one DataValidationError after the last chunk, or as soon
    as the file cannot be read further. So act on the chunks only once the stream
    ended without an error. Line numbers are exact unless a quoted value spans lines.
    """
    info = sniff(path)
    problems = _Problems(str(info.path), max_problems)
    usecols = set(info.columns.values())
    last_read = 1  # the last line pandas got through (for a decoding error)
    last_row = 1  # the last line with a row (for a cut-off end)
    rows = 0
    with _open_binary(info.path, problems) as (stream, size, _):

        def raw_chunks() -> Iterator[pd.DataFrame]:
            # Inside the generator, so errors while pandas reads the header are
            # caught below like those of any later chunk.
            yield from pd.read_csv(
                stream,
                sep=info.separator,
                encoding=info.encoding,
                dtype=object,  # plain Python str: fastest to read, and nothing is converted
                usecols=lambda name: name.strip() in usecols,
                chunksize=chunk_rows,
                skip_blank_lines=False,  # keeps the index equal to the line number - 2
                keep_default_na=False,  # "NA" is text; only an empty cell is missing
                na_values=[""],
            )

        chunks = raw_chunks()
        while True:
            try:
                raw = next(chunks)
            except StopIteration:
                break
            except (ValueError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
                problems.add(*_read_problem(exc, info, last_read))
                raise problems.error() from None
            if last_read == 1:
                read = {str(c).strip() for c in raw.columns}
                for header in usecols - read:
                    problems.add(
                        "line 1",
                        header,
                        "column could not be read: the header line has a line break or a "
                        "quote out of place",
                    )
                if problems:
                    raise problems.error()
            found_problems: list[tuple[int, str, str]] = []
            chunk = _normalise_chunk(raw, info, found_problems)
            for line, column, message in sorted(found_problems):
                problems.add(f"line {line}", column, message)
            if not raw.empty:
                last_read = int(raw.index[-1]) + 2
            if not chunk.empty:
                last_row = int(chunk["line"].iloc[-1])
            rows += len(chunk)
            if progress is not None:
                progress(_position(stream, size), size, rows)
            yield chunk
    if rows == 0 and not problems:
        problems.add("file", "", "has a header but no rows")
    reason = _truncated_last_line(info, last_row)
    if reason:
        problems.add(f"line {last_row}", "", reason)
    if problems:
        raise problems.error()


def _position(stream: IO[bytes], size: int) -> int:
    try:
        return min(stream.tell(), size)
    except (OSError, ValueError):
        return 0


def _read_problem(exc: Exception, info: LabelFile, last_read: int) -> tuple[str, str, str]:
    """An error while reading as (where, field, message), located as well as possible."""
    if isinstance(exc, UnicodeDecodeError):
        found = _bad_bytes_line(info, last_read)
        where, byte = (f"line {found[0]}", found[1]) if found else ("file", "a byte")
        return (
            where,
            "",
            f"{byte} is not {info.encoding_name} text, which the start of the file is: "
            "save the whole file in one encoding (UTF-8 or Windows-1252)",
        )
    if isinstance(exc, zipfile.BadZipFile | zlib.error | EOFError):
        return "file", "", f"the ZIP archive is damaged ({exc}): download it again"
    return _parser_problem(exc)


def _parser_problem(exc: Exception) -> tuple[str, str, str]:
    """pandas' tokenizer error as (where, field, message), with the file's line."""
    text = str(exc)
    eof = re.search(r"EOF inside string starting at row (\d+)", text)
    if eof:
        # pandas counts rows from 0 at the header: row N is line N + 1.
        return (
            f"line {int(eof.group(1)) + 1}",
            "",
            "a quoted value is not closed before the end of the file: is the file cut off?",
        )
    line = re.search(r"line (\d+)", text)
    where = f"line {line.group(1)}" if line else "file"
    detail = text.splitlines()[0] if text else type(exc).__name__
    return where, "", f"cannot be read as CSV: {detail}"


# -- joining labels to homes -------------------------------------------------------------


@dataclass(frozen=True)
class HomeKeys:
    """The homes labels can go to, by BAG id and by address.

    `homes` has one row per home (index = home number used in matches) with `table`,
    `position` (row in its table), `bag` and `address`. The variant sets hold the
    spellings a file may use, so a chunk is filtered with one `isin` per column
    before anything is normalised.
    """

    homes: pd.DataFrame
    by_bag: dict[str, int]
    by_address: dict[str, int]
    bag_variants: frozenset[str]
    postcode_variants: frozenset[str]
    ambiguous: int  # homes whose address another home has too


def home_keys(tables: dict[str, pd.DataFrame]) -> HomeKeys:
    """The keys of every home in `tables` (private_homes, corporation_homes)."""
    parts = []
    for name, frame in tables.items():
        letter = frame["huisletter"] if "huisletter" in frame else [None] * len(frame)
        addition = next(
            (frame[c] for c in ("huisnummertoevoeging", "toevoeging") if c in frame),
            [None] * len(frame),
        )
        parts.append(
            pd.DataFrame(
                {
                    "table": name,
                    "position": np.arange(len(frame)),
                    "bag": [bag_id(v) for v in frame["home_id"]],
                    "address": [
                        address_key(*values)
                        for values in zip(
                            frame["postcode"], frame["huisnummer"], letter, addition, strict=True
                        )
                    ],
                }
            )
        )
    columns = ["table", "position", "bag", "address"]
    homes = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)
    homes = homes.astype({"bag": object, "address": object})

    def unique(column: str) -> tuple[dict[str, int], int]:
        values = homes[column].dropna()
        repeated = values.duplicated(keep=False)
        single = values[~repeated]
        return dict(zip(single, single.index.astype(int), strict=True)), int(repeated.sum())

    by_bag, _ = unique("bag")
    by_address, ambiguous = unique("address")
    bag_variants = {v for b in by_bag for v in (b, b.lstrip("0"))}
    postcodes = {a.split("|", 1)[0] for a in by_address}
    postcode_variants = {
        v for p in postcodes for v in (p, f"{p[:4]} {p[4:]}", p.lower(), f"{p[:4]} {p[4:].lower()}")
    }
    return HomeKeys(
        homes, by_bag, by_address, frozenset(bag_variants), frozenset(postcode_variants), ambiguous
    )


MATCH_COLUMNS = ("home", "via", "label", "date", "line")
VIA_BAG, VIA_ADDRESS = 0, 1  # sorted: a BAG match comes first


def match_chunk(chunk: pd.DataFrame, keys: HomeKeys) -> pd.DataFrame:
    """The rows of `chunk` that belong to a home: MATCH_COLUMNS, `via` VIA_BAG or
    VIA_ADDRESS. Vectorised filtering first; only the few candidates are normalised."""
    hit = chunk["postcode"].isin(keys.postcode_variants).to_numpy(copy=True)
    if keys.bag_variants:  # homes without BAG ids (the demo) need no second pass
        hit |= chunk["bag"].isin(keys.bag_variants).to_numpy()
    candidates = chunk[hit]
    candidates = candidates[candidates["label"].notna()]  # the rows with a problem
    if candidates.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in MATCH_COLUMNS})
    bags = [bag_id(v, lenient=True) for v in candidates["bag"]]
    addresses = [
        address_key(*values)
        for values in zip(
            candidates["postcode"],
            candidates["huisnummer"],
            candidates["huisletter"],
            candidates["toevoeging"],
            strict=True,
        )
    ]
    home_bags = keys.homes["bag"]
    homes, via = [], []
    for row_bag, address in zip(bags, addresses, strict=True):
        home = keys.by_bag.get(row_bag) if row_bag else None
        if home is not None:
            homes.append(home)
            via.append(VIA_BAG)
            continue
        home = keys.by_address.get(address) if address else None
        if home is not None:
            known = home_bags.iat[home] if isinstance(home_bags.iat[home], str) else None
            # Two different BAG ids at one address: different objects (say a home
            # rebuilt under the old address); the label is not this home's.
            if row_bag is None or known is None or row_bag == known:
                homes.append(home)
                via.append(VIA_ADDRESS)
                continue
        homes.append(-1)
        via.append(-1)
    matched = candidates.assign(home=homes, via=via)
    matched = matched[matched["home"] >= 0]
    return matched[list(MATCH_COLUMNS)].reset_index(drop=True)


def keep_latest(matches: pd.DataFrame) -> pd.DataFrame:
    """Per home and kind of match, the row with the latest date (missing dates count
    as oldest; a later line wins a tie). Applied after every chunk, so what is kept
    is bounded by the number of homes, whatever the size of the file."""
    if matches.empty:
        return matches
    ordered = matches.sort_values(["home", "via", "date", "line"], na_position="first")
    return ordered.drop_duplicates(["home", "via"], keep="last").reset_index(drop=True)


def best_labels(matches: pd.DataFrame) -> pd.DataFrame:
    """One row per home: its BAG match if it has one, else its address match."""
    latest = keep_latest(matches)
    return latest.sort_values(["home", "via"]).drop_duplicates("home").reset_index(drop=True)


# -- the import ---------------------------------------------------------------------------


@dataclass
class LabelReport:
    """What an import did (also when it changed nothing)."""

    file: str
    encoding: str
    rows_read: int = 0
    rows_matched_bag: int = 0
    rows_matched_address: int = 0
    homes: int = 0
    homes_labelled: int = 0  # homes that got their label from the file
    homes_changed: int = 0  # ... of which the label differs from the one they had
    homes_without_label: int = 0  # after the import
    ambiguous_addresses: int = 0  # homes not matched by address: it is not unique
    labelled_per_table: dict[str, int] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    read_seconds: float = 0.0
    seconds: float = 0.0

    def lines(self) -> list[str]:
        """A short human summary, one fact per line."""
        rate = self.rows_read / self.read_seconds if self.read_seconds else 0.0
        per_table = ", ".join(f"{n} {t}" for t, n in self.labelled_per_table.items() if n)
        out = [
            f"read {self.rows_read:,} rows of {self.file} ({self.encoding}) "
            f"in {self.read_seconds:.1f} s ({rate:,.0f} rows/s)",
            f"matched {self.rows_matched_bag:,} rows by BAG id and "
            f"{self.rows_matched_address:,} by address",
            f"labelled {self.homes_labelled:,} of {self.homes:,} homes"
            + (f" ({per_table})" if per_table else "")
            + f"; {self.homes_changed:,} got a different label",
            f"homes without a label now: {self.homes_without_label:,}",
        ]
        if self.ambiguous_addresses:
            out.append(
                f"not matched by address: {self.ambiguous_addresses:,} homes share their "
                "address with another home of the data directory"
            )
        out.append(
            f"wrote {', '.join(self.written)}"
            if self.written
            else "nothing changed: nothing written"
        )
        return out


def _label_provenance(manifest: Manifest | None, table: str, file: Path) -> Provenance:
    """The table's provenance with the label source added (replaced on a re-import)."""
    base = manifest.tables.get(table) if manifest else None
    note = f"energielabels: {SOURCE}, {file.name}"
    if base is None:
        return Provenance(source=note, date=date.today().isoformat())
    kept = base.source.split("; energielabels: ", 1)[0]
    return base.model_copy(update={"source": f"{kept}; {note}", "date": date.today().isoformat()})


def _home_tables(data_dir: Path) -> dict[str, pd.DataFrame]:
    """The data directory's home tables, read and validated.

    Only these, up front: the whole directory is validated anyway before the result
    takes its place (`staged`), and reading the other tables first would add a
    second full load to every import.
    """
    if not data_dir.is_dir():
        raise DataValidationError([Problem(str(data_dir), "file", "", "not a directory")])
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in HOME_TABLES:
        path, found = find_table_file(data_dir, TABLES_BY_NAME[name])
        problems += found
        if path is None:
            continue
        try:
            tables[name] = read_table(path, TABLES_BY_NAME[name])
        except DataValidationError as exc:
            problems += exc.problems
    if problems:
        raise DataValidationError(problems)
    return tables


def import_labels(
    path: Path | str,
    data_dir: Path | str,
    *,
    chunk_rows: int = CHUNK_ROWS,
    progress: Progress | None = None,
) -> LabelReport:
    """Put the labels of an EP-Online file on the homes of `data_dir`, all or nothing.

    The home tables are read (and validated) first, then the file is streamed and
    checked as a whole; only when it has no problem are the changed home tables
    written, through `geo.importers.target.staged` (the whole directory is validated
    and swapped in at once). Raises DataValidationError (file problems, or an
    invalid data directory) and AfsprakenkaartError; on any error nothing is written.
    """
    started = time.perf_counter()
    path, data_dir = Path(path), Path(data_dir)
    tables = _home_tables(data_dir)
    if not tables:
        raise AfsprakenkaartError(
            f"{data_dir}: no private_homes or corporation_homes to put energy labels on"
        )
    keys = home_keys(tables)
    info = sniff(path)
    report = LabelReport(str(path), info.encoding_name, ambiguous_addresses=keys.ambiguous)
    read_started = time.perf_counter()
    kept = match_chunk(pd.DataFrame(columns=list(CHUNK_COLUMNS)), keys)  # typed, empty
    for chunk in stream_labels(path, chunk_rows=chunk_rows, progress=progress):
        report.rows_read += len(chunk)
        matched = match_chunk(chunk, keys)
        if not matched.empty:
            via = matched["via"]
            report.rows_matched_bag += int((via == VIA_BAG).sum())
            report.rows_matched_address += int((via == VIA_ADDRESS).sum())
            both = matched if kept.empty else pd.concat([kept, matched], ignore_index=True)
            kept = keep_latest(both)
    report.read_seconds = time.perf_counter() - read_started

    best = best_labels(kept)
    chosen = keys.homes.loc[best["home"].astype(int)].assign(label=best["label"].to_numpy())
    updated: dict[str, pd.DataFrame] = {}
    report.homes = len(keys.homes)
    for name, frame in tables.items():
        mine = chosen[chosen["table"] == name]
        positions = mine["position"].to_numpy(dtype=int)
        before = frame["energielabel"].iloc[positions].to_numpy(dtype=object)
        after = mine["label"].to_numpy(dtype=object)
        changed = int(sum(1 for b, a in zip(before, after, strict=True) if _text(b) != a))
        report.labelled_per_table[name] = len(mine)
        report.homes_labelled += len(mine)
        report.homes_changed += changed
        result = frame.copy()
        if len(positions):
            column = result.columns.get_loc("energielabel")
            result.iloc[positions, column] = after  # type: ignore[index]
        report.homes_without_label += int(result["energielabel"].isna().sum())
        if changed:
            updated[name] = result

    if updated:
        with staged(data_dir) as stage:
            for name, frame in updated.items():
                stage.write_table(name, frame)
            # The homes keep their own provenance (generated ones stay demo data),
            # with the label source added.
            stage.set_manifest(
                provenance={n: _label_provenance(stage.manifest, n, path) for n in updated}
            )
        report.written = list(updated)
    report.seconds = time.perf_counter() - started
    return report


# -- command line ---------------------------------------------------------------------------

LABELS_HELP = f"""\
Put energy labels from an EP-Online file (RVO) on the homes of a data directory.

FILE is the EP-Online CSV (';'-separated, UTF-8 with or without BOM, or
Windows-1252) or the ZIP archive it is downloaded in. The national file has
millions of rows: it is read in chunks, so memory stays small. Columns used
(header names are case-insensitive; the rest are ignored):

  Pand_energieklasse         required: {LABELS_TEXT}
  Pand_bagverblijfsobjectid  BAG verblijfsobject id (16 digits)
  Pand_postcode, Pand_huisnummer, Pand_huisletter, Pand_huisnummertoevoeging
                             the address (older files: Pand_huisnummer_toev)
  Pand_opnamedatum           date of the label: yyyymmdd, dd-mm-yyyy or yyyy-mm-dd

A label goes to the home whose home_id is its BAG id, otherwise to the home with
the same postcode, house number, letter and addition (an address two homes share
is skipped). Per home the label with the latest Pand_opnamedatum wins. Homes the
file has no label for keep theirs.

Every row is checked first. On any problem (unknown label, bad date, missing
column, mixed encodings, a cut-off file) nothing is written and each problem is
listed with its line (header = line 1): the first {MAX_LISTED_PROBLEMS}, then a count.
Changed tables are written as GeoPackage; the manifest records the source.
"""


def _progress_lines(name: str) -> Progress:
    """Plain progress lines on stderr at every tenth of the file (readable in CI logs)."""
    shown = 0

    def report(done: int, total: int, rows: int) -> None:
        nonlocal shown
        tenth = done * 10 // max(total, 1)
        if tenth > shown:
            shown = tenth
            print(f"{name}: {tenth * 10}% ({rows:,} rows)", file=sys.stderr, flush=True)

    return report


def run(args: argparse.Namespace) -> int:
    """`python -m geo import labels FILE --data DIR`."""
    path = Path(args.file)
    report = import_labels(path, Path(args.data), progress=_progress_lines(path.name))
    for line in report.lines():
        print(line)
    return 0


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add `labels FILE --data DIR` to an argparse subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "labels",
        help="energy labels from an EP-Online CSV onto the homes (all or nothing)",
        description=LABELS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("file", metavar="FILE", help="the EP-Online .csv (or .zip)")
    parser.add_argument("--data", required=True, metavar="DIR", help="data directory to update")
    parser.set_defaults(func=run)
    return parser


__all__ = [
    "CHUNK_COLUMNS",
    "HomeKeys",
    "LabelFile",
    "LabelReport",
    "best_labels",
    "home_keys",
    "import_labels",
    "match_chunk",
    "register",
    "sniff",
    "stream_labels",
]
