"""Dutch addresses and BAG ids as comparable keys, one normalisation for every importer.

The BAG, EP-Online and a corporation's own export spell the same address differently
("9411 SS" / "9411ss", "12A" / 12 + "A", "A-2" / "A" + "2"); these keys make them
agree, so a home found through one source is the same home in the next.
"""

from __future__ import annotations

import math
import re

import pandas as pd

_POSTCODE = re.compile(r"\d{4}[A-Z]{2}")
_HOUSE_NUMBER = re.compile(r"0*(\d{1,5})(?:\.0+)?\s*[-/]?\s*(.*)")
_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_BAG_ID = re.compile(r"\d{16}")
_BAG_PREFIX = "NL.IMBAG.VERBLIJFSOBJECT."


def cell_text(value: object) -> str:
    """A cell as stripped text; missing values (None, NaN, pd.NA) become ''."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer():
            return str(int(value))
    return str(value).strip()


def address_key(
    postcode: object, huisnummer: object, huisletter: object = None, toevoeging: object = None
) -> str | None:
    """The address as one comparable key, "9411SS|12|A2", or None when incomplete.

    Postcode upper case without spaces; the house number as a number (leading zeros,
    a ".0" from a spreadsheet and a letter or addition typed into the number itself,
    "12A" or "12-2", are tolerated); letter and addition joined, upper case, without
    separators. Joining them makes the newer EP-Online columns (letter A, addition 2)
    and the older combined column ("A-2", "A 2", "A2") give the same key.
    """
    code = cell_text(postcode).replace(" ", "").upper()
    if not _POSTCODE.fullmatch(code):
        return None
    number = _HOUSE_NUMBER.fullmatch(cell_text(huisnummer))
    if number is None or int(number.group(1)) == 0:
        return None
    suffix = (number.group(2) + cell_text(huisletter) + cell_text(toevoeging)).upper()
    return f"{code}|{int(number.group(1))}|{_NOT_ALNUM.sub('', suffix)}"


def bag_id(value: object, *, lenient: bool = False) -> str | None:
    """A BAG verblijfsobject id as 16 digits, or None.

    `lenient` (for the label file) also takes 13 to 15 digits: a spreadsheet that saw
    the id as a number dropped the leading zeros of the municipality code.
    """
    text = cell_text(value).upper()
    if text.startswith(_BAG_PREFIX):
        text = text[len(_BAG_PREFIX) :]
    if lenient and text.isascii() and text.isdigit() and 13 <= len(text) <= 16:
        return text.zfill(16)
    return text if _BAG_ID.fullmatch(text) else None
