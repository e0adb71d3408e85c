"""The Celery app. Tasks are thin wrappers over services; the database says what is due."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apcommission.settings")

app = Celery("apcommission")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
