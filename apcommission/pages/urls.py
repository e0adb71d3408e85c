from django.urls import path

from apcommission.pages import views

# Public pages: anyone may read them, signed in or not, with or without an authenticator app set up
# (apcommission.accounts.middleware.MFA_SETUP_URL_NAMES lets them through).
urlpatterns = [
    path("privacy/", views.privacy_notice, name="privacy_notice"),
    path("accessibility-statement/", views.accessibility_statement, name="accessibility_statement"),
    path("cookies/", views.cookies, name="cookies"),
    path("contact/", views.contact, name="contact"),
]
