"""Back-office URLs of dossiers, mounted at /can-bo/ho-so/ (namespace
``office``) in ``src/motcua/urls.py``."""

from django.urls import path

from motcua.dossiers import office_views

app_name = "office"

urlpatterns = [
    path("", office_views.queue, name="queue"),
    path("tiep-nhan/", office_views.intake, name="intake"),
    path("<int:pk>/", office_views.detail, name="detail"),
    path("<int:pk>/tep/<int:file_pk>/", office_views.dossier_file, name="file"),
    path(
        "<int:pk>/xin-loi/<int:letter_pk>/duyet/",
        office_views.approve_apology,
        name="approve_apology",
    ),
    path("<int:pk>/<slug:step>/", office_views.step, name="step"),
]
