"""Evidence for /l6/ and the pages under it: proximal methods and frameworks, AdamW, elastic
net, implicit regularization."""
