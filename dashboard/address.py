"""Pages whose view lives in the address: the controls write it, and it sets the controls;
a click on a map's county opens its page."""

from typing import Callable

from dash import Input, Output, State, ctx, no_update

from dashboard.current import query_params
from layouts.i18n import language
from layouts.state import PageState, href


def sync_address(page, url: str, controls: dict[str, str],
                 on_page: Callable[[str | None], bool], state: PageState) -> Callable:
    """Declare on `page` (a module's PAGE) the callback that keeps the query string of `url`
    and the page's controls in step, and return it.

    `controls` maps each key of the page's `state` to the control whose value sets it (a
    list, such as the counties compared, is written as its items joined by commas). A new
    address (back button, pasted link, a card's link) sets only the controls that differ
    from it, since an unchanged control must not trigger a redraw; a control's change
    writes the address.
    """
    keys = list(controls)

    @page.callback(Output(url, "search"), *(Output(c, "value") for c in controls.values()),
                   Input(url, "search"), *(Input(c, "value") for c in controls.values()),
                   State(url, "pathname"), prevent_initial_call=True)
    def sync(search, *values_and_path):
        *values, pathname = values_and_path
        leave_controls = (no_update,) * len(keys)
        if not on_page(pathname):
            return no_update, *leave_controls
        query = query_params(search)
        if ctx.triggered_id == url:
            view = state.parse(query)
            return no_update, *(view[k] if view[k] != v else no_update
                                for k, v in zip(keys, values))
        view = state.parse({**query, **{k: as_text(v) for k, v in zip(keys, values)}})
        return state.search(view, language(query)), *leave_controls

    return sync


def county_page_of(click: dict | None, search: str | None):
    """The address of the county a map click names, in the language of the page's address
    `search`; no_update for a click on no county."""
    adcode = ((click or {}).get("points") or [{}])[0].get("location")
    if not isinstance(adcode, str) or not adcode.isdigit():
        return no_update
    return href(f"/county/{adcode}", language(query_params(search)))


def as_text(value) -> str:
    """A control's value as the query string holds it: a list (a multi-select) joined by commas."""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)
