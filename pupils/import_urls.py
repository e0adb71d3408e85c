"""Importing pupils from a Common Transfer File, under /pupils/import/."""

from django.urls import path

from pupils import import_views

app_name = "pupil_import"
urlpatterns = [
    path("", import_views.upload, name="upload"),
    path("<int:pk>/", import_views.preview, name="preview"),
]
