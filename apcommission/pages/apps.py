from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The page shell: public pages (privacy, accessibility, cookies, contact), error pages and the
    template tags every page's furniture uses."""

    name = "apcommission.pages"
    label = "pages"
