"""Survey indices for staff, mounted at /can-bo/khao-sat/chi-so/."""

from django.urls import path

from motcua.surveys import indices_views as views

app_name = "surveys_indices"

urlpatterns = [
    path("", views.indices, name="indices"),
    path("bao-cao.<str:fmt>", views.report_download, name="report"),
    path("du-lieu-mo.csv", views.open_data, name="open_data"),
    path("cong-bo/", views.publish, name="publish"),
]
