"""The kinds of transfer the window handles, as data: who may sell and buy, which units, the form's sections,
the documents that prove the case, the tax lines it is assessed for and the time limit it runs against.

The form page, the API's ``kind`` field and ``GET /api/v1/transfer-kinds`` are generated from this table, and
the submit command checks a case against its kind here, so a kind is added or changed in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from registry.kernel.codes import Supplement, Use
from registry.kernel.errors import InvalidValue
from registry.supervision.values import CaseKind
from registry.transfers.values import TaxClaims


class TransferKind(StrEnum):
    RESALE_RESIDENTIAL = "resale_residential"  # 二手房买卖（住宅）
    RESALE_NON_RESIDENTIAL = "resale_non_residential"  # 二手房买卖（商铺、办公、车库车位、储藏室）
    NEW_BUILD_SALE = "new_build_sale"  # 一手房：开发企业销售商品房
    GIFT = "gift"  # 赠与
    INHERITANCE = "inheritance"  # 继承、受遗赠
    ENTERPRISE_TO_PERSON = "enterprise_to_person"  # 企业出售给个人
    PERSON_TO_ENTERPRISE = "person_to_enterprise"  # 个人出售给企业
    JUDICIAL = "judicial"  # opened by a court's ruling (KZCS 15), never from the form


class PartyKind(StrEnum):
    """Who a side of the case is; the values are the tax engine's buyer and seller kinds."""

    INDIVIDUAL = "individual"
    ENTERPRISE = "enterprise"


class Section(StrEnum):
    """A part of the new-case form; each names the fields of the submission it collects."""

    UNIT = "unit"  # unit_number
    CONTRACT = "contract"  # contract_number, contract_date, price (the sale contract, 网签合同)
    GIFT_DEED = "gift_deed"  # the same fields: deed number, its date, the declared value (申报价)
    INHERITANCE_DEED = "inheritance_deed"  # the same fields: deed or judgment number, its date, declared value
    SELLERS = "sellers"  # natural persons, named as on the register
    BUYERS = "buyers"  # natural persons with their shares, certificates wanted
    FAMILY = "family"  # the buyers' spouses and minor children, for the family-housing check
    SELLER_CLAIMS = "seller_claims"  # 满五唯一, original cost, reasonable costs
    BUYER_CLAIMS = "buyer_claims"  # the deed-tax relief of a first or second home
    ORGANISATION = "organisation"  # credit code, legal representative, the staff member's mandate


SECTION_FIELDS: dict[Section, tuple[str, ...]] = {
    Section.UNIT: ("unit_number",),
    Section.CONTRACT: ("contract_number", "contract_date", "price"),
    Section.GIFT_DEED: ("contract_number", "contract_date", "price"),
    Section.INHERITANCE_DEED: ("contract_number", "contract_date", "price"),
    Section.SELLERS: ("sellers",),
    Section.BUYERS: ("buyers", "certificates"),
    Section.FAMILY: ("family",),
    Section.SELLER_CLAIMS: ("tax_claims.only_home_five_years", "tax_claims.original_cost",
                            "tax_claims.reasonable_costs"),
    Section.BUYER_CLAIMS: ("tax_claims.deed_tax_relief",),
    Section.ORGANISATION: ("organisation",),
}
HOUSING = frozenset({Use.RESIDENTIAL})
NOT_HOUSING = frozenset({Use.NON_RESIDENTIAL, Use.GARAGE_PARKING_STOREROOM})
ANY_USE = HOUSING | NOT_HOUSING
PERSON, FIRM = PartyKind.INDIVIDUAL, PartyKind.ENTERPRISE
S = Section
SALE_BETWEEN_PEOPLE = (S.UNIT, S.CONTRACT, S.SELLERS, S.SELLER_CLAIMS, S.BUYERS, S.FAMILY, S.BUYER_CLAIMS)
ID, CONTRACT = Supplement.ID_DOCUMENT, Supplement.CONTRACT
BETWEEN_PEOPLE = "《不动产登记暂行条例实施细则》第三十八条 (转移登记的材料)"
ENTERPRISE = "细则第三十八条；统一社会信用代码 (GB 32100-2015)；授权委托书"


@dataclass(frozen=True)
class KindSpec:
    """One kind of transfer. ``tax_lines`` are the taxes its assessment answers, each computed by rule or
    referred to the tax officer; ``online`` is False for a kind whose parties the window cannot take yet."""

    kind: TransferKind
    uses: frozenset[Use]
    seller: PartyKind
    buyer: PartyKind
    sections: tuple[Section, ...]
    documents: tuple[Supplement, ...]
    tax_lines: tuple[str, ...]
    time_limit: CaseKind
    source: str
    online: bool = True

    @property
    def fields(self) -> tuple[str, ...]:
        """The submission's fields this kind's form collects, in the order of its sections."""
        return tuple(dict.fromkeys(name for section in self.sections for name in SECTION_FIELDS[section]))

    def check_sections(self, *, families: bool, claims: TaxClaims) -> None:
        """A case carries only what its kind's form asks: no family check for a shop, no relief for a gift."""
        sent = {"family"} if families else set()
        sent |= {f"tax_claims.{name}" for name in ("only_home_five_years", "original_cost", "reasonable_costs",
                                                   "deed_tax_relief") if getattr(claims, name) not in (None, False)}
        extra = sorted(sent - set(self.fields))
        if extra:
            raise InvalidValue(f"a {self.kind.value} case does not take {extra[0]}", field=extra[0].split(".")[0],
                               kind=self.kind.value, section_field=extra[0])

    def check_unit_use(self, use: Use) -> None:
        if use not in self.uses:
            allowed = ", ".join(sorted(u.value for u in self.uses))
            raise InvalidValue(f"a {self.kind.value} case is for a unit used as {allowed}, and this unit is "
                               f"{use.value}", field="kind", kind=self.kind.value, unit_use=use.value)


SALE_TAXES = ("deed_tax", "vat", "surcharges", "income_tax", "stamp_duty", "land_vat", "registration_fee")
GIFT_TAXES = ("deed_tax", "vat", "income_tax", "stamp_duty", "registration_fee")
INHERITANCE_TAXES = ("deed_tax", "registration_fee")

KINDS: dict[TransferKind, KindSpec] = {spec.kind: spec for spec in (
    KindSpec(TransferKind.RESALE_RESIDENTIAL, HOUSING, PERSON, PERSON, SALE_BETWEEN_PEOPLE, (ID, CONTRACT),
             SALE_TAXES, CaseKind.RESALE_TRANSFER, BETWEEN_PEOPLE),
    KindSpec(TransferKind.RESALE_NON_RESIDENTIAL, NOT_HOUSING, PERSON, PERSON,
             (S.UNIT, S.CONTRACT, S.SELLERS, S.SELLER_CLAIMS, S.BUYERS), (ID, CONTRACT), SALE_TAXES,
             CaseKind.RESALE_TRANSFER, BETWEEN_PEOPLE),
    KindSpec(TransferKind.GIFT, ANY_USE, PERSON, PERSON,
             (S.UNIT, S.GIFT_DEED, S.SELLERS, S.BUYERS, S.FAMILY),
             (ID, Supplement.GIFT_CONTRACT, Supplement.KINSHIP_PROOF), GIFT_TAXES, CaseKind.RESALE_TRANSFER,
             "细则第三十八条 (赠与合同)；财税〔2009〕78号；财税〔2016〕36号 附件3", online=False),
    KindSpec(TransferKind.INHERITANCE, ANY_USE, PERSON, PERSON, (S.UNIT, S.INHERITANCE_DEED, S.SELLERS, S.BUYERS),
             (ID, Supplement.DEATH_CERTIFICATE, Supplement.INHERITANCE_PROOF, Supplement.KINSHIP_PROOF),
             INHERITANCE_TAXES, CaseKind.RESALE_TRANSFER,
             "细则第十四条 (继承、受遗赠的材料)；契税法第六条及公告2021年第29号 (法定继承免征)", online=False),
    KindSpec(TransferKind.NEW_BUILD_SALE, ANY_USE, FIRM, PERSON,
             (S.UNIT, S.CONTRACT, S.ORGANISATION, S.BUYERS, S.FAMILY, S.BUYER_CLAIMS),
             (ID, CONTRACT, Supplement.BUSINESS_LICENCE), SALE_TAXES, CaseKind.RESALE_TRANSFER, ENTERPRISE,
             online=False),
    KindSpec(TransferKind.ENTERPRISE_TO_PERSON, ANY_USE, FIRM, PERSON,
             (S.UNIT, S.CONTRACT, S.ORGANISATION, S.BUYERS, S.FAMILY, S.BUYER_CLAIMS),
             (ID, CONTRACT, Supplement.BUSINESS_LICENCE), SALE_TAXES, CaseKind.RESALE_TRANSFER, ENTERPRISE,
             online=False),
    KindSpec(TransferKind.PERSON_TO_ENTERPRISE, ANY_USE, PERSON, FIRM,
             (S.UNIT, S.CONTRACT, S.SELLERS, S.SELLER_CLAIMS, S.ORGANISATION),
             (ID, CONTRACT, Supplement.BUSINESS_LICENCE), SALE_TAXES, CaseKind.RESALE_TRANSFER, ENTERPRISE,
             online=False),
    KindSpec(TransferKind.JUDICIAL, ANY_USE, PERSON, PERSON, (), (), SALE_TAXES, CaseKind.JUDICIAL_TRANSFER,
             "《最高人民法院关于人民法院民事执行中拍卖、变卖财产的规定》；细则第十九条", online=False),
)}
FORM_KINDS = tuple(spec for spec in KINDS.values() if spec.kind is not TransferKind.JUDICIAL)


class KindNotOfferedOnline(InvalidValue):
    """The kind is known, but its parties cannot file it here yet: refused by name, never filed as another."""

    code = "kind_not_offered_online"


def resale_kind_for(use: Use) -> TransferKind:
    """The kind of a case filed without one (clients older than kinds): the resale that fits the unit."""
    return TransferKind.RESALE_RESIDENTIAL if use in HOUSING else TransferKind.RESALE_NON_RESIDENTIAL


def filed_kind(case_kind: str | None, *, judicial: bool, use: Use) -> TransferKind:
    """The kind of a case as filed; one filed before kinds (``None``) was a court's ruling or a resale."""
    if case_kind:
        return TransferKind(case_kind)
    return TransferKind.JUDICIAL if judicial else resale_kind_for(use)


def kind_of(submitted: Any) -> str:
    """The kind a ``Submitted`` event (of any version) was filed as."""
    return filed_kind(submitted.case_kind, judicial=bool(submitted.judicial), use=submitted.unit_use).value


def spec_of(kind: str | TransferKind) -> KindSpec:
    try:
        return KINDS[TransferKind(kind)]
    except ValueError:
        raise InvalidValue(f"unknown kind of transfer: {kind}", field="kind") from None


def check_offered_online(spec: KindSpec) -> None:
    if not spec.online:
        raise KindNotOfferedOnline(f"a {spec.kind.value} case is filed at the registry's counter; the online "
                                   "window does not take its parties yet", field="kind", kind=spec.kind.value)
