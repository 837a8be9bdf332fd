"""Bank staff: mortgage filings, live mortgages, notifications and the fee statement."""

from __future__ import annotations

from web.parsing import Blueprint

blp = Blueprint("bank", __name__, url_prefix="/api/v1", description="Bank staff: mortgage filings, live mortgages, notifications and the fee statement")
