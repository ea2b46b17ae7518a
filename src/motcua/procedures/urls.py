"""Public catalogue pages, mounted at /thu-tuc/ (stable URLs, DESIGN.md §4).
The names are global: other apps reverse ``procedure_list`` and
``procedure_detail``."""

from django.urls import path

from motcua.procedures import views

urlpatterns = [
    path("", views.procedure_list, name="procedure_list"),
    path("<str:code>/", views.procedure_detail, name="procedure_detail"),
    path("<str:code>/mau/<int:pk>/", views.document_template, name="procedure_document_template"),
]
