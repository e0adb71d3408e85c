"""Alerts pages, under /alerts/."""

from django.urls import path

from alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:pk>/", views.open_alert, name="open"),
    path("read/", views.mark_all_read, name="read_all"),
    path("choices/", views.choices, name="choices"),
]
