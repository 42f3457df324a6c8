"""Accessibility repairs of the pages' HTML, at build time. (What Material's script builds in
the browser is repaired there, by docs/assets/repairs.js.)

- A table header cell left empty in Markdown (``| value | |``) becomes a data cell: an empty
  ``<th>`` names no column, and screen readers would announce a nameless header.
- Reflow: each data cell of a table of four columns or more carries its column's header as
  ``data-label``. On a phone such a table is too wide; site.css stacks its rows there, each
  cell under its label, instead of making the reader scroll sideways along every row.
- Search, like a screen reader, gets only the screen's wording: every element of the class
  ``print-only`` (wording for paper, wherever it is written: a page, a renderer, a template)
  carries ``data-search-exclude``, which Material's search plugin leaves out of its index.
  (That plugin ends an exclusion at the first closing tag of the element's name: a print-only
  element must not hold an element of its own tag, or what follows that one is indexed;
  tests/test_search.py finds it.)
"""

from __future__ import annotations

import html
import re

EMPTY_HEADER_CELL = "<th></th>"
FEWEST_COLUMNS_TO_STACK = 4
# Python-Markdown's tables: <table> with a <thead> of <th> cells and a <tbody> of <td> cells.
# (Neither part crosses a table's start or end: on an unclosed table, the search stops there.)
WITHIN_A_TABLE = r"(?:(?!</?table\b).)*?"
TABLE = re.compile(
    rf"<table>\s*<thead>(?P<head>{WITHIN_A_TABLE})</thead>(?P<body>{WITHIN_A_TABLE})</table>", re.S
)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
DATA_CELL = re.compile(r"<td\b")
TAG = re.compile(r"<[^>]+>")
# The class attribute of a start tag whose classes include print-only (not text that shows one:
# in a page's text or code, "<" is escaped).
PRINT_ONLY = re.compile(r'(<[a-zA-Z][^<>]*?\sclass="(?:[^"]*\s)?print-only(?:\s[^"]*)?")')


def repair(html_text: str) -> str:
    """The page's tables repaired (no empty header cell; wide tables' cells labelled), and its
    wording for paper kept out of search."""
    html_text = PRINT_ONLY.sub(r"\1 data-search-exclude", html_text)
    return TABLE.sub(label_cells, html_text.replace(EMPTY_HEADER_CELL, "<td></td>"))


def label_cells(table: re.Match) -> str:
    """The table with each data cell labelled by its column's header, if it is wide."""
    labels = [
        html.escape(" ".join(html.unescape(TAG.sub("", header)).split()), quote=True)
        for header in HEADER_CELL.findall(table.group("head"))
    ]
    if len(labels) < FEWEST_COLUMNS_TO_STACK:
        return table.group(0)

    def label_row(row: re.Match) -> str:
        cells = iter(labels)
        return DATA_CELL.sub(lambda cell: f'<td data-label="{next(cells, "")}"', row.group(0))

    body = ROW.sub(label_row, table.group("body"))
    return table.group(0)[: table.start("body") - table.start(0)] + body + "</table>"
