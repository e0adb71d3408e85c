"""The referral's pages, under /referrals/."""

from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("new/", views.referral_start, name="start"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/edit/", views.referral_edit, name="edit"),
    path("<int:pk>/send/", views.referral_send, name="send"),
    path("<int:pk>/respond/", views.referral_respond, name="respond"),
    path("<int:pk>/end/", views.referral_end, name="end"),
    path("<int:pk>/details/", views.referral_details, name="details"),
    path("offers/<int:pk>/accept/", views.offer_accept, name="accept"),
    path("offers/<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_outcome, name="visit_outcome"),
]
