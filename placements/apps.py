from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"

    def ready(self):
        from apcommission.tenancy.contributions import HomePanel
        from placements import area_rules

        self.home_panels = [
            HomePanel(
                "placements/area/home_local_authority.html", area_rules.can_view_area_placements, order=22
            ),
            HomePanel("placements/area/home_costs.html", area_rules.can_view_own_costs, order=80),
        ]
