"""`make bench`: build times and page weights, printed as a table and written to bench/results.json.

- cold build: empty evidence cache (every snippet computed);
- warm build: nothing changed (every result from the cache);
- page weight: bytes a reader transfers for each page, gzip-compressed as static hosts serve
  them: the HTML (figure data included), the CSS and the JS, with plotly.js counted apart.
"""

from __future__ import annotations

import gzip
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

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "evidence"
WARM_RUNS = 3


def build(site_dir: Path) -> float:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--site-dir",
            str(site_dir),
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - start


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


def page_weights(site: Path) -> list[dict]:
    rows = []
    for html_path in sorted(site.rglob("index.html")):
        html = html_path.read_text()
        assets = re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html)
        css = js = 0
        for asset in assets:
            target = (html_path.parent / asset).resolve()
            if target.exists():
                if asset.endswith(".css"):
                    css += gzip_size(target)
                else:
                    js += gzip_size(target)
        figure_data = sum(len(m) for m in re.findall(r'data-plotly="([^"]*)"', html))
        url = "/" + html_path.parent.relative_to(site).as_posix().strip(".") + "/"
        rows.append(
            {
                "page": url.replace("//", "/"),
                "figures": html.count('class="plotly-figure"'),
                "html_gzip": gzip_size(html_path),
                "figure_data_raw": figure_data,
                "css_gzip": css,
                "js_gzip": js,
                "total_gzip_without_plotly": gzip_size(html_path) + css + js,
            }
        )
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        shutil.rmtree(CACHE, ignore_errors=True)
        cold = build(site)
        warm = statistics.median(build(site) for _ in range(WARM_RUNS))
        pages = page_weights(site)
        plotly_gzip = gzip_size(site / "assets" / "plotly.min.js")
    results = {
        "cold_build_s": round(cold, 2),
        "warm_build_s": round(warm, 2),
        "plotly_js_gzip": plotly_gzip,
        "pages": pages,
    }
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"cold build (empty cache)       {cold:7.2f} s   budget <= 60 s")
    print(f"warm build (median of {WARM_RUNS})       {warm:7.2f} s")
    print(f"plotly.min.js (gzip, once)     {plotly_gzip / 1024:7.0f} KB")
    print()
    print(
        f"{'page':28} {'figs':>4} {'html':>8} {'css':>8} {'js':>8} {'total':>9}  (KB gzip, plotly.js excluded)"
    )
    for row in pages:
        print(
            f"{row['page']:28} {row['figures']:>4} {row['html_gzip'] / 1024:8.1f} "
            f"{row['css_gzip'] / 1024:8.1f} {row['js_gzip'] / 1024:8.1f} "
            f"{row['total_gzip_without_plotly'] / 1024:9.1f}"
        )


if __name__ == "__main__":
    main()
