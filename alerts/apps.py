from django.apps import AppConfig


def _everyone(membership) -> bool:
    return True


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = "Alerts"

    def ready(self):
        from alerts import counts
        from apcommission.tenancy.contributions import HomePanel, NavigationLink

        self.navigation = [
            NavigationLink("Alerts", "alerts:list", _everyone, order=5, count=counts.unread),
        ]
        # First on every home page: what is due, overdue and waiting for this person.
        self.home_panels = [HomePanel("alerts/home/queue.html", _everyone, order=-2)]
