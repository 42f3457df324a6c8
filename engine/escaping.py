"""Text from a source (a snippet's value, a statement, a card, a caption) as it lands in a
page: one function per context, so that it shows as written and never becomes markup.

- ``text``: HTML text between tags;
- ``attribute``: the value of an HTML attribute, quoted with ``"``;
- ``json_attribute``: data as JSON in an HTML attribute (``data-plotly="..."``);
- ``url``: an address for ``href``, checked to be one a reader may follow;
- ``markdown_text``: inline Markdown (link text, a table cell, a sentence), on one line;
- ``markdown_with_markers``: a source's plain text holding claim markers (a spoken point, a
  question's answer), shown as written with only its markers live;
- ``markdown_cell``: a source's Markdown in a cell of a Markdown table;
- ``markdown_title``: the quoted title of a Markdown link, ``[...](url "title")``;
- ``paragraph``: a paragraph of its own, as raw HTML that Markdown passes through;
- ``bibtex``: text in a braced field of a BibTeX entry.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import urlsplit

from snippets.contract import markers

# Characters that start Markdown syntax inside a line, for the extensions this site enables
# (links and images, emphasis, code, attribute lists and the site's markers, tables, math),
# written as character references: Markdown shows them, and parses none.
MARKDOWN_SPECIAL = {ord(c): f"&#{ord(c)};" for c in "\\`*_[]{}|$"}
# Addresses a page may link: the web's, and the site's own (relative, or a fragment).
LINKABLE_SCHEMES = ("http", "https", "")


def text(value: str) -> str:
    return html.escape(value, quote=False)


def attribute(value: str) -> str:
    return html.escape(value, quote=True)


def json_attribute(data: Any) -> str:
    return html.escape(json.dumps(data, ensure_ascii=False, separators=(",", ":")), quote=True)


def url(address: str) -> str:
    """An address for ``href``: http(s), or relative to the site; anything else (a
    ``javascript:`` address) raises."""
    scheme = urlsplit(address.strip()).scheme.lower()
    if scheme not in LINKABLE_SCHEMES:
        raise ValueError(f"{address!r} is not an address a page may link (http, https or relative)")
    return attribute(address)


def markdown_text(value: str) -> str:
    """Plain text inside a line of Markdown (link text, a table cell, a sentence): shown as
    written, on one line."""
    return text(" ".join(value.split())).translate(MARKDOWN_SPECIAL)


# What Markdown, HTML or the site's extensions could read as markup in a source's plain text
# (emphasis, code, links and footnotes, attribute lists, maths, HTML, escapes, headings),
# written as character references: shown as written, never markup (not as backslash escapes:
# a backslash before a bracket opens maths here). A line break would start a block: a space.
MARKDOWN_LITERAL = str.maketrans(
    {c: f"&#{ord(c)};" for c in "&<>*_`[]{}$\\#|~^"} | {"\n": " ", "\r": " "}
)


def markdown_with_markers(value: str) -> str:
    """A source's plain text as Markdown that shows it as written: only its claim markers
    (``{{ claim ... }}``) are live, rendered after."""
    out, position = [], 0
    for marker in markers(value):
        out += [value[position : marker.start].translate(MARKDOWN_LITERAL), marker.text]
        position = marker.end
    out.append(value[position:].translate(MARKDOWN_LITERAL))
    return "".join(out)


# A "|" of a Markdown cell that is not escaped already, nor in a code span.
CELL_PIPE = re.compile(r"(`+)(?:(?!\1).)+?\1|(?<!\\)\|")


def markdown_cell(value: str) -> str:
    """A source's Markdown (it may link and emphasize) in a cell of a Markdown table, on one
    line: a "|" would end the cell, and cut the row short of its links."""
    return CELL_PIPE.sub(lambda m: m.group(0) if m.group(1) else "\\|", " ".join(value.split()))


def markdown_title(value: str) -> str:
    """Plain text as the quoted title of a Markdown link, ``[...](url "title")``, on one line
    (a blank line would end the paragraph, and what follows could start a heading)."""
    return attribute(" ".join(value.split())).translate(MARKDOWN_SPECIAL)


def paragraph(value: str, css_class: str = "") -> str:
    """Plain text as a paragraph of its own: raw HTML, which Markdown passes through
    untouched, so that nothing in it (a leading "#", "-" or "1.") starts a heading or a list."""
    attributes = f' class="{attribute(css_class)}"' if css_class else ""
    return f"<p{attributes}>{text(' '.join(value.split()))}</p>"


# TeX's special characters, written as commands: a brace would end a BibTeX field early (or
# leave it open), a backslash start a command, the others mean something to TeX.
BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def bibtex(value: str) -> str:
    """Plain text in a braced BibTeX field, on one line: shown as written by BibTeX and TeX.
    (A brace becomes a command: BibTeX counts every brace, escaped or not, and the field's
    braces must stay balanced.)"""
    return "".join(BIBTEX_SPECIAL.get(c, c) for c in " ".join(value.split()))
