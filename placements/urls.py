"""The placement plan's pages, under /placements/."""

from django.urls import path

from placements import views

app_name = "placements"

urlpatterns = [
    path("new/", views.plan_new, name="new"),
    path("new/from-referral/<int:pk>/", views.plan_from_referral, name="new_from_referral"),
    path("<int:pk>/", views.placement_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/objectives/new/", views.objective_add, name="objective_add"),
    path("objectives/<int:pk>/", views.objective_edit, name="objective_edit"),
    path("<int:pk>/part-time/", views.part_time_plan, name="part_time"),
    path("<int:pk>/start/", views.placement_start, name="start"),
    path("<int:pk>/end/", views.placement_end, name="end"),
]
