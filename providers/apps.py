from django.apps import AppConfig
from django.urls import reverse


def _own_provider_page(membership) -> str:
    return reverse("provider_detail", args=[membership.organisation_id])


class ProvidersConfig(AppConfig):
    name = "providers"

    def ready(self):
        from apcommission.tenancy.contributions import HomePanel, NavigationLink
        from providers import rules

        self.navigation = [
            NavigationLink("Providers", "provider_list", rules.can_browse_directory, order=20),
            NavigationLink("Approved list", "approved_list", rules.can_view_approved_list, order=30),
            NavigationLink(
                "Your profile", "provider_detail", rules.is_provider, order=40, url=_own_provider_page
            ),
        ]
        self.home_panels = [
            HomePanel("providers/home/local_authority.html", rules.can_view_approved_list, order=20),
            HomePanel("providers/home/la_settings.html", rules.can_manage_la_settings, order=90),
            HomePanel("providers/home/school.html", rules.is_school, order=20),
            HomePanel("providers/home/trust.html", rules.is_trust, order=20),
            HomePanel("providers/home/provider.html", rules.is_provider, order=20),
        ]
