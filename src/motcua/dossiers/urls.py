"""Citizen URLs of dossiers, mounted at the root (``src/motcua/urls.py``).

``/nop-ho-so/<procedure code>/`` is printed on paper and linked from the
catalogue: never change it (DESIGN.md §4). "Hồ sơ của tôi" lists at
``/tai-khoan/ho-so-cua-toi/`` (``/tai-khoan/ho-so/`` is the account profile)
and shows one dossier at ``/tai-khoan/ho-so/<pk>/``, under which the
acknowledgement PDF lives (``lookup_urls``)."""

from django.urls import path

from motcua.dossiers import views

urlpatterns = [
    path("nop-ho-so/<str:code>/", views.submit_start, name="dossier_submit"),
    path(
        "nop-ho-so/<str:code>/<int:pk>/nguoi-nop/",
        views.step_applicant,
        name="dossier_step_applicant",
    ),
    path(
        "nop-ho-so/<str:code>/<int:pk>/giay-to/",
        views.step_documents,
        name="dossier_step_documents",
    ),
    path(
        "nop-ho-so/<str:code>/<int:pk>/nhan-ket-qua/",
        views.step_delivery,
        name="dossier_step_delivery",
    ),
    path(
        "nop-ho-so/<str:code>/<int:pk>/kiem-tra/",
        views.step_review,
        name="dossier_step_review",
    ),
    path("nop-ho-so/<str:code>/<int:pk>/da-nop/", views.submitted, name="dossier_submitted"),
    path("tai-khoan/ho-so-cua-toi/", views.my_dossiers, name="dossier_mine"),
    path("tai-khoan/ho-so/<int:pk>/", views.my_dossier_detail, name="dossier_mine_detail"),
    path(
        "tai-khoan/ho-so/<int:pk>/tep/<int:file_pk>/",
        views.my_dossier_file,
        name="dossier_mine_file",
    ),
    path(
        "tai-khoan/ho-so/<int:pk>/bo-sung/<int:request_pk>/",
        views.my_dossier_supplement,
        name="dossier_mine_supplement",
    ),
    path("tai-khoan/ho-so/<int:pk>/rut/", views.my_dossier_withdraw, name="dossier_mine_withdraw"),
    path("tai-khoan/ho-so/<int:pk>/xoa/", views.my_draft_delete, name="dossier_draft_delete"),
]
