"""Names that several parts of the site share, each defined once."""

from __future__ import annotations

LEDGER_PAGE = "claims.md"  # the claims ledger, where every claim value links
LEDGER_URL = "claims/"
