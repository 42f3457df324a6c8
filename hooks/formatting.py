"""Claim values as the pages write them: every value the build puts into a page, a statement,
a caption or a text alternative is formatted here, and escaped for where it lands.

Numbers as a reader wants them (0.03, 1,200, 3.1 × 10⁻¹⁶), booleans as yes/no. In
Markdown a power of ten is a ``<sup>``; in plain text (a link's title, a statement, a
caption, an alt text, claims.json) it is written ``10^-16``.

A value or a statement is text from a snippet, never markup: in Markdown (link text, a table
cell, a paragraph) and in an HTML attribute it is escaped so that it shows as written, and
cannot become a tag, a link, an emphasis or a new table cell.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from hooks.evidence_store import EvidenceError, claim_value
from snippets.contract import EvidenceRecord, Marker, replace_markers

# Characters that start Markdown syntax inside a line, for the extensions this site enables
# (links and images, emphasis, code, attribute lists and the site's markers, tables, math),
# written as character references: Markdown shows them, and parses none.
MARKDOWN_SPECIAL = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}|$"}


# -- values ------------------------------------------------------------------------------


def format_value(value: Any, spec: str = "") -> str:
    """A value as inline Markdown; ``spec``, if given, is a Python format spec (``.2e``)."""
    if isinstance(value, str):
        return markdown_text(value)
    return _format(value, spec, lambda power: f"<sup>{power}</sup>")


def plain_value(value: Any, spec: str = "") -> str:
    """A value as plain text (not escaped: the caller escapes it for where it lands)."""
    if isinstance(value, str):
        return value
    return _format(value, spec, lambda power: f"^{power}")


def _format(value: bool | int | float, spec: str, superscript: Callable[[int], str]) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if spec:
        text = format(value, spec)
    elif isinstance(value, int):
        text = f"{value:,}"
    elif value == 0 or 1e-3 <= abs(value) < 1e6:
        text = f"{value:.4g}"
    else:
        text = f"{value:.2g}"
    mantissa, _, exponent = text.partition("e")
    if exponent:
        power = superscript(int(exponent))
        text = f"10{power}" if mantissa in ("1", "1.0") else f"{mantissa} × 10{power}"
    return text.replace("-", "−")


def marker_value(marker: Marker, source: str, write: Callable[..., str] = format_value) -> str:
    """The value a claim marker quotes, written by ``write`` with the marker's format spec;
    a spec that cannot write the value fails naming the page and the marker."""
    item_id, value_name, *spec = marker.args
    value = claim_value(item_id, value_name, source)
    try:
        return write(value, *spec)
    except (ValueError, TypeError) as error:
        raise EvidenceError(
            f"{source}: {marker.text}: the format {spec[0]!r} cannot write {value_name} = "
            f"{value!r} of {item_id!r} ({error})"
        ) from None


def statement_of(item: EvidenceRecord) -> str:
    """A claim's statement with its values filled in, as plain text."""
    values = {name: plain_value(v) for name, v in item["result"].items()}
    try:
        return item["statement"].format(**values)
    except (KeyError, IndexError, AttributeError, ValueError) as error:
        problem = (
            f"uses {error}, which is not one of its values ({', '.join(values)})"
            if isinstance(error, KeyError)
            else f"cannot be filled in ({type(error).__name__}: {error})"
        )
        raise EvidenceError(
            f"{item['snippet']}: the statement of claim {item['id']!r} {problem}: "
            f"{item['statement']!r}"
        ) from None


def plain_text(text: str, source: str) -> str:
    """A caption or alt text with its claim markers replaced by their bare values, as plain
    text (hooks/figure_html.py escapes it for the HTML)."""

    def value(marker: Marker) -> str:
        if marker.kind != "claim" or not marker.well_formed:
            raise EvidenceError(
                f"{source}: only claim markers may appear in a caption: {marker.text}"
            )
        return marker_value(marker, source, plain_value)

    # An escaped marker is shown as written (in Markdown, Markdown drops the backslash).
    return replace_markers(text, value).replace("\\{{", "{{")


# -- escaping for where text lands -------------------------------------------------------


def markdown_text(text: str) -> str:
    """Plain text inside a line of Markdown (link text, a table cell, a sentence): shown as
    written, on one line."""
    escaped = html.escape(" ".join(text.split()), quote=False)
    return escaped.translate(MARKDOWN_SPECIAL)


def paragraph(text: str, css_class: str = "") -> str:
    """Plain text as a paragraph of its own: raw HTML, which Markdown passes through
    untouched, so that nothing in it (a leading "#", "-" or "1.") starts a heading or a list."""
    attribute = f' class="{css_class}"' if css_class else ""
    return f"<p{attribute}>{html.escape(' '.join(text.split()), quote=False)}</p>"


def html_attribute(text: str) -> str:
    """Plain text as the value of a double-quoted HTML attribute: shown as written, whatever
    quotes or ampersands it holds (a quote left as is would end the attribute)."""
    return html.escape(text, quote=True)


def title_attribute(text: str) -> str:
    """Plain text as the quoted title of a Markdown link, ``[...](url "title")``."""
    return html.escape(text, quote=True).translate(MARKDOWN_SPECIAL)
