from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from apcommission.tenancy.contributions import NavigationLink
        from api import rules, schema  # noqa: F401  (schema registers the key's description)

        self.navigation = [NavigationLink("API keys", "api_keys:list", rules.can_manage_api_keys, order=85)]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "api.placements": "Read through the API: placements",
            "api.placement": "Read through the API: one placement",
            "api.attendance": "Read through the API: attendance marks",
        }
