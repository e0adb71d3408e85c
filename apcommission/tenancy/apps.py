from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "apcommission.tenancy"
    label = "tenancy"
    verbose_name = "Organisations and memberships"

    def ready(self):
        from apcommission import checks  # noqa: F401  (registers the project's system checks)
        from apcommission.tenancy import rules
        from apcommission.tenancy.contributions import HomePanel, NavigationLink

        # Orders leave room for other apps' links and panels between these.
        self.navigation = [
            NavigationLink("Home", "home", lambda m: True, order=0),
            NavigationLink(
                "Schools",
                "schools",
                lambda m: rules.can_view_area_schools(m) or rules.can_view_trust_schools(m),
                order=10,
            ),
            NavigationLink("Members", "members", rules.can_manage_members, order=80),
            NavigationLink("Your organisation", "organisation", lambda m: True, order=90),
        ]
        self.home_panels = [
            HomePanel("tenancy/home/school.html", rules.is_school, order=0),
            HomePanel("tenancy/home/area_schools.html", rules.can_view_area_schools, order=10),
            HomePanel("tenancy/home/trust_schools.html", rules.can_view_trust_schools, order=10),
            HomePanel("tenancy/home/members.html", rules.can_manage_members, order=80),
        ]
