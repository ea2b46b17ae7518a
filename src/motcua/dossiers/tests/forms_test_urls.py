"""The project's URLs with the forms, register and statistics mounted first
(as the lead wires them in ``motcua.urls``), for the view tests of this
part until — and after — that line exists."""

from django.urls import include, path

from motcua.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("", include("motcua.dossiers.forms_urls")), *project_urlpatterns]
