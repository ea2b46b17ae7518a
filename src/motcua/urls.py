"""Public URLs are printed on paper (QR codes on receipts and posters):
never change them (DESIGN.md §4)."""

from functools import partial

from django.conf import settings
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from motcua.api.main import api
from motcua.core import views as core_views
from motcua.notifications import views as notification_views

handler400 = "motcua.core.views.bad_request"
handler403 = "motcua.core.views.permission_denied"
handler404 = "motcua.core.views.page_not_found"
handler500 = "motcua.core.views.server_error"


def _coming(service: str, route: str, name: str):
    return path(route, partial(core_views.coming_soon, service=service), name=name)


urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("tai-khoan/", include("allauth.urls")),
    path("can-bo/", include("motcua.org.urls")),
    # Communication plans and their reports (motcua.plans).
    path("can-bo/ke-hoach/", include("motcua.plans.urls")),
    # One sign-in for everyone, with the second factor: Wagtail's own form
    # would let a password alone into the admin.
    path("admin/login/", core_views.admin_login_redirect, name="admin_login_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("dev/hop-thu/", core_views.dev_mailbox, name="dev_mailbox"),
    # Notifications: preferences, phone, unsubscribe link, /can-bo/thong-bao/.
    path("", include("motcua.notifications.urls")),
    path("dev/tin-nhan/", notification_views.dev_sms, name="dev_sms"),
    # REST API (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).
    path("api/v1/", api.urls),
    # Stable URLs of services that later issues switch on.
    # Procedure catalogue (motcua.procedures): /thu-tuc/, staff /can-bo/thu-tuc/.
    path("thu-tuc/", include("motcua.procedures.urls")),
    path("can-bo/thu-tuc/", include("motcua.procedures.staff_urls")),
    # Online submission (/nop-ho-so/<code>/) and "Hồ sơ của tôi" (motcua.dossiers).
    path("", include("motcua.dossiers.urls")),
    # Dossier lookup (/tra-cuu/, the QR target), acknowledgement PDF, API tokens.
    path("", include("motcua.dossiers.lookup_urls")),
    # The seven one-stop forms, the register and statistics (before the
    # back office's catch-all <pk> routes).
    path("", include("motcua.dossiers.forms_urls")),
    # The one-stop back office: queues, intake, dossier pages, actions.
    path("can-bo/ho-so/", include("motcua.dossiers.office_urls")),
    # Feedback (motcua.feedback): /phan-anh-kien-nghi/, /hoi-dap/, /can-bo/phan-anh/.
    path("", include("motcua.feedback.urls")),
    # Satisfaction surveys: public pages, campaign management, indices.
    path("khao-sat/", include("motcua.surveys.urls")),
    path("can-bo/khao-sat/chi-so/", include("motcua.surveys.indices_urls")),
    path("can-bo/khao-sat/", include("motcua.surveys.staff_urls")),
    # Fees and payments: the payer's pages, the providers' pages, staff.
    path("thanh-toan/", include("motcua.payments.provider_urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("can-bo/thanh-toan/", include("motcua.payments.staff_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# The website (motcua.cms): search, robots.txt, sitemap, stable ids.
urlpatterns.append(path("", include("motcua.cms.urls")))
# Wagtail serves editorial pages at every other path: the home page "/",
# the news at /tin-tuc/, guides, documents, contact.
urlpatterns.append(path("", include(wagtail_urls)))
