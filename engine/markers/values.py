"""Claim values as the pages write them: every value the build puts into a page, a statement,
a caption or a text alternative is formatted here (and escaped for where it lands by
engine/escaping.py).

Numbers as a reader wants them (0.03, 1,200, 3.1 × 10⁻¹⁶), booleans as yes/no. In
Markdown a power of ten is a ``<sup>``; in plain text (a link's title, a statement, a
caption, an alt text, claims.json) it is written ``10^-16``.

A value or a statement is text from a snippet, never markup: in Markdown (link text, a table
cell, a paragraph) and in an HTML attribute it is escaped so that it shows as written, and
cannot become a tag, a link, an emphasis or a new table cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from engine.escaping import markdown_text
from engine.evidence.store import EvidenceError, Store
from snippets.contract import EvidenceRecord, Marker, replace_markers

# A claim marker's words after its kind: the id, the value's name, and a format spec or none.
CLAIM_ARGUMENTS = range(2, 4)

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


def marker_value(
    marker: Marker, store: Store, source: str, write: Callable[..., str] = format_value
) -> str:
    """The value a claim marker quotes, written by ``write`` with the marker's format spec;
    a spec that cannot write the value fails naming the page and the marker."""
    item_id, value_name, *spec = marker.args
    value = store.claim_value(item_id, value_name, source)
    try:
        check_spec(*spec)
        return write(value, *spec)
    except (ValueError, TypeError) as error:
        raise EvidenceError(
            f"{source}: {marker.text}: the format {spec[0]!r} cannot write {value_name} = "
            f"{value!r} of {item_id!r} ({error})"
        ) from None


# A Python format spec, as a marker may give one: [[fill]align][sign][z][#][0][width]
# [grouping][.precision][type].
FORMAT_SPEC = re.compile(
    r"(?:.?[<>=^])?[-+ ]?z?#?0?(?P<width>\d+)?[_,]?(?:\.(?P<precision>\d+))?[a-zA-Z%]?"
)
# A value is a word of a sentence: no wider, nor more precise, than these.
MAX_WIDTH, MAX_PRECISION = 40, 17


def check_spec(spec: str = "") -> None:
    """A marker's format spec writes a value of a sentence: its width and precision are those
    of a word (a width of a hundred million would write a string that size)."""
    found = FORMAT_SPEC.fullmatch(spec)
    if found is None:
        raise ValueError("not a format spec")
    width, precision = (int(found.group(g) or 0) for g in ("width", "precision"))
    if width > MAX_WIDTH or precision > MAX_PRECISION:
        raise ValueError(
            f"a value in a sentence is at most {MAX_WIDTH} characters wide, with at most "
            f"{MAX_PRECISION} digits of precision"
        )


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


def plain_text(text: str, store: Store, source: str) -> str:
    """A caption or alt text with its claim markers replaced by their bare values, as plain
    text (engine/markers/figures.py escapes it for the HTML)."""

    def value(marker: Marker) -> str:
        if marker.kind != "claim" or len(marker.args) not in CLAIM_ARGUMENTS:
            raise EvidenceError(
                f"{source}: only claim markers may appear in a caption: {marker.text}"
            )
        return marker_value(marker, store, source, plain_value)

    # An escaped marker is shown as written (in Markdown, Markdown drops the backslash).
    return replace_markers(text, value).replace("\\{{", "{{")
