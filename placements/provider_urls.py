"""A provider's own pupils, under /your-pupils/."""

from django.urls import path

from placements import provider_views

app_name = "placement_provider"

urlpatterns = [
    path("", provider_views.your_pupils, name="pupils"),
]
