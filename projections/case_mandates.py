"""The agent's mandates on a transfer case as the case views keep them (a JSON column of the applicant's and the
registrar's case rows): whose mandate, to whom, for what and how long, and when the principal confirmed it.
The applicant's copy keeps ID numbers masked and the principal's key, so a principal finds the mandate to
confirm without the view holding a raw number."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from projections.base import dumps, loads, person_key, timestamp
from registry.kernel.values import mask_id_number

if TYPE_CHECKING:
    from adapters.viewstore import Tx


def recorded(mandates: list[dict[str, Any]], *, masked: bool) -> str:
    def shown(number: str) -> str:
        return mask_id_number(number) if masked else number

    return dumps([{"principal_name": m["principal_name"], "principal_id_number": shown(m["principal_id_number"]),
                   "principal_key": person_key(m["principal_id_number"]), "agent_name": m["agent_name"],
                   "agent_id_number": shown(m["agent_id_number"]), "scopes": list(m["scopes"]),
                   "valid_from": m["valid_from"], "valid_until": m["valid_until"], "confirmed_at": None}
                  for m in mandates])


def record_confirmation(tx: Tx, table: str, event: Any) -> None:
    """``MandateConfirmed`` on a case row of ``table`` (a column ``mandates`` as ``recorded`` wrote it)."""
    case_id, key = str(event.originator_id), person_key(event.principal_id_number)
    row = tx.one(f"SELECT mandates FROM {table} WHERE case_id = :case_id", {"case_id": case_id})
    changed = [{**m, "confirmed_at": timestamp(event.at)} if m["principal_key"] == key else m
               for m in loads(row["mandates"])]
    tx.execute(f"UPDATE {table} SET mandates = :mandates, version = :version, updated_at = :updated_at "
               "WHERE case_id = :case_id", {"mandates": dumps(changed), "version": event.originator_version,
                                            "updated_at": timestamp(event.at), "case_id": case_id})


def as_seen_by(column: str | None, viewer_id_number: str | None) -> list[dict[str, Any]]:
    """The mandates without their keys; ``mine`` tells the viewer which one they gave (and may confirm)."""
    viewer = person_key(viewer_id_number) if viewer_id_number else None
    return [{**{k: v for k, v in m.items() if k != "principal_key"}, "mine": m["principal_key"] == viewer}
            for m in loads(column or "[]")]
