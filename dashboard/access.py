"""Who may read what: roles, jurisdictions, and the guard the query door runs first.

Every page layout and callback reads through the one query door (dashboard/db.py),
and the door calls `guard` before it runs or looks up any query, so this file is the
whole of the enforcement (issue "Three audiences, one codebase"). Each query file
declares its access level (queries/__init__.py):

- public: county-level aggregates and above; anyone.
- analyst: village-level aggregates; an analyst or official whose jurisdiction holds
  the place the parameters name.
- official: household rows and lists of individual people; an official whose
  jurisdiction holds that place.

A jurisdiction is the whole country, or a set of provinces (analysts), or one province
or one county (officials). The place a request names is read from its parameters:
`adcode` (always a county in a non-public query), `county`, `province`, `area` (a
province or a county, or 'all') and `village_id` (placed by looking up its county).
Anything that cannot be placed is refused: the check fails closed.
"""

import re
from dataclasses import dataclass

from flask import current_app, g, has_request_context

from dashboard.db import AccessDenied
from queries import ACCESS_LEVELS, Query

ALL = "all"
ROLES = ("analyst", "official")  # what an account can be; everyone else is the public
ADCODE = re.compile(r"[0-9]{6}")  # ASCII digits only: \d would take any script's digits


def is_adcode(text) -> bool:
    """Whether a value from a request is six ASCII digits: the only form a code may take."""
    return isinstance(text, str) and ADCODE.fullmatch(text) is not None


@dataclass(frozen=True)
class User:
    name: str  # "" for a visitor who has not signed in
    role: str  # public | analyst | official
    areas: frozenset[str] | None  # province or county adcodes; None: the whole country

    def reaches(self, level: str) -> bool:
        """Whether the role may run queries of this access level at all."""
        return ACCESS_LEVELS.index(self.role) >= ACCESS_LEVELS.index(level)

    def covers_county(self, adcode) -> bool:
        if self.areas is None:
            return True
        return (isinstance(adcode, str) and ADCODE.fullmatch(adcode) is not None
                and (adcode in self.areas or province_of(adcode) in self.areas))

    def covers_province(self, adcode) -> bool:
        return self.areas is None or (isinstance(adcode, str) and adcode in self.areas)

    def covers_area(self, adcode) -> bool:
        """A province adcode is covered as a province, anything else as a county."""
        if isinstance(adcode, str) and ADCODE.fullmatch(adcode) and is_province(adcode):
            return self.covers_province(adcode)
        return self.covers_county(adcode)


PUBLIC = User("", "public", frozenset())
# The development app without accounts (the page tests): no sign-in and no checks.
UNRESTRICTED = User("", "official", None)


def province_of(county: str) -> str:
    """A county's province: the first two digits of an adcode name the province."""
    return county[:2] + "0000"


def is_province(adcode: str) -> bool:
    return adcode.endswith("0000")


def parse_jurisdiction(text: str, role: str) -> frozenset[str] | None:
    """The areas an account's jurisdiction text names; ValueError when it does not fit the role."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    if text.strip().lower() == ALL:
        return None
    areas = [part.strip() for part in text.split(",") if part.strip()]
    if not areas or not all(ADCODE.fullmatch(a) for a in areas):
        raise ValueError(f"jurisdiction must be '{ALL}' or 6-digit adcodes, not {text!r}")
    if role == "official" and len(areas) != 1:
        raise ValueError("an official's jurisdiction is the nation ('all'), one province "
                         "or one county")
    if role == "analyst" and not all(is_province(a) for a in areas):
        raise ValueError("an analyst's jurisdiction is 'all' or provinces (adcodes ending 0000)")
    return frozenset(areas)


def jurisdiction_text(areas: frozenset[str] | None) -> str:
    """The stored form of a jurisdiction: 'all' or adcodes separated by commas."""
    return ALL if areas is None else ",".join(sorted(areas))


def current_user() -> User:
    """The user of the current request; outside a request, the public (fail closed)."""
    if not has_request_context():
        return PUBLIC
    return g.get("user") or current_app.config.get("ANONYMOUS", PUBLIC)


def permits(level: str, county: str | None = None) -> bool:
    """The guard's rule for a page deciding what to ask for: may the reader run `level` here?"""
    if level == "public":
        return True
    user = current_user()
    return user.reaches(level) and (county is None or user.covers_county(county))


def guard(query: Query, params: dict) -> None:
    """The query door's check: AccessDenied unless the current user may run this query."""
    if query.access == "public":
        return
    user = current_user()
    if not user.reaches(query.access) or not _inside(user, params):
        raise AccessDenied(f"query {query.name!r} is not permitted here")


def _inside(user: User, params: dict) -> bool:
    """Whether every place the parameters name lies in the user's jurisdiction."""
    if user.areas is None:
        return True
    named = [key for key in ("adcode", "county", "province", "area", "village_id")
             if key in params]
    if not named:
        return False  # a query that names no place is for the whole country only
    checks = {
        "adcode": lambda v: user.covers_county(v),
        "county": lambda v: user.covers_county(v),
        "province": lambda v: user.covers_province(v),
        "area": lambda v: user.covers_area(v),
        "village_id": lambda v: user.covers_county(_village_county(v)),
    }
    return all(checks[key](params[key]) for key in named)


def _village_county(village_id) -> str | None:
    """The county of a village, through the door (a public query, so no recursion)."""
    if not isinstance(village_id, int) or isinstance(village_id, bool):
        return None
    found = current_app.config["DATABASE"].run("village_county", village_id=village_id).frame
    return None if found.empty else found["county_adcode"].iloc[0]
