from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "progress"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from apcommission.tenancy.contributions import HomePanel
        from progress import rules, waiting
        from progress.models import Incident

        self.home_panels = [
            HomePanel("progress/home/commissioner.html", rules.is_commissioner_at_home, order=17),
            HomePanel("progress/home/trust.html", rules.is_trust, order=17),
        ]
        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "progress.record": "Opened a placement's objective to record progress",
            "progress.correct": "Opened a placement's recorded progress to correct it",
            "progress.incident_new": "Opened a placement to record an incident",
            "progress.incident": "Opened an incident at a placement",
            "progress.incident_change": "Opened an incident at a placement to change it",
            "progress.incidents": "Listed among the incidents at placements",
        }
        # The home pages' count of high-severity incidents is renewed by every change to an incident.
        post_save.connect(waiting.incident_saved, sender=Incident, dispatch_uid="progress-incident-saved")
        post_delete.connect(waiting.incident_saved, sender=Incident, dispatch_uid="progress-incident-deleted")
