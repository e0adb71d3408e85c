"""The review pages, under /reviews/."""

from django.urls import path

from reviews import views, voice_views

app_name = "reviews"

urlpatterns = [
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/move/", views.move_review, name="move"),
    path("<int:pk>/hold/", views.hold_review, name="hold"),
    path("<int:pk>/voices/", voice_views.review_voices, name="voices"),
    path("<int:pk>/voices/new/", voice_views.make_voice_link, name="voice_link_new"),
    path("voice-links/<int:pk>/withdraw/", voice_views.withdraw_voice_link, name="voice_link_withdraw"),
    path("placement/<int:pk>/parent-asked/", views.parent_request, name="parent_request"),
    path("rules/", views.la_rules, name="la_rules"),
    path("rules/change/", views.la_rules_change, name="la_rules_change"),
]
