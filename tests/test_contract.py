"""The evidence contract (snippets/contract.py): the marker scanner, the cache-key rule and
how a cache entry is written."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from snippets.contract import (
    UnreadableSourceError,
    cache_key,
    dependencies,
    markers,
    replace_markers,
    write_cache_entry,
)


def test_markers_are_read_with_their_arguments():
    text = "It is {{ claim l6.prox.rates gap .2e }}; {{figure l4.a.b}}\n{{ ledger }} {{ Claim x }}"
    found = [(m.kind, m.args) for m in markers(text)]
    assert found == [
        ("claim", ("l6.prox.rates", "gap", ".2e")),
        ("figure", ("l4.a.b",)),
        ("ledger", ()),
    ]  # "{{ Claim x }}" is no marker: kinds are lowercase
    assert [m.kind for m in markers("{{ figur a.b.c }}")] == ["figur"]  # the build refuses it


def test_replacing_markers_keeps_the_text_around_them():
    text = "a {{ claim x.y.z v }} b {{ figure x.y.f }} c"
    replaced = replace_markers(text, lambda m: f"<{m.kind}:{' '.join(m.args)}>")
    assert replaced == "a <claim:x.y.z v> b <figure:x.y.f> c"
    assert replace_markers("no markers", lambda m: "!") == "no markers"


# A page that writes markers where they must stay as written, and where they must not be
# linked or give a heading its address.
LITERAL_MARKERS = textwrap.dedent(
    """\
    # Workflows {{ claim a.b.heading v }}

    A value: {{ claim a.b.text v }}; in code, `{{ claim a.b.span v }}` and `` `{{ x }}` ``.

    <!-- commented out: {{ claim a.b.comment v }}
    over two lines {{ claim a.b.comment v }} -->

    Escaped: \\{{ claim a.b.escaped v }}. [A link to {{ claim a.b.link v }}](#x), a
    [reference {{ claim a.b.reference v }}][ref] and [no link {{ claim a.b.brackets v }}].

    ```yaml
    python: ${{ matrix.python }} {{ claim a.b.fenced v }}
    ```

    !!! note
        ~~~~
        {{ claim a.b.admonition-code v }}
        ~~~~
        In an admonition: {{ claim a.b.admonition v }}

    Setext {{ claim a.b.setext v }}
    ------
    """
)


def test_code_comments_and_escaped_markers_are_left_as_written():
    found = [marker.args[0] for marker in markers(LITERAL_MARKERS)]
    assert found == [
        "a.b.heading",
        "a.b.text",
        "a.b.link",
        "a.b.reference",
        "a.b.brackets",
        "a.b.admonition",
        "a.b.setext",
    ]
    replaced = replace_markers(LITERAL_MARKERS, lambda marker: "VALUE")
    for literal in ("`{{ claim a.b.span v }}`", "${{ matrix.python }} {{ claim a.b.fenced v }}"):
        assert literal in replaced
    assert replaced.count("{{ claim a.b.comment v }}") == 2
    assert "\\{{ claim a.b.escaped v }}" in replaced  # Markdown shows it as {{ claim ... }}


def test_a_marker_knows_whether_it_stands_in_link_text_or_a_heading():
    context = {marker.args[0]: marker.context for marker in markers(LITERAL_MARKERS)}
    assert context == {
        "a.b.heading": "heading",
        "a.b.text": "text",
        "a.b.link": "link",
        "a.b.reference": "link",
        "a.b.brackets": "text",  # brackets that are not a link
        "a.b.admonition": "text",
        "a.b.setext": "heading",
    }


@pytest.fixture
def project(tmp_path) -> Path:
    """snippets/{a,b,c}.py and a lab importing a (which imports c); b is imported by nobody."""
    files = {
        "requirements.txt": "numpy==2.0.0\n",
        "snippets/__init__.py": "",
        "snippets/a.py": "from snippets.c import g\n\ndef f():\n    return g()\n",
        "snippets/b.py": "X = 1\n",
        "snippets/c.py": "def g():\n    return 2\n",
        "docs/labs/lab.py": "# %%\nimport numpy as np\nfrom snippets import a\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_a_cache_key_follows_what_the_code_imports_and_nothing_else(project):
    lab = project / "docs" / "labs" / "lab.py"
    read = {p.relative_to(project).as_posix() for p in dependencies([lab], project)}
    assert read == {"docs/labs/lab.py", "snippets/__init__.py", "snippets/a.py", "snippets/c.py"}

    def key() -> str:
        return cache_key([lab], root=project)

    before = key()
    (project / "snippets" / "b.py").write_text("X = 2\n")  # nobody imports b
    assert key() == before
    (project / "snippets" / "c.py").write_text("def g():\n    return 3\n")  # a imports c
    changed = key()
    assert changed != before
    (project / "requirements.txt").write_text("numpy==2.0.1\n")  # a pinned version
    assert key() != changed
    assert cache_key([lab], root=project, extra="kernel start-up") != key()


def test_a_file_that_does_not_parse_is_named(project):
    (project / "snippets" / "c.py").write_text("def g(:\n")
    with pytest.raises(UnreadableSourceError) as raised:
        cache_key([project / "docs" / "labs" / "lab.py"], root=project)
    assert raised.value.path == "snippets/c.py"


def test_a_cache_key_covers_relative_imports_packages_and_data_files(project):
    """What a snippet can read beyond absolute imports: a module named by a relative import
    without a module name (``from . import helper``), the packages Python runs first, and
    data files under snippets/."""
    (project / "snippets" / "pkg").mkdir()
    files = {
        "snippets/pkg/__init__.py": "",
        "snippets/pkg/uses_helper.py": "from . import helper\nfrom .. import b\n",
        "snippets/pkg/helper.py": "SCALE = 1\n",
        "snippets/pkg/table.csv": "x,y\n1,2\n",
    }
    for name, text in files.items():
        (project / name).write_text(text)
    module = project / "snippets" / "pkg" / "uses_helper.py"
    read = {p.relative_to(project).as_posix() for p in dependencies([module], project)}
    assert {"snippets/pkg/helper.py", "snippets/b.py", "snippets/pkg/__init__.py"} <= read
    assert {"snippets/__init__.py", "snippets/pkg/table.csv"} <= read

    def key() -> str:
        return cache_key([module], root=project)

    for name, text in [
        ("snippets/pkg/helper.py", "SCALE = 2\n"),
        ("snippets/pkg/__init__.py", "import os\n"),
        ("snippets/pkg/table.csv", "x,y\n1,3\n"),
    ]:
        before = key()
        (project / name).write_text(text)
        assert key() != before, f"a change to {name} leaves the key as it was"


def test_a_cache_entry_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    entry = tmp_path / "cache" / "entry.json"
    write_cache_entry(entry, b'{"version": 1}')
    assert entry.read_bytes() == b'{"version": 1}'

    def interrupted(source, target):
        raise KeyboardInterrupt  # the build is stopped between writing and renaming

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_cache_entry(entry, b'{"version": 2, "cut sho')
    assert entry.read_bytes() == b'{"version": 1}', "a write that did not finish changed it"
    assert [p.name for p in entry.parent.iterdir()] == ["entry.json"], "a temporary file is left"
