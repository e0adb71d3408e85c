from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports"

    def ready(self):
        from apcommission.tenancy.contributions import NavigationLink
        from reports import rules

        self.navigation = [NavigationLink("Reports", "reports:index", rules.can_use_reports, order=40)]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "report.download": "Downloaded a report with the pupils it names",
            "report.placement": "Printed a placement report",
        }
