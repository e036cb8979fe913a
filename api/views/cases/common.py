"""What the cases endpoints share: the error shapes and the access rule of case collections."""

from rest_framework.permissions import BasePermission

from cases.scoping import NO_CASE_ACCESS
from registry.scope import scope_of

from ...serializers.common import ErrorSerializer

ERRORS_WRITE = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


class CaseLevelAccess(BasePermission):
    """Case collections need person-level access; details answer 404 through the scoped queryset."""

    message = NO_CASE_ACCESS

    def has_permission(self, request, view) -> bool:
        if getattr(view, "detail", False):
            return True
        return scope_of(request.user).sees_persons
