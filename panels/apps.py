from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Panels"

    def ready(self):
        from apcommission.tenancy.contributions import HomePanel, NavigationLink
        from panels import rules

        self.navigation = [NavigationLink("Panels", "panels:list", rules.can_view_panels, order=35)]
        self.home_panels = [HomePanel("panels/home/local_authority.html", rules.can_view_panels, order=25)]
