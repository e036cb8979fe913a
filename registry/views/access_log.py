"""The access log: who viewed or listed identifiable data. Read-only, for provincial officers."""

from datetime import datetime, time, timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from ..forms import AccessLogFilterForm
from ..scope import access_log_visible_to, scope_of

PAGE_SIZE = 50


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@login_required
def access_log(request):
    if not scope_of(request.user).reads_access_log:
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None)
    entries = access_log_visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(user__username__icontains=data["user"].strip())
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["date_from"]:
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_start_of(data["date_to"] + timedelta(days=1)))
    page = Paginator(entries.order_by("-at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "registry/access_log.html", {"form": form, "page": page, "entries": list(page.object_list)})
