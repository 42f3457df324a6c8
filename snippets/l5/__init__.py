"""Evidence for /l5/ and the pages under it: conventions, priors, geometry, paths."""
