"""Reproducible builds: a cold build of a copy of the project (no evidence cache, no labs
cache: every snippet evaluated and every lab executed afresh) gives, byte for byte, the pages,
claims.json and figure data of the session's build, which used the warm caches.

So two properties at once: the build is deterministic, and a cache never changes the output.
One cold build costs about a minute, the price of the check.
"""

from __future__ import annotations

import datetime
import difflib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from hooks.names import PDF_NAME, WITH_PDF
from hooks.publishing import build_date, last_commit
from tests.support import REPO_URL, ROOT

# Files that cannot be identical between two builds, and why.
CANNOT_BE_IDENTICAL = {
    # mkdocs dates every URL with the day the build ran (<lastmod>).
    "sitemap.xml",
    # The same dates, compressed; and gzip records when it wrote the file.
    "sitemap.xml.gz",
}
# Written into the session's site by tests/test_pdf.py (`make pdf`), not by the build.
NOT_BUILT = {PDF_NAME}
# What a copy of the project leaves out: environments, caches, builds, version control.
NOT_THE_PROJECT = shutil.ignore_patterns(
    ".venv", ".cache", "site", "node_modules", ".git", "__pycache__", ".pytest_cache", ".ruff_cache"
)


def files(site: Path) -> dict[str, Path]:
    return {
        path.relative_to(site).as_posix(): path
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.relative_to(site).as_posix() not in CANNOT_BE_IDENTICAL
    }


def first_difference(a: Path, b: Path) -> str:
    try:
        left, right = a.read_text().splitlines(), b.read_text().splitlines()
    except UnicodeDecodeError:
        return "(binary)"
    diff = difflib.unified_diff(left, right, lineterm="", n=0)
    lines = [line[:300] for line in diff][2:8]
    return "\n      ".join(lines)


def test_a_cold_build_of_a_copy_is_byte_identical(site, site_url, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=NOT_THE_PROJECT)
    assert not (project / ".cache").exists()
    (project / "node_modules").symlink_to(ROOT / "node_modules")  # installed, not built
    # The copy has no git history: give it the session build's version (date and commit).
    day = datetime.date.fromisoformat(build_date())
    epoch = int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC).timestamp())
    environment = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SITE_URL": site_url,  # as the session's build
        "REPO_URL": REPO_URL,
        "SOURCE_DATE_EPOCH": str(epoch),
        "SOURCE_COMMIT": last_commit().commit,
        WITH_PDF: "1",
    }
    cold = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(cold)],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, f"the cold build failed:\n{result.stdout}\n{result.stderr}"
    assert (project / ".cache" / "evidence").is_dir()  # its own caches, filled from nothing

    warm_files = {k: v for k, v in files(site).items() if k not in NOT_BUILT}
    cold_files = files(cold)
    assert set(warm_files) == set(cold_files), (
        f"only in the session build: {sorted(set(warm_files) - set(cold_files))}; "
        f"only in the cold build: {sorted(set(cold_files) - set(warm_files))}"
    )
    differ = [
        name
        for name in warm_files
        if warm_files[name].read_bytes() != cold_files[name].read_bytes()
    ]
    report = "\n".join(
        f"  {name}:\n      {first_difference(warm_files[name], cold_files[name])}"
        for name in differ[:12]
    )
    assert not differ, f"{len(differ)} files differ between a warm and a cold build:\n{report}"
    assert "claims.json" in warm_files and any(n.endswith(".ipynb") for n in warm_files)
    assert any(n.endswith(".zip") for n in warm_files) and any(
        n.endswith(".png") for n in warm_files
    )
