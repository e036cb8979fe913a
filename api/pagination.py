from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class SelectorPagination(PageNumberPagination):
    """Page numbers with the Django paginator an app's selector builds for the list (the person
    list reads a name search's pages by ids first: `registry.selectors.person_paginator`)."""

    def paginate_with(self, make_paginator, queryset, request, view=None):
        """`make_paginator(queryset, page_size)` stands in for `django_paginator_class`."""
        self.django_paginator_class = make_paginator
        return self.paginate_queryset(queryset, request, view)


class CursorPagination(pagination.CursorPagination):
    """For long lists that grow while being read (logs, events): stable pages, no COUNT(*).

    Views using it set `ordering` to a unique, indexed column list (default newest first by id).
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
