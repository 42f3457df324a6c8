"""The evidence plugin: the site's build, one MkDocs event after another.

Each event calls the stages' modules in the order written here; the state they share (the
store of evidence, the caches, the labs' cache folders) lives on the plugin, made anew for
each build. Registered as ``evidence`` by pyproject.toml's entry point; listed under ``plugins:`` in
mkdocs.yml after search and mkdocs-jupyter and before print-site, which must come last: where
the order against print-site matters, a priority says so (higher runs first; print-site's
handlers have the default, 0).
"""

from __future__ import annotations

import contextlib
import importlib
import shutil
from pathlib import Path

from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from engine import names
from engine.cache import Cache, exclusive
from engine.config import EvidenceConfig, Settings, check_theme_text
from engine.content import accessibility, folds, links, mathml
from engine.evidence import evaluation
from engine.evidence.store import EvidenceError, Store
from engine.labs import bundles
from engine.labs import pages as labs
from engine.markers import claims, kinds, ledger, plotly_js
from engine.printing import print_site
from engine.project import refuse_links_out
from engine.publishing import addresses, deck, previews, publication
from snippets import formulas, probes, say_it, tells
from snippets.contract import replace_markers

# Before print-site (priority 0) keeps a page's HTML for the print page, and before
# mkdocs-jupyter (0) reads a lab's cache; after print-site writes the print page.
BEFORE_PLUGINS, AFTER_PLUGINS = 50, -50


class EvidencePlugin(BasePlugin[EvidenceConfig]):
    # -- configuration ---------------------------------------------------------------------

    @event_priority(100)  # before print-site's (0), which makes the print page
    def _name_print_page(self, config):
        print_site.name_print_page(config)
        return config

    @event_priority(-10)  # after print-site's (0), which makes the renderer patched here
    def _configure(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        self.settings = Settings.read(config.site_url)
        check_theme_text(config)
        refuse_links_out(self.root, config)
        self.store = Store()
        self.previews = Cache(self.root, previews.CACHE_NAME)
        names.hand_over(config, self.settings.with_pdf)
        print_site.patch(config)
        publication.hand_over(config, self.root, self.settings.repo_url)
        return config

    on_config = CombinedEvent(_name_print_page, _configure)

    # -- 1. the evidence: every snippet evaluated, or read from the cache ------------------

    def on_pre_build(self, config):
        # The caches are this build's until it ends (another build of the project waits).
        self.holding = contextlib.ExitStack()
        self.holding.enter_context(exclusive(self.root))
        labs.start_kernels(config, self.root, self.settings.time_limit)
        for source in (say_it, tells, probes, formulas):  # `mkdocs serve` keeps them imported
            importlib.reload(source)
        if not self.config.stub_markers:
            self.store = evaluation.load(self.root, self.settings.time_limit)
        self.highlighter = ledger.Highlighter.start(config, self.root)

    def on_files(self, files, config):
        """Every page's markers are read first, so that each claim's home is known before
        any page is rendered."""
        if not self.config.stub_markers:
            markdown = [
                (file.src_uri, file.url, Path(file.abs_src_path).read_text())
                for file in files.documentation_pages()
                if file.src_uri.endswith(".md")
            ]
            self.store.citations = claims.homes(
                markdown, lambda text, source: kinds.expand(text, self.page(source, "", config))
            )
        self.lab_caches = labs.cache_dirs(files, self.root)
        self.deck_linked = deck.linked(files) and not self.config.stub_markers
        return files

    @event_priority(BEFORE_PLUGINS)
    def on_pre_page(self, page, config, files):
        labs.prepare(page, config, self.lab_caches)
        return page

    # -- 2. markers become Markdown --------------------------------------------------------

    def on_page_markdown(self, markdown, page, config, files):
        if self.config.stub_markers:
            return replace_markers(markdown, stub)
        return kinds.render(markdown, self.page(page.file.src_uri, page.url, config))

    def page(self, source: str, url: str, config) -> kinds.Page:
        return kinds.Page(self.store, source, url, config, self.root, self.highlighter)

    # -- 3. a page's HTML ------------------------------------------------------------------

    @event_priority(BEFORE_PLUGINS)
    def _shape_page(self, html, page, config, files):
        html = accessibility.repair(mathml.render(html, page.file.src_uri))
        links.refuse_scripts(html, page.file.src_uri)
        if labs.is_lab(page.file):
            html = bundles.add_download_link(html, page, self.settings.repo_url)
        return html

    @event_priority(AFTER_PLUGINS)  # the print page keeps folded code in place
    def _fold_code(self, html, page, config, files):
        return folds.fold_code(html)

    on_page_content = CombinedEvent(_shape_page, _fold_code)

    # -- 4. around each page: its source, previews, moved anchors ---------------------------

    def on_page_context(self, context, page, config, nav):
        """Every page's content exists by now (MkDocs renders all pages before any
        template): the map of moved anchors reads the headings of the pages under a page."""
        context["source_url"] = publication.page_source_url(page, config)
        context["share"] = previews.page_share(page, config, self.previews)
        addresses.map_moved_anchors(page, nav, self.store)
        return context

    def on_template_context(self, context, template_name, config):
        if template_name != "404.html":
            return context
        # A copy: print-site keeps the 404 page's context to render the print page with.
        context = dict(context)
        context["share"] = previews.not_found_share(config, self.previews)
        return context

    def on_post_page(self, output, page, config):
        return print_site.without_assets(output, page)

    # -- 5. files beside the pages ---------------------------------------------------------

    @event_priority(10)  # before print-site (0) renders the print page with the context it kept
    def _share_print_page(self, config):
        previews.share_print_page(config, self.previews)
        self.previews.evict()  # cards whose page changed since

    def _write_files(self, config):
        site = Path(config["site_dir"])
        if not self.config.stub_markers:
            self.store.check_failures()
            ledger.write_claims_json(self.store, site, config.site_url or None)
            try:
                shutil.copyfile(plotly_js.bundle(self.root), site / "assets" / plotly_js.SERVED_AS)
            except plotly_js.PlotlyBundleError as error:
                raise EvidenceError(str(error)) from None
        self.highlighter.cache.evict()
        labs.write_notebooks(config)
        if self.deck_linked:
            version = config.extra["publication"]["version"]
            deck.write_deck(config, self.store, self.root, version.date)
        bundles.write_bundles(config, self.settings.repo_url, self.root)

    @event_priority(AFTER_PLUGINS)  # after print-site (0) writes the print page
    def _repair_print_page(self, config):
        print_site.repair(config)

    @event_priority(-100)  # last: the build is over
    def _let_go_of_the_caches(self, config):
        self.holding.close()

    on_post_build = CombinedEvent(
        _share_print_page, _write_files, _repair_print_page, _let_go_of_the_caches
    )

    def on_build_error(self, error):
        if hasattr(self, "holding"):
            self.holding.close()


# The markers a plain build (the benchmark's floor) writes as "0": those that need evidence.
STUBBED = {"claim", "figure", *(kind for kind, spec in kinds.KINDS.items() if spec.quotes)}


def stub(marker) -> str:
    return "0" if marker.kind in STUBBED else marker.text
