"""Staff screens of the catalogue, mounted at /can-bo/thu-tuc/."""

from django.urls import path

from motcua.procedures import views

app_name = "procedures"

urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("them/", views.procedure_create, name="procedure_create"),
    path("xuat.xlsx", views.catalogue_export, name="catalogue_export"),
    path("nhap/", views.catalogue_import, name="catalogue_import"),
    path("<int:pk>/", views.staff_detail, name="staff_detail"),
    path("<int:pk>/sua/", views.procedure_edit, name="procedure_edit"),
    path("<int:pk>/phien-ban/them/", views.version_add, name="version_add"),
    path("phien-ban/<int:pk>/", views.version_edit, name="version_edit"),
    path("phien-ban/<int:pk>/cong-bo/", views.version_publish, name="version_publish"),
    path("phien-ban/<int:pk>/xoa/", views.version_delete, name="version_delete"),
]
