"""Pieces of the list documents built without DRF's per-field walk (persons and cases, P-1)."""

from django.conf import settings
from django.utils import timezone
from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

_DATETIME = serializers.DateTimeField()


def datetime_text(value, tz=None) -> str | None:
    """Exactly what DRF's `DateTimeField` shows — ISO 8601 in the current time zone (`tz`, read
    once per list by the caller), UTC as "Z" — for the aware values the database gives, without its
    per-call field machinery."""
    if not value:
        return None
    if value.tzinfo is None or not settings.USE_TZ or api_settings.DATETIME_FORMAT != ISO_8601:
        return _DATETIME.to_representation(value)
    text = value.astimezone(tz or timezone.get_current_timezone()).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def date_text(value) -> str | None:
    return value.isoformat() if value is not None else None
