"""Events (activities and gift days) with participant picking."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from registry.errors import DomainError
from registry.scope import persons_visible_to, scope_of

from .. import selectors, services
from ..forms import EventFilterForm, EventForm, ParticipantSearchForm
from ..models import Event
from ..scoping import event_editable_by, is_writer
from .common import filtered, handle_service_error

PAGE_SIZE = 50


@login_required
def event_list(request):
    filters = selectors.EventFilters.from_params(request.GET)
    events = selectors.event_list(viewer=request.user, filters=filters)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "cases/event_list.html",
        {"form": EventFilterForm(request.GET or None), "page": page, "events": list(page.object_list),
         "filtered": filtered(request), "can_add": is_writer(request.user)},
    )  # fmt: skip


def _event(request, pk: int) -> Event:
    try:
        return selectors.event_detail(viewer=request.user, pk=pk)
    except Event.DoesNotExist:
        raise Http404


@login_required
def event_detail(request, pk: int):
    event = _event(request, pk)
    search = ParticipantSearchForm(request.GET or None)
    q = (request.GET.get("q") or "").strip()
    can_pick = is_writer(request.user) and scope_of(request.user).sees_persons
    candidates = selectors.participant_candidates(viewer=request.user, event=event, q=q) if can_pick and q else []
    participants = (
        list(selectors.event_participants(viewer=request.user, event=event))
        if scope_of(request.user).sees_persons
        else []
    )
    return render(
        request, "cases/event_detail.html",
        {"event": event, "participants": participants, "hidden_participants": event.registered - len(participants),
         "search": search, "q": q, "candidates": candidates, "can_pick": can_pick,
         "can_edit": event_editable_by(request.user, event)},
    )  # fmt: skip


@login_required
def event_create(request):
    if not is_writer(request.user):
        raise Http404
    form = EventForm(request.POST or None, viewer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(actor=request.user, data=form.cleaned_data)
        except DomainError as exc:
            handle_service_error(request, exc, form)
        else:
            messages.success(request, _("Event saved. Now register the participants."))
            return redirect("cases:event_detail", pk=event.pk)
    return render(request, "cases/event_form.html", {"form": form, "event": None})


@login_required
def event_edit(request, pk: int):
    event = _event(request, pk)
    if not event_editable_by(request.user, event):
        raise Http404
    form = EventForm(request.POST or None, viewer=request.user, initial=EventForm.initial_from(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, data=form.cleaned_data)
        except DomainError as exc:
            handle_service_error(request, exc, form)
        else:
            messages.success(request, _("Event saved."))
            return redirect("cases:event_detail", pk=event.pk)
    return render(request, "cases/event_form.html", {"form": form, "event": event})


@login_required
@require_POST
def event_participants(request, pk: int):
    """Add (`add`) or remove (`remove`) the persons ticked on the event page."""
    event = _event(request, pk)
    if not is_writer(request.user):
        raise Http404
    ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()]
    persons = list(persons_visible_to(request.user).filter(pk__in=ids))
    if not persons:
        messages.error(request, _("Tick at least one person."))
        return redirect("cases:event_detail", pk=event.pk)
    try:
        if request.POST.get("do") == "remove":
            count = services.event_participants_remove(actor=request.user, event=event, persons=persons)
            messages.success(request, _("%(count)d participants removed.") % {"count": count})
        else:
            count = services.event_participants_add(actor=request.user, event=event, persons=persons)
            messages.success(request, _("%(count)d participants registered.") % {"count": count})
    except DomainError as exc:
        handle_service_error(request, exc)
    return redirect("cases:event_detail", pk=event.pk)
