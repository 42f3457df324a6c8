"""Colours and layout shared by every figure.

Okabe-Ito colours, distinguishable with the common colour-vision deficiencies. The
renderer (docs/assets/figures.js) swaps BLUE and GREY for lighter twins in dark mode.
"""

from __future__ import annotations

BLUE = "#0072B2"
VERMILION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
GREY = "#595959"

L1_COLOR = VERMILION
L2_COLOR = BLUE
ENET_COLOR = GREEN


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
