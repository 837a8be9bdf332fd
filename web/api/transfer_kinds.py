"""The kinds of transfer the window knows, generated from their one declaration (``registry.transfers.kinds``)."""

from __future__ import annotations

from datetime import date

from registry.supervision.limits import limit_for
from registry.transfers.kinds import FORM_KINDS, SECTION_FIELDS, KindSpec
from web.api.answers import answers
from web.api.answers.transfer_kinds import TransferKindList
from web.auth import platform
from web.parsing import Blueprint

blp = Blueprint("transfer_kinds", __name__, url_prefix="/api/v1", description="Kinds of transfer and their forms")


def described(spec: KindSpec, today: date) -> dict:
    limit = limit_for(spec.time_limit, today)
    return {"kind": spec.kind.value, "online": spec.online, "uses": sorted(use.value for use in spec.uses),
            "seller": spec.seller.value, "buyer": spec.buyer.value,
            "sections": [{"section": s.value, "fields": list(SECTION_FIELDS[s])} for s in spec.sections],
            "documents": [d.value for d in spec.documents], "tax_lines": list(spec.tax_lines),
            "time_limit": {"case_kind": spec.time_limit.value, "working_days": limit.working_days,
                           "office_minutes": limit.office_minutes, "source": limit.source,
                           "effective": limit.effective.isoformat()},
            "source": spec.source}


@blp.route("/transfer-kinds")
@answers(blp, 200, TransferKindList)
def kinds() -> dict:
    """Every kind a case can be filed as, with its form's sections, documents, tax lines and the time limit
    in force today; public, like the fee table."""
    today = platform().registry.clock.now().date()
    return {"kinds": [described(spec, today) for spec in FORM_KINDS]}
