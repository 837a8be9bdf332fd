"""Files and multipart bodies for the document tests: a small PDF, PNG and JPEG that the sniffing accepts."""

from __future__ import annotations

import hashlib
import io

from tests.e2e.api import transfer_body, unit_body

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 48
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 48
TYPES = {PDF: "application/pdf", PNG: "image/png", JPEG: "image/jpeg"}


def upload(content: bytes = PDF, filename: str = "买卖合同.pdf", kind: str | None = "contract",
           declared: str | None = None) -> dict:
    """The form of an upload: the ``file`` part (name and declared type as a browser sends them) and ``kind``."""
    body: dict = {"file": (io.BytesIO(content), filename, declared or TYPES.get(content, "application/pdf"))}
    if kind is not None:
        body["kind"] = kind
    return body


def digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def filed_case(client, people) -> str:
    """Zhang Wei's flat is registered and Li Na files its transfer (not yet paid: open for documents)."""
    assert client.post("/api/v1/units", json=unit_body(), headers=people["registrar"]).status_code == 201
    filed = client.post("/api/v1/transfers", json=transfer_body(), headers=people["lina"])
    assert filed.status_code == 201, filed.json
    return filed.json["case_id"]
