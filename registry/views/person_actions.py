"""Actions on a person: move, mark deceased, record a determination, issue a certificate.

Only roles that edit persons, and only for current residents of their communes (404 otherwise).
The form parses the input; the service decides and writes; its refusals go back onto the form.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..errors import InvalidInput, NotPermitted
from ..forms import CertificateForm, DeceasedForm, DeterminationRecordForm, MoveForm, add_service_errors
from ..models.persons import ACTIVITIES, PersonStatus
from .common import editable_person


def _living_editable_person(request, pk: int):
    person = editable_person(request, pk)
    if person.status == PersonStatus.DECEASED:
        raise Http404
    return person


def _submitted(request, form, call: Callable[[], object]) -> bool:
    """True when the form was posted, is valid and the service accepted it; else the service's
    messages are on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call()
    except InvalidInput as exc:
        add_service_errors(form, exc.errors)
        return False
    except NotPermitted as exc:
        form.add_error(None, exc.message)
        return False
    return True


def _action_page(request, person, form, *, title, submit, intro="", danger=False):
    return render(
        request,
        "registry/person_action.html",
        {"person": person, "form": form, "title": title, "intro": intro, "submit": submit, "danger": danger},
    )


@login_required
def person_move(request, pk: int):
    person = _living_editable_person(request, pk)
    form = MoveForm(request.POST or None, viewer=request.user, person=person)

    def call():
        data = form.cleaned_data
        services.person_move(
            actor=request.user, person=person, commune=data["commune"], moved_on=data["date"], village=data["village"]
        )

    if _submitted(request, form, call):
        commune = form.cleaned_data["commune"]
        messages.success(
            request, _("%(name)s now lives in %(commune)s.") % {"name": person.full_name, "commune": commune.name}
        )
        return redirect("registry:person_detail", pk=person.pk)
    return _action_page(
        request,
        person,
        form,
        title=_("Move to another commune"),
        intro=_(
            "The history stays with the person; the new commune takes over and this commune "
            "sees the person as moved out."
        ),
        submit=_("Record the move"),
    )


@login_required
def person_deceased(request, pk: int):
    person = _living_editable_person(request, pk)
    form = DeceasedForm(request.POST or None)

    def call():
        services.person_mark_deceased(actor=request.user, person=person, died_on=form.cleaned_data["date"])

    if _submitted(request, form, call):
        messages.success(request, _("%(name)s is recorded as deceased.") % {"name": person.full_name})
        return redirect("registry:person_detail", pk=person.pk)
    return _action_page(request, person, form, title=_("Record a death"), submit=_("Record the death"), danger=True)


@login_required
def determination_new(request, pk: int):
    person = _living_editable_person(request, pk)
    form = DeterminationRecordForm(request.POST or None)

    def call():
        services.determination_record(actor=request.user, person=person, **form.service_kwargs())

    if _submitted(request, form, call):
        messages.success(request, _("The determination has been recorded."))
        return redirect("registry:person_detail", pk=person.pk)
    return render(
        request, "registry/determination_form.html", {"person": person, "form": form, "activities": ACTIVITIES}
    )


@login_required
def certificate_new(request, pk: int):
    person = _living_editable_person(request, pk)
    form = CertificateForm(request.POST or None, viewer=request.user, person=person)

    def call():
        services.certificate_issue(actor=request.user, person=person, **form.cleaned_data)

    if _submitted(request, form, call):
        messages.success(
            request, _("Certificate %(number)s has been issued.") % {"number": form.cleaned_data["number"]}
        )
        return redirect("registry:person_detail", pk=person.pk)
    return _action_page(
        request, person, form, title=_("Issue a disability certificate"), submit=_("Issue the certificate")
    )
