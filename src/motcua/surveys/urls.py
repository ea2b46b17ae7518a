"""Public survey URLs under ``/khao-sat/`` (namespace ``surveys``). The
questionnaire's address is printed on posters and receipts: never change it."""

from django.urls import path

from motcua.surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_index, name="index"),
    path("<slug:slug>/", views.survey_detail, name="detail"),
    path("<slug:slug>/cam-on/", views.survey_thanks, name="thanks"),
    path("<slug:slug>/kiosk/", views.survey_kiosk, name="kiosk"),
    path("<slug:slug>/kiosk/cam-on/", views.survey_kiosk_thanks, name="kiosk_thanks"),
]
