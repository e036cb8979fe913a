"""The application error hierarchy. Services raise these; forms and the API render them.

Messages are already translated (Vietnamese by default) when raised.
"""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A business rule refused the operation."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InvalidInput(DomainError):
    """One or more fields are wrong: `errors` maps field name → list of messages."""

    code = "invalid"

    def __init__(self, errors: dict[str, list[str]], *, code: str | None = None):
        first = next(iter(errors.values()), [""])
        super().__init__(first[0] if first else "", code=code)
        self.errors = errors

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> "InvalidInput":
        return cls(validation_error_dict(exc))


class FieldError(InvalidInput):
    """Exactly one field is wrong."""

    def __init__(self, field: str, message: str, *, code: str | None = None):
        super().__init__({field: [message]}, code=code)
        self.field = field


class TooManyChecks(FieldError):
    """The user was told of too many ID numbers registered elsewhere within the hour (`registry.disclosure`):
    no ID number is checked for them until the next hour. The API answers 429."""

    code = "too_many_id_checks"


class PossibleDuplicate(DomainError):
    """A similar person exists; the user must confirm to go on."""

    code = "possible_duplicate"

    def __init__(self, message: str, *, candidates):
        super().__init__(message)
        self.candidates = list(candidates)


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"


class NotPermitted(DomainError):
    code = "permission_denied"


class StaleVersion(DomainError):
    """The record changed since the editor loaded it."""

    code = "conflict"

    def __init__(self, message: str, *, changes: dict | None = None):
        super().__init__(message)
        self.changes = changes or {}


def validation_error_dict(exc: ValidationError) -> dict[str, list[str]]:
    """A Django ValidationError as {field: [messages]} ('non_field_errors' for the rest)."""
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if key == "__all__" else key): [m for e in errors for m in e.messages]
            for key, errors in exc.error_dict.items()
        }
    return {"non_field_errors": list(exc.messages)}
