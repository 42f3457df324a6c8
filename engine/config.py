"""What the plugin is told: its options in mkdocs.yml, and the settings the build reads from
the environment when it starts (README.md, Publishing and Running a snippet alone).

    SITE_URL            where the site is published (mkdocs.yml's site_url reads it)
    REPO_URL            the site's repository: each page links its source there
    WITH_PDF            set by `make pdf`: the pages link to the whole-site PDF
    SNIPPET_TIME_LIMIT  the seconds a snippet module may take (300 by default)
"""

from __future__ import annotations

import math
import os
import re
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
    site_url: str | None
    repo_url: str | None
    with_pdf: bool
    time_limit: float

    @classmethod
    def read(cls, site_url: str | None, environ=os.environ) -> Settings:
        """The settings of this build, each checked: anything else stops the build, naming
        the variable. ``site_url`` is mkdocs.yml's (SITE_URL)."""
        return cls(
            site_url=address("SITE_URL", site_url or ""),
            repo_url=(address("REPO_URL", environ.get("REPO_URL", "")) or "").rstrip("/") or None,
            with_pdf=switch("WITH_PDF", environ.get("WITH_PDF", "")),
            time_limit=time_limit(environ.get("SNIPPET_TIME_LIMIT", "")),
        )


# What an address may hold: letters, digits and the URL's own punctuation, nothing that
# could end an HTML attribute or start markup (quotes, angle brackets, spaces, backslashes).
ADDRESS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+")


def address(name: str, value: str) -> str | None:
    """An http(s) address with a host, written as the pages will write it; or None."""
    value = value.strip()
    if not value:
        return None
    parsed = urlparse(value)
    if (
        parsed.scheme not in ("http", "https")
        or not parsed.netloc
        or not ADDRESS.fullmatch(value)
        or "'" in value
    ):
        raise SettingsError(
            f"{name} must be an http or https address with a host and no quotes, spaces or "
            f"angle brackets, got {value!r}"
        )
    return value


def switch(name: str, value: str) -> bool:
    if value.strip() not in ("", "0", "1"):
        raise SettingsError(f"{name} must be 1 (on), 0 or unset (off), got {value!r}")
    return value.strip() == "1"


def time_limit(value: str) -> float:
    value = value.strip()
    try:
        limit = float(value) if value else DEFAULT_TIME_LIMIT
        if not (math.isfinite(limit) and limit > 0):
            raise ValueError
    except ValueError:
        raise SettingsError(
            f"SNIPPET_TIME_LIMIT must be a positive, finite number of seconds, got {value!r}"
        ) from None
    return limit


# Written by Material's templates into HTML as they are, unescaped.
UNESCAPED_BY_THE_THEME = ("site_name", "site_description")
MARKUP = re.compile(r'["<>&]')


def check_theme_text(config) -> None:
    """mkdocs.yml's text that Material writes unescaped (into an attribute, a heading) holds
    no character of markup: a quote would end the attribute."""
    for name in UNESCAPED_BY_THE_THEME:
        found = MARKUP.findall(config.get(name) or "")
        if found:
            raise SettingsError(
                f"mkdocs.yml's {name} holds {''.join(sorted(set(found)))!r}, which Material "
                "writes into the pages unescaped: write it without (typographic quotes “ ” "
                "and ‘ ’ are text)"
            )
