"""Safeguarding pages, under /safeguarding/."""

from django.urls import path

from safeguarding import views

app_name = "safeguarding"

urlpatterns = [
    path("", views.concern_list, name="list"),
    path("placements/<int:pk>/raise/", views.raise_concern, name="raise"),
    path("<int:pk>/", views.concern_detail, name="detail"),
    path("<int:pk>/share/", views.share_details, name="share"),
]
