from django.apps import AppConfig


class PupilsConfig(AppConfig):
    name = "pupils"
    verbose_name = "Pupils"

    def ready(self):
        from apcommission.tenancy.contributions import NavigationLink
        from pupils import rules

        self.navigation = [NavigationLink("Pupils", "pupils:list", rules.can_view_pupils, order=15)]
