"""The labs (docs/labs/*.py, run by mkdocs-jupyter) through every stage: their kernels'
start-up and plotly renderer, their cache, their pages, their notebooks and bundles."""
