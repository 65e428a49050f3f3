"""What every interactive table shares: its filter boxes in the page's language."""

from layouts.i18n import t

LINK_COLOUR = "#0b5394"  # --accent of style.css; DataTable redefines its own --accent
# Markdown cells wrap their link in a paragraph: without its margins rows stay one line.
MARKDOWN_CSS = [{"selector": ".cell-markdown p", "rule": "margin: 0"},
                {"selector": ".cell-markdown a", "rule": f"color: {LINK_COLOUR}"}]


def filter_options(lang: str) -> dict:
    """A DataTable's filter boxes: a placeholder in the page's language, and matching that
    ignores case (style.css hides DataTable's case toggle, an English-titled button)."""
    return {"case": "insensitive", "placeholder_text": t("filter", lang)}
