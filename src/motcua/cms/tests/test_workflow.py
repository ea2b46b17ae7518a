"""Editorial workflow: editors draft and submit, content approvers publish;
scheduled publishing; revisions; the optional restriction of editors and
approvers to their units' pages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, TaskState, Workflow
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from motcua.cms.models import NewsPage, UnitApprovalTask, WebsiteSettings
from motcua.cms.tests.helpers import add_news
from motcua.org.actions import do_grant_role, do_revoke_role
from motcua.org.constants import Role
from motcua.org.models import Membership
from motcua.testing.factories import make_member

pytestmark = pytest.mark.django_db


def news_form(unit_id: int, *, title: str = "Tin mới của Văn phòng", **extra: str) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": "tin-moi-cua-van-phong",
            "summary": "Tóm tắt tin mới.",
            "unit": unit_id,
            "date": "2026-11-20",
            "byline": "",
            "lead_image": "",
            "lead_image_alt": "",
            "lead_image_caption": "",
            "body": streamfield([("paragraph", rich_text("<p>Nội dung tin.</p>"))]),
            "related_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )
    data.update(extra)
    return data


def add_url(site) -> str:
    return reverse("wagtailadmin_pages:add", args=("cms", "newspage", site.news.pk))


# ------------------------------------------------------------- workflow
def test_the_workflow_and_groups_have_vietnamese_names(db):
    workflow = Workflow.objects.get(active=True)
    assert workflow.name == "Duyệt tin bài trước khi xuất bản"
    task = workflow.tasks.get().specific
    assert isinstance(task, UnitApprovalTask) and task.name == "Lãnh đạo duyệt"
    assert list(task.groups.values_list("name", flat=True)) == ["Người duyệt nội dung"]
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Biên tập viên",
        "Người duyệt nội dung",
    }


def test_roles_give_the_admin_groups(personas, org):
    assert personas.editor.groups.filter(name="Biên tập viên").exists()
    assert personas.approver.groups.filter(name="Người duyệt nội dung").exists()
    assert personas.sysadmin.groups.filter(name="Người duyệt nội dung").exists()
    assert not personas.handler.groups.exists()
    # An approver who is also a system administrator keeps the group while either role is held.
    do_grant_role(personas.sysadmin, org.pharmacy, Role.APPROVER, acting_user=None)
    do_revoke_role(
        Membership.objects.get(user=personas.sysadmin, role=Role.APPROVER), acting_user=None
    )
    assert personas.sysadmin.groups.filter(name="Người duyệt nội dung").exists()
    do_revoke_role(
        Membership.objects.get(user=personas.approver, role=Role.APPROVER), acting_user=None
    )
    assert not personas.approver.groups.exists()


def test_an_editor_cannot_publish_directly(client, site, personas, org):
    client.force_login(personas.editor)
    response = client.post(add_url(site), news_form(org.office.pk, **{"action-publish": "1"}))
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="tin-moi-cua-van-phong")
    assert not page.live
    assert not page.permissions_for_user(personas.editor).can_publish()
    assert client.get("/tin-tuc/tin-moi-cua-van-phong/").status_code == 404


def test_editor_submits_and_an_approver_publishes(client, site, personas, org):
    client.force_login(personas.editor)
    response = client.post(add_url(site), news_form(org.office.pk, **{"action-submit": "1"}))
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="tin-moi-cua-van-phong")
    assert not page.live
    task_state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    assert task_state.workflow_state.requested_by == personas.editor

    # The editor cannot approve their own submission.
    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    assert client.post(url).status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live

    client.force_login(personas.approver)
    assert client.get("/admin/").status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert client.get("/tin-tuc/tin-moi-cua-van-phong/").status_code == 200


def test_an_unfinished_article_cannot_be_submitted(client, site, personas, org):
    client.force_login(personas.editor)
    data = news_form(org.office.pk, **{"action-submit": "1"})
    data["summary"] = ""
    response = client.post(add_url(site), data)
    assert response.status_code == 200  # the form again, with its errors
    assert not NewsPage.objects.filter(slug="tin-moi-cua-van-phong").exists()


def test_handlers_and_citizens_do_not_reach_the_admin(client, personas):
    for user in (personas.handler, personas.citizen):
        client.force_login(user)
        assert client.get("/admin/").status_code in (302, 403)


def test_scheduled_publishing_goes_live_when_the_timer_runs(site, org):
    page = add_news(site.news, title="Tin hẹn giờ", unit=org.office, live=False)
    page.go_live_at = timezone.now() + timedelta(hours=1)
    page.save_revision().publish()
    page.refresh_from_db()
    assert not page.live
    # The hour passes.
    revision = page.latest_revision
    past = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_every_save_is_kept_as_a_revision(client, site, org, personas):
    page = add_news(site.news, title="Tin", unit=org.office)
    page.title = "Tin đã sửa"
    page.save_revision(user=personas.editor)
    assert page.revisions.count() == 2
    client.force_login(personas.approver)
    response = client.get(reverse("wagtailadmin_pages:history", args=(page.pk,)))
    assert response.status_code == 200


# ----------------------------------------------------- unit restriction
@pytest.fixture
def restricted(site, org, personas):
    settings = WebsiteSettings.load()
    settings.department = org.dept
    settings.restrict_editors_to_units = True
    settings.save()
    return make_member(Role.EDITOR, org.hospital, email="bientap.benhvien@motcua.test")


def test_without_the_restriction_editors_edit_every_page(client, site, org):
    hospital_editor = make_member(Role.EDITOR, org.hospital, email="bv@motcua.test")
    page = add_news(site.news, title="Tin của Văn phòng", unit=org.office)
    client.force_login(hospital_editor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).status_code == 200


def test_restricted_editors_edit_only_their_units_pages(client, site, org, restricted):
    office_news = add_news(site.news, title="Tin của Văn phòng", unit=org.office)
    hospital_news = add_news(site.news, title="Tin của Bệnh viện", unit=org.hospital)
    client.force_login(restricted)
    refused = client.get(reverse("wagtailadmin_pages:edit", args=(office_news.pk,)))
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_explore", args=(site.news.pk,))
    assert (
        client.get(reverse("wagtailadmin_pages:edit", args=(hospital_news.pk,))).status_code == 200
    )
    assert (
        client.get(reverse("wagtailadmin_pages:delete", args=(office_news.pk,))).status_code == 302
    )
    # Pages of the whole site belong to the Department.
    assert client.get(reverse("wagtailadmin_pages:edit", args=(site.home.pk,))).status_code == 302


def test_restricted_editors_choose_only_their_units(client, site, org, restricted):
    client.force_login(restricted)
    html = client.get(add_url(site)).text
    assert "Bệnh viện Đa khoa tỉnh" in html
    assert f'<option value="{org.office.pk}"' not in html
    response = client.post(add_url(site), news_form(org.office.pk))
    assert response.status_code == 200  # refused choice
    assert not NewsPage.objects.filter(slug="tin-moi-cua-van-phong").exists()


def test_restricted_approvers_approve_only_their_units_pages(site, org, personas, restricted):
    task = UnitApprovalTask.objects.get()
    office_news = Page.objects.get(pk=add_news(site.news, title="Văn phòng", unit=org.office).pk)
    pharmacy_news = Page.objects.get(pk=add_news(site.news, title="Dược", unit=org.pharmacy).pk)
    assert task.get_actions(office_news, personas.approver) == []
    assert [a[0] for a in task.get_actions(pharmacy_news, personas.approver)][:2] == [
        "reject",
        "approve",
    ]
    assert task.locked_for_user(office_news, personas.approver)
    department_editor = make_member(Role.EDITOR, org.dept, email="bientap.so@motcua.test")
    assert client_can_edit(department_editor, site.home)


def client_can_edit(user, page) -> bool:
    from motcua.cms.selectors import may_edit_page

    return may_edit_page(user, page)
