"""What an e-certificate says: the content drawn on the page and embedded as canonical JSON.

Two kinds (CertificateKind): the ownership certificate (不动产权证书) and the registration proof
(不动产登记证明, for mortgages, pre-notices and objections). The identifier follows GB/T 36904:
``1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>`` with an ISO 7064 MOD 37,36 check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from registry.certificates.values import DerivedFrom
from registry.kernel.codes import CertificateKind

TYPE_CODES = {CertificateKind.OWNERSHIP: "11100000MB03271699001", CertificateKind.PROOF: "11100000MB03271699022"}
KIND_TITLES = {CertificateKind.OWNERSHIP: "不动产权证书", CertificateKind.PROOF: "不动产登记证明"}
ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def mod37_36_check(text: str) -> str:
    """ISO 7064 MOD 37,36 (hybrid) check character over digits and upper-case letters."""
    modulus, product = 36, 36
    for character in text.upper():
        total = (product + ALPHANUMERIC.index(character)) % modulus or modulus
        product = (total * 2) % (modulus + 1)
    return ALPHANUMERIC[(modulus + 1 - product) % modulus]


def certificate_identifier(kind: CertificateKind, issuer_code: str, serial: int, version: int = 1) -> str:
    parts = ["1", "2", "156", "3005", "2", TYPE_CODES[kind], issuer_code, f"{serial:07d}", f"{version:03d}"]
    return ".".join(parts) + "." + mod37_36_check("".join(parts))


def identifier_is_valid(identifier: str) -> bool:
    *parts, check = identifier.split(".")
    return len(check) == 1 and all(p.isalnum() for p in parts) and mod37_36_check("".join(parts)) == check


@dataclass(frozen=True)
class Holder:
    """A right-holder as printed: name and share (ID numbers are printed masked on the page)."""

    name: str
    id_number: str
    share: Decimal


@dataclass(frozen=True)
class SecuredClaim:
    """What a mortgage proof states about the secured debt (其他): printed, and in the claims for banks' systems."""

    method: str  # "1" 一般抵押 / "2" 最高额抵押 (dyfs)
    amount: Decimal  # the secured amount, or the maximum of a maximum-amount mortgage
    currency: str  # CNY
    performance_start: date  # 债务履行期限
    performance_end: date
    claim_start: date | None  # 债权确定期间 of a maximum-amount mortgage
    claim_end: date | None
    rank: int | None  # 顺位; a pre-notice has none until it converts
    transfer_restricted: bool  # 禁止或限制转让抵押不动产的约定
    guarantee_scope: str
    debtors: tuple[str, ...]

    def claims(self) -> dict:
        return {"method": self.method, "amount": str(self.amount), "currency": self.currency,
                "performance": [self.performance_start.isoformat(), self.performance_end.isoformat()],
                "claim_period": None if self.claim_start is None else [self.claim_start.isoformat(),
                                                                        self.claim_end.isoformat()],
                "rank": self.rank, "transfer_restricted": self.transfer_restricted,
                "guarantee_scope": self.guarantee_scope, "debtors": list(self.debtors)}


@dataclass(frozen=True)
class CertificateContent:
    kind: CertificateKind
    number: str  # 闽(2026)福州市不动产权第0000001号
    identifier: str  # 1.2.156.3005.2....
    unit_number: str
    location: str
    holders: tuple[Holder, ...]
    co_ownership: str  # 单独所有 / 按份共有 / 共同共有
    right_type: str  # 国有建设用地使用权/房屋所有权
    right_nature: str  # 市场化商品房
    use: str  # 住宅
    area: Decimal | None  # m², two decimals; unknown for a pre-notice on a flat not yet registered
    term_start: date | None  # land-use term; proofs have none
    term_end: date | None
    encumbrances: tuple[str, ...]  # at issue; empty means none
    authority: str  # 福州市不动产登记中心
    registered_on: date
    issued_on: date
    verify_url: str  # HTTP(S)://HOST/V/<CERTID>/<CODE>, upper case for a compact QR
    derived_from: DerivedFrom
    matter: str = ""  # proofs: 证明权利或事项 (e.g. 抵押权)
    obligors: tuple[str, ...] = field(default_factory=tuple)  # proofs: 义务人
    secured_claim: SecuredClaim | None = None  # mortgage proofs: 其他
    remarks: str = ""  # 附记, e.g. which proof a change or a conversion replaces

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    def claims(self) -> dict:
        """JSON-ready claims for RFC 8785 canonical JSON (no floats: decimals and dates as strings)."""
        return {
            "kind": self.kind.value, "title": self.title, "number": self.number, "identifier": self.identifier,
            "unit_number": self.unit_number, "location": self.location,
            "holders": [{"name": h.name, "id_number": h.id_number, "share": str(h.share)} for h in self.holders],
            "co_ownership": self.co_ownership, "right_type": self.right_type, "right_nature": self.right_nature,
            "use": self.use, "area_m2": None if self.area is None else str(self.area),
            "term": None if self.term_start is None else [self.term_start.isoformat(), self.term_end.isoformat()],
            "encumbrances": list(self.encumbrances), "authority": self.authority,
            "registered_on": self.registered_on.isoformat(), "issued_on": self.issued_on.isoformat(),
            "verify_url": self.verify_url, "matter": self.matter, "obligors": list(self.obligors),
            "secured_claim": None if self.secured_claim is None else self.secured_claim.claims(),
            "remarks": self.remarks,
            "derived_from": {"application": self.derived_from.application,
                             "aggregate_id": self.derived_from.aggregate_id,
                             "version": self.derived_from.version,
                             "notification_id": self.derived_from.notification_id},
        }
