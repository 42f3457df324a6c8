"""The plotly.js that the site serves: plotly's "cartesian" bundle, not the full one.

The full bundle that the plotly package ships (4.8 MB, 1.47 MB gzip) holds every trace type;
the site draws scatter, bar and heatmap traces only, all in the cartesian bundle (1.5 MB, 496
KB gzip), a third of the script for a phone to fetch and evaluate. It comes from npm
(``plotly.js-cartesian-dist-min``, pinned in package-lock.json, installed by ``npm ci``) at
the version of plotly.js that the plotly package was built against, which the build checks.

A figure (on a page or in a lab) that uses a trace type the bundle lacks stops the build,
naming the figure: plotly.js would otherwise draw nothing in its place.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

PACKAGE = "plotly.js-cartesian-dist-min"
BUNDLE = Path("node_modules", PACKAGE, "plotly-cartesian.min.js")  # in the project
SERVED_AS = "plotly.min.js"  # docs/assets/figures.js loads it by this name
VERSION = re.compile(r"plotly\.js \(cartesian - minified\) v(\S+)")
TRACE = re.compile(r'moduleType:"trace",name:"(\w+)"')


class PlotlyBundleError(Exception):
    """The bundle is missing, of another plotly.js version, or lacks a figure's trace type."""


@functools.cache
def bundle(root: Path) -> Path:
    """The project's bundle, once it is checked against the plotly package's plotly.js."""
    from plotly.offline import get_plotlyjs_version

    path = root / BUNDLE
    if not path.is_file():
        raise PlotlyBundleError(f"{BUNDLE} is missing: `make build` (or `npm ci`) installs it")
    found = VERSION.search(path.read_text()[:300])
    wanted = get_plotlyjs_version()
    if not found or found.group(1) != wanted:
        raise PlotlyBundleError(
            f"{BUNDLE} is plotly.js {found.group(1) if found else '?'}, but the "
            f"plotly package draws with {wanted}: pin {PACKAGE}@{wanted} in package.json"
        )
    return path


@functools.cache
def trace_types(root: Path) -> frozenset[str]:
    """The trace types the bundle registers."""
    return frozenset(TRACE.findall(bundle(root).read_text()))


def check_traces(figure: dict[str, Any], figure_id: str, root: Path) -> None:
    """Raises if the figure (or one of its animation frames) uses a trace type the bundle
    does not have."""
    traces = [*figure.get("data", [])]
    for frame in figure.get("frames") or []:
        traces.extend(frame.get("data", []))
    available = trace_types(root)
    missing = {trace.get("type", "scatter") for trace in traces} - available
    if missing:
        raise PlotlyBundleError(
            f"figure {figure_id!r} uses the trace type {', '.join(sorted(missing))}, which the "
            f"site's plotly.js ({PACKAGE}) does not include; it has {', '.join(sorted(available))}"
        )
