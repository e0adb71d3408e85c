from django.urls import path

from apcommission.pages import views


def _page(route: str, name: str):
    return path(route, views.public_page, {"template_name": f"pages/{name}.html"}, name=name)


# Public pages: anyone may read them, signed in or not, with or without an authenticator app set up
# (apcommission.accounts.middleware.MFA_SETUP_URL_NAMES lets them through).
urlpatterns = [
    _page("privacy/", "privacy_notice"),
    _page("accessibility-statement/", "accessibility_statement"),
    _page("cookies/", "cookies"),
    _page("contact/", "contact"),
]
