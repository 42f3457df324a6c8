"""Evidence for /l5/: priors, geometry and paths."""
