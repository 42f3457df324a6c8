"""The publication: where the site lives, which version it is, and how to cite it.

- ``SITE_URL`` (mkdocs.yml's ``site_url``) and ``REPO_URL`` are read at build time. Without a
  site URL no output names an invented address: no canonical links, an empty sitemap
  (overrides/sitemap.xml), previews without ``og:url``, links from the PDF to the site's files
  printed as file names (engine/printing/pdf.py); the build says once what a site URL would add.
- The version is the last commit's date and short hash. The footer of every page
  (overrides/partials/copyright.html) and the "Cite this" block show the same one.
- ``cite_block``: what ``{{ cite }}`` on a page becomes: the citation in plain text and BibTeX, from CITATION.cff, with the version and the
  site URL when there is one.
- With ``REPO_URL``, every page links to its source file at the commit it was built from.
"""

from __future__ import annotations

import datetime
import logging
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

from engine import escaping
from engine.config import SettingsError
from engine.escaping import paragraph

CITATION = "CITATION.cff"  # in the project's root
# Which licence covers what; the texts are the repository's LICENSE files.
LICENCES = [
    {
        "covers": "text and figures",
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "file": "LICENSE-CC-BY-4.0",
    },
    {
        "covers": "code",
        "name": "MIT",
        "url": "https://opensource.org/license/mit",
        "file": "LICENSE",
    },
]
NO_SITE_URL = (
    "No SITE_URL: built without canonical links, sitemap URLs, og:url or links from the PDF "
    "to the site's files. Set SITE_URL to the address the site is served from to add them "
    "(README.md, Publishing)."
)

log = logging.getLogger("mkdocs.plugins.evidence")


class PublishingError(PluginError):
    """The site's address, repository or citation metadata cannot be used."""


@dataclass(frozen=True)
class Version:
    date: str  # the last commit's day, YYYY-MM-DD
    commit: str | None  # its full hash; None outside a git checkout

    @property
    def short(self) -> str | None:
        return self.commit[:7] if self.commit else None

    @property
    def label(self) -> str:
        return f"{self.date} ({self.short})" if self.short else self.date


def build_date(root: Path) -> str:
    """The version's date: SOURCE_DATE_EPOCH if set, else the last commit's date, else today
    outside a git checkout (so that two builds of one commit are identical)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise SettingsError(f"SOURCE_DATE_EPOCH must be a number of seconds, got {epoch!r}")
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        return moment.date().isoformat()
    return git(root, "log", "-1", "--format=%cs") or datetime.date.today().isoformat()


# A commit's name: its hash, short or full (it is written into addresses and the footer).
COMMIT = re.compile(r"[0-9a-f]{7,40}")


def last_commit(root: Path) -> Version:
    """The version of the source: SOURCE_COMMIT, else git's last commit (None outside git)."""
    commit = os.environ.get("SOURCE_COMMIT", "").strip() or None
    if commit is not None and not COMMIT.fullmatch(commit):
        raise SettingsError(f"SOURCE_COMMIT must be a commit's hash, got {commit!r}")
    return Version(build_date(root), commit or git(root, "rev-parse", "HEAD"))


def git(root: Path, *arguments: str) -> str | None:
    """What git says of the project, or None outside a checkout (or without git). In a
    checkout that git will not read (one another user owns: "dubious ownership"), the build
    stops, rather than give the site a version of today's date and no commit."""
    try:
        answer = subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=True)
    except OSError:
        return None
    if answer.returncode == 0:
        return answer.stdout.strip()
    if (root / ".git").exists():
        raise PublishingError(
            f"git cannot read the checkout {root} ({' '.join(answer.stderr.split())}): let it "
            f"(git config --global --add safe.directory {root}), or give the version with "
            "SOURCE_DATE_EPOCH and SOURCE_COMMIT"
        )
    return None


def source_url(repo: str | None, version: Version, src_uri: str) -> str | None:
    """The page's source in the repository, at the commit the site was built from."""
    if not repo:
        return None
    return f"{repo}/blob/{version.commit or 'HEAD'}/docs/{src_uri}"


# -- the citation ------------------------------------------------------------------------


def read_citation(root: Path) -> dict:
    try:
        data = yaml.safe_load((root / CITATION).read_text())
    except (OSError, yaml.YAMLError) as error:
        raise PublishingError(f"{CITATION} cannot be read: {error}") from None
    if not isinstance(data, dict) or not data.get("title") or not data.get("authors"):
        raise PublishingError(f"{CITATION} needs a title and authors for the citation")
    return data


def author_names(authors: list[dict]) -> tuple[list[str], list[str]]:
    """(plain-text names, BibTeX names): "Family, G." and "Family, Given"; an entity as is."""
    plain, bibtex = [], []
    for author in authors:
        if author.get("name"):  # an entity: braced, so that BibTeX does not split it
            plain.append(author["name"])
            bibtex.append("{" + escaping.bibtex(author["name"]) + "}")
            continue
        family, given = author.get("family-names", ""), author.get("given-names", "")
        initials = " ".join(f"{part[0]}." for part in given.split())
        plain.append(f"{family}, {initials}".strip(", "))
        bibtex.append(escaping.bibtex(f"{family}, {given}".strip(", ")))
    return plain, bibtex


def citation(data: dict, version: Version, site_url: str | None) -> tuple[str, str]:
    """(plain text, BibTeX) for this version of the site."""
    plain_names, bibtex_names = author_names(data["authors"])
    year = version.date[:4]
    where = f" {site_url}" if site_url else ""
    plain = f"{', '.join(plain_names)} ({year}). {data['title']}. Version {version.label}.{where}"
    fields = [
        ("author", " and ".join(bibtex_names)),
        ("title", "{" + escaping.bibtex(data["title"]) + "}"),
        ("year", year),
        ("note", f"Version {version.label}"),
    ]
    if site_url:
        fields += [("url", site_url), ("howpublished", f"\\url{{{site_url}}}")]
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return plain, f"@misc{{l1-vs-l2-regularization,\n{body}\n}}"


def cite_block(config) -> str:
    """The Markdown of the "Cite this" block."""
    publication = config.extra["publication"]
    plain, bibtex = citation(
        publication["citation"], publication["version"], publication["site_url"]
    )
    licences = "; ".join(
        f"the {licence['covers']} under [{licence['name']}]({licence['url']})"
        for licence in publication["licences"]
    )
    return f"{paragraph(plain, 'citation')}\n\n```bibtex\n{bibtex}\n```\n\nLicences: {licences}.\n"


# -- what the templates are handed ---------------------------------------------------------


def hand_over(config, root: Path, repo: str | None) -> None:
    """The publication, into ``config.extra``: the site's and repository's addresses, the
    version, the citation, the licences."""
    site_url = config.site_url or None
    if not site_url:
        log.info(NO_SITE_URL)
    config.extra["publication"] = {
        "site_url": site_url,
        "repo_url": repo,
        "version": last_commit(root),
        "citation": read_citation(root),
        "licences": LICENCES,
    }


def page_source_url(page, config) -> str | None:
    """The page's source in the repository, at the commit the site was built from; None for
    a page that plugins generate (the print page) or without a repository."""
    publication = config.extra["publication"]
    source = Path(page.file.abs_src_path or "")
    inside = source.is_file() and source.is_relative_to(Path(config.docs_dir).resolve())
    if not inside:
        return None
    return source_url(publication["repo_url"], publication["version"], page.file.src_uri)
