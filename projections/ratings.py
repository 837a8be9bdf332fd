"""A party's own rating of a case (好差评), as the party reads it back; the supervisor's side (ratings per
office, follow-ups) is in ``projections.supervision_queries``."""

from __future__ import annotations

from typing import Any

from projections.case_clocks import RATINGS


def rating_of(store: Any, case_id: str, party: str) -> dict[str, Any] | None:
    with store.read() as tx:
        row = tx.one(f"SELECT case_id, stars, comment, follow_up, at FROM {RATINGS} "
                     "WHERE case_id = :case_id AND party = :party", {"case_id": str(case_id), "party": party})
    if row is None:
        return None
    return {"case_id": row["case_id"], "stars": int(row["stars"]), "comment": row["comment"], "at": row["at"],
            "followed_up": row["follow_up"] is not None}
