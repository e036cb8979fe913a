"""Agencies as data: the list, and the form for the province's officers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import services
from ..forms import AgencyForm
from ..models import Agency
from .common import submitted
from .plans import _provinces


@login_required
def agency_list(request):
    provinces = _provinces(request.user)
    agencies = (
        Agency.objects.filter(province__in=provinces)
        .select_related("province", "unit", "replaced_by")
        .order_by("province__code", "kind", "name")
    )
    return render(request, "plans/agency_list.html", {"agencies": list(agencies), "can_edit": provinces.exists()})


@login_required
def agency_form(request, agency_id: int | None = None):
    provinces = _provinces(request.user)
    if not provinces.exists():
        raise Http404
    agency = get_object_or_404(Agency, pk=agency_id, province__in=provinces) if agency_id else None
    form = AgencyForm(request.POST or None, provinces=provinces, agency=agency)

    def call():
        data = dict(form.cleaned_data)
        if agency is None:
            services.agency_create(actor=request.user, data=data)
        else:
            services.agency_update(actor=request.user, agency=agency, data=data)

    if submitted(request, form, call):
        messages.success(request, _("The agency has been saved."))
        return redirect("plans:agency_list")
    return render(request, "plans/agency_form.html", {"form": form, "agency": agency})
