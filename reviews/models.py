"""Reviews of a placement (DOMAIN.md 3.6 and 3.7): the schedule made when it starts, and each review's
due date, kind and state.

- `ReviewRules`: how often a placement is reviewed. An LA sets its area's defaults (first review so many
  weeks after the start, then every so many weeks); a school may set its own, and a placement its own.
  The most particular row applies (`reviews.schedule.rules_for`); without any, DOMAIN.md's 4 and 6 weeks.
- `Review`: one review of a placement, due on a date, scheduled (the rhythm) or final (on the planned
  end). It is due until it is held or cancelled. Holding it fills in `held_on`, who attended, the
  attendance since the last review (counted from the marks when it is held, never typed), the provider's
  report and the decision, and moves `state` to held.
- `ReviewViews`: what a held review heard and decided that is the commissioners' alone: the pupil's and
  the parent's views, the attendance baseline it was measured against and the note on the decision.
- `ReviewObjective`: a held review's judgement of one objective (achieved, on track, not on track) with
  the latest value recorded against it then.
- `ReviewMove`: a review moved to another date by the school, with who and why. Append-only.
- `VoiceLink`: a one-time link the school sends the pupil or the parent before a review, for their views
  without an account. Only the hash of its token is kept (`reviews.voices`).
- `VoiceResponse`: what the pupil or the parent answered through a link: a few ratings and a comment.
- `ReviewRequest`: a parent's request for a review of an off-site direction, with the day they asked.
  Append-only.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from apcommission.tenancy.scoping import TenantManager, TenantQuerySet
from reviews import visibility

DEFAULT_FIRST_AFTER_WEEKS = 4
DEFAULT_EVERY_WEEKS = 6


class ReviewRulesQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.review_rules(membership))


@pghistory.track()
class ReviewRules(models.Model):
    """How often placements are reviewed: an LA's defaults (no school, no placement), a school's own (a
    school, no placement) or one placement's (both). `local_authority` is always the LA of the area, so
    the rules of an area are found by one key."""

    local_authority = models.ForeignKey("tenancy.Organisation", on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        "tenancy.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    placement = models.OneToOneField(
        "placements.Placement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    first_after_weeks = models.PositiveSmallIntegerField(
        "First review, weeks after the start", default=DEFAULT_FIRST_AFTER_WEEKS
    )
    every_weeks = models.PositiveSmallIntegerField("Then every, in weeks", default=DEFAULT_EVERY_WEEKS)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(ReviewRulesQuerySet)()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(first_after_weeks__gte=1), name="first_review_after_a_week"),
            models.CheckConstraint(condition=Q(every_weeks__gte=1), name="reviews_a_week_apart"),
            # A placement's rules are its school's placement's: the school is always named with it.
            models.CheckConstraint(
                condition=Q(placement__isnull=True) | Q(school__isnull=False),
                name="placement_rules_name_school",
            ),
            models.UniqueConstraint(
                fields=["local_authority"],
                condition=Q(school__isnull=True),
                name="one_set_of_rules_per_la",
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(school__isnull=False, placement__isnull=True),
                name="one_set_of_rules_per_school",
            ),
        ]
        indexes = [models.Index(fields=["school"], name="review_rules_school")]

    def __str__(self) -> str:
        return f"First review after {self.first_after_weeks} weeks, then every {self.every_weeks} weeks"


class ReviewKind(models.TextChoices):
    SCHEDULED = "scheduled", "Review"
    FINAL = "final", "Final review"


class ReviewState(models.TextChoices):
    """Due until it is held (the next part of this stage records it) or cancelled (the schedule no
    longer needs it: the plan got shorter, or the placement ended first)."""

    DUE = "due", "Due"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class Attendee(models.TextChoices):
    SCHOOL = "school", "The school"
    PROVIDER = "provider", "The provider"
    PARENT = "parent", "Parent or carer"
    PUPIL = "pupil", "The pupil"
    LA = "la", "The local authority"
    SOCIAL_WORKER = "social_worker", "Social worker"
    HEALTH = "health", "Health"
    OTHERS = "others", "Others"


class Decision(models.TextChoices):
    CONTINUE = "continue", "Continue the placement"
    AMEND = "amend", "Amend the plan"
    EXTEND = "extend", "Extend the placement"
    END = "end", "End the placement"
    ESCALATE = "escalate", "Escalate"


class Rating(models.TextChoices):
    ACHIEVED = "achieved", "Achieved"
    ON_TRACK = "on_track", "On track"
    NOT_ON_TRACK = "not_on_track", "Not on track"


class ReviewQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.reviews(membership, "placement__"))


@pghistory.track()
class Review(models.Model):
    """One review of a placement. `planned_on` is the date the rules give (for the final review, the
    planned end); `due_on` the date it is due, which is `planned_on` unless someone moved it. A
    re-plan keeps a moved review's date (a person chose it) as long as it still falls in the plan."""

    placement = models.ForeignKey("placements.Placement", on_delete=models.PROTECT, related_name="reviews")
    kind = models.CharField(max_length=10, choices=ReviewKind.choices, default=ReviewKind.SCHEDULED)
    # 1, 2, 3 for the scheduled reviews in order; 0 for the final review. A re-plan matches by it.
    number = models.PositiveSmallIntegerField()
    planned_on = models.DateField("Planned for")
    due_on = models.DateField("Due on")
    moved = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.DUE)
    # Filled in when the review is held (`reviews.holding`).
    held_on = models.DateField("Held on", null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attended = ArrayField(models.CharField(max_length=20, choices=Attendee.choices), default=list, blank=True)
    attended_others = models.CharField("Who else attended", max_length=300, blank=True)
    # Attendance from `attendance_from` to `held_on`, counted from the marks when it was held.
    attendance_from = models.DateField(null=True, blank=True)
    sessions_possible = models.PositiveIntegerField(null=True, blank=True)
    sessions_attended = models.PositiveIntegerField(null=True, blank=True)
    provider_report = models.TextField("The provider's report", blank=True)
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    # Any objective judged not on track: two held reviews in a row with one ask whether the placement is
    # still right (`reviews.holding.still_right_flags`).
    not_on_track = models.BooleanField(default=False)
    cancelled_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TenantManager.from_queryset(ReviewQuerySet)()

    class Meta:
        ordering = ["due_on", "number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "kind", "number"], name="one_review_per_number"),
            models.CheckConstraint(
                condition=Q(kind="final", number=0) | (Q(kind="scheduled") & Q(number__gte=1)),
                name="final_review_is_number_0",
            ),
            models.CheckConstraint(
                condition=(Q(state="held") & Q(held_on__isnull=False))
                | (~Q(state="held") & Q(held_on__isnull=True)),
                name="a_held_review_says_when",
            ),
            models.CheckConstraint(
                condition=~Q(state="held") | ~Q(decision=""), name="a_held_review_has_a_decision"
            ),
        ]
        indexes = [models.Index(fields=["placement", "state", "due_on"], name="review_next_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on:%-d %B %Y}"


class ReviewViewsQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.review_views(membership, "review__placement__"))


@pghistory.track()
class ReviewViews(models.Model):
    """The commissioners' part of a held review: the pupil's and the parent's views, the baseline its
    attendance was measured against (as it was then), and the note on the decision."""

    review = models.OneToOneField(Review, on_delete=models.PROTECT, related_name="views")
    pupil_views = models.TextField("The pupil's views", blank=True)
    parent_views = models.TextField("The parent's or carer's views", blank=True)
    baseline_percent = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    baseline_label = models.CharField(max_length=200, blank=True)
    decision_note = models.TextField("About the decision", blank=True)

    objects = TenantManager.from_queryset(ReviewViewsQuerySet)()

    def __str__(self) -> str:
        return f"Views at {self.review}"


class ReviewObjectiveQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.reviews(membership, "review__placement__"))


@pghistory.track()
class ReviewObjective(models.Model):
    """A held review's judgement of one of the placement's objectives, with the latest value recorded
    against it when the review was held (none when nothing was recorded)."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="objectives")
    objective = models.ForeignKey("placements.Objective", on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=20, choices=Rating.choices)
    latest_value = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    latest_on = models.DateField(null=True, blank=True)

    objects = TenantManager.from_queryset(ReviewObjectiveQuerySet)()

    class Meta:
        ordering = ["objective_id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "objective"], name="one_judgement_per_objective")
        ]

    def __str__(self) -> str:
        return self.get_rating_display()


class ReviewMoveQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.review_moves(membership, "review__placement__"))


class ReviewMove(models.Model):
    """A review moved to another date: from when, to when, who and why. Append-only."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="moves")
    from_on = models.DateField("Was due on")
    to_on = models.DateField("Now due on")
    reason = models.TextField()
    moved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(ReviewMoveQuerySet)()

    class Meta:
        ordering = ["moved_at", "pk"]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"Moved from {self.from_on:%-d %B %Y} to {self.to_on:%-d %B %Y}"


class Voice(models.TextChoices):
    """Whose views a link asks for."""

    PUPIL = "pupil", "The pupil"
    PARENT = "parent", "The parent or carer"


class VoiceLinkQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.voices(membership, "review__placement__"))


@pghistory.track()
class VoiceLink(models.Model):
    """A one-time link for the pupil's or the parent's views before a review. It works until `expires_at`,
    once, while the review is still due, unless it was withdrawn (by hand, or by a newer link for the same
    review and person). The token itself is shown once and never stored: only its SHA-256."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="voice_links")
    voice = models.CharField(max_length=10, choices=Voice.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TenantManager.from_queryset(VoiceLinkQuerySet)()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")), name="voice_link_expires_later"
            ),
            models.CheckConstraint(
                condition=Q(used_at__isnull=True) | Q(withdrawn_at__isnull=True),
                name="voice_link_used_or_withdrawn",
            ),
            # One link at a time for each review and person: a new one withdraws the one before.
            models.UniqueConstraint(
                fields=["review", "voice"],
                condition=Q(used_at__isnull=True, withdrawn_at__isnull=True),
                name="one_open_voice_link",
            ),
        ]

    def __str__(self) -> str:
        return f"Link for {self.get_voice_display().lower()}'s views, made {self.created_at:%-d %B %Y}"


def _rating(label: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


class VoiceResponseQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.voices(membership, "review__placement__"))


@pghistory.track()
class VoiceResponse(models.Model):
    """The pupil's or the parent's answers through a link: each rating from 1 (the worst) to 5 (the best),
    or none when they skipped it (the words for each are in `reviews.voices.QUESTIONS`), and a comment."""

    link = models.OneToOneField(VoiceLink, on_delete=models.PROTECT, related_name="response")
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="voice_responses")
    voice = models.CharField(max_length=10, choices=Voice.choices)
    feeling = _rating("How they feel about going")
    safe = _rating("Feeling safe there")
    learning = _rating("Learning things that help")
    listened_to = _rating("Staff listen")
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField()

    objects = TenantManager.from_queryset(VoiceResponseQuerySet)()

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__range": (1, 5)}),
                name=f"voice_{name}_1_to_5",
            )
            for name in ("feeling", "safe", "learning", "listened_to")
        ]

    def __str__(self) -> str:
        return f"Views of {self.get_voice_display().lower()}, {self.submitted_at:%-d %B %Y}"


class ReviewRequestQuerySet(TenantQuerySet):
    def visible_to(self, membership):
        return self.filter(visibility.review_requests(membership, "placement__"))


class ReviewRequest(models.Model):
    """A parent of a pupil directed off-site asked for a review (DOMAIN.md 4), on `asked_on`, as the
    school's AP lead recorded it. A review held on or after `reviews_from` (10 weeks before the request,
    `reviews.requests`) answers it: one held then, before the request, means the school need not hold
    another; otherwise the school must hold one. Append-only: every request is kept."""

    placement = models.ForeignKey(
        "placements.Placement", on_delete=models.PROTECT, related_name="review_requests"
    )
    asked_on = models.DateField("The parent asked on")
    reviews_from = models.DateField("A review held from this day answers it")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager.from_queryset(ReviewRequestQuerySet)()

    class Meta:
        ordering = ["asked_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["placement", "asked_on"], name="one_request_a_day"),
            models.CheckConstraint(
                condition=Q(reviews_from__lte=F("asked_on")), name="request_answered_from_before_it"
            ),
        ]
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"The parent asked for a review on {self.asked_on:%-d %B %Y}"
