"""API: procedures list/search/detail and calendar/due-date."""

from __future__ import annotations

import pytest

from motcua.testing.procedure_factories import ProcedureFactory

pytestmark = pytest.mark.django_db


def test_the_list_is_public_filtered_and_costs_a_fixed_number_of_queries(
    client, catalogue, org, django_assert_max_num_queries
):
    for _ in range(20):
        ProcedureFactory(unit=org.pharmacy, field=catalogue.duoc, online=False)
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/procedures", {"limit": 50})
    body = response.json()
    assert response.status_code == 200 and body["count"] == 23
    codes = {p["code"] for p in body["results"]}
    assert "9.999999" not in codes  # draft only
    gcn = next(p for p in body["results"] if p["code"] == "1.014076")
    assert (
        gcn["accepts_online"]
        and gcn["fee_total_vnd"] == 5_000_000
        and gcn["deadline_unit"] == "days"
    )
    kcb = client.get("/api/v1/procedures", {"field": "kcb"}).json()
    assert [p["code"] for p in kcb["results"]] == ["SYT-KCB-02"]
    assert (
        kcb["results"][0]["deadline_amount"] is None and kcb["results"][0]["fee_total_vnd"] is None
    )
    online = client.get("/api/v1/procedures", {"level": "online", "q": "duoc"}).json()
    assert [p["code"] for p in online["results"]] == ["1.014076"]


def test_bad_filters_are_400(client, catalogue):
    assert client.get("/api/v1/procedures", {"level": "fast"}).status_code == 400
    assert client.get("/api/v1/procedures", {"field": "nope"}).status_code == 400
    assert client.get("/api/v1/procedures", {"limit": 1000}).status_code == 400
    assert client.get("/api/v1/procedures/search", {"q": "  "}).status_code == 400


def test_search_without_accents(client, catalogue):
    hits = client.get("/api/v1/procedures/search", {"q": "chung chi hanh nghe duoc"}).json()
    assert [h["code"] for h in hits] == ["SYT-DUOC-02"]
    assert hits[0]["url"].endswith("/thu-tuc/SYT-DUOC-02/")


def test_detail(client, catalogue):
    body = client.get("/api/v1/procedures/1.014076").json()
    assert [f["amount_vnd"] for f in body["fee_lines"]] == [4_000_000, 1_000_000]
    assert len(body["documents"]) == 2 and body["documents"][0]["required"]
    assert body["submit_url"].endswith("/nop-ho-so/1.014076/")
    assert client.get("/api/v1/procedures/9.999999").status_code == 404
    assert client.get("/api/v1/procedures/SYT-DUOC-02").json()["submit_url"] is None


def test_due_date_from_an_amount_lists_the_days_off(client):
    response = client.get(
        "/api/v1/calendar/due-date",
        {"start": "2026-02-13T09:30:00+07:00", "amount": "5", "unit": "working_days"},
    )
    body = response.json()
    assert response.status_code == 200
    assert body["due_at"].startswith("2026-02-27T17:00:00")
    assert len(body["days_off"]) == 9 and body["days_off"][0] == {
        "date": "2026-02-14",
        "reason": "Thứ Bảy",
    }


def test_due_date_from_a_procedure_code(client, catalogue):
    body = client.get(
        "/api/v1/calendar/due-date", {"start": "2026-03-02T09:00:00", "procedure": "SYT-DUOC-02"}
    ).json()
    assert body["procedure"] == "SYT-DUOC-02" and body["unit"] == "days"
    assert body["due_at"].startswith("2026-03-23T17:00:00")  # 20 days end on a Sunday
    unknown = client.get(
        "/api/v1/calendar/due-date", {"start": "2026-03-02T09:00:00", "procedure": "SYT-KCB-02"}
    ).json()
    assert unknown["due_at"] is None and unknown["note"]


def test_due_date_bad_input_is_400_or_404(client, catalogue):
    url = "/api/v1/calendar/due-date"
    assert client.get(url, {"start": "hôm qua", "amount": "5", "unit": "days"}).status_code == 400
    assert client.get(url, {"amount": "5", "unit": "weeks"}).status_code == 400
    assert client.get(url, {"amount": "-1", "unit": "days"}).status_code == 400
    assert client.get(url, {"amount": "nan", "unit": "days"}).status_code == 400
    assert client.get(url, {"amount": "99999", "unit": "days"}).status_code == 400
    assert client.get(url, {}).status_code == 400
    assert (
        client.get(url, {"procedure": "SYT-DUOC-02", "amount": "5", "unit": "days"}).status_code
        == 400
    )
    assert client.get(url, {"procedure": "0.000000"}).status_code == 404
