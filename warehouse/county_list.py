"""The national poverty-county list as published, placed on the boundary map's units.

The list (reference/poverty_counties_832.csv) names each county with the code and name of
its day; some counties have been renamed or re-coded since, and one (冷湖行委) never had a
county code of its own. The demo build and an ingested list place their rows by one rule:

- a row whose code is crossed in reference/county_code_crossings.csv, and whose name (when
  it has one) agrees with the crossing's, goes to the crossing's unit (re-coded or merged);
- any other row goes to the unit with its code when the names agree: the same, one the
  other's abbreviation (湄潭 / 湄潭县), differing in the unit type only (平泉县 / 平泉市), or a
  rename the crossings record (大同县 / 云州区);
- a row whose name contradicts the unit at its code is left out, never placed there.

A code that is itself a boundary unit is crossed only when the row's name says so: 630104 is
西宁's 城西区 as well as the code the list gives 冷湖行委.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

REFERENCE = Path(__file__).with_name("reference")
LIST_CSV = REFERENCE / "poverty_counties_832.csv"
CROSSINGS_CSV = REFERENCE / "county_code_crossings.csv"

# Unit types, longest first; what is left is the place name that renames keep.
UNIT_TYPES = ("自治县", "自治旗", "特区", "行委", "林区", "县", "市", "区", "旗")


@dataclass(frozen=True)
class ListedCounty:
    """One row of the published list."""

    province: str
    prefecture: str
    name: str
    adcode: str  # as published
    exit_year: int


@dataclass(frozen=True)
class Crossing:
    listed_adcode: str
    listed_name: str
    adcode: str
    kind: str  # renamed, re-coded or merged
    note: str


@dataclass(frozen=True)
class Placement:
    """Where a listed row goes: a boundary unit, or nowhere (adcode None)."""

    adcode: str | None
    how: str  # as listed, renamed, re-coded, merged, left out, unknown code
    note: str = ""


def published_list() -> list[ListedCounty]:
    """The 832 counties with their official exit years (the announcements' year)."""
    with open(LIST_CSV, encoding="utf-8") as f:
        return [ListedCounty(r["province"], r["prefecture"], r["county"], r["adcode_source"],
                             int(r["exit_year"])) for r in csv.DictReader(f)]


def crossings() -> list[Crossing]:
    with open(CROSSINGS_CSV, encoding="utf-8") as f:
        return [Crossing(**row) for row in csv.DictReader(f)]


def place_name(name: str) -> str:
    """'平泉县' -> '平泉', '积石山保安族东乡族撒拉族自治县' -> '积石山保安族东乡族撒拉族'."""
    for unit_type in UNIT_TYPES:
        if name.endswith(unit_type) and len(name) > len(unit_type):
            return name[: -len(unit_type)]
    return name


def names_agree(listed: str, boundary: str) -> bool:
    """The same place: equal place names, or one the other's abbreviation."""
    a, b = place_name(listed.strip()), place_name(boundary.strip())
    return a.startswith(b) or b.startswith(a)


class Placer:
    """Places listed rows on the units of one boundary map."""

    def __init__(self, unit_names: dict[str, str]):
        self.unit_names = unit_names  # boundary adcode -> Chinese name
        self.by_code: dict[str, list[Crossing]] = {}
        for crossing in crossings():
            self.by_code.setdefault(crossing.listed_adcode, []).append(crossing)

    def place(self, adcode: str, name: str | None) -> Placement:
        crossing = self._crossing(adcode, name)
        if crossing is not None and crossing.kind != "renamed":
            return Placement(crossing.adcode, crossing.kind, crossing.note)
        boundary = self.unit_names.get(adcode)
        if boundary is None:
            return Placement(None, "unknown code")
        if name is None or name == boundary:
            return Placement(adcode, "as listed")
        if crossing is not None or names_agree(name, boundary):
            return Placement(adcode, "renamed", crossing.note if crossing else "")
        return Placement(None, "left out",
                         f"the name contradicts the boundary unit {adcode} ({boundary})")

    def _crossing(self, adcode: str, name: str | None) -> Crossing | None:
        candidates = self.by_code.get(adcode, [])
        if name is None:
            # Without a name, only a code that is no unit of the map can be read as crossed.
            return candidates[0] if len(candidates) == 1 and adcode not in self.unit_names else None
        return next((c for c in candidates if names_agree(name, c.listed_name)), None)


@dataclass(frozen=True)
class ListedUnit:
    """A boundary unit on the list: how many list entries it stands for, and its exit year."""

    entries: int
    exit_year: int


def listed_units(unit_names: dict[str, str]) -> dict[str, ListedUnit]:
    """The published list placed on the map: every row must find its unit."""
    placer = Placer(unit_names)
    units: dict[str, ListedUnit] = {}
    for row in published_list():
        placement = placer.place(row.adcode, row.name)
        if placement.adcode is None:
            raise ValueError(f"{LIST_CSV.name}: {row.name} ({row.adcode}) has no boundary unit "
                             f"({placement.how}); record its crossing in {CROSSINGS_CSV.name}")
        before = units.get(placement.adcode)
        # A unit that took in another listed county leaves the list with the later of them.
        units[placement.adcode] = ListedUnit(
            (before.entries if before else 0) + 1,
            max(row.exit_year, before.exit_year if before else row.exit_year))
    return units
