"""Staff screens of plans and reports, mounted at /can-bo/ke-hoach/."""

from django.urls import path

from motcua.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("them/", views.plan_create, name="plan_create"),
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/sua/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/don-vi-bao-cao/", views.plan_units, name="plan_units"),
    path("<int:pk>/ban-hanh/", views.plan_issue, name="plan_issue"),
    path("<int:pk>/sao-chep/", views.plan_copy, name="plan_copy"),
    path("<int:pk>/van-ban.<str:fmt>", views.plan_document_download, name="plan_document"),
    path("<int:pk>/muc-tieu/them/", views.objective_edit, name="objective_add"),
    path("<int:pk>/muc-tieu/<int:objective_pk>/", views.objective_edit, name="objective_edit"),
    path(
        "<int:pk>/muc-tieu/<int:objective_pk>/xoa/", views.objective_delete, name="objective_delete"
    ),
    path("<int:pk>/chi-tieu/them/", views.target_edit, name="target_add"),
    path("<int:pk>/chi-tieu/<int:target_pk>/", views.target_edit, name="target_edit"),
    path("<int:pk>/chi-tieu/<int:target_pk>/xoa/", views.target_delete, name="target_delete"),
    path("<int:pk>/hoat-dong/them/", views.activity_edit, name="activity_add"),
    path("<int:pk>/hoat-dong/<int:activity_pk>/", views.activity_edit, name="activity_edit"),
    path(
        "<int:pk>/hoat-dong/<int:activity_pk>/xoa/", views.activity_delete, name="activity_delete"
    ),
    path("<int:pk>/hoat-dong/xuat.xlsx", views.activities_export, name="activities_export"),
    path("<int:pk>/hoat-dong/nhap/", views.activities_import, name="activities_import"),
    path("<int:pk>/ky-bao-cao/them/", views.period_add, name="period_add"),
    path("<int:pk>/ky-bao-cao/<int:period_pk>/", views.period_detail, name="period_detail"),
    path("<int:pk>/ky-bao-cao/<int:period_pk>/thoi-han/", views.period_edit, name="period_edit"),
    path("<int:pk>/ky-bao-cao/<int:period_pk>/dong/", views.period_close, name="period_close"),
    path(
        "<int:pk>/ky-bao-cao/<int:period_pk>/nhac/<int:unit_pk>/",
        views.period_remind,
        name="period_remind",
    ),
    path(
        "<int:pk>/ky-bao-cao/<int:period_pk>/bao-cao-tong-hop/",
        views.consolidated_create,
        name="consolidated_create",
    ),
    path(
        "ky-bao-cao/<int:period_pk>/don-vi/<int:unit_pk>/",
        views.report_start,
        name="report_start",
    ),
    path("bao-cao/<int:report_pk>/", views.report_detail, name="report_detail"),
    path("bao-cao/<int:report_pk>/<slug:step>/", views.report_transition, name="report_transition"),
    path(
        "bao-cao/<int:report_pk>/hoat-dong/<int:activity_pk>/",
        views.report_result,
        name="report_result",
    ),
    path(
        "bao-cao/<int:report_pk>/hoat-dong/<int:activity_pk>/minh-chung/",
        views.evidence_add,
        name="evidence_add",
    ),
    path("minh-chung/<int:evidence_pk>/", views.evidence_file, name="evidence_file"),
    path("minh-chung/<int:evidence_pk>/xoa/", views.evidence_remove, name="evidence_remove"),
    path("tong-hop/<int:report_pk>/", views.consolidated_detail, name="consolidated_detail"),
    path(
        "tong-hop/<int:report_pk>/bao-cao.<str:fmt>",
        views.consolidated_download,
        name="consolidated_download",
    ),
    path(
        "tong-hop/<int:report_pk>/<slug:step>/",
        views.consolidated_transition,
        name="consolidated_transition",
    ),
]
