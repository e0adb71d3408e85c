from django.apps import AppConfig


class PlacementsConfig(AppConfig):
    name = "placements"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apcommission.tenancy.contributions import HomePanel, NavigationLink
        from placements import area_rules, register_rules, waiting
        from placements.models import Objective, PartTimePlan, Placement

        self.navigation = [
            NavigationLink("Pupils in AP", "register:list", register_rules.can_view_register, order=27),
            NavigationLink(
                "Your pupils", "placement_provider:pupils", register_rules.can_view_own_pupils, order=27
            ),
        ]
        self.home_panels = [
            HomePanel("placements/home/commissioner.html", register_rules.has_placement_counts, order=16),
            HomePanel("placements/home/trust.html", register_rules.is_trust, order=16),
            HomePanel("placements/home/provider.html", register_rules.can_view_own_pupils, order=16),
            HomePanel(
                "placements/area/home_local_authority.html", area_rules.can_view_area_placements, order=22
            ),
            # Next to the placements panel, with its own heading: never under another app's.
            HomePanel("placements/area/home_costs.html", area_rules.can_view_own_costs, order=17),
        ]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "placement.new": "Opened a placement plan being made",
            "placement.new_choices": "Listed among the pupils a placement plan could be made for",
            "placement.view": "Opened a placement",
            "placement.view_shared": "Opened a placement as the provider delivering it",
            "placement.edit": "Opened a placement plan to change it",
            "placement.objective": "Opened a placement's objective",
            "placement.part_time": "Opened a placement's part-time plan",
            "placement.start": "Opened a placement to start it",
            "placement.end": "Opened a placement to end it",
            "placement.register": "Listed on the register of pupils in AP",
            "placement.register_export": "Included in a download of the register of pupils in AP",
            "placement.provider_pupils": "Listed among a provider's pupils",
            "placements.area_part_time": "Listed among the area's part-time timetables",
            "placement.costs": "Listed among the placements with no price on the costs page",
        }
        # The home pages' counts of what needs doing are renewed by every change to what they count.
        for model in (Placement, Objective, PartTimePlan):
            post_save.connect(waiting.placement_saved, sender=model, dispatch_uid=f"waiting-{model.__name__}")
            post_delete.connect(
                waiting.placement_saved, sender=model, dispatch_uid=f"waiting-d-{model.__name__}"
            )
