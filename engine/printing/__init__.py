"""The print page (print-site's, repaired) and the whole-site PDF printed from it."""
