"""A unit's report: drafted by its focal point, approved by its head,
submitted; who sees and edits what; bad input refused in Vietnamese."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.core.models import AuditEntry, IndicatorSnapshot
from motcua.core.sitelinks import (
    MISSING,
    SiteLink,
    register_link_resolver,
    unregister_link_resolver,
)
from motcua.plans import actions
from motcua.plans.constants import EVIDENCE_MAX_BYTES, ReportStatus
from motcua.plans.models import Evidence, UnitReport
from motcua.plans.tests.conftest import file_report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _only_this_modules_link_resolvers(monkeypatch):
    """The website (cms) registers its resolver for /trang/<id>/ at start-up;
    these tests check the registry with resolvers of their own."""
    from motcua.core import sitelinks

    monkeypatch.setattr(sitelinks, "_RESOLVERS", [])


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def test_focal_point_drafts_head_approves_and_it_is_submitted(plan, org, people):
    report = actions.do_start_report(plan.q1, org.hospital, acting_user=people.focal_point)
    assert report.status == ReportStatus.DRAFT
    actions.do_save_result(
        report,
        plan.a1,
        acting_user=people.focal_point,
        outputs={"articles": 5, "participants": 40},
        spending_vnd=1_500_000,
        narrative="Đăng 5 tin, bài.",
    )
    actions.do_send_report_for_approval(report, acting_user=people.focal_point)
    with pytest.raises(PermissionDenied):  # the focal point cannot approve
        actions.do_approve_report(report, acting_user=people.focal_point)
    actions.do_approve_report(report, acting_user=people.hospital_head)
    report = actions.do_submit_report(report, acting_user=people.focal_point)
    assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None
    assert report.deadline_when_submitted == plan.q1.unit_deadline
    # The automatic figures (campaign messages, website articles) are frozen.
    items = {i["key"]: i for i in report.auto_figures["items"]}
    assert set(items) == {"notifications.campaign_messages_sent", "cms.articles_published"}
    frozen = {s.key: s.value for s in IndicatorSnapshot.objects.for_owner(report)}
    assert set(frozen) == set(items)
    events = list(
        AuditEntry.objects.for_object(report)
        .order_by("created_at", "id")
        .values_list("event", flat=True)
    )
    assert events == [
        "plans.report_created",
        "plans.report_changed",
        "plans.report_sent_for_approval",
        "plans.report_approved",
        "plans.report_submitted",
    ]


def test_submitted_report_cannot_be_edited_only_superseded_with_a_reason(plan, org, people):
    report = file_report(
        plan.q1, org.hospital, plan.a1, focal=people.focal_point, head=people.hospital_head
    )
    with pytest.raises(ValidationError) as exc:
        actions.do_save_result(
            report,
            plan.a3,
            acting_user=people.focal_point,
            outputs={},
            spending_vnd=0,
            narrative="",
        )
    assert "no longer be changed" in str(exc.value) or "không thể" in str(exc.value)
    with pytest.raises(ValidationError):
        actions.do_revise_report(report, acting_user=people.focal_point, reason="  ")
    new = actions.do_revise_report(
        report, acting_user=people.focal_point, reason="Bổ sung số liệu tờ rơi."
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUPERSEDED and not report.is_current
    assert new.version == 2 and new.status == ReportStatus.DRAFT and new.supersedes == report
    assert new.results.get().articles == report.results.get().articles
    # The old version keeps its figures whatever happens to the new one.
    actions.do_save_result(
        new,
        plan.a1,
        acting_user=people.focal_point,
        outputs={"articles": 9},
        spending_vnd=0,
        narrative="",
    )
    assert report.results.get().articles == 3


def test_closed_period_refuses_reports(plan, org, people, client):
    actions.do_close_period(plan.q1, acting_user=people.coordinator)
    with pytest.raises(ValidationError) as exc:
        actions.do_start_report(plan.q1, org.hospital, acting_user=people.focal_point)
    assert "đã đóng" in str(exc.value)
    client.force_login(people.focal_point)
    response = client.post(reverse("plans:report_start", args=[plan.q1.pk, org.hospital.pk]))
    assert response.status_code == 400
    assert not UnitReport.objects.exists()


def test_activity_of_another_unit_is_refused(plan, org, people, client):
    report = actions.do_start_report(plan.q1, org.hospital, acting_user=people.focal_point)
    with pytest.raises(ValidationError) as exc:
        actions.do_save_result(
            report,
            plan.a2,
            acting_user=people.focal_point,
            outputs={},
            spending_vnd=0,
            narrative="",
        )
    assert "Phòng Nghiệp vụ Dược" not in str(exc.value)  # it names the activity and the unit
    assert plan.a2.title in str(exc.value)
    client.force_login(people.focal_point)
    url = reverse("plans:report_result", args=[report.pk, plan.a2.pk])
    assert client.get(url).status_code == 400
    response = client.post(url, {"articles": "2", "spending_vnd": "0"})
    assert response.status_code == 400
    assert not report.results.exists()


def test_numbers_must_be_non_negative_whole_numbers_and_money_in_dong(plan, org, people, client):
    report = actions.do_start_report(plan.q1, org.hospital, acting_user=people.focal_point)
    client.force_login(people.focal_point)
    url = reverse("plans:report_result", args=[report.pk, plan.a1.pk])
    for bad in (
        {"articles": "-1"},
        {"articles": "2,5"},
        {"spending_vnd": "1,5"},
        {"spending_vnd": "-100"},
    ):
        data = {"articles": "1", "spending_vnd": "0", "narrative": "Đã làm", **bad}
        response = client.post(url, data)
        assert response.status_code == 400, bad
        assert 'value="Đã làm"' not in response.text  # a textarea keeps it as content
        assert "Đã làm" in response.text  # nothing typed is lost
    assert not report.results.exists()
    response = client.post(
        url, {"articles": "1.200", "spending_vnd": "1.500.000 đ", "narrative": ""}
    )
    assert response.status_code == 302
    result = report.results.get()
    assert result.articles == 1200 and result.spending_vnd == 1_500_000


def test_focal_point_sees_and_edits_only_their_units_reports(plan, org, people, client):
    mine = actions.do_start_report(plan.q1, org.hospital, acting_user=people.focal_point)
    theirs = actions.do_start_report(plan.q1, org.pharmacy, acting_user=people.pharmacy_focal)
    client.force_login(people.focal_point)
    assert client.get(reverse("plans:report_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("plans:report_detail", args=[theirs.pk])).status_code == 404
    assert (
        client.post(reverse("plans:report_transition", args=[theirs.pk, "trinh-duyet"])).status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        actions.do_start_report(plan.q1, org.pharmacy, acting_user=people.focal_point)
    # The coordinator (Văn phòng Sở) sees every unit's report and the completeness view.
    client.force_login(people.coordinator)
    assert client.get(reverse("plans:report_detail", args=[theirs.pk])).status_code == 200
    assert (
        client.get(reverse("plans:period_detail", args=[plan.plan.pk, plan.q1.pk])).status_code
        == 200
    )
    # …but does not file them.
    with pytest.raises(PermissionDenied):
        actions.do_save_report_narrative(theirs, acting_user=people.coordinator, narrative="x")
    # A focal point does not see the Department's completeness view; an outsider sees nothing.
    client.force_login(people.focal_point)
    assert (
        client.get(reverse("plans:period_detail", args=[plan.plan.pk, plan.q1.pk])).status_code
        == 404
    )
    client.force_login(people.outsider)
    assert client.get(reverse("plans:plan_detail", args=[plan.plan.pk])).status_code == 404
    assert client.get(reverse("plans:report_detail", args=[mine.pk])).status_code == 404


def test_web_workflow_buttons(plan, org, people, client):
    report = actions.do_start_report(plan.q1, org.hospital, acting_user=people.focal_point)
    client.force_login(people.focal_point)
    url = reverse("plans:report_transition", args=[report.pk, "trinh-duyet"])
    response = client.post(url)
    assert response.status_code == 400  # nothing reported yet
    assert "at least one activity" in response.text or "ít nhất một hoạt động" in response.text
    client.post(
        reverse("plans:report_result", args=[report.pk, plan.a1.pk]),
        {"articles": "2", "spending_vnd": "0"},
    )
    assert client.post(url).status_code == 302
    client.force_login(people.hospital_head)
    response = client.post(
        reverse("plans:report_transition", args=[report.pk, "tra-lai"]), {"comment": ""}
    )
    assert response.status_code == 400
    assert (
        client.post(reverse("plans:report_transition", args=[report.pk, "duyet"])).status_code
        == 302
    )
    assert (
        client.post(reverse("plans:report_transition", args=[report.pk, "gui"])).status_code == 302
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_evidence_links_must_point_to_this_site_and_exist(
    plan, org, people, client, settings, monkeypatch
):
    from motcua.core import sitelinks

    monkeypatch.setattr(sitelinks, "_RESOLVERS", [])  # only the test's resolver answers
    settings.SITE_URL = "https://syt.example.gov.vn"
    report = actions.do_start_report(plan.q1, org.hospital, acting_user=people.focal_point)
    result = actions.do_save_result(
        report,
        plan.a1,
        acting_user=people.focal_point,
        outputs={"articles": 1},
        spending_vnd=0,
        narrative="",
    )
    add = lambda url: actions.do_add_evidence(  # noqa: E731
        result, acting_user=people.focal_point, kind="link", url=url
    )
    for bad in (
        "https://example.com/bai-viet/",
        "javascript:alert(1)",
        "//evil.test/x",
        "/can-bo/ke-hoach/",
    ):
        with pytest.raises(ValidationError):
            add(bad)

    def resolver(path: str):
        if path.startswith("/trang/"):
            return (
                SiteLink(path=path, kind="page", object_id="12", title="Tin CCHC", verified=True)
                if path == "/trang/12/"
                else MISSING
            )
        return None

    register_link_resolver(resolver)
    try:
        with pytest.raises(ValidationError) as exc:
            add("https://syt.example.gov.vn/trang/999/")
        assert "/trang/999/" in str(exc.value)
        evidence = add("https://syt.example.gov.vn/trang/12/")
        assert (
            evidence.verified and evidence.link_object_id == "12" and evidence.title == "Tin CCHC"
        )
        # Without a resolver claiming it, a path on this site is kept, unverified.
        assert not add("/tin-tuc/").verified
        client.force_login(people.focal_point)
        response = client.post(
            reverse("plans:evidence_add", args=[report.pk, plan.a1.pk]),
            {"evidence": "link", "link-url": "/trang/999/", "link-title": ""},
        )
        assert response.status_code == 400
    finally:
        unregister_link_resolver(resolver)


def test_uploads_are_checked_for_size_and_real_type(plan, org, people, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = actions.do_start_report(plan.q1, org.hospital, acting_user=people.focal_point)
    result = actions.do_save_result(
        report,
        plan.a1,
        acting_user=people.focal_point,
        outputs={"articles": 1},
        spending_vnd=0,
        narrative="",
    )
    client.force_login(people.focal_point)
    url = reverse("plans:evidence_add", args=[report.pk, plan.a1.pk])
    fake = SimpleUploadedFile("anh.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = client.post(url, {"evidence": "upload", "upload-kind": "photo", "upload-file": fake})
    assert response.status_code == 400
    assert "A photo must be a JPEG" in response.text or "Ảnh phải" in response.text
    big = SimpleUploadedFile("lon.pdf", b"%PDF-1.4\n" + b"0" * (EVIDENCE_MAX_BYTES + 1))
    response = client.post(url, {"evidence": "upload", "upload-kind": "file", "upload-file": big})
    assert response.status_code == 400
    assert "too large" in response.text or "quá lớn" in response.text
    photo = SimpleUploadedFile("hội nghị.png", _png(), content_type="application/octet-stream")
    response = client.post(
        url,
        {"evidence": "upload", "upload-kind": "photo", "upload-file": photo, "upload-title": ""},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(result=result)
    assert evidence.content_type == "image/png" and evidence.original_name == "hội nghị.png"
    assert not evidence.file.name.endswith("hội nghị.png")  # stored under a random name
    download = client.get(reverse("plans:evidence_file", args=[evidence.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "image/png"
    # Another unit's focal point cannot fetch it.
    client.force_login(people.pharmacy_focal)
    assert client.get(reverse("plans:evidence_file", args=[evidence.pk])).status_code == 404


def test_report_pages_render_for_each_step(plan, org, people, client):
    report = file_report(
        plan.q1, org.hospital, plan.a1, focal=people.focal_point, head=people.hospital_head
    )
    client.force_login(people.focal_point)
    page = client.get(reverse("plans:report_detail", args=[report.pk]))
    assert page.status_code == 200 and plan.a1.title in page.text
    assert (
        client.get(reverse("plans:report_result", args=[report.pk, plan.a1.pk])).status_code == 200
    )
    assert client.get(reverse("plans:plan_list")).status_code == 200
