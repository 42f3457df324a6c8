"""What the plugin is told: its options in mkdocs.yml, and the settings the build reads from
the environment when it starts (README.md, Publishing and Running a snippet alone).

    SITE_URL            where the site is published (mkdocs.yml's site_url reads it)
    REPO_URL            the site's repository: each page links its source there
    WITH_PDF            set by `make pdf`: the pages link to the whole-site PDF
    SNIPPET_TIME_LIMIT  the seconds a snippet module may take (300 by default)
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlparse

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError

DEFAULT_TIME_LIMIT = 300.0  # the slowest module takes about 15 s on the build machine


class EvidenceConfig(Config):
    # The floor of `make bench`: the same pages with every marker written as "0", and no
    # snippet evaluated (what a build costs without the evidence).
    stub_markers = config_options.Type(bool, default=False)


class SettingsError(PluginError):
    """A setting (of the environment, or shared by the build and the site's files) is not
    where, or not as, the build expects it."""


@dataclass(frozen=True)
class Settings:
    repo_url: str | None
    with_pdf: bool
    time_limit: float

    @classmethod
    def read(cls, environ=os.environ) -> Settings:
        return cls(
            repo_url=repo_url(environ.get("REPO_URL", "")),
            with_pdf=environ.get("WITH_PDF", "") not in ("", "0"),
            time_limit=time_limit(environ.get("SNIPPET_TIME_LIMIT", "")),
        )


def repo_url(value: str) -> str | None:
    value = value.strip().rstrip("/")
    if not value:
        return None
    parsed = urlparse(value)
    if parsed.scheme != "https" or not parsed.netloc:
        raise SettingsError(f"REPO_URL must be an https address of a repository, got {value!r}")
    return value


def time_limit(value: str) -> float:
    value = value.strip()
    try:
        limit = float(value) if value else DEFAULT_TIME_LIMIT
        if limit <= 0:
            raise ValueError
    except ValueError:
        raise SettingsError(
            f"SNIPPET_TIME_LIMIT must be a number of seconds, got {value!r}"
        ) from None
    return limit
