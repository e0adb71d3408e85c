import factory
from django.utils import timezone

from alerts.kinds import AlertKind
from alerts.models import Alert, Preference
from tests.factories import UnscopedFactory


class AlertFactory(UnscopedFactory):
    class Meta:
        model = Alert

    kind = AlertKind.REVIEW_OVERDUE
    organisation = factory.LazyAttribute(lambda o: o.membership.organisation)
    subject = factory.Sequence(lambda n: f"review:{n}")
    due_on = factory.LazyFunction(timezone.localdate)
    link = "/"
    words = "A review of a placement was due and has not been held."
    created_at = factory.LazyFunction(timezone.now)
    email_due_at = factory.LazyFunction(timezone.now)


class PreferenceFactory(UnscopedFactory):
    class Meta:
        model = Preference

    kind = AlertKind.REVIEW_DUE_SOON
    digest = True
