"""Staff pages of payments, mounted at /can-bo/thanh-toan/ (namespace
``payments_staff``)."""

from django.urls import path

from motcua.payments import settings_views, staff_views

app_name = "payments_staff"

urlpatterns = [
    path("", staff_views.payment_list, name="list"),
    path("giao-dich/<str:reference>/", staff_views.payment_detail, name="payment"),
    path("giao-dich/<str:reference>/bien-lai.pdf", staff_views.receipt, name="receipt"),
    path("ho-so/<int:dossier_pk>/thu-tai-quay/", staff_views.counter, name="counter"),
    path("sao-ke/", staff_views.statements, name="statements"),
    path("sao-ke/chua-khop/", staff_views.unmatched, name="unmatched"),
    path("sao-ke/mau-demo.csv", staff_views.sample_statement, name="sample_statement"),
    path("sao-ke/<int:pk>/", staff_views.statement_detail, name="statement"),
    path("sao-ke/<int:pk>/tep/", staff_views.statement_file, name="statement_file"),
    path("sao-ke/dong/<int:pk>/khop/", staff_views.match, name="match"),
    path("sao-ke/dong/<int:pk>/bo-qua/", staff_views.ignore, name="ignore"),
    path("hoan-tien/", staff_views.refunds, name="refunds"),
    path("hoan-tien/<int:pk>/quyet-dinh/", staff_views.refund_decide, name="refund_decide"),
    path("hoan-tien/<int:pk>/hoan-tat/", staff_views.refund_complete, name="refund_complete"),
    path("cai-dat/", settings_views.overview, name="settings"),
    path("cai-dat/tai-khoan/moi/", settings_views.account, name="settings_account_new"),
    path("cai-dat/tai-khoan/<int:pk>/", settings_views.account, name="settings_account"),
    path("cai-dat/so-bien-lai/moi/", settings_views.series, name="settings_series_new"),
    path("cai-dat/so-bien-lai/<int:pk>/", settings_views.series, name="settings_series"),
    path("cai-dat/mien-giam/moi/", settings_views.reduction, name="settings_reduction_new"),
    path("cai-dat/mien-giam/<int:pk>/", settings_views.reduction, name="settings_reduction"),
]
