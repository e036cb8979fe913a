"""Filters of the registry endpoints.

The person filter only validates and documents the query parameters; the filtering itself is
the UI's (`registry.selectors.PersonFilters` + `apply_person_filters`), so the list page, the
API and the exports answer the same question the same way.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from registry.models import AdminUnit, UnitLevel
from registry.models.persons import AgeGroup, DisabilityLevel, DisabilityType, PersonStatus, Sex
from registry.scope import scope_of
from registry.selectors import PersonFilters, apply_person_filters, unit_search


class AdminUnitFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=UnitLevel.choices, help_text=_("province, district or commune"))
    parent = django_filters.CharFilter(field_name="parent__code", help_text=_("Code of the parent unit."))
    code = django_filters.CharFilter(field_name="code", help_text=_("Statistics-office code."))
    province = django_filters.CharFilter(field_name="province_code", help_text=_("Two-digit province code."))
    q = django_filters.CharFilter(
        method="filter_q", help_text=_("Name with or without diacritics and type prefix, or the start of a code.")
    )
    current = django_filters.BooleanFilter(
        field_name="is_current", help_text=_("true: the structure since 1 July 2025; false: the pre-2025 structure.")
    )

    class Meta:
        model = AdminUnit
        fields = ["level", "parent", "code", "province", "q", "current"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(unit_search(value)) if value else queryset


class PersonFilter(django_filters.FilterSet):
    """The person list's filters, the same as the list page's."""

    q = django_filters.CharFilter(
        help_text=_(
            "The words of the name (accents and case ignored, any order, the last word may be unfinished) "
            "or the start of an ID number."
        )
    )
    commune = django_filters.CharFilter(help_text=_("Five-digit code of the commune of residence."))
    disability_type = django_filters.ChoiceFilter(choices=DisabilityType.choices)
    level = django_filters.ChoiceFilter(choices=DisabilityLevel.choices)
    sex = django_filters.ChoiceFilter(choices=Sex.choices)
    age_group = django_filters.ChoiceFilter(choices=AgeGroup.choices)
    status = django_filters.ChoiceFilter(
        choices=PersonStatus.choices, help_text=_("As seen by the viewer: moved_out for persons who left the area.")
    )
    association_member = django_filters.BooleanFilter()

    def filter_queryset(self, queryset):
        params = {name: value for name, value in self.form.cleaned_data.items() if value not in (None, "")}
        q = str(params.get("q", "")).strip()
        if q.isdigit() and not self._viewer_sees_ids():
            # Digits search ID numbers; a role that may not see them may not probe them either.
            return queryset.none()
        return apply_person_filters(queryset, PersonFilters.from_params(params))

    def _viewer_sees_ids(self) -> bool:
        user = getattr(self.request, "user", None)
        return bool(user is not None and user.is_authenticated and scope_of(user).sees_national_id)
