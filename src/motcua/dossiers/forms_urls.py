"""URLs of the one-stop forms, the register and the statistics, mounted at
the site root (``path("", include("motcua.dossiers.forms_urls"))``, before
the back office's ``can-bo/ho-so/`` include). No namespace: the names are
``dossier_form`` (pk, number, ext), ``dossier_mine_form`` (the applicant's
Mẫu 01 / 04), ``dossier_register`` and ``dossier_stats``."""

from django.urls import path, register_converter

from motcua.dossiers import forms_views


class FormExtension:
    regex = "pdf|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormExtension, "formext")

urlpatterns = [
    path(
        "can-bo/ho-so/<int:pk>/mau-<int:number>.<formext:ext>",
        forms_views.staff_form,
        name="dossier_form",
    ),
    path("can-bo/ho-so/so-theo-doi/", forms_views.register_view, name="dossier_register"),
    path("can-bo/ho-so/thong-ke/", forms_views.stats_view, name="dossier_stats"),
    path(
        "tai-khoan/ho-so/<int:pk>/mau-<int:number>.<formext:ext>",
        forms_views.citizen_form,
        name="dossier_mine_form",
    ),
]
