"""Lighthouse (mobile) calibrated to the machine it runs on, as Lighthouse's throttling
documentation asks: every host emulates the same mid-tier phone.

Lighthouse's default CPU slowdown (4x) assumes a host whose benchmark index is about 1,500; on
a faster host the same page scores better, on a slower one worse. So:

1. The host's benchmark index is measured first: the median of ``INDEX_SAMPLES`` Lighthouse
   gathers (one reading moves by +-30% on a shared machine, and the multiplier with it).
2. The multiplier comes from that median by the formula of Lighthouse's CPU-throttling
   calculator (``cpu_slowdown``).
3. Each page is gathered ``RUNS`` times. Lighthouse's default throttling *simulates* the slow
   phone from a trace recorded at full speed, so each trace is audited twice: with the
   calibrated multiplier (the budget applies to these scores) and with the default 4x (for
   comparison with reports that use it). Both come from the same trace.
4. The main thread's work at 1x (style and layout, script) is the simulated work divided by
   the multiplier: it does not depend on the multiplier, so a change's effect shows through
   the noise of the scores.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from engine.printing.pdf import CHROMIUM, CHROMIUM_ARGS
from engine.server import serve

ROOT = Path(__file__).resolve().parent.parent
BINARY = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
DEFAULT_SLOWDOWN = 4.0
INDEX_SAMPLES = 5
RUNS = 3
# The budgets, for the scores at the calibrated slowdown.
BUDGET = {
    "performance": 95,
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
    "tbt_ms": 200,
}
# The print page is the whole site as one page, the source of the PDF: it exists to be
# printed, is linked from nowhere, and is neither in the sitemap nor in the search index.
MATERIAL_BUNDLE = "/assets/javascripts/bundle."  # Material's script, as the theme names it
EXEMPT = {"/print_page/": "the whole site as one page, for printing (make pdf)"}


def cpu_slowdown(index: float) -> float:
    """The CPU slowdown that makes a host of benchmark index ``index`` emulate Lighthouse's
    reference mid-tier phone (the piecewise-linear fit of Lighthouse's CPU-throttling
    calculator)."""
    if index >= 1300:
        return 3 + (index - 1300) / 233
    if index >= 800:
        return 2 + (index - 800) / 500
    return max(1.0, 1 + (index - 150) / 650)


@dataclass(frozen=True)
class Calibration:
    readings: tuple[float, ...]

    @property
    def index(self) -> float:
        return statistics.median(self.readings)

    @property
    def multiplier(self) -> float:
        return round(cpu_slowdown(self.index), 2)


def _lighthouse(*arguments: str) -> None:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    done = subprocess.run(
        [str(BINARY), *arguments, f"--chrome-flags={flags}", "--quiet"],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(f"lighthouse {arguments[0]} failed:\n{done.stderr[-2000:]}")


def gather(url: str, artifacts: Path, multiplier: float) -> dict:
    """One page load recorded at full speed; returns Lighthouse's saved artifacts."""
    _lighthouse(
        url,
        f"--gather-mode={artifacts}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--throttling.cpuSlowdownMultiplier={multiplier}",
    )
    return json.loads((artifacts / "artifacts.json").read_text())


def audit(url: str, artifacts: Path, multiplier: float) -> dict:
    """The saved trace audited with the CPU slowdown ``multiplier``. (Lighthouse refuses
    settings that differ from the gather's; with simulated throttling the trace does not
    depend on the multiplier, so the saved settings are set to the one asked for.)"""
    saved = artifacts / "artifacts.json"
    found = json.loads(saved.read_text())
    found["settings"]["throttling"]["cpuSlowdownMultiplier"] = multiplier
    saved.write_text(json.dumps(found))
    report = artifacts / "report.json"
    _lighthouse(
        url,
        f"--audit-mode={artifacts}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--throttling.cpuSlowdownMultiplier={multiplier}",
        "--output=json",
        f"--output-path={report}",
    )
    return json.loads(report.read_text())


def calibrate(url: str, samples: int = INDEX_SAMPLES) -> Calibration:
    """The host's benchmark index, read from ``samples`` gathers of ``url``."""
    readings = []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(samples):
            found = gather(url, Path(scratch), DEFAULT_SLOWDOWN)
            readings.append(float(found["BenchmarkIndex"]))
    return Calibration(tuple(readings))


def measurements(report: dict, multiplier: float) -> dict[str, float]:
    """The four scores (0-100) and what the performance score is made of (ms)."""
    audits = report["audits"]
    work = {
        item["group"]: item["duration"]
        for item in audits["mainthread-work-breakdown"]["details"]["items"]
    }
    found = {name: 100 * (report["categories"][name]["score"] or 0) for name in CATEGORIES}
    # What Material's own script costs the page: its bundle's main-thread time (evaluation,
    # and the style and layout it forces), at the slowdown audited.
    material = sum(
        item["total"]
        for item in audits["bootup-time"]["details"]["items"]
        if MATERIAL_BUNDLE in item["url"]
    )
    return {
        **found,
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "elements": audits["dom-size"]["numericValue"],
        "material_ms": material,
        # Simulated work is the recorded work times the multiplier: this is the recorded.
        "style_layout_1x_ms": work.get("styleLayout", 0.0) / multiplier,
        "script_1x_ms": work.get("scriptEvaluation", 0.0) / multiplier,
        "benchmark_index": report["environment"]["benchmarkIndex"],
    }


def summary(runs: list[dict[str, float]]) -> dict:
    """Medians of the runs, and each measure's spread (min, max) across them."""
    return {
        "median": {key: statistics.median(run[key] for run in runs) for key in runs[0]},
        "spread": {
            key: (min(run[key] for run in runs), max(run[key] for run in runs)) for key in runs[0]
        },
    }


def measure_page(url: str, multiplier: float, runs: int = RUNS) -> dict:
    """``runs`` recordings of ``url``, each audited at ``multiplier`` and at the default 4x."""
    calibrated, default = [], []
    with tempfile.TemporaryDirectory() as scratch:
        for _ in range(runs):
            artifacts = Path(scratch)
            gather(url, artifacts, multiplier)
            calibrated.append(measurements(audit(url, artifacts, multiplier), multiplier))
            default.append(measurements(audit(url, artifacts, DEFAULT_SLOWDOWN), DEFAULT_SLOWDOWN))
    return {"calibrated": summary(calibrated), "default": summary(default)}


def scores(site: Path, pages: list[str]) -> dict:
    """The host's calibration, then every page but the exempt ones (bench/lighthouse.py)."""
    with serve(site) as base:
        calibration = calibrate(base + "/")
        return {
            "benchmark_index": calibration.index,
            "index_readings": list(calibration.readings),
            "multiplier": calibration.multiplier,
            "pages": {
                page: measure_page(base + page, calibration.multiplier)
                for page in pages
                if page not in EXEMPT
            },
        }


def report(lh: dict) -> None:
    readings = lh["index_readings"]
    x = lh["multiplier"]
    budget = BUDGET
    print(
        f"Lighthouse 12 (mobile), served with gzip. Benchmark index of this machine: "
        f"{lh['benchmark_index']:.0f}\n(median of {len(readings)} readings, "
        f"{min(readings):.0f} to {max(readings):.0f}), so a CPU slowdown of x{x} "
        "(Lighthouse's calculator). Budgets at that slowdown:\n"
        f"performance >= {budget['performance']}, TBT <= {budget['tbt_ms']} ms, accessibility, "
        "best practices and SEO 100. Medians of 3 runs, each run's trace audited at both slowdowns."
    )
    print(
        f"{'page':24} {'elems':>5} {'FCP':>5} {'LCP':>5} {'TBT':>5} {'Mat.':>5} "
        f"{f'perf x{x}':>10} {'(spread)':>9} {'x4':>4} {'a11y':>4} {'bp':>4} {'seo':>4} "
        f"{'style+layout':>12} {'script':>6}"
    )
    print(
        f"{'':24} {'':5} {'ms at the calibrated slowdown; Mat.: Material':>23}{'':32}"
        f"{'ms at 1x':>20}"
    )
    missed = []
    for page, found in lh["pages"].items():
        m, spread = found["calibrated"]["median"], found["calibrated"]["spread"]
        default = found["default"]["median"]
        low, high = spread["performance"]
        ok = (
            m["performance"] >= budget["performance"]
            and m["tbt_ms"] <= budget["tbt_ms"]
            and all(m[k] >= 100 for k in ("accessibility", "best-practices", "seo"))
        )
        if not ok:
            missed.append(page)
        print(
            f"{page:24} {m['elements']:5.0f} {m['fcp_ms']:5.0f} {m['lcp_ms']:5.0f} {m['tbt_ms']:5.0f} "
            f"{m['material_ms']:5.0f} {m['performance']:10.0f} {f'{low:.0f}-{high:.0f}':>9} {default['performance']:4.0f} "
            f"{m['accessibility']:4.0f} {m['best-practices']:4.0f} {m['seo']:4.0f} "
            f"{m['style_layout_1x_ms']:12.0f} {m['script_1x_ms']:6.0f}"
            + ("" if ok else "   below budget")
        )
    for page, reason in EXEMPT.items():
        print(f"{page:24} exempt: {reason}")
    print(
        f"{len(lh['pages']) - len(missed)} of {len(lh['pages'])} pages meet every Lighthouse budget"
        + (f"; missed: {', '.join(missed)}" if missed else "")
    )


def main() -> None:
    """``python -m bench.lighthouse SITE_DIR [PAGE ...]``: the calibrated table alone, for a
    built site (every page, or the pages named)."""
    import sys

    site, *pages = sys.argv[1:]
    site = Path(site)
    if not pages:
        for index in sorted(site.rglob("index.html")):
            relative = index.parent.relative_to(site).as_posix()
            pages.append("/" if relative == "." else f"/{relative}/")
    report(scores(site, pages))


if __name__ == "__main__":
    main()
