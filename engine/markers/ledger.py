"""The claims ledger (the page /claims/, from its ``{{ ledger }}`` marker) and claims.json:
one row per claim, with its statement, values, the page that states it, and the function
and test behind it (or, for a cited claim, its source); then every figure with its code.

claims.json gives each claim's page as a full address when the site has one (SITE_URL), else
relative to the site's root (where claims.json is), so that it holds under a sub-path too.
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
import pygments
import pymdownx

from engine.cache import Cache
from engine.escaping import markdown_text, paragraph
from engine.evidence.store import Store
from engine.markers.values import format_value, plain_text, statement_of


def ledger_rows(store: Store) -> list[dict[str, Any]]:
    """claims.json rows, in the documented shape, sorted by id."""
    rows = []
    for item_id, item in store.items.items():
        if item["kind"] == "figure" or "error" in item:
            continue
        citation = store.citations.get(item_id)
        row = {
            "id": item_id,
            "kind": item["kind"],
            "page": citation.url if citation else None,
            "anchor": citation.anchor if citation else None,
            "statement": statement_of(item),
            "values": item["result"],
        }
        if item["kind"] == "computed":
            row["snippet"] = item["snippet"]
            row["test"] = store.tests.get(item_id)
        else:
            row["source"] = item["source"]
            row["locator"] = item["locator"]
        rows.append(row)
    return sorted(rows, key=lambda r: r["id"])


def write_claims_json(store: Store, site_dir: Path, site_url: str | None) -> None:
    rows = ledger_rows(store)
    for row in rows:
        if row["page"]:
            row["page"] = published_address(row["page"], site_url)
    # Strict JSON: the registry refuses NaN and infinities, and this would fail on one.
    text = json.dumps({"claims": rows}, indent=2, allow_nan=False)
    (site_dir / "claims.json").write_text(text + "\n")


def published_address(url: str, site_url: str | None) -> str:
    """A page's URL ("/l4/") as claims.json gives it: under the site's address if it has one,
    else relative to the site's root ("l4/", "./" for the home page)."""
    relative = url.lstrip("/") or "./"
    if not site_url:
        return relative
    return site_url.rstrip("/") + "/" + relative.removeprefix("./")


def render(page) -> str:
    """The ledger as Markdown, for the page it is placed on (``{{ ledger }}``)."""
    store, source, code_block = page.store, page.source, page.highlighter.code_block
    parts = []
    rows = ledger_rows(store)
    for kind, title in (("computed", "Computed claims"), ("cited", "Cited claims")):
        chosen = [r for r in rows if r["kind"] == kind]
        if not chosen:
            continue
        parts.append(f"## {title}\n")
        for row in chosen:
            parts.append(ledger_entry(row, store, source, code_block))
    figures = sorted(
        (i for i in store.items.values() if i["kind"] == "figure"), key=lambda i: i["id"]
    )
    if figures:
        parts.append("## Figures\n")
        for item in figures:
            parts.append(f"### `{item['id']}` {{ #{item['id']} }}\n")
            parts.append(f"{paragraph(plain_text(item['caption'], store, source))}\n")
            parts.append(f"Computed by `{item['function']}` in `{item['snippet']}`.\n")
            parts.append(code_block(item["source_code"]))
    return "\n".join(parts)


def ledger_entry(row: dict[str, Any], store: Store, source: str, code_block) -> str:
    item = store.items[row["id"]]
    lines = [f"### `{row['id']}` {{ #{row['id']} }}\n", f"{paragraph(row['statement'])}\n"]
    # One line of values, in the code's type (site.css), not a table nor a <code> a name: the
    # ledger has a thousand values, and each element more would take it over a page's budget.
    values = "; ".join(
        f"{markdown_text(name)} = {format_value(value)}" for name, value in row["values"].items()
    )
    lines.append(f'<p class="claim-values" markdown="span">{values}</p>\n')
    if row["page"]:
        page_link = posixpath.relpath(
            store.citations[row["id"]].page, posixpath.dirname(source) or "."
        )
        lines.append(f"Stated on [{row['page']}]({page_link}#{row['anchor']}).")
    if row["kind"] == "computed":
        test = row["test"] or "no test yet"
        lines.append(
            f"Computed by `{item['function']}` in `{row['snippet']}`; asserted by `{test}`.\n"
        )
        lines.append(code_block(item["source_code"]))
    else:
        publication, locator = markdown_text(row["source"]), markdown_text(row["locator"])
        lines.append(f"Cited from {publication}, {locator}. Not computed.\n")
    return "\n".join(lines)


# -- the ledger's code, highlighted once -----------------------------------------------

# Highlighting the ledger's code was a tenth of a warm build: each block is highlighted once
# per version of its code and of the highlighter's settings, then kept in .cache/highlighted
# as JSON (an entry cut short does not parse, and is highlighted again).
CACHE_NAME = "highlighted"
# The pages' extensions that shape a fenced block (snippets drops its section markers).
CODE_EXTENSIONS = ("pymdownx.snippets", "pymdownx.superfences", "pymdownx.highlight")


@dataclass
class Highlighter:
    """Fenced code highlighted as the pages' own is, with mkdocs.yml's settings."""

    converter: markdown.Markdown
    settings: str  # what, besides the code, the highlighted HTML depends on
    cache: Cache

    @classmethod
    def start(cls, config, root: Path) -> Highlighter:
        settings = {name: config.mdx_configs.get(name, {}) for name in CODE_EXTENSIONS}
        return cls(
            markdown.Markdown(extensions=list(CODE_EXTENSIONS), extension_configs=settings),
            json.dumps([settings, pygments.__version__, pymdownx.__version__], default=str),
            Cache(root, CACHE_NAME),
        )

    def code_block(self, code: str) -> str:
        """A snippet's code, highlighted, in a fold (the HTML of `??? example "Code"`)."""
        entry = f"{self.cache.key(extra=[self.settings, code])}.json"
        cached = self.cache.read_json(entry)
        highlighted = cached.get("html") if isinstance(cached, dict) else None
        if not isinstance(highlighted, str):  # no entry, or one that cannot be read
            fenced = f"```python\n{code.rstrip()}\n```"
            highlighted = self.converter.reset().convert(fenced)
            self.cache.write_json(entry, {"html": highlighted})
        return f'<details class="example">\n<summary>Code</summary>\n{highlighted}\n</details>'
