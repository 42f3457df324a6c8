"""The built site: strict build, nothing loaded from another host, math, figures, claims.json."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlparse

from engine.markers import plotly_js
from tests.support import PRINT_PAGE_URL, ROOT, figures_in

# Elements and attributes that make a browser fetch something (not plain <a> links).
LOADING = {
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}
LOADING_LINK_RELS = {
    "stylesheet",
    "preload",
    "modulepreload",
    "icon",
    "manifest",
    "prefetch",
    "preconnect",
    "dns-prefetch",
}


class Loads(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if (tag, name) in LOADING and value:
                self.urls.extend(u.strip().split(" ")[0] for u in value.split(","))
        if tag == "link" and LOADING_LINK_RELS & set((attributes.get("rel") or "").split()):
            self.urls.append(attributes.get("href") or "")


def is_external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.scheme and parsed.scheme not in ("data", "blob")) or url.startswith("//")


def test_no_page_loads_anything_from_another_host(pages):
    for path, text in pages.items():
        parser = Loads()
        parser.feed(text)
        external = [u for u in parser.urls if is_external(u)]
        assert not external, f"{path} loads {external}"


def test_no_stylesheet_loads_anything_from_another_host(site):
    for css in site.rglob("*.css"):
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css.read_text())
        urls += re.findall(r"@import\s+['\"]([^'\"]+)", css.read_text())
        external = [u for u in urls if is_external(u)]
        assert not external, f"{css.relative_to(site)} loads {external}"


def test_print_site_assets_load_only_on_the_print_page(pages):
    for path, text in pages.items():
        loads = [asset for asset in ("css/print-site.css", "js/print-site.js") if asset in text]
        if path == PRINT_PAGE_URL:
            assert len(loads) == 2, f"the print page lacks print-site's assets: {loads}"
        else:
            assert not loads, f"{path} loads {loads}, which only the print page uses"


def test_every_formula_became_mathml(pages):
    for path, text in pages.items():
        assert 'class="arithmatex"' not in text, f"{path} has unconverted LaTeX"
    assert "<math" in pages["/l4/"]


def test_no_table_header_cell_is_empty(pages):
    """An empty <th> (a Markdown table's blank header) names no column: a data cell instead."""
    with_tables = [path for path, text in pages.items() if "<table>" in text]
    assert with_tables
    for path in with_tables:
        assert "<th></th>" not in pages[path], f"{path} has an empty table header cell"


def test_figures_carry_valid_data_and_a_caption(pages):
    """(Their text alternatives: tests/test_accessibility.py.)"""
    count = 0
    for path, text in pages.items():
        for figure in figures_in(text):
            spec = json.loads(figure.data)
            assert spec["data"], f"{path}: a figure without traces"
            assert "bdata" not in figure.data, f"{path}: a figure ships unrounded typed arrays"
            assert "template" not in spec["layout"], "the renderer themes figures"
            assert figure.captioned, f"{path}: a figure without a caption"
            count += 1
    assert count >= 2
    assert len(figures_in(pages["/l4/"])) == 3  # the gradients; the slider's, screen and paper


def test_every_figure_with_a_slider_prints_as_small_multiples(pages, claims):
    """Nothing slides on paper: beside a figure with a slider, for print only, the frames its
    snippet marks for paper side by side (three at least), each cell with all the figure's
    subplots under the frame's title; the corner figure's on both sides of its t*."""
    titles: dict[str, list[str]] = {}
    for path, text in pages.items():
        figures = figures_in(text)
        for figure, beside in zip(figures, figures[1:]):
            spec = json.loads(figure.data)
            if not spec["layout"].get("sliders"):
                continue
            assert (figure.medium, beside.medium) == ("screen", "print"), path
            paper = json.loads(beside.data)
            assert "sliders" not in paper["layout"] and "frames" not in paper, path
            printed = [f for f in spec["frames"] if f.get("group") == "paper"]
            subplots = len([key for key in spec["layout"] if re.fullmatch(r"xaxis\d*", key)])
            panels = [key for key in paper["layout"] if re.fullmatch(r"xaxis\d*", key)]
            assert len(printed) >= 3 and len(panels) == len(printed) * max(subplots, 1), path
            shown = [a["text"] for a in paper["layout"]["annotations"]]
            titles[path] = [f["layout"]["title"]["text"] for f in printed]
            assert set(titles[path]) <= set(shown), (path, shown)
    assert {"/l4/", "/l5/geometry/", "/l5/priors/", "/l6/proximal/", "/labs/l5/"} <= set(titles)
    t_star = next(c for c in claims if c["id"] == "l5.geometry.corner-breakpoint")["values"]
    printed = [float(t) for t in re.findall(r"t = ([\d.]+):", " ".join(titles["/l5/geometry/"]))]
    assert min(printed) <= t_star["t_star"] < max(printed), (printed, t_star)


def test_plotly_is_shipped_locally_and_never_eagerly(site, pages):
    assert (site / "assets" / "plotly.min.js").stat().st_size > 1_000_000
    for path, text in pages.items():
        assert "plotly.min.js" not in text, f"{path} loads plotly.js eagerly"


def test_the_plotly_js_served_is_the_cartesian_bundle_of_the_plotly_packages_version(site, pages):
    """The bundle the site serves draws with the plotly.js the figures were made for, and has
    every trace type the site's figures use (the build refuses a figure it cannot draw)."""
    from plotly.offline import get_plotlyjs_version

    served = (site / "assets" / "plotly.min.js").read_text()
    assert served.startswith(f"/**\n* plotly.js (cartesian - minified) v{get_plotlyjs_version()}\n")
    figures = [json.loads(f.data) for text in pages.values() for f in figures_in(text)]
    used = {trace.get("type", "scatter") for figure in figures for trace in figure["data"]}
    assert figures and used <= plotly_js.trace_types(ROOT), used - plotly_js.trace_types(ROOT)
    assert "surface" not in plotly_js.trace_types(ROOT)  # the full bundle's 3-D traces are left out


def test_claim_values_link_to_their_ledger_row(pages, claims, site_url):
    l4 = pages["/l4/"]
    stated = [row for row in claims if row["page"] == site_url + "l4/"]
    assert stated, "no claim is stated on /l4/"
    for row in stated:
        assert f'id="{row["id"]}"' in l4, f"{row['id']} has no anchor on /l4/"
        assert f'href="../claims/#{row["id"]}"' in l4
        assert f'id="{row["id"]}"' in pages["/claims/"], f"{row['id']} is missing from /claims/"


def test_required_l4_claims_are_published(claims):
    by_id = {row["id"]: row for row in claims}
    assert {"l1_grad", "l2_grad", "ratio"} <= set(by_id["l4.penalty.gradient-near-zero"]["values"])
    assert {"lasso_zeros", "ridge_zeros", "n_features", "alpha"} <= set(
        by_id["l4.diabetes.zeros"]["values"]
    )


def test_ledger_code_is_highlighted_as_the_pages_would_and_only_once(tmp_path, monkeypatch):
    """The ledger's code skips the page's Markdown (its highlighting is cached): the HTML
    must be what the page's own `??? example "Code"` fold would have given."""
    import markdown
    from mkdocs.config import load_config

    from engine.markers.ledger import Highlighter

    config = load_config(str(ROOT / "mkdocs.yml"))
    highlighter = Highlighter.start(config, tmp_path)
    code = (
        '# --8<-- [start:part]\ndef f(x):\n    return {"x": x ** 2}  # <b>\n# --8<-- [end:part]\n'
    )
    indented = "\n".join(f"    {line}" for line in code.rstrip().splitlines())
    page = markdown.Markdown(
        extensions=config.markdown_extensions, extension_configs=config.mdx_configs
    )
    expected = page.convert(f'??? example "Code"\n\n    ```python\n{indented}\n    ```\n')
    assert page.convert(highlighter.code_block(code)) == expected
    assert "--8&lt;--" not in expected and "<b>" not in expected
    [cached] = highlighter.cache.folder.iterdir()
    cached.write_text(cached.read_text().replace("return", "RETURNED"))
    assert "RETURNED" in highlighter.code_block(code), "highlighted again, not read from the cache"


def test_no_template_source_is_published(site):
    """The theme's templates (overrides/) are rendered into pages, never copied as they are."""
    overrides = ROOT / "overrides"
    copied = [
        source.relative_to(overrides).as_posix()
        for source in sorted(overrides.rglob("*"))
        if source.is_file()
        and (site / source.relative_to(overrides)).is_file()
        and (site / source.relative_to(overrides)).read_bytes() == source.read_bytes()
    ]
    assert not copied, f"template sources published as they are: {copied}"
