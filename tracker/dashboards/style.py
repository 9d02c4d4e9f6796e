"""What every dashboard figure shares: the fonts that draw Chinese, the margins and legend, short labels."""

import plotly.graph_objects as go

FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'


def layout(figure: go.Figure, height: int, **layout) -> go.Figure:
    figure.update_layout(
        height=height, margin={"l": 10, "r": 10, "t": 40, "b": 10}, font={"family": FONT, "size": 13},
        legend={"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"}, plot_bgcolor="white", **layout,
    )
    return figure


def shorten(text: str, length: int = 14) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
