from django.apps import AppConfig


class PanelsConfig(AppConfig):
    name = "panels"
    verbose_name = "Panels"

    def ready(self):
        from apcommission.tenancy.contributions import HomePanel, NavigationLink
        from panels import rules

        self.navigation = [NavigationLink("Panels", "panels:list", rules.can_view_panels, order=35)]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "panels.meeting": "Listed among the referrals put to a panel meeting",
            "panels.put": "Opened a referral to put it to a panel",
            "panels.decision": "Opened a referral to record the panel's decision",
        }
        self.home_panels = [HomePanel("panels/home/local_authority.html", rules.can_view_panels, order=25)]
