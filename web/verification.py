"""Answering "is this certificate genuine, and is it still current?" for a presented PDF or a QR
lookup: the signature verdict (offline, with the trust root) and the register's status now."""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from projections import certificates

ATTACHMENT = "certificate.json"


def signature_summary(verdict: Any) -> dict:
    return {"ok": verdict.ok, "reason": verdict.reason_code, "intact": verdict.intact, "trusted": verdict.trusted,
            "signed_at": verdict.signed_at.isoformat() if verdict.signed_at else None, "signer": verdict.signer}


def verify_presented(platform: Any, pdf: bytes) -> dict:
    """The verdict for a document someone presents, and whether the registry issued exactly it."""
    verdict = platform.sealer.verify(pdf)
    claims = None
    if verdict.intact:
        try:
            claims = json.loads(verdict.attachment(ATTACHMENT) or b"null")
        except ValueError:
            claims = None
    record = certificates.by_number(platform.views, claims["number"]) if isinstance(claims, dict) else None
    exact = bool(record) and record["document_sha256"] == hashlib.sha256(pdf).hexdigest()
    answer: dict = {"signature": signature_summary(verdict), "issued_by_registry": exact, "certificate": None}
    if exact:
        answer["certificate"] = {k: record[k] for k in ("certificate_id", "kind", "number", "unit_number", "holders",
                                                         "status", "issued_at", "history")}
    return answer


class StoredSignatures:
    """Signature verdicts of the registry's own stored documents: immutable, so verified once."""

    def __init__(self, platform: Any) -> None:
        self._platform = platform
        self.verdict = lru_cache(maxsize=2048)(self._verify)

    def _verify(self, certificate_id: str) -> dict | None:
        pdf = self._platform.documents.get(certificate_id)
        return None if pdf is None else signature_summary(self._platform.sealer.verify(pdf))
