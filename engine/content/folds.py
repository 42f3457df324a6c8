"""Folded code stays out of the page until its fold opens.

Highlighted code costs the browser an element per token: the ledger's folded code alone was
16,000 elements, and a page's budget is 3,000. So the content of a closed fold (``<details>``)
that holds code goes into a ``<template>``, whose content is parsed but not part of the page;
docs/assets/folds.js puts it back when the fold opens, and opens every fold before printing.
Search indexes the page's HTML as the build writes it, template included.

The print page keeps the code in place: this runs after print-site has saved each page's
HTML (its priority 0).
"""

from __future__ import annotations

import re

# A closed fold: its summary, then its content. Folds do not nest on this site's pages; one
# that holds another fold is left as it is.
# (Neither part crosses a fold's start or end: on an unclosed fold, the search stops there
# rather than run to the end of the page from each fold.)
WITHIN_A_FOLD = r"(?:(?!</?details\b).)*?"
FOLD = re.compile(
    rf"(<details\b(?![^<>]*\sopen\b)[^<>]*>\s*<summary\b{WITHIN_A_FOLD}</summary>)"
    rf"({WITHIN_A_FOLD})(</details>)",
    re.DOTALL,
)
TEMPLATE_CLASS = "folded"  # docs/assets/folds.js looks for it


def fold_code(html: str) -> str:
    """The page with the content of each closed fold that holds code in a template."""
    return FOLD.sub(fold, html)


def fold(match: re.Match) -> str:
    summary, content, end = match.groups()
    if "<pre" not in content or "<details" in content:
        return match.group(0)
    return f'{summary}<template class="{TEMPLATE_CLASS}">{content}</template>{end}'
