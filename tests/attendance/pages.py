"""Signing in as a role of the world, for the attendance page tests."""

from tests.bound_client import BoundClient


def signed_in(world, role: str) -> BoundClient:
    client = BoundClient()
    client.force_login(world.user(role))
    return client
