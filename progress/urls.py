"""What is recorded during a placement, under /progress/."""

from django.urls import path

from progress import views

app_name = "progress"

urlpatterns = [
    path("objectives/<int:pk>/record/", views.record_progress, name="record"),
    path("entries/<int:pk>/correct/", views.correct_progress, name="correct"),
    path("placements/<int:pk>/incidents/new/", views.record_incident, name="incident_new"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/<int:pk>/", views.incident_detail, name="incident"),
    path("incidents/<int:pk>/change/", views.change_incident, name="incident_change"),
]
