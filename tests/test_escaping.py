"""What a snippet says is shown as written, wherever it lands; what a page writes in code, in a
comment or escaped stays as written.

One build of the demo project of tests/support.py, run from another directory: a snippet
whose values, statement and source look like markup (a script, a link, table cells, emphasis,
math), quoted by a page in running text, a table and a caption, checked in the page, the
ledger, the print page, the search index and claims.json; and a page that writes markers in
code, a comment, link text, a heading and escaped, and includes a snippet's code.
"""

from __future__ import annotations

import dataclasses
import html
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.support import ROOT, make_project, mkdocs_build, read_config, site_config, write_config

HOSTILE_VALUES = {
    "script": "<script>alert(1)</script>",
    "link": "x](javascript:alert(3)) [y",
    "pipe": "a | b",
    "emphasis": "u*u - v*v",
    "code": "$x$ and `code` {: onclick=alert(2) } \\{{ claim demo.good.value answer }}",
}
STATEMENT = "Markup stays text: <b>bold</b> | a cell | {script} *not* [x](javascript:alert(1))."
CITED = {
    "what": "<img src=x onerror=alert(4)>",
    "source": "<i>Journal</i> | [A](javascript:alert(5))",
    "locator": "table *1* | _2_",
}
HOSTILE_SNIPPET = f"""
from snippets.evidence import cited, claim, figure
import plotly.graph_objects as go

@claim("demo.hostile.values", statement={STATEMENT!r})
def hostile_values():
    return {HOSTILE_VALUES!r}

cited(
    "demo.hostile.cited",
    statement="From {{what}}.",
    values={{"what": {CITED["what"]!r}}},
    source={CITED["source"]!r},
    locator={CITED["locator"]!r},
)

@figure(
    "demo.hostile.figure",
    caption="A caption with {{{{ claim demo.hostile.values script }}}}, \\\\{{{{ claim a b }}}}.",
    alt="A line for {{{{ claim demo.hostile.values link }}}}, from 0 to 1 in 2 steps.",
)
def hostile_figure():
    return go.Figure(go.Scatter(x=[0, 1], y=[0, 1]))
"""
HOSTILE_PAGE = """# Demo

Script: {{ claim demo.hostile.values script }}. Link: {{ claim demo.hostile.values link }}.
Emphasis: {{ claim demo.hostile.values emphasis }}. Code: {{ claim demo.hostile.values code }}.

| what | value |
| --- | --- |
| pipe | {{ claim demo.hostile.values pipe }} |
| cited | {{ claim demo.hostile.cited what }} |

{{ figure demo.hostile.figure }}
"""
LITERAL_PAGE = r"""# Demo

<!-- Commented out, and first: {{ claim demo.good.value answer }} -->

## The answer is {{ claim demo.good.value answer }}

[Read {{ claim demo.good.value answer }} again](claims.md), or the marker in code,
`{{ claim demo.good.value answer }}`, or escaped: \{{ claim demo.good.value answer }}.

```
python: ${{ matrix.python }}
```

It is {{ claim demo.good.value answer }}.

```python
--8<-- "snippets/demo/good.py"
```
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The demo project with a page quoting values that look like markup (index.md) and a page
    writing markers in code, a comment, link text and a heading, and escaped (literal.md),
    built from a directory of its own (``elsewhere``, which the build must leave empty)."""
    tmp_path = tmp_path_factory.mktemp("escaping")
    project = make_project(tmp_path, HOSTILE_PAGE)
    (project / "snippets" / "demo" / "hostile.py").write_text(HOSTILE_SNIPPET)
    (project / "docs" / "literal.md").write_text(LITERAL_PAGE)
    config = read_config(project / "mkdocs.yml")
    config["nav"] = ["index.md", "literal.md", "claims.md"]
    write_config(project / "mkdocs.yml", config)
    (tmp_path / "elsewhere").mkdir()
    result = mkdocs_build(project, tmp_path / "site", cwd=tmp_path / "elsewhere")
    assert result.returncode == 0, f"the strict build failed:\n{result.stdout}\n{result.stderr}"
    return tmp_path / "site"


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(), "html.parser")


def article(site: Path, page: str):
    return soup(site, page).find("article")


PAGES = ["index.html", "claims/index.html", "print_page/index.html"]


@pytest.mark.parametrize("page", PAGES)
def test_no_value_or_statement_becomes_a_tag_or_a_link(built, page):
    document = soup(built, page)
    scripts = [s.get_text() for s in document.find_all("script") if "alert(" in s.get_text()]
    assert not scripts, f"{page} runs a snippet's script: {scripts}"
    handlers = [
        (tag.name, name)
        for tag in document.find_all(True)
        for name, value in tag.attrs.items()
        if name.startswith("on") or "alert(" in str(value) and name not in ("title", "aria-label")
    ]
    assert not handlers, f"{page}: attributes from a snippet's text: {handlers}"
    javascript = [
        a["href"] for a in document.find_all("a", href=True) if "javascript:" in a["href"]
    ]
    assert not javascript, f"{page} links to {javascript}"
    assert not document.find("b", string="bold") and not document.find("i", string="Journal")
    assert not document.find("img", src="x")


def test_values_read_as_written_in_text_and_in_table_cells(built):
    page = article(built, "index.html")
    shown = [a.get_text() for a in page.find_all("a", class_="claim")]
    for name in ("script", "link", "emphasis", "code"):
        assert HOSTILE_VALUES[name] in shown, f"{name}: {HOSTILE_VALUES[name]!r} not in {shown}"
    rows = [[cell.get_text() for cell in row.find_all("td")] for row in page.find_all("tr")[1:]]
    assert rows == [["pipe", "a | b"], ["cited", CITED["what"]]]
    title = page.find("a", class_="claim")["title"]
    assert title.startswith("Markup stays text: <b>bold</b> | a cell | <script>")
    caption = page.find("figcaption").get_text()
    assert "A caption with <script>alert(1)</script>, {{ claim a b }}." in caption


def test_the_ledger_shows_statements_values_and_sources_as_written(built):
    ledger = article(built, "claims/index.html")
    row = ledger.find(id="demo.hostile.values")
    statement = row.find_next("p").get_text()
    assert statement == STATEMENT.format(script=HOSTILE_VALUES["script"])
    values = row.find_next("p", class_="claim-values")
    assert values.get_text() == "; ".join(f"{n} = {v}" for n, v in HOSTILE_VALUES.items())
    assert not values.find_all(["a", "em", "script", "table", "code"]), values
    cited = ledger.find(id="demo.hostile.cited").find_next(string=lambda s: "Cited from" in s)
    assert f"Cited from {CITED['source']}, {CITED['locator']}. Not computed." in cited.parent.text


def test_the_search_index_and_claims_json_hold_the_text_not_markup(built):
    """Search keeps a page's HTML, its text escaped: each value is found there as text."""
    docs = json.loads((built / "search" / "search_index.json").read_text())["docs"]
    page = next(doc["text"] for doc in docs if doc["location"] == "")
    for name in ("script", "link", "pipe", "emphasis", "code"):
        assert html.escape(HOSTILE_VALUES[name], quote=False) in page, f"search lost {name}"
    assert html.escape(CITED["what"], quote=False) in page
    rows = {row["id"]: row for row in json.loads((built / "claims.json").read_text())["claims"]}
    assert rows["demo.hostile.values"]["values"] == HOSTILE_VALUES
    assert rows["demo.hostile.values"]["statement"] == STATEMENT.format(**HOSTILE_VALUES)


def test_markers_in_code_comments_links_and_escaped_stay_as_written(built):
    page = article(built, "literal/index.html")
    assert page.find("code", string="{{ claim demo.good.value answer }}"), "a code span changed"
    assert "python: ${{ matrix.python }}" in page.find("pre").get_text()
    assert "escaped: {{ claim demo.good.value answer }}." in page.get_text()
    link = page.find("a", href="../claims/")
    assert link.get_text() == "Read 42 again" and not link.find("a"), "a link inside a link"
    anchors = page.find_all(id="demo.good.value")
    assert len(anchors) == 1 and anchors[0].name == "a", "the claim's anchor is not on its value"


def test_a_heading_that_quotes_a_value_keeps_an_address_without_it(built):
    heading = article(built, "literal/index.html").find("h2")
    assert heading.get_text().startswith("The answer is 42")
    assert heading["id"] == "the-answer-is"


def test_the_demo_project_builds_from_any_directory(built):
    """Paths in mkdocs.yml (pymdownx.snippets' base_path among them) are read relative to
    it, not to where the build runs; nothing is written there."""
    assert "good_value" in article(built, "literal/index.html").get_text()
    elsewhere = built.parent / "elsewhere"
    assert not list(elsewhere.iterdir()), "the build wrote into the directory it ran from"


# -- a source's text where it lands in Markdown's structure, without a build -----------------


def markdown_page(text: str) -> BeautifulSoup:
    import markdown

    config = site_config()
    converter = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    return BeautifulSoup(converter.convert(text), "html.parser")


def test_a_pipe_in_a_tell_stays_in_its_cell_and_the_row_keeps_its_links(monkeypatch):
    """A "|" in a tell's detail cut its row on /tells/ and dropped its links, silently."""
    from engine.markers import practice
    from snippets import tells

    hostile = dataclasses.replace(
        tells.TELLS[0],
        detail="Either L1 | L2, or `a | b` in code.",
        backing="[L5: priors](l5/priors.md#bayesian-view) | [the mean](l5/priors.md#posterior-mean)",
    )
    monkeypatch.setattr(tells, "TELLS", (hostile, *tells.TELLS[1:]))
    table = markdown_page(practice.tells_table(hostile.table, "tells.md"))
    row = table.find(id=hostile.anchor).find_parent("tr")
    cells = row.find_all("td")
    assert len(cells) == 3, [c.get_text() for c in cells]
    assert "Either L1 | L2, or a | b in code." in cells[1].get_text()
    assert [a["href"] for a in cells[2].find_all("a")] == [
        "l5/priors.md#bayesian-view",
        "l5/priors.md#posterior-mean",
    ]


def test_a_link_in_a_questions_answer_shows_as_written(monkeypatch):
    """A Markdown link in a probe's answer rendered (a javascript: one too), while the deck
    showed its text."""
    from engine.markers import practice
    from snippets import probes

    hostile = dataclasses.replace(
        probes.PROBES[0], answer="See [this](javascript:alert(1)) and *that* `code`."
    )
    monkeypatch.setattr(probes, "PROBES", (hostile, *probes.PROBES[1:]))
    page = markdown_page(practice.probes("practice.md"))
    answer = page.find(id=hostile.anchor)
    assert "See [this](javascript:alert(1)) and *that* `code`." in answer.get_text()
    assert not answer.find_all("a", href=lambda h: h and "javascript" in h)
    assert not answer.find_all(["em", "code"])


def test_a_statement_over_lines_stays_in_its_links_title():
    """A blank line in a value filled into a statement ended the paragraph of the link's
    title: what followed became a heading."""
    from engine.evidence.store import Store
    from engine.markers import kinds

    item = {
        "id": "demo.hostile.lines",
        "kind": "computed",
        "statement": "It says {x}.",
        "result": {"x": "one\n\n# A heading from a value\n\ntwo"},
        "snippet": "snippets/demo/hostile.py",
        "function": "lines",
    }
    store = Store(items={item["id"]: item})
    page = kinds.Page(store, "index.md", "", site_config(), ROOT)
    html = markdown_page(kinds.render("A value: {{ claim demo.hostile.lines x }}.\n", page))
    assert not html.find(["h1", "h2"]), html
    link = html.find("a", class_="claim")
    assert link["title"] == "It says one # A heading from a value two."
