"""The certificate press: draws the page, embeds the canonical JSON claims and seals it all in one
signed revision (what `registry.issuance.Press` asks for)."""

from __future__ import annotations

from collections.abc import Callable

import rfc8785

from adapters.certificate_pdf import render_certificate
from adapters.sealing import Sealer
from registry.certificates.content import CertificateContent

CLAIMS_ATTACHMENT = "certificate.json"


class CertificatePress:
    def __init__(self, sealer: Callable[[], Sealer]) -> None:
        self._sealer = sealer  # built on first use: creating the PKI is not every command's business

    def press(self, content: CertificateContent) -> tuple[bytes, str]:
        sealer = self._sealer()
        sealed = sealer.seal(render_certificate(content), {CLAIMS_ATTACHMENT: rfc8785.dumps(content.claims())},
                             reason=f"{content.title} {content.number}", location=content.authority)
        return sealed, sealer.pki.seal_key_id
