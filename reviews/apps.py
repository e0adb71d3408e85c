from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from placements import signals
        from reviews import services

        # What each access event this app writes says was shown (`pupils.viewed` gathers them).
        self.access_words = {
            "review.move": "Opened a placement's review to move it",
            "review.hold": "Opened a placement's review to hold it",
            "review.view": "Read a held review",
            "review.voices": "Opened the links for a review's pupil and parent views",
            "review.parent_request": "Opened a placement to record that the parent asked for a review",
        }
        # The schedule follows the placement: made when it starts, re-planned when its dates change,
        # closed when it ends, in the same transaction as the change.
        signals.started.connect(services.placement_started, dispatch_uid="reviews-started")
        signals.dates_changed.connect(services.placement_dates_changed, dispatch_uid="reviews-dates")
        signals.ended.connect(services.placement_ended, dispatch_uid="reviews-ended")
