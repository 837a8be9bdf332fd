"""Hand-written fakes for the certificate press and the document store (unit tests only; the
integration tests use the real reportlab drawing and pyHanko seal)."""

from __future__ import annotations

import rfc8785

from registry.documents import CertificateContent


class FakePress:
    """Records what it was asked to press; the 'PDF' is the canonical claims, so tests can read them."""

    def __init__(self) -> None:
        self.pressed: list[CertificateContent] = []

    def press(self, content: CertificateContent) -> tuple[bytes, str]:
        self.pressed.append(content)
        return b"%PDF-fake\n" + rfc8785.dumps(content.claims()), "fake-seal-1"


class DictDocuments:
    def __init__(self) -> None:
        self.stored: dict[str, bytes] = {}

    def put(self, certificate_id: str, pdf: bytes) -> None:
        self.stored[certificate_id] = pdf

    def get(self, certificate_id: str) -> bytes | None:
        return self.stored.get(certificate_id)
