"""A page's view as its address holds it, and links that keep the reader's language.

Each page whose view lives in the query string declares it once as a `PageState`: its
keys in order, each with its default and what it accepts. Reading a query string, writing
one back, and the links between pages come from that declaration and from `href`. Pure:
what a key accepts that only the database knows (the provinces in the programme) is a
function the page hands in.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from layouts.i18n import DEFAULT as DEFAULT_LANGUAGE


def href(path: str, lang: str, **params) -> str:
    """`path` with `params` and the language in its query string; an empty value (a county
    not chosen, no counties compared) is left out, a list is joined by commas. `href("",
    lang)` is the bare suffix, for a column of links built at once."""
    given = {key: ",".join(map(str, value)) if isinstance(value, list) else value
             for key, value in params.items() if value not in ("", None, [])}
    if lang != DEFAULT_LANGUAGE:
        given["lang"] = lang
    return path + ("?" + urlencode(given) if given else "")


@dataclass(frozen=True)
class Key:
    """One key of a page's view: the value when the address names none it accepts, and how
    its text is read (`read` returns None for text it does not accept). A default may be a
    function, for a page whose default depends on the reader."""
    name: str
    default: Any
    read: Callable[[str], Any]

    def value(self, query: dict) -> Any:
        text = query.get(self.name)
        value = self.read(text) if isinstance(text, str) else None
        if value is not None:
            return value
        return self.default() if callable(self.default) else self.default


@dataclass(frozen=True)
class PageState:
    keys: tuple[Key, ...]

    def parse(self, query: dict) -> dict:
        """The view a query string asks for; anything unknown falls back to its default."""
        return {key.name: key.value(query) for key in self.keys}

    def search(self, state: dict, lang: str) -> str:
        """The query string of a view, in a language: the keys in their declared order."""
        return href("", lang, **{key.name: state[key.name] for key in self.keys
                                 if key.name in state})


def one_of(choices: Iterable[str] | Callable[[], Iterable[str]]) -> Callable[[str], str | None]:
    """A reader accepting the text when it is one of `choices` (or of what the function
    returns when it is called: the indicators declared now, the provinces of this build)."""
    def read(text: str) -> str | None:
        return text if text in (choices() if callable(choices) else choices) else None
    return read


def year_in(years: Iterable[int]) -> Callable[[str], int | None]:
    """A reader accepting a year of `years` written in digits."""
    accepted = frozenset(years)

    def read(text: str) -> int | None:
        return int(text) if text.isdecimal() and int(text) in accepted else None
    return read
