"""Case pages: list, worklist, the association's support, open, page, edit, transitions, notes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.access import log_access
from registry.errors import DomainError, TransitionNotAllowed
from registry.models import AccessLog, Person
from registry.scope import persons_visible_to

from .. import selectors, services, workflow
from ..forms import ActionForm, CaseFilterForm, CaseForm, DeterminationCompleteForm, NoteForm
from ..models import Outcome
from ..scoping import is_writer
from .common import case_pages_scope, filtered, handle_service_error, visible_case

PAGE_SIZE = 50


@login_required
def case_list(request):
    case_pages_scope(request)
    filters = selectors.CaseFilters.from_params(request.GET)
    form = CaseFilterForm(request.GET or None, viewer=request.user)
    cases = selectors.case_list(viewer=request.user, filters=filters)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    log_access(
        user=request.user, action=AccessLog.Action.SEARCH if filters.q else AccessLog.Action.LIST, request=request,
        row_count=len(rows), detail=f"cases page={page.number} total={page.paginator.count}",
    )  # fmt: skip
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page": page, "cases": rows, "filtered": filtered(request), "can_open": is_writer(request.user)},
    )


@login_required
def worklist(request):
    case_pages_scope(request)
    work = selectors.worklist(viewer=request.user)
    return render(request, "cases/worklist.html", {"work": work, "today": timezone.localdate()})


@login_required
def association_support(request):
    case_pages_scope(request)
    filters = selectors.CaseFilters.from_params(request.GET)
    form = CaseFilterForm(request.GET or None, viewer=request.user)
    support = selectors.association_support(viewer=request.user, filters=filters)
    page = Paginator(support.cases, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/association.html",
        {
            "support": support,
            "form": form,
            "page": page,
            "cases": list(page.object_list),
            "filtered": filtered(request),
        },
    )


def _chosen_person(request) -> Person | None:
    raw = request.GET.get("person") or request.POST.get("person") or ""
    if not raw.isdigit():
        return None
    person = persons_visible_to(request.user).select_related("commune").filter(pk=int(raw)).first()
    if person is None:
        raise Http404
    return person


@login_required
def case_create(request):
    case_pages_scope(request)
    if not is_writer(request.user):
        raise Http404
    person = _chosen_person(request)
    if person is None:  # choose the person first
        q = (request.GET.get("q") or "").strip()
        found = selectors.persons_to_choose(viewer=request.user, q=q)
        return render(request, "cases/case_choose_person.html", {"q": q, "found": found})
    form = CaseForm(request.POST or None, viewer=request.user, person=person,
                    initial={"requested_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        try:
            case = services.case_open(actor=request.user, person=person, note=form.cleaned_data.get("note", ""), **data)
        except DomainError as exc:
            handle_service_error(request, exc, form)
        else:
            messages.success(request, _("Case #%(id)s opened.") % {"id": case.pk})
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "person": person, "case": None})


@login_required
def case_detail(request, pk: int):
    case = visible_case(request, pk)
    log_access(user=request.user, action=AccessLog.Action.VIEW, request=request, person=case.person,
               detail=f"case {case.pk}")  # fmt: skip
    can_work = workflow.can_work_on(request.user, case)
    can_edit = workflow.can_edit(request.user, case)
    actions = workflow.allowed_actions(case, request.user)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "timeline": selectors.case_timeline(case),
            "money_changes": selectors.case_money_changes(case),
            "approval_refusal": workflow.approval_refusal(case, request.user),
            "referrals": selectors.case_referrals(case),
            "attachments": selectors.case_attachments(case),
            "actions": actions,
            "action_form": ActionForm(initial={"version": case.version}),
            "outcomes": Outcome.choices,
            "can_edit": can_edit and case.is_open,
            "can_attach": can_work,
            "note_form": NoteForm(),
            "sees_ids": case_pages_scope(request).sees_national_id,
            "today": timezone.localdate(),
        },
    )


@login_required
def case_edit(request, pk: int):
    case = visible_case(request, pk)
    if not workflow.can_edit(request.user, case) or not case.is_open:
        raise Http404
    form = CaseForm(request.POST or None, viewer=request.user, person=case.person, case=case,
                    initial=CaseForm.initial_from(case))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(
                actor=request.user, case=case, data=form.service_data(),
                expected_version=form.cleaned_data.get("version"),
            )  # fmt: skip
        except DomainError as exc:
            handle_service_error(request, exc, form)
        else:
            messages.success(request, _("Case saved."))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/case_form.html", {"form": form, "person": case.person, "case": case})


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    case = visible_case(request, pk)
    if action not in workflow.ACTIONS:
        raise Http404
    form = ActionForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    if action == workflow.COMPLETE and case.is_determination:
        return redirect("cases:case_complete_determination", pk=case.pk)
    try:
        services.case_transition(
            actor=request.user, case=case, action=action, note=data.get("note", ""), outcome=data.get("outcome", ""),
            expected_version=data.get("version"),
        )  # fmt: skip
    except DomainError as exc:
        handle_service_error(request, exc)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": workflow.TRANSITIONS[action].label})
    return redirect("cases:case_detail", pk=case.pk)


@login_required
def case_complete_determination(request, pk: int):
    case = visible_case(request, pk)
    if not case.is_determination:
        raise Http404
    try:
        workflow.check(workflow.COMPLETE, case, request.user)
    except TransitionNotAllowed as exc:
        messages.error(request, exc.message)
        return redirect("cases:case_detail", pk=case.pk)
    except DomainError as exc:
        handle_service_error(request, exc)
    form = DeterminationCompleteForm(
        request.POST or None,
        initial={"determined_on": case.council_minutes_on, "version": case.version,
                 "disability_types": case.person.disability_types, "certificate_issued_on": timezone.localdate()},
    )  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = None
        if data["outcome"] != Outcome.NOT_ACHIEVED:
            kwargs = form.service_kwargs()
            result = services.DeterminationResult(
                determined_on=kwargs["determined_on"], disability_types=kwargs["disability_types"], form=kwargs["form"],
                level=kwargs["level"], scores=kwargs["scores"], level_override_reason=kwargs["level_override_reason"],
                council=kwargs["council"], notes=kwargs["notes"], certificate_number=data.get("certificate_number", ""),
                certificate_issued_on=data.get("certificate_issued_on"),
            )  # fmt: skip
        try:
            services.case_complete(
                actor=request.user, case=case, outcome=data["outcome"], note=data.get("note", ""),
                determination=result, expected_version=data.get("version"),
            )  # fmt: skip
        except DomainError as exc:
            handle_service_error(request, exc, form, aliases={"scores": None})
        else:
            messages.success(request, _("Determination recorded and case completed."))
            return redirect("cases:case_detail", pk=case.pk)
    return render(request, "cases/determination_complete.html", {"form": form, "case": case})


@login_required
@require_POST
def case_note(request, pk: int):
    case = visible_case(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.case_add_note(actor=request.user, case=case, note=form.cleaned_data["note"])
        except DomainError as exc:
            handle_service_error(request, exc)
        else:
            messages.success(request, _("Note added."))
    else:
        messages.error(request, _("Write the note."))
    return redirect("cases:case_detail", pk=case.pk)
