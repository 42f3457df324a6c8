"""The site's build: an MkDocs plugin (``plugin.py``) and the modules it calls, by stage.

    evidence/     1. every snippet module evaluated (apart, cached): the store of claims and figures
    markers/      2. the markers of each page's Markdown rendered (``kinds.py``: the table of kinds)
    content/      3. each page's HTML: MathML, accessibility, folded code
    labs/         the labs through every stage: kernels, cache, pages, notebooks, bundles
    publishing/   around the pages: address, version and citation, previews, moved anchors, deck
    printing/     the print page, and the PDF printed from it after the build

Shared by all: ``config.py`` (the plugin's options, the environment's settings), ``names.py``
(names the templates and scripts share), ``escaping.py`` (text for each context),
``cache.py`` (the caches' one rule), ``server.py`` (the one local HTTP server).
"""
