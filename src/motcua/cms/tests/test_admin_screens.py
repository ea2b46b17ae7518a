"""The admin screens editors use for the website answer (forms of every
page type, settings, news categories, the dashboard's review list)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from motcua.cms.models import NewsCategory
from motcua.cms.tests.helpers import add_document, add_guide, add_news, make_image

pytestmark = pytest.mark.django_db


def test_every_page_type_can_be_created_and_edited(client, site, org, personas):
    news = add_news(site.news, title="Tin", unit=org.office, image=make_image())
    guide = add_guide(site.guides, title="Hướng dẫn", unit=org.office)
    document = add_document(site.library, title="Văn bản", unit=org.office)
    client.force_login(personas.editor)
    for parent, model in [
        (site.news, "newspage"),
        (site.guides, "guidepage"),
        (site.library, "documentpage"),
        (site.home, "standardpage"),
    ]:
        url = reverse("wagtailadmin_pages:add", args=("cms", model, parent.pk))
        assert client.get(url).status_code == 200, model
    for page in [
        site.home,
        site.news,
        site.guides,
        site.library,
        site.contact,
        news,
        guide,
        document,
    ]:
        url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
        assert client.get(url).status_code == 200, page


def test_settings_categories_and_review_list_answer(client, personas, site):
    NewsCategory.objects.create(name="Cải cách hành chính", slug="cai-cach-hanh-chinh")
    admin = get_user_model().objects.create_superuser(email="su@motcua.test", password="x")
    client.force_login(admin)
    assert client.get("/admin/settings/cms/websitesettings/", follow=True).status_code == 200
    assert client.get("/admin/snippets/cms/newscategory/").status_code == 200
    client.force_login(personas.editor)
    assert client.get("/admin/snippets/cms/newscategory/").status_code == 200
    client.force_login(personas.approver)
    assert client.get("/admin/").status_code == 200
