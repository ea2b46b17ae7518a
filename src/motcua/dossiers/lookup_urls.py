"""Lookup (``/tra-cuu/``, the QR target printed on paper: never change these
paths, DESIGN.md §4), the acknowledgement PDF and the citizen's API tokens.
Included at the site root by ``motcua.urls``; the names are global."""

from __future__ import annotations

from django.urls import path

from motcua.dossiers import lookup_views, token_views

urlpatterns = [
    path("tra-cuu/", lookup_views.lookup, name="dossier_lookup"),
    path("tra-cuu/<str:code>/", lookup_views.lookup_detail, name="dossier_lookup_detail"),
    path(
        "tai-khoan/ho-so/<int:pk>/giay-xac-nhan.pdf",
        lookup_views.acknowledgement,
        name="dossier_acknowledgement",
    ),
    path("tai-khoan/ma-api/", token_views.api_tokens, name="dossier_api_tokens"),
]
