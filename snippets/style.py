"""Colours and layout shared by every figure.

The Okabe-Ito palette, distinguishable with the common colour-vision deficiencies, and a
neutral grey. The renderer (docs/assets/figures.js) receives DARK_TWINS and TEXT_TWINS from
the build (engine/names.py) and swaps colours for them by palette.
"""

from __future__ import annotations

BLACK = "#000000"
ORANGE = "#E69F00"
SKY_BLUE = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
BLUE = "#0072B2"
VERMILION = "#D55E00"
PURPLE = "#CC79A7"
OKABE_ITO = (BLACK, ORANGE, SKY_BLUE, GREEN, YELLOW, BLUE, VERMILION, PURPLE)
GREY = "#595959"
WHITE = "#FFFFFF"

L1_COLOR = VERMILION
L2_COLOR = BLUE
ENET_COLOR = GREEN

# Blue and grey are too dark on the dark (slate) background: lighter twins there.
DARK_TWINS = {BLUE: SKY_BLUE, GREY: "#B3B3B3"}
# Text needs more contrast than lines (4.5:1, not 3:1): text in a colour that is too light on
# white, or too dark on slate, is drawn in a deeper or brighter twin of the same hue.
TEXT_TWINS = {
    "light": {VERMILION: "#B65000", GREEN: "#007E5C", PURPLE: "#B04680"},
    "dark": {VERMILION: "#EA6700"},
}
# Every colour a figure's traces may use: the palette, the grey and its twin, white.
FIGURE_COLOURS = {*OKABE_ITO, GREY, *DARK_TWINS.values(), WHITE}


def layout(**overrides) -> dict:
    """A compact layout that fits a phone: legend on top, small margins."""
    base = {
        "height": 400,
        "margin": {"l": 56, "r": 16, "t": 40, "b": 48},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0},
        "hovermode": "closest",
    }
    base.update(overrides)
    return base


def reference_mark(size: int, width: float) -> dict:
    """The marker of a reference value a figure compares against (the least-squares fit, the
    exact solution): a grey horizontal dash, ``size`` wide, its stroke ``width`` thick."""
    return {
        "color": GREY,
        "size": size,
        "symbol": "line-ew",
        "line": {"width": width, "color": GREY},
    }


def slider_layout(
    labels: list[str], prefix: str, active: int, title: str, title_size: int = 12, **slider
) -> dict:
    """What a figure with a slider over its frames (named "0", "1", ...) adds to its layout: a
    step a frame, labelled; the frame's title on top, the legend under it. ``slider`` adds to
    the slider's own settings."""
    steps = [
        {
            "method": "animate",
            "label": label,
            "args": [
                [f"{index}"],
                {
                    "mode": "immediate",
                    "frame": {"duration": 0, "redraw": True},
                    "transition": {"duration": 0},
                },
            ],
        }
        for index, label in enumerate(labels)
    ]
    currentvalue = {"prefix": prefix} | slider.pop("currentvalue", {})
    return {
        "title": {
            "text": title,
            "font": {"size": title_size},
            "x": 0.01,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
        },
        "legend": {
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.02,
            "x": 0,
            "font": {"size": 11},
        },
        "sliders": [{"active": active, "steps": steps, "currentvalue": currentvalue} | slider],
    }
