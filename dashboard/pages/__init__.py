"""The pages: each module of this package is one page, and a new page is one new module.

A page module declares itself with `PAGE` (its path, its link in the navigation, whether
it needs a signed-in reader), has `layout(query, lang, **path_params)`, and declares its
callbacks with `@PAGE.callback(...)` on plain module-level functions, which stay as they
are: a test imports and calls them. The app, the navigation and the access rules read
these declarations (dashboard/app.py); nothing lists the pages or their callbacks by hand.

Not Dash's global `dash.callback`: its list is handed to the first app that serves a
request and then emptied, so the second app of a process (the tests build dozens) would
have no callbacks. Each app registers the pages' declared callbacks itself.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType

from dash import ClientsideFunction


@dataclass(frozen=True)
class Callback:
    function: Callable | ClientsideFunction
    dependencies: tuple  # Output, Input and State, as app.callback takes them
    options: dict  # prevent_initial_call and the like
    on_public_site: bool = True  # False: a public site has no such callback (nothing to send)

    def register(self, app) -> None:
        if isinstance(self.function, ClientsideFunction):
            app.clientside_callback(self.function, *self.dependencies, **self.options)
        else:
            app.callback(*self.dependencies, **self.options)(self.function)


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
    # A plain GET of the path answered before the page is drawn (the search box's Enter
    # opens its best match): a response, or None to draw the page.
    shortcut: Callable | None = None
    callbacks: list[Callback] = field(default_factory=list, compare=False)

    def callback(self, *dependencies, on_public_site: bool = True, **options) -> Callable:
        """Declare the decorated function a callback of this page; it is returned unchanged."""
        def declare(function: Callable) -> Callable:
            self.callbacks.append(Callback(function, dependencies, options, on_public_site))
            return function
        return declare

    def clientside_callback(self, function: ClientsideFunction, *dependencies,
                            **options) -> None:
        """Declare a callback that runs in the browser (dashboard/assets/poverty.js)."""
        self.callbacks.append(Callback(function, dependencies, options))

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
