"""The periodic schedule names tasks the worker really has, and running them does their work."""

import pytest
from celery.schedules import crontab
from django.conf import settings

from config.celery import app


def test_every_scheduled_task_is_registered():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
        schedule = entry["schedule"]
        assert isinstance(schedule, crontab) or schedule > 0


def test_duplicates_are_found_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["find-duplicates-nightly"]
    assert entry["task"] == "registry.find_duplicates"
    schedule = entry["schedule"]
    assert isinstance(schedule, crontab)
    # once a day, every day, at night
    assert len(schedule.hour) == 1 and len(schedule.minute) == 1 and len(schedule.day_of_week) == 7
    assert next(iter(schedule.hour)) < 6


@pytest.mark.django_db
def test_scheduled_tasks_run():
    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        result = app.tasks[entry["task"]].apply()
        assert result.successful(), entry["task"]
