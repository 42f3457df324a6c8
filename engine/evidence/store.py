"""What the build knows of the evidence: every claim and figure the snippets declare, with
their results; the test that names each claim; the page that states each claim (its home).
Lookups fail naming the page, the id and the snippet file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mkdocs.exceptions import PluginError

from snippets.contract import EvidenceRecord


class EvidenceError(PluginError):
    """A page asks for evidence the snippets cannot give."""


@dataclass
class Citation:
    """Where a claim is stated: its home, which its ledger row and claims.json link."""

    page: str  # source path, e.g. "l4.md"
    url: str  # published URL, e.g. "/l4/"
    anchor: str


@dataclass
class Store:
    items: dict[str, EvidenceRecord] = field(default_factory=dict)
    tests: dict[str, str] = field(default_factory=dict)  # claim id -> the first test naming it
    citations: dict[str, Citation] = field(default_factory=dict)  # claim id -> its home

    def lookup(self, item_id: str, kinds: tuple[str, ...], page: str) -> EvidenceRecord:
        """The evidence ``item_id``; fails naming the page, the id and the snippet file."""
        item = self.items.get(item_id)
        noun = "claim" if "figure" not in kinds else "figure"
        if item is None or item["kind"] not in kinds:
            known = sorted(i for i, v in self.items.items() if v["kind"] in kinds)
            raise EvidenceError(
                f"{page}: unknown {noun} id {item_id!r}. Known {noun}s: {', '.join(known)}"
            )
        if "error" in item:
            raise EvidenceError(
                f"{page}: {noun} {item_id!r} failed in {item['snippet']} "
                f"({item['function']}):\n{item['error']}"
            )
        return item

    def claim_value(self, item_id: str, value_name: str, page: str) -> Any:
        item = self.lookup(item_id, ("computed", "cited"), page)
        values = item["result"]
        if value_name not in values:
            raise EvidenceError(
                f"{page}: claim {item_id!r} ({item['snippet']}) has no value {value_name!r}. "
                f"Its values: {', '.join(values)}"
            )
        return values[value_name]

    def failures(self) -> list[EvidenceRecord]:
        return [item for item in self.items.values() if "error" in item]

    def check_failures(self) -> None:
        """Fails on a claim or figure that raised, whether or not a page asked for it: a
        snippet that raises is still a bug."""
        failed = self.failures()
        if failed:
            raise EvidenceError(
                "\n".join(
                    f"{i['kind']} {i['id']!r} failed in {i['snippet']}:\n{i['error']}"
                    for i in failed
                )
            )
