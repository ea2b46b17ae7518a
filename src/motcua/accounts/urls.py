from django.urls import path

from motcua.accounts import views

app_name = "accounts"

urlpatterns = [
    path("ho-so/", views.profile, name="profile"),
    path("dong-y/", views.consents, name="consents"),
    path("dong-y/thay-doi/", views.consent_change, name="consent_change"),
]
