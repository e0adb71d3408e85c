from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"

    def ready(self):
        from apcommission.tenancy.contributions import HomePanel, NavigationLink
        from referrals import rules

        self.navigation = [
            NavigationLink("Referrals", "referrals:list", rules.can_view_referrals, order=25),
        ]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "referral.list": "Listed among referrals",
            "referral.view": "Opened a referral about the pupil",
            "referral.view_shared": "Read what the school shared in a referral sent to the provider",
            "referral.edit": "Opened a referral about the pupil to change it",
            "referral.send": "Opened a referral about the pupil to send it",
            "referral.respond": "Opened a referral about the pupil to answer it",
            "referral.accept": "Opened a provider's offer of a place to accept it",
            "referral.details": "Opened the detailed referral to write it",
        }
        self.home_panels = [
            HomePanel("referrals/home/school.html", rules.can_refer, order=15),
            HomePanel("referrals/home/provider.html", rules.is_provider, order=15),
        ]
