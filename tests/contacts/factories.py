"""The school's log of visits and contacts, as its AP lead logs them."""

import datetime

import factory

from contacts.models import Contact, ContactKind
from tests.factories import ProviderFactory, SchoolFactory, UnscopedFactory, UserFactory

TODAY = datetime.date.today()


class ContactRecordFactory(UnscopedFactory):
    """A visit by a school to a provider (`placement`, when given, fixes the school, provider and pupil)."""

    class Meta:
        model = Contact

    school = factory.LazyAttribute(lambda o: o.placement.school if o.placement else SchoolFactory())
    local_authority = factory.LazyAttribute(lambda o: o.school.local_authority)
    provider = factory.LazyAttribute(lambda o: o.placement.provider if o.placement else ProviderFactory())
    placement = None
    pupil = factory.LazyAttribute(lambda o: o.placement.pupil if o.placement else None)
    kind = ContactKind.VISIT
    on = factory.LazyFunction(lambda: TODAY - datetime.timedelta(days=3))
    by = factory.SubFactory(UserFactory)
    with_whom = "Jo Khan, the provider's manager"
    summary = "Saw the pupils in a maths lesson; the register matched ours."
