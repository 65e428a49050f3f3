"""Pure figure builders: a DataFrame in, a styled Plotly figure out."""

import pandas as pd
import plotly.graph_objects as go

from layouts.i18n import t
from layouts.theme import TEMPLATE

# Charts download as PNG from the mode bar; no Plotly logo link (it would leave the site).
GRAPH_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


def empty_figure(title: str, lang: str = "en") -> go.Figure:
    """A blank figure that says plainly there is nothing to draw."""
    fig = go.Figure(layout=dict(template=TEMPLATE, title=title))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=t("no_data", lang), showarrow=False, font=dict(size=16, color="#52606d"),
                       xref="paper", yref="paper", x=0.5, y=0.5)
    return fig


def trend_figure(frame: pd.DataFrame, series: list[tuple[str, str]], title: str,
                 y_title: str, kind: str = "line", lang: str = "en") -> go.Figure:
    """Measures by year: one trace per (column, label) pair, as lines or grouped bars."""
    present = [(col, label) for col, label in series
               if col in frame and frame[col].notna().any()]
    if frame.empty or not present:
        return empty_figure(title, lang)
    fig = go.Figure(layout=dict(template=TEMPLATE, title=title, yaxis_title=y_title))
    for column, label in present:
        trace = go.Bar if kind == "bar" else go.Scatter
        extra = {} if kind == "bar" else {"mode": "lines+markers"}
        fig.add_trace(trace(x=frame["year"], y=frame[column], name=label,
                            hovertemplate=f"{label}<br>%{{x}}: %{{y:,.4~s}}<extra></extra>",
                            **extra))
    fig.update_layout(showlegend=len(present) > 1)
    return fig
