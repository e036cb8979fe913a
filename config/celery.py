"""Celery application. Tasks run eagerly unless CELERY_TASK_ALWAYS_EAGER is false."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hoanhap")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
