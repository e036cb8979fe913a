"""Serializers shared by every domain: the error shape (for the schema) and unit codes."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from registry.models import AdminUnit, UnitLevel


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (documentation only)."""

    detail = serializers.CharField(help_text=_("A message for people, in the request's language."))
    code = serializers.CharField(help_text=_("A stable code for programs: invalid, possible_duplicate, conflict, ..."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Input errors: field name → messages."),
    )


@extend_schema_field(OpenApiTypes.STR)
class UnitCodeField(serializers.Field):
    """An administrative unit given and shown by its statistics-office code.

    A code names the current unit when one has it, otherwise the pre-2025 unit, so that the
    services can explain that a legacy unit was replaced rather than call it unknown.
    """

    default_error_messages = {
        "unknown": _("There is no commune with the code “%(code)s”."),
        "invalid": _("Enter the five-digit code of the commune."),
    }

    def __init__(self, *, level: str = UnitLevel.COMMUNE, **kwargs):
        self.level = level
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        code = str(data).strip()
        width = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}[self.level]
        if not code.isdigit() or not code.isascii() or len(code) > width:
            self.fail("invalid")
        code = code.zfill(width)
        unit = AdminUnit.objects.filter(level=self.level, code=code).order_by("-is_current", "id").first()
        if unit is None:
            raise serializers.ValidationError(self.error_messages["unknown"] % {"code": code}, code="unknown")
        return unit

    def to_representation(self, value):
        return value.code if isinstance(value, AdminUnit) else value
