"""The placement plan's forms: the plan (made directly for one of the school's pupils, from an accepted
referral, or changed), an objective, the part-time plan, and the moves. Choices come from the acting
membership's view, so another school's pupil, site or block purchase is not a choice; the services check
again. Once a placement is active, a change asks why (`change_reason`)."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.db.models import Q
from django.utils.functional import lazy

from apcommission.forms.dates import DateField, long_date, years_ago, years_ahead
from apcommission.forms.govuk import apply_service_defaults
from apcommission.forms.numbers import DecimalField, HoursField
from apcommission.numbers import plain_number
from apcommission.tenancy.forms import GovUKFormMixin
from apcommission.tenancy.models import Organisation
from apcommission.tenancy.roles import OrganisationKind
from placements.checks import hours_for_sessions_error, steps_after_full_time
from placements.models import (
    AttendanceCode,
    BlockPurchase,
    CostUnit,
    EndPoint,
    Funder,
    ObjectiveArea,
    PlacementReason,
    Session,
    Shared,
    shared_by_default,
)
from placements.services import LEAST_HOURS, MOST_HOURS, MOST_SCHOOL_HOURS, OBJECTIVE_FIELDS, PLAN_FIELDS
from providers.forms.inputs import number_input
from providers.models import Site
from pupils.models import Pupil


def plain(value):
    """A number as a person would type it: 15 rather than 15.0, 62.5 rather than 62.50."""
    return Decimal(plain_number(value)) if isinstance(value, Decimal) else value


def _plain_numbers(initial: dict) -> dict:
    return {name: plain(value) for name, value in initial.items()}


def _box(label: str, *, hint: str = "", rows: int = 3, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=hint, widget=forms.Textarea(attrs={"rows": rows})
    )


def _hours(
    label: str, *, required: bool = True, hint: str = "", least=LEAST_HOURS, most=MOST_HOURS, initial=None
) -> HoursField:
    return HoursField(
        label=label,
        required=required,
        initial=initial,
        least=least,
        most=most,
        help_text=hint,
        widget=number_input(4, decimal=True),
    )


def _change_reason() -> forms.CharField:
    # Needed only when something changes, which the service knows: a form saved unchanged saves nothing.
    return forms.CharField(
        label="Why the plan changes",
        required=False,
        help_text="The placement has started: what changes and why are kept in its history.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SiteSelect(forms.Select):
    """Each site's option names its provider (`data-provider`), so app.js can hide the other providers'
    sites when the provider is changed; without JavaScript the server refuses a site of another."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        site = getattr(value, "instance", None)
        if site is not None:
            option["attrs"]["data-provider"] = str(site.provider_id)
        return option


class SiteChoice(forms.ModelChoiceField):
    widget = SiteSelect

    def label_from_instance(self, site: Site) -> str:
        return f"{site.name}, {site.town} ({site.provider.name})"


class BlockChoice(forms.ModelChoiceField):
    def label_from_instance(self, block: BlockPurchase) -> str:
        period = f"{long_date(block.starts_on)} to {long_date(block.ends_on)}"
        return f"{block.provider.name}: {block.places} places, {period}"


class PlanForm(GovUKFormMixin, forms.Form):
    """The plan. `provider_fixed` leaves the provider out: on a plan from a referral it is the one whose
    offer was accepted, on a placement that has started the one it started with. `active` adds the reason
    for the change."""

    submit_label = "Save the plan"

    provider = forms.ModelChoiceField(
        label="Provider",
        queryset=None,
        empty_label="Choose a provider",
        error_messages={
            "required": "Choose the provider",
            "invalid_choice": "Choose a provider from the directory",
        },
    )
    site = SiteChoice(
        label="Site (optional)",
        queryset=None,
        required=False,
        empty_label="Not decided yet",
        error_messages={"invalid_choice": "Choose a site of the provider"},
    )
    starts_on = DateField("Start date", earliest=years_ago(1), latest=years_ahead(2))
    planned_end_on = DateField("Planned end date", earliest=years_ago(1), latest=years_ahead(4))
    sessions = forms.MultipleChoiceField(
        label="Sessions at the provision",
        choices=Session.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each morning and afternoon the pupil is there.",
        error_messages={
            "required": "Choose the sessions the pupil is at the provision",
            "invalid_choice": "Choose sessions from the list",
        },
    )
    hours_per_week = _hours("Hours a week at the provision")
    school_hours_per_week = _hours(
        "Hours a week at the school alongside",
        hint="Lessons the pupil still has at the school each week. 0 if none.",
        least=0,
        most=MOST_SCHOOL_HOURS,
        initial=0,
    )
    attendance_code = forms.ChoiceField(
        label="Attendance code the school records",
        choices=AttendanceCode.choices,
        widget=forms.RadioSelect,
        initial=AttendanceCode.B,
        error_messages={"required": "Choose the attendance code the school records"},
    )
    reason = forms.ChoiceField(
        label="Reason for the placement",
        choices=PlacementReason.choices,
        widget=forms.RadioSelect,
        help_text="As the school census records it.",
        error_messages={"required": "Choose the reason for the placement"},
    )
    intended_end_point = forms.ChoiceField(
        label="Where the placement should lead (optional)",
        choices=[("", "Not decided yet"), *EndPoint.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    cost = DecimalField(
        label="Cost (optional)",
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text="In pounds, for example 95.50",
        widget=number_input(10, decimal=True),
    )
    cost_unit = forms.ChoiceField(
        label="What the cost is for (optional)",
        choices=[("", "Not given"), *CostUnit.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    funder = forms.ChoiceField(
        label="Who pays (optional)", choices=[("", "Not given"), *Funder.choices], required=False
    )
    block_purchase = BlockChoice(
        label="Block-purchased place (optional)",
        queryset=None,
        required=False,
        empty_label="A spot purchase, not a block-purchased place",
        error_messages={"invalid_choice": "Choose a block purchase your school made"},
    )
    transport = _box("Transport (optional)", hint="How the pupil gets there and back, and who arranges it.")
    school_contact = forms.CharField(
        label="Key contact at the school (optional)",
        required=False,
        help_text="Name, role and how to reach them.",
    )
    provider_contact = forms.CharField(
        label="Key contact at the provider (optional)",
        required=False,
        help_text="Name, role and how to reach them.",
    )
    review_arrangements = _box("When, where and how it will be reviewed (optional)")
    parent_told_on = DateField(
        "Parent or carer told on (optional)",
        name="the date the parent or carer was told",
        required=False,
        past=True,
        earliest=years_ago(2),
        help_text="When they were told why, when, where and how it will be reviewed.",
    )
    off_site_notice_on = DateField(
        "Written notice of an off-site direction given on (off-site direction only)",
        name="the date of the written notice",
        required=False,
        earliest=years_ago(2),
        latest=years_ahead(1),
        help_text="An off-site direction needs written notice at least 2 school days before it starts.",
    )
    shared = forms.MultipleChoiceField(
        label="What the provider reads about the pupil",
        choices=Shared.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Never the address, contacts or other sensitive details.",
        error_messages={"invalid_choice": "Choose what the provider reads from the list"},
    )

    def __init__(self, *args, membership, placement=None, provider_fixed=None, active=False, **kwargs):
        if placement is not None:
            initial = {name: getattr(placement, name) for name in PLAN_FIELDS}
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.initial = _plain_numbers(self.initial)
        if placement is None and "shared" not in self.initial:
            self.fields["shared"].initial = shared_by_default()
        self.provider_fixed = provider_fixed
        # A placement that started long ago keeps its dates: the bounds are for dates being set.
        self.keeps_stored_dates = placement is not None
        if provider_fixed is not None:
            del self.fields["provider"]
            sites = Site.objects.visible_to(membership).filter(provider_id=provider_fixed.pk)
        else:
            self.fields["provider"].queryset = (
                Organisation.objects.visible_to(membership)
                .filter(kind=OrganisationKind.PROVIDER)
                .order_by("name")
            )
            sites = Site.objects.visible_to(membership)
            self.fields["site"].widget.attrs["data-app-sites-of"] = self.add_prefix("provider")
            self.fields["site"].help_text = (
                "The sites of the provider chosen. If you change the provider, save the plan to choose "
                "one of its sites."
            )
            chosen = self._chosen_provider()
            if chosen is not None:
                sites = sites.filter(provider_id=chosen)
                # Another provider's site is refused as the service words it, naming the provider (read
                # only when the message is).
                providers = self.fields["provider"].queryset.filter(pk=chosen)
                self.fields["site"].error_messages["invalid_choice"] = lazy(
                    lambda: next(
                        (f"Choose a site of {name}" for name in providers.values_list("name", flat=True)),
                        "Choose a site of the provider",
                    ),
                    str,
                )()
        # Open sites, and the one the plan names even if it has since closed (so it saves unchanged).
        kept = Q(pk=placement.site_id) if placement is not None and placement.site_id else Q(pk__in=[])
        self.fields["site"].queryset = (
            sites.filter(Q(closed_on__isnull=True) | kept)
            .select_related("provider")
            .order_by("provider__name", "name")
        )
        self.fields["block_purchase"].queryset = (
            BlockPurchase.objects.visible_to(membership)
            .filter(school_id=membership.organisation_id)
            .select_related("provider")
        )
        if active:
            self.fields["change_reason"] = _change_reason()
        apply_service_defaults(self)
        self.helper.layout = Layout(*self._layout(active))

    def _chosen_provider(self) -> int | None:
        """The provider whose sites are choices: the one posted, or else the plan's. None when there is
        none yet (a new plan's form lists every site, each naming its provider)."""
        if self.is_bound:
            value = self.data.get(self.add_prefix("provider"), "")
        else:
            value = self.initial.get("provider")
            value = getattr(value, "pk", value)
        return int(value) if str(value or "").isdigit() else None

    def _layout(self, active: bool) -> list:
        def group(legend, *names):
            return Fieldset(*names, legend=legend, legend_size=Size.MEDIUM)

        def radios(name):
            return Field.radios(name, legend_size=Size.SMALL, small=True)

        where = ["site", "starts_on", "planned_end_on"]
        if self.provider_fixed is None:
            where.insert(0, "provider")
        layout = [
            *([Field("pupil")] if "pupil" in self.fields else []),
            group("Where and when", *where),
            group(
                "Timetable",
                Field.checkboxes("sessions", legend_size=Size.SMALL, small=True),
                "hours_per_week",
                "school_hours_per_week",
            ),
            group(
                "How it is recorded",
                radios("attendance_code"),
                radios("reason"),
                radios("intended_end_point"),
            ),
            group("Funding", "cost", radios("cost_unit"), "funder", "block_purchase"),
            group("Arrangements", "transport", "school_contact", "provider_contact", "review_arrangements"),
            group("The parent or carer", "parent_told_on", "off_site_notice_on"),
            group("What the provider reads", Field.checkboxes("shared", legend_size=Size.SMALL, small=True)),
        ]
        if active:
            layout.append("change_reason")
        return layout

    def clean(self):
        cleaned = super().clean()
        if "hours_per_week" not in self.errors and "sessions" not in self.errors:
            # No session ticked is refused on the sessions field already.
            error = hours_for_sessions_error(
                cleaned.get("hours_per_week"), len(cleaned.get("sessions") or [])
            )
            if error:
                self.add_error("hours_per_week", error)
        return cleaned

    def values(self) -> dict:
        """The plan's values for the services, the shares and sessions in their lists' order."""
        data = {name: self.cleaned_data[name] for name in PLAN_FIELDS if name in self.cleaned_data}
        for name, choices in (("shared", Shared.values), ("sessions", Session.values)):
            chosen = set(data[name])
            data[name] = [value for value in choices if value in chosen]
        data["school_hours_per_week"] = data["school_hours_per_week"] or 0
        return data


class NewPlanForm(PlanForm):
    """A plan made directly, for one of the school's pupils."""

    pupil = forms.ModelChoiceField(
        label="Pupil",
        queryset=None,
        empty_label="Choose a pupil",
        error_messages={
            "required": "Choose the pupil the placement is for",
            "invalid_choice": "Choose one of your school's pupils",
        },
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, membership=membership, **kwargs)
        self.fields["pupil"].queryset = (
            Pupil.objects.visible_to(membership)
            .filter(school_id=membership.organisation_id)
            .only("pk", "legal_forename", "legal_surname", "preferred_forename", "preferred_surname")
        )
        self.fields["pupil"].label_from_instance = lambda pupil: f"{pupil.surname}, {pupil.forename}"
        self.order_fields(["pupil"])


class ObjectiveForm(GovUKFormMixin, forms.Form):
    submit_label = "Save the objective"

    area = forms.ChoiceField(
        label="Area",
        choices=ObjectiveArea.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the area of the objective"},
    )
    description = _box("The objective", hint="What the pupil will achieve.", required=True)
    measure = forms.CharField(
        label="How it is measured",
        help_text="For example: sessions attended as a percentage of sessions timetabled.",
        error_messages={"required": "Enter how it is measured"},
    )
    unit = forms.CharField(
        label="Unit (optional)",
        required=False,
        max_length=40,
        help_text="For example: %, incidents a week, grade",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
    )
    baseline_value = DecimalField(
        label="Baseline (optional until the placement starts)",
        required=False,
        max_digits=8,
        decimal_places=2,
        help_text="Where the pupil starts from, as a number in the unit above.",
        widget=number_input(10, decimal=True),
    )
    baseline_on = DateField(
        "Date of the baseline",
        name="the date of the baseline",
        required=False,
        past=True,
        earliest=years_ago(3),
    )
    target_value = DecimalField(
        label="Target (optional)",
        required=False,
        max_digits=8,
        decimal_places=2,
        widget=number_input(10, decimal=True),
    )
    target_on = DateField(
        "Target date (optional)", name="the target date", required=False, latest=years_ahead(3)
    )

    def __init__(self, *args, objective=None, active=False, **kwargs):
        if objective is not None:
            kwargs.setdefault("initial", {name: getattr(objective, name) for name in OBJECTIVE_FIELDS})
        super().__init__(*args, **kwargs)
        self.keeps_stored_dates = objective is not None
        self.initial = _plain_numbers(self.initial)
        self.fields["description"].error_messages["required"] = "Enter what the objective is"
        layout = [
            Field.radios("area", legend_size=Size.SMALL, small=True),
            "description",
            "measure",
            "unit",
            Fieldset("baseline_value", "baseline_on", legend="Baseline", legend_size=Size.MEDIUM),
            Fieldset("target_value", "target_on", legend="Target", legend_size=Size.MEDIUM),
        ]
        if active:
            self.fields["change_reason"] = _change_reason()
            layout.append("change_reason")
        apply_service_defaults(self)
        self.helper.layout = Layout(*layout)

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in OBJECTIVE_FIELDS}


MOST_STEPS = 10


class PartTimePlanForm(GovUKFormMixin, forms.Form):
    """The part-time plan, with its steps as rows of a date and hours (blank rows are left out).
    `full_time_on` gives the pupil's full-time week on a day (`checks.full_time_week_on`): with it, a step
    after the pupil is already back to full time is refused."""

    submit_label = "Save the part-time plan"

    why_part_time = _box("Why a part-time timetable", required=True)
    ends_by = DateField(
        "Time limit",
        name="the time limit",
        latest=years_ahead(2),
        help_text="The date by which the pupil is back to a full-time week.",
    )
    parent_agreed_on = DateField(
        "Parent or carer agreed on (needed to start)",
        name="the date the parent or carer agreed",
        required=False,
        past=True,
        earliest=years_ago(2),
    )
    la_notified_on = DateField(
        "LA told on (needed to start)",
        name="the date the LA was told",
        required=False,
        past=True,
        earliest=years_ago(2),
    )

    def __init__(self, *args, plan=None, steps=(), active=False, full_time_on=None, **kwargs):
        self.full_time_on = full_time_on
        steps = list(steps)
        self.rows = min(max(4, len(steps) + 1), MOST_STEPS)
        if plan is not None:
            initial = {
                "why_part_time": plan.reason,
                "ends_by": plan.ends_by,
                "parent_agreed_on": plan.parent_agreed_on,
                "la_notified_on": plan.la_notified_on,
            }
            for number, step in enumerate(steps, start=1):
                initial[f"step_{number}_on"] = step.from_on
                initial[f"step_{number}_hours"] = step.hours_per_week
            kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.keeps_stored_dates = plan is not None
        self.initial = _plain_numbers(self.initial)
        self.fields["why_part_time"].error_messages["required"] = (
            "Enter why the pupil has a part-time timetable"
        )
        layout = ["why_part_time", "ends_by", "parent_agreed_on", "la_notified_on"]
        for number in range(1, self.rows + 1):
            self.fields[f"step_{number}_on"] = DateField(
                f"Date of step {number}",
                required=False,
                earliest=years_ago(1),
                latest=years_ahead(2),
            )
            self.fields[f"step_{number}_hours"] = _hours(
                f"Hours a week at step {number}",
                required=False,
                hint="In total, at school and at the provision together.",
            )
            layout.append(
                Fieldset(
                    f"step_{number}_on",
                    f"step_{number}_hours",
                    legend=f"Step {number}" + (" (optional)" if number > 1 else ""),
                    legend_size=Size.SMALL,
                )
            )
        if active:
            self.fields["change_reason"] = _change_reason()
            layout.append("change_reason")
        apply_service_defaults(self)
        self.helper.layout = Layout(*layout)

    def clean(self):
        cleaned = super().clean()
        steps = {}
        for number in range(1, self.rows + 1):
            on, hours = f"step_{number}_on", f"step_{number}_hours"
            if on in self.errors or hours in self.errors:
                continue
            if cleaned.get(on) and cleaned.get(hours) is None:
                self.add_error(hours, f"Enter the hours a week of step {number}")
            elif cleaned.get(hours) is not None and not cleaned.get(on):
                self.add_error(on, f"Enter the date of step {number}")
            elif cleaned.get(on):
                steps[number] = (cleaned[on], cleaned[hours])
        if self.full_time_on is not None:
            for number, error in steps_after_full_time(steps, full_time_on=self.full_time_on).items():
                self.add_error(f"step_{number}_hours", error)
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        steps = [
            (data[f"step_{n}_on"], data[f"step_{n}_hours"])
            for n in range(1, self.rows + 1)
            if data.get(f"step_{n}_on") and data.get(f"step_{n}_hours") is not None
        ]
        return {
            "why_part_time": data["why_part_time"],
            "ends_by": data["ends_by"],
            "parent_agreed_on": data["parent_agreed_on"],
            "la_notified_on": data["la_notified_on"],
            "steps": steps,
        }


class StartForm(GovUKFormMixin, forms.Form):
    submit_label = "Start the placement"


class EndForm(GovUKFormMixin, forms.Form):
    """Ending an active placement (the date and why) or cancelling a planned one (why)."""

    submit_label = "End the placement"

    ended_on = DateField(
        "Date it ended", name="the date the placement ended", past=True, earliest=years_ago(5)
    )
    reason = forms.CharField(
        label="Why it ended",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the placement ended"},
    )

    def __init__(self, *args, cancelling=False, **kwargs):
        super().__init__(*args, **kwargs)
        if cancelling:
            del self.fields["ended_on"]
            self.fields["reason"].label = "Why it is cancelled"
            self.fields["reason"].error_messages["required"] = "Enter why the placement is cancelled"
            self.helper.inputs[0].value = "Cancel the placement"
