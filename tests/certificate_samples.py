"""Memorable certificate contents for rendering and signing tests."""

from datetime import date
from decimal import Decimal

from registry.certificates.content import CertificateContent, Holder, certificate_identifier
from registry.certificates.values import DerivedFrom
from registry.kernel.codes import CertificateKind
from tests.builders import LI_NA, ZHANG_WEI

ISSUER = "12350100MB0123456X"
LI_NA_CERTIFICATE = CertificateContent(
    kind=CertificateKind.OWNERSHIP, number="闽(2026)福州市不动产权第0000002号",
    identifier=certificate_identifier(CertificateKind.OWNERSHIP, ISSUER, 2),
    unit_number="350102001001GB00001F00010001", location="福州市鼓楼区五四路88号1单元101室",
    holders=(Holder(LI_NA.name, LI_NA.id_number, Decimal(1)),), co_ownership="单独所有",
    right_type="国有建设用地使用权/房屋所有权", right_nature="市场化商品房", use="住宅", area=Decimal("120.00"),
    term_start=date(2008, 1, 1), term_end=date(2077, 12, 31), encumbrances=(), authority="福州市不动产登记中心",
    registered_on=date(2026, 3, 16), issued_on=date(2026, 3, 16),
    verify_url="HTTP://127.0.0.1:8000/V/6F1D3F8E5C4B4E599A573B1C0F0E2A11/K7Q2M9XD",
    derived_from=DerivedFrom("registry", "da0dfbf7-554d-5678-9897-964986f61b23", 2, 5),
)
# Co-owners, one with a CJK Extension B character in the name (𠀾 U+2003E needs the fallback face).
CO_OWNED_CERTIFICATE = CertificateContent(
    **{**LI_NA_CERTIFICATE.__dict__,
       "holders": (Holder(ZHANG_WEI.name, ZHANG_WEI.id_number, Decimal("0.5")),
                   Holder("王𠀾", "350102198202020025", Decimal("0.5"))),
       "co_ownership": "按份共有", "number": "闽(2026)福州市不动产权第0000003号",
       "identifier": certificate_identifier(CertificateKind.OWNERSHIP, ISSUER, 3),
       "encumbrances": ("抵押权：中国工商银行福州分行，债权数额 1,200,000.00 元",)},
)
MORTGAGE_PROOF = CertificateContent(
    **{**LI_NA_CERTIFICATE.__dict__,
       "kind": CertificateKind.PROOF, "number": "闽(2026)福州市不动产证明第0000001号",
       "identifier": certificate_identifier(CertificateKind.PROOF, ISSUER, 1),
       "holders": (Holder("中国工商银行福州分行", "", Decimal(1)),), "matter": "抵押权",
       "obligors": (LI_NA.name,), "co_ownership": ""},
)
