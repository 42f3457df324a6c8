"""The evidence contract: what pages, snippets, tests and the build agree on.

- the marker grammar of the pages (``{{ claim ... }}``, ``{{ figure ... }}``, ``{{ answer ... }}``,
  ``{{ ledger }}``, ``{{ cite }}``, and those of the tells and /practice/) and the one scanner
  that finds markers;
- which modules are snippets, and the file of each;
- which test names a claim (``@pytest.mark.claim("<id>")``);
- what a snippet's evaluation hands the build (``ModuleResult``, ``EvidenceRecord``);
- the cache-key rule for a snippet's results and a lab's page.

Imported by the build (hooks/), the tests and the benchmark; knows nothing of MkDocs, and
imports nothing but the standard library.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "snippets"
# Modules of the package that declare no evidence: the contract and the registry.
INFRASTRUCTURE = {f"{PACKAGE}.contract", f"{PACKAGE}.evidence"}
PINNED_VERSIONS = "requirements.txt"

# -- the marker grammar ------------------------------------------------------------------

MARKER = re.compile(r"\{\{\s*([a-z]+)\b([^{}]*?)\s*\}\}")
# Each kind of marker as a page writes it, and how many words may follow the kind.
SYNTAX = {
    "claim": "{{ claim <id> <value> [<format>] }}",
    "figure": "{{ figure <id> }}",
    "answer": "{{ answer <level> }}",
    "ledger": "{{ ledger }}",
    "cite": "{{ cite }}",
    "tells": "{{ tells <table> }}",
    "practice": "{{ practice }}",
    "questions": "{{ questions }}",
    "rehearse": "{{ rehearse <level> }}",
    "probes": "{{ probes }}",
    "deck": "{{ deck }}",
}
ARGUMENTS = {
    "claim": range(2, 4),
    "figure": range(1, 2),
    "answer": range(1, 2),
    "ledger": range(0, 1),
    "cite": range(0, 1),
    "tells": range(1, 2),
    "practice": range(0, 1),
    "questions": range(0, 1),
    "rehearse": range(1, 2),
    "probes": range(0, 1),
    "deck": range(0, 1),
}


@dataclass(frozen=True)
class Marker:
    kind: str  # a key of SYNTAX ("claim", "figure", ...); anything else is an unknown marker
    args: tuple[str, ...]
    text: str  # the marker as written
    start: int
    end: int

    @property
    def known(self) -> bool:
        return self.kind in SYNTAX

    @property
    def well_formed(self) -> bool:
        return self.known and len(self.args) in ARGUMENTS[self.kind]


def markers(text: str) -> Iterator[Marker]:
    """Every marker of ``text``, in order: the one place that decides what is a marker."""
    for match in MARKER.finditer(text):
        yield Marker(match.group(1), tuple(match.group(2).split()), match.group(0), *match.span())


def replace_markers(text: str, render: Callable[[Marker], str]) -> str:
    """``text`` with each marker replaced by what ``render`` makes of it."""
    out, position = [], 0
    for marker in markers(text):
        out += [text[position : marker.start], render(marker)]
        position = marker.end
    out.append(text[position:])
    return "".join(out)


# -- snippet modules ---------------------------------------------------------------------


def module_path(module: str) -> str:
    """Repository-relative path of a module, e.g. ``snippets/l4/penalty.py``."""
    return "/".join(module.split(".")) + ".py"


def snippet_modules(root: Path = ROOT) -> list[str]:
    """Every module under snippets/ that may declare evidence, in path order."""
    modules = []
    for path in sorted((root / PACKAGE).rglob("*.py")):
        name = ".".join(path.relative_to(root).with_suffix("").parts)
        if path.name != "__init__.py" and name not in INFRASTRUCTURE:
            modules.append(name)
    return modules


# -- tests that name claims --------------------------------------------------------------


def claim_tests(tests: Path = ROOT / "tests") -> dict[str, list[str]]:
    """Claim id -> every ``tests/<file>.py::<test>`` marked ``@pytest.mark.claim(id)``."""
    found: dict[str, list[str]] = {}
    for path in sorted(tests.rglob("test_*.py")):
        where = path.relative_to(tests.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and ast.unparse(decorator.func) == "pytest.mark.claim"
                ):
                    for argument in decorator.args:
                        claim_id = ast.literal_eval(argument)
                        found.setdefault(claim_id, []).append(f"{where}::{node.name}")
    return found


# -- what crosses from a snippet's evaluation to the build (as JSON) ---------------------

Kind = Literal["computed", "cited", "figure"]


class EvidenceRecord(TypedDict):
    """One claim or figure: what it declares, and its result or the error it raised."""

    id: str
    kind: Kind
    module: str
    snippet: str  # the module's file, e.g. "snippets/l4/penalty.py"
    function: str  # "" for a cited claim
    source_code: str  # the function's source, shown on the ledger
    statement: str  # claims: may use {value_name} fields
    caption: str  # figures: may quote claim markers
    alt: str  # figures: the text alternative
    source: str  # cited claims: the publication
    locator: str  # cited claims: where in it
    result: NotRequired[Any]  # a claim's values (flat dict), or a figure's plotly JSON
    error: NotRequired[str]  # the traceback, when computing it raised


class ModuleResult(TypedDict):
    items: dict[str, EvidenceRecord]
    error: str | None  # the traceback, when the module could not be imported


# -- the cache-key rule ------------------------------------------------------------------


class UnreadableSourceError(Exception):
    """A file whose imports cannot be read: it is not valid Python."""

    def __init__(self, path: str, error: SyntaxError):
        super().__init__(f"{path}: SyntaxError: {error}")
        self.path, self.error = path, error


def cache_key(roots: Iterable[Path], *, extra: str = "", root: Path = ROOT) -> str:
    """The one rule for caching what running some code produced (a snippet's results, a
    lab's page): a hash of every project file the run reads (``dependencies``), of the
    pinned versions, and of ``extra`` (anything else the run depends on)."""
    digest = hashlib.sha256()
    for path in sorted(dependencies(roots, root), key=lambda p: p.relative_to(root).as_posix()):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    digest.update((root / PINNED_VERSIONS).read_bytes())
    digest.update(extra.encode())
    return digest.hexdigest()[:20]


def dependencies(roots: Iterable[Path], root: Path = ROOT) -> set[Path]:
    """``roots`` and every module of this project they import, transitively."""
    seen: set[Path] = set()
    pending = [Path(r) for r in roots]
    while pending:
        path = pending.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        relative = path.relative_to(root).as_posix()
        for name in imported_names(relative, path.read_text()):
            pending.extend(module_files(name, root))
    return seen


def module_files(module: str, root: Path = ROOT) -> list[Path]:
    """The project's files for a module name: ``a/b.py`` or the package ``a/b/__init__.py``
    (nothing for a module from outside the project)."""
    base = root.joinpath(*module.split("."))
    return [p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()]


@functools.cache  # keyed on the text: each version of a file is parsed once per build
def imported_names(relative_path: str, source: str) -> tuple[str, ...]:
    """The module names the file's import statements name (``from a import b`` names both
    ``a`` and ``a.b``: ``b`` may be a module)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise UnreadableSourceError(relative_path, error) from None
    package = relative_path.removesuffix(".py").split("/")[:-1]
    names = []
    for node in all_statements(tree.body):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative to the file's package
                base = ".".join([*package[: len(package) - node.level + 1], node.module])
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return tuple(names)


def all_statements(nodes: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without the expressions (an import is a
    statement; walking the expressions too took most of the time)."""
    for node in nodes:
        yield node
        for block in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from all_statements(getattr(node, block, None) or [])
