"""The views of a judicial transfer on the real stores, driven by the domain commands: in the mixed history the
Gulou court auctioned Li Na's garage (both courts had seized it) to Wang Fang, so the Taijiang court's seizure
stayed on the garage. The Fuzhou registrar sees it flagged until it lapses; Wang Fang's and Li Na's cases say
who does what; the Xiamen registrar sees nothing."""

from __future__ import annotations

from projections import applicant
from projections import registrar as desk
from registry.courts.lapses import lapse_seizure
from registry.kernel.actors import Actor, Role
from tests.builders import GARAGE, LI_NA, WANG_FANG
from tests.integration.conftest import mixed_history

TAIJIANG_SEIZURE, AUCTION_RULING = "(2026)闽0103执902号", "(2026)闽0102执901号之一"


def person(who) -> Actor:
    return Actor(user_id=who.name, role=Role.APPLICANT, id_number=who.id_number)


def test_the_other_courts_seizure_stays_flagged_until_it_lapses(app, views, worker, clock, registrar,
                                                                 other_registrar):
    history = mixed_history(app, worker, clock, registrar)
    worker.run_once()
    flagged = desk.flagged_seizures(views, registrar).items
    assert [(f["unit_number"], f["court_name"], f["reference"], f["state"], f["ruling_number"], f["case_id"])
            for f in flagged] == [(GARAGE, "福州市台江区人民法院", TAIJIANG_SEIZURE, "active", AUCTION_RULING,
                                   str(history["judicial"][0]))]
    assert desk.flagged_seizures(views, other_registrar).items == []

    clock.advance(days=400)
    lapse_seizure(app, GARAGE, TAIJIANG_SEIZURE)
    worker.run_once()

    assert desk.flagged_seizures(views, registrar).items == []
    lapsed = desk.flagged_seizures(views, registrar, include_cleared=True).items
    assert [(f["reference"], f["state"], f["cleared_by"]) for f in lapsed] == [(TAIJIANG_SEIZURE, "lapsed", "lapsed")]
    assert lapsed[0]["cleared_at"] > lapsed[0]["flagged_at"]


def test_the_judicial_case_names_the_ruling_for_the_registrar_and_the_parties(app, views, worker, clock, registrar,
                                                                              other_registrar):
    case_id = str(mixed_history(app, worker, clock, registrar)["judicial"][0])
    worker.run_once()

    case = desk.case(views, registrar, case_id)
    assert (case["state"], case["judicial"]["court"], case["judicial"]["ruling_number"]) == (
        "approved", "gulou-court", AUCTION_RULING)
    assert desk.case(views, other_registrar, case_id) is None
    assert {c["case_id"]: c["judicial"] for c in desk.cases(views, registrar).items}[case_id]["court_name"] == \
        "福州市鼓楼区人民法院"
    bought = applicant.case(views, person(WANG_FANG), case_id)
    assert (bought["my_roles"], bought["next_step"], bought["withdrawable"]) == (["buyer"], "collect_certificate",
                                                                                 False)
    auctioned_from = applicant.case(views, person(LI_NA), case_id)
    assert (auctioned_from["my_roles"], auctioned_from["next_step"]) == (["seller"], "none")
