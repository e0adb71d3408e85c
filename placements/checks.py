"""The rules no single school can check (DOMAIN.md 4), as plain functions that pages, services, the
register and alerts all call:

- the registration threshold (s463 Education Act 1996), counted across every commissioner;
- the planned limits for non-school AP (DfE 2025), as each LA sets them;
- each pupil's full-time week, for a whole list of pupils at once (`placements.week` is the one
  definition of a pupil's week: `weeks_for` builds on its `week_of`);
- the part-time plan's time limit and the LA's deadline for being told;
- the timetable: hours a week the sessions ticked can hold, sessions timetabled twice for one pupil, and
  a part-time plan's steps after the pupil is already back to full time.

A "current" placement is one planned or active and running on the day asked about (from its start to its
planned end), as `placements.week.pupil_week` counts them.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from apcommission.forms.dates import long_date
from apcommission.numbers import hours_text
from apcommission.tenancy.roles import OrganisationKind as Kind
from apcommission.tenancy.scoping import unscoped
from placements.entitlement import (
    DEFAULT_RULES,
    RULE_FIELDS,
    THRESHOLD_HOURS,
    THRESHOLD_PROTECTED_PUPILS,
    THRESHOLD_PUPILS,
    Rules,
    full_time_hours,
    is_full_time_for_registration,
    rules_for,
)
from placements.models import PartTimePlan, Placement, PlacementRules, PlacementStatus, Session
from placements.week import Week, week_of
from providers.models import ProviderProfile, ProviderType, RegistrationStatus
from pupils.identifiers import year_group
from pupils.models import Pupil, SENStatus
from pupils.rules import sees_sensitive

if TYPE_CHECKING:
    from apcommission.tenancy.models import Membership

CURRENT = PlacementStatus.current_values()

# Schools in the sense of the planned limits: the limits are for AP that is not a school.
SCHOOL_TYPES = frozenset({ProviderType.PRU, ProviderType.AP_ACADEMY, ProviderType.INDEPENDENT_SCHOOL})


def running_on(on: datetime.date, path: str = "") -> Q:
    """Placements current on `on`: planned or active, from their start to their planned end."""
    return Q(**{f"{path}status__in": CURRENT, f"{path}starts_on__lte": on, f"{path}planned_end_on__gte": on})


def _today() -> datetime.date:
    return timezone.localdate()


# --- The registration threshold -----------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """What one unregistered provider teaches on a day, counting every commissioner: the pupils taught
    there more than 18 hours a week (`full_time`) and how many of those have an EHC plan or are looked
    after (`protected`). Counts only: never who."""

    full_time: int = 0
    protected: int = 0
    at: bool = False  # 5 such pupils, or 1 with an EHC plan or looked after: it must register
    near: bool = False  # one pupil short of 5, with none protected

    @classmethod
    def of(cls, full_time: int, protected: int) -> Threshold:
        at = full_time >= THRESHOLD_PUPILS or protected >= THRESHOLD_PROTECTED_PUPILS
        return cls(full_time, protected, at, not at and full_time == THRESHOLD_PUPILS - 1)

    def adding(self, *, protected: bool) -> Threshold:
        """The counts with one more full-time pupil."""
        return Threshold.of(self.full_time + 1, self.protected + int(protected))


NO_PUPILS = Threshold()
PROTECTED = Q(pupil__sen_status=SENStatus.EHC_PLAN) | Q(pupil__looked_after=True)


def _full_time_pupils(on: datetime.date, *, provider_id: int | None = None, leaving_out_pupil=None):
    """(provider id, protected) for each pupil taught more than 18 hours a week at an unregistered
    provider on `on`, across every commissioner: a pupil's hours at one provider are added up, so two
    placements there count once (and 10 hours at each of two providers count at neither). One query,
    returning no pupil."""
    with unscoped("registration threshold: counts across every commissioner"):
        placements = Placement.objects.filter(
            running_on(on),
            provider__profile__registration_status__in=RegistrationStatus.unregistered_values(),
        )
        if provider_id is not None:
            placements = placements.filter(provider_id=provider_id)
        if leaving_out_pupil is not None:
            placements = placements.exclude(pupil_id=leaving_out_pupil)
        return list(
            placements.values("provider_id", "pupil_id")
            .annotate(hours=Sum("hours_per_week"), protected=Count("pk", filter=PROTECTED))
            .filter(hours__gt=THRESHOLD_HOURS)
            .order_by()
            .values_list("provider_id", "protected")
        )


def _counted(rows) -> dict[int, Threshold]:
    full_time: dict[int, int] = {}
    protected: dict[int, int] = {}
    for provider_id, is_protected in rows:
        full_time[provider_id] = full_time.get(provider_id, 0) + 1
        protected[provider_id] = protected.get(provider_id, 0) + (1 if is_protected else 0)
    return {pk: Threshold.of(full_time[pk], protected[pk]) for pk in full_time}


def threshold_counts(on: datetime.date | None = None) -> dict[int, Threshold]:
    """Every unregistered provider (registration status unregistered or applied) teaching at least one
    pupil full time on `on`, with its counts: one query over every provider and every commissioner. A
    provider missing from the answer teaches nobody full time (`.get(pk, NO_PUPILS)`).

    It reads across tenants, which no membership may, so it runs unscoped and answers counts only: the
    numbers every LA and school is shown must not reveal another school's pupils."""
    return _counted(_full_time_pupils(on or _today()))


def _values(placement_or_values: Placement | Mapping) -> dict:
    """The fields the checks read, from a placement (saved or not) or from a form's values."""
    if isinstance(placement_or_values, Placement):
        placement = placement_or_values
        return {
            "pk": placement.pk,
            "pupil_id": placement.pupil_id,
            "provider_id": placement.provider_id,
            "local_authority_id": placement.local_authority_id,
            "hours_per_week": placement.hours_per_week,
            "starts_on": placement.starts_on,
            "planned_end_on": placement.planned_end_on,
            "sessions": list(placement.sessions or []),
            "status": placement.status,
        }
    values = dict(placement_or_values)
    for name in ("pupil", "provider"):
        if f"{name}_id" not in values and values.get(name) is not None:
            values[f"{name}_id"] = values[name].pk
    if "local_authority_id" not in values and values.get("pupil") is not None:
        values["local_authority_id"] = values["pupil"].local_authority_id
    values.setdefault("pk", None)
    values.setdefault("sessions", [])
    values.setdefault("status", PlacementStatus.PLANNED)
    return values


def _profile(provider_id: int | None, *, membership: Membership) -> ProviderProfile | None:
    if provider_id is None:
        return None
    return (
        ProviderProfile.objects.visible_to(membership)
        .select_related("provider")
        .filter(provider_id=provider_id)
        .first()
    )


def _pupils(count: int) -> str:
    return f"{count} pupil{'s' if count != 1 else ''}"


def _is_protected(values: dict, *, membership: Membership) -> bool:
    """Whether the placement's pupil has an EHC plan or is looked after: read through the placement
    once it is saved (an LA sees its area's placements before it may read the pupil's record), through
    the pupil's record while it is being planned (by the school, which owns it)."""
    if values["pk"] is not None:
        placement = Placement.objects.visible_to(membership).filter(pk=values["pk"])
        return placement.filter(PROTECTED).exists()
    pupil = Pupil.objects.visible_to(membership).filter(pk=values["pupil_id"])
    return pupil.filter(Q(sen_status=SENStatus.EHC_PLAN) | Q(looked_after=True)).exists()


def threshold_warning(
    placement_or_values: Placement | Mapping, *, membership: Membership, on: datetime.date | None = None
) -> str | None:
    """Would this placement, new or changed, take its provider to the registration threshold or past it?
    A plain-English warning with counts only, or None: a registered provider, a placement of 18 hours or
    fewer at a provider below the threshold, or counts below it.

    Counted on the day the placement starts (today, if it has started), with every other commissioner's
    pupils there that day and this pupil's hours there added up (its other placements at the provider
    too). Another school's pupils are counted in the database and never read here."""
    values = _values(placement_or_values)
    if values.get("status") in PlacementStatus.closed_values():
        return None
    profile = _profile(values.get("provider_id"), membership=membership)
    if profile is None or not profile.is_unregistered:
        return None
    on = max(on or _today(), values["starts_on"])
    others = _counted(_full_time_pupils(on, provider_id=profile.pk, leaving_out_pupil=values["pupil_id"]))
    before = others.get(profile.pk, NO_PUPILS)
    own = (
        Placement.objects.visible_to(membership)
        .filter(running_on(on), pupil_id=values["pupil_id"], provider_id=profile.pk)
        .exclude(pk=values["pk"])
        .aggregate(hours=Sum("hours_per_week"))["hours"]
    ) or Decimal(0)
    hours = own + Decimal(values["hours_per_week"] or 0)
    counts = before
    if is_full_time_for_registration(hours):
        protected = _is_protected(values, membership=membership)
        counts = before.adding(protected=protected)
    if not counts.at:
        return None
    counted = f"{_pupils(counts.full_time)} full time (more than {hours_text(THRESHOLD_HOURS)} hours a week)"
    if counts.protected:
        counted += f", {counts.protected} of them with an EHC plan or looked after"
    if counts is before:
        opening = f"It already teaches {counted}"
    else:
        opening = f"With this placement it would teach {counted}"
    return (
        f"{profile.provider.name} is not registered as a school. {opening}, counting every school and LA "
        f"that places pupils there. A setting that teaches {THRESHOLD_PUPILS} pupils full time, or "
        f"{THRESHOLD_PROTECTED_PUPILS} who has an EHC plan or is looked after, must register as an "
        "independent school, and schools must not place pupils with one that should register and has not."
    )


# --- The planned limits for non-school AP --------------------------------------------------------


def placement_days(starts_on: datetime.date, ends_on: datetime.date) -> int:
    """How long a placement lasts, counting its first and last days: 1 September to 23 November is 84
    days, exactly 12 weeks."""
    return (ends_on - starts_on).days + 1


def breaks_non_school_limits(*, days: int, sessions: int, rules: Rules) -> bool:
    """DfE's planned limits (2025) allow non-school AP as a short placement (at most 12 weeks) or a
    part-time one alongside school (at most 4 sessions, 2 days, a week): a placement is outside them
    only when it is both longer and has more sessions."""
    return days > rules.non_school_max_weeks * 7 and sessions > rules.non_school_max_sessions


def non_school_warning(
    placement_or_values: Placement | Mapping, *, membership: Membership, rules: Rules | None = None
) -> str | None:
    """A warning (never a refusal) when a placement at a provider that is not a school (not a PRU, an AP
    academy or free school, or a registered independent school) is longer than the LA's limit in weeks
    and has more sessions a week than its limit. A provider with no profile is not known to be a
    school, so it is treated as one that is not."""
    values = _values(placement_or_values)
    if values.get("status") in PlacementStatus.closed_values():
        return None
    profile = _profile(values.get("provider_id"), membership=membership)
    if profile is not None and profile.provider_type in SCHOOL_TYPES:
        return None
    rules = rules or rules_for(values.get("local_authority_id"), membership=membership)
    days = placement_days(values["starts_on"], values["planned_end_on"])
    sessions = len(values["sessions"])
    if not breaks_non_school_limits(days=days, sessions=sessions, rules=rules):
        return None
    weeks, extra = divmod(days, 7)
    length = f"{weeks} weeks" + (f" and {extra} day{'s' if extra != 1 else ''}" if extra else "")
    name = profile.provider.name if profile else "This provider"
    return (
        f"{name} is not a school. This placement lasts {length} with {sessions} sessions a week: "
        f"the planned limits for AP that is not a school are {rules.non_school_max_weeks} weeks, or "
        f"{rules.non_school_max_sessions} sessions a week alongside school for a longer placement."
    )


# --- Each pupil's full-time week, for a list -----------------------------------------------------


@dataclass(frozen=True)
class PupilWeek(Week):
    """A pupil's week (`placements.week.Week`) with the latest time limit of a part-time plan on any of
    their current placements."""

    time_limit: datetime.date | None = None
    on: datetime.date | None = None

    @property
    def has_time_limited_plan(self) -> bool:
        """A part-time plan whose time limit has not passed."""
        return self.time_limit is not None and self.time_limit >= self.on

    @property
    def short_without_plan(self) -> bool:
        """Short of a full-time week with no time-limited part-time plan: the flag DOMAIN.md 4 asks for."""
        return self.is_short and not self.has_time_limited_plan


def rules_by_authority(local_authority_ids: Iterable[int], *, membership: Membership) -> dict[int, Rules]:
    """Each LA's numbers as `membership` sees them, the defaults where an LA sets none (one query)."""
    ids = set(local_authority_ids)
    found = {
        row["local_authority_id"]: Rules(**{name: row[name] for name in RULE_FIELDS})
        for row in PlacementRules.objects.visible_to(membership)
        .filter(local_authority_id__in=ids)
        .values("local_authority_id", *RULE_FIELDS)
    }
    return {pk: found.get(pk, DEFAULT_RULES) for pk in ids}


def weeks_for(
    pupil_ids: Iterable[int], *, membership: Membership, on: datetime.date | None = None
) -> dict[int, PupilWeek]:
    """The week of each pupil who has a current placement on `on`, as `placements.week.pupil_week`
    counts it (every current placement's hours, plus the most hours at the school any of them records,
    against the full-time week for the pupil's year group as the LA sets it), with the latest time
    limit of a part-time plan among them: one query, and one for the LAs' numbers.

    A pupil with no current placement is left out: their week is the school's own and not recorded
    here. A provider is answered nothing: it sees only its own placements, so its sum would be wrong,
    and a pupil's placements elsewhere are never its to know."""
    if membership.organisation.kind == Kind.PROVIDER:
        return {}
    on = on or _today()
    rows = list(
        Placement.objects.visible_to(membership)
        .filter(running_on(on), pupil_id__in=list(pupil_ids))
        .values("pupil_id", "pupil__date_of_birth", "pupil__year_group_override", "pupil__local_authority_id")
        .annotate(
            hours=Sum("hours_per_week"),
            school=Max("school_hours_per_week"),
            time_limit=Max("part_time_plan__ends_by"),
        )
        .order_by()
    )
    if not rows:
        return {}
    rules = rules_by_authority({row["pupil__local_authority_id"] for row in rows}, membership=membership)
    weeks = {}
    for row in rows:
        override = row["pupil__year_group_override"]
        group = override if override is not None else year_group(row["pupil__date_of_birth"], on)
        week = week_of(
            row["hours"], row["school"], year_group=group, rules=rules[row["pupil__local_authority_id"]]
        )
        weeks[row["pupil_id"]] = PupilWeek(week.hours, week.full_time, row["time_limit"], on)
    return weeks


# --- A part-time plan's time limit and the LA's deadline -----------------------------------------


def notice_deadline(placement: Placement, rules: Rules) -> datetime.date:
    """The day by which the LA must be told of a part-time timetable: its start plus the LA's days."""
    return placement.starts_on + datetime.timedelta(days=rules.part_time_notice_days)


def part_time_warnings(
    placement: Placement, plan: PartTimePlan | None, *, rules: Rules, on: datetime.date
) -> list[str]:
    """A current placement's part-time plan past its time limit, and an LA not told by its deadline."""
    if plan is None or placement.status in PlacementStatus.closed_values():
        return []
    warnings = []
    if plan.ends_by < on:
        days = (on - plan.ends_by).days
        warnings.append(
            f"The part-time timetable passed its time limit of {long_date(plan.ends_by)} "
            f"{days} day{'s' if days != 1 else ''} ago. Return the pupil to full time, or review and "
            "extend the plan with the parent or carer and tell the LA."
        )
    deadline = notice_deadline(placement, rules)
    if plan.la_notified_on is None and deadline < on:
        warnings.append(
            f"The LA has not been told of this part-time timetable: it asks to be told within "
            f"{rules.part_time_notice_days} days of the start, by {long_date(deadline)}."
        )
    return warnings


def short_week_warning(week: PupilWeek | None, *, pupil_name: str, year: int) -> str | None:
    if week is None or not week.short_without_plan:
        return None
    when = "Reception" if year == 0 else f"Year {year}"
    return (
        f"{pupil_name} is taught {hours_text(week.hours)} hours a week, {hours_text(week.shortfall)} short "
        f"of the full-time week of {hours_text(week.full_time)} hours for {when}, and no current placement "
        "has a part-time plan with a time limit that has not passed."
    )


def placement_warnings(
    placement: Placement, *, membership: Membership, on: datetime.date | None = None
) -> list[str]:
    """Every warning the checks give about one placement, for its commissioners' pages: the threshold,
    the non-school limits, the pupil's week short of full time with no time-limited plan, a part-time
    plan past its time limit, an LA not told in time, and sessions timetabled at another of the pupil's
    current placements too. None for an ended or cancelled placement."""
    if placement.status in PlacementStatus.closed_values():
        return []
    on = on or _today()
    rules = rules_for(placement.local_authority_id, membership=membership)
    warnings = [non_school_warning(placement, membership=membership, rules=rules)]
    # The threshold counts this pupil as having an EHC plan or being looked after, so only the roles shown
    # the pupil's sensitive details read it (a placement's keys are its pupil's: `Placement.save`).
    if sees_sensitive(membership, placement):
        warnings.insert(0, threshold_warning(placement, membership=membership, on=on))
    week_on = max(on, placement.starts_on)
    week = weeks_for([placement.pupil_id], membership=membership, on=week_on).get(placement.pupil_id)
    pupil = placement.pupil
    warnings.append(short_week_warning(week, pupil_name=pupil.name, year=pupil.year_group_on(week_on)))
    plan = PartTimePlan.objects.visible_to(membership).filter(placement_id=placement.pk).first()
    warnings.extend(part_time_warnings(placement, plan, rules=rules, on=on))
    warnings.extend(session_clash_warnings(placement, membership=membership))
    return [warning for warning in warnings if warning]


# --- The timetable -------------------------------------------------------------------------------

# A session is half a school day: no session holds more than 6 hours of teaching.
HOURS_PER_SESSION = Decimal(6)


def hours_for_sessions_error(hours: Decimal | None, sessions: int) -> str | None:
    """Hours a week at the provision that the sessions ticked cannot hold (more than 6 for each), or hours
    with no session ticked, in words for the hours field; None when they fit."""
    if hours is None or hours <= 0:
        return None
    if sessions == 0:
        return f"Choose the sessions for the {hours_text(hours)} hours a week at the provision"
    if hours <= HOURS_PER_SESSION * sessions:
        return None
    most = hours_text(HOURS_PER_SESSION * sessions)
    ticked = "the 1 session" if sessions == 1 else f"each of the {sessions} sessions"
    in_all = "" if sessions == 1 else f" ({most} hours in all)"
    return (
        f"{hours_text(hours)} hours is more than {hours_text(HOURS_PER_SESSION)} hours for {ticked} ticked"
        f"{in_all}: check the hours or the sessions"
    )


def full_time_week_on(pupil: Pupil, *, membership: Membership) -> Callable[[datetime.date], Decimal]:
    """The hours of the pupil's full-time week on any day (for their year group then, as their LA sets
    it): one query, for the LA's numbers."""
    rules = rules_for(pupil.local_authority_id, membership=membership)
    return lambda on: full_time_hours(pupil.year_group_on(on), rules)


def steps_after_full_time(
    steps: Mapping[int, tuple[datetime.date, Decimal]],
    *,
    full_time_on: Callable[[datetime.date], Decimal],
) -> dict[int, str]:
    """The steps of a part-time plan (by number: a date and the pupil's hours a week from then) that come
    after the pupil is back to a full-time week: the step before it, by date, already reaches the
    full-time week on its date. A plan's steps lead back to full time, so such a step is a mistake in
    the hours or the dates. The message for each, by number."""
    ordered = sorted(steps.items(), key=lambda item: (item[1][0], item[0]))
    errors = {}
    for (before, (_before_on, hours)), (number, (on, _hours)) in itertools.pairwise(ordered):
        full = full_time_on(on)
        if hours >= full:
            errors[number] = (
                f"Step {before} already gives the pupil a full-time week of {hours_text(full)} hours by "
                f"{long_date(on)}: leave step {number} blank, or give step {before} fewer hours"
            )
    return errors


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def session_clash_warnings(placement: Placement, *, membership: Membership) -> list[str]:
    """Each half-day of this placement's timetable that another current placement (planned or active) of
    the same pupil also timetables while both run, at another provider or the same: one warning for each
    provider, never a refusal (a pupil may spend mornings at one provider and afternoons at another; the
    same session at two is what is wrong). One query, over the placements `membership` sees."""
    sessions = set(placement.sessions or [])
    if placement.status in PlacementStatus.closed_values() or not sessions:
        return []
    others = (
        Placement.objects.visible_to(membership)
        .filter(
            pupil_id=placement.pupil_id,
            status__in=CURRENT,
            starts_on__lte=placement.planned_end_on,
            planned_end_on__gte=placement.starts_on,
            sessions__overlap=sorted(sessions),
        )
        .exclude(pk=placement.pk)
        .order_by("starts_on", "pk")
        .values_list("provider__name", "sessions")
    )
    clashes: dict[str, set[str]] = {}
    for provider_name, their_sessions in others:
        clashes.setdefault(provider_name, set()).update(sessions.intersection(their_sessions))
    warnings = []
    for provider_name, clashing in clashes.items():
        labels = [Session(value).label for value in Session.values if value in clashing]
        verb = "is" if len(labels) == 1 else "are"
        warnings.append(f"{_and(labels)} {verb} also timetabled at {provider_name}")
    return warnings
