"""The labs' plotly renderer: ``fig.show()`` in a lab emits the site's figure HTML.

Loaded by the IPython startup file that hooks/labs.py writes for the build's kernels only;
a reader who runs a downloaded notebook keeps plotly's usual renderer.
"""

from __future__ import annotations

import itertools

import plotly.io as pio
from plotly.io.base_renderers import MimetypeRenderer

from hooks.figure_html import figure_html

_numbers = itertools.count(1)


class SiteRenderer(MimetypeRenderer):
    def to_mimebundle(self, fig_dict):
        number = next(_numbers)
        meta = fig_dict.get("layout", {}).get("meta") or {}
        missing = [key for key in ("caption", "alt") if not meta.get(key)]
        if missing:  # fails the lab's cell, and so the build, naming the figure
            raise ValueError(
                f"lab figure {number} has no {' or '.join(missing)}: set them with "
                'fig.update_layout(meta={"caption": ..., "alt": ...}) before fig.show()'
            )
        html = figure_html(
            fig_dict, figure_id=f"lab-figure-{number}", alt=meta["alt"], caption=meta["caption"]
        )
        return {"text/html": html}


def use_site_renderer() -> None:
    pio.renderers["site"] = SiteRenderer()
    pio.renderers.default = "site"
