"""The periodic schedule names tasks the worker really has, and running them does their work."""

import pytest
from django.conf import settings

from config.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
        assert entry["schedule"] > 0


@pytest.mark.django_db
def test_scheduled_tasks_run():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        result = app.tasks[entry["task"]].apply()
        assert result.successful(), entry["task"]
