"""The registry of claims and figures: what a snippet declares, and how it is computed.

A snippet module declares its evidence with:

- ``@claim(id, statement=...)`` on a function returning a flat dict of named values;
- ``cited(id, statement=..., values=..., source=..., locator=...)`` for a published fact;
- ``@figure(id, caption=..., alt=...)`` on a function returning a plotly ``Figure``.

Nothing here knows about MkDocs. The build runs ``python -m snippets.evidence`` (a fresh
process, so an edited snippet is always re-imported) and receives the JSON that
snippets/contract.py describes.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from snippets.contract import EvidenceRecord, Kind, ModuleResult, module_path, snippet_modules

ID_PATTERN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+){2,}$")
VALUE_TYPES = (bool, int, float, str)


@dataclass
class Evidence:
    id: str
    kind: Kind
    module: str
    function: Callable[..., Any] | None = None
    statement: str = ""
    caption: str = ""
    alt: str = ""
    source: str = ""
    locator: str = ""
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def snippet_path(self) -> str:
        return module_path(self.module)


REGISTRY: dict[str, Evidence] = {}


def _register(item: Evidence) -> None:
    if not ID_PATTERN.match(item.id):
        raise ValueError(
            f"{item.snippet_path}: id {item.id!r} is not of the form "
            "'<page>.<topic>.<name>' (lowercase letters, digits, hyphens, dots)"
        )
    previous = REGISTRY.get(item.id)
    same = previous is not None and (previous.module, previous.kind, _name(previous)) == (
        item.module,
        item.kind,
        _name(item),
    )
    if previous is not None and not same:  # `same`: the module was imported again
        raise ValueError(
            f"id {item.id!r} is declared twice: by {_name(previous) or 'cited()'} in "
            f"{previous.snippet_path} and by {_name(item) or 'cited()'} in {item.snippet_path}"
        )
    REGISTRY[item.id] = item


def _name(item: Evidence) -> str:
    return item.function.__qualname__ if item.function else ""


def _declare(kind: Kind, item_id: str, **fields: str) -> Callable:
    """The decorator that registers the function it decorates as evidence of ``kind``."""

    def decorate(function: Callable[[], Any]) -> Callable[[], Any]:
        _register(
            Evidence(id=item_id, kind=kind, module=function.__module__, function=function, **fields)
        )
        return function

    return decorate


def claim(claim_id: str, *, statement: str) -> Callable:
    """Declare a computed claim. ``statement`` may use ``{value_name}`` fields."""
    return _declare("computed", claim_id, statement=statement)


def cited(
    claim_id: str, *, statement: str, values: dict[str, Any], source: str, locator: str
) -> None:
    """Declare a published fact: not computed, attributed to ``source`` at ``locator``."""
    module = inspect.stack()[1].frame.f_globals["__name__"]
    _register(
        Evidence(
            id=claim_id,
            kind="cited",
            module=module,
            statement=statement,
            values=check_values(claim_id, values),
            source=source,
            locator=locator,
        )
    )


def figure(figure_id: str, *, caption: str, alt: str) -> Callable:
    """Declare a figure. ``alt`` is the text alternative: what it shows, with key numbers
    (it may quote claim values with the page marker syntax)."""
    return _declare("figure", figure_id, caption=caption, alt=alt)


def check_values(claim_id: str, values: Any) -> dict[str, Any]:
    """A claim's values must be a flat dict of numbers, booleans and short strings."""
    if not isinstance(values, dict) or not values:
        raise TypeError(
            f"claim {claim_id!r} must return a non-empty dict, got {type(values).__name__}"
        )
    clean = {}
    for name, value in values.items():
        if hasattr(value, "item") and not isinstance(value, VALUE_TYPES):
            value = value.item()  # numpy scalar -> Python scalar
        if not isinstance(value, VALUE_TYPES):
            raise TypeError(
                f"claim {claim_id!r}: value {name!r} is a {type(value).__name__}, "
                "expected a number, boolean or string"
            )
        clean[name] = value
    return clean


def discover() -> list[str]:
    """Import every snippet module so that their declarations register."""
    names = snippet_modules()
    for name in names:
        importlib.import_module(name)
    return names


def compute(item: Evidence) -> Any:
    """Run one claim or figure function and check its result's type."""
    if item.kind == "computed":
        return check_values(item.id, item.function())
    if item.kind == "figure":
        result = item.function()
        if type(result).__name__ != "Figure" or not hasattr(result, "to_plotly_json"):
            raise TypeError(
                f"figure {item.id!r} returned a {type(result).__name__}, "
                "expected a plotly.graph_objects.Figure"
            )
        return result.to_plotly_json()
    return item.values


def describe(item: Evidence) -> EvidenceRecord:
    """The metadata the build needs, as JSON."""
    source_code = inspect.getsource(item.function) if item.function else ""
    return {
        "id": item.id,
        "kind": item.kind,
        "module": item.module,
        "snippet": item.snippet_path,
        "function": item.function.__name__ if item.function else "",
        "source_code": source_code,
        "statement": item.statement,
        "caption": item.caption,
        "alt": item.alt,
        "source": item.source,
        "locator": item.locator,
    }


def evaluate_modules(modules: list[str]) -> dict[str, ModuleResult]:
    """Import ``modules`` and compute everything they declare.

    Never raises: a failure is reported per module (import) or per id (computation),
    with its traceback, so that the build can name the page, id and file.
    """
    results: dict[str, ModuleResult] = {}
    for module in modules:
        entry: ModuleResult = {"items": {}, "error": None}
        results[module] = entry
        try:
            importlib.import_module(module)
        except Exception:
            entry["error"] = traceback.format_exc()
            continue
        for item in [i for i in REGISTRY.values() if i.module == module]:
            record = describe(item)
            try:
                record["result"] = compute(item)
            except Exception:
                record["error"] = traceback.format_exc()
            entry["items"][item.id] = record
    return results


def report(module: str) -> None:
    """What ``python -m snippets.<module>`` prints: every claim the module computes."""
    for item in [i for i in REGISTRY.values() if i.module == module]:
        result = compute(item)
        if item.kind == "figure":
            print(f"{item.id}: figure with {len(result['data'])} traces")
        else:
            print(f"{item.id}: {result}")


def _to_json(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"cannot serialize {type(value).__name__}")


if __name__ == "__main__":
    # python -m snippets.evidence --out FILE MODULE...: the build's entry point.
    _, flag, out, *modules = sys.argv
    if flag != "--out":
        sys.exit("usage: python -m snippets.evidence --out FILE MODULE...")
    # Through the importable module: the snippets register with it, not with __main__.
    from snippets.evidence import evaluate_modules as evaluate

    Path(out).write_text(json.dumps(evaluate(modules), default=_to_json))
