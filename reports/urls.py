"""The report pages, under /reports/."""

from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("evidence-pack/", views.print_evidence_pack, name="evidence_pack"),
    path("area/", views.print_area_report, name="area_report"),
    path("trust/", views.print_trust_report, name="trust_report"),
    path("placements/<int:pk>/", views.placement_report, name="placement"),
    path("<int:pk>/", views.report, name="report"),
    path("<int:pk>/download/", views.download, name="download"),
]
