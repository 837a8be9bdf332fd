"""What a registrar searches by: the register book's units (owner, ID number, certificate, location) and the
registry's transfer cases (state, kind, days, unit); the same arguments whether asked by the API or a page."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from marshmallow import ValidationError, fields, validate, validates_schema

from adapters.clock import REGISTRY_TZ
from projections import register_search, registrar_filters
from registry.kernel.codes import CaseState
from web.paging import PageArgsSchema


class UnitSearchSchema(PageArgsSchema):
    q = fields.String(load_default="", validate=validate.Length(max=100),
                      metadata={"description": "the start of the unit number, or words of the location"})
    owner_name = fields.String(load_default="", validate=validate.Length(max=100),
                               metadata={"description": "an owner's full name"})
    id_number = fields.String(load_default="", validate=validate.Length(max=18),
                              metadata={"description": "an owner's ID number, exactly"})
    certificate_number = fields.String(load_default="", validate=validate.Length(max=60),
                                       metadata={"description": "the unit's current certificate number, exactly"})


def unit_criteria(args: dict) -> register_search.UnitCriteria:
    return register_search.UnitCriteria(text=args["q"], owner_name=args["owner_name"], id_number=args["id_number"],
                                        certificate_number=args["certificate_number"])


class CaseFilterSchema(PageArgsSchema):
    """The registrar's case list: every filter given must match; dates are the registry's (Asia/Shanghai)."""

    state = fields.String(load_default=None, validate=validate.OneOf([s.value for s in CaseState]))
    kind = fields.String(load_default=None, validate=validate.OneOf(registrar_filters.CASE_KINDS),
                         metadata={"description": "transfer (filed by the parties) or judicial (a court's ruling)"})
    submitted_from = fields.Date(load_default=None, metadata={"description": "first day, inclusive"})
    submitted_to = fields.Date(load_default=None, metadata={"description": "last day, inclusive"})
    unit_number = fields.String(load_default=None, validate=validate.Length(min=1, max=28))

    @validates_schema
    def check_dates_in_order(self, data: dict, **kwargs: object) -> None:
        first, last = data.get("submitted_from"), data.get("submitted_to")
        if first and last and first > last:
            raise ValidationError("the first day comes before the last", "submitted_to")


def case_filter(args: dict) -> registrar_filters.CaseFilter:
    """Days (the registry's calendar) → the instants a case's submission time is compared with."""
    def start_of(day: object) -> datetime | None:
        return datetime.combine(day, time(), tzinfo=REGISTRY_TZ) if day else None

    last = args["submitted_to"]
    return registrar_filters.CaseFilter(
        state=args["state"], kind=args["kind"], submitted_from=start_of(args["submitted_from"]),
        submitted_before=start_of(last + timedelta(days=1)) if last else None,
        unit_number=(args["unit_number"] or "").strip().upper() or None)
