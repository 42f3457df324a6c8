"""The third stage: a page's HTML, once Markdown has made it (formulas as MathML, tables
repaired for screen readers and phones, folded code kept out of the page)."""
