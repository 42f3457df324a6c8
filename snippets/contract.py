"""The evidence contract: what pages, snippets, tests and the build agree on.

- the one scanner that finds the pages' markers, ``{{ <kind> <arguments> }}`` (and leaves
  code, comments and escaped markers alone); which kinds exist, with their arguments and what
  each becomes, is the build's table (engine/markers/kinds.py);
- which modules are snippets, and the file of each;
- which test names a claim (``@pytest.mark.claim("<id>")``);
- what a snippet's evaluation hands the build (``ModuleResult``, ``EvidenceRecord``);
- the cache-key rule for a snippet's results and a lab's page (what a run may read), and how
  a cache entry is written (whole or not at all).

Imported by the build (engine/), the tests and the benchmark; knows nothing of MkDocs, and
imports nothing but the standard library.
"""

from __future__ import annotations

import ast
import bisect
import functools
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NotRequired, TypedDict

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "snippets"
# What the build runs to evaluate every snippet module (it imports the registry).
RUNNER = f"{PACKAGE}.runner"
# Modules of the package that declare no evidence: the contract, the registry, the runner.
INFRASTRUCTURE = {f"{PACKAGE}.contract", f"{PACKAGE}.evidence", RUNNER}
# The pinned versions of what the project installs: Python's packages, npm's (plotly.js).
PINNED_VERSIONS = ("requirements.txt", "package-lock.json")

# -- the marker grammar ------------------------------------------------------------------

MARKER = re.compile(r"\{\{\s*([a-z]+)\b([^{}]*?)\s*\}\}")

# Where a marker stands decides what it becomes: in running text, a value linked to its
# ledger row; in link text, the bare value (a link inside a link is no link); in a heading, a
# linked value, the heading keeping an anchor that does not depend on it.
Context = Literal["text", "link", "heading"]


@dataclass(frozen=True)
class Marker:
    kind: str  # "claim", "figure", ...: which kinds exist, the build's table says
    args: tuple[str, ...]
    text: str  # the marker as written
    start: int
    end: int
    context: Context = "text"


def markers(text: str) -> Iterator[Marker]:
    """Every marker of ``text``, in order: the one place that decides what is a marker.

    Not markers, and left as written: anything inside code (a fenced block or an inline code
    span) or an HTML comment, and a marker escaped with a backslash, ``\\{{ claim ... }}``,
    which Markdown then shows as ``{{ claim ... }}``. (An indented code block cannot be told
    from an admonition's indented body: code that shows a marker is fenced.)"""
    visible = without_literals(text)
    paragraphs = [0, *(blank.end() for blank in BLANK_LINE.finditer(visible)), len(visible)]
    for match in MARKER.finditer(visible):
        if is_escaped(visible, match.start()):
            continue
        index = bisect.bisect_right(paragraphs, match.start())
        paragraph = (paragraphs[index - 1], paragraphs[index])
        yield Marker(
            match.group(1),
            tuple(match.group(2).split()),
            text[match.start() : match.end()],
            *match.span(),
            context=context_of(visible, match.start(), match.end(), paragraph),
        )


FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})", re.M)
COMMENT = re.compile(r"<!--.*?-->", re.S)
# An inline code span: a run of backticks, closed by a run of the same length, in one paragraph.
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)((?:(?!\n[ \t]*\n).)+?)(?<!`)\1(?!`)", re.S)
BLANK_LINE = re.compile(r"\n[ \t]*\n")
ATX_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
SETEXT_UNDERLINE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")


def without_literals(text: str) -> str:
    """``text`` with its code and comments blanked out (every character but a newline becomes
    a space), so that a position in it is the same position in ``text``."""
    parts, position = [], 0
    for fence in FENCE.finditer(text):
        if fence.start() < position:  # a fence line inside a block already blanked
            continue
        run = fence.group(1)
        closing = re.compile(rf"^[ \t]*{re.escape(run[0])}{{{len(run)},}}[ \t]*$", re.M)
        close = closing.search(text, text.find("\n", fence.end()) + 1 or len(text))
        end = close.end() if close else len(text)  # an unclosed fence runs to the end
        parts += [text[position : fence.start()], blanked(text[fence.start() : end])]
        position = end
    parts.append(text[position:])
    visible = COMMENT.sub(lambda m: blanked(m.group(0)), "".join(parts))
    return CODE_SPAN.sub(lambda m: blanked(m.group(0)), visible)


def blanked(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def is_escaped(text: str, position: int) -> bool:
    """Whether the character at ``position`` follows an odd number of backslashes."""
    before = position
    while before > 0 and text[before - 1] == "\\":
        before -= 1
    return (position - before) % 2 == 1


def context_of(text: str, start: int, end: int, paragraph: tuple[int, int]) -> Context:
    if in_link_text(text, start, end, paragraph):
        return "link"
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end) % (len(text) + 1)  # -1 (the last line) -> len(text)
    next_line = text[line_end + 1 :].split("\n", 1)[0]
    if ATX_HEADING.match(text, line_start) or (
        text[line_start:line_end].strip() and SETEXT_UNDERLINE.fullmatch(next_line)
    ):
        return "heading"
    return "text"


def in_link_text(text: str, start: int, end: int, paragraph: tuple[int, int]) -> bool:
    """Whether ``text[start:end]`` lies between the brackets of a link, ``[...](...)`` or
    ``[...][...]``, of its paragraph."""
    depth = 0
    for position in range(start - 1, paragraph[0] - 1, -1):
        if text[position] in "[]" and not is_escaped(text, position):
            depth += 1 if text[position] == "]" else -1
            if depth < 0:  # the "[" that opens the brackets around the marker
                break
    else:
        return False
    depth = 0
    for position in range(end, paragraph[1]):
        if text[position] in "[]" and not is_escaped(text, position):
            depth += 1 if text[position] == "[" else -1
            if depth < 0:  # the "]" that closes them
                return text[position + 1 : position + 2] in ("(", "[")
    return False


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


def snippet_roots(module: str, root: Path = ROOT) -> list[Path]:
    """Where evaluating ``module`` starts: its file, and the runner that evaluates it (and
    the registry the runner imports, whether or not the module does). Its cache key and the
    files it may read follow from them."""
    return module_files(module, root) + module_files(RUNNER, root)


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
    # Why the module could not be evaluated, as a sentence that follows its file's name:
    # "cannot be imported:" and the traceback, how its process ended, what it read unseen.
    error: str | None


# -- the cache-key rule ------------------------------------------------------------------


class UnreadableSourceError(Exception):
    """A file whose imports cannot be read: it is not valid Python."""

    def __init__(self, path: str, error: SyntaxError):
        super().__init__(f"{path}: SyntaxError: {error}")
        self.path, self.error = path, error


def cache_key(roots: Iterable[Path], *, extra: str = "", root: Path = ROOT) -> str:
    """The one rule for caching what running some code produced (a snippet's results, a
    lab's page): a hash of every project file the run may read (``cache_inputs``) and of
    ``extra`` (anything else the run depends on)."""
    digest = hashlib.sha256()
    for path in sorted(cache_inputs(roots, root), key=lambda p: _name(p, root)):
        digest.update(_name(path, root).encode())
        digest.update(path.read_bytes())
    digest.update(extra.encode())
    return digest.hexdigest()[:20]


def cache_inputs(roots: Iterable[Path], root: Path = ROOT) -> set[Path]:
    """What a run of ``roots`` may read from the project: the files ``dependencies`` finds,
    and the pinned versions. (The snippets' runner checks that a snippet reads nothing else.)"""
    pins = {root / name for name in PINNED_VERSIONS}
    return dependencies(roots, root) | {path for path in pins if path.is_file()}


def dependencies(roots: Iterable[Path], root: Path = ROOT) -> set[Path]:
    """``roots``, every module of this project they import, transitively, with the packages
    that hold them (Python runs each package's ``__init__.py`` first); and, once any of it is
    in snippets/, every file of snippets/ that is not a module: the data a snippet may read.
    A root that is not Python (a template) is itself only."""
    seen: set[Path] = set()
    looked_up: set[str] = set()  # a module name found in many files is looked for once
    pending = [Path(r) for r in roots]
    while pending:
        path = pending.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        if path.suffix != ".py" or not path.is_relative_to(root):
            continue  # data, or code from elsewhere (the build's): itself only
        relative = path.relative_to(root)
        pending.extend(
            root.joinpath(*relative.parts[:depth], "__init__.py")
            for depth in range(1, len(relative.parts))
        )
        for name in imported_names(relative.as_posix(), path.read_text()):
            if name not in looked_up:
                looked_up.add(name)
                pending.extend(module_files(name, root))
    package = root / PACKAGE
    if any(path.is_relative_to(package) for path in seen):
        seen |= data_files(package)
    return seen


def _name(path: Path, root: Path) -> str:
    """How a key names a file: its path in the project, or its full path outside it."""
    return (path.relative_to(root) if path.is_relative_to(root) else path).as_posix()


def data_files(package: Path) -> set[Path]:
    """Every file of ``package`` that is not Python source or bytecode."""
    return {
        path
        for path in package.rglob("*")
        if path.is_file()
        and path.suffix not in (".py", ".pyc")
        and "__pycache__" not in path.relative_to(package).parts
    }


def read_cache_entry(path: Path) -> Any:
    """A JSON cache entry; None when there is none, or it cannot be read (cut short, damaged):
    a miss, never an error."""
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError):  # ValueError: not JSON, or not UTF-8
        return None


def write_cache_entry(path: Path, data: bytes) -> None:
    """Writes a cache entry whole or not at all: into a temporary file beside it, then renamed
    over it (a rename is atomic), so that an interrupted build never leaves half an entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def module_files(module: str, root: Path = ROOT) -> list[Path]:
    """The project's files for a module name: ``a/b.py`` or the package ``a/b/__init__.py``
    (nothing for a module from outside the project)."""
    base = root.joinpath(*module.split("."))
    return [p for p in (base.with_suffix(".py"), base / "__init__.py") if p.is_file()]


@functools.cache  # keyed on the text: each version of a file is parsed once per build
def imported_names(relative_path: str, source: str) -> tuple[str, ...]:
    """The module names the file's import statements name (``from a import b`` names both
    ``a`` and ``a.b``: ``b`` may be a module; ``from . import b``, the package's ``b``)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise UnreadableSourceError(relative_path, error) from None
    package = relative_path.removesuffix(".py").split("/")[:-1]
    names = []
    for node in all_statements(tree.body):
        if isinstance(node, ast.ImportFrom):
            module = [node.module] if node.module else []
            if node.level:  # relative to the file's package: `from . import b`, `from .a import b`
                module = [*package[: len(package) - node.level + 1], *module]
            base = ".".join(module)
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
