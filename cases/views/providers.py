"""The provider directory and referrals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.errors import DomainError

from .. import selectors, services, workflow
from ..forms import ProviderForm, ReferralActionForm, ReferralFilterForm, ReferralForm
from ..models import Domain, Provider, ProviderKind, Referral
from ..scoping import is_writer, provider_editable_by, referrals_visible_to
from .common import case_pages_scope, filtered, handle_service_error, visible_case

PAGE_SIZE = 50


@login_required
def provider_list(request):
    q = (request.GET.get("q") or "").strip()
    domain = request.GET.get("domain") or ""
    kind = request.GET.get("kind") or ""
    providers = selectors.provider_list(viewer=request.user, q=q, domain=domain, kind=kind)
    page = Paginator(providers, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/provider_list.html",
        {
            "page": page, "providers": list(page.object_list), "q": q, "domain": domain, "kind": kind,
            "domains": Domain.choices, "kinds": ProviderKind.choices, "filtered": filtered(request),
            "can_add": is_writer(request.user),
        },
    )  # fmt: skip


def _provider(request, pk: int) -> Provider:
    try:
        return selectors.provider_detail(viewer=request.user, pk=pk)
    except Provider.DoesNotExist:
        raise Http404


@login_required
def provider_detail(request, pk: int):
    provider = _provider(request, pk)
    referrals = []
    if case_scope_ok(request):
        referrals = list(selectors.referral_list(viewer=request.user, provider=str(provider.pk))[:100])
    return render(
        request,
        "cases/provider_detail.html",
        {"provider": provider, "referrals": referrals, "can_edit": provider_editable_by(request.user, provider)},
    )


def case_scope_ok(request) -> bool:
    from registry.scope import scope_of

    return scope_of(request.user).sees_persons


@login_required
def provider_create(request):
    if not is_writer(request.user):
        raise Http404
    form = ProviderForm(request.POST or None, viewer=request.user, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data, domains = form.service_args()
        try:
            provider = services.provider_create(actor=request.user, data=data, domains=domains)
        except DomainError as exc:
            handle_service_error(request, exc, form)
        else:
            messages.success(request, _("Provider saved."))
            return redirect("cases:provider_detail", pk=provider.pk)
    return render(request, "cases/provider_form.html", {"form": form, "provider": None})


@login_required
def provider_edit(request, pk: int):
    provider = _provider(request, pk)
    if not provider_editable_by(request.user, provider):
        raise Http404
    form = ProviderForm(request.POST or None, viewer=request.user, initial=ProviderForm.initial_from(provider))
    if request.method == "POST" and form.is_valid():
        data, domains = form.service_args()
        try:
            services.provider_update(actor=request.user, provider=provider, data=data, domains=domains)
        except DomainError as exc:
            handle_service_error(request, exc, form)
        else:
            messages.success(request, _("Provider saved."))
            return redirect("cases:provider_detail", pk=provider.pk)
    return render(request, "cases/provider_form.html", {"form": form, "provider": provider})


@login_required
def referral_list(request):
    case_pages_scope(request)
    form = ReferralFilterForm(request.GET or None)
    referrals = selectors.referral_list(viewer=request.user, status=request.GET.get("status") or "")
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "cases/referral_list.html",
        {"form": form, "page": page, "referrals": list(page.object_list), "filtered": filtered(request)},
    )  # fmt: skip


@login_required
def referral_create(request, pk: int):
    case = visible_case(request, pk)
    if not workflow.can_edit(request.user, case) or not case.is_open:
        raise Http404
    form = ReferralForm(request.POST or None, viewer=request.user, domain=case.domain,
                        initial={"sent_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(actor=request.user, case=case, **form.cleaned_data)
        except DomainError as exc:
            handle_service_error(request, exc, form)
        else:
            messages.success(request, _("Referral recorded."))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/referral_form.html", {"form": form, "case": case})


@login_required
@require_POST
def referral_action(request, pk: int, action: str):
    case_pages_scope(request)
    referral = referrals_visible_to(request.user).select_related("case").filter(pk=pk).first()
    if referral is None or action not in services.providers.REFERRAL_TRANSITIONS:
        raise Http404
    form = ReferralActionForm(request.POST)
    form.is_valid()
    try:
        services.referral_record(
            actor=request.user, referral=referral, action=action, on=form.cleaned_data.get("on"),
            outcome=form.cleaned_data.get("outcome", ""),
        )  # fmt: skip
    except DomainError as exc:
        handle_service_error(request, exc)
    else:
        messages.success(request, _("Referral updated."))
    return redirect("cases:case_detail", pk=referral.case_id)


__all__ = ["Referral"]
