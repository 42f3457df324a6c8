"""Accessibility repairs of the pages' HTML, at build time. (What Material's script builds in
the browser is repaired there, by docs/assets/repairs.js.)

- A table header cell left empty in Markdown (``| value | |``) becomes a data cell: an empty
  ``<th>`` names no column, and screen readers would announce a nameless header.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority

EMPTY_HEADER_CELL = "<th></th>"


@event_priority(50)  # before print-site (priority 0) saves the page's HTML for the print page
def on_page_content(html, page, config, files):
    return html.replace(EMPTY_HEADER_CELL, "<td></td>")
