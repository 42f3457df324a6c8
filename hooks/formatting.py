"""Claim values as the pages write them: every value the build puts into a page, a statement,
a caption or a text alternative is formatted here.

Numbers as a reader wants them (0.03, 1,200, 3.1 × 10⁻¹⁶), booleans as yes/no. In
Markdown and HTML a power of ten is a ``<sup>``; in plain text (a link's title, a caption,
an alt text, claims.json) it is written ``10^-16``.
"""

from __future__ import annotations

import re
from typing import Any

from hooks.evidence_store import EvidenceError, claim_value
from snippets.contract import EvidenceRecord, Marker, replace_markers

SUPERSCRIPT = re.compile(r"<sup>(.*?)</sup>")


def format_value(value: Any, spec: str = "") -> str:
    """A value as Markdown; ``spec``, if given, is a Python format spec (``.2e``)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
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
        power = int(exponent)
        text = (
            f"10<sup>{power}</sup>"
            if mantissa in ("1", "1.0")
            else f"{mantissa} × 10<sup>{power}</sup>"
        )
    return text.replace("-", "−")


def as_plain_text(formatted: str) -> str:
    return SUPERSCRIPT.sub(r"^\1", formatted)


def statement_of(item: EvidenceRecord) -> str:
    """A claim's statement with its values filled in, as plain text."""
    values = {name: as_plain_text(format_value(v)) for name, v in item["result"].items()}
    try:
        return item["statement"].format(**values)
    except (KeyError, IndexError) as missing:
        raise EvidenceError(
            f"{item['snippet']}: the statement of {item['id']!r} uses {missing}, "
            f"which is not one of its values ({', '.join(values)})"
        ) from None


def plain_text(text: str, source: str) -> str:
    """A caption or alt text with its claim markers replaced by their bare values."""

    def value(marker: Marker) -> str:
        if marker.kind != "claim" or not marker.well_formed:
            raise EvidenceError(
                f"{source}: only claim markers may appear in a caption: {marker.text}"
            )
        item_id, value_name, *spec = marker.args
        return as_plain_text(format_value(claim_value(item_id, value_name, source), *spec))

    return replace_markers(text, value)
