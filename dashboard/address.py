"""Pages whose view lives in the address: the controls write it, and it sets the controls."""

from typing import Callable

from dash import Input, Output, State, ctx, no_update

from dashboard.current import query_params
from layouts.i18n import language


def sync_address(app, url: str, controls: dict[str, str], on_page: Callable[[str | None], bool],
                 parse: Callable[[dict], dict], to_search: Callable[[dict, str], str]) -> None:
    """Register the callback that keeps the query string of `url` and a page's controls in step.

    `controls` maps each key of the page's state to the control whose value sets it; `parse`
    reads a state from query parameters (strings, anything unknown falling back to its
    default; a list, such as the counties compared, as its items joined by commas) and
    `to_search` writes a state back in a language. A new address (back button, pasted link,
    a card's link) sets only the controls that differ from it, since an unchanged control
    must not trigger a redraw; a control's change writes the address.
    """
    keys = list(controls)

    @app.callback(Output(url, "search"), *(Output(c, "value") for c in controls.values()),
                  Input(url, "search"), *(Input(c, "value") for c in controls.values()),
                  State(url, "pathname"), prevent_initial_call=True)
    def sync(search, *values_and_path):
        *values, pathname = values_and_path
        leave_controls = (no_update,) * len(keys)
        if not on_page(pathname):
            return no_update, *leave_controls
        query = query_params(search)
        if ctx.triggered_id == url:
            state = parse(query)
            return no_update, *(state[k] if state[k] != v else no_update
                                for k, v in zip(keys, values))
        state = parse({**query, **{k: as_text(v) for k, v in zip(keys, values)}})
        return to_search(state, language(query)), *leave_controls


def as_text(value) -> str:
    """A control's value as the query string holds it: a list (a multi-select) joined by commas."""
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)
