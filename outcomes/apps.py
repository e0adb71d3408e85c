from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = "Outcomes and destinations"

    def ready(self):
        from apcommission.tenancy.contributions import NavigationLink
        from outcomes import rules

        self.navigation = [
            NavigationLink("Destinations", "outcomes:destinations", rules.can_view_destinations, order=31),
            NavigationLink("Destinations", "outcomes:area", rules.can_view_area_destinations, order=31),
        ]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "outcome.record": "Opened a placement's outcome to record it",
            "outcome.check_ins": "Listed among the school's destination check-ins",
            "outcome.check_in": "Opened a destination check-in to record it",
        }
