"""The outcome pages, under /destinations/."""

from django.urls import path

from outcomes import views

app_name = "outcomes"

urlpatterns = [
    path("", views.destinations, name="destinations"),
    path("area/", views.area_destinations, name="area"),
    path("placements/<int:pk>/outcome/", views.record_outcome, name="record"),
    path("check-ins/<int:pk>/", views.record_check_in, name="check_in"),
]
