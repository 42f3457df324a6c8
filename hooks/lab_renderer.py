"""The labs' plotly renderer: ``fig.show()`` in a lab emits the site's figure HTML.

Loaded by the IPython startup file that hooks/labs.py writes for the build's kernels only;
a reader who runs a downloaded notebook keeps plotly's usual renderer.
"""

from __future__ import annotations

import itertools
import re

import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer

from hooks.figure_html import figure_html

_numbers = itertools.count(1)


def describe(figure: dict) -> str:
    """A text alternative from the figure itself: its title, axes and series."""
    layout = figure.get("layout", {})
    title = re.sub(r"<[^>]+>", " ", (layout.get("title") or {}).get("text") or "").strip()
    x, y = ((layout.get(axis) or {}).get("title", {}).get("text") for axis in ("xaxis", "yaxis"))
    names = list(dict.fromkeys(t["name"] for t in figure.get("data", []) if t.get("name")))
    parts = [title or "Interactive figure"]
    if x and y:
        parts.append(f"{y} against {x}")
    if names:
        parts.append("series: " + ", ".join(names))
    return "; ".join(parts) + "."


class SiteRenderer(MimetypeRenderer):
    def to_mimebundle(self, fig_dict):
        number = next(_numbers)
        alt = describe(fig_dict)
        caption = (fig_dict.get("layout", {}).get("meta") or {}).get("caption", alt)
        html = figure_html(fig_dict, figure_id=f"lab-figure-{number}", alt=alt, caption=caption)
        return {"text/html": html}


def use_site_renderer() -> None:
    pio.renderers["site"] = SiteRenderer()
    pio.renderers.default = "site"
