from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"

    def ready(self):
        from apcommission.tenancy.contributions import HomePanel, NavigationLink
        from referrals import rules

        self.navigation = [
            NavigationLink("Referrals", "referrals:list", rules.can_view_referrals, order=25),
        ]
        self.home_panels = [
            HomePanel("referrals/home/school.html", rules.can_refer, order=15),
            HomePanel("referrals/home/provider.html", rules.is_provider, order=15),
        ]
