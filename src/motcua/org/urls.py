from django.urls import path

from motcua.org import views

app_name = "org"

urlpatterns = [
    path("", views.staff_home, name="staff_home"),
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/them/", views.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/vai-tro/", views.role_grant, name="role_grant"),
    path("vai-tro/<int:pk>/thu-hoi/", views.role_revoke, name="role_revoke"),
    path("lich/", views.calendar, name="calendar"),
    path("lich/<int:pk>/xoa/", views.calendar_remove, name="calendar_remove"),
    path("nhat-ky/", views.audit_log, name="audit_log"),
]
