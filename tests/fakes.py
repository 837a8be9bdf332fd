"""Hand-written fakes for the certificate press, the document store and the bank directory (unit tests
only; the integration tests use the real reportlab drawing, pyHanko seal and accreditation table)."""

from __future__ import annotations

import rfc8785

from registry.certificates.content import CertificateContent


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


class FakeBanks:
    """The registry's bank directory for unit tests: three Fuzhou banks, each accredited at the Fuzhou
    office until a test withdraws it (the real directory is a table next to the accounts)."""

    NAMES = {"icbc-fz": "中国工商银行福州分行", "ccb-fz": "中国建设银行福州分行", "fz-rcb": "福州农村商业银行"}

    def __init__(self, registry: str = "fz-registry") -> None:
        self.accreditations: set[tuple[str, str]] = {(bank, registry) for bank in self.NAMES}

    def bank_name(self, org: str) -> str | None:
        return self.NAMES.get(org)

    def accredited(self, bank: str, registry: str) -> bool:
        return (bank, registry) in self.accreditations

    def accredit(self, bank: str, registry: str) -> None:
        self.accreditations.add((bank, registry))

    def withdraw(self, bank: str, registry: str) -> None:
        self.accreditations.discard((bank, registry))



class TaxReleasedByRule:
    """The tax bureau's answer to "were this case's taxes released by rule?", as a test sets it."""

    def __init__(self, by_rule: bool = True) -> None:
        self.by_rule = by_rule

    def released_by_rule(self, case_id: str) -> bool:
        return self.by_rule
