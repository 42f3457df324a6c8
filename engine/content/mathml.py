"""LaTeX to MathML at build time: formulas render with no script, font or CDN, on screen and in print.

pymdownx.arithmatex (generic mode) wraps $...$ and $$...$$ in ``arithmatex`` elements;
``render`` replaces each with native MathML in every page's HTML, before print-site copies
that HTML into the print page. A command latex2mathml does not know fails the build,
naming the page and the formula.
"""

from __future__ import annotations

import functools
import html
import re

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

# (A formula does not cross the start of the next one: on an unclosed formula, the search
# stops there rather than run to the end of the page from each formula.)
INLINE = re.compile(
    r'<span class="arithmatex">\\\(((?:(?!<span class="arithmatex">).)+?)\\\)</span>', re.S
)
BLOCK = re.compile(
    r'<div class="arithmatex">\\\[((?:(?!<div class="arithmatex">).)+?)\\\]</div>', re.S
)
UNKNOWN_COMMAND = re.compile(r"<m[io][^>]*>(\\[A-Za-z]+)</m[io]>")


@functools.cache
def to_mathml(latex: str, display: str) -> str:
    mathml = convert(latex, display=display)
    unknown = UNKNOWN_COMMAND.search(mathml)
    if unknown:
        raise ValueError(f"unsupported LaTeX command {unknown.group(1)}")
    return mathml


def render(output: str, where: str) -> str:
    def replace(display: str):
        def formula(match: re.Match) -> str:
            latex = html.unescape(match.group(1)).strip()
            try:
                mathml = to_mathml(latex, display)
            except Exception as error:
                raise PluginError(f"{where}: cannot render formula {latex!r}: {error}") from None
            if display == "block":
                return f'<div class="math-display">{mathml}</div>'
            return mathml

        return formula

    return INLINE.sub(replace("inline"), BLOCK.sub(replace("block"), output))
