"""The labs' plotly renderer: ``fig.show()`` in a lab emits the site's figure HTML.

Loaded by the IPython startup file that engine/labs/pages.py writes for the build's kernels
only; a reader who runs a downloaded notebook keeps plotly's usual renderer.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer

from engine.markers.figures import figure_html


class SiteRenderer(MimetypeRenderer):
    def __init__(self, root: Path):
        self.root = root  # the project: its plotly.js says which traces the site can draw
        self.numbers = itertools.count(1)

    def to_mimebundle(self, fig_dict):
        number = next(self.numbers)
        meta = fig_dict.get("layout", {}).get("meta") or {}
        missing = [key for key in ("caption", "alt") if not meta.get(key)]
        if missing:  # fails the lab's cell, and so the build, naming the figure
            raise ValueError(
                f"lab figure {number} has no {' or '.join(missing)}: set them with "
                'fig.update_layout(meta={"caption": ..., "alt": ...}) before fig.show()'
            )
        html = figure_html(
            fig_dict,
            figure_id=f"lab-figure-{number}",
            alt=meta["alt"],
            caption=meta["caption"],
            root=self.root,
        )
        return {"text/html": html}


def use_site_renderer(root: Path) -> None:
    pio.renderers["site"] = SiteRenderer(root)
    pio.renderers.default = "site"
