"""The evidence contract (snippets/contract.py): the marker scanner and the cache-key rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from snippets.contract import (
    UnreadableSourceError,
    cache_key,
    dependencies,
    markers,
    replace_markers,
)


def test_markers_are_read_with_their_arguments():
    text = "It is {{ claim l6.prox.rates gap .2e }}; {{figure l4.a.b}}\n{{ ledger }} {{ Claim x }}"
    found = [(m.kind, m.args, m.well_formed) for m in markers(text)]
    assert found == [
        ("claim", ("l6.prox.rates", "gap", ".2e"), True),
        ("figure", ("l4.a.b",), True),
        ("ledger", (), True),
    ]  # "{{ Claim x }}" is no marker: kinds are lowercase
    assert [m.known for m in markers("{{ figur a.b.c }}")] == [False]
    assert [m.well_formed for m in markers("{{ claim a.b.c }}")] == [False]  # no value named


def test_replacing_markers_keeps_the_text_around_them():
    text = "a {{ claim x.y.z v }} b {{ figure x.y.f }} c"
    replaced = replace_markers(text, lambda m: f"<{m.kind}:{' '.join(m.args)}>")
    assert replaced == "a <claim:x.y.z v> b <figure:x.y.f> c"
    assert replace_markers("no markers", lambda m: "!") == "no markers"


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
