"""The person list and the person page."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from .. import presenters, selectors
from ..access import log_access
from ..forms import PersonFilterForm
from ..models import AccessLog, Person
from ..models.persons import AgeGroup, PersonStatus
from ..scope import persons_editable_by
from .common import person_pages_scope

PAGE_SIZE = 50


@login_required
def person_list(request):
    scope = person_pages_scope(request)
    filters = selectors.PersonFilters.from_params(request.GET)
    form = PersonFilterForm(request.GET or None, viewer=request.user)
    persons = selectors.person_list(viewer=request.user, filters=filters)
    id_search_refused = selectors.looks_like_id(filters.q) and not scope.sees_national_id
    if id_search_refused:  # roles that never see ID numbers cannot find people by them either
        persons = persons.none()
    paginator = Paginator(selectors.person_pages(persons, filters, shape=selectors.list_page_columns), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    log_access(
        user=request.user,
        action=AccessLog.Action.SEARCH if filters.q else AccessLog.Action.LIST,
        request=request,
        row_count=len(rows),
        detail=f"page={page.number} total={paginator.count}",
    )
    return render(
        request,
        "registry/person_list.html",
        {
            "form": form,
            "page": page,
            "persons": rows,
            "filtered": any(v not in ("", None) for k, v in request.GET.items() if k != "page"),
            "id_search_refused": id_search_refused,
            "can_register": scope.edits_persons,
        },
    )


@login_required
def person_detail(request, pk: int):
    scope = person_pages_scope(request)
    try:
        person = selectors.person_detail(viewer=request.user, pk=pk)
    except Person.DoesNotExist:
        raise Http404
    log_access(user=request.user, action=AccessLog.Action.VIEW, request=request, person=person)
    determinations = list(person.determinations.select_related("created_by"))
    certificates = list(person.certificates.select_related("issuing_commune"))
    residences = list(person.residences.select_related("commune").order_by("started_on", "id"))
    can_edit = scope.edits_persons and persons_editable_by(request.user).filter(pk=person.pk).exists()
    alive = person.viewer_status != PersonStatus.DECEASED
    age_day = person.died_on if person.status == PersonStatus.DECEASED and person.died_on else timezone.localdate()
    return render(
        request,
        "registry/person_detail.html",
        {
            "person": person,
            "sees_ids": scope.sees_national_id,
            "age": person.age_on(age_day),
            "age_group": AgeGroup(person.age_group_on(age_day)).label,
            "determinations": [(d, presenters.score_rows(d)) for d in determinations],
            "certificates": certificates,
            "residences": residences,
            "wg_rows": presenters.wg_rows(person),
            "caregiver_link": presenters.caregiver_visible(request.user, person),
            "history": presenters.person_history(person, viewer=request.user),
            "panels": presenters.person_panels(request, person),
            "can_edit": can_edit,
            "can_act": can_edit and alive,
            "can_certify": can_edit and alive and any(d.is_valid for d in determinations),
        },
    )
