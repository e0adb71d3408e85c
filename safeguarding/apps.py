from django.apps import AppConfig


class SafeguardingConfig(AppConfig):
    name = "safeguarding"
    verbose_name = "Safeguarding"

    def ready(self):
        from apcommission.tenancy.contributions import HomePanel, NavigationLink
        from safeguarding import alerts, rules

        self.navigation = [
            NavigationLink(
                "Safeguarding",
                "safeguarding:list",
                rules.can_view_concerns,
                order=28,
                # A DSL sees how many concerns are new on every page, whatever they are doing.
                count=lambda membership: alerts.new_concerns(membership=membership),
            ),
        ]
        # First on a DSL's home page: a new concern is the most urgent thing the service shows.
        self.home_panels = [HomePanel("safeguarding/home/dsl.html", rules.is_dsl, order=-1)]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "safeguarding.list": "Listed among safeguarding concerns",
            "safeguarding.raise": "Opened a placement to raise a safeguarding concern",
            "safeguarding.concern": "Opened a safeguarding concern",
            "safeguarding.share": "Opened a safeguarding concern to share its details",
        }
