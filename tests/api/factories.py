"""API keys as rows, for the property test: a key acting through a membership the test made."""

import datetime

import factory
from django.utils import timezone

from api.models import ApiKey
from tests.factories import UnscopedFactory, UserFactory


class ApiKeyFactory(UnscopedFactory):
    class Meta:
        model = ApiKey

    name = "MIS sync"
    prefix = factory.Sequence(lambda n: f"k{n:07d}")
    hashed_key = factory.Sequence(lambda n: f"{n:064d}")
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    created_by = factory.SubFactory(UserFactory, with_totp=False)
