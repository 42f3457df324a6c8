"""Evidence for /l6/: proximal methods, frameworks, AdamW, elastic net, implicit regularization."""
