"""Attendance pages, under /attendance/: the provider's weekly grid and file upload, the school's
same-day absences and missing marks, and the LA's area summary."""

from django.urls import path

from attendance import views

app_name = "attendance"

urlpatterns = [
    path("", views.grid, name="grid"),
    path("upload/", views.upload, name="upload"),
    path("upload/template/", views.template_file, name="template"),
    path("school/", views.school, name="school"),
    path("area/", views.area, name="area"),
]
