"""A person's entitlements (any month, with the explanation), facts, benefits and decisions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from registry.access import log_access
from registry.errors import DomainError, FieldError
from registry.models import AccessLog
from registry.scope import persons_visible_to

from .. import services
from ..engine import RateTable
from ..forms import (
    CareArrangementForm,
    ChildForm,
    EndForm,
    FacilityStayForm,
    GrantForm,
    MarriageForm,
    OtherGroundForm,
    PregnancyForm,
    ResumeForm,
    SuspendForm,
)
from ..forms import DecisionForm as AdjustForm
from ..forms import DecisionForm as StopForm
from ..models import CareArrangement, Child, FacilityStay, Marriage, OtherGround, Pregnancy
from ..months import month_key
from ..permissions import can_draft_decision, can_edit_facts
from ..presenters import person_policy_summary
from ..selectors import check_month, person_entitlements
from ..selectors.lists import person_benefits
from .common import month_from, run_service, visible_person


@login_required
def person_entitlements_page(request, pk):
    person = visible_person(request, pk)
    month, error = month_from(request)
    rates = RateTable.load()
    if error is None:
        try:
            check_month(month, rates)
        except FieldError as exc:
            error = exc.message
    result = None if error else person_entitlements(person=person, month=month, rates=rates)
    log_access(user=request.user, action=AccessLog.Action.VIEW, request=request, person=person,
               detail=f"entitlements {month_key(month)}")  # fmt: skip
    context = person_policy_summary(request, person, month=month, result=result)
    context.update(
        {"person": person, "month_error": error, "month_value": request.GET.get("month") or month_key(month)}
    )
    return render(request, "policies/person_entitlements.html", context)


FACTS = {
    "facility": (FacilityStayForm, services.facility_stay_add, gettext_lazy("Record a facility stay")),
    "pregnancy": (PregnancyForm, services.pregnancy_add, gettext_lazy("Record a pregnancy")),
    "child": (ChildForm, services.child_add, gettext_lazy("Record a child being raised")),
    "marriage": (MarriageForm, services.marriage_add, gettext_lazy("Record a spouse")),
    "care": (CareArrangementForm, services.care_arrangement_add, gettext_lazy("Record a caring household")),
    "ground": (OtherGroundForm, services.other_ground_add, gettext_lazy("Record another allowance ground")),
}


def _facts_context(person):
    return {
        "facility_stays": FacilityStay.objects.filter(person=person).order_by("-started_on"),
        "pregnancies": Pregnancy.objects.filter(person=person).order_by("-started_on"),
        "children": Child.objects.filter(parent=person).order_by("-date_of_birth"),
        "marriages": Marriage.objects.filter(Q(person_a=person) | Q(person_b=person)).order_by("-started_on"),
        "care_arrangements": CareArrangement.objects.filter(cared_person=person).order_by("-started_on"),
        "grounds": OtherGround.objects.filter(person=person).order_by("-started_on"),
    }  # fmt: skip


@login_required
def person_facts(request, pk):
    person = visible_person(request, pk)
    context = _facts_context(person)
    marriages = list(context["marriages"].select_related("person_a", "person_b"))
    context["spouses"] = [(m, m.person_b if m.person_a_id == person.pk else m.person_a) for m in marriages]
    context.update({"person": person, "can_edit": can_edit_facts(request.user, person)})
    return render(request, "policies/person_facts.html", context)


@login_required
def person_fact_new(request, pk, kind):
    person = visible_person(request, pk)
    if kind not in FACTS:
        raise Http404
    if not can_edit_facts(request.user, person):
        raise PermissionDenied
    form_class, service, title = FACTS[kind]
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if kind == "marriage":
            spouse = persons_visible_to(request.user).filter(pk=data.pop("spouse")).first()
            if spouse is None:
                form.add_error("spouse", _("No registered person with this record number in your area."))
                return render(request, "policies/form.html", _form_ctx(form, title, person))
            data["spouse"] = spouse
        if run_service(form, lambda: service(actor=request.user, person=person, **data)) is not None:
            messages.success(request, _("Saved."))
            return redirect("policies:person_facts", pk=person.pk)
    return render(request, "policies/form.html", _form_ctx(form, title, person))


def _form_ctx(form, title, person, **extra):
    return {"form": form, "title": title, "person": person, "back_url": _facts_url(person), **extra}


def _facts_url(person):
    from django.urls import reverse

    return reverse("policies:person_facts", args=[person.pk])


@login_required
def person_fact_end(request, pk, kind, fact_pk):
    person = visible_person(request, pk)
    if kind not in FACTS:
        raise Http404
    if not can_edit_facts(request.user, person):
        raise PermissionDenied
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call = lambda: services.fact_end(  # noqa: E731
            actor=request.user, person=person, kind=kind, pk=fact_pk, ended_on=form.cleaned_data["ended_on"]
        )
        try:
            if run_service(form, call) is not None:
                messages.success(request, _("Saved."))
                return redirect("policies:person_facts", pk=person.pk)
        except (FacilityStay.DoesNotExist, Pregnancy.DoesNotExist, Child.DoesNotExist, Marriage.DoesNotExist,
                CareArrangement.DoesNotExist, OtherGround.DoesNotExist):  # fmt: skip
            raise Http404
    return render(request, "policies/form.html", _form_ctx(form, _("End the period"), person))


@login_required
@require_POST
def person_fact_remove(request, pk, kind, fact_pk):
    person = visible_person(request, pk)
    if kind not in FACTS:
        raise Http404
    if not can_edit_facts(request.user, person):
        raise PermissionDenied
    try:
        services.fact_remove(actor=request.user, person=person, kind=kind, pk=fact_pk)
    except DomainError as exc:
        messages.error(request, exc.message)
    except Exception as exc:  # a fact of another person: as if it did not exist
        if exc.__class__.__name__ == "DoesNotExist":
            raise Http404
        raise
    else:
        messages.success(request, _("Removed."))
    return redirect("policies:person_facts", pk=person.pk)


DECISIONS = {
    "grant": (GrantForm, gettext_lazy("Grant a support")),
    "adjust": (AdjustForm, gettext_lazy("Adjust")),
    "suspend": (SuspendForm, gettext_lazy("Suspend")),
    "resume": (ResumeForm, gettext_lazy("Resume")),
    "stop": (StopForm, gettext_lazy("Stop")),
}


@login_required
def person_decision_new(request, pk, kind):
    """Draft a decision (commune officer or leader); another person signs it on the draft's page."""
    person = visible_person(request, pk)
    if kind not in DECISIONS:
        raise Http404
    if not can_draft_decision(request.user, person.commune_id):
        raise PermissionDenied
    form_class, title = DECISIONS[kind]
    benefit = None
    if kind != "grant":
        benefit = next((b for b in person_benefits(viewer=request.user, person=person)
                        if str(b.pk) == (request.GET.get("benefit") or request.POST.get("benefit"))), None)  # fmt: skip
        if benefit is None:
            raise Http404
    initial = {}
    if kind == "grant":
        certificate = person.certificates.order_by("issued_on").first()
        if certificate:
            initial["effective_month"] = month_key(certificate.issued_on)
        if request.GET.get("policy"):
            initial["policy"] = request.GET["policy"]
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = {"person": person} if kind == "grant" else {"benefit": benefit}
        call = lambda: services.decision_draft(actor=request.user, kind=kind, **target, **data)  # noqa: E731
        try:
            draft = run_service(form, call)
            if draft is not None:
                messages.success(request, _("The draft decision is saved. Nothing is paid until another person, the "
                                            "commune leader, signs it."))  # fmt: skip
                return redirect("policies:decision_draft", pk=draft.pk)
        except DomainError as exc:
            form.add_error(None, exc.message)
    from django.urls import reverse

    return render(request, "policies/form.html", {
        "form": form, "title": _("Draft: %(decision)s") % {"decision": title}, "person": person, "benefit": benefit,
        "back_url": reverse("policies:person_entitlements", args=[person.pk]),
        "intro": _("You draft the decision; the commune leader signs it. Nothing is paid and no support changes "
                   "before the signature, and the person who drafts a decision does not sign it."),
        "submit_label": _("Save the draft"),
    })  # fmt: skip
