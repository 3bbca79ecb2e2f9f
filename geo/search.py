"""Find a neighbourhood by village, buurt or wijk name, or postcode: an offline index.

The index is built once per dataset from what the data directory holds, so no outside
geocoder is needed:

- buurten and wijken by name (and by CBS code, for staff who know it);
- villages: the `woonplaats` column of the home tables where an importer wrote it
  (a village spans the buurten its addresses lie in); otherwise wijken named the CBS
  way, "Wijk 00 Beilen", stand for the village in their name (all buurten of the wijk);
- postcodes of the corporation and private homes: the four digits (PC4, "9411") and
  the whole code (PC6, "9411 SS"), each leading to the buurten its homes lie in.

Every entry says what it is (`kind`) and leads to one or more buurtcodes. A query and
the names are compared after `normalise`: case, diacritics, hyphens and punctuation,
spaces, and the Dutch "'t" / "'s" (het, des) do not matter. Results are ranked: exact,
then prefix, then every word a prefix of a word, then substring, then (for words of 4
letters or more) one typo, two in words of 7 or more.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from geo.addressing import cell_text
from geo.dataset import Dataset
from geo.i18n import t

Kind = Literal["buurt", "village", "wijk", "postcode"]
KIND_ORDER: dict[str, int] = {"buurt": 0, "village": 1, "wijk": 2, "postcode": 3}

EXACT, PREFIX, WORD_PREFIX, SUBSTRING, FUZZY = range(5)
RANK_NAMES = ("exact", "prefix", "word_prefix", "substring", "fuzzy")

_NON_WORD = re.compile(r"[\W_]+")
_ARTICLES = {"t": "het", "s": "des"}  # 't Zandt, 's-Hertogenbosch
_POSTCODE_QUERY = re.compile(r"^(\d{4}) ?([a-z]{0,2})$")
_CBS_WIJK_NAME = re.compile(r"^wijk\s+\d+\s+(?P<place>\S.*)$", re.IGNORECASE)
_MIN_FUZZY = 4  # shorter words must be typed without typos
_MAX_QUERY = 200  # longer input is cut: nobody types a village name this long


def without_diacritics(text: object) -> str:
    """The text with its diacritics dropped ("Eëlde" -> "Eelde", "ĳ" -> "ij")."""
    decomposed = unicodedata.normalize("NFKD", "" if text is None else str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: object) -> str:
    """Lower case without diacritics ("Eëlde" -> "eelde"), other characters kept."""
    return without_diacritics(text).casefold()


def _tokens(text: object) -> list[str]:
    return [w for w in _NON_WORD.split(fold(text)) if w]


def normalise(text: object) -> str:
    """A name as compared: folded, words separated by one space, "'t" read as "het".

    "'t Haantje" -> "het haantje", "Smilde-Centrum" -> "smilde centrum",
    "Eëlde" -> "eelde". Punctuation and markup are separators, never part of a word.
    """
    return " ".join(_ARTICLES.get(w, w) for w in _tokens(text))


def normalise_query(text: object) -> str:
    """A typed query as compared. Like `normalise`, except that a last "t" or "s" stays
    itself (the start of a word still being typed), and a postcode loses its space
    ("9411 ss", "9411-SS" -> "9411ss")."""
    words = _tokens(str(text)[:_MAX_QUERY] if text is not None else "")
    if not words:
        return ""
    joined = " ".join(words)
    postcode = _POSTCODE_QUERY.fullmatch(joined)
    if postcode:
        return postcode.group(1) + postcode.group(2)
    return " ".join([*(_ARTICLES.get(w, w) for w in words[:-1]), words[-1]])


def postcode_key(value: object) -> str | None:
    """ "9411 SS" / "9411ss" -> "9411ss"; None when it is not a postcode."""
    compact = _NON_WORD.sub("", fold(value))
    return compact if re.fullmatch(r"\d{4}[a-z]{2}", compact) else None


def postcode_name(key: str) -> str:
    """How a postcode key is written: "9411ss" -> "9411 SS", "9411" -> "9411"."""
    return key if len(key) == 4 else f"{key[:4]} {key[4:].upper()}"


@dataclass(frozen=True)
class Entry:
    """One thing a user can find: a village, buurt, wijk or postcode."""

    kind: Kind
    name: str  # as written in the data ("Smilde-Centrum", "9411 SS")
    codes: tuple[str, ...]  # the buurtcodes it leads to, the likeliest first
    key: str  # `normalise(name)`; for postcodes the compact code ("9411ss")
    aliases: tuple[str, ...] = ()  # other normalised names (CBS code, the wijk's name)
    place: str | None = None  # for a buurt: the village or wijk it lies in
    ref: str = ""  # stable id part: the CBS code, the village key or the postcode

    @property
    def id(self) -> str:
        """A stable id, e.g. "buurt:BU17310000", "village:beilen", "postcode:9411ss"."""
        return f"{self.kind}:{self.ref or self.key}"

    @property
    def keys(self) -> tuple[str, ...]:
        return (self.key, *self.aliases)


@dataclass(frozen=True)
class Hit:
    """A search result: the entry and how well it matched (`EXACT` .. `FUZZY`)."""

    entry: Entry
    rank: int
    # Within a rank, 0 before 1: for typos, whether the name starts with the word.
    detail: int = 0

    @property
    def how(self) -> str:
        return RANK_NAMES[self.rank]


@dataclass(frozen=True)
class SearchIndex:
    """Everything that can be found in one dataset, in the order a list shows it:
    villages, buurten, wijken, four-digit postcodes, whole postcodes."""

    entries: tuple[Entry, ...]
    buurtnamen: Mapping[str, str]
    _by_id: Mapping[str, Entry] = field(default_factory=dict, repr=False, compare=False)
    _words: Mapping[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)

    def get(self, entry_id: str) -> Entry | None:
        """The entry with this `Entry.id`, or None."""
        return self._by_id.get(entry_id)

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """The best `limit` entries for `query`, best first (see the module docstring)."""
        q = normalise_query(query)
        if not q or limit <= 0:
            return []
        if _POSTCODE_QUERY.fullmatch(q) or q.isdigit():
            hits = [h for e in self.entries if (h := _postcode_hit(e, q)) is not None]
        else:
            tokens = q.split()
            hits = [
                Hit(e, rank)
                for e in self.entries
                if e.kind != "postcode" and (rank := _name_rank(e, q, tokens)) is not None
            ]
            exact = any(h.rank == EXACT for h in hits)
            if len(hits) < limit and not exact and any(_fuzzy_word(w) for w in tokens):
                found = {h.entry.id for h in hits}
                hits += [h for h in self._fuzzy(tokens) if h.entry.id not in found]
        hits.sort(key=_order)
        return hits[:limit]

    def _fuzzy(self, tokens: list[str]) -> list[Hit]:
        """Entries each of whose query words is a prefix of, or a typo or two away
        from the start of, one of its words (at least one typo: otherwise `_name_rank`
        found it already)."""
        matched: set[int] | None = None
        leading: set[int] = set()  # entries whose first word matched the first query word
        for n, token in enumerate(tokens):
            here: set[int] = set()
            for word, owners in self._words.items():
                if word.startswith(token) or _typo_prefix(token, word):
                    here.update(owners)
                    if n == 0:
                        leading.update(i for i in owners if self.entries[i].key.startswith(word))
            matched = here if matched is None else matched & here
            if not matched:
                return []
        return [
            Hit(self.entries[i], FUZZY, 0 if i in leading else 1) for i in sorted(matched or ())
        ]


def _order(hit: Hit) -> tuple[int, int, int, int, str]:
    entry = hit.entry
    return (hit.rank, hit.detail, KIND_ORDER[entry.kind], len(entry.key), entry.key)


def _fuzzy_word(token: str) -> bool:
    """Typos are looked for in words of letters only: a code or number is exact."""
    return len(token) >= _MIN_FUZZY and token.isalpha()


def _postcode_hit(entry: Entry, q: str) -> Hit | None:
    if entry.kind != "postcode":
        return None
    if entry.key == q:
        return Hit(entry, EXACT)
    if entry.key.startswith(q):
        return Hit(entry, PREFIX)
    if len(q) > 4 and entry.key == q[:4]:  # an unknown PC6: offer its four digits
        return Hit(entry, SUBSTRING)
    return None


def _name_rank(entry: Entry, q: str, tokens: list[str]) -> int | None:
    best: int | None = None
    for key in entry.keys:
        if key == q:
            return EXACT
        if key.startswith(q):
            rank = PREFIX
        elif all(any(w.startswith(tok) for w in key.split()) for tok in tokens):
            rank = WORD_PREFIX
        elif q in key or q.replace(" ", "") in key.replace(" ", ""):
            rank = SUBSTRING
        else:
            continue
        best = rank if best is None else min(best, rank)
    return best


def _typo_prefix(token: str, word: str) -> bool:
    """Whether `token` is within its allowed typos (1, or 2 from 7 letters on) of the
    start of `word`: the start as long as the token, or as many letters shorter or
    longer as typos are allowed (a letter left out or typed twice)."""
    n = len(token)
    allowed = 1 if n < 7 else 2
    if not _fuzzy_word(token) or token[0] != word[0] or len(word) < n - allowed:
        return False
    return any(
        _distance(token, word[:size], allowed) <= allowed
        for size in range(n - allowed, min(n + allowed, len(word)) + 1)
    )


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with transpositions (optimal string alignment), stopping early
    once every path costs more than `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# -- building the index ------------------------------------------------------------------


def _homes(dataset: Dataset) -> pd.DataFrame:
    """Postcode, woonplaats and buurtcode of every home with a buurt (both tables)."""
    frames = []
    for name in ("corporation_homes", "private_homes"):
        table = dataset.tables.get(name)
        if table is None or table.empty:
            continue
        columns = [c for c in ("postcode", "woonplaats", "buurtcode") if c in table]
        frames.append(pd.DataFrame(table[columns]))
    if not frames:
        return pd.DataFrame(columns=["postcode", "woonplaats", "buurtcode"])
    homes = pd.concat(frames, ignore_index=True)
    homes = homes.reindex(columns=["postcode", "woonplaats", "buurtcode"])
    return homes[homes["buurtcode"].notna()]


def _by_count(pairs: Iterable[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    """key -> buurtcodes, the buurt with most homes of that key first."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for key, code in pairs:
        counts[key][code] += 1
    return {
        key: tuple(sorted(codes, key=lambda c: (-codes[c], c))) for key, codes in counts.items()
    }


def _village_entries(
    dataset: Dataset, homes: pd.DataFrame, names: Mapping[str, str]
) -> tuple[list[Entry], dict[str, str]]:
    """The villages, and per buurtcode the village it belongs to (for labels)."""
    spelled: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    members: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, set[str]] = defaultdict(set)
    places = homes[homes["woonplaats"].notna()]
    for place, code in zip(places["woonplaats"], places["buurtcode"], strict=True):
        key = normalise(place)
        if key:
            spelled[key][str(place).strip()] += 1
            members[key].add(str(code))
    if not members:  # no woonplaats column: CBS wijk names ("Wijk 00 Beilen")
        buurten = dataset.buurten
        for wijkcode, wijknaam in zip(
            dataset.wijken["wijkcode"], dataset.wijken["wijknaam"], strict=True
        ):
            match = _CBS_WIJK_NAME.match(cell_text(wijknaam).strip())
            place = match.group("place").strip() if match else ""
            key = normalise(place)
            if not key:
                continue
            spelled[key][place] += 1
            codes = buurten.loc[buurten["wijkcode"] == wijkcode, "buurtcode"]
            members[key].update(str(c) for c in codes)
            aliases[key].update({normalise(wijknaam), str(wijkcode).casefold()})
    entries: list[Entry] = []
    village_of: dict[str, str] = {}
    for key, codes in members.items():
        name = max(spelled[key], key=lambda s: (spelled[key][s], s))
        ordered = tuple(
            sorted(codes, key=lambda c: (normalise(names.get(c, c)) != key, names.get(c, c), c))
        )
        entries.append(Entry("village", name, ordered, key, tuple(sorted(aliases[key]))))
        for code in ordered:
            village_of.setdefault(code, name)
    return entries, village_of


def build_index(dataset: Dataset) -> SearchIndex:
    """Everything findable in `dataset` (see the module docstring)."""
    buurten = dataset.buurten
    names = {
        str(c): cell_text(n)
        for c, n in zip(buurten["buurtcode"], buurten["buurtnaam"], strict=True)
    }
    wijknamen = {
        str(c): cell_text(n)
        for c, n in zip(dataset.wijken["wijkcode"], dataset.wijken["wijknaam"], strict=True)
    }
    homes = _homes(dataset)
    villages, village_of = _village_entries(dataset, homes, names)
    village_sets = {frozenset(v.codes) for v in villages}

    buurt_entries = [
        Entry(
            "buurt",
            name,
            (code,),
            normalise(name),
            (code.casefold(),),
            place=village_of.get(code) or wijknamen.get(str(wijk)) or None,
            ref=code,
        )
        for code, name, wijk in zip(names, names.values(), buurten["wijkcode"], strict=True)
    ]
    wijk_entries = []
    for wijkcode, wijknaam in wijknamen.items():
        codes = tuple(
            sorted(
                (str(c) for c in buurten.loc[buurten["wijkcode"] == wijkcode, "buurtcode"]),
                key=lambda c: (names[c], c),
            )
        )
        if not codes or frozenset(codes) in village_sets:
            continue  # the village of the same name stands for it
        key = normalise(wijknaam) or wijkcode.casefold()
        wijk_entries.append(
            Entry("wijk", wijknaam or wijkcode, codes, key, (wijkcode.casefold(),), ref=wijkcode)
        )

    postcodes = homes[homes["postcode"].notna()]
    pc6 = _by_count(
        (pc, str(code))
        for value, code in zip(postcodes["postcode"], postcodes["buurtcode"], strict=True)
        if (pc := postcode_key(value))
    )
    pc4 = _by_count((key[:4], code) for key, codes in pc6.items() for code in codes)
    postcode_entries = [
        Entry("postcode", postcode_name(key), codes, key)
        for key, codes in sorted(pc4.items()) + sorted(pc6.items())
    ]

    def alphabetical(entries: list[Entry]) -> list[Entry]:
        return sorted(entries, key=lambda e: (e.key, e.name))

    entries = (
        *alphabetical(villages),
        *alphabetical(buurt_entries),
        *alphabetical(wijk_entries),
        *postcode_entries,
    )
    words: dict[str, list[int]] = defaultdict(list)
    for i, entry in enumerate(entries):
        if entry.kind == "postcode":
            continue
        for word in {w for key in entry.keys for w in key.split()}:
            words[word].append(i)
    return SearchIndex(
        entries=entries,
        buurtnamen=names,
        _by_id={e.id: e for e in entries},
        _words={w: tuple(owners) for w, owners in words.items()},
    )


# -- how an entry is shown ----------------------------------------------------------------


def label(entry: Entry, lang: str = "nl") -> str:
    """One line for a result list: "Beilen — dorp, 5 buurten", "Holthe — buurt in Beilen",
    "9411 SS — postcode". When the name has diacritics, its plain spelling follows in
    brackets, so typing without them still finds it in a list that filters on labels."""
    kind = t(f"search.kind.{entry.kind}", lang)
    name = entry.name
    plain_spelling = without_diacritics(name)
    if plain_spelling != name:
        name = f"{name} ({plain_spelling})"
    if len(entry.codes) > 1:
        return t("search.option.many", lang, name=name, kind=kind, count=len(entry.codes))
    if entry.kind == "buurt" and entry.place and normalise(entry.place) != entry.key:
        return t("search.option.in", lang, name=name, kind=kind, place=entry.place)
    return t("search.option.one", lang, name=name, kind=kind)
