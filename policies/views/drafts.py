"""Draft decisions: the page where another person than the drafter signs or returns a draft."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.access import log_access
from registry.errors import DomainError
from registry.maker_checker import second_person_refusal, single_person_commune
from registry.models import AccessLog

from .. import services
from ..forms import ReturnDraftForm
from ..permissions import can_decide, can_draft_decision, sees_policy_rows
from ..selectors.lists import decision_draft_list


def _draft(request, pk):
    if not sees_policy_rows(request.user):
        raise PermissionDenied
    draft = decision_draft_list(viewer=request.user).filter(pk=pk).first()
    if draft is None:
        raise Http404
    return draft


@login_required
def decision_draft(request, pk):
    draft = _draft(request, pk)
    log_access(user=request.user, action=AccessLog.Action.VIEW, request=request, person=draft.person,
               detail=f"decision draft {draft.pk}")  # fmt: skip
    signer = can_decide(request.user, draft.commune_id)
    refusal = None
    if draft.is_open and signer:
        refusal = second_person_refusal(actor=request.user, makers=draft.drafted_by_id, pair="decision",
                                        commune_id=draft.commune_id)  # fmt: skip
    is_drafter = request.user.pk == draft.drafted_by_id and can_draft_decision(request.user, draft.commune_id)
    return render(request, "policies/decision_draft.html", {
        "draft": draft, "can_sign": draft.is_open and signer and refusal is None, "sign_refusal": refusal,
        "can_return": draft.is_open and (signer or is_drafter), "is_drafter": is_drafter,
        "single_person": draft.is_open and single_person_commune(draft.commune_id) is not None,
        "return_form": ReturnDraftForm(),
    })  # fmt: skip


@login_required
@require_POST
def decision_draft_sign(request, pk):
    draft = _draft(request, pk)
    try:
        services.decision_sign(actor=request.user, draft=draft)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("policies:decision_draft", pk=draft.pk)
    messages.success(request, _("The decision is signed and in force."))
    return redirect("policies:person_entitlements", pk=draft.person_id)


@login_required
@require_POST
def decision_draft_return(request, pk):
    draft = _draft(request, pk)
    form = ReturnDraftForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for returning the draft."))
        return redirect("policies:decision_draft", pk=draft.pk)
    try:
        services.decision_return(actor=request.user, draft=draft, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The draft is returned; it will not take effect."))
    return redirect("policies:decision_draft", pk=draft.pk)
