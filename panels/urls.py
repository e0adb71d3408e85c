"""Panel pages, under /panels/."""

from django.urls import path

from panels import views

app_name = "panels"

urlpatterns = [
    path("", views.panel_list, name="list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("setting/", views.panel_setting, name="setting"),
    path("<int:pk>/", views.meeting_detail, name="meeting"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("items/<int:pk>/decision/", views.record_decision, name="decision"),
    path("put/<int:referral_id>/", views.put_to_panel, name="put"),
]
