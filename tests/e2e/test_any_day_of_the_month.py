"""The whole transfer on the days of the month that trip date handling: a single-digit day (the 2nd, which
OpenSSL prints as "Mar  2" and broke CI once), the last day of a month and the first working day of a year.
The clock is injected, so the day is chosen here, never taken from the machine."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta

import pytest

from adapters.clock import REGISTRY_TZ, FixedClock
from tests.e2e.api import eventually, file_settled_case

DAYS = [datetime(2026, 11, 2, 9, 5, tzinfo=REGISTRY_TZ), datetime(2026, 8, 31, 16, 40, tzinfo=REGISTRY_TZ),
        datetime(2027, 1, 4, 8, 30, tzinfo=REGISTRY_TZ)]


@pytest.fixture(params=DAYS, ids=[d.strftime("%Y-%m-%d") for d in DAYS])
def clock(request):
    return FixedClock(request.param)


def test_a_transfer_filed_paid_and_approved_on_any_day_gets_its_certificate_dated_that_day(client, people, clock,
                                                                                          platform):
    today = clock.now().date()
    case_id = file_settled_case(client, people, contract_date=(today - timedelta(days=1)).isoformat())
    approved = client.post(f"/api/v1/transfers/{case_id}/approve", headers=people["registrar"])
    assert approved.status_code == 200, approved.json

    def certificates():
        return client.get(f"/api/v1/transfers/{case_id}", headers=people["lina"]).json.get("certificates")
    [certificate] = eventually(certificates, timeout=30)
    assert certificate["number"] == f"闽({today.year})福州市不动产权第0000002号"
    pdf = client.get(f"/api/v1/certificates/{certificate['certificate_id']}.pdf", headers=people["lina"]).data
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert f"{today.year}年{today.month:02d}月{today.day:02d}日" in text
    verdict = client.post("/api/v1/certificates/verify", data=pdf, content_type="application/pdf").json
    assert verdict["signature"]["ok"] and verdict["certificate"]["status"] == "current"
