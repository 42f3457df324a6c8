"""Reproducible builds: a build of a copy of the project whose every cache entry is damaged
(cut short, as a build stopped while writing it would leave it: every snippet evaluated and
every lab executed afresh, every card drawn again) gives, byte for byte, the pages,
claims.json, figure data, previews, notebooks, bundles and deck of the session's build.

So three properties at once: the build is deterministic, a cache never changes the output,
and an entry that cannot be read is a miss, never an error nor published. The one rebuild of
the suite costs about a minute, the price of the check.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from engine.names import PDF_NAME
from tests.support import once

# Files that cannot be identical between two builds, and why.
CANNOT_BE_IDENTICAL = {
    # mkdocs dates every URL with the day the build ran (<lastmod>).
    "sitemap.xml",
    # The same dates, compressed; and gzip records when it wrote the file.
    "sitemap.xml.gz",
}
# Written into the session's site by tests/test_pdf.py (`make pdf`), not by the build.
NOT_BUILT = {PDF_NAME}


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


def test_a_build_of_a_copy_with_every_cache_entry_damaged_is_byte_identical(site):
    """The copy and its build: ``build_a_damaged_copy`` in tests/support.py (made in the
    background while other tests run)."""
    made = once("damaged-copy")
    assert int((made / "entries.txt").read_text()) > 50, "the session's build filled the caches"
    cold = made / "site"
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
    assert not differ, f"{len(differ)} files differ from the session's build:\n{report}"
    assert "claims.json" in warm_files and any(n.endswith(".ipynb") for n in warm_files)
    assert any(n.endswith(".zip") for n in warm_files) and any(
        n.endswith(".png") for n in warm_files
    )
