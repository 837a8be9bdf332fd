"""The register book through HTTP on both stores, after courts seized through the signed court API: the unit page
and ``GET /api/v1/units/<n>`` name the seizing court as the lock, list the queued seizure, the mortgages in rank
order and every registration in the history, in words (Chinese, or English after the switch): no event class name,
no raw enum value, and a cancelled proof shown with (销)."""

from __future__ import annotations

import inspect
import re
from datetime import date
from html.parser import HTMLParser
from uuid import UUID

import pytest

from events import unit as unit_events
from registry.courts.seizures import SeizureState
from registry.kernel.actors import Actor, Role
from registry.mortgages import commands
from registry.mortgages.values import FilingKind, LoanType, MortgageMethod
from tests.builders import GULOU_FLAT, maximum_amount_loan, mortgage_kwargs
from tests.e2e import test_court_seizures
from tests.e2e.test_court_seizures import GULOU_RULING, SEIZE, TAIJIANG_RULING, order_body
from tests.e2e.test_pages import login, text

courts, send, registered = test_court_seizures.courts, test_court_seizures.send, test_court_seizures.registered
RENEW, RELEASE = "/api/v1/court/seizures/renew", "/api/v1/court/seizures/release"
ICBC, CCB = "icbc-fz", "ccb-fz"
EVENT_NAMES = {name for name, cls in inspect.getmembers(unit_events, inspect.isclass) if hasattr(cls, "TOPIC")}
ENUM_VALUES = {m.value for enum in (MortgageMethod, LoanType, SeizureState) for m in enum
               if not m.value.isdigit()} | {"general", "maximum", "residential"}


class VisibleText(HTMLParser):
    """What a reader sees: text outside tags, scripts and styles (attributes such as CSS classes are not text)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        self._hidden += tag in ("script", "style")

    def handle_endtag(self, tag) -> None:
        self._hidden -= tag in ("script", "style")

    def handle_data(self, data) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def words(page: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]+", page))


def move_to(clock, day: date) -> None:
    clock.advance(days=(day - clock.today()).days)


@pytest.fixture
def banks(platform, clock, people):
    now = clock.now()
    for bank, name in ((ICBC, "中国工商银行福州分行"), (CCB, "中国建设银行福州分行")):
        platform.accounts.add_org(bank, "bank", name, now=now)
        platform.banks.accredit(bank, "fz-registry", now)
    return {bank: Actor(user_id=f"{bank}-staff", role=Role.BANK_STAFF, org=bank) for bank in (ICBC, CCB)}


def mortgage(platform, staff, reference: str, **filing) -> str:
    """A bank files on Zhang Wei's flat and he confirms: registered by rule, its proof issued."""
    registry = platform.registry
    filed = commands.file_mortgage(registry, staff, **mortgage_kwargs(reference, **filing))
    owner = platform.accounts.user("zhangwei").actor
    platform.wait_for(commands.consent_to_filing(registry, owner, filed.id))
    return registry.get_filing(UUID(str(filed.id))).proof_numbers[0]


def seized_and_queued(send) -> None:
    assert send("gulou-2026", SEIZE, order_body("GL-1", end="2027-03-15")).status_code == 200
    queued = send("taijiang-2026", SEIZE, order_body("TJ-1", TAIJIANG_RULING, end="2026-09-15"))
    assert queued.status_code == 200 and queued.json["result"] == "1", queued.json


def whole_life(platform, clock, send, banks) -> str:
    """ICBC's general and CCB's maximum-amount mortgage; Gulou seizes, Taijiang queues; Gulou renews, then
    releases (Taijiang's takes effect), Taijiang's lapses; CCB's mortgage is discharged. Returns its proof."""
    mortgage(platform, banks[ICBC], "ICBC-2026-0001")
    proof = mortgage(platform, banks[CCB], "CCB-2026-0001", rank=2, terms=maximum_amount_loan())
    seized_and_queued(send)
    move_to(clock, date(2026, 4, 15))
    renew = order_body("GL-2", kzcs="12", start=None, end="2028-03-15", seizure_reference=GULOU_RULING)
    assert send("gulou-2026", RENEW, renew).status_code == 200
    move_to(clock, date(2026, 5, 15))
    release = order_body("GL-3", kzcs="14", start=None, end=None, seizure_reference=GULOU_RULING)
    assert send("gulou-2026", RELEASE, release).status_code == 200
    move_to(clock, date(2026, 11, 15))  # Taijiang's six months ran from the release: its last day was 11-14
    platform.wait_until_idle()
    platform.lapses.run_once()
    platform.wait_for(commands.file_mortgage(platform.registry, banks[CCB], **mortgage_kwargs(
        "CCB-2026-D001", kind=FilingKind.DISCHARGE, proof_numbers=[proof])).position)
    platform.wait_until_idle()
    return proof


def test_the_unit_page_of_a_seized_unit_names_the_court_and_lists_the_queued_seizure(client, people, registered,
                                                                                     send, platform):
    seized_and_queued(send)
    platform.wait_until_idle()
    login(client, "registrar")

    page = text(client.get(f"/units/{GULOU_FLAT}"))

    [lock] = re.findall(r'data-test="lock">(.*?)</div>', page, re.S)
    assert "查封" in lock and "福州市鼓楼区人民法院" in lock and GULOU_RULING in lock and "2027-03-15" in lock
    assert "无查封、无限制" not in page
    [active] = re.findall(r'<tr data-test="seizure">(.*?)</tr>', page, re.S)
    assert "查封中" in active and "2026-03-16 — 2027-03-15" in active
    [queued] = re.findall(r'<tr data-test="queued-seizure">(.*?)</tr>', page, re.S)
    assert "轮候第 1 位" in queued and "福州市台江区人民法院" in queued and TAIJIANG_RULING in queued
    events = [visible(e) for e in re.findall(r'data-test="history-event">(.*?)</td>', page, re.S)]
    assert [e.split(" ")[0] for e in events] == ["首次登记", "查封登记", "轮候查封登记"]


def test_the_api_page_of_a_seized_unit_carries_the_lock_the_seizures_and_their_history(client, people, registered,
                                                                                       send, platform):
    seized_and_queued(send)
    platform.wait_until_idle()

    page = client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["registrar"]).json

    assert page["locked"] is True
    assert [(lk["kind"], lk["authority"], lk["reference"], lk["until"]) for lk in page["locks"]] == [
        ("seizure", "福州市鼓楼区人民法院", GULOU_RULING, "2027-03-15")]
    assert [(s["court"], s["reference"], s["start"], s["end"]) for s in page["seizures"]] == [
        ("gulou-court", GULOU_RULING, "2026-03-16", "2027-03-15")]
    assert [(s["court_name"], s["reference"], s["queue_position"]) for s in page["queued_seizures"]] == [
        ("福州市台江区人民法院", TAIJIANG_RULING, 1)]
    assert [(h["event"], h["djlx"], h["summary"].get("queued")) for h in page["history"]] == [
        ("Registered", "100", None), ("Seized", "800", False), ("Seized", "800", True)]
    owner = client.get(f"/api/v1/units/{GULOU_FLAT}", headers=people["zhangwei"]).json
    assert owner["locks"] == page["locks"] and owner["queued_seizures"] == page["queued_seizures"]


def test_every_registration_of_a_seized_mortgaged_unit_is_a_history_row_in_chinese_words(
        client, people, registered, send, platform, clock, banks):
    proof = whole_life(platform, clock, send, banks)
    login(client, "registrar")

    html = text(client.get(f"/units/{GULOU_FLAT}"))
    page = visible(html)

    events = [visible(e).split(" ")[0] for e in re.findall(r'data-test="history-event">(.*?)</td>', html, re.S)]
    assert events == ["首次登记", "抵押权首次登记", "抵押权首次登记", "查封登记", "轮候查封登记", "续封登记",
                      "解除查封登记", "轮候查封转为查封", "查封期限届满失效", "抵押权注销登记"]
    assert "最高额抵押" in page and "一般抵押" in page
    assert re.findall(r'data-test="cancelled-proof">(.*?)</div>', html) == [proof + "(销)"]
    assert "期限由 2027-03-15 延至 2028-03-15" in page
    assert "无查封、无限制" in page and "无查封" in page
    assert not words(page) & EVENT_NAMES, words(page) & EVENT_NAMES
    assert not words(page) & ENUM_VALUES, words(page) & ENUM_VALUES


def test_in_english_the_history_rows_are_english_words_and_still_no_raw_names(
        client, people, registered, send, platform, clock, banks):
    whole_life(platform, clock, send, banks)
    login(client, "registrar")

    html = text(client.get(f"/units/{GULOU_FLAT}?lang=en"))
    page = visible(html)

    for phrase in ("Queued seizure", "Seizure renewed", "Seizure released", "Queued seizure took effect",
                   "Seizure lapsed", "Mortgage registered", "Mortgage discharged", "General mortgage",
                   "Maximum-amount mortgage"):
        assert phrase in page, phrase
    assert not words(page) & EVENT_NAMES, words(page) & EVENT_NAMES
    english = {"lapsed", "released", "maximum"}  # words of the English wording itself ("Seizure lapsed")
    assert not words(page) & (ENUM_VALUES - english), words(page) & (ENUM_VALUES - english)
