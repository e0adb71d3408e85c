"""The public pages of the pupil's and the parent's voice, under /voice/: no sign-in, and no namespace,
so that the sign-in rules name them as they name the other public pages
(`apcommission.accounts.middleware.MFA_SETUP_URL_NAMES`)."""

from django.urls import path

from reviews import voice_views

urlpatterns = [
    path("thanks/", voice_views.voice_thanks, name="voice_thanks"),
    path("<str:token>/", voice_views.voice, name="voice"),
]
