"""Access-matrix rows for the provider directory, provider pages, profiles, sites and verification.

Every commissioner (LA, school, trust) sees every provider; a provider sees only itself (another provider
is NOT_FOUND). Who may change a profile: the provider's manager, an officer of the LA whose register it is
on, and the AP lead of a school that added it; other commissioners get FORBIDDEN.
"""

from tests.access.matrix import FORBIDDEN, NOT_FOUND, OK, page, pk, to, wrong_method
from tests.dates import date_input
from tests.factories import ProviderFactory
from tests.providers.factories import ProviderProfileFactory, SiteFactory

NEW_PROVIDER = {
    "name": "Riverside Tuition",
    "urn": "",
    "ukprn": "",
    "setting_type": "OOT",
    "provider_type": "tuition",
    "registration_status": "unregistered",
}
COMMISSIONERS = {"la": OK, "school": OK, "trust_leader": OK}
A_SITE = {"name": "Riverside", "address_line_1": "1 Quay Street", "town": "Demoton", "postcode": "DM2 2BB"}


def profile_of(provider_attribute: str):
    def data(world, role) -> dict:
        provider = getattr(world, provider_attribute)
        return {
            "name": f"{provider.name} (renamed)",
            "urn": provider.urn or "",
            "ukprn": provider.ukprn or "",
            "setting_type": provider.setting_type,
            "provider_type": "training_provider",
            "registration_status": "fe_registered",
            "key_stages": ["ks4"],
            "capacity": "12",
        }

    return data


def school_added_provider(world):
    world.school_added = ProviderFactory(name="Corner Gym Mentoring", local_authority=world.la)
    ProviderProfileFactory(provider=world.school_added, added_by=world.school)


def a_site(world):
    world.site = SiteFactory(provider=world.provider, name="Town Centre")


# Editing world.provider's profile and sites: its manager and its LA's officer.
EDITORS_OF_PROVIDER = {"members": FORBIDDEN, "other_provider_manager": NOT_FOUND}

ROWS = [
    # The directory: every commissioner browses it; providers do not.
    page("provider_list", members=FORBIDDEN, **COMMISSIONERS),
    wrong_method("provider_list", "POST"),
    # Adding a provider: LA officers to their register, school AP leads to their LA's area.
    page("provider_create", members=FORBIDDEN, la_officer=OK, other_la_officer=OK, ap_lead=OK),
    page(
        "provider_create",
        "POST",
        note="a valid provider",
        data=lambda world, role: NEW_PROVIDER,
        members=FORBIDDEN,
        la_officer=to("provider_detail"),
        other_la_officer=to("provider_detail"),
        ap_lead=to("provider_detail"),
    ),
    wrong_method("provider_create", "PUT"),
    # The providers an LA's schools use that its list does not approve: the LA's own.
    page("unapproved_providers", members=FORBIDDEN, la=OK),
    wrong_method("unapproved_providers", "POST"),
    # A provider's page: every commissioner, and the provider itself.
    page(
        "provider_detail",
        note="a Demoshire provider",
        kwargs=pk("provider"),
        members=OK,
        other_provider_manager=NOT_FOUND,
    ),
    page(
        "provider_detail",
        note="another LA's provider",
        kwargs=pk("other_provider"),
        members=OK,
        provider_manager=NOT_FOUND,
        provider_staff=NOT_FOUND,
    ),
    page(
        "provider_detail",
        note="a provider a school added",
        kwargs=pk("school_added"),
        setup=school_added_provider,
        members=NOT_FOUND,
        **COMMISSIONERS,
    ),
    page("provider_detail", note="a school is not a provider", kwargs=pk("school"), members=NOT_FOUND),
    wrong_method("provider_detail", "POST", kwargs=pk("provider")),
    # Editing a profile.
    page(
        "provider_edit",
        note="a Demoshire provider",
        kwargs=pk("provider"),
        **EDITORS_OF_PROVIDER,
        la_officer=OK,
        provider_manager=OK,
    ),
    page(
        "provider_edit",
        "POST",
        note="a Demoshire provider",
        kwargs=pk("provider"),
        data=profile_of("provider"),
        **EDITORS_OF_PROVIDER,
        la_officer=to("provider_detail"),
        provider_manager=to("provider_detail"),
    ),
    page(
        "provider_edit",
        note="another LA's provider",
        kwargs=pk("other_provider"),
        members=FORBIDDEN,
        provider_manager=NOT_FOUND,
        provider_staff=NOT_FOUND,
        other_la_officer=OK,
        other_provider_manager=OK,
    ),
    page(
        "provider_edit",
        "POST",
        note="a provider a school added",
        kwargs=pk("school_added"),
        setup=school_added_provider,
        data=profile_of("school_added"),
        members=FORBIDDEN,
        provider=NOT_FOUND,
        la_officer=to("provider_detail"),
        ap_lead=to("provider_detail"),
    ),
    wrong_method("provider_edit", "DELETE", kwargs=pk("provider")),
    # Verifying a profile: any LA's officers, each for their own LA.
    page(
        "provider_verify",
        "POST",
        note="a Demoshire provider",
        kwargs=pk("provider"),
        data=lambda world, role: {},
        members=FORBIDDEN,
        la_officer=to("provider_detail"),
        other_la_officer=to("provider_detail"),
    ),
    page(
        "provider_verify",
        "POST",
        note="a school is not a provider",
        kwargs=pk("school"),
        members=FORBIDDEN,
        la_officer=NOT_FOUND,
        other_la_officer=NOT_FOUND,
    ),
    wrong_method("provider_verify", "GET", kwargs=pk("provider")),
    # Sites: whoever edits the profile.
    page(
        "site_create",
        note="a Demoshire provider",
        kwargs=pk("provider"),
        **EDITORS_OF_PROVIDER,
        la_officer=OK,
        provider_manager=OK,
    ),
    page(
        "site_create",
        "POST",
        note="a Demoshire provider",
        kwargs=pk("provider"),
        data=lambda world, role: A_SITE,
        **EDITORS_OF_PROVIDER,
        la_officer=to("provider_detail"),
        provider_manager=to("provider_detail"),
    ),
    wrong_method("site_create", "PUT", kwargs=pk("provider")),
    page(
        "site_edit",
        note="a Demoshire provider's site",
        kwargs=pk("site"),
        setup=a_site,
        **EDITORS_OF_PROVIDER,
        la_officer=OK,
        provider_manager=OK,
    ),
    page(
        "site_edit",
        "POST",
        note="closing a Demoshire provider's site",
        kwargs=pk("site"),
        setup=a_site,
        data=lambda world, role: {**A_SITE, **date_input("closed_on", "2026-07-18")},
        **EDITORS_OF_PROVIDER,
        la_officer=to("provider_detail"),
        provider_manager=to("provider_detail"),
    ),
    wrong_method("site_edit", "DELETE", kwargs=pk("site"), setup=a_site),
]
