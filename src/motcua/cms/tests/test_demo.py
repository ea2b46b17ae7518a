"""The demo website: complete, idempotent, every page answers."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, TaskState

from motcua.cms.demo_content import DOCUMENTS
from motcua.cms.models import DocumentPage, GuidePage, HomePage, NewsPage

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Page.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
        TaskState.objects.count(),
    )


def test_demo_website_is_complete_and_idempotent(client, settings):
    settings.HTTPS = False
    call_command("demo", "--quiet-logins")
    first = _counts()
    call_command("demo", "--quiet-logins")
    assert _counts() == first

    home = HomePage.objects.get()
    assert [s.text for s in home.slogans.all()][1] == "Dân chủ, nhanh gọn, đúng luật"
    assert NewsPage.objects.live().count() >= 5
    assert GuidePage.objects.live().count() == 7
    plans = DocumentPage.objects.live().filter(slug__in=[d["slug"] for d in DOCUMENTS])
    assert plans.count() == 2
    for plan in plans:
        assert plan.file.file_extension in ("pdf", "docx")
        with plan.file.file.open("rb") as handle:
            head = handle.read(5)
        assert head == b"%PDF-" or head.startswith(b"PK\x03\x04")
    for image in get_image_model().objects.all():
        assert image.description, image.title

    # One article waits for the approver.
    pending = NewsPage.objects.get(live=False)
    assert pending.current_workflow_task is not None

    for page in Page.objects.live().filter(depth__gt=1):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    assert "tiếp nhận" in client.get("/tim-kiem/", {"q": "tiep nhan"}).text.lower()
