"""What every dashboard figure shares: the fonts that draw Chinese, the margins and legend, short labels.

A figure is plotly's JSON as a plain dict ({"data": [traces], "layout": {…}}), which plotly.js draws as it is:
building plotly.py's graph objects validated every value of every trace, the larger part of a page's time."""

FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'


def figure(traces: list[dict], height: int, **layout) -> dict:
    """The figure of these traces, `height` pixels high; the axes make room for their labels."""
    axes = {axis: {"automargin": True, **layout.pop(axis, {})} for axis in ("xaxis", "yaxis")}
    return {"data": traces, "layout": {
        "height": height, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "font": {"family": FONT, "size": 13},
        "legend": {"orientation": "h", "x": 0, "y": 1, "yanchor": "bottom"}, "plot_bgcolor": "white", **axes,
        **layout,
    }}


def shorten(text: str, length: int = 14) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
