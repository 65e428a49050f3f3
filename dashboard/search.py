"""Finding a place by what a user types: Chinese name, English name, pinyin, initials or code.

The index is made from the `places` query (county-level units and provinces, nothing
below), read through the query door, so it holds what the reader's edition holds and
nothing more, and it is made again for each new build. Pinyin comes from the Chinese
names with the place-name readings geodata/ uses for the English names, so 'Libo',
'libo', 'lìbō', 'li4bo1', 'lbx' and '荔波' all find 荔波县.
"""

import bisect
import heapq
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

from dashboard.access import is_adcode
from dashboard.db import Database
from geodata.names import place_syllables, split_unit_type

MAX_QUERY = 40  # characters: the longest place name is 18
SUGGESTIONS = 8
CJK = re.compile(r"[\u3400-\u9fff]")
# A province's name without its unit ("贵州" of 贵州省), longest suffix first.
PROVINCE_SUFFIX = re.compile(r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$")
# How good a match is, best first: the whole of a name or code, its beginning, inside it.
EXACT, PREFIX, INSIDE = 0, 1, 2
# Inside-a-word matches start at this many letters, so 'an' does not match half the country.
INSIDE_FROM = 3


def province_of(adcode: str) -> str:
    return adcode[:2] + "0000"


@dataclass(frozen=True)
class Place:
    kind: str  # county | province
    adcode: str
    name_zh: str
    name_en: str
    province_zh: str
    province_en: str
    rank: int  # 0 poverty county or province, 1 programme county, 2 other (places.sql)

    @property
    def path(self) -> str:
        return f"/{self.kind}/{self.adcode}"


def fold(text: str) -> str:
    """Latin text as the index compares it: lower case, no tone marks, tone numbers, spaces
    or apostrophes, full-width letters made plain, and ü and v (how ü is typed) as u."""
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c)).replace("v", "u")
    return re.sub(r"[^a-z]", "", plain)


def _syllables(name_zh: str, kind: str) -> tuple[list[str], list[str]]:
    """The pinyin of a name's place part, and of the whole name: (['li', 'bo'],
    ['li', 'bo', 'xian']) for 荔波县."""
    if kind == "province":
        stem, rest = PROVINCE_SUFFIX.sub("", name_zh), PROVINCE_SUFFIX.search(name_zh)
        unit = rest.group(0) if rest else ""
    else:
        stem, unit = split_unit_type(name_zh)
    place = place_syllables(stem) if stem else []
    return place, place + lazy_pinyin(unit, style=Style.NORMAL)


@dataclass(frozen=True)
class Keys:
    """The folded strings a query is matched against."""
    words: tuple[str, ...]  # the English name and the pinyin: 'libocounty', 'libo', 'liboxian'
    initials: tuple[str, ...]  # of the pinyin: 'lb', 'lbx' (matched from their start only)


def _keys(place: Place) -> Keys:
    stem, whole = _syllables(place.name_zh, place.kind)
    words = {fold(place.name_en), fold("".join(stem)), fold("".join(whole))}
    initials = {"".join(s[0] for s in stem if s), "".join(s[0] for s in whole if s)}
    return Keys(tuple(sorted(w for w in words if w)), tuple(sorted(i for i in initials if i)))


class _Lookup:
    """Strings naming places, looked up without a loop over the places in Python: sorted for
    whole and beginning matches (bisect), joined for matches inside a word (str.find)."""

    def __init__(self, keys: list[tuple[str, int]], inside: list[tuple[str, int]],
                 inside_from: int):
        self.pairs = sorted(keys)
        self.keys = [key for key, _ in self.pairs]
        self.haystack = "\n".join(key for key, _ in inside)
        self.starts = list(itertools.accumulate((len(key) + 1 for key, _ in inside[:-1]),
                                                initial=0))
        self.owners = [owner for _, owner in inside]
        self.inside_from = inside_from

    def qualities(self, text: str) -> dict[int, int]:
        """Place number -> how well the text matches it, for every place it matches."""
        found: dict[int, int] = {}
        low = bisect.bisect_left(self.keys, text)
        high = bisect.bisect_left(self.keys, text + "\uffff")
        for key, owner in self.pairs[low:high]:
            quality = EXACT if key == text else PREFIX
            if quality < found.get(owner, INSIDE + 1):
                found[owner] = quality
        if len(text) >= self.inside_from:
            at = self.haystack.find(text)
            while at >= 0:
                found.setdefault(self.owners[bisect.bisect_right(self.starts, at) - 1], INSIDE)
                at = self.haystack.find(text, at + 1)
        return found


class PlaceIndex:
    """Every place of one build, with the keys each is found by."""

    def __init__(self, places: list[Place]):
        self.places = places
        self.by_code = {p.adcode: p for p in places if p.kind == "county"}
        keys = [_keys(p) for p in places]
        numbered = list(enumerate(places))
        self._codes = _Lookup([(p.adcode, n) for n, p in numbered], [], inside_from=99)
        self._names = _Lookup([(p.name_zh, n) for n, p in numbered],
                              [(p.name_zh, n) for n, p in numbered], inside_from=1)
        self._letters = _Lookup(
            [(key, n) for n, k in enumerate(keys) for key in k.words + k.initials],
            [(key, n) for n, k in enumerate(keys) for key in k.words], inside_from=INSIDE_FROM)
        # What orders equally good matches, after nearness: rank, provinces before counties,
        # shorter names, code.
        self._order = [(p.rank, p.kind != "province", len(p.name_zh), p.adcode) for p in places]

    def find(self, text, limit: int = SUGGESTIONS, near: frozenset[str] = frozenset(),
             province: str | None = None, counties_only: bool = False) -> list[Place]:
        """The best matches for what was typed, best first; [] for anything that is not text.

        Equally good matches come in the order: places `near` the reader (their
        jurisdiction, the province they are looking at: adcodes of provinces or counties),
        provinces and poverty counties (provinces first), other programme counties, the
        rest; then shorter names; then by code. `province` keeps only that province's counties.
        """
        return [match[-1] for match in self._matches(text, near, province, counties_only, limit)]

    def best(self, text, near: frozenset[str] = frozenset()) -> Place | None:
        """The place a search opens: the best match when it is better than the next one,
        else None (the reader chooses from the list: 'lbx' is five poverty counties)."""
        matches = self._matches(text, near, None, False, 2)
        if not matches or (len(matches) > 1 and matches[0][:3] == matches[1][:3]):
            return None
        return matches[0][-1]

    def _matches(self, text, near: frozenset[str], province: str | None, counties_only: bool,
                 limit: int) -> list[tuple]:
        """The `limit` best matches as (quality, far, rank, county, name length, code, place)."""
        found = self._qualities(text)
        matches = []
        for number, quality in found.items():
            place = self.places[number]
            if (counties_only or province is not None) and place.kind != "county":
                continue
            if province is not None and place.adcode[:2] != province[:2]:
                continue
            far = place.adcode not in near and province_of(place.adcode) not in near
            matches.append((quality, far, *self._order[number], place))
        return heapq.nsmallest(limit, matches, key=lambda match: match[:-1])

    def _qualities(self, text) -> dict[int, int]:
        if not isinstance(text, str):
            return {}
        text = text.strip()[:MAX_QUERY]
        if text.isascii() and text.isdigit():
            return self._codes.qualities(text)
        if CJK.search(text):
            return self._names.qualities("".join(CJK.findall(text)))
        folded = fold(text)
        return self._letters.qualities(folded) if folded else {}


def index_for(db: Database) -> PlaceIndex:
    """The place index of the database's current build (made again only when it changes)."""
    return _index(db, db.build_id)


@lru_cache(maxsize=4)
def _index(db: Database, build_id: str) -> PlaceIndex:
    frame = db.run("places").frame
    places = [Place(kind=row.kind, adcode=row.adcode, name_zh=row.name_zh, name_en=row.name_en,
                    province_zh=row.province_zh, province_en=row.province_en, rank=int(row.rank))
              for row in frame.itertuples(index=False)]
    return PlaceIndex(places)


VIEWED = re.compile(r"^/(?:county|province)/([0-9]{6})(?:/|$)")


def viewed_province(pathname: str, query: dict) -> str | None:
    """The province a page shows: of its county or province, or its ?province= view."""
    if match := VIEWED.match(pathname or ""):
        return province_of(match.group(1))
    chosen = query.get("province")
    return province_of(chosen) if is_adcode(chosen) else None


def near(viewed: str | None, areas: frozenset[str] | None) -> frozenset[str]:
    """The places a search prefers: the viewed province and the reader's jurisdiction."""
    valid = {viewed} if is_adcode(viewed) else set()
    return frozenset(valid | set(areas or ()))


def chosen_counties(text, index: PlaceIndex, most: int = 10) -> list[str]:
    """The counties a '?compare=' list names, in its order: known county codes only, each
    once, at most `most`."""
    if not isinstance(text, str):
        return []
    chosen = []
    for code in text.split(",")[:4 * most]:
        code = code.strip()
        if code in index.by_code and code not in chosen:
            chosen.append(code)
    return chosen[:most]
