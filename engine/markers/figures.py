"""Figures: ``{{ figure <id> }}`` becomes the figure's HTML, which the labs' plotly renderer
writes too.

A ``<figure>`` whose ``div[data-plotly]`` holds the plotly JSON (rounded, untemplated: the
renderer docs/assets/figures.js themes it), a text alternative, and a ``<figcaption>``.
Emitted as a single line: print-site reads it as one raw HTML block.

A figure with a slider has a second drawing for paper, where nothing slides: the frames its
snippet puts in the group "paper" (``go.Frame(group="paper")``, three at least), side by side
as small multiples. The screen's drawing and its caption's instruction are screen-only, the
small multiples and their caption's list of positions print-only (site.css).
"""

from __future__ import annotations

import base64
import math
from pathlib import Path
from typing import Any

import numpy as np
from mkdocs.utils import get_relative_url

from engine.escaping import attribute, json_attribute, text
from engine.evidence.store import EvidenceError
from engine.markers.plotly_js import PlotlyBundleError, check_traces
from engine.markers.values import plain_text
from engine.names import LEDGER_URL
from snippets.contract import Marker

SIGNIFICANT_DIGITS = 4  # what the eye can see; figure JSON is payload
# The most data one figure may put into its page, as written there. The largest figure
# today writes 35 KB; at this limit a page's gzip budget (150 KB, plotly.js apart) could
# still hold one figure and its text. Above it, a figure should plot fewer points.
MAX_FIGURE_BYTES = 250_000


class FigureError(ValueError):
    """A figure cannot be written into a page as it is."""


class FigureTooLargeError(FigureError):
    """A figure's data would make its page too heavy."""


PAPER_GROUP = "paper"  # a slider's frames that print, side by side
FEWEST_ON_PAPER = 3  # positions of a slider on paper: a change needs a before, at and after
PAPER_COLUMNS = 2
PANEL_HEIGHT_PX = 270  # each small multiple, and above it its title (two lines)
PANEL_TITLE_PX = 40
PAPER_MARGIN = {"l": 48, "r": 16, "t": 56, "b": 40}  # the top margin holds the legend


def figure_html(
    figure_json: dict[str, Any],
    *,
    figure_id: str,
    alt: str,
    caption: str,
    number: int | None = None,
    code_href: str = "",
    root: Path,
) -> str:
    """``alt`` and ``caption`` are plain text; they are escaped here. A figure whose data
    would exceed ``MAX_FIGURE_BYTES`` in the page, or that the site's plotly.js cannot draw,
    raises, naming it."""
    figure = payload(figure_json)
    alt, caption = attribute(alt), text(caption)
    label = f'<span class="figure-number">Figure {number}.</span> ' if number else ""
    code = f' <a class="figure-code" href="{code_href}">Code</a>' if code_href else ""
    paper = small_multiples(figure, figure_id)
    if paper is None:
        drawings, lead = plotly_div(figure, figure_id, alt, root), ""
    else:
        on_screen, on_paper = slider_leads(figure)
        drawings = plotly_div(figure, figure_id, alt, root, "screen-only")
        drawings += plotly_div(paper, figure_id, alt, root, "print-only")
        lead = (
            f'<span class="screen-only">{attribute(on_screen)}</span> '
            f'<span class="print-only">{attribute(on_paper)}</span> '
        )
    return (
        f'<figure class="evidence-figure" id="{figure_id}">{drawings}'
        f"<figcaption>{label}{lead}{caption}{code}</figcaption></figure>"
    )


def plotly_div(
    figure: dict[str, Any], figure_id: str, alt: str, root: Path, medium: str = ""
) -> str:
    """The div the renderer draws ``figure`` into, its text alternative shown until then."""
    data = json_attribute(figure)
    if len(data.encode()) > MAX_FIGURE_BYTES:
        raise FigureTooLargeError(
            f"figure {figure_id!r} writes {len(data.encode()) / 1000:,.0f} KB of data into its "
            f"page, more than the {MAX_FIGURE_BYTES / 1000:,.0f} KB a figure may: plot fewer "
            "points (a line needs a few hundred; a histogram, its bins)"
        )
    check_traces(figure, figure_id, root)
    height = figure["layout"].get("height", 450)
    return (
        f'<div class="{" ".join(["plotly-figure", medium]).strip()}" data-plotly="{data}" '
        f'role="img" aria-label="{alt}" style="min-height:{height}px">'
        f'<p class="figure-fallback">{alt}</p></div>'
    )


def render(marker: Marker, page) -> str:
    """The figure as one line of raw HTML (print-site reads it as one block)."""
    line_start = page.text.rfind("\n", 0, marker.start) + 1
    line_end = page.text.find("\n", marker.end)
    if page.text[line_start : None if line_end < 0 else line_end].strip() != marker.text:
        raise EvidenceError(f"{page.source}: {marker.text} must stand alone on its line")
    item = page.store.lookup(marker.args[0], ("figure",), page.source)
    page.figures += 1
    try:
        return figure_html(
            item["result"],
            figure_id=item["id"],
            alt=plain_text(item["alt"], page.store, page.source),
            caption=plain_text(item["caption"], page.store, page.source),
            number=page.figures,
            code_href=get_relative_url(LEDGER_URL, page.url) + "#" + item["id"],
            root=page.root,
        )
    except (FigureError, PlotlyBundleError) as error:
        raise EvidenceError(f"{page.source}: {error} ({item['snippet']})") from None


# -- a slider on paper: small multiples --------------------------------------------------


def small_multiples(figure: dict[str, Any], figure_id: str) -> dict[str, Any] | None:
    """The paper drawing of a figure with a slider (None without one): its frames of the
    group "paper", each drawn over the figure's other traces in a panel of its own, with
    the frame's title above it; the figure's axes in every panel, the legend once."""
    layout = figure["layout"]
    if not layout.get("sliders"):
        return None
    frames = [frame for frame in figure.get("frames", []) if frame.get("group") == PAPER_GROUP]
    if len(frames) < FEWEST_ON_PAPER:
        raise FigureError(
            f"figure {figure_id!r} has a slider, so it prints as small multiples of its frames "
            f'of group "{PAPER_GROUP}" (go.Frame(group="{PAPER_GROUP}")): it needs '
            f"{FEWEST_ON_PAPER} at least, it has {len(frames)}"
        )
    rows = math.ceil(len(frames) / PAPER_COLUMNS)
    plot_height = rows * (PANEL_HEIGHT_PX + PANEL_TITLE_PX)
    title, panel = PANEL_TITLE_PX / plot_height, PANEL_HEIGHT_PX / plot_height
    gap = 0.08  # between the columns, as a share of the width
    width = (1 - gap * (PAPER_COLUMNS - 1)) / PAPER_COLUMNS
    base = {key: value for key, value in layout.items() if key not in ("sliders", "title")}
    base.update(
        height=plot_height + PAPER_MARGIN["t"] + PAPER_MARGIN["b"],
        margin=PAPER_MARGIN,
        annotations=list(layout.get("annotations", [])),
    )
    data = []
    for index, frame in enumerate(frames):
        row, column = divmod(index, PAPER_COLUMNS)
        suffix = str(index + 1) if index else ""
        x = [column * (width + gap), column * (width + gap) + width]
        top = 1 - row * (title + panel) - title
        y = [top - panel, top]
        # Axis titles on the outer panels only: the bottom row's x, the first column's y.
        base[f"xaxis{suffix}"] = {
            **layout.get("xaxis", {}),
            "domain": x,
            "anchor": f"y{suffix}",
            **({} if row == rows - 1 else {"title": {"text": ""}}),
        }
        base[f"yaxis{suffix}"] = {
            **layout.get("yaxis", {}),
            "domain": y,
            "anchor": f"x{suffix}",
            **({"scaleanchor": f"x{suffix}"} if "scaleanchor" in layout.get("yaxis", {}) else {}),
            **({} if column == 0 else {"title": {"text": ""}}),
        }
        base["annotations"].append(
            {
                "text": frame.get("layout", {}).get("title", {}).get("text", frame.get("name")),
                "xref": "paper",
                "yref": "paper",
                "x": x[0],
                "y": top,
                "xanchor": "left",
                "yanchor": "bottom",
                "align": "left",
                "showarrow": False,
                "font": {"size": 10},
            }
        )
        traces = [dict(trace) for trace in figure["data"]]
        for position, update in zip(frame.get("traces", range(len(frame["data"]))), frame["data"]):
            traces[position] = {**traces[position], **update}
        for trace in traces:
            trace.update(xaxis=f"x{suffix}", yaxis=f"y{suffix}")
            if index:
                trace["showlegend"] = False
        data += traces
    return {"data": data, "layout": base}


def slider_leads(figure: dict[str, Any]) -> tuple[str, str]:
    """The caption's first sentence on screen (how to move the slider) and on paper (which of
    its positions the small multiples show), from the slider's own labels."""
    slider = figure["layout"]["sliders"][0]
    prefix = (slider.get("currentvalue") or {}).get("prefix", "")
    what = prefix.rstrip(" =:") or "value"
    label_of = {step["args"][0][0]: step["label"] for step in slider["steps"] if step.get("args")}
    shown = [label_of.get(frame["name"], frame["name"]) for frame in figure["frames"]]
    printed = [
        label_of.get(frame["name"], frame["name"])
        for frame in figure["frames"]
        if frame.get("group") == PAPER_GROUP
    ]
    on_screen = (
        f"Drag the slider, or give it the focus and press the arrow keys, to change the {what}."
    )
    on_paper = (
        f"The {what} at {len(printed)} of the slider's {len(shown)} positions on the site: "
        f"{', '.join(printed[:-1])} and {printed[-1]}."
    )
    return on_screen, on_paper


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
