"""What the build refuses before it reads a page, and what it writes of the project's own text
so that nothing in it becomes markup: settings from the environment, text Material writes
unescaped, a citation's fields, a version git will not give, links that lead out of the
project. Each through the engine's function, without MkDocs (README.md, "What the build
refuses")."""

from __future__ import annotations

import math
import os
import subprocess
import sys

import pytest

from engine import escaping
from engine.cache import exclusive
from engine.config import Settings, SettingsError, check_theme_text
from engine.project import OutsideLinkError, links_out, refuse_links_out
from engine.publishing import publication
from tests.support import ROOT, make_project, site_config

# -- settings --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SITE_URL", 'https://example.org/"><script>alert(1)</script>'),
        ("SITE_URL", "javascript://example.org/%0Aalert(1)"),
        ("SITE_URL", "https://example.org/a page/"),
        ("SITE_URL", "example.org/guide/"),
        ("REPO_URL", 'https://github.com/o/r" onmouseover="alert(1)'),
        ("REPO_URL", "https://github.com/o/r'x"),
        ("REPO_URL", "ftp://example.org/r"),
        ("SNIPPET_TIME_LIMIT", "nan"),
        ("SNIPPET_TIME_LIMIT", "inf"),
        ("SNIPPET_TIME_LIMIT", "-5"),
        ("SNIPPET_TIME_LIMIT", "five"),
        ("WITH_PDF", "yes please"),
    ],
)
def test_a_setting_that_is_not_what_it_must_be_stops_the_build_naming_it(name, value):
    site_url = value if name == "SITE_URL" else None
    environ = {} if name == "SITE_URL" else {name: value}
    with pytest.raises(SettingsError, match=name):
        Settings.read(site_url, environ)


def test_settings_that_are_what_they_must_be_are_taken_as_given():
    settings = Settings.read(
        "https://example.org/guide/",
        {"REPO_URL": "https://github.com/o/r/", "WITH_PDF": "1", "SNIPPET_TIME_LIMIT": "12.5"},
    )
    assert settings == Settings("https://example.org/guide/", "https://github.com/o/r", True, 12.5)
    assert Settings.read(None, {}).time_limit > 0 and math.isfinite(
        Settings.read(None, {}).time_limit
    )


@pytest.mark.parametrize("name", ["site_name", "site_description"])
def test_text_material_writes_unescaped_may_hold_no_markup(name):
    config = site_config()
    original = config[name]
    try:
        config[name] = 'A site "with" <b>markup</b>'
        with pytest.raises(SettingsError, match=name):
            check_theme_text(config)
    finally:
        config[name] = original
    check_theme_text(config)  # the site's own: typographic quotes only


@pytest.mark.parametrize(
    ("name", "value"), [("SOURCE_DATE_EPOCH", "yesterday"), ("SOURCE_COMMIT", 'abc"><b>')]
)
def test_a_version_given_by_hand_must_be_a_version(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        publication.last_commit(ROOT)


def test_a_checkout_git_will_not_read_stops_the_build_rather_than_date_it_today(tmp_path):
    """git refuses a checkout another user owns ("dubious ownership"); here, one whose
    repository is damaged: either way git answers with an error, in a checkout."""
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    (checkout / ".git").write_text("gitdir: /nowhere\n")
    with pytest.raises(publication.PublishingError, match="git cannot read the checkout"):
        publication.last_commit(checkout)
    outside = tmp_path / "outside"  # not a checkout: the version is today's, with no commit
    outside.mkdir()
    assert publication.last_commit(outside).commit is None


# -- the citation's fields in BibTeX -------------------------------------------------------


def test_braces_and_tex_in_the_citation_stay_inside_their_bibtex_fields():
    data = {
        "title": "A } title {with} 100% & a \\command_x",
        "authors": [{"name": "Team } injected = {x"}, {"family-names": "O}ne", "given-names": "A"}],
    }
    version = publication.Version("2026-01-01", "0123456789abcdef")
    _, bibtex = publication.citation(data, version, "https://example.org/")
    body = bibtex.split("\n", 1)[1].rsplit("\n", 1)[0]
    for line in body.splitlines():  # each field's braces balance: nothing leaves it
        value = line.split("=", 1)[1].strip().rstrip(",")
        depth = 0
        for character in value:
            depth += {"{": 1, "}": -1}.get(character, 0)
            assert depth >= 0, line
        assert depth == 0 and value.startswith("{") and value.endswith("}"), line
    assert r"\textbraceright{} title \textbraceleft{}with\textbraceright{} 100\%" in bibtex
    assert r"\textbackslash{}command\_x" in bibtex


def test_the_bibtex_field_check_can_fail():
    assert escaping.bibtex("}") != "}" and escaping.bibtex("a  b\nc") == "a b c"


# -- links out of the project --------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "target"),
    [
        ("docs/environ.md", "/proc/self/environ"),
        ("docs/assets/passwd.txt", "/etc/passwd"),
        ("snippets/demo/elsewhere", "/tmp"),  # a folder of data, read unseen
        ("overrides/partials/outside.html", "/etc/hostname"),
    ],
)
def test_a_symbolic_link_out_of_the_project_stops_the_build_naming_it(tmp_path, where, target):
    project = make_project(tmp_path, "# Demo\n")
    link = project / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    config = site_config()
    with pytest.raises(OutsideLinkError, match=where):
        refuse_links_out(project, {"docs_dir": str(project / "docs"), "theme": config["theme"]})


def test_links_inside_the_project_and_its_environment_are_no_concern(tmp_path):
    project = make_project(tmp_path, "# Demo\n")
    (project / "docs" / "again.md").symlink_to(project / "docs" / "index.md")
    assert (project / "node_modules").is_symlink()  # the demo's: installed, not a source
    assert links_out(project) == []
    assert links_out(ROOT) == [], "the project itself links out"


# -- one build at a time ---------------------------------------------------------------------

HOLDS_THE_CACHES = """
import sys
from pathlib import Path
from engine.cache import exclusive
with exclusive(Path(sys.argv[1])):
    print("in", flush=True)
"""


def test_a_second_build_of_a_project_waits_for_the_first(tmp_path):
    """Two builds of one checkout shared its caches: one removed entries under the other."""
    with exclusive(tmp_path):
        second = subprocess.Popen(
            [sys.executable, "-c", HOLDS_THE_CACHES, str(tmp_path)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        try:
            second.wait(timeout=3)
            pytest.fail("the second build did not wait for the first")
        except subprocess.TimeoutExpired:
            pass
    out, _ = second.communicate(timeout=30)
    assert out.strip() == "in"


def test_the_lock_is_let_go_when_the_build_ends(tmp_path):
    with exclusive(tmp_path):
        pass
    second = subprocess.run(
        [sys.executable, "-c", HOLDS_THE_CACHES, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=30,  # would wait for ever if the first were still held
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert second.stdout.strip() == "in"


def test_a_pages_description_reaches_materials_head_escaped(tmp_path):
    """Material writes a page's description into its <meta> as it is given: a quote in it
    (a page's front matter, a lab's heading) ended the attribute."""
    from types import SimpleNamespace

    from engine.cache import Cache
    from engine.publishing import previews

    config = SimpleNamespace(
        site_name="A site", site_description="A site.", site_dir=str(tmp_path), site_url=""
    )
    meta = {"description": 'Says "hi" & <b>leaves</b>'}
    page = SimpleNamespace(
        meta=meta, title="A page", url="a/", file=SimpleNamespace(src_uri="a.md")
    )
    shared = previews.page_share(page, config, Cache(tmp_path, "previews"))
    assert meta["description"] == "Says &quot;hi&quot; &amp; &lt;b&gt;leaves&lt;/b&gt;"
    assert shared["description"] == 'Says "hi" & <b>leaves</b>'  # share.html escapes its own
