"""The register of pupils in AP, under /register/."""

from django.urls import path

from placements import register_views

app_name = "register"

urlpatterns = [
    path("", register_views.register_list, name="list"),
    path("export.<str:file_format>", register_views.register_export, name="export"),
]
