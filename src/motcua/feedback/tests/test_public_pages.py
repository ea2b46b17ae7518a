"""The citizen's pages: tracking with code and key, rating and reopening,
/hoi-dap/ (masked, accent-insensitive, by topic and unit), the site
search, the API; XSS payloads shown as text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.feedback import actions
from motcua.feedback.constants import FeedbackStatus, Topic

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_tracking_needs_the_right_key(client, make_item):
    item = make_item()
    assert client.get(item.tracking_path()).status_code == 200
    assert client.get(reverse("feedback_track", args=[item.code]) + "?k=AAAAAA").status_code == 404
    assert (
        client.get(reverse("feedback_track", args=["PAKN-000000-9999"]) + "?k=AAAAAA").status_code
        == 404
    )
    # Lower case and spaces as typed from paper still work.
    url = reverse("feedback_lookup") + f"?code={item.code.lower()}&key={item.lookup_key.lower()}"
    assert client.get(url)["Location"] == item.tracking_path()


def test_guessing_keys_is_slowed(client, make_item, settings):
    settings.FEEDBACK_LOOKUP_LIMIT = 3
    item = make_item()
    for _ in range(3):
        assert (
            client.get(reverse("feedback_track", args=[item.code]) + "?k=WRONG1").status_code == 404
        )
    assert client.get(item.tracking_path()).status_code == 429


def test_the_citizen_rates_and_reopens_from_the_tracking_page(client, make_item):
    item = make_item("answered")
    page = client.get(item.tracking_path()).content.decode()
    assert "Trả lời mẫu." in page
    response = client.post(
        reverse("feedback_rate", args=[item.code]),
        {"k": item.lookup_key, "rating": "unsatisfied", "comment": "Chưa rõ"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("feedback_reopen", args=[item.code]),
        {"k": item.lookup_key, "reason": "Cần trả lời cụ thể"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == FeedbackStatus.ASSIGNED and item.reopen_count == 1


def test_rating_with_a_wrong_key_or_no_choice_is_refused(client, make_item):
    item = make_item("answered")
    assert (
        client.post(
            reverse("feedback_rate", args=[item.code]), {"k": "ZZZZZZ", "rating": "satisfied"}
        ).status_code
        == 404
    )
    assert (
        client.post(reverse("feedback_rate", args=[item.code]), {"k": item.lookup_key}).status_code
        == 400
    )
    item.refresh_from_db()
    assert item.rating == ""


def test_xss_payloads_are_shown_as_text_on_public_pages(client, make_item):
    item = make_item(
        "answered", title=f"Tiêu đề {XSS}", content=f"Nội dung {XSS}", answer=f"Trả lời {XSS}"
    )
    for url in [
        item.tracking_path(),
        reverse("feedback_answer", args=[item.code]),
        reverse("feedback_answers"),
    ]:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url


def test_answers_are_masked_and_found_without_accents(client, make_item):
    make_item(
        "answered",
        title="Hỏi thủ tục cấp chứng chỉ hành nghề dược",
        content="Tôi là Nguyễn Văn An, điện thoại 0905 123 456, email an@gmail.com.",
        answer="Chào ông Nguyễn Văn An, hồ sơ gồm đơn đề nghị.",
    )
    make_item("answered", title="Lịch tiêm chủng", topic=Topic.DISEASE, consent_publish=False)
    body = client.get(reverse("feedback_answers") + "?q=chung+chi+hanh+nghe").content.decode()
    assert "Hỏi thủ tục cấp chứng chỉ hành nghề dược" in body
    assert "Lịch tiêm chủng" not in body  # no consent: never published
    for secret in ["Nguyễn Văn An", "0905 123 456", "an@gmail.com"]:
        assert secret not in body
    detail = client.get(reverse("feedback_answers") + "?q=xyz").content.decode()
    assert "Hỏi thủ tục" not in detail


def test_answers_filter_by_topic_and_unit(client, make_item, org):
    make_item("answered", title="Câu hỏi dược", topic=Topic.PHARMACY)
    body = client.get(reverse("feedback_answers") + f"?chu_de={Topic.MEDICAL}").content.decode()
    assert "Câu hỏi dược" not in body
    body = client.get(reverse("feedback_answers") + f"?don_vi={org.pharmacy.pk}").content.decode()
    assert "Câu hỏi dược" in body
    body = client.get(reverse("feedback_answers") + f"?don_vi={org.hospital.pk}").content.decode()
    assert "Câu hỏi dược" not in body


def test_the_answers_page_costs_the_same_queries_for_many_answers(
    client, make_item, django_assert_max_num_queries
):
    for n in range(12):
        make_item("answered", title=f"Câu hỏi số {n}")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("feedback_answers"))
    assert response.status_code == 200 and "Câu hỏi số 11" in response.content.decode()


def test_withdrawn_answers_leave_the_public_pages(client, make_item, personas):
    item = make_item("answered")
    assert client.get(reverse("feedback_answer", args=[item.code])).status_code == 200
    actions.do_set_publication(item, acting_user=personas.approver, publish=False)
    assert client.get(reverse("feedback_answer", args=[item.code])).status_code == 404


def test_published_answers_feed_the_site_search(client, make_item):
    make_item(
        "answered",
        title="Hỏi về giấy phép hoạt động phòng khám",
        content="Tôi là Lê Văn Bình, xin hỏi.",
    )
    body = client.get("/tim-kiem/?q=giay+phep+phong+kham").content.decode()
    assert "Hỏi về giấy phép hoạt động phòng khám" in body
    assert "/hoi-dap/PAKN-" in body and "Lê Văn Bình" not in body


def test_the_api_lists_answers_and_looks_up_status(
    client, make_item, django_assert_max_num_queries
):
    item = make_item("answered", content="Số CCCD 056090001234")
    make_item("answered")
    with django_assert_max_num_queries(4):
        data = client.get("/api/v1/feedback/answers?q=chung+chi").json()
    assert data["count"] == 2 and "056090001234" not in str(data)
    assert client.get("/api/v1/feedback/answers?unit=NOPE").status_code == 400
    status = client.get(f"/api/v1/feedback/lookup/{item.code}?key={item.lookup_key}").json()
    assert status["status"] == "answered" and status["answer"] == "Trả lời mẫu."
    assert client.get(f"/api/v1/feedback/lookup/{item.code}?key=WRONG1").status_code == 404


def test_the_staff_api_is_scoped_by_unit(client, make_item, personas):
    make_item()
    assert client.get("/api/v1/feedback/items").status_code == 401
    client.force_login(personas.handler)
    assert len(client.get("/api/v1/feedback/items").json()) == 1
    client.force_login(personas.outsider)
    assert client.get("/api/v1/feedback/items").json() == []
