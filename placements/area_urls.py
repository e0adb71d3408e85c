"""An LA's pages about the placements of its area, and the costs page, under /area/placements/."""

from django.urls import path

from placements import area_views

app_name = "placement_area"

urlpatterns = [
    path("threshold/", area_views.threshold, name="threshold"),
    path("part-time/", area_views.part_time, name="part_time"),
    path("unlisted/", area_views.unlisted, name="unlisted"),
    path("rules/", area_views.rules, name="rules"),
    path("rules/change/", area_views.rules_change, name="rules_change"),
    path("costs/", area_views.costs_page, name="costs"),
]
