"""Platform-wide behaviour: health check, error pages, security settings."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from motcua.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db


def test_healthz_ok_with_immediate_tasks(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "worker", "storage"}


def test_healthz_503_without_a_live_worker(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False
    WorkerHeartbeat.objects.create(
        worker_id="w1",
        hostname="h",
        pid=1,
        started_at=timezone.now(),
        last_seen_at=timezone.now() - timedelta(minutes=5),
    )
    assert client.get("/healthz").status_code == 503
    WorkerHeartbeat.objects.filter(worker_id="w1").update(last_seen_at=timezone.now())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["worker"]["workers"] == 1


def test_unknown_url_gets_vietnamese_404(client):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.text
    assert 'lang="vi"' in response.text


def test_server_error_page_is_vietnamese_and_reveals_nothing(rf):
    from motcua.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in text
    assert "Traceback" not in text


def test_server_error_page_answers_even_when_its_template_breaks(rf, monkeypatch):
    from django.template import loader

    from motcua.core.views import server_error

    def broken(name):
        raise ValueError("Missing staticfiles manifest entry for 'motcua/css/site.css'")

    monkeypatch.setattr(loader, "get_template", broken)
    response = server_error(rf.get("/"))
    assert response.status_code == 500
    text = response.content.decode()
    assert "Hệ thống đang gặp sự cố" in text
    assert "manifest" not in text


def test_post_without_csrf_token_is_refused_in_vietnamese(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/tai-khoan/login/", {"login": "a@b.vn", "password": "x"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.text


def test_security_headers_on_public_and_admin_pages(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    admin = client.get("/admin/login/", follow=False)
    assert admin["X-Frame-Options"] == "SAMEORIGIN"


def test_language_switch_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in response.text
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/"}, follow=True)
    assert 'lang="vi"' in response.text


def test_home_links_to_the_national_portal_and_shows_hotline(client):
    text = client.get("/").text
    assert "https://dichvucong.gov.vn" in text
    assert "0258 3822 957" in text


def test_coming_services_say_so_at_their_stable_urls(client):
    # The surveys issue switched /khao-sat/ on: the list is live, and an
    # unknown survey address is a plain 404, no longer "coming soon".
    response = client.get("/khao-sat/")
    assert response.status_code == 200
    assert "sắp được cung cấp" not in response.text
    assert client.get("/khao-sat/sipas/").status_code == 404


def test_news_and_the_home_page_are_served_by_the_website(client):
    """The website issue switched these on: Wagtail pages made by migration."""
    for url, mark in [("/", 'class="hero"'), ("/tin-tuc/", 'class="news-list"')]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert mark in response.text, url


def test_check_deploy_reports_nothing_with_production_variables(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "MOTCUA_TESTING": "0",
        "DJANGO_SETTINGS_MODULE": "motcua.settings",
        "PYTHONPATH": "src",
        "SECRET_KEY": "x" * 64 + "Y7#kq9!zPq",
        "ALLOWED_HOSTS": "syt.example.gov.vn",
        "SITE_URL": "https://syt.example.gov.vn",
        "MOTCUA_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_editors_reach_the_wagtail_admin_and_handlers_do_not(client, personas):
    client.force_login(personas.editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    client.force_login(personas.handler)
    response = client.get("/admin/")
    assert response.status_code in (302, 403)


def test_wagtail_admin_user_screens_work_with_the_email_user(client, personas, django_user_model):
    admin = django_user_model.objects.create_superuser(email="su@motcua.test", password="x")
    client.force_login(admin)
    for url in [
        "/admin/",
        "/admin/users/",
        f"/admin/users/edit/{personas.citizen.pk}/",
        "/admin/users/new/",
        "/admin/pages/",
    ]:
        assert client.get(url).status_code == 200, url


def test_vietnamese_even_when_the_browser_asks_for_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="vi"' in response.text
    assert response["Content-Language"] == "vi"


@pytest.mark.parametrize(
    "url", ["/", "/tai-khoan/signup/", "/tai-khoan/login/", "/tai-khoan/password/reset/"]
)
def test_every_layout_shows_the_department_and_hotline(client, url):
    text = client.get(url).text
    assert "Sở Y tế tỉnh Khánh Hòa" in text
    assert "0258 3822 957" in text
