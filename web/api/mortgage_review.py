"""Mortgage filings for mortgagors (confirm or decline) and registrars (queue, approve, reject)."""

from __future__ import annotations

from web.parsing import Blueprint

blp = Blueprint("mortgage_review", __name__, url_prefix="/api/v1", description="Mortgage filings for mortgagors (confirm or decline) and registrars (queue, approve, reject)")
