"""The sandbox provider's records: its errors, its merchant keys and a payment's state."""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from adapters.instance import _secret_file
from adapters.sandbox_deliveries import _iso
from registry.payments.gateway_port import PaymentStatus, format_amount

log = logging.getLogger(__name__)

# -- errors the API and the hosted page turn into answers -------------------------------------
class SandboxError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidRequest(SandboxError):
    status = 422
    code = "invalid_input"


class PaymentNotFound(SandboxError):
    status = 404
    code = "payment_not_found"


class OrderAmountMismatch(SandboxError):
    status = 409
    code = "order_amount_mismatch"


class NotPayable(SandboxError):
    status = 409
    code = "payment_not_payable"


class PaymentExpired(NotPayable):
    status = 410
    code = "payment_expired"


class NotRefundable(SandboxError):
    status = 409
    code = "payment_not_refundable"


class RefundAmountMismatch(SandboxError):
    status = 422
    code = "refund_must_be_full_amount"


# -- keys ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SandboxMerchant:
    merchant_id: str
    name: str
    api_key: str
    webhook_secret: str

    @property
    def webhook_key_id(self) -> str:
        """Names the secret without revealing it; a new secret gets a new id, so rotation shows."""
        return "whk_" + hashlib.sha256(self.webhook_secret.encode()).hexdigest()[:16]

    def __repr__(self) -> str:  # keep the keys out of logs and tracebacks
        return f"SandboxMerchant({self.merchant_id!r}, {self.name!r}, key_id={self.webhook_key_id!r})"


def load_sandbox_merchant(instance_path: str | Path, *, name: str, api_key: str = "", webhook_secret: str = "",
                          merchant_id: str = "registry-platform") -> SandboxMerchant:
    """The merchant's keys: as configured, or generated once into the instance folder (0600)."""
    folder = Path(instance_path)
    return SandboxMerchant(
        merchant_id=merchant_id, name=name,
        api_key=api_key or _secret_file(folder, "sandbox-api.key", lambda: "sk_sandbox_" + secrets.token_urlsafe(32)),
        webhook_secret=webhook_secret or _secret_file(folder, "sandbox-webhook.key",
                                                      lambda: "whsec_" + secrets.token_urlsafe(32)))


def load_page_secret(instance_path: str | Path) -> str:
    """The sandbox's own key for its hosted-page form tokens (shared by every process of an instance)."""
    return _secret_file(Path(instance_path), "sandbox-page.key", lambda: secrets.token_hex(32))


# -- the payment record -----------------------------------------------------------------------
@dataclass(frozen=True)
class SandboxPayment:
    payment_id: str
    merchant_id: str
    order_id: str
    amount: Decimal
    currency: str
    description: str
    return_url: str
    notify_url: str
    status: PaymentStatus
    seq: int
    created_at: datetime
    expires_at: datetime
    paid_at: datetime | None
    closed_at: datetime | None
    refund_id: str | None
    refund_reason: str | None
    refunded_at: datetime | None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> SandboxPayment:
        def when(name: str) -> datetime | None:
            return datetime.fromisoformat(row[name]) if row[name] else None

        return cls(payment_id=row["payment_id"], merchant_id=row["merchant_id"], order_id=row["order_id"],
                   amount=Decimal(row["amount"]), currency=row["currency"], description=row["description"],
                   return_url=row["return_url"], notify_url=row["notify_url"], status=PaymentStatus(row["status"]),
                   seq=int(row["seq"]), created_at=datetime.fromisoformat(row["created_at"]),
                   expires_at=datetime.fromisoformat(row["expires_at"]), paid_at=when("paid_at"),
                   closed_at=when("closed_at"), refund_id=row["refund_id"], refund_reason=row["refund_reason"],
                   refunded_at=when("refunded_at"))

    def to_json(self) -> dict[str, Any]:
        return {"payment_id": self.payment_id, "order_id": self.order_id, "status": self.status.value,
                "amount": format_amount(self.amount), "currency": self.currency, "description": self.description,
                "created_at": self.created_at.isoformat(), "expires_at": self.expires_at.isoformat(),
                "paid_at": _iso(self.paid_at), "refunded_at": _iso(self.refunded_at), "refund_id": self.refund_id}

    def return_url_for_buyer(self) -> str:
        """Where the buyer goes back to: the merchant's return URL with the order id added."""
        parts = urlsplit(self.return_url)
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "order_id"]
        query.append(("order_id", self.order_id))
        return urlunsplit(parts._replace(query=urlencode(query)))
