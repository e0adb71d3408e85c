"""An LA's panel setting, its meetings and the referrals put to them."""

import datetime

import factory

from panels.models import PanelItem, PanelKind, PanelMeeting, PanelSetting
from tests.factories import LocalAuthorityFactory, UnscopedFactory, UserFactory
from tests.referrals.factories import ReferralFactory


class PanelSettingFactory(UnscopedFactory):
    class Meta:
        model = PanelSetting

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    uses_panel = True


class PanelMeetingFactory(UnscopedFactory):
    class Meta:
        model = PanelMeeting

    local_authority = factory.SubFactory(LocalAuthorityFactory)
    meets_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
    kind = PanelKind.FAIR_ACCESS
    attendees = factory.LazyFunction(lambda: [{"name": "Priya Shah", "role": "Chair"}])
    created_by = factory.SubFactory(UserFactory, with_totp=False)


class PanelItemFactory(UnscopedFactory):
    class Meta:
        model = PanelItem

    referral = factory.SubFactory(ReferralFactory)
    meeting = factory.SubFactory(
        PanelMeetingFactory, local_authority=factory.SelfAttribute("..referral.local_authority")
    )
    put_by = factory.SubFactory(UserFactory, with_totp=False)
