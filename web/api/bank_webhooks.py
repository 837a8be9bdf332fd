"""Bank webhooks: where and how the platform pushes a bank's notifications."""

from __future__ import annotations

from web.parsing import Blueprint

blp = Blueprint("bank_webhooks", __name__, url_prefix="/api/v1", description="Bank webhooks: where and how the platform pushes a bank's notifications")
