"""Figures: ``{{ figure <id> }}`` becomes the figure's HTML, which the labs' plotly renderer
writes too.

A ``<figure>`` whose ``div[data-plotly]`` holds the plotly JSON (rounded, untemplated: the
renderer docs/assets/figures.js themes it), a text alternative, and a ``<figcaption>``.
Emitted as a single line: print-site reads it as one raw HTML block.

A figure with a slider has a second drawing for paper, where nothing slides: the frames its
snippet puts in the group "paper" (``go.Frame(group="paper")``, three at least), side by side
as small multiples. On screen its slider is a native range input that the build writes under
the drawing (plotly's own is drawn by no one: a keyboard cannot reach it). The screen's
drawing, its input and its caption's instruction are screen-only, the small multiples and
their caption's list of positions print-only (site.css).
"""

from __future__ import annotations

import base64
import math
import re
from html import unescape
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
PANEL_TICKS_PX = 32  # under a row of cells, its tick labels (two lines), above the next titles
STACKED_PANEL_PX = 160  # each of a cell's subplots stacked one above another
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
        drawings += slider_control(figure, figure_id)
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
    group "paper", each drawn over the figure's other traces in a cell of its own, with the
    frame's title above it. A cell holds the figure's subplots where the figure has them
    (each axis, its domain scaled into the cell); the figure's axes in every cell, axis
    titles on the outer cells, the legend once."""
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
    axes = {letter: subplot_axes(figure, letter) for letter in "xy"}
    domains = {
        letter: {tuple(axis.get("domain", (0, 1))) for axis in axes[letter].values()}
        for letter in "xy"
    }
    # Subplots side by side take the print column's width: one cell a row. Stacked subplots
    # share a cell's height, each less than a panel of its own.
    columns = PAPER_COLUMNS if len(domains["x"]) == 1 else 1
    stacked = len(domains["y"])
    cell_height = PANEL_HEIGHT_PX if stacked == 1 else STACKED_PANEL_PX * stacked
    rows = math.ceil(len(frames) / columns)
    # The last row's tick labels are in the bottom margin.
    plot_height = rows * (cell_height + PANEL_TITLE_PX + PANEL_TICKS_PX) - PANEL_TICKS_PX
    title, panel = PANEL_TITLE_PX / plot_height, cell_height / plot_height
    ticks = PANEL_TICKS_PX / plot_height
    # x axis titles under a cell's lowest subplots only, whose y axis starts lowest.
    lowest = min(axis.get("domain", (0, 1))[0] for axis in axes["y"].values())
    gap = 0.08  # between the columns, as a share of the width
    width = (1 - gap * (columns - 1)) / columns
    base = {
        key: value
        for key, value in layout.items()
        if key not in ("sliders", "title", "annotations", "shapes")
        and not re.fullmatch(r"[xy]axis\d*", key)
    }
    base.update(
        height=plot_height + PAPER_MARGIN["t"] + PAPER_MARGIN["b"],
        margin=PAPER_MARGIN,
        annotations=[a for a in layout.get("annotations", []) if not on_axes(a)],
    )
    if layout.get("shapes"):
        base["shapes"] = [s for s in layout["shapes"] if not on_axes(s)]
    data = []
    for index, frame in enumerate(frames):
        row, column = divmod(index, columns)
        x = [column * (width + gap), column * (width + gap) + width]
        top = 1 - row * (title + panel + ticks) - title
        y = [top - panel, top]
        cell = {"x": x, "y": y}
        # Each axis of the figure gets a twin in this cell, numbered after the cells before.
        renamed = {
            letter: {
                suffix: f"{letter}{number if number > 1 else ''}"
                for number, suffix in enumerate(axes[letter], start=index * len(axes[letter]) + 1)
            }
            for letter in "xy"
        }

        for letter, other in (("x", "y"), ("y", "x")):
            for suffix, axis in axes[letter].items():
                low, high = axis.get("domain", (0, 1))
                start, end = cell[letter]
                # Within [0, 1] as plotly requires, whatever the sums' rounding.
                domain = [start + low * (end - start), start + high * (end - start)]
                twin = {
                    **axis,
                    "domain": [min(max(round(bound, 9), 0.0), 1.0) for bound in domain],
                    "anchor": rename(axis.get("anchor", other), renamed),
                }
                for key in ("scaleanchor", "matches", "overlaying"):
                    if key in axis:
                        twin[key] = rename(axis[key], renamed)
                # Axis titles on the outer cells only: the bottom row's x (under its lowest
                # subplots), the first column's y.
                if letter == "x":
                    anchored = axes["y"].get(axis.get("anchor", "y")[1:], {})
                    outer = row == rows - 1 and anchored.get("domain", (0, 1))[0] == lowest
                else:
                    outer = column == 0
                if not outer:
                    twin["title"] = {"text": ""}
                base[f"{letter}axis{renamed[letter][suffix][1:]}"] = twin
        for kind in ("annotations", "shapes"):
            for item in layout.get(kind, []):
                if on_axes(item):
                    base.setdefault(kind, []).append(
                        {
                            **item,
                            "xref": rename(item.get("xref", "paper"), renamed),
                            "yref": rename(item.get("yref", "paper"), renamed),
                        }
                    )
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
            trace.update(
                xaxis=rename(trace.get("xaxis", "x"), renamed),
                yaxis=rename(trace.get("yaxis", "y"), renamed),
            )
            if index:
                trace["showlegend"] = False
        data += traces
    return {"data": data, "layout": base}


def subplot_axes(figure: dict[str, Any], letter: str) -> dict[str, dict[str, Any]]:
    """The figure's x (or y) axes, by suffix ("" for xaxis, "2" for xaxis2), in order: those
    its layout sets and those its traces use."""
    layout = figure["layout"]
    suffixes = {key[len(letter) + 4 :] for key in layout if re.fullmatch(rf"{letter}axis\d*", key)}
    suffixes |= {trace.get(f"{letter}axis", letter)[1:] for trace in figure["data"]}
    suffixes.discard("1")  # "x1" is "x"
    ordered = sorted(suffixes, key=lambda suffix: int(suffix or 1))
    return {suffix: dict(layout.get(f"{letter}axis{suffix}", {})) for suffix in ordered}


def rename(reference: str, renamed: dict[str, dict[str, str]]) -> str:
    """An axis reference ("x2", "y domain") in a cell: the cell's twin of that axis."""
    match = re.fullmatch(r"([xy])(\d*)( domain)?", reference)
    if not match:
        return reference
    letter, suffix, domain = match.groups()
    return renamed[letter].get("" if suffix == "1" else suffix, reference) + (domain or "")


def on_axes(item: dict[str, Any]) -> bool:
    """Whether an annotation or shape is placed on a subplot's axes, not on the paper."""
    return any(
        re.fullmatch(r"[xy]\d*( domain)?", str(item.get(ref, "paper"))) for ref in ("xref", "yref")
    )


def slider_leads(figure: dict[str, Any]) -> tuple[str, str]:
    """The caption's first sentence on screen (how to move the slider) and on paper (which of
    its positions the small multiples show), from the slider's own labels."""
    slider = figure["layout"]["sliders"][0]
    what = slider_name(slider)
    label_of = {step["args"][0][0]: step["label"] for step in slider["steps"] if step.get("args")}
    shown = [label_of.get(frame["name"], frame["name"]) for frame in figure["frames"]]
    printed = [
        label_of.get(frame["name"], frame["name"])
        for frame in figure["frames"]
        if frame.get("group") == PAPER_GROUP
    ]
    on_screen = (
        f"Move the slider under the plot (drag it, or give it the focus and press the arrow "
        f"keys) to change the {what}."
    )
    on_paper = (
        f"The {what} at {len(printed)} of the slider's {len(shown)} positions on the site: "
        f"{', '.join(printed[:-1])} and {printed[-1]}."
    )
    return on_screen, on_paper


# -- a slider on screen: a native range input ----------------------------------------------


def slider_control(figure: dict[str, Any], figure_id: str) -> str:
    """The figure's slider as a native ``<input type="range">``, which a keyboard, a pointer
    and a screen reader all operate (plotly's own slider is SVG that only a mouse can move:
    plotly.js issue 562). Written by the build, beside the drawing, so that nothing moves
    when the renderer starts; docs/assets/figures.js draws the figure without plotly's
    slider and takes the input's position to the slider's step. Each position's
    ``aria-valuetext`` says which frame is shown: the frame's title, as plain text."""
    sliders = figure["layout"]["sliders"]
    if len(sliders) != 1:
        raise FigureError(
            f"figure {figure_id!r} has {len(sliders)} sliders: a figure may have one, drawn "
            "as its range input"
        )
    slider = sliders[0]
    steps = slider["steps"]
    labels = [str(step.get("label", index)) for index, step in enumerate(steps)]
    texts = [step_text(figure, step, label) for step, label in zip(steps, labels)]
    active = int(slider.get("active", 0))
    control = f"{figure_id}-control"
    return (
        f'<div class="figure-control screen-only">'
        f'<label for="{control}">{text(slider_name(slider))}</label>'
        f'<input type="range" id="{control}" min="0" max="{len(steps) - 1}" step="1" '
        f'value="{active}" aria-valuetext="{attribute(texts[active])}" '
        f'data-valuetexts="{json_attribute(texts)}" data-labels="{json_attribute(labels)}">'
        f'<output for="{control}" aria-hidden="true">{text(labels[active])}</output>'
        "</div>"
    )


def slider_name(slider: dict[str, Any]) -> str:
    """What the slider moves: its current value's prefix ("budget t = " is "budget t")."""
    prefix = (slider.get("currentvalue") or {}).get("prefix", "")
    return prefix.rstrip(" =:") or "value"


def step_text(figure: dict[str, Any], step: dict[str, Any], label: str) -> str:
    """What a slider's step shows, as plain text: the title of the frame it animates to (its
    lines joined by semicolons), or else the slider's prefix and the step's label."""
    frame_name = (step.get("args") or [[None]])[0]
    frame_name = frame_name[0] if isinstance(frame_name, list) and frame_name else frame_name
    for frame in figure.get("frames", []):
        title = (frame.get("layout") or {}).get("title") or {}
        title = title.get("text", "") if isinstance(title, dict) else str(title)
        if frame.get("name") == frame_name and title:
            text = re.sub(r"<br\s*/?>", "; ", title)
            return " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split())
    prefix = (figure["layout"]["sliders"][0].get("currentvalue") or {}).get("prefix", "")
    return f"{prefix}{label}"


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
