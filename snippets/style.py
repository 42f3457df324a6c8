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
