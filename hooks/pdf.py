"""The whole-site PDF: the print page (mkdocs-print-site-plugin) printed by headless Chromium.

As a hook, it dates the cover with the last commit (so that two builds of one commit are
identical). As a program, ``python -m hooks.pdf SITE_DIR`` prints SITE_DIR/print_page/ to
SITE_DIR/l1-vs-l2-regularization.pdf once every figure is drawn at page width.
"""

from __future__ import annotations

import datetime
import functools
import http.server
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDF_NAME = "l1-vs-l2-regularization.pdf"
CHROMIUM = "/usr/bin/chromium"
# Chromium as root, on a machine whose only network is loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
FOOTER = (
    '<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
    '<span class="pageNumber"></span> / <span class="totalPages"></span></div>'
)


def build_date() -> str:
    """SOURCE_DATE_EPOCH if set, else the last commit's date, else today."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        moment = datetime.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), datetime.UTC)
        return moment.date().isoformat()
    try:
        return subprocess.run(
            ["git", "log", "-1", "--format=%cs"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return datetime.date.today().isoformat()


def on_config(config):
    config.extra["build_date"] = build_date()
    return config


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def export(site_dir: Path, target: Path) -> float:
    """Print the print page of ``site_dir`` to ``target``; returns the seconds it took."""
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    start = time.perf_counter()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/print_page/")
            page.emulate_media(media="print", color_scheme="light")
            page.wait_for_selector("body[data-figures-done]", state="attached", timeout=60_000)
            page.evaluate("window.sizeFiguresForPrint()")
            if errors:
                raise RuntimeError(f"the print page raised: {errors}")
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
                outline=True,
                tagged=True,
            )
            browser.close()
    finally:
        httpd.shutdown()
    return time.perf_counter() - start


def main() -> None:
    site_dir = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "site")
    target = site_dir / PDF_NAME
    seconds = export(site_dir, target)
    print(f"{target}: {target.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s")


if __name__ == "__main__":
    main()
