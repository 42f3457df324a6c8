"""The second stage: the markers of every page's Markdown become Markdown (``kinds.py`` is
the table of marker kinds: their syntax, arguments and renderer)."""
