"""A FilterSet that validates and documents the query parameters of a hot list, with its form
built once per class.

django-filter deep-copies every filter, builds a new form class and deep-copies its fields on each
request; for the big lists (persons, cases: P-1 in `manage.py benchmark`) that costs as much as the
page's query.
Subclasses use the FilterSet for what it is good at here — the OpenAPI parameters and a 400 with
the form's messages on a bad value — and filter in `filter_queryset` from the cleaned data through
the app's selectors (the list pages, the API and the exports answer the same question the same
way). The shared filters are never applied, so they carry no per-request state.
"""

import copy

import django_filters
from django.http import QueryDict


class PreparedFilterSet(django_filters.FilterSet):
    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = self._prepare(queryset.model)

    @classmethod
    def _prepare(cls, model) -> dict:
        prepared = cls.__dict__.get("_prepared")
        if prepared is None:
            filters = copy.deepcopy(cls.base_filters)
            for filter_ in filters.values():
                filter_.model = model
            fields = {name: filter_.field for name, filter_ in filters.items()}
            form_class = type(f"{cls.__name__}Form", (_SharedFields, cls._meta.form), {"shared_fields": fields})
            prepared = cls._prepared = (filters, form_class)
        return prepared[0]

    def get_form_class(self):
        return type(self)._prepared[1]


class _SharedFields:
    """A form whose instances share their fields instead of deep-copying them: these forms only
    validate query parameters (and render them in the browsable API); nothing changes a field."""

    shared_fields: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)  # no declared fields: nothing is copied
        self.fields = self.shared_fields
