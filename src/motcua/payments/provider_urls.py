"""The providers' own pages under /thanh-toan/ (namespace
``payments_providers``), mounted before the payer's pages. Gateways are
configured with the return URL: never change these paths."""

from django.urls import path

from motcua.payments import provider_views

app_name = "payments_providers"

urlpatterns = [
    path("ket-qua/<str:provider>/", provider_views.payment_return, name="return"),
    path("vietqr/<str:reference>/", provider_views.vietqr_page, name="vietqr"),
    path("cong-demo/<str:reference>/", provider_views.demo_gateway, name="demo_gateway"),
]
