"""The policy catalogue and the rates (administrators edit rates; everyone may read them)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.errors import DomainError

from .. import services
from ..forms import CoefficientForm, StandardLevelForm
from ..models import Coefficient, Policy, StandardLevel
from ..permissions import can_edit_rates
from .common import run_service


@login_required
def policy_list(request):
    policies = Policy.objects.order_by("sort_order", "code")
    return render(request, "policies/policy_list.html", {"policies": policies})


@login_required
def rates(request):
    return render(
        request,
        "policies/rates.html",
        {
            "levels": StandardLevel.objects.order_by("province_code", "-valid_from"),
            "coefficients": Coefficient.objects.select_related("policy").order_by(
                "policy__sort_order", "group", "-valid_from"
            ),
            "can_edit": can_edit_rates(request.user),
        },
    )


def _rate_form(request, form_class, service, title):
    if not can_edit_rates(request.user):
        raise PermissionDenied
    form = form_class(request.POST or None)
    saved = (
        request.method == "POST"
        and form.is_valid()
        and run_service(form, lambda: service(actor=request.user, **form.cleaned_data))
    )
    if saved:
        messages.success(request, _("Saved."))
        return redirect("policies:rates")
    return render(request, "policies/form.html", {"form": form, "title": title, "back": "policies:rates"})


@login_required
def standard_level_new(request):
    return _rate_form(request, StandardLevelForm, services.standard_level_add, _("Add a standard level"))


@login_required
def coefficient_new(request):
    return _rate_form(request, CoefficientForm, services.coefficient_add, _("Add a coefficient"))


@login_required
@require_POST
def standard_level_confirm(request, pk):
    if not can_edit_rates(request.user):
        raise PermissionDenied
    level = get_object_or_404(StandardLevel, pk=pk)
    try:
        services.standard_level_confirm(actor=request.user, level=level)
        messages.success(request, _("The standard level is confirmed and used from its start date."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("policies:rates")
