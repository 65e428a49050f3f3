"""The pages: each module of this package is one page, and a new page is one new module.

A page module declares itself with `PAGE` (its path, its link in the navigation, whether
it needs a signed-in reader) and has `layout(query, lang, **path_params)` and
`register_callbacks(app)`. The app, the navigation and the access rules read these
declarations (dashboard/app.py); nothing lists the pages by hand.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType


@dataclass(frozen=True)
class Page:
    path: str  # a template such as "/county/<adcode>"
    nav: str | None = None  # the translation key of its link in the navigation, if any
    nav_order: int = 0  # where that link goes, left to right
    # Household rows or integrity flags: absent from a public site, "sign in" before sign-in.
    signed_in: bool = False
    # Whether the place its path names exists (called with the path's parameters): an
    # address naming none is answered with the page saying so, and status 404.
    exists: Callable[..., bool] | None = None

    @property
    def prefix(self) -> str:
        """The path up to its first parameter: what a link to the page starts with."""
        return self.path.split("<")[0].rstrip("/") or "/"


def modules() -> list[ModuleType]:
    """Every page module of this package."""
    return [importlib.import_module(f"{__name__}.{info.name}")
            for info in pkgutil.iter_modules(__path__)]


def navigation(pages: list[ModuleType]) -> tuple[tuple[str, str], ...]:
    """(label key, path) of each page with a link in the navigation, in order."""
    linked = sorted((page.PAGE for page in pages if page.PAGE.nav), key=lambda p: p.nav_order)
    return tuple((page.nav, page.prefix) for page in linked)
