"""The payer's pages, mounted at /thanh-toan/ (namespace ``payments``),
after the providers' own return and demo pages (``provider_urls``).
Printed and sent in messages: never change these paths."""

from django.urls import path

from motcua.payments import views

app_name = "payments"

urlpatterns = [
    path("ho-so/<str:code>/", views.pay, name="pay"),
    path("bien-lai/<str:reference>.pdf", views.receipt, name="receipt"),
    path("<str:reference>/", views.status, name="status"),
]
