"""Registering and editing a person: the form parses, the service decides and writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import FieldDoesNotExist
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import presenters
from ..errors import InvalidInput, NotPermitted, PossibleDuplicate, StaleVersion, TooManyChecks
from ..forms import PersonForm, add_service_errors
from ..models import Person
from ..services import person_register, person_update
from .common import editable_person, editor_scope

# Service error keys that belong to another field of the form.
ALIASES = {"birth_date_approximate": "date_of_birth", "confirm_duplicate": "confirm_duplicate"}


def _stale_fields(exc: StaleVersion) -> list[str]:
    """What someone else changed meanwhile: "label: old → new" per field."""
    lines = []
    for name, change in exc.changes.items():
        try:
            model_field = Person._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        old = presenters.display_value(model_field, change.get("old"))
        new = presenters.display_value(model_field, change.get("new"))
        lines.append(f"{model_field.verbose_name}: {old} → {new}")
    return lines


def _render(request, form, *, person=None, candidates=None, stale_fields=None, status=200):
    return render(
        request,
        "registry/person_form.html",
        {"form": form, "person": person, "candidates": candidates or [], "stale_fields": stale_fields},
        status=status,
    )


@login_required
def person_create(request):
    editor_scope(request)
    if request.method != "POST":
        return _render(request, PersonForm(viewer=request.user))
    form = PersonForm(request.POST, viewer=request.user)
    candidates, status = None, 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            person = person_register(
                actor=request.user,
                data=form.service_data(),
                disability_types=list(data.get("disability_types") or []),
                level=data.get("level") or "",
                determined_on=data.get("determined_on"),
                confirm_duplicate=bool(data.get("confirm_duplicate")),
            )
        except PossibleDuplicate as exc:
            candidates = exc.candidates
            form.add_error("confirm_duplicate", exc.message)
        except InvalidInput as exc:
            add_service_errors(form, exc.errors, ALIASES)
            status = 429 if isinstance(exc, TooManyChecks) else 200
        except NotPermitted as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("%(name)s has been registered.") % {"name": person.full_name})
            return redirect("registry:person_detail", pk=person.pk)
    return _render(request, form, candidates=candidates, status=status)


@login_required
def person_edit(request, pk: int):
    person = editable_person(request, pk)
    if request.method != "POST":
        return _render(request, PersonForm(viewer=request.user, person=person), person=person)
    form = PersonForm(request.POST, viewer=request.user, person=person)
    candidates = stale_fields = None
    status = 200
    if form.is_valid():
        data = form.cleaned_data
        try:
            person_update(
                actor=request.user,
                person=person,
                data=form.service_data(),
                confirm_duplicate=bool(data.get("confirm_duplicate")),
                expected_version=data.get("version"),
            )
        except StaleVersion as exc:
            stale_fields = _stale_fields(exc)
            form.add_error(None, exc.message)
        except PossibleDuplicate as exc:
            candidates = exc.candidates
            form.add_error("confirm_duplicate", exc.message)
        except InvalidInput as exc:
            add_service_errors(form, exc.errors, ALIASES)
            status = 429 if isinstance(exc, TooManyChecks) else 200
        except NotPermitted as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes have been saved."))
            return redirect("registry:person_detail", pk=person.pk)
    return _render(request, form, person=person, candidates=candidates, stale_fields=stale_fields, status=status)
