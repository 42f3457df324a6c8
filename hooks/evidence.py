"""Build glue for the evidence: claim values, figures, the claims ledger and claims.json.

One marker syntax, documented in README.md, is replaced in every page's Markdown:

    {{ claim <id> <value> [<format>] }}   a computed or cited value, linked to its ledger row
    {{ figure <id> }}                     a figure (alone on its line)
    {{ ledger }}                          the ledger of every claim and figure (/claims/ only)

Snippets are evaluated in fresh subprocesses (so an edited snippet is always re-imported)
and their results cached under .cache/evidence by a hash of their source and imports; the
ledger's highlighted code is cached there too, by a hash of the code.
Nothing here computes science.
"""

from __future__ import annotations

import ast
import functools
import hashlib
import html
import json
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import pygments
import pymdownx
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `snippets` and `hooks.figure_html`, wherever mkdocs runs from

from hooks.figure_html import figure_html  # noqa: E402

SNIPPETS = ROOT / "snippets"
TESTS = ROOT / "tests"
CACHE = ROOT / ".cache" / "evidence"
LEDGER_PAGE = "claims.md"
WORKERS = 2  # the build machine has two cores

MARKER = re.compile(r"\{\{\s*([a-z]+)\b([^{}]*?)\s*\}\}")


class EvidenceError(PluginError):
    """A page asks for evidence the snippets cannot give."""


@dataclass
class Citation:
    page: str  # source path, e.g. "l4.md"
    url: str  # published URL, e.g. "l4/"
    anchor: str


@dataclass
class Store:
    items: dict[str, dict[str, Any]] = field(default_factory=dict)
    citations: dict[str, Citation] = field(default_factory=dict)
    tests: dict[str, str] = field(default_factory=dict)


store = Store()


# -- evaluation and cache -------------------------------------------------------------


def snippet_modules() -> list[str]:
    """Every module under snippets/, except the registry itself."""
    modules = []
    for path in sorted(SNIPPETS.rglob("*.py")):
        relative = path.relative_to(ROOT).with_suffix("")
        name = ".".join(relative.parts)
        if path.name != "__init__.py" and name != "snippets.evidence":
            modules.append(name)
    return modules


def module_path(module: str) -> str:
    return "/".join(module.split(".")) + ".py"


def module_file(module: str) -> Path:
    return ROOT / module_path(module)


def local_imports(module: str) -> set[str]:
    """Modules of the snippets package that ``module`` imports, transitively."""
    seen: set[str] = set()
    pending = [module]
    while pending:
        current = pending.pop()
        if current in seen or not module_file(current).exists():
            continue
        seen.add(current)
        pending.extend(direct_imports(current, module_file(current).read_text()))
    return {m for m in seen if m.startswith("snippets")}


@functools.cache  # keyed on the source: every module hash walks the shared modules again
def direct_imports(module: str, source: str) -> tuple[str, ...]:
    """What ``module`` (whose text is ``source``) names in its import statements."""
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise EvidenceError(
            f"{module_path(module)} cannot be imported: SyntaxError: {error}"
        ) from None
    names = []
    for node in statements(tree.body):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:  # relative import
                package = module.split(".")[: -node.level]
                base = ".".join([*package, node.module])
            names.append(base)
            names.extend(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return tuple(names)


def statements(nodes: list[ast.stmt]):
    """Every statement, nested ones included, without the expressions (an import is a
    statement; walking the expressions too took most of the time)."""
    for node in nodes:
        yield node
        for block in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from statements(getattr(node, block, None) or [])


def module_hash(module: str) -> str:
    """Changes when the module, anything of snippets/ it imports, or a pinned version changes."""
    digest = hashlib.sha256()
    for name in sorted(local_imports(module) | {"snippets.evidence"}):
        digest.update(name.encode())
        digest.update(module_file(name).read_bytes())
    digest.update((ROOT / "requirements.txt").read_bytes())
    return digest.hexdigest()[:20]


def evaluate(modules: list[str]) -> dict[str, Any]:
    """Evaluate modules in ``WORKERS`` fresh interpreters, in parallel."""
    groups = [modules[i::WORKERS] for i in range(WORKERS)]
    running = []
    with tempfile.TemporaryDirectory() as scratch:
        for index, group in enumerate(g for g in groups if g):
            out = Path(scratch) / f"{index}.json"
            command = [sys.executable, "-m", "snippets.evidence", "--out", str(out), *group]
            running.append((subprocess.Popen(command, cwd=ROOT), out, group))
        results: dict[str, Any] = {}
        for process, out, group in running:
            if process.wait() != 0 or not out.exists():
                raise EvidenceError(f"evaluating {', '.join(group)} crashed the interpreter")
            results.update(json.loads(out.read_text()))
    return results


def load_evidence() -> None:
    """Fill ``store`` from the cache, evaluating the modules whose source changed."""
    CACHE.mkdir(parents=True, exist_ok=True)
    hashes = {module: module_hash(module) for module in snippet_modules()}
    results: dict[str, Any] = {}
    stale = []
    for module, key in hashes.items():
        cached = CACHE / f"{module}.{key}.json"
        if cached.exists():
            results[module] = json.loads(cached.read_text())
        else:
            stale.append(module)
    if stale:
        fresh = evaluate(stale)
        for module in stale:
            results[module] = fresh[module]
            if not _has_errors(fresh[module]):
                for old in CACHE.glob(f"{module}.*.json"):
                    old.unlink()
                (CACHE / f"{module}.{hashes[module]}.json").write_text(json.dumps(fresh[module]))
    broken = {m: e["error"] for m, e in results.items() if e["error"]}
    if broken:
        raise EvidenceError(
            "\n".join(f"{module_path(m)} cannot be imported:\n{tb}" for m, tb in broken.items())
        )
    store.items.clear()
    for entry in results.values():
        store.items.update(entry["items"])
    store.tests = find_claim_tests()


def _has_errors(entry: dict[str, Any]) -> bool:
    return bool(entry["error"]) or any("error" in item for item in entry["items"].values())


def find_claim_tests() -> dict[str, str]:
    """Map claim id -> "tests/file.py::test_name" from ``@pytest.mark.claim("id")`` marks."""
    found: dict[str, str] = {}
    for path in sorted(TESTS.rglob("test_*.py")):
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
                        found.setdefault(claim_id, f"{path.relative_to(ROOT)}::{node.name}")
    return found


# -- looking things up -----------------------------------------------------------------


def lookup(item_id: str, kinds: tuple[str, ...], page: str) -> dict[str, Any]:
    """The evidence ``item_id``; fails naming the page, the id and the snippet file."""
    where = f"{page}: "
    item = store.items.get(item_id)
    noun = "claim" if "figure" not in kinds else "figure"
    if item is None or item["kind"] not in kinds:
        known = sorted(i for i, v in store.items.items() if v["kind"] in kinds)
        raise EvidenceError(
            f"{where}unknown {noun} id {item_id!r}. Known {noun}s: {', '.join(known)}"
        )
    if "error" in item:
        raise EvidenceError(
            f"{where}{noun} {item_id!r} failed in {item['snippet']} "
            f"({item['function']}):\n{item['error']}"
        )
    return item


def claim_value(item_id: str, value_name: str, page: str) -> Any:
    item = lookup(item_id, ("computed", "cited"), page)
    values = item["result"]
    if value_name not in values:
        raise EvidenceError(
            f"{page}: claim {item_id!r} ({item['snippet']}) has no value {value_name!r}. "
            f"Its values: {', '.join(values)}"
        )
    return values[value_name]


def format_value(value: Any, spec: str = "") -> str:
    """Numbers as a reader wants them: 0.03, 1,200, 3.1 × 10⁻¹⁶; booleans as yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return value
    if spec:
        text = format(value, spec)
    elif isinstance(value, int):
        text = f"{value:,}"
    elif value == 0 or 1e-3 <= abs(value) < 1e6:
        text = f"{value:.4g}"
    else:
        text = f"{value:.2g}"
    mantissa, _, exponent = text.partition("e")
    if exponent:
        power = int(exponent)
        text = (
            f"10<sup>{power}</sup>"
            if mantissa in ("1", "1.0")
            else f"{mantissa} × 10<sup>{power}</sup>"
        )
    return text.replace("-", "−")


# -- markers ---------------------------------------------------------------------------


def markers(markdown: str):
    for match in MARKER.finditer(markdown):
        yield match, match.group(1), match.group(2).split()


def on_pre_build(config):
    load_evidence()
    start_highlighter(config)


def on_files(files, config):
    """Read every page's markers first, so that the ledger knows where each claim is cited."""
    store.citations.clear()
    for file in files.documentation_pages():
        if not file.src_uri.endswith(".md"):
            continue
        text = Path(file.abs_src_path).read_text()
        for _, kind, args in markers(text):
            if kind != "claim" or not args:
                continue
            here = Citation(file.src_uri, "/" + file.url, args[0])
            current = store.citations.get(args[0])
            if current is None or (is_home(here, args[0]) and not is_home(current, args[0])):
                store.citations[args[0]] = here
    return files


def is_home(citation: Citation, claim_id: str) -> bool:
    """A claim's home is the page its id names: l5.map.x lives on l5.md, reference.optimizers.x
    on reference/optimizers.md. Other pages may quote it; the anchor stays at home."""
    page = citation.page.removesuffix(".md").replace("/", ".")
    return claim_id.startswith(page + ".")


def on_page_markdown(markdown, page, config, files):
    source = page.file.src_uri
    anchored: set[str] = set()
    figure_number = 0
    out = []
    position = 0
    for match, kind, args in markers(markdown):
        out.append(markdown[position : match.start()])
        position = match.end()
        if kind == "claim":
            out.append(render_claim(args, source, anchored))
        elif kind == "figure":
            figure_number += 1
            out.append(render_figure(args, source, page.url, figure_number, markdown, match))
        elif kind == "ledger":
            out.append(render_ledger(source))
        else:
            raise EvidenceError(
                f"{source}: unknown marker {match.group(0)!r}; "
                "expected {{ claim <id> <value> }}, {{ figure <id> }} or {{ ledger }}"
            )
    out.append(markdown[position:])
    return "".join(out)


def link_to_ledger(source: str, item_id: str) -> str:
    return posixpath.relpath(LEDGER_PAGE, posixpath.dirname(source) or ".") + "#" + item_id


def render_claim(args: list[str], source: str, anchored: set[str]) -> str:
    if len(args) not in (2, 3):
        raise EvidenceError(
            f"{source}: a claim marker is {{{{ claim <id> <value> [<format>] }}}}, got {args}"
        )
    item_id, value_name, *spec = args
    text = format_value(claim_value(item_id, value_name, source), *spec)
    statement = html.escape(statement_of(store.items[item_id]), quote=True)
    attributes = ".claim"
    if item_id not in anchored:  # the first mention on a page is the claim's anchor there
        anchored.add(item_id)
        attributes = f"#{item_id} .claim"
    return f'[{text}]({link_to_ledger(source, item_id)} "{statement}"){{ {attributes} }}'


def statement_of(item: dict[str, Any]) -> str:
    values = {
        k: re.sub(r"<sup>(.*?)</sup>", r"^\1", format_value(v)) for k, v in item["result"].items()
    }
    try:
        return item["statement"].format(**values)
    except (KeyError, IndexError) as missing:
        raise EvidenceError(
            f"{item['snippet']}: the statement of {item['id']!r} uses {missing}, "
            f"which is not one of its values ({', '.join(values)})"
        ) from None


def plain_text(text: str, source: str) -> str:
    """Caption or alt text with claim markers replaced by their bare values."""

    def value(match: re.Match) -> str:
        kind, args = match.group(1), match.group(2).split()
        if kind != "claim" or len(args) not in (2, 3):
            raise EvidenceError(
                f"{source}: only claim markers may appear in a caption: {match.group(0)}"
            )
        rendered = format_value(claim_value(args[0], args[1], source), *args[2:])
        return re.sub(r"<sup>(.*?)</sup>", r"^\1", rendered)

    return MARKER.sub(value, text)


def render_figure(args, source, url, number, markdown, match) -> str:
    if len(args) != 1:
        raise EvidenceError(f"{source}: a figure marker is {{{{ figure <id> }}}}, got {args}")
    line_start = markdown.rfind("\n", 0, match.start()) + 1
    line_end = markdown.find("\n", match.end())
    line = markdown[line_start : None if line_end < 0 else line_end]
    if line.strip() != match.group(0):
        raise EvidenceError(f"{source}: {match.group(0)} must stand alone on its line")
    item = lookup(args[0], ("figure",), source)
    return figure_html(
        item["result"],
        figure_id=item["id"],
        alt=plain_text(item["alt"], source),
        caption=plain_text(item["caption"], source),
        number=number,
        code_href=get_relative_url("claims/", url) + "#" + item["id"],
    )


# -- the ledger and claims.json ----------------------------------------------------------


def ledger_rows() -> list[dict[str, Any]]:
    """claims.json rows, in the documented shape, in page order."""
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


def render_ledger(source: str) -> str:
    parts = []
    rows = ledger_rows()
    for kind, title in (("computed", "Computed claims"), ("cited", "Cited claims")):
        chosen = [r for r in rows if r["kind"] == kind]
        if not chosen:
            continue
        parts.append(f"## {title}\n")
        for row in chosen:
            parts.append(ledger_entry(row, source))
    figures = sorted(
        (i for i in store.items.values() if i["kind"] == "figure"), key=lambda i: i["id"]
    )
    if figures:
        parts.append("## Figures\n")
        for item in figures:
            parts.append(f"### `{item['id']}` {{ #{item['id']} }}\n")
            parts.append(f"{html.escape(plain_text(item['caption'], source))}\n")
            parts.append(f"Computed by `{item['function']}` in `{item['snippet']}`.\n")
            parts.append(code_block(item["source_code"]))
    return "\n".join(parts)


def ledger_entry(row: dict[str, Any], source: str) -> str:
    item = store.items[row["id"]]
    lines = [f"### `{row['id']}` {{ #{row['id']} }}\n", f"{row['statement']}\n"]
    lines.append("| name | value |\n| --- | --- |")
    lines.extend(f"| `{name}` | {format_value(value)} |" for name, value in row["values"].items())
    lines.append("")
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
        lines.append(f"Cited from {row['source']}, {row['locator']}. Not computed.\n")
    return "\n".join(lines)


# Highlighting the ledger's code was a tenth of a warm build: each block is highlighted once
# per version of its code and of the highlighter's settings, then kept under .cache/evidence.
HIGHLIGHTED = CACHE / "highlighted"
# The pages' extensions that shape a fenced block (snippets drops its section markers).
CODE_EXTENSIONS = ("pymdownx.snippets", "pymdownx.superfences", "pymdownx.highlight")


@dataclass
class Highlighter:
    converter: markdown.Markdown
    settings: str  # what, besides the code, the highlighted HTML depends on
    used: set[Path] = field(default_factory=set)


highlighter: Highlighter | None = None


def start_highlighter(config) -> None:
    """Fenced code highlighted as the pages' own is, with mkdocs.yml's settings."""
    global highlighter
    settings = {name: config.mdx_configs.get(name, {}) for name in CODE_EXTENSIONS}
    highlighter = Highlighter(
        markdown.Markdown(extensions=list(CODE_EXTENSIONS), extension_configs=settings),
        json.dumps([settings, pygments.__version__, pymdownx.__version__], default=str),
    )


def code_block(code: str) -> str:
    """A snippet's code, highlighted, in a fold (the HTML of `??? example "Code"`)."""
    key = hashlib.sha256(f"{highlighter.settings}\n{code}".encode()).hexdigest()[:20]
    cached = HIGHLIGHTED / f"{key}.html"
    if not cached.exists():
        HIGHLIGHTED.mkdir(parents=True, exist_ok=True)
        fenced = f"```python\n{code.rstrip()}\n```"
        cached.write_text(highlighter.converter.reset().convert(fenced))
    highlighter.used.add(cached)
    return f'<details class="example">\n<summary>Code</summary>\n{cached.read_text()}\n</details>'


def on_post_build(config):
    failed = [i for i in store.items.values() if "error" in i]
    if failed:  # the pages did not ask for these, but a snippet that raises is still a bug
        raise EvidenceError(
            "\n".join(
                f"{i['kind']} {i['id']!r} failed in {i['snippet']}:\n{i['error']}" for i in failed
            )
        )
    for stale in set(HIGHLIGHTED.glob("*.html")) - highlighter.used:
        stale.unlink()  # code that changed since
    site = Path(config["site_dir"])
    (site / "claims.json").write_text(json.dumps({"claims": ledger_rows()}, indent=2) + "\n")
    import plotly

    plotly_js = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    shutil.copyfile(plotly_js, site / "assets" / "plotly.min.js")
