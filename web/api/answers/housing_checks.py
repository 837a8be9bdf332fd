"""Answers of the family-housing check's proof (家庭住房信息查询结果证明)."""

from __future__ import annotations

from marshmallow import fields

from web.api.answers import Answer


class HousingCheckFamilyMember(Answer):
    name = fields.String(required=True)
    id_number = fields.String(required=True, metadata={"description": "masked"})
    relation = fields.String(required=True, metadata={"description": "spouse or minor_child"})


class HousingCheckUnit(Answer):
    unit_number = fields.String(required=True)
    location = fields.String(required=True, allow_none=True,
                             metadata={"description": "from the unit's register-book page; null if not found"})


class HousingCheckBuyer(Answer):
    name = fields.String(required=True)
    id_number = fields.String(required=True, metadata={"description": "masked"})
    ordinal = fields.String(required=True, metadata={"description": "first, second or third_or_later: which "
                                                                    "home the purchase is, as the deed tax uses it"})
    family = fields.List(fields.Nested(HousingCheckFamilyMember), required=True,
                         metadata={"description": "the spouse and minor children searched with the buyer"})
    units_counted = fields.List(fields.Nested(HousingCheckUnit), required=True,
                                metadata={"description": "the homes the register shows the family holding"})


class HousingCheckProof(Answer):
    case_id = fields.String(required=True)
    registry = fields.String(required=True)
    registry_name = fields.String(required=True, metadata={"description": "the register searched"})
    unit_number = fields.String(required=True, metadata={"description": "the unit being bought"})
    unit_location = fields.String(required=True)
    checked_at = fields.String(required=True, metadata={"description": "when the case was filed and the register "
                                                                       "searched"})
    buyers = fields.List(fields.Nested(HousingCheckBuyer), required=True,
                         metadata={"description": "a buyer reads their own family's result only"})
