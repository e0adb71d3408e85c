"""Django's Redis cache, keeping one Redis client for each connection pool.

Django builds a new `redis.Redis` for every cache operation, and redis-py fills a table of some 170
response callbacks in each one's constructor: on a page that reads its session and the person's standing
from the cache, that was a tenth of the request. The client is thread-safe and holds no connection of
its own (its pool does), so one per pool serves every operation.
"""

from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
