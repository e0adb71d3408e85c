"""The API, under /api/: version 1's endpoints, its OpenAPI schema and the schema's browsable docs."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from api import docs, views

app_name = "api"

urlpatterns = [
    path("v1/placements/", views.PlacementList.as_view(), name="placements"),
    path("v1/placements/<int:pk>/", views.PlacementDetail.as_view(), name="placement"),
    path("v1/attendance/", views.Attendance.as_view(), name="attendance"),
    path("v1/progress/", views.Progress.as_view(), name="progress"),
    path(
        "schema/", SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[]), name="schema"
    ),
    path("docs/", docs.api_docs, name="docs"),
    # Anything else under v1 is answered in JSON, as a program expects, not with the service's HTML page.
    path("v1/<path:rest>", views.nowhere, name="nowhere"),
]
