"""Cited claims of /follow-up/: published weight decays (snippets/follow_up/published.py)."""

import re
from pathlib import Path

import pytest

from snippets.evidence import REGISTRY
from snippets.follow_up import published

REFERENCES = Path(__file__).resolve().parent.parent / "docs" / "references.md"
REQUIRED = ("gpt-3", "llama", "llama-2", "opt", "olmo-7b", "pythia")


@pytest.mark.parametrize("model", REQUIRED)
def test_required_rows_are_cited_with_source_and_locator(model):
    item = REGISTRY[f"follow-up.published-weight-decay.{model}"]
    assert item.kind == "cited"
    assert item.source and item.locator
    assert isinstance(item.values["weight_decay"], float)


def test_every_source_is_a_bibliography_entry():
    anchors = set(re.findall(r"\{\s*#([a-z0-9-]+)\s*\}", REFERENCES.read_text()))
    for row in published.PUBLISHED.values():
        assert row["source"] in anchors, row["source"]


def test_pythia_records_both_the_config_and_the_paper_value():
    """The released configs and the maintainers say 0.1; the paper's table says 0.01."""
    row = published.PUBLISHED["pythia"]
    assert row["weight_decay"] == 0.1
    assert row["paper_table_value"] == 0.01
