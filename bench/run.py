"""`make bench`: what the site costs to build and to read, against its budgets (BUDGETS).

Runs in a temporary copy of the project (its caches start empty and yours are untouched)
and prints a table, also written to bench/results.json:

- builds: cold (empty caches), warm (nothing changed), after one snippet changes (one that
  a lab imports, so that lab runs again, and one that no lab imports), and the floor: a
  plain build of the same Markdown with figure and claim markers stubbed. Each build is
  timed beside a floor build made right after it, and a ratio is the median of those pairs;
- per page, bytes transferred (gzip, as static hosts serve them): HTML, figure data, CSS
  and JS, plotly.js counted once apart; and the naive embedding for comparison
  (``fig.to_html(include_plotlyjs=True)`` per figure);
- per page, the elements of its live DOM once loaded, its figures' drawings apart (budget:
  3,000, the print page exempt; tests/test_phone.py asserts it);
- Lighthouse 12.2.3 (mobile) over every page, served with gzip: the four scores (medians of
  three runs) and, where performance misses its budget, the measurements that explain it;
- the whole-site PDF: export time and size; the test suite: its time, how many sites it
  builds, its ten slowest steps.

``python -m bench.run --quick`` skips Lighthouse and the test suite.
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import lighthouse
from engine.names import PDF_NAME, WITH_PDF
from engine.printing.pdf import CHROMIUM, CHROMIUM_ARGS, MAX_PDF_BYTES, export
from engine.publishing.publication import git
from engine.server import serve
from snippets.contract import dependencies, module_path, snippet_modules

ROOT = Path(__file__).resolve().parent.parent

RUNS = 3  # medians of three where a number is noisy
PAIRS = 5  # a build and the floor, in turn: the ratios' median is the figure
# Pages quote the attribute with ", the labs' nbconvert output with '.
FIGURE_DATA = re.compile(r"""data-plotly=(?:"([^"]*)"|'([^']*)')""")
BUDGETS = {
    "cold_build_s": 60,
    "warm_over_floor": 1.3,
    "one_snippet_changed_no_lab_over_floor": 1.5,
    "page_kb_without_plotly": 150,
    "pdf_export_s": 30,
    "pdf_mb": MAX_PDF_BYTES / 1e6,
    "tests_s": 240,
    "elements": 3000,
}


def copy_project(target: Path) -> Path:
    files = (git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard") or "").split()
    if not files:
        raise SystemExit(f"the benchmark copies the project's files, and git lists none in {ROOT}")
    for name in files:
        if (ROOT / name).is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target / name)
    (target / "node_modules").symlink_to(ROOT / "node_modules")
    # A repository of its own, one commit of the tree as it is: the site's version and the
    # tests that read it come from git, as in a clone.
    author = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost"]
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "the tree measured"]):
        subprocess.run([*author, *command], cwd=target, check=True, capture_output=True)
    return target


def build(project: Path, site: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", WITH_PDF: "1"}  # as published: `make pdf`
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def snippets_to_change(project: Path) -> dict[str, str]:
    """A snippet that a lab imports (that lab runs again) and one that no lab imports (no lab
    runs again), found with the cache-key rule's own reading of the labs' imports."""
    labs = sorted((project / "docs" / "labs").glob("*.py"))
    read_by_labs = dependencies(labs, project)
    found = {}
    for module in snippet_modules(project):
        path = project / module_path(module)
        case = "lab_imports" if path in read_by_labs else "no_lab"
        found.setdefault(case, module_path(module))
    return found


def build_after_change(project: Path, site: Path, snippet: str) -> float:
    """A rebuild after a comment is added to ``snippet``; then it is restored and rebuilt."""
    path = project / snippet
    original = path.read_text()
    path.write_text(original + "\n# changed\n")
    seconds = build(project, site)
    path.write_text(original)
    build(project, site)
    return seconds


def stub_markers(project: Path) -> None:
    """The floor: the same pages with their markers stubbed (claims, figures and the markers
    that quote a text: the plugin's ``stub_markers``), no snippet evaluated and no deck built,
    labs not executed."""
    config = (project / "mkdocs.yml").read_text()
    config = config.replace("  - evidence\n", "  - evidence:\n      stub_markers: true\n")
    config = config.replace("execute: true", "execute: false")
    (project / "mkdocs.yml").write_text(config)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def page_weights(site: Path) -> list[dict]:
    import plotly.graph_objects as go

    rows = []
    for path in sorted(site.rglob("index.html")):
        text = path.read_text()
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        url = "/" if url == "/./" else url
        css = js = 0
        for asset in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', text):
            target = (path.parent / asset).resolve()
            if target.is_file() and target.name != "plotly.min.js":
                size = gz(target.read_bytes())
                css, js = (css + size, js) if asset.endswith(".css") else (css, js + size)
        figures = [html.unescape(d or e) for d, e in FIGURE_DATA.findall(text)]
        figure_data = gz("".join(figures).encode())
        html_gzip = gz(text.encode())
        # Naive: each figure as fig.to_html(include_plotlyjs=True) instead of our data + plotly once.
        naive = gz(FIGURE_DATA.sub("", text).encode()) + css + js
        for spec in figures:
            naive += gz(go.Figure(json.loads(spec)).to_html(include_plotlyjs=True).encode())
        rows.append(
            {
                "page": url,
                "figures": len(figures),
                "html_gzip": html_gzip,
                "figure_data_gzip": figure_data,
                "css_gzip": css,
                "js_gzip": js,
                "total_gzip": html_gzip + css + js,
                "naive_gzip": naive,
            }
        )
    return rows


# A page's elements as the tests count them (tests/support.py): its figures' drawings apart.
ELEMENTS = """() => document.querySelectorAll("*").length -
  document.querySelectorAll("div[data-plotly] *").length"""


def element_counts(site: Path, pages: list[str]) -> dict[str, int]:
    """Each page's live DOM once loaded, in headless Chromium on a 390 px phone."""
    from playwright.sync_api import sync_playwright

    counts = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        tab = context.new_page()
        for page in pages:
            tab.goto(base + page)
            tab.wait_for_load_state("networkidle")
            counts[page] = tab.evaluate(ELEMENTS)
        browser.close()
    return counts


# What the suite prints at its end (tests/conftest.py, and pytest's --durations).
BUILDS_LINE = re.compile(r"^mkdocs builds this session: (\d+)(.*)$", re.M)
SLOWEST = re.compile(r"^\s*([\d.]+)s (call|setup|teardown)\s+(\S+)$", re.M)


def test_suite(project: Path) -> dict:
    """The whole suite, as `make test` runs it: its wall time, whether it passed (a benchmark
    reports, never stops), how many times it built a site, and its ten slowest steps."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--durations=10"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if result.returncode:  # what failed, for the one reading the table
        print(result.stdout[-3000:], file=sys.stderr)
    builds = BUILDS_LINE.search(result.stdout)
    return {
        "tests_s": seconds,
        "tests_passed": result.returncode == 0,
        "tests_builds": int(builds.group(1)) if builds else None,
        "tests_builds_detail": builds.group(2).strip() if builds else "",
        "tests_slowest": [
            {"seconds": float(s), "when": when, "test": test}
            for s, when, test in SLOWEST.findall(result.stdout)
        ][:10],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="skip Lighthouse and the tests")
    quick = parser.parse_args().quick
    results: dict = {"budgets": BUDGETS, "lighthouse_budget": lighthouse.BUDGET}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        project = copy_project(scratch / "project")
        site = scratch / "site"
        results["cold_build_s"] = build(project, site)
        floor_project = copy_project(scratch / "floor")
        stub_markers(floor_project)
        floor_site = scratch / "floor-site"
        build(floor_project, floor_site)  # fills the floor's own notebook cache

        def beside_the_floor(seconds: float) -> tuple[float, float]:
            """A build's time, and a floor build's made right after it. A shared machine's
            speed drifts over minutes, far less within a pair: timed apart, the warm build
            over the floor read from 1.3x to 2x on one machine in one day."""
            return seconds, build(floor_project, floor_site)

        pairs = [beside_the_floor(build(project, site)) for _ in range(PAIRS)]
        results["warm_build_s"] = statistics.median(warm for warm, _ in pairs)
        results["floor_build_s"] = statistics.median(floor for _, floor in pairs)
        results["warm_over_floor"] = statistics.median(warm / floor for warm, floor in pairs)
        for case, snippet in snippets_to_change(project).items():
            results["changed_snippets"] = {**results.get("changed_snippets", {}), case: snippet}
            changed, floor = beside_the_floor(build_after_change(project, site, snippet))
            results[f"one_snippet_changed_{case}_build_s"] = changed
            results[f"one_snippet_changed_{case}_over_floor"] = changed / floor

        results["pages"] = page_weights(site)
        elements = element_counts(site, [row["page"] for row in results["pages"]])
        for row in results["pages"]:
            row["elements"] = elements[row["page"]]
        results["plotly_js_gzip"] = gz((site / "assets" / "plotly.min.js").read_bytes())
        results["pdf_export_s"] = statistics.median(
            export(site, site / PDF_NAME) for _ in range(RUNS)
        )
        results["pdf_mb"] = (site / PDF_NAME).stat().st_size / 1e6
        if not quick:
            results["lighthouse"] = lighthouse.scores(
                site, [row["page"] for row in results["pages"]]
            )
            results.update(test_suite(project))
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    report(results)


def report(r: dict) -> None:
    def line(name, value, unit, budget=""):
        print(f"{name:40} {value:9.2f} {unit:4} {budget}")

    line("cold build (empty caches)", r["cold_build_s"], "s", "budget <= 60 s")
    line("warm build (nothing changed)", r["warm_build_s"], "s")
    line("floor (markers stubbed)", r["floor_build_s"], "s")
    line(f"warm / floor, median of {PAIRS} pairs", r["warm_over_floor"], "x", "budget <= 1.3 x")
    changed = r["changed_snippets"]
    line(
        "one snippet changes, a lab imports it",
        r["one_snippet_changed_lab_imports_build_s"],
        "s",
        changed["lab_imports"],
    )
    line("  / floor (no budget: a lab runs)", r["one_snippet_changed_lab_imports_over_floor"], "x")
    line(
        "one snippet changes, no lab imports it",
        r["one_snippet_changed_no_lab_build_s"],
        "s",
        changed["no_lab"],
    )
    line("  / floor", r["one_snippet_changed_no_lab_over_floor"], "x", "budget <= 1.5 x")
    line("PDF export", r["pdf_export_s"], "s", "budget <= 30 s")
    line("PDF size", r["pdf_mb"], "MB", "budget <= 10 MB")
    line("plotly.min.js, once (gzip)", r["plotly_js_gzip"] / 1024, "KB")
    if "tests_s" in r:
        passed = "passed" if r["tests_passed"] else "FAILED"
        line(f"test suite ({passed})", r["tests_s"], "s", f"budget <= {BUDGETS['tests_s']} s")
        print(f"  mkdocs builds: {r['tests_builds']} {r['tests_builds_detail']}")
        for step in r["tests_slowest"]:
            print(f"  {step['seconds']:7.1f} s  {step['when']:8} {step['test']}")
    print()
    header = f"{'page':24} {'figs':>4} {'html':>6} {'data':>6} {'css':>5} {'js':>5} {'total':>6} {'naive':>8} {'ratio':>6} {'elems':>6}"
    print(header + "   (KB gzip, plotly.js apart; elements <= 3,000 but the print page)")
    for row in r["pages"]:
        kb = {k: row[k] / 1024 for k in row if k.endswith("gzip")}
        # A first visit to a figure page fetches plotly.js once; the naive page inlines it per figure.
        ours = row["total_gzip"] + (r["plotly_js_gzip"] if row["figures"] else 0)
        print(
            f"{row['page']:24} {row['figures']:>4} {kb['html_gzip']:6.1f} {kb['figure_data_gzip']:6.1f} "
            f"{kb['css_gzip']:5.1f} {kb['js_gzip']:5.1f} {kb['total_gzip']:6.1f} "
            f"{kb['naive_gzip']:8.1f} {row['naive_gzip'] / ours:6.1f} {row['elements']:6}"
        )
    if "lighthouse" in r:
        print()
        lighthouse.report(r["lighthouse"])


if __name__ == "__main__":
    main()
