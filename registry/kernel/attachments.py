"""Documents the parties attach to a case (ID scans, the contract, the marriage certificate; a bank's loan
contract): what is accepted, and the rule every case shares. The bytes are kept outside the event store,
addressed by their SHA-256; the case's events record which documents it has, by whom and when."""

from __future__ import annotations

import hashlib
import unicodedata
from datetime import datetime
from typing import Any

from registry.kernel.codes import Supplement
from registry.kernel.errors import InvalidValue

MAX_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 3  # per case, as the seeds' one-window forms allow
MAX_FILENAME = 120
SIGNATURES = {"application/pdf": (b"%PDF-",), "image/jpeg": (b"\xff\xd8\xff",),
              "image/png": (b"\x89PNG\r\n\x1a\n",)}
GENERIC_TYPES = ("application/octet-stream", "")


class UploadRefused(InvalidValue):
    code = "upload_refused"


def sniffed_type(content: bytes) -> str | None:
    """The type the bytes themselves show (their magic number), whatever the sender declared."""
    return next((kind for kind, starts in SIGNATURES.items() if content.startswith(starts)), None)


def document_id(sha256: str) -> str:
    return f"attachment-{sha256}"


def check_upload(content: bytes, declared_type: str, filename: str) -> tuple[str, str]:
    """(content type, sha256) of an acceptable file; a clear refusal otherwise."""
    if not content:
        raise UploadRefused("the file is empty", field="file")
    if len(content) > MAX_BYTES:
        raise UploadRefused(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB", field="file")
    kind = sniffed_type(content)
    if kind is None:
        raise UploadRefused("only PDF, JPEG or PNG files are accepted", field="file")
    declared = declared_type.split(";")[0].strip().lower()
    if declared not in GENERIC_TYPES and declared != kind:
        raise UploadRefused(f"the file is {kind}, not {declared} as declared", field="file")
    check_filename(filename)
    return kind, hashlib.sha256(content).hexdigest()


def check_filename(filename: str) -> None:
    if not filename.strip() or len(filename) > MAX_FILENAME:
        raise UploadRefused(f"give the file a name of at most {MAX_FILENAME} characters", field="filename")
    if any(c in filename for c in "/\\") or any(unicodedata.category(c)[0] == "C" for c in filename):
        raise UploadRefused("the file name has a path or a control character", field="filename")


class AttachmentCommands:
    """A mixin of the aggregates that take documents; needs ``attachments``, ``check_open_for_documents`` and
    the ``_document_attached`` event method."""

    attachments: tuple[dict[str, Any], ...]
    _document_attached: Any
    check_open_for_documents: Any

    def attach_document(self, *, kind: Supplement, filename: str, content_type: str, sha256: str, size: int,
                        by: str, at: datetime, limit: int = MAX_ATTACHMENTS) -> bool:
        """False when this very file is already attached (a repeated upload changes nothing)."""
        self.check_takes_document(sha256, limit)
        if any(a["sha256"] == sha256 for a in self.attachments):
            return False
        self._document_attached(kind=kind.value, filename=filename.strip(), content_type=content_type,
                                sha256=sha256, size=size, by=by, at=at)
        return True

    def check_takes_document(self, sha256: str, limit: int = MAX_ATTACHMENTS) -> None:
        """Open, and room for this file (one already attached takes no more room): checked before the bytes are
        shelved, so a refused document leaves nothing behind."""
        self.check_open_for_documents()
        if len(self.attachments) >= limit and all(a["sha256"] != sha256 for a in self.attachments):
            raise UploadRefused(f"a case takes at most {limit} documents", field="file")
