"""The Redis cache keeps one client per connection pool, and still reads and writes through Redis."""

from django.core.cache import cache


def test_every_operation_goes_through_one_client_that_reaches_redis():
    client = cache._cache.get_client(write=True)
    cache.set("redis-cache-test", {"answer": 42}, 30)

    assert cache._cache.get_client() is client
    assert cache.get_many(["redis-cache-test"]) == {"redis-cache-test": {"answer": 42}}
    assert client.exists(cache.make_and_validate_key("redis-cache-test")) == 1
