"""The review schedule's pages, under /reviews/."""

from django.urls import path

from reviews import views

app_name = "reviews"

urlpatterns = [
    path("<int:pk>/move/", views.move_review, name="move"),
    path("rules/", views.la_rules, name="la_rules"),
    path("rules/change/", views.la_rules_change, name="la_rules_change"),
]
