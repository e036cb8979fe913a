"""One JSON error shape for the whole API:

    {"detail": "message", "code": "invalid", "errors": {"field": ["message", ...]}}

`errors` is present for input errors; domain errors from services map to 400/404/403/409, and
too many ID numbers checked within the hour (`TooManyChecks`) to 429.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from registry.errors import (
    DomainError,
    InvalidInput,
    NotPermitted,
    PossibleDuplicate,
    StaleVersion,
    TooManyChecks,
    TransitionNotAllowed,
    validation_error_dict,
)


def _flatten(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
                # A list field's items (DRF keys them by index): report them under the list.
                out[str(key)] = [str(m) for messages in value.values() for m in _flatten_messages(messages)]
            elif isinstance(value, dict):
                for sub, messages in _flatten(value).items():
                    out[f"{key}.{sub}"] = messages
            elif isinstance(value, list):
                flat = []
                for item in value:
                    if isinstance(item, dict):
                        for sub, messages in _flatten(item).items():
                            out[f"{key}.{sub}"] = messages
                    else:
                        flat.append(str(item))
                if flat:
                    out[key] = flat
            else:
                out[key] = [str(value)]
        return out
    if isinstance(detail, list):
        return {"non_field_errors": [str(item) for item in detail]}
    return {"non_field_errors": [str(detail)]}


def _flatten_messages(value) -> list[str]:
    if isinstance(value, list | tuple):
        return [m for item in value for m in _flatten_messages(item)]
    if isinstance(value, dict):
        return [m for item in value.values() for m in _flatten_messages(item)]
    return [str(value)]


def error_response(detail: str, code: str, http_status: int, errors: dict | None = None, **extra) -> Response:
    body = {"detail": detail, "code": code}
    if errors is not None:
        body["errors"] = errors
    body.update(extra)
    return Response(body, status=http_status)


def exception_handler(exc, context):
    if isinstance(exc, PossibleDuplicate):
        return error_response(
            exc.message,
            exc.code,
            status.HTTP_400_BAD_REQUEST,
            errors={"confirm_duplicate": [exc.message]},
            candidates=[
                {"id": p.pk, "full_name": p.full_name, "birth_year": p.date_of_birth.year} for p in exc.candidates
            ],
        )
    if isinstance(exc, TooManyChecks):
        return error_response(exc.message, exc.code, status.HTTP_429_TOO_MANY_REQUESTS, errors=exc.errors)
    if isinstance(exc, InvalidInput):
        return error_response(exc.message, exc.code, status.HTTP_400_BAD_REQUEST, errors=exc.errors)
    if isinstance(exc, StaleVersion):
        return error_response(exc.message, exc.code, status.HTTP_409_CONFLICT, changes=exc.changes)
    if isinstance(exc, NotPermitted):
        return error_response(exc.message, exc.code, status.HTTP_403_FORBIDDEN)
    if isinstance(exc, TransitionNotAllowed):
        return error_response(exc.message, exc.code, status.HTTP_409_CONFLICT)
    if isinstance(exc, DomainError):
        return error_response(exc.message, exc.code, status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, DjangoValidationError):
        errors = validation_error_dict(exc)
        return error_response(_("Invalid input."), "invalid", status.HTTP_400_BAD_REQUEST, errors=errors)
    if isinstance(exc, exceptions.ParseError):
        return error_response(
            _("The request body could not be read: send valid JSON."), "parse_error", status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, OverflowError | DataError):
        # e.g. an id or amount larger than the database can hold: bad input, not a server error
        return error_response(_("A number is out of range."), "invalid", status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, ObjectDoesNotExist):
        exc = Http404()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        first = next(iter(errors.values()), [_("Invalid input.")])[0]
        response.data = {"detail": first, "code": "invalid", "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else str(response.data)
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"detail": str(detail), "code": code}
    return response
