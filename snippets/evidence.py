"""The registry of claims and figures: what a snippet declares, and how it is computed.

A snippet module declares its evidence with:

- ``@claim(id, statement=...)`` on a function returning a flat dict of named values;
- ``cited(id, statement=..., values=..., source=..., locator=...)`` for a published fact;
- ``@figure(id, caption=..., alt=...)`` on a function returning a plotly ``Figure``.

Nothing here knows about MkDocs. The build evaluates snippet modules through
snippets/runner.py, which hands it the JSON that snippets/contract.py describes.
"""

from __future__ import annotations

import importlib
import inspect
import math
import re
import string
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from snippets.contract import EvidenceRecord, Kind, ModuleResult, module_path, snippet_modules

ID_PATTERN = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+){2,}$")
VALUE_TYPES = (bool, int, float, str)
# The largest integer a JSON reader holds exactly (a double's 53 bits): claims.json is read by
# browsers and other programs, which would silently round a larger one.
MAX_EXACT_INTEGER = 2**53
# What a claim may weigh: its values are quoted in pages, titles, the ledger, claims.json and
# the PDF, so a value is a number or a short string (the longest today: 145 characters), and a
# claim holds a few dozen at most (the most today: 33), as a figure's data has its budget.
MAX_STRING_CHARS = 500
MAX_VALUES = 50


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
    check_statement(item)
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
    module = sys._getframe(1).f_globals["__name__"]  # the caller's (inspect.stack is slow)
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


def check_statement(item: Evidence) -> None:
    """A statement's fields are bare value names, ``{name}``: the build fills them with the
    values written as the pages write them (text, so a format spec has nothing to format)."""
    try:
        fields = list(string.Formatter().parse(item.statement))
    except ValueError as error:
        raise ValueError(
            f"{item.snippet_path}: the statement of {item.id!r} is not a valid format "
            f"string ({error}): {item.statement!r}"
        ) from None
    for _, name, spec, conversion in fields:
        if name is not None and (spec or conversion or not name.isidentifier()):
            raise ValueError(
                f"{item.snippet_path}: the statement of {item.id!r} has the field "
                f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}; "
                "a statement's fields are bare value names, {name}, written as the pages write them"
            )


def check_values(claim_id: str, values: Any) -> dict[str, Any]:
    """A claim's values must be a flat dict of at most ``MAX_VALUES`` numbers, booleans and
    strings of at most ``MAX_STRING_CHARS`` characters, each one that JSON holds exactly: no
    NaN or infinity, no integer beyond 2^53."""
    if not isinstance(values, dict) or not values:
        raise TypeError(
            f"claim {claim_id!r} must return a non-empty dict, got {type(values).__name__}"
        )
    if len(values) > MAX_VALUES:
        raise ValueError(
            f"claim {claim_id!r} has {len(values)} values, more than the {MAX_VALUES} a claim "
            "may state: a table of results is a figure"
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
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError(
                f"claim {claim_id!r}: value {name!r} is {value}, which is not a number a page "
                "can state (nor valid JSON)"
            )
        if isinstance(value, str) and len(value) > MAX_STRING_CHARS:
            raise ValueError(
                f"claim {claim_id!r}: value {name!r} is a string of {len(value):,} characters, "
                f"more than the {MAX_STRING_CHARS} a value may have (it is quoted wherever the "
                "claim is: pages, titles, the ledger, claims.json)"
            )
        if type(value) is int and abs(value) > MAX_EXACT_INTEGER:
            raise ValueError(
                f"claim {claim_id!r}: value {name!r} is {value}, beyond 2^53: JSON readers "
                "would round it; give it as a float or a string"
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

    Never raises (``sys.exit()`` included): a failure is reported per module (import) or per
    id (computation), with its traceback, so that the build can name the page, id and file.
    """
    results: dict[str, ModuleResult] = {}
    for module in modules:
        entry: ModuleResult = {"items": {}, "error": None}
        results[module] = entry
        try:
            importlib.import_module(module)
        except (Exception, SystemExit):
            entry["error"] = "cannot be imported:\n" + failure()
            continue
        for item in [i for i in REGISTRY.values() if i.module == module]:
            record = describe(item)
            try:
                record["result"] = compute(item)
            except (Exception, SystemExit):
                record["error"] = failure()
            entry["items"][item.id] = record
    return results


# The frames of a traceback that a report shows, the innermost: formatting every frame of a
# runaway recursion (a thousand, each line of source parsed again for its markers) could take
# longer than the snippet's time limit, and the error would never be told.
MAX_FRAMES = 30
MAX_ERROR_CHARS = 20_000


def failure() -> str:
    """The traceback of the exception being handled, its innermost frames; for
    ``sys.exit()``, saying so."""
    raised = sys.exc_info()[1]
    said = (
        f"the snippet called sys.exit({raised.code!r})\n" if isinstance(raised, SystemExit) else ""
    )
    frames, tb = 0, raised.__traceback__
    while tb is not None:
        frames, tb = frames + 1, tb.tb_next
    if frames > MAX_FRAMES:
        said += f"(the innermost {MAX_FRAMES} of its {frames:,} frames)\n"
    told = "".join(traceback.format_exception(raised, limit=-MAX_FRAMES))
    if len(told) > MAX_ERROR_CHARS:
        told = f"... ({len(told) - MAX_ERROR_CHARS:,} characters cut)\n" + told[-MAX_ERROR_CHARS:]
    return said + told


def report(module: str) -> None:
    """What ``python -m snippets.<module>`` prints: every claim the module computes."""
    for item in [i for i in REGISTRY.values() if i.module == module]:
        result = compute(item)
        if item.kind == "figure":
            print(f"{item.id}: figure with {len(result['data'])} traces")
        else:
            print(f"{item.id}: {result}")
