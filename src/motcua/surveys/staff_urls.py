"""Staff screens of the surveys, mounted at /can-bo/khao-sat/ (indices are
at /can-bo/khao-sat/chi-so/, ``surveys_indices``)."""

from django.urls import path

from motcua.surveys import staff_views as views

app_name = "surveys_staff"

urlpatterns = [
    path("", views.campaign_list, name="campaign_list"),
    path("them/", views.campaign_create, name="campaign_create"),
    path("<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("<int:pk>/sua/", views.campaign_edit, name="campaign_edit"),
    path("<int:pk>/mo/", views.campaign_open, name="campaign_open"),
    path("<int:pk>/dong/", views.campaign_close, name="campaign_close"),
    path("<int:pk>/ap-phich.pdf", views.poster, name="poster"),
    path("<int:pk>/khac-phuc/", views.remediations_from_figures, name="from_figures"),
    path("khac-phuc/", views.remediation_list, name="remediation_list"),
    path("khac-phuc/<int:pk>/", views.remediation_detail, name="remediation_detail"),
    path("khac-phuc/<int:pk>/minh-chung/", views.remediation_file, name="remediation_file"),
]
