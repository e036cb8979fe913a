"""FilterSets shared by the list pages and the API (the same question answered the same way)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from registry.errors import FieldError

from .models import DecisionKind, Domain, DraftStatus, PayrollStatus, PolicyKind
from .months import parse_month


class MonthFilter(django_filters.CharFilter):
    """YYYY-MM on a first-of-month date field; a bad value filters nothing out but is reported."""

    def filter(self, qs, value):
        if not value:
            return qs
        try:
            month = parse_month(value)
        except FieldError:
            return qs.none()
        return qs.filter(**{self.field_name: month})


class PolicyFilter(django_filters.FilterSet):
    domain = django_filters.ChoiceFilter(choices=Domain.choices)
    kind = django_filters.ChoiceFilter(choices=PolicyKind.choices)
    is_active = django_filters.BooleanFilter()


class DecisionFilter(django_filters.FilterSet):
    commune = django_filters.CharFilter(field_name="commune__code", help_text=_("Commune code."))
    person = django_filters.NumberFilter(field_name="person_id")
    policy = django_filters.CharFilter(field_name="benefit__policy__code", help_text=_("Policy code."))
    kind = django_filters.ChoiceFilter(choices=DecisionKind.choices)
    month = MonthFilter(field_name="effective_month", help_text=_("Effective month, YYYY-MM."))


class DecisionDraftFilter(django_filters.FilterSet):
    commune = django_filters.CharFilter(field_name="commune__code", help_text=_("Commune code."))
    person = django_filters.NumberFilter(field_name="person_id")
    policy = django_filters.CharFilter(field_name="policy__code", help_text=_("Policy code."))
    kind = django_filters.ChoiceFilter(choices=DecisionKind.choices)
    status = django_filters.ChoiceFilter(choices=DraftStatus.choices)


class PayrollFilter(django_filters.FilterSet):
    commune = django_filters.CharFilter(field_name="commune__code", help_text=_("Commune code."))
    month = MonthFilter(field_name="month", help_text=_("Month, YYYY-MM."))
    status = django_filters.ChoiceFilter(choices=PayrollStatus.choices)
