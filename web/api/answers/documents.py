"""Answers about the documents of a case or filing: each document as listed, and the list."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer

DOCUMENT_BYTES = {"type": "string", "format": "binary",
                  "description": "the document's bytes as stored (PDF, JPEG or PNG), to be saved, never shown inline"}


class CaseDocument(Answer):
    id = fields.String(required=True, metadata={"description": "the SHA-256 of the bytes: the download's address"})
    sha256 = fields.String(required=True)
    source = fields.String(required=True, metadata={"description": "party, bank or court"})
    kind = fields.String(required=True, metadata={"description": "a supplement kind (contract, id_document ...) "
                                                                 "or, from a court, ruling / confirmation / ..."})
    filename = fields.String(required=True)
    content_type = fields.String(required=True, metadata={"description": "as the bytes show, not as declared"})
    size = fields.Integer(required=True)
    by = fields.String(required=True, allow_none=True, metadata={"description": "the user; null for a court's"})
    at = fields.String(required=True)


class CaseDocuments(Answer):
    documents = fields.List(fields.Nested(CaseDocument), required=True)
