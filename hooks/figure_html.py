"""The HTML of one figure, shared by the page hook and the labs' plotly renderer.

A ``<figure>`` whose ``div[data-plotly]`` holds the plotly JSON (rounded, untemplated: the
renderer docs/assets/figures.js themes it), a text alternative, and a ``<figcaption>``.
Emitted as a single line: print-site reads it as one raw HTML block.
"""

from __future__ import annotations

import base64
import html
import json
import math
from typing import Any

import numpy as np

from hooks.plotly_js import check_traces

SIGNIFICANT_DIGITS = 4  # what the eye can see; figure JSON is payload
# The most data one figure may put into its page, as written there. The largest figure
# today writes 35 KB; at this limit a page's gzip budget (150 KB, plotly.js apart) could
# still hold one figure and its text. Above it, a figure should plot fewer points.
MAX_FIGURE_BYTES = 250_000


class FigureTooLargeError(ValueError):
    """A figure's data would make its page too heavy."""


def figure_html(
    figure_json: dict[str, Any],
    *,
    figure_id: str,
    alt: str,
    caption: str,
    number: int | None = None,
    code_href: str = "",
) -> str:
    """``alt`` and ``caption`` are plain text; they are escaped here. A figure whose data
    would exceed ``MAX_FIGURE_BYTES`` in the page, or that the site's plotly.js cannot draw,
    raises, naming it."""
    figure = payload(figure_json)
    data = html.escape(json.dumps(figure, separators=(",", ":")), quote=True)
    if len(data.encode()) > MAX_FIGURE_BYTES:
        raise FigureTooLargeError(
            f"figure {figure_id!r} writes {len(data.encode()) / 1000:,.0f} KB of data into its "
            f"page, more than the {MAX_FIGURE_BYTES / 1000:,.0f} KB a figure may: plot fewer "
            "points (a line needs a few hundred; a histogram, its bins)"
        )
    check_traces(figure, figure_id)
    alt, caption = html.escape(alt, quote=True), html.escape(caption, quote=False)
    height = figure["layout"].get("height", 450)
    label = f'<span class="figure-number">Figure {number}.</span> ' if number else ""
    code = f' <a class="figure-code" href="{code_href}">Code</a>' if code_href else ""
    return (
        f'<figure class="evidence-figure" id="{figure_id}">'
        f'<div class="plotly-figure" data-plotly="{data}" role="img" aria-label="{alt}" '
        f'style="min-height:{height}px">'
        f'<p class="figure-fallback">{alt}</p></div>'
        f"<figcaption>{label}{caption}{code}</figcaption></figure>"
    )


def payload(figure_json: dict[str, Any]) -> dict[str, Any]:
    """Plotly JSON without the default template, floats rounded. A lab's ``layout.meta``
    (its caption and text alternative) is written around the figure, not into its data."""
    layout = dict(figure_json.get("layout", {}))
    layout.pop("template", None)
    layout.pop("meta", None)
    figure = {"data": figure_json.get("data", []), "layout": layout}
    if figure_json.get("frames"):
        figure["frames"] = figure_json["frames"]
    return _round(figure)


def _round(value: Any) -> Any:
    if isinstance(value, dict) and "bdata" in value and "dtype" in value:
        value = _decode(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return None  # JSON has no NaN; plotly draws a gap
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}") if value else 0.0
    if isinstance(value, list):
        return [_round(v) for v in value]
    if isinstance(value, dict):
        return {k: _round(v) for k, v in value.items()}
    return value


def _decode(typed: dict[str, Any]) -> list:
    """plotly 6+ serializes numpy arrays as base64 typed arrays; as lists they can be rounded."""
    array = np.frombuffer(base64.b64decode(typed["bdata"]), dtype=np.dtype(typed["dtype"]))
    if "shape" in typed:
        shape = typed["shape"]
        array = array.reshape(
            [int(n) for n in str(shape).split(",")] if isinstance(shape, str) else shape
        )
    return array.tolist()
