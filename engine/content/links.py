"""Where a page's links lead: to an address on the web or on the site, never to a script.

Whatever writes into a page (a page's Markdown, a tell's or a lab's text, a renderer), a link
or an embedded address with another scheme (``javascript:``, ``vbscript:``, ``data:`` other
than a bitmap image) stops the build, naming the page and the address: a reader who follows a
link runs nothing.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError

# An address in a tag's attribute: href, src, action, formaction, xlink:href.
ADDRESS = re.compile(
    r"""\s(?:href|src|action|formaction|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)')"""
)
SCHEMES = ("http", "https", "mailto", "")
# An image written into the page (a notebook's plot): shown, never run.
IMAGE = re.compile(r"data:image/(png|jpeg|gif|webp)[;,]", re.IGNORECASE)


class ScriptLinkError(PluginError):
    """A page links to an address that runs a script."""


def refuse_scripts(page_html: str, source: str) -> str:
    """The page's HTML, once every address in it is checked."""
    for found in ADDRESS.finditer(page_html):
        address = html.unescape(found.group(1) if found.group(1) is not None else found.group(2))
        # Browsers ignore control characters and spaces in a scheme ("java\tscript:").
        scheme = urlsplit(re.sub(r"[\x00-\x20]", "", address)).scheme.lower()
        if scheme not in SCHEMES and not IMAGE.match(address):
            raise ScriptLinkError(
                f"{source} links to {address[:80]!r}: a page may link to http(s) and mailto "
                "addresses and to the site's own, nothing that runs a script"
            )
    return page_html
