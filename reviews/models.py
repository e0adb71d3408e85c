"""Reviews of a placement (DOMAIN.md 3.6 and 3.7): the schedule made when it starts, and each review's
due date, kind and state.

- `ReviewRules`: how often a placement is reviewed. An LA sets its area's defaults (first review so many
  weeks after the start, then every so many weeks); a school may set its own, and a placement its own.
  The most particular row applies (`reviews.schedule.rules_for`); without any, DOMAIN.md's 4 and 6 weeks.
- `Review`: one review of a placement, due on a date, scheduled (the rhythm) or final (on the planned
  end). It is due until it is held or cancelled. Holding it (who attended, progress, views, the decision)
  is the next part of this stage: it fills in `held_on` and moves `state` to held.
- `ReviewMove`: a review moved to another date by the school, with who and why. Append-only.
"""

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q

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
    # Filled in when the review is held (the next part of this stage).
    held_on = models.DateField("Held on", null=True, blank=True)
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
        ]
        indexes = [models.Index(fields=["placement", "state", "due_on"], name="review_next_due")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_on:%-d %B %Y}"


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
